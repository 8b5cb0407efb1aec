"""Deleting ended process instances from history (Camunda 7), for good.

Fewer than `BATCH_FROM` targets go one `DELETE /history/process-instance/{id}` each; from there on the
frozen ids go in one engine batch (`POST /history/process-instance/delete`), followed to its end, and
history is read again: each target is reported gone (verified) or still there.

A running instance has no history to delete yet. The engine would answer it "does not exist" one by
one, and fail the batch's job for it (the batch then stays with a failed job), so it is refused here,
target by target and in words, and nothing is sent for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from camtui.api import errors
from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.models import InstanceFilter, ProcessInstance
from camtui.api.plan import Outcome, OutcomeStatus, Plan, Risk, Target
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Note, Options, RunResult, Scope
from camtui.kinds.common import plural, previews, targets
from camtui.kinds.instance_batches import BATCH_FROM, CHUNK, settle_by

RUNNING = "still running: only an ended instance's history can be deleted (cancel it first); nothing was sent for it"
IMPACT = (
    "Everything the engine recorded about them (variables, activities, incidents, user tasks, the operation "
    "log's entries) is deleted for good: it can not be restored, and they can no longer be restarted."
)


def _label(i: ProcessInstance) -> str:
    return f"{i.bpmn_process_id or '?'} {i.business_key}" if i.business_key else (i.bpmn_process_id or i.id)


def _target(i: ProcessInstance) -> Target:
    return Target(id=i.id, label=_label(i))


def as_batch(engine: Engine, count: int) -> bool:
    """Whether the runner sends these targets as one engine batch (`run_many`, from BATCH_FROM on)."""
    return count >= BATCH_FROM and Capability.INSTANCE_HISTORY_DELETE in engine.capabilities


async def plan_delete_history(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> Plan:
    ended = tuple(i.id for i in items if i.ended)
    batch = as_batch(engine, len(items))
    operations: list[op.Operation] = []
    if batch and ended:
        operations.append(op.DeleteHistoricInstances(instance_ids=ended))
    elif not batch:
        operations.extend(op.DeleteHistoricInstance(instance_id=i) for i in ended)
    warnings = []
    if running := len(items) - len(ended):
        warnings.append(
            f"{plural(running, 'of them is', 'of them are')} still running: refused, nothing is sent for "
            + ("it" if running == 1 else "them")
            + " (only an ended instance's history can be deleted)."
        )
    impact = IMPACT + (" As one engine batch, then history is read again." if batch and ended else "")
    return Plan(
        action=DELETE_HISTORY.id,
        title=f"Delete {plural(len(items), 'process instance')} from history",
        targets=targets(items, lambda i: i.id, _label),
        impact=impact,
        requests=previews(engine, operations),
        risk=Risk.DESTROY,
        warnings=tuple(warnings),
    )


async def run_delete_history(engine: Engine, i: ProcessInstance, o: Options) -> RunResult:
    if not i.ended:
        raise errors.BadRequest(RUNNING)
    await engine.instances.delete_history(i.id)
    return "deleted from history"


async def in_history(engine: Engine, ids: Sequence[str]) -> set[str]:
    """Which of `ids` history still holds (running or ended)."""
    found: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = tuple(ids[start : start + CHUNK])
        page = await engine.instances.list(InstanceFilter(ids=chunk, with_ended=True), limit=len(chunk))
        found |= {i.id for i in page.items}
    return found


async def verify_delete_history(engine: Engine, i: ProcessInstance, o: Options, since: datetime) -> bool | None:
    """After a lost answer: gone from history means it happened."""
    return i.id not in await in_history(engine, [i.id])


async def delete_history_as_batch(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> list[Outcome]:
    """The ended ones in one engine batch; each running one refused in words, nothing sent for it."""
    ended = tuple(i.id for i in items if i.ended)
    sent: dict[str, Outcome] = {}
    if ended:
        try:
            batch = await engine.instances.delete_history_many(ended)
        except errors.OutcomeUnknown as lost:
            message = f"{lost.message} Look at :batch and search history for them before trying again."
            sent = {i: Outcome(target=Target(id=i), status=OutcomeStatus.UNKNOWN, message=message) for i in ended}
        else:
            result = {"batch_id": batch.id}
            message = f"sent in batch {batch.id}"
            sent = {
                i: Outcome(target=Target(id=i), status=OutcomeStatus.DONE, message=message, result=result)
                for i in ended
            }
    refused = Outcome(target=Target(id=""), status=OutcomeStatus.FAILED, message=RUNNING)
    return [sent.get(i.id, refused).model_copy(update={"target": _target(i)}) for i in items]


async def _gone(engine: Engine, items: Sequence[ProcessInstance], note: Note) -> dict[str, bool | None]:
    note(f"Reading history again for {plural(len(items), 'instance')}")
    still = await in_history(engine, [i.id for i in items])
    return {i.id: i.id not in still for i in items}


DELETE_HISTORY = Action[ProcessInstance](
    id="instances.delete_history",
    # the same key as cancel: on a history search (and an ended instance's detail) it is this one
    key="ctrl+d",
    label="Delete from history",
    capability=Capability.INSTANCE_HISTORY_DELETE,
    mutates=True,
    risk=Risk.DESTROY,
    scope=Scope.MARKED,
    plan=plan_delete_history,
    run=run_delete_history,
    verify=verify_delete_history,
    description="delete ended process instances from history for good (marked, or the one under the cursor)",
    run_many=delete_history_as_batch,
    many_capability=Capability.INSTANCE_HISTORY_DELETE,
    many_from=BATCH_FROM,
    settle=settle_by(_gone, "deleted from history", "still in history"),
)

# everything the history search matches, frozen to its ids when planned
DELETE_HISTORY_ALL = replace(
    DELETE_HISTORY,
    id="instances.delete_history_all",
    key="D",
    label="Delete all matching from history",
    scope=Scope.QUERY,
    description="delete every ended process instance the current history search matches (frozen to ids first)",
)
