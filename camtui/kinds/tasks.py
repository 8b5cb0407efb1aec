"""User tasks: the list, its filters, and claim, unclaim, assign and complete."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest
from camtui.api.models import SortOrder, TaskFilter, TaskSort, UserTask, VariableValue
from camtui.api.paging import Page
from camtui.api.plan import Plan, Risk
from camtui.api.protocol import Engine
from camtui.config import queries
from camtui.kinds.base import Action, Column, Kind, Option, Options, Priority, RunResult, Scope
from camtui.kinds.cli import iso_time, var_condition
from camtui.kinds.common import gone, plural, previews, targets
from camtui.kinds.format import cell, when
from camtui.kinds.when import parse_priority, parse_when


def _variables(o: Options) -> Mapping[str, VariableValue]:
    value = o.get("variables") or {}
    return dict(value) if isinstance(value, Mapping) else {}


async def fetch_tasks(engine: Engine, query: TaskFilter, after: str | None, limit: int) -> Page[UserTask]:
    return await engine.tasks.list(query, limit=limit, after=after)


async def describe_task(engine: Engine, task_id: str) -> dict[str, Any]:
    t = await engine.tasks.get(task_id)
    data = t.model_dump(mode="json") | {
        "variables": [v.model_dump(mode="json") for v in await engine.tasks.variables(task_id)]
    }
    if Capability.TASK_COMMENTS in engine.capabilities:
        data["comments"] = [c.model_dump(mode="json") for c in await engine.tasks.comments(task_id)]
    if Capability.TASK_HISTORY in engine.capabilities:
        links = await engine.tasks.links(task_id)
        data["candidates"] = [link.user_id or f"group {link.group_id}" for link in links if link.type == "candidate"]
        data["assignments"] = [
            f"{when(c.time)} {c.operation} {c.type} {c.user_id or ('group ' + (c.group_id or '?'))}"
            + (f" by {c.by}" if c.by else "")
            for c in await engine.tasks.link_history(task_id)
        ]
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


# -- delegate, resolve, dates, priority, comments (issue 12) --------------------------------------


def _plan(
    action_id: str,
    title: str,
    items: Sequence[UserTask],
    operations: list[op.Operation],
    engine: Engine,
    risk: Risk,
    impact: str = "",
) -> Plan:
    return Plan(
        action=action_id,
        title=title,
        targets=targets(items, lambda t: t.id, task_label),
        impact=impact,
        requests=previews(engine, operations),
        risk=risk,
    )


def _delegate_to(o: Options) -> str:
    user = str(o.get("user") or "").strip()
    if not user:
        raise BadRequest("Delegate to whom? Give a user id.")
    return user


async def plan_delegate(engine: Engine, items: Sequence[UserTask], o: Options) -> Plan:
    user = _delegate_to(o)
    ops: list[op.Operation] = [op.DelegateTask(task_id=t.id, user_id=user) for t in items]
    title = f"Delegate {plural(len(items), 'user task')} to {user}"
    return _plan("tasks.delegate", title, items, ops, engine, Risk.CHANGE, "The assignee becomes the owner.")


async def run_delegate(engine: Engine, t: UserTask, o: Options) -> RunResult:
    user = _delegate_to(o)
    await engine.tasks.delegate(t.id, user)
    return f"delegated to {user}"


async def verify_delegate(engine: Engine, t: UserTask, o: Options, since: datetime) -> bool | None:
    now = await engine.tasks.get(t.id)
    return now.assignee == _delegate_to(o) and now.delegation_state == "PENDING"


DELEGATE = Action[UserTask](
    id="tasks.delegate",
    key="d",
    label="Delegate",
    capability=Capability.TASK_DELEGATE,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.MARKED,
    plan=plan_delegate,
    run=run_delegate,
    verify=verify_delegate,
    options=(Option("user", "Delegate to user", "", suggest="users"),),
    description="delegate user tasks: the assignee becomes the owner, the user works on it and resolves it",
)


async def plan_resolve(engine: Engine, items: Sequence[UserTask], o: Options) -> Plan:
    ops: list[op.Operation] = [op.ResolveTask(task_id=t.id, variables=_variables(o)) for t in items]
    title = f"Resolve {plural(len(items), 'delegated task')}"
    return _plan("tasks.resolve", title, items, ops, engine, Risk.CHANGE, "Each goes back to its owner.")


async def run_resolve(engine: Engine, t: UserTask, o: Options) -> RunResult:
    await engine.tasks.resolve(t.id, _variables(o))
    return "resolved, back to its owner"


async def verify_resolve(engine: Engine, t: UserTask, o: Options, since: datetime) -> bool | None:
    return (await engine.tasks.get(t.id)).delegation_state == "RESOLVED"


RESOLVE = Action[UserTask](
    id="tasks.resolve",
    key="R",
    label="Resolve",
    capability=Capability.TASK_DELEGATE,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.MARKED,
    plan=plan_resolve,
    run=run_resolve,
    verify=verify_resolve,
    description="hand delegated user tasks back to their owners",
)


def _changed(t: UserTask, field: str, o: Options) -> UserTask:
    """The task with the one field the action sets, read from what was typed."""
    text = str(o.get(field) or "")
    value: object = parse_priority(text) if field == "priority" else parse_when(text)
    return t.model_copy(update={field: value})


def _field_words(field: str, t: UserTask) -> str:
    value = getattr(t, field)
    if value is None:
        return "none"
    return when(value) if isinstance(value, datetime) else str(value)


def _update_action(field: str, key: str, label: str, option_label: str) -> Action[UserTask]:
    action_id = f"tasks.{field.replace('_', '-')}"

    async def plan(engine: Engine, items: Sequence[UserTask], o: Options) -> Plan:
        changed = [_changed(t, field, o) for t in items]
        shown = _field_words(field, changed[0]) if changed else ""
        title = f"Set {label.lower()} of {plural(len(items), 'user task')} to {shown}"
        ops: list[op.Operation] = [op.UpdateTask(task=t) for t in changed]
        return _plan(action_id, title, items, ops, engine, Risk.CHANGE)

    async def run(engine: Engine, t: UserTask, o: Options) -> RunResult:
        # the task as it is now, so a change made since the list was read is not undone
        current = await engine.tasks.get(t.id)
        changed = _changed(current, field, o)
        await engine.tasks.update(changed)
        return f"{label.lower()} {_field_words(field, changed)}"

    async def verify(engine: Engine, t: UserTask, o: Options, since: datetime) -> bool | None:
        wanted = getattr(_changed(t, field, o), field)
        return bool(getattr(await engine.tasks.get(t.id), field) == wanted)

    def prefill(t: UserTask) -> dict[str, Any]:
        value = getattr(t, field)
        return {field: "" if value is None else (value.isoformat() if isinstance(value, datetime) else str(value))}

    return Action[UserTask](
        id=action_id,
        key=key,
        label=label,
        capability=Capability.TASK_UPDATE,
        mutates=True,
        risk=Risk.CHANGE,
        scope=Scope.MARKED,
        plan=plan,
        run=run,
        verify=verify,
        options=(Option(field, option_label, ""),),
        description=f"set the {label.lower()} of user tasks (marked, or the one under the cursor)",
        prefill=prefill,
    )


DUE = _update_action("due", "D", "Due date", "Due (2026-12-01, 2026-12-01T17:00, +3d, tomorrow; empty clears)")
FOLLOW_UP = _update_action("follow_up", "F", "Follow-up date", "Follow up (2026-12-01, +2d, tomorrow; empty clears)")
PRIORITY = _update_action("priority", "P", "Priority", "Priority (a whole number; 50 is the default)")


def _message(o: Options) -> str:
    message = str(o.get("message") or "").strip()
    if not message:
        raise BadRequest("Write the comment first.")
    return message


async def plan_comment(engine: Engine, items: Sequence[UserTask], o: Options) -> Plan:
    message = str(o.get("message") or "").strip()
    ops: list[op.Operation] = [op.CommentTask(task_id=t.id, message=message) for t in items] if message else []
    title = f"Comment on {plural(len(items), 'user task')}"
    return _plan("tasks.comment", title, items, ops, engine, Risk.SAFE)


async def run_comment(engine: Engine, t: UserTask, o: Options) -> RunResult:
    await engine.tasks.add_comment(t.id, _message(o))
    return "commented"


COMMENT = Action[UserTask](
    id="tasks.comment",
    key="m",
    label="Comment",
    capability=Capability.TASK_COMMENTS,
    mutates=True,
    risk=Risk.SAFE,
    scope=Scope.MARKED,
    plan=plan_comment,
    run=run_comment,
    options=(Option("message", "Comment", ""),),
    description="add a comment to user tasks",
)


CLAIM = _task_action("claim", "c", Risk.SAFE, Capability.TASK_CLAIM)
UNCLAIM = _task_action("unclaim", "u", Risk.SAFE, Capability.TASK_CLAIM)
ASSIGN = _task_action(
    "assign", "a", Risk.CHANGE, Capability.TASK_ASSIGN, (Option("user", "Assign to user", "", suggest="users"),)
)
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
    p.add_argument("--follow-up-before", type=iso_time)
    p.add_argument("--follow-up-after", type=iso_time)
    p.add_argument("--created-before", type=iso_time)
    p.add_argument("--created-after", type=iso_time)
    p.add_argument("--business-key")
    p.add_argument("--business-key-like")
    p.add_argument("--priority", type=int)
    p.add_argument("--min-priority", type=int)
    p.add_argument("--max-priority", type=int)
    p.add_argument(
        "--var", action="append", type=var_condition, help="instance variable: name_op_value, e.g. amount_gt_100"
    )
    p.add_argument("--saved", metavar="NAME", help="start from a query saved in the console (f, then Save as)")
    p.add_argument(
        "--sort",
        choices=[s.value for s in TaskSort],
        help="sorted by the engine (each refuses in words what it can not sort by)",
    )
    p.add_argument("--desc", action="store_true", help="with --sort: descending")


def task_query(a: argparse.Namespace) -> TaskFilter:
    given = _task_query(a)
    if not a.saved:
        return given
    try:
        saved = queries.load("tasks", a.saved, TaskFilter)
    except queries.QueryError as exc:
        raise BadRequest(str(exc)) from None
    # flags given on the command line narrow the saved query
    return saved.model_copy(update=given.model_dump(exclude_defaults=True))


def _task_query(a: argparse.Namespace) -> TaskFilter:
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
        follow_up_before=a.follow_up_before,
        follow_up_after=a.follow_up_after,
        created_before=a.created_before,
        created_after=a.created_after,
        business_key=a.business_key,
        business_key_like=a.business_key_like,
        priority=a.priority,
        min_priority=a.min_priority,
        max_priority=a.max_priority,
        process_variables=tuple(a.var or ()),
        sort_by=TaskSort(a.sort) if a.sort else None,
        sort_order=SortOrder.DESC if a.desc else SortOrder.ASC,
    )


# issue 13 (audit): what both engines sort user tasks by, and what Camunda 8's search adds
COMMON_SORTS = ("created", "due_date", "follow_up", "priority", "name")
SEARCH_SORTS = ("completed", "business_key")


def sorted_query(query: TaskFilter, field: str | None, descending: bool) -> TaskFilter:
    if field is None:
        return query
    order = SortOrder.DESC if descending else SortOrder.ASC
    return query.model_copy(update={"sort_by": TaskSort(field), "sort_order": order})


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
    actions=(CLAIM, UNCLAIM, ASSIGN, COMPLETE, DELEGATE, RESOLVE, DUE, FOLLOW_UP, PRIORITY, COMMENT),
    sorts=COMMON_SORTS,
    more_sorts=((Capability.TASK_SEARCH_SORT, SEARCH_SORTS),),
    sorted_query=sorted_query,
    cli_flags=task_flags,
    cli_query=task_query,
    cli_help="user tasks",
    screen="camtui.ui.screens.tasks:TasksScreen",
    fields=("id", "name", "assignee", "created", "due", "process_instance_id"),
)
