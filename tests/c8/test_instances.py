"""Process instances on Camunda 8: every filter, variable filters, sort, cursor pages to the end,
capped totals, detail, variables, cancel, modify, migrate, batch operations by filter."""

from __future__ import annotations

import pytest

from camtui.api import errors
from camtui.api.c8.engine import C8Engine
from camtui.api.models import (
    InstanceFilter,
    InstanceSort,
    Modification,
    ModificationKind,
    Operator,
    SortOrder,
    VariableCondition,
    VariableValue,
)
from camtui.api.paging import all_items
from tests.c8.fake_cluster import FakeCluster
from tests.c8.helpers import deploy, start


async def test_filters_by_process_state_incident_and_variables(c8: C8Engine, cluster: FakeCluster) -> None:
    await deploy(c8, "order.bpmn", "payment.bpmn")
    big = (await start(c8, "order", amount=500, customer="ACME"))[0]
    small = (await start(c8, "order", amount=5, customer="Bob"))[0]
    gone = (await start(c8, "order", amount=7, customer="Zed"))[0]
    pay = (await start(c8, "payment"))[0]
    job = next(j for j in cluster.state.jobs.values() if j["processInstanceKey"] == pay.id)
    cluster.fail_job(job["jobKey"], "card declined")
    await c8.instances.delete(gone.id)

    async def ids(f: InstanceFilter) -> set[str]:
        return {i.id for i in (await c8.instances.list(f)).items}

    # running instances only, as on Camunda 7: the cancelled one is not listed
    assert await ids(InstanceFilter(bpmn_process_id="order")) == {big.id, small.id}
    assert await ids(InstanceFilter(bpmn_process_id="order", active=True)) == {big.id, small.id}
    assert await ids(InstanceFilter(with_incident=True)) == {pay.id}
    assert await ids(InstanceFilter(ids=(big.id, pay.id))) == {big.id, pay.id}
    assert await ids(InstanceFilter(activity_ids=("approve",))) == {big.id, small.id}
    assert await ids(InstanceFilter(variables=(VariableCondition(name="amount", value=500),))) == {big.id}
    neq = VariableCondition(name="customer", operator=Operator.NEQ, value="ACME")
    assert await ids(InstanceFilter(variables=(neq,))) == {small.id}
    like = VariableCondition(name="customer", operator=Operator.LIKE, value='"AC*"')
    assert await ids(InstanceFilter(variables=(like,))) == {big.id}


async def test_refuses_what_camunda8_can_not_filter_before_sending(c8: C8Engine, cluster: FakeCluster) -> None:
    with pytest.raises(errors.BadRequest, match="equality"):
        await c8.instances.list(InstanceFilter(variables=(VariableCondition(name="a", operator=Operator.GT, value=1),)))
    with pytest.raises(errors.BadRequest, match="deployment"):
        await c8.instances.list(InstanceFilter(deployment_id="d"))
    assert cluster.requests(path_prefix="/process-instances") == []


async def test_cursor_pages_reach_every_instance_once_and_totals_say_when_capped(
    c8: C8Engine, cluster: FakeCluster
) -> None:
    await deploy(c8, "order.bpmn")
    started = {i.id for i in await start(c8, "order", 7)}
    seen = [i.id async for i in all_items(lambda n: c8.instances.list(limit=3, after=n))]
    assert sorted(seen) == sorted(started)
    # three pages; the instances this client just started were asked about once, all together
    pages = [
        e for e in cluster.requests("POST", "/process-instances/search") if "processInstanceKey" not in e.body["filter"]
    ]
    assert len(pages) == 3
    [asked] = [e for e in cluster.requests("POST", "/process-instances/search") if e not in pages]
    assert sorted(asked.body["filter"]["processInstanceKey"]["$in"]) == sorted(started)
    cluster.total_cap = 5
    page = await c8.instances.list(limit=2)
    assert (page.total, page.total_exact) == (5, False)


async def test_sort_is_sent_and_honoured(c8: C8Engine, cluster: FakeCluster) -> None:
    await deploy(c8, "order.bpmn")
    started = [i.id for i in await start(c8, "order", 3)]
    page = await c8.instances.list(InstanceFilter(sort_by=InstanceSort.ID, sort_order=SortOrder.DESC))
    assert [i.id for i in page.items] == sorted(started, key=int, reverse=True)
    assert cluster.requests("POST", "/process-instances/search")[-1].body["sort"] == [
        {"field": "processInstanceKey", "order": "DESC"}
    ]


async def test_variables_set_and_read(c8: C8Engine, cluster: FakeCluster) -> None:
    await deploy(c8, "order.bpmn")
    instance = (await start(c8, "order", amount=5))[0]
    await c8.instances.set_variables(instance.id, {"note": VariableValue(value={"a": [1, 2]})})
    values = {v.name: (v.type, v.value) for v in await c8.instances.variables(instance.id)}
    assert values == {"amount": ("Long", 5), "note": ("Json", {"a": [1, 2]})}
    assert (await c8.instances.variable(instance.id, "note")).value == {"a": [1, 2]}
    with pytest.raises(errors.NotFound):
        await c8.instances.variable(instance.id, "nope")


async def test_cancel_modify_and_migrate_change_the_cluster(c8: C8Engine, cluster: FakeCluster) -> None:
    await deploy(c8, "order.bpmn")
    one, two = await start(c8, "order", 2)
    element = next(e for e in cluster.state.elements.values() if e["processInstanceKey"] == one.id)
    await c8.instances.modify(
        one.id,
        (
            Modification(kind=ModificationKind.START_BEFORE, activity_id="end"),
            Modification(kind=ModificationKind.CANCEL, activity_instance_id=element["elementInstanceKey"]),
        ),
    )
    assert cluster.state.elements[element["elementInstanceKey"]]["state"] == "TERMINATED"
    await deploy(c8, "order.bpmn")
    v2 = max(cluster.state.definitions.values(), key=lambda d: d["version"])
    await c8.instances.migrate_to(two.id, v2["processDefinitionKey"], {"approve": "approve"})
    assert cluster.state.instances[two.id]["processDefinitionVersion"] == 2
    await c8.instances.delete(two.id)
    assert cluster.state.instances[two.id]["state"] == "TERMINATED"
    with pytest.raises(errors.NotFound, match="no such process instance"):
        await c8.instances.delete(two.id)


async def test_detail_element_instances_hierarchy_and_flows(c8: C8Engine, cluster: FakeCluster) -> None:
    await deploy(c8, "order.bpmn")
    instance = (await start(c8, "order"))[0]
    elements = await c8.instances.element_instances(instance.id)
    assert [e["elementId"] for e in elements.items] == ["approve"]
    assert [e["processInstanceKey"] for e in await c8.instances.call_hierarchy(instance.id)] == [instance.id]
    assert await c8.instances.sequence_flows(instance.id) == ()


async def test_batch_cancellation_by_filter_and_its_view(c8: C8Engine, cluster: FakeCluster) -> None:
    await deploy(c8, "order.bpmn", "payment.bpmn")
    orders = {i.id for i in await start(c8, "order", 3)}
    payment = (await start(c8, "payment"))[0]
    batch = await c8.instances.batch_operation("cancellation", InstanceFilter(bpmn_process_id="order"))
    assert batch.type == "CANCEL_PROCESS_INSTANCE"
    view = await c8.batches.get(batch.id)
    assert (view.state, view.total, view.completed, view.failed) == ("COMPLETED", 3, 3, 0)
    items = await c8.batches.items(batch.id)
    assert {i.process_instance_id for i in items.items} == orders
    assert [b.id for b in (await c8.batches.list()).items] == [batch.id]
    assert {k for k, i in cluster.state.instances.items() if i["state"] == "TERMINATED"} == orders
    assert cluster.state.instances[payment.id]["state"] == "ACTIVE"
    with pytest.raises(errors.BadRequest, match="is COMPLETED"):
        await c8.batches.suspend(batch.id)


async def test_a_batch_the_cluster_is_too_old_for_is_refused_before_sending(c8: C8Engine, cluster: FakeCluster) -> None:
    with pytest.raises(errors.UnsupportedByEngine, match=r"needs Camunda 8\.9"):
        await c8.instances.batch_operation("deletion", InstanceFilter(bpmn_process_id="order"))
    assert cluster.requests(path_prefix="/process-instances") == []


async def test_statistics_and_the_incidents_of_an_instance(c8: C8Engine, cluster: FakeCluster) -> None:
    await deploy(c8, "payment.bpmn")
    one, two = await start(c8, "payment", 2)
    job = next(j for j in cluster.state.jobs.values() if j["processInstanceKey"] == one.id)
    cluster.fail_job(job["jobKey"], "card declined")
    definition = next(iter(cluster.state.definitions))
    [element] = await c8.definitions.element_statistics(definition)
    assert (element.element_id, element.running, element.incidents) == ("charge-task", 2, 1)
    assert [s.incidents for s in await c8.instances.element_statistics(one.id)] == [1]
    assert [i.message for i in (await c8.instances.incidents(one.id)).items] == ["card declined"]
    assert (await c8.instances.incidents(two.id)).items == ()
    with pytest.raises(errors.UnsupportedByEngine, match=r"needs Camunda 8\.9"):
        await c8.instances.resolve_incidents(one.id)
    with pytest.raises(errors.NotFound):
        await c8.deployments.deployed_resource(definition)
