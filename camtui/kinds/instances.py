"""Process instances: the `:pi` kind and its actions."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest, NotFound, OutcomeUnknown, UnsupportedByEngine
from camtui.api.models import (
    BatchFilter,
    IncidentFilter,
    InstanceFilter,
    InstanceSort,
    ProcessInstance,
    SortOrder,
    TaskFilter,
    Variable,
    VariableValue,
)
from camtui.api.paging import Page
from camtui.api.plan import Outcome, OutcomeStatus, Plan, Report, Risk, Target
from camtui.api.protocol import Engine
from camtui.config import queries
from camtui.kinds import instance_batches as batches
from camtui.kinds.base import Action, Child, Column, Kind, Note, Option, Options, Priority, RunResult, Scope
from camtui.kinds.batch_by_filter import PI_ACTIONS as FILTER_ACTIONS
from camtui.kinds.cli import var_condition
from camtui.kinds.common import flag, plural, previews, targets
from camtui.kinds.format import cell
from camtui.kinds.instance_history import DELETE_HISTORY, DELETE_HISTORY_ALL
from camtui.kinds.instance_query import STATES, parse_conditions, parse_time, with_state
from camtui.kinds.migration import MIGRATE
from camtui.kinds.modification import MODIFY, not_ready
from camtui.kinds.restart import RESTART
from camtui.kinds.views import INSTANCE_DIAGRAM

# -- process instances ----------------------------------------------------------------------------


async def fetch_instances(
    engine: Engine, query: InstanceFilter, after: str | None, limit: int
) -> Page[ProcessInstance]:
    return await engine.instances.list(query, limit=limit, after=after)


async def describe_instance(engine: Engine, instance_id: str) -> dict[str, Any]:
    i = await instance_or_history(engine, instance_id)
    variables = await variables_or_history(engine, i)
    data = i.model_dump(mode="json") | {"variables": [v.model_dump(mode="json") for v in variables]}
    if Capability.INSTANCE_ACTIVITY_TREE in engine.capabilities and not i.ended:
        tree = await engine.instances.activity_tree(instance_id)
        data["activities"] = [a.activity_id for a in tree.walk()[1:]]
    if Capability.INSTANCE_ELEMENTS in engine.capabilities:
        from camtui.kinds.instance_elements import described, instance_elements

        # an engine that declares it without the area (the in-memory fake) adds nothing
        with contextlib.suppress(UnsupportedByEngine):
            data |= described(await instance_elements(engine, instance_id))
    return data


async def instance_or_history(engine: Engine, instance_id: str) -> ProcessInstance:
    """A running instance, or (gone from the runtime on Camunda 7) its history: an ended one."""
    try:
        return await engine.instances.get(instance_id)
    except NotFound:
        if Capability.INSTANCE_RESTART not in engine.capabilities:
            raise
        return await engine.instances.historic_instance(instance_id)


async def variables_or_history(engine: Engine, instance: ProcessInstance) -> tuple[Variable, ...]:
    """Its variables; an ended Camunda 7 instance's last values come from history."""
    try:
        return await engine.instances.variables(instance.id)
    except NotFound:
        if not instance.ended or Capability.INSTANCE_RESTART not in engine.capabilities:
            raise
        return await engine.instances.historic_variables(instance.id)


def instance_label(i: ProcessInstance) -> str:
    return f"{i.bpmn_process_id or '?'} {i.business_key}" if i.business_key else (i.bpmn_process_id or i.id)


def _skips(o: Options) -> dict[str, bool]:
    return {"skip_custom_listeners": flag(o, "skip_custom_listeners"), "skip_io_mappings": flag(o, "skip_io_mappings")}


def _reason(o: Options) -> str | None:
    return str(o.get("reason") or "").strip() or None


async def plan_cancel(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> Plan:
    ids = tuple(i.id for i in items)
    batch = len(ids) > 1 and Capability.INSTANCE_DELETE_BATCH in engine.capabilities
    operations: list[op.Operation] = (
        [op.DeleteInstances(instance_ids=ids, reason=_reason(o), **_skips(o))]
        if batch
        else [op.DeleteInstance(instance_id=i, **_skips(o)) for i in ids]
    )
    warnings: list[str] = []
    if gone := sum(1 for i in items if i.ended):
        # rows of a history search (issue 10): nothing left to cancel there
        warnings.append(f"{plural(gone, 'of them has', 'of them have')} ended already: the engine refuses those.")
    if not batch and _reason(o):
        warnings.append("The engine records a reason only for batch deletes.")
    if any(_skips(o).values()):
        warnings.append("Skipping listeners or I/O mappings leaves their side effects undone.")
    impact = "They stop where they are; their history stays." + (" As one engine batch." if batch else "")
    if _reason(o):
        impact += f" Reason: {_reason(o)}."
    return Plan(
        action="instances.cancel",
        title=f"Cancel {plural(len(items), 'process instance')}",
        targets=targets(items, lambda i: i.id, instance_label),
        impact=impact,
        requests=previews(engine, operations),
        risk=Risk.DESTROY,
        warnings=tuple(warnings),
    )


async def verify_cancel(engine: Engine, i: ProcessInstance, o: Options, since: datetime) -> bool | None:
    """Gone (Camunda 7 deletes it), or there and ended (Camunda 8 keeps a cancelled instance)."""
    try:
        return (await engine.instances.get(i.id)).ended
    except NotFound:
        return True


async def run_cancel(engine: Engine, i: ProcessInstance, o: Options) -> str:
    await engine.instances.delete(i.id, **_skips(o))
    return "cancelled"


async def cancel_as_batch(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> list[Outcome]:
    """Many at once as one engine batch; `settle_cancel` follows it and checks instance by instance."""
    ids = tuple(i.id for i in items)
    # the deletion batches there already: if the answer is lost, a new one is ours
    earlier = await _deletion_batches(engine)
    try:
        batch = await engine.instances.delete_many(ids, reason=_reason(o), **_skips(o))
    except OutcomeUnknown as lost:
        return await _after_lost_batch(engine, items, lost, earlier)
    return [
        Outcome(
            target=Target(id=i.id, label=instance_label(i)),
            status=OutcomeStatus.DONE,
            message=f"sent in batch {batch.id}",
            result={"batch_id": batch.id},
        )
        for i in items
    ]


async def _cancelled(engine: Engine, items: Sequence[ProcessInstance], note: Note) -> dict[str, bool | None]:
    running = await batches.running(engine, [i.id for i in items])
    return {i.id: i.id not in running for i in items}


async def settle_cancel(
    engine: Engine, items: Sequence[ProcessInstance], report: Report, o: Options, note: Note
) -> Report:
    """Follow the batch with its progress until its jobs have run (not until the engine's monitor
    removes it, some 30 s later), then say of each target whether it is gone."""
    done = f"cancelled ({_reason(o)})" if _reason(o) else "cancelled"
    settle = batches.settle_by(_cancelled, done, "still running")
    return await settle(engine, items, report, o, note)


# how long a batch whose answer was lost is looked for (its jobs run every few seconds)
LOST_BATCH_WAIT = 60.0


async def _deletion_batches(engine: Engine) -> set[str]:
    if Capability.BATCH_LIST not in engine.capabilities:
        return set()
    page = await engine.instances.batches(BatchFilter(type="instance-deletion"), limit=1000)
    return {b.id for b in page.items}


async def _after_lost_batch(
    engine: Engine, items: Sequence[ProcessInstance], lost: OutcomeUnknown, earlier: set[str]
) -> list[Outcome]:
    """The batch's id went with the lost answer: a deletion batch that was not there before is
    ours. Look at it and at the targets until they are all gone, or until nothing has changed while
    no new batch runs; then say what each target shows."""
    ids = tuple(i.id for i in items)
    deadline = asyncio.get_running_loop().time() + LOST_BATCH_WAIT
    still = set(ids)
    batch_seen = False
    # a request that reached the engine may still be being taken in: only a second quiet look ends it
    quiet = 0
    while still and asyncio.get_running_loop().time() < deadline:
        before = still
        still = {i.id for i in (await engine.instances.list(InstanceFilter(ids=ids), limit=len(ids))).items}
        running = bool(await _deletion_batches(engine) - earlier)
        batch_seen = batch_seen or running or len(still) < len(ids)
        quiet = quiet + 1 if not running and still == before else 0
        if quiet >= 2:
            break
        await asyncio.sleep(0.5)
    outcomes = []
    for i in items:
        target = Target(id=i.id, label=instance_label(i))
        if i.id not in still:
            status, message = OutcomeStatus.DONE, "the answer was lost, but the engine shows it done"
        elif not batch_seen:
            status = OutcomeStatus.FAILED
            message = "the answer was lost, and the engine shows it did not happen: trying again is safe"
        else:
            status = OutcomeStatus.UNKNOWN
            message = f"{lost.message} It is still running; look at :batch before trying again."
        outcomes.append(Outcome(target=target, status=status, message=message))
    return outcomes


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
    options=(
        Option("reason", "Reason (kept by batch deletes)", ""),
        Option("skip_custom_listeners", "Skip custom listeners", False),
        Option("skip_io_mappings", "Skip input/output mappings", False),
    ),
    description="cancel process instances (marked, or the one under the cursor)",
    run_many=cancel_as_batch,
    many_capability=Capability.INSTANCE_DELETE_BATCH,
    settle=settle_cancel,
)


def _suspension(verb: str, key: str, suspended: bool) -> Action[ProcessInstance]:
    past = "suspended" if suspended else "activated"

    def operation(i: ProcessInstance) -> op.SuspendInstance:
        return op.SuspendInstance(instance_id=i.id, suspended=suspended)

    async def plan(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> Plan:
        already = sum(1 for i in items if i.suspended is suspended)
        warnings = (f"{plural(already, 'of them is', 'of them are')} {past} already.",) if already else ()
        requests, batch = batches.suspension_requests(engine, items, suspended)
        impact = "They stop at their next wait state; jobs are not run." if suspended else "They carry on."
        return Plan(
            action=f"instances.{verb}",
            title=f"{verb.capitalize()} {plural(len(items), 'process instance')}",
            targets=targets(items, lambda i: i.id, instance_label),
            impact=impact + (" As one engine batch, then each is checked." if batch else ""),
            requests=requests,
            risk=Risk.CHANGE,
            warnings=warnings,
        )

    async def run(engine: Engine, i: ProcessInstance, o: Options) -> RunResult:
        await engine.instances.set_suspended(i.id, suspended)
        return past

    async def verify(engine: Engine, i: ProcessInstance, o: Options, since: datetime) -> bool | None:
        return (await engine.instances.get(i.id)).suspended is suspended

    return Action[ProcessInstance](
        id=f"instances.{verb}",
        key=key,
        label=verb.capitalize(),
        capability=Capability.INSTANCE_SUSPEND,
        mutates=True,
        risk=Risk.CHANGE,
        scope=Scope.MARKED,
        plan=plan,
        run=run,
        verify=verify,
        description=f"{verb} process instances (marked, or the one under the cursor)",
        run_many=batches.suspend_many(suspended),
        many_capability=Capability.INSTANCE_DELETE_BATCH,
        many_from=batches.BATCH_FROM,
        settle=batches.suspension_settle(suspended),
    )


SUSPEND = _suspension("suspend", "p", True)
ACTIVATE = _suspension("activate", "a", False)


def _variables(o: Options) -> Mapping[str, VariableValue]:
    value = o.get("variables") or {}
    return dict(value) if isinstance(value, Mapping) else {}


async def plan_set_variables(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> Plan:
    values = _variables(o)
    if not values:
        return not_ready(
            "instances.set_variables",
            f"Set variables on {plural(len(items), 'process instance')}",
            items,
            "No variables to set: give at least one (name, type and value).",
        )
    shown = ", ".join(f"{n} = {v.value!r}" + (f" ({v.type})" if v.type else "") for n, v in sorted(values.items()))
    requests, batch = batches.set_variables_requests(engine, items, values)
    return Plan(
        action="instances.set_variables",
        title=f"Set {plural(len(values), 'variable')} on {plural(len(items), 'process instance')}",
        targets=targets(items, lambda i: i.id, instance_label),
        impact=f"{shown}. A variable of the same name is overwritten."
        + (" As one engine batch, then each is checked." if batch else ""),
        requests=requests,
        risk=Risk.CHANGE,
    )


async def run_set_variables(engine: Engine, i: ProcessInstance, o: Options) -> RunResult:
    values = _variables(o)
    if not values:
        raise BadRequest("No variables to set: give at least one (name, type and value).")
    await engine.instances.set_variables(i.id, values)
    return f"set {', '.join(sorted(values))}"


async def verify_set_variables(engine: Engine, i: ProcessInstance, o: Options, since: datetime) -> bool | None:
    values = _variables(o)
    now = {v.name: v for v in await engine.instances.variables(i.id, deserialize=True)}
    return all(name in now and now[name].value == v.value for name, v in values.items())


SET_VARIABLES = Action[ProcessInstance](
    id="instances.set_variables",
    # e for edit: v is the diagram on every instance screen
    key="e",
    label="Set variables",
    capability=Capability.INSTANCE_VARIABLES,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.MARKED,
    plan=plan_set_variables,
    run=run_set_variables,
    verify=verify_set_variables,
    description="set typed variables on process instances (marked, or the one under the cursor)",
    run_many=batches.set_variables_many,
    many_capability=Capability.INSTANCE_DELETE_BATCH,
    many_from=batches.BATCH_FROM,
    settle=batches.set_variables_settle(),
)


def over_query(action: Action[ProcessInstance], key: str, label: str, verb: str) -> Action[ProcessInstance]:
    """The same action over everything the current query matches: frozen to a list of ids when
    planned (instances that match later are not touched), from 20 on one engine batch."""
    return replace(
        action,
        id=f"{action.id}_all",
        key=key,
        label=label,
        scope=Scope.QUERY,
        description=f"{verb} every process instance the current query matches (frozen to a list of ids first)",
    )


CANCEL_ALL = over_query(CANCEL, "D", "Cancel all matching", "cancel")
SUSPEND_ALL = over_query(SUSPEND, "P", "Suspend all matching", "suspend")
ACTIVATE_ALL = over_query(ACTIVATE, "A", "Activate all matching", "activate")
SET_VARIABLES_ALL = over_query(SET_VARIABLES, "E", "Set variables on all matching", "set typed variables on")


def instance_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--key", help="process definition key")
    p.add_argument("--definition-id", help="one definition version")
    p.add_argument("--business-key")
    p.add_argument("--business-key-like")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--active", action="store_true")
    state.add_argument("--suspended", action="store_true")
    p.add_argument("--with-incident", action="store_true")
    p.add_argument("--incident-type")
    p.add_argument("--activity", action="append", help="waiting in this activity (repeatable: any of them)")
    p.add_argument("--tenant", action="append")
    p.add_argument("--super-instance", help="the instances this one called")
    p.add_argument("--sub-instance", help="the instance that called this one")
    p.add_argument("--var", action="append", type=var_condition, help="name_op_value, e.g. amount_gt_100")
    # issue 10: ended instances and time ranges (from history on Camunda 7)
    state.add_argument(
        "--state", choices=[s for s, _ in STATES if s], help="finished, completed and cancelled come from history"
    )
    p.add_argument("--version", type=int, dest="definition_version", help="one version of --key")
    for flag_name in ("started-after", "started-before", "ended-after", "ended-before"):
        when = f"2026-12-01, 2026-12-01T08:00+01:00, today; ago: --{flag_name}=-3d"
        p.add_argument(f"--{flag_name}", metavar="WHEN", help=when)
    p.add_argument("--where", action="append", metavar="CONDITION", help="typed: 'amount > 100', \"status = 'open'\"")
    p.add_argument("--query", metavar="NAME", help="a saved query (flags given as well refine it)")
    p.add_argument("--save-query", metavar="NAME", help="save this query under NAME (for :pi @NAME and --query)")
    p.add_argument(
        "--sort",
        choices=[s.value for s in InstanceSort],
        help="sorted by the engine (Camunda 7's runtime: the first five; Camunda 8: all)",
    )
    p.add_argument("--desc", action="store_true", help="with --sort: descending")


def instance_query(a: argparse.Namespace) -> InstanceFilter:
    explicit = InstanceFilter(
        bpmn_process_id=a.key,
        definition_id=a.definition_id,
        business_key=a.business_key,
        business_key_like=a.business_key_like,
        active=a.active,
        suspended=a.suspended,
        with_incident=a.with_incident,
        incident_type=a.incident_type,
        activity_ids=tuple(a.activity or ()),
        tenant_ids=tuple(a.tenant or ()),
        super_instance_id=a.super_instance,
        sub_instance_id=a.sub_instance,
        variables=tuple(a.var or ()) + tuple(c for text in a.where or () for c in parse_conditions(text)),
        definition_version=a.definition_version,
        sort_by=InstanceSort(a.sort) if a.sort else None,
        sort_order=SortOrder.DESC if a.desc else SortOrder.ASC,
        **cli_times(a),
    )
    if a.state:
        explicit = with_state(explicit, a.state)
    query = explicit
    try:
        if a.query:
            base = queries.load("instances", a.query, InstanceFilter)
            query = InstanceFilter.model_validate(base.model_dump() | explicit.model_dump(exclude_defaults=True))
        if a.save_query:
            queries.save("instances", a.save_query, query)
    except queries.QueryError as exc:  # a name not saved or not allowed: the user's to fix
        raise BadRequest(str(exc)) from None
    return query


def cli_times(a: argparse.Namespace) -> dict[str, datetime | None]:
    out: dict[str, datetime | None] = {}
    for name in ("started_after", "started_before", "ended_after", "ended_before"):
        text = getattr(a, name)
        try:
            out[name] = parse_time(text) if text else None
        except BadRequest as exc:
            raise BadRequest(f"--{name.replace('_', '-')}: {exc.message}") from None
    return out


# issue 13 (audit): what every engine sorts running instances by, and what Camunda 8's search adds
COMMON_SORTS = tuple(
    s.value
    for s in (
        InstanceSort.ID,
        InstanceSort.BPMN_PROCESS_ID,
        InstanceSort.DEFINITION_ID,
        InstanceSort.TENANT_ID,
        InstanceSort.BUSINESS_KEY,
    )
)
SEARCH_SORTS = tuple(s.value for s in InstanceSort if s.value not in COMMON_SORTS)


def sorted_query(query: InstanceFilter, field: str | None, descending: bool) -> InstanceFilter:
    if field is None:
        return query
    order = SortOrder.DESC if descending else SortOrder.ASC
    return query.model_copy(update={"sort_by": InstanceSort(field), "sort_order": order})


def state_word(i: ProcessInstance) -> str:
    """Running ones as active/suspended; ended ones as their history says (cancelled = stopped by
    someone, terminated = by the process itself)."""
    if i.state:
        return STATE_WORDS.get(i.state, i.state.lower())
    return "suspended" if i.suspended else "ended" if i.ended else "active"


STATE_WORDS = {
    "ACTIVE": "active",
    "SUSPENDED": "suspended",
    "COMPLETED": "completed",
    "EXTERNALLY_TERMINATED": "cancelled",
    "INTERNALLY_TERMINATED": "terminated",
    "TERMINATED": "cancelled",
    "CANCELED": "cancelled",
}


def when_text(t: datetime | None) -> str:
    return t.astimezone().strftime("%Y-%m-%d %H:%M:%S") if t else ""


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
        Column("state", "STATE", state_word, 10, 9, Priority.HIGH),
        Column("tenant", "TENANT", lambda i: cell(i.tenant_id), 10, 6, Priority.LOW),
        # known for history rows (ended instances, time ranges) and on Camunda 8
        Column("started", "STARTED", lambda i: when_text(i.start_time), 19, 19, Priority.NORMAL),
        Column("ended", "ENDED", lambda i: when_text(i.end_time), 19, 19, Priority.NORMAL),
    ),
    fetch=fetch_instances,
    new_query=InstanceFilter,
    get=lambda engine, i: engine.instances.get(i),
    describe=describe_instance,
    label_of=instance_label,
    actions=(
        CANCEL,
        CANCEL_ALL,
        SUSPEND,
        ACTIVATE,
        SET_VARIABLES,
        MODIFY,
        MIGRATE,
        SUSPEND_ALL,
        ACTIVATE_ALL,
        SET_VARIABLES_ALL,
        *FILTER_ACTIONS,
        RESTART,
        # ctrl+d and D on a history search (see ui.screens.instances: one key, the rows decide)
        DELETE_HISTORY,
        DELETE_HISTORY_ALL,
    ),
    sorts=COMMON_SORTS,
    more_sorts=((Capability.INSTANCE_SEARCH_SORT, SEARCH_SORTS),),
    sorted_query=sorted_query,
    cli_flags=instance_flags,
    cli_query=instance_query,
    cli_help="process instances",
    children=(
        Child("Incidents", "incidents", lambda instance_id: IncidentFilter(process_instance_id=instance_id)),
        Child("User tasks", "tasks", lambda instance_id: TaskFilter(process_instance_id=instance_id)),
    ),
    screen="camtui.ui.screens.instances:InstancesScreen",
    fields=("id", "bpmn_process_id", "business_key", "state", "suspended", "tenant_id", "start_time", "end_time"),
    views=(INSTANCE_DIAGRAM,),
    table_words=(("state", state_word),),
)
