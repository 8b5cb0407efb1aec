"""Batch suspend and set-variables on the real engine: the query frozen to its ids, one engine batch,
progress notes while it runs, then every target re-read; exactly the frozen ones changed."""

from __future__ import annotations

from camtui.api.c7.engine import C7Engine
from camtui.api.models import InstanceFilter, NewDeployment, VariableValue
from camtui.kinds import runner
from camtui.kinds.bulk import freeze
from camtui.kinds.instance_batches import BATCH_FROM
from camtui.kinds.instances import INSTANCES, SET_VARIABLES, SUSPEND
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.engine.test_bulk_frozen import start_many
from tests.recording import Recorder

N = BATCH_FROM + 5


async def deployed(engine: C7Engine, prefix: str) -> str:
    key = unique(prefix)
    await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
    return key


async def test_batch_suspend_changes_exactly_the_frozen_instances_and_says_so(
    engine: C7Engine, real_engine: RunningEngine, sent_requests: Recorder
) -> None:
    key = await deployed(engine, "bsusp")
    first = await start_many(engine, key, N, "first")
    query = InstanceFilter(bpmn_process_id=key)
    frozen = await freeze(engine, INSTANCES, query)
    plan = await runner.make_plan(engine, SUSPEND, frozen, {})
    assert plan.count == N and "As one engine batch" in plan.impact
    [request] = plan.requests
    assert (request.method, request.url) == ("POST", f"{real_engine.url}/process-instance/suspended-async")
    assert isinstance(request.json_body, dict) and request.json_body["suspended"] is True
    assert set(request.json_body["processInstanceIds"]) == first

    later = await start_many(engine, key, 5, "later")
    notes: list[str] = []
    before = len(sent_requests.sent)
    report = await runner.execute(engine, SUSPEND, plan, frozen, {}, on_note=notes.append)

    assert report.done == N and report.failed == 0, report.outcomes
    assert all("verified" in o.message for o in report.outcomes)
    assert any(f"{N} of {N} suspended" in n for n in report.notes), report.notes
    assert any("jobs done" in n for n in notes), "the batch's progress was told while it ran"
    batch_posts = [s for s in sent_requests.sent[before:] if s.method == "POST" and s.path.endswith("-async")]
    assert [s.path for s in batch_posts] == ["/process-instance/suspended-async"], "one request for all of them"
    # the engine's state: exactly the frozen ones are suspended
    now = {i.id: i.suspended for i in (await engine.instances.list(query, limit=1000)).items}
    assert {i for i, s in now.items() if s} == first
    assert {i for i, s in now.items() if not s} == later


async def test_batch_set_variables_gives_every_frozen_instance_the_typed_value(
    engine: C7Engine, sent_requests: Recorder
) -> None:
    key = await deployed(engine, "bvars")
    first = await start_many(engine, key, N, "first")
    frozen = await freeze(engine, INSTANCES, InstanceFilter(bpmn_process_id=key))
    values = {"amount": VariableValue(value=1200, type="Long"), "doc": VariableValue(value='{"a":[1,2]}', type="Json")}
    options = {"variables": values}
    plan = await runner.make_plan(engine, SET_VARIABLES, frozen, options)
    [request] = plan.requests
    assert request.url.endswith("/process-instance/variables-async")
    assert isinstance(request.json_body, dict)
    assert request.json_body["variables"]["amount"] == {"value": 1200, "type": "Long"}

    later = await start_many(engine, key, 3, "later")
    report = await runner.execute(engine, SET_VARIABLES, plan, frozen, options)
    assert report.done == N and report.failed == 0, report.outcomes
    assert any(f"{N} of {N} set" in n for n in report.notes), report.notes
    assert [s.path for s in sent_requests.sent if s.path.endswith("variables-async")] == [
        "/process-instance/variables-async"
    ]
    for instance in first:
        now = {v.name: v for v in await engine.instances.variables(instance)}
        assert (now["amount"].type, now["amount"].value) == ("Long", 1200)
        assert now["doc"].type == "Json"
    for instance in later:
        assert await engine.instances.variables(instance) == ()


async def test_few_targets_still_run_one_request_each(engine: C7Engine) -> None:
    key = await deployed(engine, "bfew")
    await start_many(engine, key, 2, "few")
    frozen = await freeze(engine, INSTANCES, InstanceFilter(bpmn_process_id=key))
    plan = await runner.make_plan(engine, SUSPEND, frozen, {})
    assert [r.method for r in plan.requests] == ["PUT", "PUT"] and "batch" not in plan.impact
    report = await runner.execute(engine, SUSPEND, plan, frozen, {})
    assert report.done == 2
    assert [(await engine.instances.get(i.id)).suspended for i in frozen] == [True, True]
