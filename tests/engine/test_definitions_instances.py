"""Process definitions and instances against the real engine."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from camtui.api import errors
from camtui.api.c7.engine import C7Engine
from camtui.api.models import (
    DefinitionFilter,
    InstanceFilter,
    InstanceSort,
    Modification,
    ModificationKind,
    NewDeployment,
    Operator,
    SortOrder,
    VariableCondition,
    VariableValue,
    parse_variable,
)
from camtui.api.paging import all_items
from tests.engine.helpers import bpmn, unique


async def new_process(engine: C7Engine, versions: int = 1) -> str:
    key = unique("p")
    for v in range(versions):
        await engine.deployments.create(
            NewDeployment(name=unique("d"), files=((f"{key}.bpmn", bpmn(key, marker="!" * v)),))
        )
    return key


async def test_definitions_latest_and_all_versions(engine: C7Engine) -> None:
    key = await new_process(engine, versions=3)
    every = await engine.definitions.list(DefinitionFilter(bpmn_process_id=key))
    latest = await engine.definitions.list(DefinitionFilter(bpmn_process_id=key, latest_only=True))
    assert sorted(d.version for d in every.items) == [1, 2, 3]
    assert [d.version for d in latest.items] == [3]
    assert (await engine.definitions.list(DefinitionFilter(bpmn_process_id=key), limit=1)).total == 3
    got = await engine.definitions.get_latest(key)
    assert got.version == 3
    assert (await engine.definitions.get(got.id)).bpmn_process_id == key


async def test_definitions_name_like_tenant_and_suspended(engine: C7Engine) -> None:
    page = await engine.definitions.list(DefinitionFilter(name_like="Invoice%", latest_only=True))
    assert [d.bpmn_process_id for d in page.items] == ["camtui_invoice"]
    acme = await engine.definitions.list(DefinitionFilter(tenant_ids=("acme",), bpmn_process_id="camtui_onboarding"))
    assert [d.tenant_id for d in acme.items] == ["acme"]
    key = await new_process(engine)
    definition = (await engine.definitions.list(DefinitionFilter(bpmn_process_id=key))).items[0]
    await engine.definitions.set_suspended(definition.id, True)
    assert [
        d.bpmn_process_id
        for d in (await engine.definitions.list(DefinitionFilter(bpmn_process_id=key, suspended=True))).items
    ] == [key]
    assert (await engine.definitions.list(DefinitionFilter(bpmn_process_id=key, suspended=False))).items == ()
    await engine.definitions.set_suspended(definition.id, False)
    assert not (await engine.definitions.get(definition.id)).suspended


async def test_definition_statistics_count_instances_and_incidents(engine: C7Engine) -> None:
    key = await new_process(engine)
    for _ in range(3):
        await engine.definitions.start(bpmn_process_id=key)
    page = await engine.definitions.list(DefinitionFilter(bpmn_process_id=key), with_statistics=True)
    assert page.items[0].running_instances == 3
    assert page.items[0].incidents == 0
    payment = await engine.definitions.list(DefinitionFilter(bpmn_process_id="camtui_payment"), with_statistics=True)
    assert (payment.items[0].incidents or 0) >= 1


async def test_bpmn_xml(engine: C7Engine) -> None:
    key = await new_process(engine)
    definition = await engine.definitions.get_latest(key)
    xml = await engine.definitions.xml(definition.id)
    assert f'id="{key}"' in xml


async def test_start_with_typed_variables_and_business_key(engine: C7Engine) -> None:
    key = await new_process(engine)
    variables = dict(
        parse_variable(t)
        for t in ("amount=42:Integer", "price=9.5:Double", "ok=true:Boolean", 'doc={"a": [1, 2]}:Json', "note=héllo")
    )
    variables["when"] = VariableValue(value=datetime(2026, 1, 31, 12, 0, tzinfo=UTC), type="Date")
    instance = await engine.definitions.start(bpmn_process_id=key, business_key="BK-ü-1", variables=variables)
    assert instance.business_key == "BK-ü-1"
    assert instance.definition_id is not None and instance.definition_id.startswith(f"{key}:")
    got = {v.name: v for v in await engine.instances.variables(instance.id)}
    assert got["amount"].type == "Integer" and got["amount"].value == 42
    assert got["price"].value == 9.5
    assert got["ok"].value is True
    assert got["doc"].type == "Json"
    assert got["note"].value == "héllo"
    assert got["when"].type == "Date" and got["when"].value.startswith("2026-01-31T12:00:00")


async def test_start_unknown_key_is_not_found(engine: C7Engine) -> None:
    with pytest.raises(errors.NotFound):
        await engine.definitions.start(bpmn_process_id=unique("nokey"))


async def test_object_and_file_variable_metadata(engine: C7Engine) -> None:
    invoice = (await engine.instances.list(InstanceFilter(business_key="INV-1001"))).items[0]
    variables = {v.name: v for v in await engine.instances.variables(invoice.id)}
    address = variables["address"]
    assert address.type == "Object"
    assert address.object_type_name == "java.util.LinkedHashMap"
    assert address.serialization_format == "application/json"
    assert "Hauptstraße" in address.value


async def test_instance_query_paging_and_variable_conditions(engine: C7Engine) -> None:
    key = await new_process(engine)
    for amount in range(1, 8):
        await engine.definitions.start(
            bpmn_process_id=key,
            business_key=f"B{amount}",
            variables={"amount": VariableValue(value=amount, type="Integer")},
        )
    f = InstanceFilter(bpmn_process_id=key, sort_by=InstanceSort.BUSINESS_KEY, sort_order=SortOrder.DESC)
    first = await engine.instances.list(f, limit=3)
    assert first.total == 7 and len(first.items) == 3
    assert [i.business_key for i in first.items] == ["B7", "B6", "B5"]
    every = [i async for i in all_items(lambda n: engine.instances.list(f, limit=3, after=n))]
    assert len({i.id for i in every}) == 7

    async def keys(op: Operator, value: object) -> set[str]:
        cond = VariableCondition(name="amount", operator=op, value=value)
        page = await engine.instances.list(InstanceFilter(bpmn_process_id=key, variables=(cond,)))
        return {i.business_key or "" for i in page.items}

    assert await keys(Operator.EQ, 3) == {"B3"}
    assert await keys(Operator.NEQ, 3) == {"B1", "B2", "B4", "B5", "B6", "B7"}
    assert await keys(Operator.GT, 5) == {"B6", "B7"}
    assert await keys(Operator.GTEQ, 6) == {"B6", "B7"}
    assert await keys(Operator.LT, 2) == {"B1"}
    assert await keys(Operator.LTEQ, 2) == {"B1", "B2"}
    assert (await engine.instances.list(InstanceFilter(business_key_like="INV-100%"), limit=1)).total == 3
    name_cond = VariableCondition(name="creditor", operator=Operator.LIKE, value="Caf%")
    assert [i.business_key for i in (await engine.instances.list(InstanceFilter(variables=(name_cond,)))).items] == [
        "INV-1002"
    ]
    assert (await engine.instances.list(InstanceFilter(business_key=unique("none")))).total == 0


async def test_incident_and_tenant_filters(engine: C7Engine) -> None:
    with_incident = await engine.instances.list(InstanceFilter(with_incident=True))
    assert "PAY-4001" in {i.business_key for i in with_incident.items}
    acme = await engine.instances.list(InstanceFilter(tenant_ids=("acme",)))
    assert {i.business_key for i in acme.items} >= {"ACME-5001"}
    assert all(i.tenant_id == "acme" for i in acme.items)


async def test_get_set_and_delete_variables(engine: C7Engine) -> None:
    key = await new_process(engine)
    instance = await engine.definitions.start(bpmn_process_id=key)
    await engine.instances.set_variables(
        instance.id, {"count": VariableValue(value=5, type="Long"), "label": VariableValue(value="x")}
    )
    assert (await engine.instances.variable(instance.id, "count")).value == 5
    await engine.instances.delete_variable(instance.id, "label")
    names = {v.name for v in await engine.instances.variables(instance.id)}
    assert names == {"count"}
    assert (await engine.instances.get(instance.id)).id == instance.id
    with pytest.raises(errors.NotFound):
        await engine.instances.get("no-such-instance")


async def test_activity_tree_and_modification(engine: C7Engine) -> None:
    key = await new_process(engine)
    instance = await engine.definitions.start(bpmn_process_id=key)
    tree = await engine.instances.activity_tree(instance.id)
    assert [a.activity_id for a in tree.walk()[1:]] == ["task"]
    await engine.instances.modify(
        instance.id, (Modification(kind=ModificationKind.START_BEFORE, activity_id="task"),), annotation="test"
    )
    tree = await engine.instances.activity_tree(instance.id)
    tasks = [a for a in tree.walk() if a.activity_id == "task"]
    assert len(tasks) == 2
    await engine.instances.modify(
        instance.id, (Modification(kind=ModificationKind.CANCEL, activity_instance_id=tasks[0].id),)
    )
    assert len([a for a in (await engine.instances.activity_tree(instance.id)).walk() if a.activity_id == "task"]) == 1


async def test_suspend_activate_and_delete_one(engine: C7Engine) -> None:
    key = await new_process(engine)
    instance = await engine.definitions.start(bpmn_process_id=key)
    await engine.instances.set_suspended(instance.id, True)
    assert (await engine.instances.get(instance.id)).suspended
    assert (await engine.instances.list(InstanceFilter(bpmn_process_id=key, suspended=True), limit=1)).total == 1
    await engine.instances.set_suspended(instance.id, False)
    assert (await engine.instances.list(InstanceFilter(bpmn_process_id=key, active=True), limit=1)).total == 1
    await engine.instances.delete(instance.id, skip_custom_listeners=True)
    assert (await engine.instances.list(InstanceFilter(bpmn_process_id=key), limit=1)).total == 0


async def test_suspend_definition_with_its_instances(engine: C7Engine) -> None:
    key = await new_process(engine)
    await engine.definitions.start(bpmn_process_id=key)
    await engine.definitions.set_suspended_by_key(key, True, include_instances=True)
    assert (await engine.instances.list(InstanceFilter(bpmn_process_id=key, suspended=True), limit=1)).total == 1
    await engine.definitions.set_suspended_by_key(key, False, include_instances=True)
    assert (await engine.instances.list(InstanceFilter(bpmn_process_id=key, active=True), limit=1)).total == 1


async def test_delete_many_as_a_batch_with_progress(engine: C7Engine) -> None:
    key = await new_process(engine)
    ids = tuple([(await engine.definitions.start(bpmn_process_id=key)).id for _ in range(5)])
    batch = await engine.instances.delete_many(ids, reason="cleanup")
    assert batch.total_jobs >= 1
    async with asyncio.timeout(60):
        while True:
            progress = await engine.instances.batch_progress(batch.id)
            if progress.finished:
                break
            await asyncio.sleep(0.3)
    assert progress.completed_jobs == progress.total_jobs
    assert (await engine.instances.list(InstanceFilter(bpmn_process_id=key), limit=1)).total == 0
