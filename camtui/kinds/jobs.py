"""Jobs (`:jobs`) and job definitions. One jobs kind for both engines (issue 13): Camunda 7's job
executor jobs (execute now, retries, due date and recalculate, priority) and Camunda 8's jobs (type,
worker, state, retries, deadline, error; retries and timeout), each action offered where its
capability is; suspend/activate a job definition with or without its jobs (Camunda 7)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest
from camtui.api.models import Job, JobDefinition, JobDefinitionFilter, JobFilter, JobSort, SortOrder
from camtui.api.paging import Page
from camtui.api.plan import Plan, Risk
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Child, Column, Kind, Option, Options, Priority, RunResult, Scope
from camtui.kinds.c8_actions import C8_JOB_UPDATE
from camtui.kinds.cli import iso_time
from camtui.kinds.common import flag, plural, previews, targets
from camtui.kinds.format import age, cell, local_time, when


def due(value: datetime | None) -> str:
    """A due date: `… (in 23h)` ahead, `… (5m)` overdue."""
    if value is None:
        return ""
    now = datetime.now(UTC)
    if value > now:
        return f"{local_time(value)} (in {age(now, value)})"
    return when(value)


def job_label(j: Job) -> str:
    return f"{j.type or 'job'} at {j.activity_id or j.failed_activity_id or '?'}"


def whole(o: Options, name: str, what: str) -> int:
    try:
        return int(str(o.get(name)).strip())
    except (TypeError, ValueError):
        raise BadRequest(f"{what} must be a whole number, not {o.get(name)!r}.") from None


def due_of(o: Options) -> datetime | None:
    """An ISO time; `now` (or empty) is None: no due date, so the job executor takes the job at once
    (the same request in the plan and on the wire, whenever it is sent)."""
    text = str(o.get("due") or "now").strip()
    if text == "now":
        return None
    try:
        return iso_time(text)
    except argparse.ArgumentTypeError as exc:
        raise BadRequest(str(exc)) from None


def job_operation(verb: str, j: Job, o: Options) -> op.Operation:
    match verb:
        case "execute":
            return op.ExecuteJob(job_id=j.id)
        case "retries":
            return op.SetJobRetries(job_id=j.id, retries=whole(o, "retries", "Retries"))
        case "due":
            if flag(o, "recalculate"):
                return op.RecalculateJobDueDate(job_id=j.id, creation_date_based=not flag(o, "from_now"))
            return op.SetJobDueDate(job_id=j.id, due_date=due_of(o), cascade=flag(o, "cascade"))
        case _:
            return op.SetJobPriority(job_id=j.id, priority=whole(o, "priority", "Priority"))


async def send_job(engine: Engine, x: op.Operation) -> str:
    match x:
        case op.ExecuteJob():
            await engine.jobs.execute(x.job_id)
            return "executed"
        case op.SetJobRetries():
            await engine.jobs.set_retries(x.job_id, x.retries)
            return f"retries set to {x.retries}"
        case op.RecalculateJobDueDate():
            await engine.jobs.recalculate_due_date(x.job_id, creation_date_based=x.creation_date_based)
            return "due date recalculated"
        case op.SetJobDueDate():
            await engine.jobs.set_due_date(x.job_id, x.due_date, cascade=x.cascade)
            return f"due {x.due_date.isoformat() if x.due_date else 'now'}"
        case op.SetJobPriority():
            await engine.jobs.set_priority(x.job_id, x.priority)
            return f"priority {x.priority}"
    raise AssertionError(x)


TITLES = {
    "execute": "Execute now",
    "retries": "Set retries of",
    "due": "Set the due date of",
    "priority": "Set priority of",
}


def _job_action(
    verb: str, key: str, capability: Capability, risk: Risk, options: tuple[Option, ...], description: str
) -> Action[Job]:
    async def plan(engine: Engine, items: Sequence[Job], o: Options) -> Plan:
        ops = [job_operation(verb, j, o) for j in items]
        return Plan(
            action=f"jobs.{verb}",
            title=f"{TITLES[verb]} {plural(len(items), 'job')}",
            targets=targets(items, lambda j: j.id, job_label),
            impact="Each job runs now, in the request; a failing one answers with its exception."
            if verb == "execute"
            else "",
            requests=previews(engine, ops),
            risk=risk,
        )

    async def run(engine: Engine, j: Job, o: Options) -> RunResult:
        return await send_job(engine, job_operation(verb, j, o))

    return Action[Job](
        id=f"jobs.{verb}",
        key=key,
        label=TITLES[verb].removesuffix(" of"),
        capability=capability,
        mutates=True,
        risk=risk,
        scope=Scope.MARKED,
        plan=plan,
        run=run,
        options=options,
        description=description,
    )


EXECUTE = _job_action("execute", "x", Capability.JOB_EXECUTE, Risk.CHANGE, (), "run jobs now")
SET_RETRIES = _job_action(
    "retries", "r", Capability.JOB_RETRIES, Risk.CHANGE, (Option("retries", "Retries", "1"),), "set job retries"
)
SET_DUE = _job_action(
    "due",
    "d",
    Capability.JOB_DUE_DATE,
    Risk.CHANGE,
    (
        Option("due", "Due (now, or an ISO time)", "now"),
        Option("cascade", "Move later timer cycles along", False),
        Option("recalculate", "Recalculate from the timer definition instead", False),
        Option("from_now", "Recalculate from now (not from the job's creation)", False),
    ),
    "set or recalculate a job's due date",
)
SET_PRIORITY = _job_action(
    "priority", "p", Capability.JOB_PRIORITY, Risk.CHANGE, (Option("priority", "Priority", "0"),), "set job priority"
)


async def fetch_jobs(engine: Engine, query: JobFilter, after: str | None, limit: int) -> Page[Job]:
    return await engine.jobs.list(query, limit=limit, after=after)


async def describe_job(engine: Engine, job_id: str) -> dict[str, Any]:
    job = await engine.jobs.get(job_id)
    data = job.model_dump(mode="json")
    if job.exception_message:
        data["stacktrace"] = await engine.jobs.stacktrace(job_id)
    return data


def job_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--instance", help="process instance id")
    p.add_argument("--key", help="process definition key")
    p.add_argument("--activity")
    p.add_argument("--definition-id", help="job definition id")
    p.add_argument("--failed", action="store_true", help="no retries left")
    p.add_argument("--timers", action="store_true")
    p.add_argument("--messages", action="store_true")
    p.add_argument("--with-retries-left", action="store_true")
    p.add_argument("--due-before", type=iso_time)
    p.add_argument("--due-after", type=iso_time)
    # Camunda 8
    p.add_argument("--type", help="the job type a worker subscribes to (Camunda 8)")
    p.add_argument("--state", help="CREATED, FAILED, ERROR_THROWN, COMPLETED, ... (Camunda 8)")
    p.add_argument("--worker", help="the worker that activated it (Camunda 8)")
    p.add_argument(
        "--sort",
        choices=[s.value for s in JobSort],
        help="sorted by the engine (Camunda 7: the first eight; Camunda 8: all but due_date)",
    )
    p.add_argument("--desc", action="store_true", help="with --sort: descending")


def job_query(a: argparse.Namespace) -> JobFilter:
    return JobFilter(
        process_instance_id=a.instance,
        bpmn_process_id=a.key,
        activity_id=a.activity,
        job_definition_id=a.definition_id,
        failed=a.failed,
        timers=a.timers,
        messages=a.messages,
        with_retries_left=a.with_retries_left,
        due_before=a.due_before,
        due_after=a.due_after,
        type=a.type,
        state=a.state,
        worker=a.worker,
        sort_by=JobSort(a.sort) if a.sort else None,
        sort_order=SortOrder.DESC if a.desc else SortOrder.ASC,
    )


# issue 13 (audit): what both engines sort jobs by, and what Camunda 8's search adds
COMMON_SORTS = ("retries", "priority", "instance_id", "bpmn_process_id", "definition_id", "tenant_id", "id")
SEARCH_SORTS = tuple(s.value for s in JobSort if s.value not in COMMON_SORTS and s is not JobSort.DUE_DATE)


def sorted_query(query: JobFilter, field: str | None, descending: bool) -> JobFilter:
    if field is None:
        return query
    order = SortOrder.DESC if descending else SortOrder.ASC
    return query.model_copy(update={"sort_by": JobSort(field), "sort_order": order})


def _state(j: Job) -> str:
    if j.state is not None:
        # Camunda 8 says it itself
        return j.state.lower().replace("_", " ")
    return "suspended" if j.suspended else ("failed" if j.failed else "")


JOBS = Kind[Job](
    name="jobs",
    singular="job",
    # issue 13: Camunda 8's jobs are these (`:c8jobs` was their own view)
    aliases=("job", "c8jobs", "zjobs", "worker-jobs"),
    title="Jobs",
    capability=Capability.JOB_LIST,
    columns=(
        Column("type", "TYPE", lambda j: cell(j.type), 12, 5, Priority.ALWAYS),
        Column("activity", "ACTIVITY", lambda j: cell(j.activity_id or j.failed_activity_id), 18, 8, Priority.ALWAYS),
        Column("due", "DUE", lambda j: due(j.due_date or j.deadline), 31, 26, Priority.HIGH),
        Column("retries", "RETRIES", lambda j: str(j.retries), 7, 7, Priority.HIGH),
        Column("state", "STATE", _state, 9, 6, Priority.NORMAL),
        Column("worker", "WORKER", lambda j: cell(j.worker), 14, 6, Priority.LOW),
        Column("priority", "PRIO", lambda j: cell(j.priority), 4, 4, Priority.LOW),
        Column("error", "EXCEPTION", lambda j: cell(j.exception_message), 40, 12, Priority.NORMAL, grow=True),
        Column("instance", "INSTANCE", lambda j: cell(j.process_instance_id), 36, 13, Priority.LOW, shorten="middle"),
        Column("id", "ID", lambda j: j.id, 36, 13, Priority.WIDE, shorten="middle"),
    ),
    fetch=fetch_jobs,
    new_query=JobFilter,
    get=lambda engine, i: engine.jobs.get(i),
    describe=describe_job,
    label_of=job_label,
    # Camunda 7's job executor changes, and Camunda 8's retries and timeout: each where its engine has it
    actions=(EXECUTE, SET_RETRIES, SET_DUE, SET_PRIORITY, C8_JOB_UPDATE),
    sorts=COMMON_SORTS,
    more_sorts=((Capability.JOB_SEARCH_SORT, SEARCH_SORTS),),
    sorted_query=sorted_query,
    cli_flags=job_flags,
    cli_query=job_query,
    cli_help="jobs: timers, async continuations, messages, failed ones; Camunda 8: what workers activate",
    screen="camtui.ui.screens.jobs:JobsView",
    fields=(
        "id",
        "type",
        "activity_id",
        "due_date",
        "retries",
        "state",
        "worker",
        "exception_message",
        "priority",
        "process_instance_id",
    ),
)


# -- job definitions ----------------------------------------------------------------------------


def _suspend(suspended: bool) -> Action[JobDefinition]:
    verb = "suspend" if suspended else "activate"

    def operation(d: JobDefinition, o: Options) -> op.SuspendJobDefinition:
        return op.SuspendJobDefinition(
            job_definition_id=d.id, suspended=suspended, include_jobs=flag(o, "include_jobs")
        )

    async def plan(engine: Engine, items: Sequence[JobDefinition], o: Options) -> Plan:
        return Plan(
            action=f"job_definitions.{verb}",
            title=f"{verb.capitalize()} {plural(len(items), 'job definition')}",
            targets=targets(items, lambda d: d.id, lambda d: f"{d.job_type} at {d.activity_id}"),
            impact=(
                "Their existing jobs too."
                if flag(o, "include_jobs")
                else "New jobs only; existing jobs stay as they are."
            ),
            requests=previews(engine, [operation(d, o) for d in items]),
            risk=Risk.CHANGE,
        )

    async def run(engine: Engine, d: JobDefinition, o: Options) -> RunResult:
        x = operation(d, o)
        await engine.jobs.set_definition_suspended(x.job_definition_id, x.suspended, include_jobs=x.include_jobs)
        return f"{verb}d" + (" with its jobs" if x.include_jobs else "")

    return Action[JobDefinition](
        id=f"job_definitions.{verb}",
        key="ctrl+s" if suspended else "ctrl+a",
        label=verb.capitalize(),
        capability=Capability.JOB_DEFINITION_SUSPEND,
        mutates=True,
        risk=Risk.CHANGE,
        scope=Scope.MARKED,
        plan=plan,
        run=run,
        options=(Option("include_jobs", "With their jobs", False),),
        description=f"{verb} job definitions (with or without their jobs)",
    )


SUSPEND_DEFINITION = _suspend(True)
ACTIVATE_DEFINITION = _suspend(False)


async def fetch_definitions(
    engine: Engine, query: JobDefinitionFilter, after: str | None, limit: int
) -> Page[JobDefinition]:
    return await engine.jobs.definitions(query, limit=limit, after=after)


def definition_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--key", help="process definition key")
    p.add_argument("--activity")
    p.add_argument("--type", help="timer-intermediate-transition, async-continuation, ...")


def definition_query(a: argparse.Namespace) -> JobDefinitionFilter:
    return JobDefinitionFilter(bpmn_process_id=a.key, activity_id=a.activity, job_type=a.type)


async def describe_definition(engine: Engine, definition_id: str) -> dict[str, Any]:
    return (await engine.jobs.definition(definition_id)).model_dump(mode="json")


JOB_DEFINITIONS = Kind[JobDefinition](
    name="job-definitions",
    singular="job-definition",
    aliases=("jd", "jobdefinitions"),
    title="Job definitions",
    capability=Capability.JOB_DEFINITION_LIST,
    columns=(
        Column("type", "TYPE", lambda d: d.job_type, 28, 10, Priority.ALWAYS),
        Column("activity", "ACTIVITY", lambda d: cell(d.activity_id), 18, 8, Priority.ALWAYS),
        Column("definition", "PROCESS", lambda d: cell(d.bpmn_process_id), 20, 8, Priority.HIGH, grow=True),
        Column("state", "STATE", lambda d: "suspended" if d.suspended else "active", 9, 6, Priority.HIGH),
        Column("priority", "PRIO", lambda d: cell(d.overriding_priority), 4, 4, Priority.LOW),
        Column("id", "ID", lambda d: d.id, 36, 13, Priority.LOW, shorten="middle"),
    ),
    fetch=fetch_definitions,
    new_query=JobDefinitionFilter,
    get=lambda engine, i: engine.jobs.definition(i),
    describe=describe_definition,
    label_of=lambda d: f"{d.job_type} at {d.activity_id}",
    actions=(SUSPEND_DEFINITION, ACTIVATE_DEFINITION),
    cli_flags=definition_flags,
    cli_query=definition_query,
    cli_help="job definitions (suspend or activate, with or without their jobs)",
    children=(Child("Jobs", "jobs", lambda definition_id: JobFilter(job_definition_id=definition_id)),),
    fields=("id", "job_type", "activity_id", "bpmn_process_id", "suspended", "overriding_priority"),
)
