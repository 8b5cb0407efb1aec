"""Timeouts, refused connections, 5xx, retries, malformed bodies, 401 mid-session: against real sockets."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from camtui.api import AuthKind, Connection, Credentials, Timeouts, connect, errors
from camtui.api.models import DeploymentFilter, NewDeployment
from camtui.localengine.process import free_port
from tests.fault.scripted_server import JSON, scripted

SECRET = "s3cret-Passw0rd"


def conn(url: str, **kw: object) -> Connection:
    return Connection(
        base_url=url,
        credentials=Credentials(kind=AuthKind.BASIC, username="demo", password=SecretStr(SECRET)),
        timeouts=Timeouts(connect=1.0, read=0.5, write=1.0),
        **kw,  # type: ignore[arg-type]
    )


def assert_no_secret(exc: BaseException) -> None:
    assert SECRET not in str(exc) and SECRET not in repr(exc) and SECRET not in getattr(exc, "hint", "")


async def test_connection_refused_says_so_with_a_hint() -> None:
    url = f"http://127.0.0.1:{free_port()}/engine-rest"
    async with connect(conn(url, retries=0)) as engine:
        with pytest.raises(errors.ConnectionFailed) as info:
            await engine.deployments.list()
    assert "refused" in info.value.message.lower()
    assert "running" in info.value.hint
    assert_no_secret(info.value)


async def test_a_server_that_never_answers_times_out() -> None:
    async with scripted("hang") as server, connect(conn(server.url, retries=0)) as engine:
        with pytest.raises(errors.TimedOut) as info:
            await engine.deployments.list()
    assert "timed out" in info.value.message
    assert_no_secret(info.value)


async def test_malformed_json_body_is_reported_not_crashed() -> None:
    async with scripted((200, JSON, b"<html>login page</html>")) as server, connect(conn(server.url)) as engine:
        with pytest.raises(errors.MalformedResponse) as info:
            await engine.deployments.get("x")
    assert "not JSON" in info.value.message and "login page" in info.value.message


async def test_idempotent_reads_are_retried_on_503() -> None:
    async with (
        scripted(
            (503, "text/plain", b"busy"), (503, "text/plain", b"busy"), (200, JSON, b'{"id": "d1", "name": "n"}')
        ) as server,
        connect(conn(server.url, retries=2)) as engine,
    ):
        got = await engine.deployments.get("d1")
    assert got.name == "n"
    assert len(server.requests) == 3


async def test_retries_give_up_with_the_last_error() -> None:
    async with scripted((503, "text/plain", b"overloaded")) as server, connect(conn(server.url, retries=1)) as engine:
        with pytest.raises(errors.Unavailable) as info:
            await engine.deployments.get("d1")
    assert "overloaded" in info.value.message
    assert len(server.requests) == 2


async def test_mutations_are_never_retried() -> None:
    async with (
        scripted((503, "text/plain", b"busy"), (200, JSON, b"{}")) as server,
        connect(conn(server.url, retries=3)) as engine,
    ):
        with pytest.raises(errors.Unavailable):
            await engine.deployments.create(NewDeployment(name="x", files=(("a.bpmn", b"<x/>"),)))
    assert [m for m, _ in server.requests] == ["POST"]


async def test_401_in_the_middle_of_a_session() -> None:
    async with (
        scripted((200, JSON, b"[]"), (200, JSON, b'{"count": 0}'), (401, "text/plain", b"")) as server,
        connect(conn(server.url)) as engine,
    ):
        assert (await engine.deployments.list()).items == ()
        with pytest.raises(errors.Unauthorized) as info:
            await engine.deployments.list()
    assert "credentials" in info.value.message or "401" in info.value.message
    assert_no_secret(info.value)


async def test_dropped_connection_is_a_connection_error() -> None:
    async with scripted("close") as server, connect(conn(server.url, retries=0)) as engine:
        with pytest.raises(errors.ConnectionFailed):
            await engine.deployments.list(DeploymentFilter(), limit=1)


async def test_wrong_base_path_is_explained() -> None:
    # a web server that is not engine-rest answers 404 with HTML
    async with scripted((404, "text/html", b"<h1>Not Found</h1>")) as server, connect(conn(server.url)) as engine:
        with pytest.raises(errors.NotFound) as info:
            await engine.info.engine()
    assert "Not Found" in info.value.message


async def test_repr_of_connection_hides_the_password() -> None:
    c = conn("http://127.0.0.1:1/engine-rest")
    assert SECRET not in repr(c) and SECRET not in str(c)
