"""`:batch` — the engine's batches: running ones with their progress, finished ones from history;
suspend, resume and delete through the runner; describe shows the failed jobs' messages."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import NotFound
from camtui.api.models import BatchFilter, BatchStatus
from camtui.api.paging import Page
from camtui.api.plan import Plan, Risk
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Column, Kind, Option, Options, Priority, RunResult, Scope
from camtui.kinds.c8 import sort_flags, sort_of, sorted_by_field
from camtui.kinds.common import flag, plural, previews, targets
from camtui.kinds.format import cell, when


async def fetch_batches(engine: Engine, query: BatchFilter, after: str | None, limit: int) -> Page[BatchStatus]:
    return await engine.instances.batches(query, limit=limit, after=after)


async def describe_batch(engine: Engine, batch_id: str) -> dict[str, Any]:
    batch = await engine.instances.batch(batch_id)
    data = batch.model_dump(mode="json")
    if not batch.finished and batch.failed_jobs:
        data["failed_job_messages"] = [
            {"job": j.id, "retries": j.retries, "message": j.exception_message}
            for j in await engine.instances.batch_failed_jobs(batch_id)
        ]
    return data


def progress(b: BatchStatus) -> str:
    if b.finished:
        return f"{b.total_jobs}/{b.total_jobs} done"
    share = 100 * b.completed_jobs // b.total_jobs if b.total_jobs else 0
    return f"{b.completed_jobs}/{b.total_jobs} ({share}%)"


def state(b: BatchStatus) -> str:
    if b.finished:
        return "finished"
    if b.suspended:
        return "suspended"
    return "failing" if b.failed_jobs else "running"


def label(b: BatchStatus) -> str:
    return f"{b.type} {b.id}"


def _suspension(verb: str, key: str, suspended: bool) -> Action[BatchStatus]:
    past = "suspended" if suspended else "resumed"

    async def plan(engine: Engine, items: Sequence[BatchStatus], o: Options) -> Plan:
        finished = [b for b in items if b.finished]
        return Plan(
            action=f"batches.{verb}",
            title=f"{verb.capitalize()} {plural(len(items), 'batch', 'batches')}",
            targets=targets(items, lambda b: b.id, label),
            impact="Their remaining jobs wait until resumed." if suspended else "Their remaining jobs run again.",
            requests=previews(engine, [op.SuspendBatch(batch_id=b.id, suspended=suspended) for b in items]),
            risk=Risk.CHANGE,
            warnings=(f"{plural(len(finished), 'is', 'are')} finished: the engine refuses.",) if finished else (),
        )

    async def run(engine: Engine, b: BatchStatus, o: Options) -> RunResult:
        await engine.instances.set_batch_suspended(b.id, suspended)
        return past

    async def verify(engine: Engine, b: BatchStatus, o: Options, since: datetime) -> bool | None:
        return (await engine.instances.batch(b.id)).suspended is suspended

    return Action[BatchStatus](
        id=f"batches.{verb}",
        key=key,
        label=verb.capitalize(),
        capability=Capability.BATCH_LIST,
        mutates=True,
        risk=Risk.CHANGE,
        scope=Scope.MARKED,
        plan=plan,
        run=run,
        verify=verify,
        description=f"{verb} batches (marked, or the one under the cursor)",
    )


SUSPEND = _suspension("suspend", "p", True)
RESUME = _suspension("resume", "a", False)


async def plan_delete(engine: Engine, items: Sequence[BatchStatus], o: Options) -> Plan:
    running = sum(1 for b in items if not b.finished)
    return Plan(
        action="batches.delete",
        title=f"Delete {plural(len(items), 'batch', 'batches')}",
        targets=targets(items, lambda b: b.id, label),
        impact=(
            f"{plural(running, 'running batch', 'running batches')} stop: what they did stays, the rest is not done."
            if running
            else "Finished batches: only their records go."
        )
        + (" Their history goes too." if flag(o, "cascade") else ""),
        requests=previews(engine, [op.DeleteBatch(batch_id=b.id, cascade=flag(o, "cascade")) for b in items]),
        risk=Risk.DESTROY,
    )


async def run_delete(engine: Engine, b: BatchStatus, o: Options) -> RunResult:
    await engine.instances.delete_batch(b.id, cascade=flag(o, "cascade"))
    return "deleted"


async def verify_delete(engine: Engine, b: BatchStatus, o: Options, since: datetime) -> bool | None:
    """Gone, or no longer running (a deleted batch keeps its history unless cascaded)."""
    try:
        now = await engine.instances.batch(b.id)
    except NotFound:
        return True
    return now.finished if not b.finished else None


DELETE = Action[BatchStatus](
    id="batches.delete",
    key="ctrl+d",
    label="Delete",
    capability=Capability.BATCH_LIST,
    mutates=True,
    risk=Risk.DESTROY,
    scope=Scope.MARKED,
    plan=plan_delete,
    run=run_delete,
    verify=verify_delete,
    options=(Option("cascade", "Also delete its history", False),),
    description="delete batches (marked, or the one under the cursor)",
)


# issue 13 (audit): what Camunda 7 sorts running batches by (the console's list), and what it sorts
# the finished ones by too (--finished; asked of the running ones, refused in words before sending)
BATCH_SORTS = ("id", "tenant_id")
FINISHED_BATCH_SORTS = ("start_time", "end_time")


def batch_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--finished", action="store_true", help="the finished batches (from history)")
    p.add_argument("--type", help="e.g. instance-deletion, instance-migration, set-job-retries")
    suspension = p.add_mutually_exclusive_group()
    suspension.add_argument(
        "--suspended", dest="suspended", action="store_const", const=True, help="running batches that are suspended"
    )
    suspension.add_argument(
        "--active", dest="suspended", action="store_const", const=False, help="running batches that are not suspended"
    )
    sort_flags(p, BATCH_SORTS + FINISHED_BATCH_SORTS)


def batch_query(a: argparse.Namespace) -> BatchFilter:
    return BatchFilter(finished=a.finished, type=a.type, suspended=a.suspended, **sort_of(a))


BATCHES = Kind[BatchStatus](
    name="batches",
    singular="batch",
    aliases=("batch", "bat"),
    title="Batches",
    capability=Capability.BATCH_LIST,
    columns=(
        Column("id", "ID", lambda b: b.id, 36, 13, Priority.ALWAYS, shorten="middle"),
        Column("type", "TYPE", lambda b: b.type, 22, 10, Priority.ALWAYS, grow=True),
        Column("progress", "PROGRESS", progress, 18, 9, Priority.ALWAYS),
        Column("failed", "FAILED", lambda b: str(b.failed_jobs), 6, 6, Priority.HIGH),
        Column("state", "STATE", state, 9, 9, Priority.HIGH),
        Column("user", "CREATED BY", lambda b: cell(b.create_user_id), 10, 6, Priority.NORMAL),
        Column("started", "STARTED", lambda b: when(b.start_time), 28, 26, Priority.LOW),
    ),
    fetch=fetch_batches,
    new_query=BatchFilter,
    get=lambda engine, i: engine.instances.batch(i),
    describe=describe_batch,
    label_of=label,
    actions=(SUSPEND, RESUME, DELETE),
    sorts=BATCH_SORTS,
    sorted_query=sorted_by_field,
    cli_flags=batch_flags,
    cli_query=batch_query,
    cli_help="the engine's batches: running (with progress) or --finished",
    fields=(
        "id",
        "type",
        "total_jobs",
        "completed_jobs",
        "failed_jobs",
        "suspended",
        "finished",
        "create_user_id",
        "start_time",
    ),
)
