"""OAuth2 client credentials against a real token endpoint and API on loopback."""

from __future__ import annotations

import json

import pytest
from pydantic import SecretStr

from camtui.api import AuthKind, Connection, Credentials, connect, errors
from tests.fault.scripted_server import JSON, scripted

SECRET = "c1ient-s3cret-value"


def token(value: str, lifetime: int = 3600) -> tuple[int, str, bytes]:
    return (200, JSON, json.dumps({"access_token": value, "expires_in": lifetime, "token_type": "Bearer"}).encode())


def conn(api: str, token_url: str, audience: str | None = "zeebe-api") -> Connection:
    return Connection(
        base_url=api,
        credentials=Credentials(
            kind=AuthKind.OAUTH2,
            token_url=token_url,
            client_id="camtui",
            client_secret=SecretStr(SECRET),
            audience=audience,
            scope="read",
        ),
        retries=0,
    )


DEPLOYMENT = (200, JSON, b'{"id": "d1", "name": "n"}')


async def test_token_is_fetched_once_and_sent_as_bearer() -> None:
    async with scripted(token("tok-1")) as idp, scripted(DEPLOYMENT) as api:
        async with connect(conn(api.url, f"http://127.0.0.1:{idp.port}/token")) as engine:
            await engine.deployments.get("d1")
            await engine.deployments.get("d1")
    assert len(idp.requests) == 1
    form = idp.details[0][1].decode()
    assert "grant_type=client_credentials" in form and "audience=zeebe-api" in form and "scope=read" in form
    assert [h["authorization"] for h, _ in api.details] == ["Bearer tok-1", "Bearer tok-1"]


async def test_a_token_near_its_expiry_is_refreshed() -> None:
    async with scripted(token("short", lifetime=1), token("next", lifetime=3600)) as idp, scripted(DEPLOYMENT) as api:
        async with connect(conn(api.url, f"http://127.0.0.1:{idp.port}/token")) as engine:
            await engine.deployments.get("d1")
            await engine.deployments.get("d1")
    assert len(idp.requests) == 2
    assert [h["authorization"] for h, _ in api.details] == ["Bearer short", "Bearer next"]


async def test_a_401_gets_one_fresh_token_and_one_retry() -> None:
    async with scripted(token("revoked"), token("fresh")) as idp, scripted((401, "text/plain", b""), DEPLOYMENT) as api:
        async with connect(conn(api.url, f"http://127.0.0.1:{idp.port}/token")) as engine:
            assert (await engine.deployments.get("d1")).name == "n"
    assert [h["authorization"] for h, _ in api.details] == ["Bearer revoked", "Bearer fresh"]


async def test_a_wrong_audience_is_explained() -> None:
    refusal = (400, JSON, b'{"error": "invalid_request", "error_description": "Audience is not valid"}')
    async with scripted(refusal) as idp, scripted(DEPLOYMENT) as api:
        async with connect(conn(api.url, f"http://127.0.0.1:{idp.port}/token", audience="wrong")) as engine:
            with pytest.raises(errors.Unauthorized) as info:
                await engine.deployments.get("d1")
    assert "Audience is not valid" in info.value.message
    assert "'wrong'" in info.value.hint and "CAMUNDA_TOKEN_AUDIENCE" in info.value.hint
    assert api.requests == [], "nothing reaches the API without a token"
    assert SECRET not in info.value.describe() and SECRET not in repr(info.value)


async def test_a_wrong_secret_is_explained() -> None:
    refusal = (401, JSON, b'{"error": "invalid_client"}')
    async with scripted(refusal) as idp, scripted(DEPLOYMENT) as api:
        async with connect(conn(api.url, f"http://127.0.0.1:{idp.port}/token")) as engine:
            with pytest.raises(errors.Unauthorized) as info:
                await engine.deployments.get("d1")
    assert "client id and client secret" in info.value.hint


async def test_an_incomplete_oauth_profile_says_what_is_missing() -> None:
    c = Connection(base_url="http://127.0.0.1:1/v2", credentials=Credentials(kind=AuthKind.OAUTH2, client_id="x"))
    with pytest.raises(errors.Unauthorized, match="token URL"):
        connect(c)


async def test_bearer_token_profile() -> None:
    async with scripted(DEPLOYMENT) as api:
        c = Connection(base_url=api.url, credentials=Credentials(kind=AuthKind.BEARER, token=SecretStr("abc")))
        async with connect(c) as engine:
            await engine.deployments.get("d1")
    assert api.details[0][0]["authorization"] == "Bearer abc"
    assert "abc" not in repr(c)


# -- issue 13: a token endpoint that fails is not hammered ----------------------------------------


async def test_a_rate_limited_token_endpoint_is_left_alone_for_the_time_it_asks() -> None:
    limited = (429, JSON, b'{"error": "too_many_requests"}', {"Retry-After": "120"})
    async with scripted(limited) as idp, scripted(DEPLOYMENT) as api:
        async with connect(conn(api.url, f"http://127.0.0.1:{idp.port}/token")) as engine:
            with pytest.raises(errors.Unavailable) as first:
                await engine.deployments.get("d1")
            # every read of a busy console asks for a token: none of them reaches the endpoint now
            for _ in range(5):
                with pytest.raises(errors.Unavailable) as again:
                    await engine.deployments.get("d1")
    assert "rate-limiting" in first.value.message and "120 s" in first.value.hint
    assert "asks it again in 1" in again.value.message and "nothing was sent" in again.value.message
    assert len(idp.requests) == 1 and api.requests == []
    assert SECRET not in again.value.describe()


async def test_after_the_cool_off_the_token_is_asked_for_again_and_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from camtui.api import oauth
    from tests.waiting import until

    monkeypatch.setattr(oauth, "COOL_OFF_FIRST", 0.2)
    async with scripted((503, JSON, b"{}"), token("late")) as idp, scripted(DEPLOYMENT) as api:
        async with connect(conn(api.url, f"http://127.0.0.1:{idp.port}/token")) as engine:
            with pytest.raises(errors.Unavailable, match="overloaded"):
                await engine.deployments.get("d1")
            with pytest.raises(errors.Unavailable, match="asks it again"):
                await engine.deployments.get("d1")
            assert len(idp.requests) == 1

            async def works() -> bool:
                try:
                    await engine.deployments.get("d1")
                except errors.Unavailable:
                    return False
                return True

            await until(works, "a token after the cool-off")
    assert len(idp.requests) == 2
    assert [h["authorization"] for h, _ in api.details] == ["Bearer late"]
