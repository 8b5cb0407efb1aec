"""Camunda 8 URL and OAuth conventions: the REST API lives under `/v2` (added when missing, as the
official SDKs do), and a SaaS cluster (`https://<region>.zeebe.camunda.io/<cluster id>`) takes its
tokens from Camunda's login service for the audience `zeebe.camunda.io` unless told otherwise."""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import urlsplit, urlunsplit

from camtui.api.connection import AuthKind, Connection

SAAS_TOKEN_URL = "https://login.cloud.camunda.io/oauth/token"
SAAS_AUDIENCE = "zeebe.camunda.io"
SELF_MANAGED_DEFAULT = "http://localhost:8080/v2"
_SAAS = re.compile(r"^https://[a-z]+-\d+\.zeebe\.camunda\.io(?::443)?/[a-z\d-]+(?:/v2)?/?$")


def saas_url(region: str, cluster_id: str) -> str:
    """The REST address of a SaaS cluster, e.g. `saas_url("bru-2", "a1b2…")`."""
    return f"https://{region}.zeebe.camunda.io/{cluster_id}/v2"


def is_saas(url: str) -> bool:
    return bool(_SAAS.match(url))


def rest_url(url: str) -> str:
    """The base URL with `/v2` at the end of its path (not doubled)."""
    parts = urlsplit(url.rstrip("/"))
    path = parts.path.rstrip("/")
    if not path.endswith("/v2"):
        path = f"{path}/v2"
    return urlunsplit(parts._replace(path=path))


def with_conventions(connection: Connection) -> Connection:
    """The connection as the cluster expects it: `/v2`, and SaaS OAuth defaults where none were given."""
    creds = connection.credentials
    if creds.kind is AuthKind.OAUTH2 and is_saas(connection.base_url):
        creds = dataclasses.replace(
            creds, token_url=creds.token_url or SAAS_TOKEN_URL, audience=creds.audience or SAAS_AUDIENCE
        )
    return dataclasses.replace(connection, base_url=rest_url(connection.base_url), credentials=creds)
