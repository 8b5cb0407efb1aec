"""What every headless command shares: profile resolution, engine opening, errors and exit codes."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from camtui.api import errors
from camtui.api.connection import AuthKind
from camtui.api.factory import connect
from camtui.api.models.info import EngineKind
from camtui.api.protocol import Engine

# re-exported: the commands import them from here
from camtui.commands.exits import ENGINE_ERROR as ENGINE_ERROR
from camtui.commands.exits import OK as OK
from camtui.commands.exits import READ_ONLY as READ_ONLY
from camtui.commands.exits import USAGE_ERROR as USAGE_ERROR
from camtui.commands.exits import CommandError as CommandError
from camtui.commands.exits import fail as fail
from camtui.config.profiles import Profile, ca_bundle_problem
from camtui.config.secrets import SecretError, resolve_secret
from camtui.config.settings import ConfigError, Settings, load_settings

T = TypeVar("T")


def settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        raise CommandError(str(exc), USAGE_ERROR) from None


def selected_profile(args: argparse.Namespace) -> Profile:
    try:
        return settings().profile(getattr(args, "profile", None))
    except ConfigError as exc:
        raise CommandError(str(exc), USAGE_ERROR) from None


def open_engine(profile: Profile, args: argparse.Namespace, *, blocking: bool = False) -> Engine:
    if not profile.verify_tls and profile.url.startswith("https://"):
        # said every time: anyone in between can read and change what is sent, secrets included
        print(
            f"warning: profile {profile.name!r} does not verify TLS certificates (--insecure); "
            "set a CA bundle instead (camtui profile edit NAME --ca-bundle FILE).",
            file=sys.stderr,
        )
    try:
        secret = resolve_secret(profile)
    except SecretError as exc:
        raise CommandError(str(exc), USAGE_ERROR) from None
    try:
        connection = profile.connection(secret, read_only=bool(getattr(args, "readonly", False)))
        if blocking:
            connection = dataclasses.replace(connection, blocking=True)
        return connect(connection)
    except errors.UnsupportedByEngine as exc:
        raise CommandError(exc.describe(), ENGINE_ERROR) from None
    except errors.EngineError as exc:
        # an incomplete profile (e.g. OAuth2 without a token URL)
        raise CommandError(exc.describe(), USAGE_ERROR) from None
    except OSError as exc:
        # the TLS context is made here: a CA bundle or client certificate that is missing,
        # unreadable or not PEM (ssl.SSLError is an OSError), e.g. in a config file edited by hand
        raise CommandError(tls_file_problem(profile, exc), USAGE_ERROR) from None


def tls_file_problem(profile: Profile, exc: OSError) -> str:
    """One line naming the file of `profile` that TLS could not use, and how to fix it."""
    name = profile.name or "?"
    if profile.verify_tls and profile.ca_bundle and (problem := ca_bundle_problem(profile.ca_bundle)):
        return (
            f"profile {name!r}: CA bundle {profile.ca_bundle}: {problem}; "
            f"fix it with `camtui profile edit {name} --ca-bundle FILE`"
        )
    reason = exc.strerror or str(exc)
    if profile.client_cert:
        return (
            f"profile {name!r}: cannot use the client certificate {profile.client_cert}: {reason}; "
            f"fix it with `camtui profile edit {name} --client-cert FILE`"
        )
    return f"profile {name!r}: cannot set up TLS: {reason}"


def run_with_engine(args: argparse.Namespace, work: Callable[[Engine], Awaitable[T]], *, reads_only: bool = False) -> T:
    """Open the selected profile's engine, run `work`, close it; engine errors become exit codes.

    `reads_only` (work that changes nothing, e.g. `get`): on Camunda 7 without OAuth2 the work runs
    without an event loop (camtui.api.blocking, issue 15: ~20 ms of a command's 100); should it
    await something only asyncio can finish, it is run again on asyncio, which reading twice allows.
    """
    profile = selected_profile(args)

    def go(engine: Engine) -> Coroutine[Any, Any, T]:
        async def with_engine() -> T:
            async with engine:
                return await work(engine)

        return with_engine()

    try:
        if reads_only and profile.engine is EngineKind.C7 and profile.auth is not AuthKind.OAUTH2:
            from camtui.api import blocking

            try:
                return blocking.run(go(open_engine(profile, args, blocking=True)))
            except blocking.Suspended as exc:
                logging.getLogger("camtui.cli").debug("read again on asyncio: %s", exc)
        import asyncio

        return asyncio.run(go(open_engine(profile, args)))
    except errors.ReadOnlyProfile as exc:
        raise CommandError(exc.describe(), READ_ONLY) from None
    except errors.EngineError as exc:
        raise CommandError(exc.describe(), ENGINE_ERROR) from None
