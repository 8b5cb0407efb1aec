"""Process definitions, instances, incidents and user tasks, with the actions that exist so far."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest, NotFound
from camtui.api.models import (
    DefinitionFilter,
    Incident,
    IncidentFilter,
    InstanceFilter,
    ProcessDefinition,
    ProcessInstance,
    TaskFilter,
    UserTask,
    VariableValue,
)
from camtui.api.paging import Page
from camtui.api.plan import Outcome, OutcomeStatus, Plan, Risk, Target
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Child, Column, Kind, Option, Options, Priority, RunResult, Scope
from camtui.kinds.cli import iso_time, var_condition
from camtui.kinds.common import gone, plural, previews, targets
from camtui.kinds.format import cell, when

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
)


# -- incidents ------------------------------------------------------------------------------------


async def fetch_incidents(engine: Engine, query: IncidentFilter, after: str | None, limit: int) -> Page[Incident]:
    return await engine.incidents.list(query, limit=limit, after=after)


async def describe_incident(engine: Engine, incident_id: str) -> dict[str, Any]:
    inc = await engine.incidents.get(incident_id)
    return inc.model_dump(mode="json") | {"stacktrace": await engine.incidents.stacktrace(inc)}


def incident_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--type", help="failedJob, failedExternalTask, ...")
    p.add_argument("--instance", help="process instance id")
    p.add_argument("--key", help="process definition key")
    p.add_argument("--activity")
    p.add_argument("--message-like")


def incident_query(a: argparse.Namespace) -> IncidentFilter:
    return IncidentFilter(
        type=a.type,
        process_instance_id=a.instance,
        bpmn_process_ids=tuple([a.key] if a.key else ()),
        activity_id=a.activity,
        message_like=a.message_like,
    )


INCIDENTS = Kind[Incident](
    name="incidents",
    singular="incident",
    aliases=("inc",),
    title="Incidents",
    capability=Capability.INCIDENT_LIST,
    columns=(
        Column("type", "TYPE", lambda i: i.type, 18, 8, Priority.HIGH),
        Column("activity", "ACTIVITY", lambda i: cell(i.activity_id), 18, 8, Priority.ALWAYS),
        Column("message", "MESSAGE", lambda i: cell(i.message), 50, 16, Priority.ALWAYS, grow=True),
        Column("time", "SINCE", lambda i: when(i.timestamp), 28, 26, Priority.NORMAL),
        Column("instance", "INSTANCE", lambda i: cell(i.process_instance_id), 36, 13, Priority.LOW, shorten="middle"),
    ),
    fetch=fetch_incidents,
    new_query=IncidentFilter,
    get=lambda engine, i: engine.incidents.get(i),
    describe=describe_incident,
    label_of=lambda i: f"{i.type} at {i.activity_id}",
    cli_flags=incident_flags,
    cli_query=incident_query,
    cli_help="incidents",
    fields=("id", "type", "activity_id", "message", "timestamp", "process_instance_id"),
)


# -- user tasks -----------------------------------------------------------------------------------


async def fetch_tasks(engine: Engine, query: TaskFilter, after: str | None, limit: int) -> Page[UserTask]:
    return await engine.tasks.list(query, limit=limit, after=after)


async def describe_task(engine: Engine, task_id: str) -> dict[str, Any]:
    t = await engine.tasks.get(task_id)
    data = t.model_dump(mode="json") | {
        "variables": [v.model_dump(mode="json") for v in await engine.tasks.variables(task_id)]
    }
    if Capability.TASK_COMMENTS in engine.capabilities:
        data["comments"] = [c.model_dump(mode="json") for c in await engine.tasks.comments(task_id)]
    return data


def task_label(t: UserTask) -> str:
    return t.name or t.id


def _user(engine: Engine, o: Options) -> str:
    user = o.get("user") or engine.connection.credentials.username
    if not user:
        raise BadRequest("For whom? Give a user (the profile has no user name).")
    return str(user)


def _task_action(
    verb: str, key: str, risk: Risk, capability: Capability, options: tuple[Option, ...] = ()
) -> Action[UserTask]:
    def operation(engine: Engine, t: UserTask, o: Options) -> op.Operation:
        match verb:
            case "claim":
                return op.ClaimTask(task_id=t.id, user_id=_user(engine, o))
            case "unclaim":
                return op.UnclaimTask(task_id=t.id)
            case "assign":
                return op.AssignTask(task_id=t.id, user_id=o.get("user") or None)
            case _:
                return op.CompleteTask(task_id=t.id, variables=_variables(o))

    async def plan(engine: Engine, items: Sequence[UserTask], o: Options) -> Plan:
        whom = f" to {o.get('user')}" if verb == "assign" and o.get("user") else ""
        if verb == "claim":
            whom = f" for {_user(engine, o)}"
        return Plan(
            action=f"tasks.{verb}",
            title=f"{verb.capitalize()} {plural(len(items), 'user task')}{whom}",
            targets=targets(items, lambda t: t.id, task_label),
            requests=previews(engine, [operation(engine, t, o) for t in items]),
            risk=risk,
        )

    async def run(engine: Engine, t: UserTask, o: Options) -> RunResult:
        x = operation(engine, t, o)
        match x:
            case op.ClaimTask():
                await engine.tasks.claim(x.task_id, x.user_id)
                return f"claimed for {x.user_id}"
            case op.UnclaimTask():
                await engine.tasks.unclaim(x.task_id)
                return "unclaimed"
            case op.AssignTask():
                await engine.tasks.set_assignee(x.task_id, x.user_id)
                return f"assigned to {x.user_id}" if x.user_id else "unassigned"
            case op.CompleteTask():
                await engine.tasks.complete(x.task_id, x.variables)
                return "completed"
        raise AssertionError(verb)

    async def verify(engine: Engine, t: UserTask, o: Options, since: datetime) -> bool | None:
        x = operation(engine, t, o)
        if isinstance(x, op.CompleteTask):
            return await gone(lambda: engine.tasks.get(t.id))
        now = await engine.tasks.get(t.id)
        match x:
            case op.ClaimTask():
                return now.assignee == x.user_id
            case op.UnclaimTask():
                return now.assignee is None
            case op.AssignTask():
                return now.assignee == x.user_id
        return None

    return Action[UserTask](
        id=f"tasks.{verb}",
        key=key,
        label=verb.capitalize(),
        capability=capability,
        mutates=True,
        risk=risk,
        scope=Scope.MARKED,
        plan=plan,
        run=run,
        verify=verify,
        options=options,
        description=f"{verb} user tasks (marked, or the one under the cursor)",
    )


CLAIM = _task_action("claim", "c", Risk.SAFE, Capability.TASK_CLAIM)
UNCLAIM = _task_action("unclaim", "u", Risk.SAFE, Capability.TASK_CLAIM)
ASSIGN = _task_action("assign", "a", Risk.CHANGE, Capability.TASK_ASSIGN, (Option("user", "Assign to user", ""),))
COMPLETE = _task_action("complete", "ctrl+e", Risk.CHANGE, Capability.TASK_COMPLETE)


def task_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--assignee")
    p.add_argument("--candidate-user")
    p.add_argument("--candidate-group")
    p.add_argument("--unassigned", action="store_true")
    p.add_argument("--instance")
    p.add_argument("--key", help="process definition key")
    p.add_argument("--name-like")
    p.add_argument("--due-before", type=iso_time)
    p.add_argument("--due-after", type=iso_time)


def task_query(a: argparse.Namespace) -> TaskFilter:
    return TaskFilter(
        assignee=a.assignee,
        candidate_user=a.candidate_user,
        candidate_group=a.candidate_group,
        unassigned=a.unassigned,
        process_instance_id=a.instance,
        bpmn_process_id=a.key,
        name_like=a.name_like,
        due_before=a.due_before,
        due_after=a.due_after,
    )


TASKS = Kind[UserTask](
    name="tasks",
    singular="task",
    aliases=("ut", "task", "usertasks"),
    title="User tasks",
    capability=Capability.TASK_LIST,
    columns=(
        Column("name", "NAME", lambda t: cell(t.name), 24, 10, Priority.ALWAYS, grow=True),
        Column("assignee", "ASSIGNEE", lambda t: cell(t.assignee), 12, 8, Priority.ALWAYS),
        Column("created", "CREATED", lambda t: when(t.created), 28, 26, Priority.HIGH),
        Column("due", "DUE", lambda t: when(t.due), 28, 26, Priority.NORMAL),
        Column("instance", "INSTANCE", lambda t: cell(t.process_instance_id), 36, 13, Priority.LOW, shorten="middle"),
        Column("id", "ID", lambda t: t.id, 36, 13, Priority.LOW, shorten="middle"),
    ),
    fetch=fetch_tasks,
    new_query=TaskFilter,
    get=lambda engine, i: engine.tasks.get(i),
    describe=describe_task,
    label_of=task_label,
    actions=(CLAIM, UNCLAIM, ASSIGN, COMPLETE),
    cli_flags=task_flags,
    cli_query=task_query,
    cli_help="user tasks",
    fields=("id", "name", "assignee", "created", "due", "process_instance_id"),
)
