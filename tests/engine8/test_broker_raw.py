"""The real Camunda 8.6 broker, spoken to with plain httpx: what camtui's Camunda 8 client must handle.

Each test checks the broker's answer and, through its exported records, the state it is in afterwards.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.conftest import RunningBroker
from tests.engine8.helpers import (
    broken_process,
    find_records,
    message_process,
    service_task_process,
    unique,
    user_task_process,
    wait_for_record,
)


@pytest.fixture
async def api(real_c8: RunningBroker) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{real_c8.url}/v2", timeout=30.0) as client:
        yield client


async def deploy(api: httpx.AsyncClient, name: str, content: bytes) -> dict[str, Any]:
    answer = await api.post("/deployments", files=[("resources", (name, content, "application/xml"))])
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def start(api: httpx.AsyncClient, process_id: str, variables: dict[str, Any] | None = None) -> int:
    answer = await api.post(
        "/process-instances", json={"processDefinitionId": process_id, "variables": variables or {}}
    )
    assert answer.status_code == 200, answer.text
    key: int = answer.json()["processInstanceKey"]
    return key


async def test_topology_is_one_healthy_860_broker(api: httpx.AsyncClient) -> None:
    answer = await api.get("/topology")
    assert answer.status_code == 200
    topology = answer.json()
    assert topology["gatewayVersion"] == "8.6.0"
    assert (topology["clusterSize"], topology["partitionsCount"], topology["replicationFactor"]) == (1, 1, 1)
    [broker] = topology["brokers"]
    assert broker["host"] == "127.0.0.1"
    assert broker["version"] == "8.6.0"
    assert broker["partitions"] == [{"partitionId": 1, "role": "leader", "health": "healthy"}]


async def test_license_says_there_is_none(api: httpx.AsyncClient) -> None:
    answer = await api.get("/license")
    assert answer.status_code == 200
    # 8.6 knows two fields (8.8 adds isCommercial and expiresAt)
    assert answer.json() == {"validLicense": False, "licenseType": "unknown"}


async def test_deploy_a_bpmn(api: httpx.AsyncClient, real_c8: RunningBroker) -> None:
    process_id = unique("deploy")
    body = await deploy(api, f"{process_id}.bpmn", service_task_process(process_id, unique("job")))
    assert body["tenantId"] == "<default>"
    [deployed] = body["deployments"]
    definition = deployed["processDefinition"]
    assert definition["processDefinitionId"] == process_id
    assert definition["processDefinitionVersion"] == 1
    assert definition["resourceName"] == f"{process_id}.bpmn"
    # the broker holds it: a PROCESS record under that key, in that deployment
    record = await wait_for_record(
        real_c8.records, "PROCESS", "CREATED", key=definition["processDefinitionKey"], bpmnProcessId=process_id
    )
    assert record["value"]["deploymentKey"] == body["deploymentKey"]

    # a changed file under the same id is the next version
    again = await deploy(api, f"{process_id}.bpmn", service_task_process(process_id, "other-type"))
    assert again["deployments"][0]["processDefinition"]["processDefinitionVersion"] == 2


async def test_a_broken_bpmn_gets_the_brokers_parse_error(api: httpx.AsyncClient, real_c8: RunningBroker) -> None:
    process_id = unique("broken")
    answer = await api.post(
        "/deployments", files=[("resources", (f"{process_id}.bpmn", broken_process(process_id), "application/xml"))]
    )
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["title"] == "INVALID_ARGUMENT"
    assert problem["status"] == 400
    assert f"'{process_id}.bpmn'" in problem["detail"]
    assert "no ID/IDREF binding for IDREF 'nowhere'" in problem["detail"]
    # the rejection is on the record, and nothing was deployed
    await wait_for_record(real_c8.records, "DEPLOYMENT", "CREATE")
    rejected = [
        r
        for r in find_records(real_c8.records, "DEPLOYMENT", "CREATE")
        if r["recordType"] == "COMMAND_REJECTION" and f"'{process_id}.bpmn'" in r["rejectionReason"]
    ]
    assert len(rejected) == 1
    assert find_records(real_c8.records, "PROCESS", "CREATED", bpmnProcessId=process_id) == []


async def test_start_and_cancel_an_instance(api: httpx.AsyncClient, real_c8: RunningBroker) -> None:
    process_id = unique("cancel")
    await deploy(api, f"{process_id}.bpmn", service_task_process(process_id, unique("job")))
    answer = await api.post("/process-instances", json={"processDefinitionId": process_id, "variables": {"n": 1}})
    assert answer.status_code == 200
    created = answer.json()
    assert created["processDefinitionId"] == process_id
    assert created["processDefinitionVersion"] == 1
    instance = created["processInstanceKey"]
    # it runs: the service task waits for a worker
    await wait_for_record(
        real_c8.records, "PROCESS_INSTANCE", "ELEMENT_ACTIVATED", processInstanceKey=instance, elementId="wait"
    )

    cancelled = await api.post(f"/process-instances/{instance}/cancellation", json={})
    assert cancelled.status_code == 204
    await wait_for_record(
        real_c8.records, "PROCESS_INSTANCE", "ELEMENT_TERMINATED", key=instance, bpmnElementType="PROCESS"
    )

    # cancelling it again: the broker no longer knows it
    again = await api.post(f"/process-instances/{instance}/cancellation", json={})
    assert again.status_code == 404
    assert again.json()["title"] == "NOT_FOUND"
    assert str(instance) in again.json()["detail"]


async def test_publish_a_message_that_an_instance_waits_for(api: httpx.AsyncClient, real_c8: RunningBroker) -> None:
    process_id, message = unique("msg"), unique("paid")
    await deploy(api, f"{process_id}.bpmn", message_process(process_id, message))
    instance = await start(api, process_id, {"orderId": "A-7"})
    await wait_for_record(
        real_c8.records, "PROCESS_MESSAGE_SUBSCRIPTION", "CREATED", processInstanceKey=instance, messageName=message
    )

    answer = await api.post(
        "/messages/publication",
        json={"name": message, "correlationKey": "A-7", "timeToLive": 0, "variables": {"amount": 42}},
    )
    assert answer.status_code == 200
    published = answer.json()
    assert published["tenantId"] == "<default>"
    # the instance took it, with its variables, and finished
    await wait_for_record(
        real_c8.records,
        "PROCESS_MESSAGE_SUBSCRIPTION",
        "CORRELATED",
        processInstanceKey=instance,
        messageKey=published["messageKey"],
    )
    await wait_for_record(
        real_c8.records, "VARIABLE", "CREATED", processInstanceKey=instance, name="amount", value="42"
    )
    await wait_for_record(
        real_c8.records, "PROCESS_INSTANCE", "ELEMENT_COMPLETED", key=instance, bpmnElementType="PROCESS"
    )


async def test_a_failed_job_raises_an_incident_that_resolving_clears(
    api: httpx.AsyncClient, real_c8: RunningBroker
) -> None:
    process_id, job_type = unique("inc"), unique("work")
    await deploy(api, f"{process_id}.bpmn", service_task_process(process_id, job_type))
    instance = await start(api, process_id, {"orderId": "B-1"})

    activation = {"type": job_type, "timeout": 60_000, "maxJobsToActivate": 5, "worker": "camtui-test"}
    answer = await api.post("/jobs/activation", json=activation)
    assert answer.status_code == 200
    [job] = answer.json()["jobs"]
    # 8.6 names the job's key `key` (8.8: `jobKey`)
    assert (job["processInstanceKey"], job["elementId"], job["retries"]) == (instance, "wait", 3)
    assert job["variables"] == {"orderId": "B-1"}

    failed = await api.post(f"/jobs/{job['key']}/failure", json={"retries": 0, "errorMessage": "payment API down"})
    assert failed.status_code == 204
    incident = await wait_for_record(real_c8.records, "INCIDENT", "CREATED", jobKey=job["key"])
    assert incident["value"]["errorType"] == "JOB_NO_RETRIES"
    assert incident["value"]["errorMessage"] == "payment API down"

    # resolving while the job has no retries: refused, saying why (8.6 answers 404, not 409)
    refused = await api.post(f"/incidents/{incident['key']}/resolution", json={})
    assert refused.status_code == 404
    assert "has no retries left" in refused.json()["detail"]

    updated = await api.patch(f"/jobs/{job['key']}", json={"changeset": {"retries": 2}})
    assert updated.status_code == 204
    # 8.6 records the REST update as JOB UPDATED (the gRPC command writes RETRIES_UPDATED)
    await wait_for_record(real_c8.records, "JOB", "UPDATED", key=job["key"], retries=2)
    resolved = await api.post(f"/incidents/{incident['key']}/resolution", json={})
    assert resolved.status_code == 204
    await wait_for_record(real_c8.records, "INCIDENT", "RESOLVED", key=incident["key"])

    # the job is back for a worker, and completing it finishes the instance
    again = (await api.post("/jobs/activation", json=activation)).json()["jobs"]
    assert [(j["key"], j["retries"]) for j in again] == [(job["key"], 2)]
    completed = await api.post(f"/jobs/{job['key']}/completion", json={"variables": {"paid": True}})
    assert completed.status_code == 204
    await wait_for_record(
        real_c8.records, "PROCESS_INSTANCE", "ELEMENT_COMPLETED", key=instance, bpmnElementType="PROCESS"
    )


async def test_complete_a_zeebe_user_task(api: httpx.AsyncClient, real_c8: RunningBroker) -> None:
    process_id = unique("task")
    await deploy(api, f"{process_id}.bpmn", user_task_process(process_id))
    instance = await start(api, process_id)
    task = await wait_for_record(real_c8.records, "USER_TASK", "CREATED", processInstanceKey=instance)
    assert task["value"]["assignee"] == "demo"
    assert task["value"]["elementId"] == "wait"

    answer = await api.post(f"/user-tasks/{task['key']}/completion", json={"variables": {"approved": True}})
    assert answer.status_code == 204
    await wait_for_record(real_c8.records, "USER_TASK", "COMPLETED", key=task["key"])
    await wait_for_record(
        real_c8.records, "VARIABLE", "CREATED", processInstanceKey=instance, name="approved", value="true"
    )
    await wait_for_record(
        real_c8.records, "PROCESS_INSTANCE", "ELEMENT_COMPLETED", key=instance, bpmnElementType="PROCESS"
    )

    # a completed task cannot be completed again
    again = await api.post(f"/user-tasks/{task['key']}/completion", json={})
    assert again.status_code == 404
    assert again.json()["title"] == "NOT_FOUND"
