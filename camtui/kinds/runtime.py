"""Incidents and user tasks, with the actions that exist so far."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest
from camtui.api.models import (
    Incident,
    IncidentFilter,
    TaskFilter,
    UserTask,
    VariableValue,
)
from camtui.api.paging import Page
from camtui.api.plan import Plan, Risk
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Column, Kind, Option, Options, Priority, RunResult, Scope
from camtui.kinds.cli import iso_time
from camtui.kinds.common import gone, plural, previews, targets
from camtui.kinds.format import cell, when


def _variables(o: Options) -> Mapping[str, VariableValue]:
    value = o.get("variables") or {}
    return dict(value) if isinstance(value, Mapping) else {}


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
