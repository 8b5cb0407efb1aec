"""Answers of the wrong shape, and 503 with Retry-After, against a real loopback server.

Valid JSON that is not what the engine answers (a list for an object, an object without `id`, a
string, `null`) and an empty body where one was expected are MalformedResponse naming the status
and the first bytes, from every method of the protocol; never a TypeError or KeyError. A 503's
Retry-After is honoured for reads within one deadline; a change is never retried.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from pydantic import SecretStr

from camtui.api import AuthKind, Connection, Credentials, Timeouts, connect, errors
from camtui.api.http import retry_after
from camtui.api.models import NewDeployment
from tests.fault.answers import stamp, with_headers
from tests.fault.protocol_calls import Call, arguments, calls, returns_engine_data
from tests.fault.scripted_server import JSON, scripted

# (what it is, status, body)
SHAPES: list[tuple[str, int, bytes]] = [
    ("a list where an object is expected", 200, b'[{"unexpected": 1}]'),
    ("an object without id", 200, b'{"unexpected": 1}'),
    ("a string", 200, b'"engine-rest"'),
    ("null", 200, b"null"),
    ("an empty 200", 200, b""),
    ("an empty 204", 204, b""),
]


def conn(url: str, *, read: float = 0.5, retries: int = 0) -> Connection:
    return Connection(
        base_url=url,
        credentials=Credentials(kind=AuthKind.BASIC, username="demo", password=SecretStr("demo")),
        timeouts=Timeouts(connect=1.0, read=read, write=1.0),
        retries=retries,
    )


async def outcome(call: Call, status: int, body: bytes) -> errors.MalformedResponse | None:
    """Call `call` against a server that answers everything with `status` and `body`."""
    async with scripted((status, JSON, body)) as server, connect(conn(server.url)) as engine:
        args, kwargs = arguments(call)
        try:
            await getattr(getattr(engine, call.area), call.method)(*args, **kwargs)
        except errors.MalformedResponse as exc:
            return exc
    return None


@pytest.mark.parametrize("call", calls(), ids=str)
async def test_every_method_reports_a_wrong_shape_as_malformed(call: Call) -> None:
    for shape, status, body in SHAPES:
        error = await outcome(call, status, body)
        if error is None:
            # only a method that reads nothing from the body may take any answer
            assert not returns_engine_data(call), f"{call} took {shape} ({body!r}) for an answer"
            continue
        assert f"answered {status}" in error.message, error.message
        assert (repr(body.decode()) if body else "empty body") in error.message, error.message
        assert "Camunda 7" in error.message and "base URL" in error.describe()


async def test_an_answer_is_shown_safely_and_cut() -> None:
    body = b"<html>\x1b]0;pwned\x07\x1b[2J" + b"x" * 500 + b"</html>"
    async with scripted((200, "text/html", body)) as server, connect(conn(server.url)) as engine:
        with pytest.raises(errors.MalformedResponse) as info:
            await engine.deployments.get("d1")
    message = info.value.message
    assert "\x1b" not in message and "\x07" not in message
    assert "\\x1b]0;pwned\\x07" in message and "not JSON" in message
    assert "xxx</html>" not in message and f"{len(body)} bytes" in message


async def test_a_wrong_shape_in_one_of_two_answers_names_both() -> None:
    # a list page asks for the rows and their count at once
    async with scripted((200, JSON, b'{"count": "many"}')) as server, connect(conn(server.url)) as engine:
        with pytest.raises(errors.MalformedResponse) as info:
            await engine.users.list()
    assert "/user/count" in info.value.message and '\'{"count": "many"}\'' in info.value.message


async def test_a_callers_mistake_before_any_answer_is_not_blamed_on_the_engine() -> None:
    async with scripted((200, JSON, b"[]")) as server, connect(conn(server.url)) as engine:
        with pytest.raises(ValueError, match="page token"):
            await engine.deployments.list(after="not-a-token")
    assert server.requests == []


async def test_engine_errors_pass_unchanged() -> None:
    async with scripted((404, JSON, b'{"type": "x", "message": "gone"}')) as server, connect(conn(server.url)) as e:
        with pytest.raises(errors.NotFound, match="gone"):
            await e.deployments.get("d1")


# -- Retry-After, and one deadline for a read with its retries --------------------------------------

BUSY_FOR_1S = with_headers(503, "text/plain", b"busy", {"Retry-After": "1"})
DEPLOYMENT = (200, JSON, b'{"id": "d1", "name": "n"}')


async def test_a_read_waits_as_long_as_retry_after_says() -> None:
    async with scripted(BUSY_FOR_1S, DEPLOYMENT) as server, connect(conn(server.url, read=2.0, retries=2)) as engine:
        arrived = stamp(server)
        got = await engine.deployments.get("d1")
    assert got.name == "n" and len(arrived) == 2
    assert arrived.times[1] - arrived.times[0] >= 0.99


async def test_retry_after_as_an_http_date() -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=2), usegmt=True)
    busy = with_headers(503, "text/plain", b"busy", {"Retry-After": when})
    async with scripted(busy, DEPLOYMENT) as server, connect(conn(server.url, read=2.0, retries=1)) as engine:
        arrived = stamp(server)
        assert (await engine.deployments.get("d1")).id == "d1"
    assert len(arrived) == 2 and arrived.times[1] - arrived.times[0] >= 0.9


async def test_a_retry_after_beyond_the_cap_ends_the_retries_at_once() -> None:
    busy = with_headers(503, "text/plain", b"maintenance", {"Retry-After": "3600"})
    async with scripted(busy, DEPLOYMENT) as server, connect(conn(server.url, read=30.0, retries=3)) as engine:
        started = time.monotonic()
        with pytest.raises(errors.Unavailable) as info:
            await engine.deployments.get("d1")
    assert time.monotonic() - started < 1 and len(server.requests) == 1
    assert "3600 s" in info.value.hint


async def test_a_change_answered_503_is_never_retried() -> None:
    async with scripted(BUSY_FOR_1S, DEPLOYMENT) as server, connect(conn(server.url, read=5.0, retries=3)) as engine:
        started = time.monotonic()
        with pytest.raises(errors.Unavailable):
            await engine.deployments.create(NewDeployment(name="x", files=(("a.bpmn", b"<x/>"),)))
    assert [m for m, _ in server.requests] == ["POST"] and time.monotonic() - started < 1


async def test_retries_end_at_one_deadline_not_after_timeout_times_retries() -> None:
    # read 0.5 s, 5 retries: without a deadline 6 x 0.5 s of waiting plus the back-off (~5 s);
    # with it, connect + 1.5 x read = 1.75 s
    async with scripted("hang") as server, connect(conn(server.url, read=0.5, retries=5)) as engine:
        started = time.monotonic()
        with pytest.raises(errors.TimedOut):
            await engine.deployments.get("d1")
    assert time.monotonic() - started < 2.3


async def test_retry_after_counts_against_the_deadline() -> None:
    # deadline 1 + 1.5 x 0.5 = 1.75 s: one wait of 1 s fits, a second does not
    async with scripted(BUSY_FOR_1S) as server, connect(conn(server.url, read=0.5, retries=5)) as engine:
        started = time.monotonic()
        with pytest.raises(errors.Unavailable):
            await engine.deployments.get("d1")
    assert len(server.requests) == 2 and time.monotonic() - started < 1.75


def test_retry_after_is_read_as_seconds_or_a_date() -> None:
    assert retry_after("1") == 1.0 and retry_after(" 120 ") == 120.0
    soon = retry_after(format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True))
    assert soon is not None and 28 <= soon <= 30
    assert retry_after(format_datetime(datetime(2000, 1, 1, tzinfo=UTC), usegmt=True)) == 0.0
    assert retry_after(None) is None and retry_after("soon") is None and retry_after("-1") is None
