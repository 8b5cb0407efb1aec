"""Bulk over a query on the real engine: the query is frozen to its ids first, and exactly those change."""

from __future__ import annotations

import asyncio

import httpx

from camtui.api.c7.engine import C7Engine
from camtui.api.models import InstanceFilter, NewDeployment
from camtui.kinds import runner
from camtui.kinds.bulk import freeze
from camtui.kinds.instances import CANCEL_ALL, INSTANCES
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.recording import Recorder


async def start_many(engine: C7Engine, key: str, n: int, prefix: str) -> set[str]:
    ids: set[str] = set()
    for first in range(0, n, 25):
        started = await asyncio.gather(
            *(
                engine.definitions.start(bpmn_process_id=key, business_key=f"{prefix}-{i}")
                for i in range(first, min(n, first + 25))
            )
        )
        ids |= {s.id for s in started}
    return ids


async def test_a_bulk_cancel_changes_exactly_the_frozen_300(
    engine: C7Engine, real_engine: RunningEngine, sent_requests: Recorder
) -> None:
    key = unique("bulk")
    await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
    first = await start_many(engine, key, 300, "first")
    query = InstanceFilter(bpmn_process_id=key)

    frozen = await freeze(engine, INSTANCES, query)
    assert {i.id for i in frozen} == first
    plan = await runner.make_plan(engine, CANCEL_ALL, frozen, {"reason": "frozen at 300"})
    assert plan.count == 300 and "As one engine batch" in plan.impact
    [request] = plan.requests
    assert (request.method, request.url) == ("POST", f"{real_engine.url}/process-instance/delete")
    assert isinstance(request.json_body, dict) and set(request.json_body["processInstanceIds"]) == first

    # more instances that match the same query start after the freeze: they must not be touched
    later = await start_many(engine, key, 40, "later")
    assert (await engine.instances.list(query, limit=1)).total == 340

    before = len(sent_requests.sent)
    report = await runner.execute(engine, CANCEL_ALL, plan, frozen, {"reason": "frozen at 300"})
    assert report.done == 300 and report.failed == 0
    # one batch request for all 300, then progress polls and one re-read: not one request per instance
    sent = sent_requests.sent[before:]
    assert [s.path for s in sent if s.method == "POST" and s.path == "/process-instance/delete"] == [
        "/process-instance/delete"
    ]
    # everything else only reads: progress polls and the re-read of the 300 (the number of polls is time)
    others = {(s.method, s.path.rsplit("/", 1)[0] if s.path.startswith("/history/batch/") else s.path) for s in sent}
    others.discard(("POST", "/process-instance/delete"))
    reads = {("GET", "/batch/statistics"), ("GET", "/history/batch"), ("POST", "/process-instance")}
    # and one look at the deletion batches there before, to know ours should its answer be lost
    assert others <= reads | {("POST", "/process-instance/count"), ("GET", "/batch/statistics/count")}
    assert ("POST", "/process-instance") in others, "the targets are re-read to verify the outcome"

    # the engine's state afterwards: exactly the later ones run, the first 300 ended with the reason
    left = await freeze(engine, INSTANCES, query)
    assert {i.id for i in left} == later
    async with httpx.AsyncClient(auth=("demo", "demo")) as client:
        history = (
            await client.post(
                f"{real_engine.url}/history/process-instance",
                params={"maxResults": 1000},
                json={"processDefinitionKey": key},
            )
        ).json()
    ended = {h["id"]: h for h in history if h["id"] in first}
    assert len(ended) == 300
    assert {h["state"] for h in ended.values()} == {"EXTERNALLY_TERMINATED"}
    assert {h["deleteReason"] for h in ended.values()} == {"frozen at 300"}
