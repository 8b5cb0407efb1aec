"""Issue 11 on the real engine: grouped incidents, a verified retry, a frozen retry by query, timers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from camtui.api.c7.engine import C7Engine
from camtui.api.models import IncidentFilter, JobFilter, NewDeployment, TaskFilter, VariableValue
from camtui.api.plan import OutcomeStatus, Report
from camtui.kinds import runner
from camtui.kinds.base import Action
from camtui.kinds.incident_groups import GroupBy, grouped
from camtui.kinds.incidents import RETRY
from camtui.kinds.jobs import SET_DUE
from tests import waiting
from tests.engine.helpers import unique

NS = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://camtui.test"'
)
# cause "a": fails until the variable needA exists (fixable); otherwise a substring out of range,
# whose message carries the text's length (numbers that differ from instance to instance)
FAILING = "${cause == 'a' ? needA.length() : text.substring(99)}"


def failing_process(process_id: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions {NS} id="d_{process_id}">
  <bpmn:process id="{process_id}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <bpmn:serviceTask id="work" camunda:asyncBefore="true" camunda:expression="{FAILING}"/>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="after"/>
    <bpmn:userTask id="after"/>
    <bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
""".encode()


def timer_process(process_id: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions {NS} id="d_{process_id}">
  <bpmn:process id="{process_id}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait_an_hour"/>
    <bpmn:intermediateCatchEvent id="wait_an_hour">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait_an_hour" targetRef="after"/>
    <bpmn:userTask id="after"/>
    <bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
""".encode()


async def until(check: Callable[[], Awaitable[bool]], what: str, seconds: float = 90) -> None:
    """Poll `check` (an engine read) until it holds; fail naming `what` after `seconds`."""
    await waiting.until(check, what, seconds, every=0.3)


async def deploy(engine: C7Engine, name: str, xml: bytes) -> None:
    await engine.deployments.create(NewDeployment(name=name, files=((f"{name}.bpmn", xml),)))


async def start_failing(engine: C7Engine, process_id: str, causes: list[str]) -> dict[str, str]:
    """One instance per cause; waits for all their incidents. Instance id -> cause."""
    query = IncidentFilter(bpmn_process_ids=(process_id,))
    before = (await engine.incidents.list(query, limit=1)).total or 0
    started = {}
    for n, cause in enumerate(causes):
        variables = {"cause": VariableValue(value=cause), "text": VariableValue(value="x" * (n + 1))}
        started[(await engine.definitions.start(bpmn_process_id=process_id, variables=variables)).id] = cause

    async def all_failed() -> bool:
        return (await engine.incidents.list(query, limit=1)).total == before + len(started)

    await until(all_failed, f"{len(started)} incidents of {process_id}")
    return started


async def run(engine: C7Engine, action: Action[Any], items: list[Any], options: dict[str, Any]) -> Report:
    chosen = action.defaults() | options
    plan = await runner.make_plan(engine, action, items, chosen)
    return await runner.execute(engine, action, plan, items, chosen)


async def test_twenty_incidents_two_causes_fix_one_retry_all_verified(engine: C7Engine) -> None:
    process_id = unique("twocauses")
    await deploy(engine, process_id, failing_process(process_id))
    started = await start_failing(engine, process_id, ["a"] * 12 + ["b"] * 8)
    query = IncidentFilter(bpmn_process_ids=(process_id,))

    grouping, incidents = await grouped(engine, query, GroupBy.MESSAGE)
    assert grouping.scanned == 20 and not grouping.capped
    assert [g.count for g in grouping.groups] == [12, 8]
    a_group, b_group = grouping.groups
    assert "needA" in a_group.key and "<n>" in b_group.key, grouping.groups
    # the b messages differ (each names its own text's length) yet fall into one group
    assert len({i.message for i in incidents if i.id in b_group.incident_ids}) == 8
    assert a_group.oldest is not None and a_group.newest is not None and a_group.oldest <= a_group.newest
    by_instance = {i.process_instance_id: i for i in incidents}
    assert {by_instance[p].id for p, c in started.items() if c == "a"} == set(a_group.incident_ids)
    assert [g.count for g in (await grouped(engine, query, GroupBy.ACTIVITY))[0].groups] == [20]

    # fix the cause of group a only: its instances get the variable their expression reads
    for instance_id, cause in started.items():
        if cause == "a":
            await engine.instances.set_variables(instance_id, {"needA": VariableValue(value="fixed")})

    report = await run(engine, RETRY, incidents, {"verify": True, "wait": 90})

    outcome = {o.target.id: o for o in report.outcomes}
    assert len(outcome) == 20
    resolved = {i for i, o in outcome.items() if o.status is OutcomeStatus.DONE}
    failed = {i for i, o in outcome.items() if o.status is OutcomeStatus.FAILED}
    assert resolved == set(a_group.incident_ids)
    assert failed == set(b_group.incident_ids)
    assert report.pending == 0
    assert all("resolved" in outcome[i].message for i in resolved)
    assert all("failed again" in outcome[i].message and "99" in outcome[i].message for i in failed)
    assert report.notes[0] == "Verified after the retry: 12 resolved, 8 failed again, 0 pending."
    assert any(n.startswith("failed again (8): ") for n in report.notes)
    # the engine agrees: a's instances went on to the user task, b's have new incidents
    for instance_id, cause in started.items():
        tasks = (await engine.tasks.list(TaskFilter(process_instance_id=instance_id), limit=1)).total
        assert tasks == (1 if cause == "a" else 0)
    after = await engine.incidents.list(query, limit=50)
    assert {i.process_instance_id for i in after.items} == {p for p, c in started.items() if c == "b"}
    assert not {i.id for i in after.items} & set(b_group.incident_ids), "b failed again: new incidents"


async def test_a_retry_by_query_touches_only_the_frozen_targets(engine: C7Engine) -> None:
    process_id = unique("frozen")
    await deploy(engine, process_id, failing_process(process_id))
    await start_failing(engine, process_id, ["b"] * 3)
    query = IncidentFilter(bpmn_process_ids=(process_id,))
    _, frozen = await grouped(engine, query, GroupBy.TYPE)
    chosen = RETRY.defaults() | {"verify": True, "wait": 90}
    plan = await runner.make_plan(engine, RETRY, frozen, chosen)
    assert plan.count == 3

    # more incidents of the same query appear between the plan and the run
    await start_failing(engine, process_id, ["b"] * 2)
    later = {
        i.id: i for i in (await engine.incidents.list(query, limit=50)).items if i.id not in {f.id for f in frozen}
    }
    assert len(later) == 2

    report = await runner.execute(engine, RETRY, plan, frozen, chosen)
    assert {o.target.id for o in report.outcomes} == {i.id for i in frozen}
    assert report.failed == 3
    # the two that came later were not retried: the same incidents, their jobs untouched
    now = {i.id: i for i in (await engine.incidents.list(query, limit=50)).items}
    assert set(later) <= set(now)
    for incident in later.values():
        job = await engine.jobs.get(incident.configuration or "")
        assert job.retries == 0


async def test_a_timers_due_date_moved_to_now_and_the_instance_continues(engine: C7Engine) -> None:
    process_id = unique("timer")
    await deploy(engine, process_id, timer_process(process_id))
    instance = await engine.definitions.start(bpmn_process_id=process_id)
    (job,) = (await engine.jobs.list(JobFilter(process_instance_id=instance.id, timers=True))).items
    assert job.type == "timer" and job.activity_id == "wait_an_hour"
    assert job.due_date is not None
    assert (await engine.tasks.list(TaskFilter(process_instance_id=instance.id), limit=1)).total == 0

    report = await run(engine, SET_DUE, [job], {"due": "now"})
    assert report.ok, report.describe()

    async def continued() -> bool:
        return (await engine.tasks.list(TaskFilter(process_instance_id=instance.id), limit=1)).total == 1

    await until(continued, "the instance to pass its timer")
    assert (await engine.jobs.list(JobFilter(process_instance_id=instance.id), limit=1)).total == 0


async def test_job_definitions_suspend_with_their_jobs_and_recalculate_a_timer(engine: C7Engine) -> None:
    from camtui.api.models import JobDefinitionFilter
    from camtui.kinds.jobs import ACTIVATE_DEFINITION, SET_PRIORITY, SUSPEND_DEFINITION

    process_id = unique("jobdef")
    await deploy(engine, process_id, timer_process(process_id))
    instance = await engine.definitions.start(bpmn_process_id=process_id)
    (definition,) = (await engine.jobs.definitions(JobDefinitionFilter(bpmn_process_id=process_id))).items
    assert definition.job_type.startswith("timer") and definition.activity_id == "wait_an_hour"
    (job,) = (await engine.jobs.list(JobFilter(process_instance_id=instance.id))).items
    assert job.job_definition_id == definition.id

    report = await run(engine, SUSPEND_DEFINITION, [definition], {"include_jobs": True})
    assert report.ok, report.describe()
    assert (await engine.jobs.definition(definition.id)).suspended
    assert (await engine.jobs.get(job.id)).suspended

    # while suspended the executor leaves the timer alone: move it into the past, then recalculate it
    # from the timer's definition (an hour after the job was made)
    report = await run(engine, SET_PRIORITY, [job], {"priority": "9"})
    assert report.ok and (await engine.jobs.get(job.id)).priority == 9
    report = await run(engine, SET_DUE, [job], {"due": "2000-01-01T00:00:00+00:00"})
    assert report.ok, report.describe()
    past = (await engine.jobs.get(job.id)).due_date
    assert past is not None and past.year == 2000
    report = await run(engine, SET_DUE, [job], {"recalculate": True})
    assert report.ok, report.describe()
    recalculated = (await engine.jobs.get(job.id)).due_date
    assert (
        recalculated is not None and job.due_date is not None and abs(recalculated - job.due_date).total_seconds() < 2
    )
    assert (await engine.jobs.list(JobFilter(process_instance_id=instance.id, due_after=past), limit=1)).total == 1

    report = await run(engine, ACTIVATE_DEFINITION, [definition], {"include_jobs": False})
    assert report.ok and not (await engine.jobs.definition(definition.id)).suspended
    assert (await engine.jobs.get(job.id)).suspended, "without its jobs: the job stays suspended"
    await run(engine, ACTIVATE_DEFINITION, [definition], {"include_jobs": True})
    assert not (await engine.jobs.get(job.id)).suspended


async def test_incident_detail_annotate_and_resolve_refused_for_failed_jobs(engine: C7Engine) -> None:
    from camtui.kinds.incidents import ANNOTATE, RESOLVE, describe_incident

    process_id = unique("detail")
    await deploy(engine, process_id, failing_process(process_id))
    await start_failing(engine, process_id, ["a"])
    (incident,) = (await engine.incidents.list(IncidentFilter(bpmn_process_ids=(process_id,)))).items
    detail = await describe_incident(engine, incident.id)
    assert detail["job"]["id"] == incident.configuration and detail["job"]["retries"] == 0
    assert detail["cause_chain"] == []
    assert "needA" in detail["stacktrace"] and "\n\tat " in detail["stacktrace"]
    assert (await engine.jobs.stacktrace(incident.configuration or "")) == detail["stacktrace"]

    report = await run(engine, ANNOTATE, [incident], {"annotation": "ops: waiting for the fix"})
    assert report.ok and (await engine.incidents.get(incident.id)).annotation == "ops: waiting for the fix"
    report = await run(engine, RESOLVE, [incident], {})
    assert report.failed == 1 and report.outcomes[0].message
    assert (await engine.incidents.get(incident.id)).id == incident.id


async def test_external_task_retries_as_one_batch(engine: C7Engine, real_engine: Any) -> None:
    import httpx

    from camtui.api.models import ExternalTaskFilter
    from camtui.kinds.external_tasks import SET_RETRIES

    ids = [(await engine.definitions.start(bpmn_process_id="camtui_order")).id for _ in range(2)]
    tasks: list[Any] = []
    for instance_id in ids:
        tasks += (await engine.external_tasks.list(ExternalTaskFilter(process_instance_id=instance_id))).items
    assert len(tasks) == 2
    report = await run(engine, SET_RETRIES, tasks, {"retries": "6"})
    assert report.ok, report.describe()
    assert report.outcomes[0].message == "retries set to 6"
    found = await engine.external_tasks.list(ExternalTaskFilter(ids=tuple(t.id for t in tasks)))
    assert {t.retries for t in found.items} == {6}
    # a failure with its details, read back as the worker sent them
    worker = unique("w")
    async with httpx.AsyncClient(base_url=real_engine.url, auth=("demo", "demo")) as raw:
        topics = [{"topicName": "ship-order", "lockDuration": 60000, "processInstanceId": ids[0]}]
        await raw.post("/external-task/fetchAndLock", json={"workerId": worker, "maxTasks": 50, "topics": topics})
        failure = {"workerId": worker, "errorMessage": "carrier down", "errorDetails": "line 1\nline 2", "retries": 0}
        assert (await raw.post(f"/external-task/{tasks[0].id}/failure", json=failure)).status_code == 204
    assert await engine.external_tasks.error_details(tasks[0].id) == "line 1\nline 2"
    await engine.external_tasks.unlock(tasks[0].id)
    await engine.external_tasks.set_priority(tasks[0].id, 3)
    assert (await engine.external_tasks.get(tasks[0].id)).priority == 3
