"""Process definitions and instances, with the actions that exist so far."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import NotFound
from camtui.api.models import (
    DefinitionFilter,
    IncidentFilter,
    InstanceFilter,
    ProcessDefinition,
    ProcessInstance,
    TaskFilter,
    VariableValue,
)
from camtui.api.paging import Page
from camtui.api.plan import Outcome, OutcomeStatus, Plan, Risk, Target
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Child, Column, Kind, Option, Options, Priority, RunResult, Scope
from camtui.kinds.cli import var_condition
from camtui.kinds.common import plural, previews, targets
from camtui.kinds.format import cell
from camtui.kinds.views import DEFINITION_DIAGRAM, INSTANCE_DIAGRAM

# -- process definitions --------------------------------------------------------------------------


async def fetch_definitions(
    engine: Engine, query: DefinitionFilter, after: str | None, limit: int
) -> Page[ProcessDefinition]:
    stats = Capability.DEFINITION_STATISTICS in engine.capabilities
    return await engine.definitions.list(query, limit=limit, after=after, with_statistics=stats)


async def describe_definition(engine: Engine, definition_id: str) -> dict[str, Any]:
    return (await engine.definitions.get(definition_id)).model_dump(mode="json")


def definition_label(d: ProcessDefinition) -> str:
    return f"{d.bpmn_process_id} v{d.version}"


def _variables(o: Options) -> Mapping[str, VariableValue]:
    value = o.get("variables") or {}
    return dict(value) if isinstance(value, Mapping) else {}


def _start_op(d: ProcessDefinition, o: Options) -> op.StartInstance:
    # the latest version of the BPMN process id unless a definition id was picked (the console's row)
    by_process_id = bool(o.get("by_process_id"))
    return op.StartInstance(
        definition_id=None if by_process_id else d.id,
        bpmn_process_id=d.bpmn_process_id if by_process_id else None,
        tenant_id=d.tenant_id if by_process_id else None,
        business_key=o.get("business_key") or None,
        variables=_variables(o),
    )


async def plan_start(engine: Engine, items: Sequence[ProcessDefinition], o: Options) -> Plan:
    names = ", ".join(sorted(_variables(o))) or "no variables"
    return Plan(
        action="definitions.start",
        title=f"Start {plural(len(items), 'process instance')}",
        targets=targets(items, lambda d: d.id, definition_label),
        impact=f"Business key {o.get('business_key')!r}; {names}." if o.get("business_key") else f"With {names}.",
        requests=previews(engine, [_start_op(d, o) for d in items]),
        risk=Risk.CHANGE,
    )


async def run_start(engine: Engine, d: ProcessDefinition, o: Options) -> RunResult:
    x = _start_op(d, o)
    started = await engine.definitions.start(
        definition_id=x.definition_id,
        bpmn_process_id=x.bpmn_process_id,
        tenant_id=x.tenant_id,
        business_key=x.business_key,
        variables=x.variables,
    )
    return f"started {started.id}", started


START = Action[ProcessDefinition](
    id="definitions.start",
    key="ctrl+n",
    label="Start instance",
    capability=Capability.DEFINITION_START,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.CURSOR,
    plan=plan_start,
    run=run_start,
    options=(Option("business_key", "Business key", ""),),
    description="start a process instance of the definition under the cursor",
)


def definition_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--key")
    p.add_argument("--name-like")
    p.add_argument("--latest", action="store_true", help="only the latest version of each key")
    p.add_argument("--tenant", action="append")
    p.add_argument("--deployment-id")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--suspended", action="store_true")
    state.add_argument("--active", action="store_true")


def definition_query(a: argparse.Namespace) -> DefinitionFilter:
    return DefinitionFilter(
        bpmn_process_id=a.key,
        name_like=a.name_like,
        latest_only=a.latest,
        tenant_ids=tuple(a.tenant or ()),
        deployment_id=a.deployment_id,
        suspended=True if a.suspended else (False if a.active else None),
    )


DEFINITIONS = Kind[ProcessDefinition](
    name="definitions",
    singular="definition",
    aliases=("pd", "def", "processdefinitions"),
    title="Process definitions",
    capability=Capability.DEFINITION_LIST,
    columns=(
        Column("bpmn_process_id", "KEY", lambda d: d.bpmn_process_id, 24, 10, Priority.ALWAYS, grow=True),
        Column("name", "NAME", lambda d: cell(d.name), 24, 10, Priority.NORMAL, grow=True),
        Column("version", "VER", lambda d: str(d.version), 4, 3, Priority.ALWAYS),
        Column("running", "RUNNING", lambda d: cell(d.running_instances), 7, 7, Priority.HIGH),
        Column("incidents", "INCIDENTS", lambda d: cell(d.incidents), 9, 9, Priority.HIGH),
        Column("suspended", "SUSPENDED", lambda d: cell(d.suspended), 9, 9, Priority.NORMAL),
        Column("tenant", "TENANT", lambda d: cell(d.tenant_id), 10, 6, Priority.LOW),
        Column("id", "ID", lambda d: d.id, 48, 13, Priority.LOW, shorten="middle"),
    ),
    fetch=fetch_definitions,
    new_query=lambda: DefinitionFilter(latest_only=True),
    get=lambda engine, i: engine.definitions.get(i),
    describe=describe_definition,
    label_of=definition_label,
    actions=(START,),
    cli_flags=definition_flags,
    cli_query=definition_query,
    cli_help="process definitions with running instances and incidents",
    children=(
        Child("Running instances", "instances", lambda definition_id: InstanceFilter(definition_id=definition_id)),
    ),
    fields=("bpmn_process_id", "version", "name", "running_instances", "incidents", "suspended", "tenant_id", "id"),
    views=(DEFINITION_DIAGRAM,),
)


# -- process instances ----------------------------------------------------------------------------


async def fetch_instances(
    engine: Engine, query: InstanceFilter, after: str | None, limit: int
) -> Page[ProcessInstance]:
    return await engine.instances.list(query, limit=limit, after=after)


async def describe_instance(engine: Engine, instance_id: str) -> dict[str, Any]:
    i = await engine.instances.get(instance_id)
    variables = await engine.instances.variables(instance_id)
    data = i.model_dump(mode="json") | {"variables": [v.model_dump(mode="json") for v in variables]}
    if Capability.INSTANCE_ACTIVITY_TREE in engine.capabilities:
        tree = await engine.instances.activity_tree(instance_id)
        data["activities"] = [a.activity_id for a in tree.walk()[1:]]
    return data


def instance_label(i: ProcessInstance) -> str:
    return f"{i.bpmn_process_id or '?'} {i.business_key}" if i.business_key else (i.bpmn_process_id or i.id)


async def plan_cancel(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> Plan:
    ids = tuple(i.id for i in items)
    batch = len(ids) > 1 and Capability.INSTANCE_DELETE_BATCH in engine.capabilities
    operations: list[op.Operation] = (
        [op.DeleteInstances(instance_ids=ids, reason=o.get("reason") or None)]
        if batch
        else [op.DeleteInstance(instance_id=i) for i in ids]
    )
    warnings = () if batch or not o.get("reason") else ("The engine records a reason only for batch deletes.",)
    return Plan(
        action="instances.cancel",
        title=f"Cancel {plural(len(items), 'process instance')}",
        targets=targets(items, lambda i: i.id, instance_label),
        impact="They stop where they are; their history stays." + (" As one engine batch." if batch else ""),
        requests=previews(engine, operations),
        risk=Risk.DESTROY,
        warnings=warnings,
    )


async def verify_cancel(engine: Engine, i: ProcessInstance, o: Options, since: datetime) -> bool | None:
    """Gone (Camunda 7 deletes it), or there and ended (Camunda 8 keeps a cancelled instance)."""
    try:
        return (await engine.instances.get(i.id)).ended
    except NotFound:
        return True


async def run_cancel(engine: Engine, i: ProcessInstance, o: Options) -> str:
    await engine.instances.delete(i.id)
    return "cancelled"


async def cancel_as_batch(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> list[Outcome]:
    """Many at once as one engine batch, followed to its end, then checked instance by instance."""
    ids = tuple(i.id for i in items)
    batch = await engine.instances.delete_many(ids, reason=o.get("reason") or None)
    async with asyncio.timeout(300):
        # the engine has no event to wait on: poll its batch statistics
        while not (await engine.instances.batch_progress(batch.id)).finished:  # noqa: ASYNC110
            await asyncio.sleep(0.5)
    left = await engine.instances.list(InstanceFilter(ids=ids), limit=len(ids))
    still = {i.id for i in left.items}
    return [
        Outcome(
            target=Target(id=i.id, label=instance_label(i)),
            status=OutcomeStatus.FAILED if i.id in still else OutcomeStatus.DONE,
            message="still running after the batch finished (see the batch's failed jobs)" if i.id in still else "",
        )
        for i in items
    ]


CANCEL = Action[ProcessInstance](
    id="instances.cancel",
    key="ctrl+d",
    label="Cancel",
    capability=Capability.INSTANCE_DELETE,
    mutates=True,
    risk=Risk.DESTROY,
    scope=Scope.MARKED,
    plan=plan_cancel,
    run=run_cancel,
    verify=verify_cancel,
    options=(Option("reason", "Reason (kept by batch deletes)", ""),),
    description="cancel process instances (marked, or the one under the cursor)",
    run_many=cancel_as_batch,
    many_capability=Capability.INSTANCE_DELETE_BATCH,
)


def instance_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--key", help="process definition key")
    p.add_argument("--business-key")
    p.add_argument("--business-key-like")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--active", action="store_true")
    state.add_argument("--suspended", action="store_true")
    p.add_argument("--with-incident", action="store_true")
    p.add_argument("--tenant", action="append")
    p.add_argument("--var", action="append", type=var_condition, help="name_op_value, e.g. amount_gt_100")


def instance_query(a: argparse.Namespace) -> InstanceFilter:
    return InstanceFilter(
        bpmn_process_id=a.key,
        business_key=a.business_key,
        business_key_like=a.business_key_like,
        active=a.active,
        suspended=a.suspended,
        with_incident=a.with_incident,
        tenant_ids=tuple(a.tenant or ()),
        variables=tuple(a.var or ()),
    )


INSTANCES = Kind[ProcessInstance](
    name="instances",
    singular="instance",
    aliases=("pi", "inst", "processinstances"),
    title="Process instances",
    capability=Capability.INSTANCE_LIST,
    columns=(
        Column("id", "ID", lambda i: i.id, 36, 13, Priority.ALWAYS, shorten="middle"),
        Column("definition", "DEFINITION", lambda i: cell(i.bpmn_process_id), 24, 10, Priority.ALWAYS, grow=True),
        Column("business_key", "BUSINESS KEY", lambda i: cell(i.business_key), 20, 8, Priority.HIGH, grow=True),
        Column("state", "STATE", lambda i: "suspended" if i.suspended else "active", 9, 9, Priority.HIGH),
        Column("tenant", "TENANT", lambda i: cell(i.tenant_id), 10, 6, Priority.LOW),
    ),
    fetch=fetch_instances,
    new_query=InstanceFilter,
    get=lambda engine, i: engine.instances.get(i),
    describe=describe_instance,
    label_of=instance_label,
    actions=(CANCEL,),
    cli_flags=instance_flags,
    cli_query=instance_query,
    cli_help="process instances",
    children=(
        Child("Incidents", "incidents", lambda instance_id: IncidentFilter(process_instance_id=instance_id)),
        Child("User tasks", "tasks", lambda instance_id: TaskFilter(process_instance_id=instance_id)),
    ),
    fields=("id", "bpmn_process_id", "business_key", "suspended", "tenant_id"),
    views=(INSTANCE_DIAGRAM,),
)
