"""What the service layer needs to reach one engine: URL, credentials, TLS, limits.

Built by `camtui.config` from a profile and its secret; the service layer knows nothing of files,
keyrings or prompts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import SecretStr

from camtui.api.models.info import EngineKind


class AuthKind(StrEnum):
    NONE = "none"
    BASIC = "basic"
    BEARER = "bearer"
    OAUTH2 = "oauth2"


@dataclass(frozen=True)
class Credentials:
    """A secret is a SecretStr so it prints as '**********' in repr, logs and tracebacks."""

    kind: AuthKind = AuthKind.NONE
    username: str | None = None
    password: SecretStr | None = None
    token: SecretStr | None = None
    # OAuth2 client credentials
    token_url: str | None = None
    client_id: str | None = None
    client_secret: SecretStr | None = None
    audience: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class Timeouts:
    connect: float = 5.0
    read: float = 30.0
    # uploads of large deployments
    write: float = 60.0


@dataclass(frozen=True)
class Connection:
    base_url: str
    engine: EngineKind = EngineKind.C7
    credentials: Credentials = field(default_factory=Credentials)
    read_only: bool = False
    verify_tls: bool = True
    ca_bundle: str | None = None
    client_cert: str | None = None
    timeouts: Timeouts = field(default_factory=Timeouts)
    # some installations put a gateway in front of deployment/create (same multipart form)
    deployment_create_url: str | None = None
    retries: int = 2
    # issue 15: requests go out through httpx's sync transport, for code that `camtui.api.blocking.run`
    # drives without an event loop (a read-only command); never for the console
    blocking: bool = False
