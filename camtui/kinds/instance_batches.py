"""Suspend/activate and set variables on many process instances as one engine batch (Camunda 7).

From `BATCH_FROM` targets on, `run_many` sends the one batch request (the targets are a frozen list of
ids: instances that match the query later are not in it) and reports each target as sent in that
batch. `settle` then follows the batch to its end with progress notes and re-reads every target:
the report says how many really are suspended / really have the new values, never "request accepted".
Fewer targets run one request each, as before.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from camtui.api import errors
from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.models import InstanceFilter, ProcessInstance, VariableValue
from camtui.api.plan import Outcome, OutcomeStatus, PlannedRequest, Report, Target
from camtui.api.protocol import Engine
from camtui.kinds.base import ManyFn, Note, Options, SettleFn
from camtui.kinds.common import previews

# this many targets or more run as one engine batch (fewer: one request each, reported one by one)
BATCH_FROM = 20
# how long a batch is followed before the rest is reported pending, and how often it is looked at
WAIT_SECONDS = 600.0
POLL_SECONDS = 0.5
# ids per re-read while verifying, and variable reads at once
CHUNK = 500
READS_AT_ONCE = 16


def batched(engine: Engine, count: int) -> bool:
    return count >= BATCH_FROM and Capability.INSTANCE_DELETE_BATCH in engine.capabilities


def _target(i: ProcessInstance) -> Target:
    return Target(id=i.id, label=f"{i.bpmn_process_id or '?'} {i.business_key}" if i.business_key else i.id)


def _variables(o: Options) -> Mapping[str, VariableValue]:
    value = o.get("variables") or {}
    return dict(value) if isinstance(value, Mapping) else {}


# -- plans ----------------------------------------------------------------------------------------


def suspension_requests(
    engine: Engine, items: Sequence[ProcessInstance], suspended: bool
) -> tuple[tuple[PlannedRequest, ...], bool]:
    """The exact requests and whether they are one engine batch."""
    if batched(engine, len(items)):
        return previews(
            engine, [op.SuspendInstances(instance_ids=tuple(i.id for i in items), suspended=suspended)]
        ), True
    return previews(engine, [op.SuspendInstance(instance_id=i.id, suspended=suspended) for i in items]), False


def set_variables_requests(
    engine: Engine, items: Sequence[ProcessInstance], values: Mapping[str, VariableValue]
) -> tuple[tuple[PlannedRequest, ...], bool]:
    if batched(engine, len(items)):
        many = op.SetVariablesMany(instance_ids=tuple(i.id for i in items), variables=values)
        return previews(engine, [many]), True
    return previews(engine, [op.SetVariables(instance_id=i.id, variables=values) for i in items]), False


# -- sending the batch ----------------------------------------------------------------------------


def _sent(items: Sequence[ProcessInstance], batch_id: str) -> list[Outcome]:
    return [
        Outcome(
            target=_target(i),
            status=OutcomeStatus.DONE,
            message=f"sent in batch {batch_id}",
            result={"batch_id": batch_id},
        )
        for i in items
    ]


def _lost(items: Sequence[ProcessInstance], lost: errors.OutcomeUnknown) -> list[Outcome]:
    # the batch's id went with the answer; the change is the same however often it is made
    message = f"{lost.message} Look at :batch or the instances; running it again is harmless."
    return [Outcome(target=_target(i), status=OutcomeStatus.UNKNOWN, message=message) for i in items]


def suspend_many(suspended: bool) -> ManyFn[ProcessInstance]:
    async def run(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> list[Outcome]:
        try:
            batch = await engine.instances.set_suspended_many(tuple(i.id for i in items), suspended)
        except errors.OutcomeUnknown as lost:
            return _lost(items, lost)
        return _sent(items, batch.id)

    return run


async def set_variables_many(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> list[Outcome]:
    values = _variables(o)
    if not values:
        raise errors.BadRequest("No variables to set: give at least one (name, type and value).")
    try:
        batch = await engine.instances.set_variables_many(tuple(i.id for i in items), values)
    except errors.OutcomeUnknown as lost:
        return _lost(items, lost)
    return _sent(items, batch.id)


# -- following it and verifying -------------------------------------------------------------------


async def follow(engine: Engine, batch_id: str, note: Note, *, seconds: float = WAIT_SECONDS) -> bool:
    """Watch a batch until its jobs have run (True) or the watch ends (False), telling how it goes.

    Not until the engine calls it finished: its monitor job removes a batch only every 30 s or so,
    long after the last job ran."""
    deadline = time.monotonic() + seconds
    while True:
        p = await engine.instances.batch_progress(batch_id)
        failed = f", {p.failed_jobs} failed" if p.failed_jobs else ""
        note(f"Batch {batch_id}: {p.completed_jobs} of {p.total_jobs} jobs done{failed}")
        if p.finished or (p.total_jobs > 0 and p.remaining_jobs <= p.failed_jobs):
            return True
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(POLL_SECONDS)


def _batch_of(report: Report) -> str | None:
    for outcome in report.outcomes:
        if outcome.status is OutcomeStatus.DONE and isinstance(outcome.result, dict):
            batch_id = outcome.result.get("batch_id")
            if isinstance(batch_id, str):
                return batch_id
    return None


Check = Callable[[Engine, Sequence[ProcessInstance], Note], Awaitable[dict[str, bool | None]]]


def settle_by(check: Check, done: str, not_done: str) -> SettleFn[ProcessInstance]:
    async def settle(
        engine: Engine, items: Sequence[ProcessInstance], report: Report, o: Options, note: Note
    ) -> Report:
        batch_id = _batch_of(report)
        if batch_id is None:
            # one request each: every outcome is the engine's own answer already
            return report
        ran = await follow(engine, batch_id, note, seconds=float(o.get("wait") or WAIT_SECONDS))
        # what went into the batch (a target refused before sending keeps its outcome as it is)
        sent_ids = {out.target.id for out in report.outcomes if out.status is OutcomeStatus.DONE}
        sent = [i for i in items if i.id in sent_ids]
        verdicts = await check(engine, sent, note)
        outcomes: list[Outcome] = []
        for out in report.outcomes:
            state = verdicts.get(out.target.id)
            if out.status is not OutcomeStatus.DONE:
                outcomes.append(out)
            elif state is True:
                outcomes.append(out.model_copy(update={"message": f"{done} (batch {batch_id}, verified)"}))
            elif state is None:
                outcomes.append(out.model_copy(update={"status": OutcomeStatus.FAILED, "message": "no longer running"}))
            elif ran:
                message = f"{not_done} after batch {batch_id} ran (see its failed jobs in :batch)"
                outcomes.append(out.model_copy(update={"status": OutcomeStatus.FAILED, "message": message}))
            else:
                message = f"batch {batch_id} had not run for it when the watch ended (look again in :batch)"
                outcomes.append(out.model_copy(update={"status": OutcomeStatus.PENDING, "message": message}))
        changed = sum(v is True for v in verdicts.values())
        notes = (f"Verified after batch {batch_id}: {changed} of {len(sent)} {done}.",)
        return report.model_copy(update={"outcomes": tuple(outcomes), "notes": (*report.notes, *notes)})

    return settle


async def running(engine: Engine, ids: Sequence[str]) -> dict[str, ProcessInstance]:
    found: dict[str, ProcessInstance] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = tuple(ids[start : start + CHUNK])
        page = await engine.instances.list(InstanceFilter(ids=chunk), limit=len(chunk))
        found |= {i.id: i for i in page.items}
    return found


def suspension_settle(suspended: bool) -> SettleFn[ProcessInstance]:
    async def check(engine: Engine, items: Sequence[ProcessInstance], note: Note) -> dict[str, bool | None]:
        now = await running(engine, [i.id for i in items])
        return {i.id: (now[i.id].suspended is suspended) if i.id in now else None for i in items}

    past = "suspended" if suspended else "activated"
    return settle_by(check, past, "still active" if suspended else "still suspended")


def same_value(now: Any, wanted: VariableValue) -> bool:
    """The engine's value against the one sent: a date comes back as text, Json as its text."""
    value = wanted.value
    if isinstance(value, datetime) and isinstance(now, str):
        try:
            return datetime.fromisoformat(now) == value
        except ValueError:
            return False
    return bool(now == value)


async def has_values(engine: Engine, instance_id: str, values: Mapping[str, VariableValue]) -> bool | None:
    try:
        now = {v.name: v for v in await engine.instances.variables(instance_id)}
    except errors.NotFound:
        return None
    return all(name in now and same_value(now[name].value, v) for name, v in values.items())


def set_variables_settle() -> SettleFn[ProcessInstance]:
    async def settle(
        engine: Engine, items: Sequence[ProcessInstance], report: Report, o: Options, note: Note
    ) -> Report:
        values = _variables(o)

        async def check(engine: Engine, items: Sequence[ProcessInstance], note: Note) -> dict[str, bool | None]:
            verdicts: dict[str, bool | None] = {}
            for start in range(0, len(items), READS_AT_ONCE):
                chunk = items[start : start + READS_AT_ONCE]
                answers = await asyncio.gather(*(has_values(engine, i.id, values) for i in chunk))
                verdicts |= {i.id: a for i, a in zip(chunk, answers, strict=True)}
                note(f"Verifying: {len(verdicts)} of {len(items)} read")
            return verdicts

        return await settle_by(check, "set", "not set")(engine, items, report, o, note)

    return settle
