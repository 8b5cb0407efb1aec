"""camtui's Camunda 8 client against the real 8.6 broker: what an operator does, and what the broker holds after.

The broker is 8.6 (the newest on Maven Central) and the client targets 8.8+: where 8.6 differs,
`camtui/api/c8/compat.py` maps it, and these tests show the mapping works on a real broker. Every
request the client sends is checked against the official spec (tests/engine8/spec_transport.py).
8.6 finds nothing by search without a secondary store, so keys come from the broker's records.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from camtui.api import errors
from camtui.api.c8.engine import C8Engine
from camtui.api.c8.incidents import incident_from
from camtui.api.connection import Connection
from camtui.api.models import EngineKind, NewDeployment, VariableValue
from tests.conftest import RunningBroker
from tests.engine8.helpers import (
    broken_process,
    message_process,
    service_task_process,
    signal_process,
    unique,
    user_task_process,
    wait_for_record,
)
from tests.engine8.spec_transport import SpecCheckingTransport

# How 8.6's answers differ from the 8.8+ spec, found by this tier (each the client copes with):
# keys are JSON numbers, not strings; fields added later are absent; a deployment entry leaves out
# the kinds it is not; endpoints added later, and searches, answer the web server's 404 (compat:
# health from the topology; "needs 8.8" for the rest).
DIFFERENCES_8_6 = re.compile(
    r"|".join(
        [
            r"at [\w/]*Key: \d+ is not of type 'string'",
            r"at \(root\): '(clusterId|lastCompletedChangeId|businessId|tags)' is a required property",
            r"at brokers/\d+: 'brokerId' is a required property",
            r"at brokers/\d+/partitions/\d+: 'state' is a required property",
            r"at deployments/\d+: '(decisionDefinition|decisionRequirements|form|resource)' is a required property",
            r"at \(root\): '(isCommercial|expiresAt)' is a required property",
            # what 8.6 does not serve: /status and /authentication/me (8.8), searches without a store
            r"(GET /status|GET /authentication/me|POST /[\w-]+/search) \(\w+\) answered 404: status not declared",
        ]
    )
)


def unexplained(problem: str) -> list[str]:
    """The parts of a spec violation that are not one of DIFFERENCES_8_6."""
    head, _, parts = problem.partition(" body: ")
    return [part for part in (parts.split("; ") if parts else [head]) if not DIFFERENCES_8_6.search(part)]


@pytest.fixture
async def traffic() -> SpecCheckingTransport:
    return SpecCheckingTransport()


@pytest.fixture
async def c8(real_c8: RunningBroker, traffic: SpecCheckingTransport) -> AsyncIterator[C8Engine]:
    """The client on the broker (no authentication, as the broker runs); what it sends must match the spec."""
    async with C8Engine(Connection(base_url=real_c8.url, engine=EngineKind.C8), transport=traffic) as engine:
        yield engine
    assert traffic.request_problems() == []
    answers = [e.response_problem for e in traffic.exchanges if e.response_problem]
    assert [part for problem in answers for part in unexplained(problem)] == []


@pytest.fixture
async def worker(real_c8: RunningBroker) -> AsyncIterator[httpx.AsyncClient]:
    """A job worker's side (activation): not an operator's, so not camtui's; plain HTTP."""
    async with httpx.AsyncClient(base_url=f"{real_c8.url}/v2", timeout=30.0) as client:
        yield client


async def deploy(c8: C8Engine, name: str, content: bytes) -> str:
    result = await c8.deployments.create(NewDeployment(name=name, files=((name, content),)))
    [definition] = result.definitions
    return definition.id


async def activate_one(worker: httpx.AsyncClient, job_type: str) -> dict[str, Any]:
    answer = await worker.post(
        "/jobs/activation", json={"type": job_type, "timeout": 60_000, "maxJobsToActivate": 1, "worker": "t"}
    )
    assert answer.status_code == 200, answer.text
    [job] = answer.json()["jobs"]
    return dict(job)


async def test_topology_engine_and_health(c8: C8Engine) -> None:
    topology = await c8.info.topology()
    assert topology.gateway_version == "8.6.0"
    assert (topology.cluster_size, topology.partitions_count, topology.replication_factor) == (1, 1, 1)
    [broker] = topology.brokers
    assert (broker.host, broker.version) == ("127.0.0.1", "8.6.0")
    assert [(p.partition_id, p.role, p.health) for p in broker.partitions] == [(1, "leader", "healthy")]
    engine = await c8.info.engine()
    assert (engine.product, engine.version) == ("Camunda 8", "8.6.0")
    # 8.6 has no /status (8.8): the health is read from the topology instead
    assert await c8.info.health() is True
    assert await c8.info.health() is True  # now knowing the version, without asking /status
    license = await c8.info.license()
    assert (license.valid, license.license_type, license.commercial) == (False, "unknown", False)
    # 8.6 has no /authentication/me; a cluster without authentication knows no user
    assert (await c8.info.current_user()).id is None


async def test_deploy_and_a_broken_bpmns_parse_error(c8: C8Engine, real_c8: RunningBroker) -> None:
    process_id = unique("deploy")
    result = await c8.deployments.create(
        NewDeployment(name="orders", files=((f"{process_id}.bpmn", service_task_process(process_id, "x")),))
    )
    [definition] = result.definitions
    assert (definition.model_id, definition.version, definition.resource) == (process_id, 1, f"{process_id}.bpmn")
    assert result.deployment.tenant_id == "<default>"
    await wait_for_record(real_c8.records, "PROCESS", "CREATED", key=int(definition.id), bpmnProcessId=process_id)

    broken = unique("broken")
    with pytest.raises(errors.BadRequest) as refused:
        await c8.deployments.create(NewDeployment(name="b", files=((f"{broken}.bpmn", broken_process(broken)),)))
    # the broker's own words, and its rejection code
    assert f"'{broken}.bpmn'" in refused.value.message
    assert "no ID/IDREF binding for IDREF 'nowhere'" in refused.value.message
    assert refused.value.engine_type == "INVALID_ARGUMENT"


async def test_start_and_cancel_an_instance(c8: C8Engine, real_c8: RunningBroker) -> None:
    process_id = unique("cancel")
    definition_key = await deploy(c8, f"{process_id}.bpmn", service_task_process(process_id, unique("job")))
    instance = await c8.definitions.start(bpmn_process_id=process_id, variables={"n": VariableValue(value=7)})
    assert (instance.definition_id, instance.bpmn_process_id) == (definition_key, process_id)
    await wait_for_record(
        real_c8.records, "VARIABLE", "CREATED", processInstanceKey=int(instance.id), name="n", value="7"
    )
    await wait_for_record(
        real_c8.records, "PROCESS_INSTANCE", "ELEMENT_ACTIVATED", processInstanceKey=int(instance.id), elementId="wait"
    )

    await c8.instances.delete(instance.id)  # Camunda 8: cancellation
    await wait_for_record(
        real_c8.records, "PROCESS_INSTANCE", "ELEMENT_TERMINATED", key=int(instance.id), bpmnElementType="PROCESS"
    )
    with pytest.raises(errors.NotFound) as gone:
        await c8.instances.delete(instance.id)
    assert f"'{instance.id}'" in gone.value.message

    # a key no partition of this cluster holds (the partition is encoded in the key): not "overloaded"
    with pytest.raises(errors.NotFound) as foreign:
        await c8.instances.delete(str((2 << 51) + 1))
    assert foreign.value.message.startswith("No partition of this cluster holds that key")

    # by definition key too
    by_key = await c8.definitions.start(definition_id=definition_key)
    assert by_key.bpmn_process_id == process_id


async def test_a_failed_job_and_its_incident_retried(
    c8: C8Engine, real_c8: RunningBroker, worker: httpx.AsyncClient
) -> None:
    process_id, job_type = unique("inc"), unique("work")
    await deploy(c8, f"{process_id}.bpmn", service_task_process(process_id, job_type))
    instance = await c8.definitions.start(bpmn_process_id=process_id)
    job = await activate_one(worker, job_type)
    assert job["processInstanceKey"] == int(instance.id)

    await c8.jobs.fail(str(job["key"]), retries=0, message="payment API down")
    record = await wait_for_record(real_c8.records, "INCIDENT", "CREATED", jobKey=job["key"])
    # what an 8.8 search would answer for it
    incident = incident_from({**record["value"], "incidentKey": record["key"]})
    assert (incident.type, incident.message) == ("JOB_NO_RETRIES", "payment API down")

    # resolving alone is refused while the job has no retries, saying so (8.6 answers 404 where
    # 8.8 answers 409: compat maps it to the same Conflict)
    with pytest.raises(errors.Conflict) as refused:
        await c8.incidents.resolve(incident.id)
    assert "has no retries left" in refused.value.message
    assert refused.value.hint == "Give the job retries first: an incident's retry does both."

    # retry = give the job retries, then resolve (as Operate does)
    await c8.incidents.retry(incident, retries=2)
    await wait_for_record(real_c8.records, "JOB", "UPDATED", key=job["key"], retries=2)
    await wait_for_record(real_c8.records, "INCIDENT", "RESOLVED", key=record["key"])

    again = await activate_one(worker, job_type)
    assert (again["key"], again["retries"]) == (job["key"], 2)
    await c8.jobs.complete(str(job["key"]), {"paid": VariableValue(value=True)})
    await wait_for_record(
        real_c8.records, "PROCESS_INSTANCE", "ELEMENT_COMPLETED", key=int(instance.id), bpmnElementType="PROCESS"
    )


async def test_complete_a_user_task_with_variables(c8: C8Engine, real_c8: RunningBroker) -> None:
    process_id = unique("task")
    await deploy(c8, f"{process_id}.bpmn", user_task_process(process_id))
    instance = await c8.definitions.start(bpmn_process_id=process_id)
    task = await wait_for_record(real_c8.records, "USER_TASK", "CREATED", processInstanceKey=int(instance.id))

    await c8.tasks.complete(
        str(task["key"]), {"approved": VariableValue(value=True), "note": VariableValue(value="ok")}
    )
    await wait_for_record(real_c8.records, "USER_TASK", "COMPLETED", key=task["key"])
    await wait_for_record(
        real_c8.records, "VARIABLE", "CREATED", processInstanceKey=int(instance.id), name="note", value='"ok"'
    )
    await wait_for_record(
        real_c8.records, "PROCESS_INSTANCE", "ELEMENT_COMPLETED", key=int(instance.id), bpmnElementType="PROCESS"
    )
    with pytest.raises(errors.NotFound):
        await c8.tasks.complete(str(task["key"]))


async def test_publish_and_correlate_messages_and_broadcast_a_signal(c8: C8Engine, real_c8: RunningBroker) -> None:
    process_id, message = unique("msg"), unique("paid")
    await deploy(c8, f"{process_id}.bpmn", message_process(process_id, message))
    waiting = {}
    for order in ("A-7", "A-8"):
        instance = await c8.definitions.start(
            bpmn_process_id=process_id, variables={"orderId": VariableValue(value=order)}
        )
        waiting[order] = int(instance.id)
        await wait_for_record(
            real_c8.records, "PROCESS_MESSAGE_SUBSCRIPTION", "CREATED", processInstanceKey=int(instance.id)
        )

    # published: buffered, and taken by the instance waiting for A-7, with its variables
    message_key = await c8.messages.publish(
        message, correlation_key="A-7", variables={"amount": VariableValue(value=42)}
    )
    await wait_for_record(
        real_c8.records,
        "PROCESS_MESSAGE_SUBSCRIPTION",
        "CORRELATED",
        processInstanceKey=waiting["A-7"],
        messageKey=int(message_key),
    )
    await wait_for_record(
        real_c8.records, "VARIABLE", "CREATED", processInstanceKey=waiting["A-7"], name="amount", value="42"
    )
    await wait_for_record(
        real_c8.records, "PROCESS_INSTANCE", "ELEMENT_COMPLETED", key=waiting["A-7"], bpmnElementType="PROCESS"
    )

    # correlated: only to a subscription waiting now, and it names the instance
    assert await c8.messages.correlate(message, correlation_key="A-8") == str(waiting["A-8"])
    await wait_for_record(
        real_c8.records, "PROCESS_INSTANCE", "ELEMENT_COMPLETED", key=waiting["A-8"], bpmnElementType="PROCESS"
    )
    with pytest.raises(errors.NotFound) as nobody:
        await c8.messages.correlate(message, correlation_key="A-9")
    assert f"'{message}'" in nobody.value.message and "'A-9'" in nobody.value.message

    signal_id, signal = unique("sig"), unique("stop")
    await deploy(c8, f"{signal_id}.bpmn", signal_process(signal_id, signal))
    instance = await c8.definitions.start(bpmn_process_id=signal_id)
    await wait_for_record(real_c8.records, "SIGNAL_SUBSCRIPTION", "CREATED", signalName=signal)
    signal_key = await c8.messages.broadcast_signal(signal, variables={"why": VariableValue(value="test")})
    await wait_for_record(real_c8.records, "SIGNAL", "BROADCASTED", key=int(signal_key), signalName=signal)
    await wait_for_record(
        real_c8.records, "PROCESS_INSTANCE", "ELEMENT_COMPLETED", key=int(instance.id), bpmnElementType="PROCESS"
    )


async def test_a_search_8_6_cannot_answer_says_so(c8: C8Engine) -> None:
    """Without a secondary store, 8.6 serves no search: "needs 8.8", not "not found"."""
    with pytest.raises(errors.UnsupportedByEngine) as unsupported:
        await c8.instances.list()
    assert unsupported.value.message == "This cluster does not offer /v2/process-instances/search."
    assert "needs Camunda 8.8 or newer" in (unsupported.value.hint or "")
