"""An id in a URL is exactly one path segment, or it is refused before anything is sent.

`camtui task claim ..` must not become `POST /engine-rest/claim` (httpx resolves `/task/../claim`),
and `a/b`, `a?b=1`, `a#b`, `a%2Fb`, spaces and terminal escapes must not change the path either.
Every method of every area of the protocol is called on the Camunda 7 engine (over a MockTransport
that records what is sent), once with a harmless id and once with each bad one: where the harmless
id was a path segment, the bad one must be that same segment, percent-encoded, and nothing else
may change; `.`, `..` and the empty string are refused with BadRequest before any request.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import httpx
import pytest

from camtui.api import Connection, errors
from camtui.api import operations as op
from camtui.api.c7.engine import C7Engine
from camtui.api.c7.wire import path_id
from tests.fault.protocol_calls import Call, Slot, arguments, calls, id_slots

HARMLESS = "IDPLACEHOLDER"
BAD_IDS = ["..", ".", "a/b", "a?b=1", "a#b", "a%2Fb", "a b", "\x1b[2J", "", "ü/..", "%2e%2e"]
REFUSED = {"", ".", ".."}
# a stand-in for any object the engine answers with: enough for a method to send what follows
ANY_OBJECT = {
    "id": "x",
    "key": "k",
    "name": "n",
    "deploymentId": "d",
    "type": 1,
    "resourceType": 6,
    "resourceId": "*",
    "userId": "u",
    "permissions": ["READ"],
}

Sent = tuple[str, bytes]

CASES = [(call, slot) for call in calls() for slot in id_slots(call)]


def answer(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path.endswith("/count"):
        body: object = {"count": 0}
    elif path.endswith("/statistics"):
        body = []
    else:
        body = ANY_OBJECT
    return httpx.Response(200, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"})


async def run(call: Call, slot: Slot, value: str) -> tuple[list[Sent], errors.EngineError | None]:
    """Call `call` with `value` in `slot`; what was sent (method, path without query) and the error."""
    sent: list[Sent] = []

    def record(request: httpx.Request) -> httpx.Response:
        path = request.url.raw_path.split(b"?", 1)[0]
        # a dot segment or an empty one would be an id that escaped its segment
        assert all(s not in (b"", b".", b"..") for s in path.split(b"/")[1:]), f"{call} sent {path!r}"
        sent.append((request.method, path))
        return answer(request)

    connection = Connection(base_url="http://engine.test/engine-rest", retries=0)
    error: errors.EngineError | None = None
    async with C7Engine(connection, transport=httpx.MockTransport(record)) as engine:
        args, kwargs = arguments(call, slot, value)
        try:
            await getattr(getattr(engine, call.area), call.method)(*args, **kwargs)
        except errors.EngineError as exc:
            # the stand-in answers do not fit every method; what was sent is what counts here
            error = exc
    return sent, error


def with_id(sent: list[Sent], value: str) -> list[Sent]:
    """The requests with the harmless id's segment replaced by `value` as one encoded segment."""
    segment = quote(value, safe="").encode()
    return [
        (method, b"/".join(segment if s == HARMLESS.encode() else s for s in path.split(b"/"))) for method, path in sent
    ]


@pytest.mark.parametrize(("call", "slot"), CASES, ids=[f"{c}({s})" for c, s in CASES])
async def test_an_id_is_one_encoded_path_segment_or_refused(call: Call, slot: Slot) -> None:
    base, _ = await run(call, slot, HARMLESS)
    assert base, f"{call} sent nothing with a harmless id"
    in_path = any(HARMLESS.encode() in path for _, path in base)
    assert all(HARMLESS.encode() not in path or HARMLESS.encode() in path.split(b"/") for _, path in base)
    for bad in BAD_IDS:
        sent, error = await run(call, slot, bad)
        if in_path and bad in REFUSED:
            # an empty optional id may mean "none" to a method that then refuses on its own terms
            # (an incident without configuration has nothing to retry); "." and ".." never
            assert isinstance(error, errors.BadRequest if bad else errors.EngineError), (
                f"{call} with {bad!r} in {slot}: {error!r}"
            )
            assert sent == [], f"{call} sent {sent} before refusing {bad!r}"
            if bad:
                assert repr(bad) in error.message and "nothing was sent" in error.message
        else:
            assert sent == with_id(base, bad), f"{call} with {bad!r} in {slot}"


def test_path_id_encodes_everything_but_unreserved_characters() -> None:
    assert path_id("Process_1:7:abc-DEF.x~y") == "Process_1%3A7%3Aabc-DEF.x~y"
    assert path_id("a/b?c#d%e f") == "a%2Fb%3Fc%23d%25e%20f"
    assert path_id("...") == "..."
    assert path_id("ü\x1b") == "%C3%BC%1B"


@pytest.mark.parametrize("value", ["", ".", "..", "\ud800"])
def test_path_id_refuses_what_is_no_segment_and_names_it_safely(value: str) -> None:
    with pytest.raises(errors.BadRequest) as info:
        path_id(value, "task id")
    assert "task id" in info.value.message and repr(value) in info.value.message


def test_the_message_never_carries_a_raw_control_character() -> None:
    with pytest.raises(errors.BadRequest) as info:
        path_id("\ud800\x1b[2J", "task id")
    assert "\x1b" not in info.value.message and "\\x1b" in info.value.message


@pytest.mark.parametrize(
    "operation",
    [
        op.ClaimTask(task_id="..", user_id="demo"),
        op.CompleteTask(task_id="."),
        op.DeleteDeployment(deployment_id=".."),
        op.DeleteInstance(instance_id=""),
        op.StartInstance(bpmn_process_id=".."),
    ],
    ids=lambda o: type(o).__name__,
)
async def test_a_plan_refuses_such_an_id_before_anything_is_asked(operation: op.Operation) -> None:
    async with C7Engine(Connection(base_url="http://engine.test/engine-rest")) as engine:
        with pytest.raises(errors.BadRequest):
            engine.preview(operation)
