"""Incidents, jobs, external tasks and user tasks against the real engine."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from camtui.api import errors
from camtui.api.c7.engine import C7Engine
from camtui.api.models import (
    ExternalTaskFilter,
    IncidentFilter,
    IncidentSort,
    InstanceFilter,
    NewDeployment,
    SortOrder,
    TaskFilter,
    TaskSort,
    VariableValue,
)
from tests.engine.helpers import bpmn, unique


async def failing_instance(engine: C7Engine) -> str:
    """A new instance of the demo payment process; its async job fails into an incident."""
    instance = await engine.definitions.start(bpmn_process_id="camtui_payment", business_key=unique("PAY"))
    async with asyncio.timeout(60):
        while not (await engine.incidents.list(IncidentFilter(process_instance_id=instance.id), limit=1)).total:
            await asyncio.sleep(0.3)
    return instance.id


async def test_incident_query_filters_and_stacktrace(engine: C7Engine) -> None:
    instance_id = await failing_instance(engine)
    page = await engine.incidents.list(IncidentFilter(process_instance_id=instance_id))
    assert page.total == 1
    incident = page.items[0]
    assert incident.type == "failedJob"
    assert incident.activity_id == "charge_card"
    assert "paymentGateway" in (incident.message or "")
    assert incident.timestamp is not None
    assert (await engine.incidents.get(incident.id)).id == incident.id
    for f in (
        IncidentFilter(type="failedJob", process_instance_id=instance_id),
        IncidentFilter(message_like="%paymentGateway%", process_instance_id=instance_id),
        IncidentFilter(activity_id="charge_card", process_instance_id=instance_id),
        IncidentFilter(process_definition_id=incident.process_definition_id, process_instance_id=instance_id),
        IncidentFilter(bpmn_process_ids=("camtui_payment",), process_instance_id=instance_id),
    ):
        assert (await engine.incidents.list(f, limit=1)).total == 1, f
    assert (
        await engine.incidents.list(IncidentFilter(type="failedExternalTask", process_instance_id=instance_id), limit=1)
    ).total == 0
    sorted_page = await engine.incidents.list(
        IncidentFilter(sort_by=IncidentSort.TIMESTAMP, sort_order=SortOrder.DESC), limit=2
    )
    assert len(sorted_page.items) <= 2
    trace = await engine.incidents.stacktrace(incident)
    assert "paymentGateway" in trace and "Exception" in trace
    job = await engine.incidents.job(incident.configuration or "")
    assert job.retries == 0


async def test_retry_resolves_the_incident(engine: C7Engine) -> None:
    instance_id = await failing_instance(engine)
    incident = (await engine.incidents.list(IncidentFilter(process_instance_id=instance_id))).items[0]
    await engine.incidents.set_job_retries(incident.configuration or "", 1)
    # retries > 0 resolve the incident at once; the job executor then fails it again
    job = await engine.incidents.job(incident.configuration or "")
    assert job.retries in (0, 1)
    with pytest.raises(errors.NotFound):
        await engine.incidents.get(incident.id)


async def test_retry_many_as_a_batch(engine: C7Engine) -> None:
    ids = [await failing_instance(engine) for _ in range(2)]
    jobs = []
    for instance_id in ids:
        incident = (await engine.incidents.list(IncidentFilter(process_instance_id=instance_id))).items[0]
        jobs.append(incident.configuration or "")
    batch = await engine.incidents.set_job_retries_many(tuple(jobs), 2)
    assert batch.total_jobs >= 1
    async with asyncio.timeout(60):
        while not (await engine.instances.batch_progress(batch.id)).finished:
            await asyncio.sleep(0.3)


async def test_resolve_a_failed_job_incident_is_refused_with_the_engine_message(engine: C7Engine) -> None:
    instance_id = await failing_instance(engine)
    incident = (await engine.incidents.list(IncidentFilter(process_instance_id=instance_id))).items[0]
    with pytest.raises(errors.BadRequest) as info:
        await engine.incidents.resolve(incident.id)
    assert info.value.message
    await engine.incidents.annotate(incident.id, "looked at by ops")
    assert (await engine.incidents.get(incident.id)).annotation == "looked at by ops"


async def test_external_tasks_failure_unlock_and_retries(engine: C7Engine, real_engine: object) -> None:
    instance = await engine.definitions.start(bpmn_process_id="camtui_order", business_key=unique("ORD"))
    worker = unique("w")
    url = real_engine.url  # type: ignore[attr-defined]
    async with httpx.AsyncClient(auth=("demo", "demo")) as raw:
        locked = (
            await raw.post(
                f"{url}/external-task/fetchAndLock",
                json={
                    "workerId": worker,
                    "maxTasks": 50,
                    "topics": [{"topicName": "ship-order", "lockDuration": 60000, "processInstanceId": instance.id}],
                },
            )
        ).json()
        task = next(t for t in locked if t["processInstanceId"] == instance.id)
        tasks = await engine.incidents.external_tasks(ExternalTaskFilter(process_instance_id=instance.id, locked=True))
        assert [t.worker_id for t in tasks.items] == [worker]
        await engine.incidents.unlock_external_task(task["id"])
        tasks = await engine.incidents.external_tasks(
            ExternalTaskFilter(process_instance_id=instance.id, not_locked=True)
        )
        assert [t.id for t in tasks.items] == [task["id"]]
        # fail it with no retries left: a failedExternalTask incident
        await raw.post(
            f"{url}/external-task/fetchAndLock",
            json={
                "workerId": worker,
                "maxTasks": 50,
                "topics": [{"topicName": "ship-order", "lockDuration": 60000, "processInstanceId": instance.id}],
            },
        )
        answer = await raw.post(
            f"{url}/external-task/{task['id']}/failure",
            json={"workerId": worker, "errorMessage": "carrier down", "errorDetails": "trace...", "retries": 0},
        )
        assert answer.status_code == 204
    incident = (await engine.incidents.list(IncidentFilter(process_instance_id=instance.id))).items[0]
    assert incident.type == "failedExternalTask"
    assert await engine.incidents.stacktrace(incident) == "trace..."
    await engine.incidents.retry(incident, retries=3)
    assert (await engine.incidents.list(IncidentFilter(process_instance_id=instance.id), limit=1)).total == 0
    tasks = await engine.incidents.external_tasks(ExternalTaskFilter(process_instance_id=instance.id))
    assert tasks.items[0].retries == 3
    await engine.incidents.set_external_task_retries(tasks.items[0].id, 5)
    tasks = await engine.incidents.external_tasks(ExternalTaskFilter(process_instance_id=instance.id))
    assert tasks.items[0].retries == 5


async def start_task(engine: C7Engine, **variables: VariableValue) -> tuple[str, str]:
    instance = await engine.definitions.start(
        bpmn_process_id="camtui_invoice", business_key=unique("T"), variables=variables
    )
    task = (await engine.tasks.list(TaskFilter(process_instance_id=instance.id))).items[0]
    return instance.id, task.id


async def test_task_query_filters(engine: C7Engine) -> None:
    instance_id, task_id = await start_task(engine)
    task = await engine.tasks.get(task_id)
    assert task.name == "Approve invoice"
    assert task.task_definition_key == "approve_invoice"
    assert task.created is not None
    for f in (
        TaskFilter(process_instance_id=instance_id, candidate_group="accounting"),
        TaskFilter(process_instance_id=instance_id, candidate_user="mary"),
        TaskFilter(process_instance_id=instance_id, unassigned=True),
        TaskFilter(process_instance_id=instance_id, name_like="Approve%"),
        TaskFilter(process_instance_id=instance_id, bpmn_process_id="camtui_invoice"),
        TaskFilter(process_instance_id=instance_id, due_before=None, follow_up_after=None),
    ):
        assert (await engine.tasks.list(f, limit=1)).total == 1, f
    assert (
        await engine.tasks.list(TaskFilter(process_instance_id=instance_id, candidate_group="management"), limit=1)
    ).total == 0
    await engine.tasks.claim(task_id, "mary")
    assert (await engine.tasks.list(TaskFilter(process_instance_id=instance_id, assignee="mary"), limit=1)).total == 1
    assert (await engine.tasks.list(TaskFilter(process_instance_id=instance_id, unassigned=True), limit=1)).total == 0
    page = await engine.tasks.list(
        TaskFilter(name_like="%invoice%", sort_by=TaskSort.CREATED, sort_order=SortOrder.DESC), limit=2
    )
    assert page.total is not None and page.total >= 1 and len(page.items) <= 2
    soon = datetime.now(UTC) + timedelta(days=1)
    assert (await engine.tasks.list(TaskFilter(process_instance_id=instance_id, due_before=soon), limit=1)).total == 0


async def test_claim_conflict_unclaim_assign_delegate_resolve(engine: C7Engine) -> None:
    _, task_id = await start_task(engine)
    await engine.tasks.claim(task_id, "mary")
    with pytest.raises(errors.Conflict) as info:
        await engine.tasks.claim(task_id, "peter")
    assert "mary" in info.value.message or "claimed" in info.value.message
    await engine.tasks.unclaim(task_id)
    assert (await engine.tasks.get(task_id)).assignee is None
    await engine.tasks.set_assignee(task_id, "zoe")
    assert (await engine.tasks.get(task_id)).assignee == "zoe"
    await engine.tasks.delegate(task_id, "peter")
    delegated = await engine.tasks.get(task_id)
    assert delegated.assignee == "peter" and delegated.owner == "zoe" and delegated.delegation_state == "PENDING"
    await engine.tasks.resolve(task_id)
    resolved = await engine.tasks.get(task_id)
    assert resolved.assignee == "zoe" and resolved.delegation_state == "RESOLVED"


async def test_complete_with_typed_variables(engine: C7Engine) -> None:
    instance_id, task_id = await start_task(engine, amount=VariableValue(value=10, type="Integer"))
    form = {v.name for v in await engine.tasks.form_variables(task_id)}
    assert "amount" in form
    task_vars = {v.name: v.value for v in await engine.tasks.variables(task_id)}
    assert task_vars["amount"] == 10
    await engine.tasks.complete(task_id, {"approved": VariableValue(value=True, type="Boolean")})
    with pytest.raises(errors.NotFound):
        await engine.tasks.get(task_id)
    # v2 of the invoice goes on to an archive task, where the variable is visible
    variables = {v.name: v.value for v in await engine.instances.variables(instance_id)}
    assert variables["approved"] is True


async def test_comments(engine: C7Engine) -> None:
    _, task_id = await start_task(engine)
    comment = await engine.tasks.add_comment(task_id, "Prüfen bis Freitag ✓")
    comments = await engine.tasks.comments(task_id)
    assert [c.message for c in comments] == ["Prüfen bis Freitag ✓"]
    assert comments[0].id == comment.id and comments[0].user_id == "demo"


async def test_tasks_paging(engine: C7Engine) -> None:
    key = unique("tp")
    await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
    for _ in range(5):
        await engine.definitions.start(bpmn_process_id=key)
    f = TaskFilter(bpmn_process_id=key, sort_by=TaskSort.ID)
    first = await engine.tasks.list(f, limit=2)
    second = await engine.tasks.list(f, limit=2, after=first.next)
    third = await engine.tasks.list(f, limit=2, after=second.next)
    ids = [t.id for p in (first, second, third) for t in p.items]
    assert len(ids) == 5 == len(set(ids))
    assert third.next is None
    assert (await engine.instances.list(InstanceFilter(bpmn_process_id=key), limit=1)).total == 5
