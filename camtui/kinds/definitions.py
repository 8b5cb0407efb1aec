"""Process definitions: the `:pd` kind and its actions."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.models import (
    DefinitionFilter,
    DefinitionSort,
    InstanceFilter,
    ProcessDefinition,
    ProcessInstance,
    SortOrder,
    VariableValue,
)
from camtui.api.paging import Page
from camtui.api.plan import Plan, Risk
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Child, Column, Kind, Option, Options, Priority, RunResult, Scope
from camtui.kinds.common import (
    cascade_impact,
    counted_targets,
    flag,
    gone,
    plural,
    previews,
    running_instances,
    targets,
)
from camtui.kinds.format import cell
from camtui.kinds.views import DEFINITION_DIAGRAM

# -- process definitions --------------------------------------------------------------------------


async def fetch_definitions(
    engine: Engine, query: DefinitionFilter, after: str | None, limit: int
) -> Page[ProcessDefinition]:
    stats = Capability.DEFINITION_STATISTICS in engine.capabilities
    return await engine.definitions.list(query, limit=limit, after=after, with_statistics=stats)


async def describe_definition(engine: Engine, definition_id: str) -> dict[str, Any]:
    return (await engine.definitions.get(definition_id)).model_dump(mode="json")


def definition_label(d: ProcessDefinition) -> str:
    # version 0: named on the command line, not looked up (a cluster without search)
    return f"{d.bpmn_process_id} v{d.version}" if d.version else f"{d.bpmn_process_id} (latest version)"


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
        targets=targets(items, lambda d: d.id or d.bpmn_process_id, definition_label),
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


async def verify_start(
    engine: Engine, d: ProcessDefinition, o: Options, since: datetime
) -> ProcessInstance | bool | None:
    """An instance with the business key started since the request left (clocks may differ by a
    minute): found, it is the result; without a business key one start can not be told apart."""
    x = _start_op(d, o)
    if not x.business_key or Capability.INSTANCE_RESTART not in engine.capabilities:
        return None
    found = await engine.instances.started_since(
        x.business_key,
        since - timedelta(minutes=1),
        bpmn_process_id=x.bpmn_process_id,
        definition_id=x.definition_id,
    )
    return found[0] if found else False


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
    verify=verify_start,
    options=(Option("business_key", "Business key", ""),),
    description="start a process instance of the definition under the cursor",
)


def _suspension(verb: str, key: str, suspended: bool) -> Action[ProcessDefinition]:
    """Suspend or activate definition versions; with their instances only when asked (and counted)."""

    past = "suspended" if suspended else "activated"

    def operation(d: ProcessDefinition, o: Options) -> op.SuspendDefinition:
        return op.SuspendDefinition(
            definition_id=d.id, suspended=suspended, include_instances=flag(o, "include_instances")
        )

    async def plan(engine: Engine, items: Sequence[ProcessDefinition], o: Options) -> Plan:
        impact = "New instances can not be started while suspended." if suspended else "Instances can start again."
        if flag(o, "include_instances"):
            counts = [await running_instances(engine, InstanceFilter(definition_id=d.id)) for d in items]
            impact += f" Their {plural(sum(counts), 'running process instance')} are {past} too."
        else:
            impact += " Their running instances are left as they are."
        return Plan(
            action=f"definitions.{verb}",
            title=f"{verb.capitalize()} {plural(len(items), 'process definition')}",
            targets=targets(items, lambda d: d.id, definition_label),
            impact=impact,
            requests=previews(engine, [operation(d, o) for d in items]),
            risk=Risk.CHANGE,
        )

    async def run(engine: Engine, d: ProcessDefinition, o: Options) -> RunResult:
        x = operation(d, o)
        await engine.definitions.set_suspended(x.definition_id, x.suspended, include_instances=x.include_instances)
        return past + (" with its instances" if x.include_instances else "")

    async def verify(engine: Engine, d: ProcessDefinition, o: Options, since: datetime) -> bool | None:
        return (await engine.definitions.get(d.id)).suspended is suspended

    return Action[ProcessDefinition](
        id=f"definitions.{verb}",
        key=key,
        label=verb.capitalize(),
        capability=Capability.DEFINITION_SUSPEND,
        mutates=True,
        risk=Risk.CHANGE,
        scope=Scope.MARKED,
        plan=plan,
        run=run,
        verify=verify,
        options=(Option("include_instances", f"{verb.capitalize()} their running instances too", False),),
        description=f"{verb} process definition versions (marked, or the one under the cursor)",
    )


SUSPEND = _suspension("suspend", "p", True)
ACTIVATE = _suspension("activate", "a", False)


def _delete_op(d: ProcessDefinition, o: Options) -> op.DeleteDefinition:
    return op.DeleteDefinition(
        definition_id=d.id,
        cascade=flag(o, "cascade"),
        skip_custom_listeners=flag(o, "skip_custom_listeners"),
        skip_io_mappings=flag(o, "skip_io_mappings"),
    )


async def plan_delete(engine: Engine, items: Sequence[ProcessDefinition], o: Options) -> Plan:
    """Say how many running instances a cascade takes before anything is sent."""
    counts = await asyncio.gather(*(running_instances(engine, InstanceFilter(definition_id=d.id)) for d in items))
    impact, warnings, taken = cascade_impact(
        counts, flag(o, "cascade"), of=" of these versions", untouched="; other versions stay"
    )
    return Plan(
        action="definitions.delete",
        title=f"Delete {plural(len(items), 'process definition version')}",
        targets=counted_targets(items, counts, lambda d: d.id, definition_label),
        impact=impact,
        impact_count=taken,
        requests=previews(engine, [_delete_op(d, o) for d in items]),
        risk=Risk.DESTROY,
        warnings=warnings,
    )


async def run_delete(engine: Engine, d: ProcessDefinition, o: Options) -> RunResult:
    x = _delete_op(d, o)
    await engine.definitions.delete(
        x.definition_id,
        cascade=x.cascade,
        skip_custom_listeners=x.skip_custom_listeners,
        skip_io_mappings=x.skip_io_mappings,
    )
    return "deleted"


async def verify_delete(engine: Engine, d: ProcessDefinition, o: Options, since: datetime) -> bool | None:
    return await gone(lambda: engine.definitions.get(d.id))


DELETE = Action[ProcessDefinition](
    id="definitions.delete",
    key="ctrl+d",
    label="Delete version",
    capability=Capability.DEFINITION_DELETE,
    mutates=True,
    risk=Risk.DESTROY,
    scope=Scope.MARKED,
    plan=plan_delete,
    run=run_delete,
    verify=verify_delete,
    options=(
        Option("cascade", "Cascade: also delete its running instances and history", False),
        Option("skip_custom_listeners", "Skip custom listeners", False),
        Option("skip_io_mappings", "Skip input/output mappings", False),
    ),
    description="delete process definition versions (marked, or the one under the cursor)",
)


def definition_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--key")
    p.add_argument("--name-like")
    p.add_argument("--latest", action="store_true", help="only the latest version of each key")
    p.add_argument("--tenant", action="append")
    p.add_argument("--deployment-id")
    p.add_argument("--version-tag")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--suspended", action="store_true")
    state.add_argument("--active", action="store_true")
    p.add_argument(
        "--sort",
        choices=[s.value for s in DefinitionSort],
        help="sorted by the engine (each refuses in words what it can not sort by)",
    )
    p.add_argument("--desc", action="store_true", help="with --sort: descending")


def definition_query(a: argparse.Namespace) -> DefinitionFilter:
    return DefinitionFilter(
        bpmn_process_id=a.key,
        name_like=a.name_like,
        latest_only=a.latest,
        tenant_ids=tuple(a.tenant or ()),
        deployment_id=a.deployment_id,
        version_tag=a.version_tag,
        suspended=True if a.suspended else (False if a.active else None),
        sort_by=DefinitionSort(a.sort) if a.sort else None,
        sort_order=SortOrder.DESC if a.desc else SortOrder.ASC,
    )


# issue 13 (audit): what both engines sort definitions by, and what Camunda 8's search adds
COMMON_SORTS = ("bpmn_process_id", "name", "version", "version_tag", "tenant_id", "id")
SEARCH_SORTS = ("resource_name",)


def sorted_query(query: DefinitionFilter, field: str | None, descending: bool) -> DefinitionFilter:
    if field is None:
        return query
    order = SortOrder.DESC if descending else SortOrder.ASC
    return query.model_copy(update={"sort_by": DefinitionSort(field), "sort_order": order})


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
        # short labels over counts and yes/no: at 80 columns the keys and names get the cells
        Column("incidents", "INC", lambda d: cell(d.incidents), 6, 3, Priority.HIGH),
        Column("failed_jobs", "FAILED", lambda d: cell(d.failed_jobs), 6, 6, Priority.NORMAL),
        Column("suspended", "SUSP", lambda d: cell(d.suspended), 4, 4, Priority.NORMAL),
        Column("version_tag", "TAG", lambda d: cell(d.version_tag), 10, 5, Priority.LOW),
        Column("tenant", "TENANT", lambda d: cell(d.tenant_id), 10, 6, Priority.LOW),
        Column("ttl", "HISTORY TTL", lambda d: cell(d.history_time_to_live), 11, 5, Priority.WIDE),
        Column("id", "ID", lambda d: d.id, 48, 13, Priority.LOW, shorten="middle"),
    ),
    fetch=fetch_definitions,
    new_query=lambda: DefinitionFilter(latest_only=True),
    get=lambda engine, i: engine.definitions.get(i),
    describe=describe_definition,
    label_of=definition_label,
    actions=(START, SUSPEND, ACTIVATE, DELETE),
    sorts=COMMON_SORTS,
    more_sorts=((Capability.DEFINITION_SEARCH_SORT, SEARCH_SORTS),),
    sorted_query=sorted_query,
    cli_flags=definition_flags,
    cli_query=definition_query,
    cli_help="process definitions with running instances and incidents",
    children=(
        Child("Running instances", "instances", lambda definition_id: InstanceFilter(definition_id=definition_id)),
    ),
    screen="camtui.ui.screens.definitions:DefinitionsScreen",
    fields=(
        "bpmn_process_id",
        "version",
        "name",
        "running_instances",
        "incidents",
        "failed_jobs",
        "suspended",
        "version_tag",
        "tenant_id",
        "history_time_to_live",
        "id",
    ),
    views=(DEFINITION_DIAGRAM,),
)
