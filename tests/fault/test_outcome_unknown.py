"""A change whose answer is lost is reported as "outcome unknown": never "not sent", never retried,
logged, and counted apart in a bulk report."""

from __future__ import annotations

import json
import logging

import pytest

from camtui.api import errors
from camtui.api.c7.engine import C7Engine
from camtui.api.models import NewDeployment, UserTask
from camtui.api.plan import OutcomeStatus
from camtui.kinds import runner
from camtui.kinds.runtime import CLAIM
from tests.fault.scripted_server import JSON, scripted
from tests.fault.test_faults import conn


async def test_a_dropped_answer_to_a_change_is_an_unknown_outcome_and_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="camtui.http")
    async with scripted("close") as server, C7Engine(conn(server.url, retries=3)) as engine:
        with pytest.raises(errors.OutcomeUnknown) as info:
            await engine.deployments.create(NewDeployment(name="orders", files=(("a.bpmn", b"<x/>"),)))
    assert [m for m, _ in server.requests] == ["POST"], "sent once, not retried"
    text = info.value.describe()
    assert "was sent" in text and "may or may not" in text and "Look before you try again" in text
    assert not isinstance(info.value, errors.ConnectionFailed)
    assert any("answer lost" in r.getMessage() and "outcome unknown" in r.getMessage() for r in caplog.records)


async def test_a_dropped_answer_to_a_read_is_still_a_connection_error() -> None:
    async with scripted("close") as server, C7Engine(conn(server.url, retries=0)) as engine:
        with pytest.raises(errors.ConnectionFailed):
            await engine.deployments.get("d1")


async def test_a_bulk_claim_reports_the_lost_answer_apart_from_done_and_failed() -> None:
    tasks = [UserTask(id=f"t{i}", name=f"task {i}") for i in range(3)]
    # the first claim is answered, the second sent and its answer dropped, the third refused
    refused = (500, JSON, json.dumps({"type": "TaskAlreadyClaimedException", "message": "already claimed"}).encode())
    async with scripted((204, JSON, b""), "close", refused) as server, C7Engine(conn(server.url)) as engine:
        options = {"user": "demo"}
        plan = await runner.make_plan(engine, CLAIM, tasks, options)
        report = await runner.execute(engine, CLAIM, plan, tasks, options)
    assert [o.status for o in report.outcomes] == [OutcomeStatus.DONE, OutcomeStatus.UNKNOWN, OutcomeStatus.FAILED]
    assert [m for m, _ in server.requests] == ["POST", "POST", "POST"]
    assert not report.ok and "1 outcome unknown (look before trying again)" in report.summary()
    assert "may or may not" in report.outcomes[1].message


async def test_a_retried_read_is_announced_with_its_attempt() -> None:
    from camtui.api import events

    heard: list[events.Retrying] = []
    stop = events.on_retry(heard.append)
    try:
        steps = ((503, JSON, b'{"message": "busy"}'), (200, JSON, b'{"id": "d1"}'))
        async with scripted(*steps) as server, C7Engine(conn(server.url, retries=2)) as engine:
            assert (await engine.deployments.get("d1")).id == "d1"
    finally:
        stop()
    assert [(n.method, n.attempt, n.attempts) for n in heard] == [("GET", 2, 3)]
    assert heard[0].url.endswith("/deployment/d1") and "busy" in heard[0].reason
