"""Retry what failed, then see whether it worked.

A retry only sets retries; the job executor (or an external worker) runs the job later. So after
the retries are set, `settle_retries` watches the frozen targets (bounded, with progress notes)
until each is resolved (its job or external task is gone: it ran), failed again (no retries left:
a new incident, with the new message) or still pending when the watch ends. That verified report
is what the user sees, never "request accepted".
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest
from camtui.api.models import ExternalTaskFilter, Incident, JobFilter
from camtui.api.plan import Outcome, OutcomeStatus, Report, Target
from camtui.api.protocol import Engine
from camtui.kinds.base import Note, Options
from camtui.kinds.incident_groups import normalise

EXTERNAL = "failedExternalTask"
RETRIABLE = ("failedJob", EXTERNAL)
# how long a verification watches by default, and how often it looks
WATCH_SECONDS = 60.0
POLL_SECONDS = 0.5
# ids per list request while watching (they go into the query string)
CHUNK = 100


def retriable(i: Incident) -> bool:
    return i.type in RETRIABLE and bool(i.configuration)


def label(i: Incident) -> str:
    return f"{i.type} at {i.activity_id or '?'}"


def retries_of(o: Options) -> int:
    try:
        value = int(o.get("retries") or 1)
    except (TypeError, ValueError):
        raise BadRequest(f"Retries must be a whole number, not {o.get('retries')!r}.") from None
    if value < 1:
        raise BadRequest("Retries must be at least 1 (0 would fail the job again at once).")
    return value


def operations(items: Sequence[Incident], retries: int) -> list[op.Operation]:
    """One batch per kind of target when there are several, else one request each."""
    jobs = tuple(i.configuration or "" for i in items if retriable(i) and i.type != EXTERNAL)
    tasks = tuple(i.configuration or "" for i in items if retriable(i) and i.type == EXTERNAL)
    out: list[op.Operation] = []
    if len(jobs) > 1:
        out.append(op.SetJobRetriesMany(job_ids=jobs, retries=retries))
    else:
        out += [op.SetJobRetries(job_id=j, retries=retries) for j in jobs]
    if len(tasks) > 1:
        out.append(op.SetExternalTaskRetriesMany(task_ids=tasks, retries=retries))
    else:
        out += [op.SetExternalTaskRetries(task_id=t, retries=retries) for t in tasks]
    return out


async def retry_one(engine: Engine, i: Incident, o: Options) -> str:
    if Capability.JOB_RETRIES not in engine.capabilities:
        # an engine without Camunda 7's jobs retries the incident itself
        await engine.incidents.retry(i, retries_of(o))
        return "retried"
    if not retriable(i):
        raise BadRequest(f"A {i.type} incident has no job or external task to retry; resolve it instead.")
    retries = retries_of(o)
    if i.type == EXTERNAL:
        await engine.external_tasks.set_retries(i.configuration or "", retries)
    else:
        await engine.jobs.set_retries(i.configuration or "", retries)
    return f"retries set to {retries}"


async def batch_ran(engine: Engine, batch_id: str, deadline: float) -> bool:
    """Wait until an engine batch's jobs have run; False when the deadline came first.

    Not until the batch is `finished`: the engine's monitor job removes a batch only every
    30 s or so, long after its last job ran."""
    while time.monotonic() < deadline:
        p = await engine.instances.batch_progress(batch_id)
        if p.finished or (p.total_jobs > 0 and p.remaining_jobs <= p.failed_jobs):
            return True
        await asyncio.sleep(POLL_SECONDS)
    return False


async def retry_many(engine: Engine, items: Sequence[Incident], o: Options) -> list[Outcome]:
    """As engine batches (one for jobs, one for external tasks), followed until they have run."""
    retries = retries_of(o)
    deadline = time.monotonic() + float(o.get("wait") or WATCH_SECONDS)
    jobs = tuple(i.configuration or "" for i in items if retriable(i) and i.type != EXTERNAL)
    tasks = tuple(i.configuration or "" for i in items if retriable(i) and i.type == EXTERNAL)
    finished = True
    if jobs:
        finished &= await batch_ran(engine, (await engine.jobs.set_retries_many(jobs, retries)).id, deadline)
    if tasks:
        batch = await engine.external_tasks.set_retries_many(tasks, retries)
        finished &= await batch_ran(engine, batch.id, deadline)
    outcomes = []
    for i in items:
        target = Target(id=i.id, label=label(i))
        if not retriable(i):
            outcomes.append(Outcome(target=target, status=OutcomeStatus.FAILED, message=f"a {i.type} has no retry"))
        elif finished:
            outcomes.append(Outcome(target=target, status=OutcomeStatus.DONE, message=f"retries set to {retries}"))
        else:
            message = "the engine batch that sets the retries had not finished when the watch ended"
            outcomes.append(Outcome(target=target, status=OutcomeStatus.PENDING, message=message))
    return outcomes


async def _seen(engine: Engine, items: Sequence[Incident]) -> dict[str, tuple[int, str | None]]:
    """The retried jobs and external tasks that still exist: id -> (retries left, last error)."""
    jobs = [i.configuration or "" for i in items if i.type != EXTERNAL]
    tasks = [i.configuration or "" for i in items if i.type == EXTERNAL]
    seen: dict[str, tuple[int, str | None]] = {}
    for start in range(0, len(jobs), CHUNK):
        ids = tuple(jobs[start : start + CHUNK])
        page = await engine.jobs.list(JobFilter(ids=ids), limit=len(ids))
        seen |= {j.id: (j.retries, j.exception_message) for j in page.items}
    for start in range(0, len(tasks), CHUNK):
        ids = tuple(tasks[start : start + CHUNK])
        found = await engine.external_tasks.list(ExternalTaskFilter(ids=ids), limit=len(ids))
        seen |= {t.id: (t.retries if t.retries is not None else 1, t.error_message) for t in found.items}
    return seen


def _verdict(i: Incident, seen: dict[str, tuple[int, str | None]]) -> Outcome:
    target = Target(id=i.id, label=label(i))
    if i.configuration not in seen:
        what = "the external task was completed" if i.type == EXTERNAL else "the job ran"
        return Outcome(target=target, status=OutcomeStatus.DONE, message=f"resolved: {what}")
    retries, error = seen[i.configuration or ""]
    if retries == 0:
        return Outcome(target=target, status=OutcomeStatus.FAILED, message=f"failed again: {error or '(no message)'}")
    waiting = "a worker to fetch it" if i.type == EXTERNAL else "the job executor"
    return Outcome(target=target, status=OutcomeStatus.PENDING, message=f"still pending: waiting for {waiting}")


def _tally(outcomes: Sequence[Outcome]) -> str:
    done = sum(o.status is OutcomeStatus.DONE for o in outcomes)
    failed = sum(o.status is OutcomeStatus.FAILED for o in outcomes)
    return f"{done} resolved, {failed} failed again, {len(outcomes) - done - failed} pending"


def failure_groups(outcomes: Sequence[Outcome]) -> tuple[str, ...]:
    """ "failed again (12): <message>" per folded message, largest first."""
    groups: dict[str, list[Outcome]] = {}
    for o in outcomes:
        if o.status is OutcomeStatus.FAILED and o.message.startswith("failed again: "):
            groups.setdefault(normalise(o.message.removeprefix("failed again: ")), []).append(o)
    ordered = sorted(groups.values(), key=lambda members: -len(members))
    return tuple(f"failed again ({len(m)}): {m[0].message.removeprefix('failed again: ')}" for m in ordered)


async def settle_retries(engine: Engine, items: Sequence[Incident], report: Report, o: Options, note: Note) -> Report:
    """Watch what was retried until each is resolved or failed again, or the watch ends."""
    if not o.get("verify", True) or Capability.JOB_LIST not in engine.capabilities:
        return report
    if Capability.JOB_EXECUTE not in engine.capabilities:
        # a job executor runs a retried job soon (Camunda 7); Camunda 8's workers fetch it when they
        # poll, which may be never: :jobs shows how it goes
        return report
    sent = {out.target.id for out in report.outcomes if out.status is OutcomeStatus.DONE}
    watched = [i for i in items if i.id in sent and retriable(i)]
    seconds = float(o.get("wait") or WATCH_SECONDS)
    deadline = time.monotonic() + seconds
    verdicts: dict[str, Outcome] = {}
    while True:
        seen = await _seen(engine, watched)
        verdicts = {i.id: _verdict(i, seen) for i in watched}
        note(f"Watching {len(watched)} retried: {_tally(list(verdicts.values()))}")
        settled = all(v.status is not OutcomeStatus.PENDING for v in verdicts.values())
        if settled or time.monotonic() >= deadline:
            break
        await asyncio.sleep(POLL_SECONDS)
    outcomes = tuple(verdicts.get(out.target.id, out) for out in report.outcomes)
    pending = sum(v.status is OutcomeStatus.PENDING for v in verdicts.values())
    notes = [f"Verified after the retry: {_tally(list(verdicts.values()))}."]
    if pending:
        notes.append(f"Watched for {seconds:.0f} s; {pending} had not run yet (look again later).")
    notes += failure_groups(outcomes)
    return report.model_copy(update={"outcomes": outcomes, "notes": tuple(notes)})
