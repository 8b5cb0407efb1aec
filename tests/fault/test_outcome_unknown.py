"""A change whose answer is lost is reported as "outcome unknown": never "not sent", never retried,
logged, and counted apart in a bulk report."""

from __future__ import annotations

import json
import logging

import pytest

from camtui.api import errors
from camtui.api.c7.engine import C7Engine
from camtui.api.models import NewDeployment, UserTask
from camtui.api.plan import OutcomeStatus, Plan, Target
from camtui.kinds import runner
from camtui.kinds.tasks import CLAIM
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
    refused = (500, JSON, json.dumps({"type": "TaskAlreadyClaimedException", "message": "already claimed"}).encode())
    steps = (
        (204, JSON, b""),  # t0 claimed
        "close",  # t1: sent, its answer lost
        (503, JSON, b'{"message": "busy"}'),  # t1: looking at the task fails too (read retries off)
        refused,  # t2 refused
    )
    async with scripted(*steps) as server, C7Engine(conn(server.url, retries=0)) as engine:
        options = {"user": "demo"}
        plan = await runner.make_plan(engine, CLAIM, tasks, options)
        report = await runner.execute(engine, CLAIM, plan, tasks, options)
    assert [o.status for o in report.outcomes] == [OutcomeStatus.DONE, OutcomeStatus.UNKNOWN, OutcomeStatus.FAILED]
    assert [m for m, _ in server.requests] == ["POST", "POST", "GET", "POST"], "the lost one is looked at, not resent"
    assert not report.ok and "1 outcome unknown (look before trying again)" in report.summary()
    assert "Checking failed too" in report.outcomes[1].message


@pytest.mark.parametrize(
    ("task_now", "status", "words"),
    [
        ({"id": "t1", "assignee": "demo"}, OutcomeStatus.DONE, "the engine shows it done"),
        ({"id": "t1", "assignee": None}, OutcomeStatus.FAILED, "trying again is safe"),
    ],
)
async def test_a_lost_answer_is_checked_where_the_engine_can_tell(
    task_now: dict[str, object], status: OutcomeStatus, words: str
) -> None:
    tasks = [UserTask(id="t1", name="task 1")]
    async with (
        scripted("close", (200, JSON, json.dumps(task_now).encode())) as server,
        C7Engine(conn(server.url, retries=0)) as engine,
    ):
        options = {"user": "demo"}
        plan = await runner.make_plan(engine, CLAIM, tasks, options)
        report = await runner.execute(engine, CLAIM, plan, tasks, options)
    assert [m for m, _ in server.requests] == ["POST", "GET"]
    assert report.outcomes[0].status is status and words in report.outcomes[0].message


async def test_a_lost_delete_is_done_when_the_deployment_is_gone() -> None:
    from camtui.api.models import Deployment
    from camtui.kinds.deployments import DELETE

    items = [Deployment(id="d1", name="orders")]
    # the plan (which counts running instances concurrently) is not what this test is about
    plan = Plan(action=DELETE.id, title="Delete 1 deployment", targets=(Target(id="d1", label="orders"),))
    steps = ("close", (404, JSON, b'{"message": "no deployment"}'))
    async with scripted(*steps) as server, C7Engine(conn(server.url, retries=0)) as engine:
        report = await runner.execute(engine, DELETE, plan, items, {})
    assert [m for m, _ in server.requests] == ["DELETE", "GET"]
    assert report.outcomes[0].status is OutcomeStatus.DONE and report.ok


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
