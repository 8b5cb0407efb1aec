"""Connecting to Camunda 8: /v2 conventions, SaaS OAuth defaults, zero-config from CAMUNDA_*/ZEEBE_*."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from camtui.api.c8.engine import C8Engine
from camtui.api.c8.saas import SAAS_AUDIENCE, SAAS_TOKEN_URL, is_saas, rest_url, saas_url
from camtui.api.connection import AuthKind, Connection, Credentials
from camtui.api.models import EngineKind
from camtui.config.secrets import resolve_secret
from camtui.config.settings import Settings

SAAS = "https://bru-2.zeebe.camunda.io/a1b2c3d4-e5f6"


def test_rest_url_appends_v2_once() -> None:
    assert rest_url("http://localhost:8080") == "http://localhost:8080/v2"
    assert rest_url("http://localhost:8080/v2/") == "http://localhost:8080/v2"
    assert rest_url(f"{SAAS}/") == f"{SAAS}/v2"
    assert saas_url("bru-2", "a1b2c3d4-e5f6") == f"{SAAS}/v2"
    assert is_saas(SAAS) and is_saas(f"{SAAS}/v2") and not is_saas("http://localhost:8080/v2")


async def test_a_saas_cluster_gets_the_saas_token_url_and_audience() -> None:
    creds = Credentials(kind=AuthKind.OAUTH2, client_id="id", client_secret=SecretStr("s3cret"))
    async with C8Engine(Connection(base_url=SAAS, engine=EngineKind.C8, credentials=creds)) as engine:
        got = engine.connection.credentials
        assert (engine.connection.base_url, got.token_url, got.audience) == (
            f"{SAAS}/v2",
            SAAS_TOKEN_URL,
            SAAS_AUDIENCE,
        )
        assert "s3cret" not in repr(engine.connection)
    own = Credentials(
        kind=AuthKind.OAUTH2, client_id="id", client_secret=SecretStr("s"), token_url="https://idp/token", audience="a"
    )
    async with C8Engine(Connection(base_url=SAAS, engine=EngineKind.C8, credentials=own)) as engine:
        assert (engine.connection.credentials.token_url, engine.connection.credentials.audience) == (
            "https://idp/token",
            "a",
        )


def test_zero_config_from_the_zeebe_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZEEBE_REST_ADDRESS", SAAS)
    monkeypatch.setenv("ZEEBE_CLIENT_ID", "my-client")
    monkeypatch.setenv("ZEEBE_CLIENT_SECRET", "zeebe-secret")
    monkeypatch.setenv("ZEEBE_TOKEN_AUDIENCE", "zeebe.camunda.io")
    profile = Settings().profile("env")
    assert (profile.engine, profile.auth, profile.client_id, profile.audience) == (
        EngineKind.C8,
        AuthKind.OAUTH2,
        "my-client",
        "zeebe.camunda.io",
    )
    assert resolve_secret(profile, interactive=False) == "zeebe-secret"


def test_the_camunda_names_win_over_the_zeebe_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZEEBE_REST_ADDRESS", "http://old:8080")
    monkeypatch.setenv("CAMUNDA_REST_ADDRESS", "http://new:8080/v2")
    monkeypatch.setenv("CAMUNDA_BASIC_AUTH_USERNAME", "demo")
    monkeypatch.setenv("CAMUNDA_BASIC_AUTH_PASSWORD", "demo")
    profile = Settings().profile("env")
    assert (profile.url, profile.auth, profile.username) == ("http://new:8080/v2", AuthKind.BASIC, "demo")
    assert resolve_secret(profile, interactive=False) == "demo"
