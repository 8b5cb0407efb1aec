"""A profile: everything camtui needs to reach one cluster, except its secret."""

from __future__ import annotations

import os
import re
import ssl
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from camtui.api.connection import AuthKind, Connection, Credentials, Timeouts
from camtui.api.models.info import EngineKind

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")


class ProfileTimeouts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    connect: float = Field(5.0, gt=0)
    read: float = Field(30.0, gt=0)


class Profile(BaseModel):
    """One cluster. Secrets are never fields here: see `camtui.config.secrets`."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    engine: EngineKind = EngineKind.C7
    url: str
    auth: AuthKind = AuthKind.NONE
    username: str | None = None
    # OAuth2 client credentials
    token_url: str | None = None
    client_id: str | None = None
    audience: str | None = None
    scope: str | None = None
    tenant: str | None = None
    verify_tls: bool = True
    ca_bundle: str | None = None
    client_cert: str | None = None
    read_only: bool = False
    production: bool = False
    colour: str | None = None
    deployment_create_url: str | None = None
    timeouts: ProfileTimeouts = Field(default_factory=ProfileTimeouts)

    @field_validator("url", "token_url", "deployment_create_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        if "@" in value.split("//", 1)[1].split("/", 1)[0]:
            raise ValueError("must not carry user:password@; use --username and the keyring")
        return value.rstrip("/")

    @property
    def secret_kind(self) -> SecretKind | None:
        """Which secret this profile needs, if any."""
        return {
            AuthKind.BASIC: "password",
            AuthKind.BEARER: "token",
            AuthKind.OAUTH2: "client_secret",
        }.get(self.auth)  # type: ignore[return-value]

    def connection(self, secret: str | None, *, read_only: bool = False) -> Connection:
        from pydantic import SecretStr

        value = SecretStr(secret) if secret is not None else None
        creds = Credentials(
            kind=self.auth,
            username=self.username,
            password=value if self.auth is AuthKind.BASIC else None,
            token=value if self.auth is AuthKind.BEARER else None,
            token_url=self.token_url,
            client_id=self.client_id,
            client_secret=value if self.auth is AuthKind.OAUTH2 else None,
            audience=self.audience,
            scope=self.scope,
        )
        return Connection(
            base_url=self.url,
            engine=self.engine,
            credentials=creds,
            read_only=self.read_only or read_only,
            verify_tls=self.verify_tls,
            ca_bundle=self.ca_bundle,
            client_cert=self.client_cert,
            timeouts=Timeouts(connect=self.timeouts.connect, read=self.timeouts.read),
            deployment_create_url=self.deployment_create_url,
        )


SecretKind = Literal["password", "client_secret", "token"]


def problems(exc: ValueError) -> str:
    """What is wrong with a profile, by field, never echoing the values (a URL may hold a password)."""
    if isinstance(exc, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'profile'}: {err['msg']}"
            for err in exc.errors(include_url=False)
        )
    return str(exc)


def check_name(name: str) -> str:
    if not NAME_PATTERN.match(name):
        raise ValueError(
            f"invalid profile name {name!r}: use letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    return name


def ca_bundle_problem(path: str) -> str | None:
    """Why `path` cannot serve as a CA bundle (missing, a directory, unreadable, no PEM
    certificate), or None when it can: what `ssl.create_default_context(cafile=path)` would refuse."""
    file = Path(path)
    if not file.exists():
        return "no such file"
    if file.is_dir():
        return "is a directory; give the PEM file of CA certificates"
    try:
        with file.open("rb") as handle:
            handle.read(1)
        ssl.create_default_context(cafile=path)
    except ssl.SSLError as exc:
        return f"not a PEM file of CA certificates ({exc.reason or exc})"
    except OSError as exc:
        return f"cannot read it: {exc.strerror or exc}"
    return None


def check_ca_bundle(path: str) -> str:
    """The CA bundle given to `profile add/edit --ca-bundle`, as an absolute path (the profile is
    used from other directories later); ValueError naming the file if it cannot be used.

    Only what the user gives is checked: a profile read from the config file is not refused for a
    bundle that is missing now (its other profiles stay usable); connecting with it says why instead.
    """
    absolute = os.path.abspath(os.path.expanduser(path))
    problem = ca_bundle_problem(absolute)
    if problem is not None:
        raise ValueError(f"--ca-bundle {path}: {problem}")
    return absolute
