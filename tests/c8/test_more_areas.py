"""Decisions, messages and signals, cluster variables, the audit log, usage metrics and incident
statistics on Camunda 8, against the fake cluster; what came with 8.9 is refused on 8.8 first."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from camtui.api import errors
from camtui.api.c8.engine import C8Engine
from camtui.api.connection import Connection
from camtui.api.models import EngineKind, User, VariableValue
from tests.c8.fake_cluster import FakeCluster, add_decision
from tests.c8.helpers import deploy, start


@pytest.fixture
def cluster89() -> Iterator[FakeCluster]:
    with FakeCluster(version="8.9.0") as fake:
        yield fake
        assert fake.violations == [], "\n".join(fake.violations)


@pytest.fixture
async def c89(cluster89: FakeCluster) -> AsyncIterator[C8Engine]:
    async with C8Engine(Connection(base_url=cluster89.url, engine=EngineKind.C8)) as engine:
        yield engine


async def test_decisions_list_evaluate_and_their_instances(c8: C8Engine, cluster: FakeCluster) -> None:
    add_decision(cluster, "discount", "Discount", {"percent": 10})
    [decision] = (await c8.decisions.list(decision_id="discount")).items
    assert (decision.name, decision.version) == ("Discount", 1)
    assert (await c8.decisions.get(decision.id)).decision_id == "discount"
    result = await c8.decisions.evaluate(decision_id="discount", variables={"amount": VariableValue(value=50)})
    assert result.output == '{"percent": 10}' and result.failure is None
    [instance] = (await c8.decisions.instances(decision_id="discount")).items
    assert (instance.state, instance.result) == ("EVALUATED", '{"percent": 10}')
    with pytest.raises(errors.NotFound, match="no decision found"):
        await c8.decisions.evaluate(decision_id="nope")
    with pytest.raises(errors.BadRequest, match="one of them"):
        await c8.decisions.evaluate()


async def test_messages_and_signals(c8: C8Engine, cluster: FakeCluster) -> None:
    key = await c8.messages.publish("paid", correlation_key="A-1", variables={"x": VariableValue(value=1)})
    assert cluster.state.messages[0]["messageKey"] == key and cluster.state.messages[0]["correlationKey"] == "A-1"
    with pytest.raises(errors.NotFound, match="subscription for message with name 'paid'"):
        await c8.messages.correlate("paid", correlation_key="A-1")
    signal = await c8.messages.broadcast_signal("stop")
    assert cluster.state.signals == [{"signalName": "stop", "variables": {}, "signalKey": signal}]


async def test_usage_metrics(c8: C8Engine, cluster: FakeCluster) -> None:
    await deploy(c8, "order.bpmn")
    await start(c8, "order", 2)
    end = datetime.now(UTC)
    metrics = await c8.info.usage_metrics(end - timedelta(days=30), end)
    assert (metrics.process_instances, metrics.active_tenants) == (2, 1)


async def test_what_came_with_89_is_refused_on_88_before_sending(c8: C8Engine, cluster: FakeCluster) -> None:
    for call in (c8.cluster_variables.list(), c8.audit.list(), c8.incidents.statistics_by_error()):
        with pytest.raises(errors.UnsupportedByEngine, match=r"needs Camunda 8\.9; this cluster is 8\.8\.0"):
            await call
    assert [e.path for e in cluster.exchanges] == ["/topology"]


async def test_cluster_variables_on_89(c89: C8Engine, cluster89: FakeCluster) -> None:
    await c89.cluster_variables.set("region", {"code": "eu"})
    await c89.cluster_variables.set("region", {"code": "us"})
    await c89.cluster_variables.set("limits", {"max": 5}, tenant_id="acme")
    assert (await c89.cluster_variables.get("region")).value == '{"code": "us"}'
    names = {(v.name, v.scope, v.value) for v in (await c89.cluster_variables.list()).items}
    assert names == {("region", "GLOBAL", '{"code": "us"}'), ("limits", "TENANT", '{"max": 5}')}
    with pytest.raises(errors.BadRequest, match="JSON object"):
        await c89.cluster_variables.set("region", "eu")  # type: ignore[arg-type]
    await c89.cluster_variables.delete("region")
    assert (None, "region") not in cluster89.state.cluster_variables


async def test_audit_log_and_incident_statistics_on_89(c89: C8Engine, cluster89: FakeCluster) -> None:
    await c89.users.create(User(id="mary"), "pw")
    await deploy(c89, "payment.bpmn")
    for instance in await start(c89, "payment", 2):
        job = next(j for j in cluster89.state.jobs.values() if j["processInstanceKey"] == instance.id)
        cluster89.fail_job(job["jobKey"], "card declined")
    [by_error] = await c89.incidents.statistics_by_error()
    assert (by_error.error_message, by_error.instances) == ("card declined", 2)
    entries = (await c89.audit.list(entity_type="USER")).items
    assert [(e.operation, e.actor) for e in entries] == [("CREATE", "demo")]
    assert (await c89.audit.list()).total == 4


async def test_job_statistics_on_89_and_refused_on_88(
    c89: C8Engine, cluster89: FakeCluster, c8: C8Engine, cluster: FakeCluster
) -> None:
    await deploy(c89, "payment.bpmn")
    one, _ = await start(c89, "payment", 2)
    job = next(j for j in cluster89.state.jobs.values() if j["processInstanceKey"] == one.id)
    cluster89.fail_job(job["jobKey"], "boom")
    end = datetime.now(UTC)
    [charge] = await c89.jobs.statistics_by_type(end - timedelta(hours=1), end)
    assert (charge.job_type, charge.created, charge.failed) == ("charge", 2, 1)
    with pytest.raises(errors.UnsupportedByEngine, match=r"needs Camunda 8\.9"):
        await c8.jobs.statistics_by_type(end - timedelta(hours=1), end)
