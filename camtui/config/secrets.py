"""Secrets: environment variable, then the OS keyring, then a prompt; never a plaintext file.

Keyring calls run in a worker thread with a timeout: a locked desktop keyring reached over SSH
can block forever, and camtui must not.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import re
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

from camtui.config.profiles import Profile, SecretKind

SERVICE = "camtui"
KEYRING_TIMEOUT = 5.0
T = TypeVar("T")

ENV_SUFFIX: dict[SecretKind, str] = {"password": "PASSWORD", "client_secret": "CLIENT_SECRET", "token": "TOKEN"}
# the implicit `env` profile reads the usual Camunda variables
CAMUNDA_ENV: dict[SecretKind, str] = {
    "password": "CAMUNDA_BASIC_AUTH_PASSWORD",
    "client_secret": "CAMUNDA_CLIENT_SECRET",
    "token": "CAMUNDA_TOKEN",
}
# the older names the official Camunda 8 SDKs also read, after the one above
CAMUNDA_ENV_ALIASES: dict[SecretKind, tuple[str, ...]] = {
    "client_secret": ("CAMUNDA_CLIENT_AUTH_CLIENTSECRET", "ZEEBE_CLIENT_SECRET"),
}


class SecretError(Exception):
    """No secret could be found, or the keyring failed; the message says how to provide one."""


def env_var(profile_name: str, kind: SecretKind) -> str:
    """`CAMTUI_<PROFILE>_PASSWORD`: the profile name upper-cased, other characters as `_`."""
    return f"CAMTUI_{re.sub(r'[^A-Z0-9]', '_', profile_name.upper())}_{ENV_SUFFIX[kind]}"


def keyring_user(profile_name: str, kind: SecretKind) -> str:
    return f"{profile_name}:{kind}"


def _with_timeout(call: Callable[[], T], what: str) -> T:
    result: list[T] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as exc:
            error.append(exc)

    worker = threading.Thread(target=run, name="camtui-keyring", daemon=True)
    worker.start()
    worker.join(KEYRING_TIMEOUT)
    if worker.is_alive():
        raise SecretError(
            f"The OS keyring did not answer within {KEYRING_TIMEOUT:.0f} s while {what} "
            "(a locked desktop keyring over SSH?). Use the environment variable instead."
        )
    if error:
        raise SecretError(f"The OS keyring failed while {what}: {error[0]}") from None
    return result[0]


# backends that keep a secret in the clear (or drop it): never used to store one
PLAINTEXT_BACKENDS = frozenset(
    {
        "keyrings.alt.file.PlaintextKeyring",
        "keyring.backends.null.Keyring",
    }
)


def _backend_name(backend: object) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _writes_plaintext(backend: object) -> bool:
    name = _backend_name(backend)
    if name in PLAINTEXT_BACKENDS or "plaintext" in type(backend).__name__.lower():
        return True
    # a chain writes to the first of its backends (highest priority) that takes the secret
    chained = getattr(backend, "backends", None)
    return bool(chained) and _writes_plaintext(chained[0])  # type: ignore[index]


def keyring_usable() -> tuple[bool, str]:
    """(usable, backend name). No keyring at all ('fail') and plaintext stores are both unusable."""
    import keyring

    backend = _with_timeout(keyring.get_keyring, "looking for a backend")
    name = _backend_name(backend)
    if "fail" in type(backend).__module__.split("."):
        return False, name
    return not _writes_plaintext(backend), name


def from_keyring(profile_name: str, kind: SecretKind) -> str | None:
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    def get() -> str | None:
        try:
            return keyring.get_password(SERVICE, keyring_user(profile_name, kind))
        except NoKeyringError:
            return None
        except KeyringError as exc:
            raise SecretError(f"The OS keyring refused to give the {kind} of {profile_name!r}: {exc}") from None

    return _with_timeout(get, f"reading the {kind} of {profile_name!r}")


def store_secret(profile_name: str, kind: SecretKind, secret: str) -> None:
    """Store in the OS keyring, or fail loudly: never fall back to a plaintext file."""
    import keyring

    usable, backend = keyring_usable()
    if not usable:
        what = (
            f"The keyring backend {backend} keeps secrets unencrypted"
            if "fail" not in backend.split(".")
            else "No OS keyring is available on this machine"
        )
        raise SecretError(
            f"{what}, so the secret was not stored. "
            f"Set {env_var(profile_name, kind)} instead, or install an encrypted file keyring "
            "(pip install 'camtui[headless]', see the README)."
        )
    _with_timeout(
        lambda: keyring.set_password(SERVICE, keyring_user(profile_name, kind), secret),
        f"storing the {kind} of {profile_name!r} in {backend}",
    )


def delete_secret(profile_name: str, kind: SecretKind) -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    def delete() -> None:
        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(SERVICE, keyring_user(profile_name, kind))

    _with_timeout(delete, f"deleting the {kind} of {profile_name!r}")


def resolve_secret(profile: Profile, *, interactive: bool | None = None) -> str | None:
    """The profile's secret: env var, keyring, prompt (with a terminal); else SecretError."""
    kind = profile.secret_kind
    if kind is None:
        return None
    name = env_var(profile.name, kind)
    if (value := os.environ.get(name)) is not None:
        return value
    if profile.name == "env":
        for variable in (CAMUNDA_ENV[kind], *CAMUNDA_ENV_ALIASES.get(kind, ())):
            if (value := os.environ.get(variable)) is not None:
                return value
    try:
        stored = from_keyring(profile.name, kind)
    except SecretError:
        stored = None
    if stored is not None:
        return stored
    if interactive is None:
        interactive = sys.stdin.isatty() and sys.stderr.isatty()
    if interactive:
        who = f" for {profile.username}" if profile.username else ""
        return getpass.getpass(f"{kind.replace('_', ' ').capitalize()}{who} on profile {profile.name!r}: ")
    flag = f"--{kind.replace('_', '-')}-stdin"
    if profile.name == "env":
        # the implicit profile lives in the environment, not in the config: `profile edit env` can not help
        raise SecretError(
            f"Profile 'env' needs a {kind.replace('_', ' ')}: set {CAMUNDA_ENV[kind]} (or {name}), "
            "or run on a terminal to be asked."
        )
    raise SecretError(
        f"Profile {profile.name!r} needs a {kind.replace('_', ' ')}. Provide it in one of three ways: "
        f"set {name}; store it in the OS keyring (`camtui profile edit {profile.name} {flag}`); "
        "or run on a terminal to be asked."
    )


async def resolve_secret_async(profile: Profile) -> str | None:
    """For the TUI: never prompts, never blocks the event loop."""
    import asyncio  # here: a command that never runs an event loop does not import it (issue 15)

    return await asyncio.to_thread(resolve_secret, profile, interactive=False)
