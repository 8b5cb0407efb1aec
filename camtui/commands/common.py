"""What every headless command shares: profile resolution, engine opening, errors and exit codes."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

from camtui.api import errors
from camtui.api.factory import connect
from camtui.api.protocol import Engine
from camtui.config.profiles import Profile
from camtui.config.secrets import SecretError, resolve_secret
from camtui.config.settings import ConfigError, Settings, load_settings

OK, ENGINE_ERROR, USAGE_ERROR, READ_ONLY = 0, 1, 2, 3
T = TypeVar("T")


class CommandError(Exception):
    """Ends a command with a message on stderr and an exit code."""

    def __init__(self, message: str, code: int = USAGE_ERROR) -> None:
        super().__init__(message)
        self.code = code


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


def open_engine(profile: Profile, args: argparse.Namespace) -> Engine:
    try:
        secret = resolve_secret(profile)
    except SecretError as exc:
        raise CommandError(str(exc), USAGE_ERROR) from None
    try:
        return connect(profile.connection(secret, read_only=bool(getattr(args, "readonly", False))))
    except errors.UnsupportedByEngine as exc:
        raise CommandError(exc.describe(), ENGINE_ERROR) from None
    except errors.EngineError as exc:
        # an incomplete profile (e.g. OAuth2 without a token URL)
        raise CommandError(exc.describe(), USAGE_ERROR) from None


def run_with_engine(args: argparse.Namespace, work: Callable[[Engine], Awaitable[T]]) -> T:
    """Open the selected profile's engine, run `work`, close it; engine errors become exit codes."""
    profile = selected_profile(args)
    engine = open_engine(profile, args)

    async def go() -> T:
        async with engine:
            return await work(engine)

    try:
        return asyncio.run(go())
    except errors.ReadOnlyProfile as exc:
        raise CommandError(exc.describe(), READ_ONLY) from None
    except errors.EngineError as exc:
        raise CommandError(exc.describe(), ENGINE_ERROR) from None


def fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code
