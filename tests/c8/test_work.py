"""Incidents, jobs and user tasks on Camunda 8, against the fake cluster."""

from __future__ import annotations

import pytest

from camtui.api import errors
from camtui.api.c8.engine import C8Engine
from camtui.api.models import IncidentFilter, TaskFilter, VariableValue
from camtui.api.models.cluster import JobFilter
from tests.c8.fake_cluster import FakeCluster
from tests.c8.helpers import deploy, start


async def failed_payment(c8: C8Engine, cluster: FakeCluster) -> tuple[str, str]:
    await deploy(c8, "payment.bpmn")
    instance = (await start(c8, "payment"))[0]
    job = next(j for j in cluster.state.jobs.values() if j["processInstanceKey"] == instance.id)
    cluster.fail_job(job["jobKey"], "card declined")
    return instance.id, job["jobKey"]


async def test_incident_list_detail_job_and_retry(c8: C8Engine, cluster: FakeCluster) -> None:
    instance_id, job_key = await failed_payment(c8, cluster)
    page = await c8.incidents.list(IncidentFilter(process_instance_id=instance_id))
    [incident] = page.items
    assert (incident.type, incident.message, incident.configuration) == ("JOB_NO_RETRIES", "card declined", job_key)
    assert (await c8.incidents.get(incident.id)).activity_id == "charge-task"
    job = await c8.incidents.job(job_key)
    assert (job.retries, job.exception_message) == (0, "card declined")
    assert await c8.incidents.stacktrace(incident) == "card declined"
    # resolving alone is refused by the cluster: the job has no retries (its own words reach the user)
    with pytest.raises(errors.Conflict, match="no retries left"):
        await c8.incidents.resolve(incident.id)
    await c8.incidents.retry(incident, retries=2)
    assert cluster.state.incidents[incident.id]["state"] == "RESOLVED"
    assert cluster.state.jobs[job_key]["retries"] == 2
    assert cluster.state.instances[instance_id]["hasIncident"] is False
    assert (await c8.incidents.list(IncidentFilter(process_instance_id=instance_id))).items == ()


async def test_incident_filters_and_sort(c8: C8Engine, cluster: FakeCluster) -> None:
    await failed_payment(c8, cluster)
    await failed_payment(c8, cluster)
    assert (await c8.incidents.list(IncidentFilter(message_like="card%"))).total == 2
    assert (await c8.incidents.list(IncidentFilter(bpmn_process_ids=("order",)))).total == 0
    assert (await c8.incidents.list(IncidentFilter(type="JOB_NO_RETRIES"))).total == 2


async def test_jobs_search_update_and_fail(c8: C8Engine, cluster: FakeCluster) -> None:
    await deploy(c8, "payment.bpmn")
    instance = (await start(c8, "payment"))[0]
    [job] = (await c8.jobs.search(JobFilter(type="charge"))).items
    assert (job.process_instance_id, job.retries, job.state) == (instance.id, 3, "CREATED")
    await c8.jobs.update(job.id, retries=5, timeout_ms=60000)
    assert cluster.state.jobs[job.id]["retries"] == 5
    await c8.jobs.fail(job.id, retries=0, message="boom")
    assert (await c8.incidents.list(IncidentFilter(process_instance_id=instance.id))).total == 1
    with pytest.raises(errors.BadRequest, match="greater than zero"):
        await c8.incidents.set_job_retries(job.id, 0)
    await c8.incidents.set_job_retries_many((job.id,), 1)
    assert cluster.state.jobs[job.id]["retries"] == 1


async def test_user_task_claim_assign_unassign_complete(c8: C8Engine, cluster: FakeCluster) -> None:
    await deploy(c8, "order.bpmn")
    instance = (await start(c8, "order", amount=5))[0]
    [task] = (await c8.tasks.list(TaskFilter(process_instance_id=instance.id))).items
    assert (task.name, task.task_definition_key, task.assignee) == ("Approve order", "approve", None)
    assert (await c8.tasks.list(TaskFilter(unassigned=True))).total == 1
    await c8.tasks.claim(task.id, "demo")
    assert cluster.state.tasks[task.id]["assignee"] == "demo"
    with pytest.raises(errors.Conflict, match="already been assigned"):
        await c8.tasks.claim(task.id, "mary")
    await c8.tasks.set_assignee(task.id, "mary")
    assert (await c8.tasks.get(task.id)).assignee == "mary"
    assert (await c8.tasks.list(TaskFilter(assignee="mary"))).total == 1
    await c8.tasks.unclaim(task.id)
    assert cluster.state.tasks[task.id]["assignee"] is None
    assert [v.name for v in await c8.tasks.form_variables(task.id)] == ["amount"]
    # what the task sees: none of its own, the instance's from the parent scope (the spec's
    # "variables from parent scopes in the scope hierarchy")
    assert [(v.name, v.value, v.scope_id) for v in await c8.tasks.variables(task.id)] == [("amount", 5, instance.id)]
    assert await c8.tasks.form(task.id) is None
    await c8.tasks.complete(task.id, {"approved": VariableValue(value=True)})
    assert cluster.state.tasks[task.id]["state"] == "COMPLETED"
    assert cluster.state.instances[instance.id]["state"] == "COMPLETED"
    assert {v.name: v.value for v in await c8.instances.variables(instance.id)} == {"amount": 5, "approved": True}
    with pytest.raises(errors.Conflict, match="COMPLETED"):
        await c8.tasks.complete(task.id)


async def test_user_task_update(c8: C8Engine, cluster: FakeCluster) -> None:
    from datetime import UTC, datetime

    await deploy(c8, "order.bpmn")
    instance = (await start(c8, "order"))[0]
    [task] = (await c8.tasks.list(TaskFilter(process_instance_id=instance.id))).items
    due = datetime(2030, 1, 2, 3, 4, tzinfo=UTC)
    await c8.tasks.change(task.id, due=due, priority=80, candidate_groups=("accounting",))
    stored = cluster.state.tasks[task.id]
    assert (stored["priority"], stored["candidateGroups"]) == (80, ["accounting"])
    assert (await c8.tasks.get(task.id)).due == due
    with pytest.raises(errors.BadRequest, match="0 to 100"):
        await c8.tasks.change(task.id, priority=101)
    assert len(cluster.requests("PATCH")) == 1
