"""External tasks (`:ext`): unlock, retries (one, marked, or all matching as one engine batch), priority."""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from typing import Any

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.models import ExternalTask, ExternalTaskFilter
from camtui.api.paging import Page
from camtui.api.plan import Outcome, OutcomeStatus, Plan, Risk, Target
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Column, Kind, Option, Options, Priority, RunResult, Scope
from camtui.kinds.common import plural, previews, targets
from camtui.kinds.format import cell, when
from camtui.kinds.jobs import whole
from camtui.kinds.repair import batch_ran

# how long a batch of retries may take before the report says it had not finished
BATCH_SECONDS = 60.0


def task_label(t: ExternalTask) -> str:
    return f"{t.topic} at {t.activity_id or '?'}"


def _ops(verb: str, items: Sequence[ExternalTask], o: Options) -> list[op.Operation]:
    match verb:
        case "unlock":
            return [op.UnlockExternalTask(task_id=t.id) for t in items]
        case "retries" if len(items) > 1:
            return [
                op.SetExternalTaskRetriesMany(
                    task_ids=tuple(t.id for t in items), retries=whole(o, "retries", "Retries")
                )
            ]
        case "retries":
            return [op.SetExternalTaskRetries(task_id=t.id, retries=whole(o, "retries", "Retries")) for t in items]
        case _:
            return [op.SetExternalTaskPriority(task_id=t.id, priority=whole(o, "priority", "Priority")) for t in items]


TITLES = {"unlock": "Unlock", "retries": "Set retries of", "priority": "Set priority of"}


async def retries_as_batch(engine: Engine, items: Sequence[ExternalTask], o: Options) -> list[Outcome]:
    """One engine batch, followed to its end, then each task checked for its new retries."""
    retries = whole(o, "retries", "Retries")
    batch = await engine.external_tasks.set_retries_many(tuple(t.id for t in items), retries)
    await batch_ran(engine, batch.id, time.monotonic() + BATCH_SECONDS)
    ids = tuple(t.id for t in items)
    now = {
        t.id: t.retries for t in (await engine.external_tasks.list(ExternalTaskFilter(ids=ids), limit=len(ids))).items
    }
    out = []
    for t in items:
        target = Target(id=t.id, label=task_label(t))
        if t.id not in now:
            out.append(Outcome(target=target, status=OutcomeStatus.DONE, message="gone (completed meanwhile)"))
        elif now[t.id] == retries:
            out.append(Outcome(target=target, status=OutcomeStatus.DONE, message=f"retries set to {retries}"))
        else:
            out.append(Outcome(target=target, status=OutcomeStatus.PENDING, message=f"retries still {now[t.id]}"))
    return out


def _action(
    verb: str, key: str, capability: Capability, scope: Scope, options: tuple[Option, ...]
) -> Action[ExternalTask]:
    async def plan(engine: Engine, items: Sequence[ExternalTask], o: Options) -> Plan:
        return Plan(
            action=f"external_tasks.{verb}",
            title=f"{TITLES[verb]} {plural(len(items), 'external task')}",
            targets=targets(items, lambda t: t.id, task_label),
            impact="A worker can fetch them again at once." if verb == "unlock" else "",
            requests=previews(engine, _ops(verb, items, o)),
            risk=Risk.CHANGE,
        )

    async def run(engine: Engine, t: ExternalTask, o: Options) -> RunResult:
        (x,) = _ops(verb, [t], o)
        match x:
            case op.UnlockExternalTask():
                await engine.external_tasks.unlock(x.task_id)
                return "unlocked"
            case op.SetExternalTaskRetries():
                await engine.external_tasks.set_retries(x.task_id, x.retries)
                return f"retries set to {x.retries}"
            case op.SetExternalTaskPriority():
                await engine.external_tasks.set_priority(x.task_id, x.priority)
                return f"priority {x.priority}"
        raise AssertionError(x)

    suffix = "" if scope is not Scope.QUERY else "_all"
    return Action[ExternalTask](
        id=f"external_tasks.{verb}{suffix}",
        key=key,
        label=TITLES[verb].removesuffix(" of") + (" (all matching)" if suffix else ""),
        capability=capability,
        mutates=True,
        risk=Risk.CHANGE,
        scope=scope,
        plan=plan,
        run=run,
        options=options,
        run_many=retries_as_batch if verb == "retries" else None,
        many_capability=Capability.EXTERNAL_TASK_RETRIES if verb == "retries" else None,
        description=f"{TITLES[verb].lower().removesuffix(' of')} external tasks"
        + (" (everything the filter matches)" if suffix else ""),
    )


RETRY_OPTIONS = (Option("retries", "Retries", "1"),)
UNLOCK = _action("unlock", "u", Capability.EXTERNAL_TASK_UNLOCK, Scope.MARKED, ())
SET_RETRIES = _action("retries", "r", Capability.EXTERNAL_TASK_RETRIES, Scope.MARKED, RETRY_OPTIONS)
SET_RETRIES_ALL = _action("retries", "ctrl+t", Capability.EXTERNAL_TASK_RETRIES, Scope.QUERY, RETRY_OPTIONS)
SET_PRIORITY = _action(
    "priority", "p", Capability.EXTERNAL_TASK_PRIORITY, Scope.MARKED, (Option("priority", "Priority", "0"),)
)


async def fetch_tasks(engine: Engine, query: ExternalTaskFilter, after: str | None, limit: int) -> Page[ExternalTask]:
    return await engine.external_tasks.list(query, limit=limit, after=after)


async def describe_task(engine: Engine, task_id: str) -> dict[str, Any]:
    task = await engine.external_tasks.get(task_id)
    data = task.model_dump(mode="json")
    if task.error_message:
        data["error_details"] = await engine.external_tasks.error_details(task_id)
    return data


def task_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--topic")
    p.add_argument("--worker")
    p.add_argument("--instance", help="process instance id")
    p.add_argument("--key", help="process definition key")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--locked", action="store_true")
    state.add_argument("--not-locked", action="store_true")
    p.add_argument("--no-retries-left", action="store_true")


def task_query(a: argparse.Namespace) -> ExternalTaskFilter:
    return ExternalTaskFilter(
        topic=a.topic,
        worker_id=a.worker,
        process_instance_id=a.instance,
        bpmn_process_id=a.key,
        locked=a.locked,
        not_locked=a.not_locked,
        no_retries_left=a.no_retries_left,
    )


EXTERNAL_TASKS = Kind[ExternalTask](
    name="external-tasks",
    singular="external-task",
    aliases=("ext", "externaltasks"),
    title="External tasks",
    capability=Capability.EXTERNAL_TASK_LIST,
    columns=(
        Column("topic", "TOPIC", lambda t: t.topic, 18, 8, Priority.ALWAYS),
        Column("worker", "WORKER", lambda t: cell(t.worker_id), 14, 6, Priority.HIGH),
        Column("lock", "LOCKED UNTIL", lambda t: when(t.lock_expiration_time), 28, 26, Priority.NORMAL),
        Column("retries", "RETRIES", lambda t: cell(t.retries), 7, 7, Priority.HIGH),
        Column("error", "ERROR", lambda t: cell(t.error_message), 40, 12, Priority.NORMAL, grow=True),
        Column("priority", "PRIO", lambda t: cell(t.priority), 4, 4, Priority.LOW),
        Column("instance", "INSTANCE", lambda t: cell(t.process_instance_id), 36, 13, Priority.LOW, shorten="middle"),
    ),
    fetch=fetch_tasks,
    new_query=ExternalTaskFilter,
    get=lambda engine, i: engine.external_tasks.get(i),
    describe=describe_task,
    label_of=task_label,
    actions=(UNLOCK, SET_RETRIES, SET_RETRIES_ALL, SET_PRIORITY),
    cli_flags=task_flags,
    cli_query=task_query,
    cli_help="external tasks: topic, worker, lock, retries, errors",
    fields=(
        "id",
        "topic",
        "worker_id",
        "lock_expiration_time",
        "retries",
        "error_message",
        "priority",
        "process_instance_id",
    ),
)
