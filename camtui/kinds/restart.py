"""Restarting finished process instances from history: at chosen activities, with their initial or
their last variables, with or without their business key. One synchronously, many as one engine
batch followed to its end.

The targets are historic instances (`engine.instances.historic_instance`): all of one definition
version, and finished (the engine refuses to restart one that still runs).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest
from camtui.api.models import ModificationKind, ProcessInstance
from camtui.api.plan import Outcome, OutcomeStatus, Plan, Risk, Target
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Option, Options, RunResult, Scope
from camtui.kinds.common import flag, plural, previews, targets
from camtui.kinds.modification import describe, instructions_of, not_ready


def _definition(items: Sequence[ProcessInstance]) -> str:
    definitions = {i.definition_id for i in items}
    if len(definitions) != 1 or None in definitions:
        raise BadRequest("Restart the instances of one definition version at a time (these ran on several).")
    return str(next(iter(definitions)))


def _operation(items: Sequence[ProcessInstance], o: Options, *, batch: bool) -> op.RestartInstances:
    steps = instructions_of(o)
    if any(m.kind is ModificationKind.CANCEL for m in steps):
        raise BadRequest("A restart starts before or after activities: use start-before:ID or start-after:ID.")
    return op.RestartInstances(
        definition_id=_definition(items),
        instance_ids=tuple(i.id for i in items),
        instructions=steps,
        initial_variables=flag(o, "initial_variables"),
        without_business_key=flag(o, "without_business_key"),
        skip_custom_listeners=flag(o, "skip_custom_listeners"),
        skip_io_mappings=flag(o, "skip_io_mappings"),
        batch=batch,
    )


def _batch(engine: Engine, n: int) -> bool:
    return n > 1 and Capability.INSTANCE_DELETE_BATCH in engine.capabilities


async def plan_restart(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> Plan:
    title = f"Restart {plural(len(items), 'finished process instance')}"
    try:
        x = _operation(items, o, batch=_batch(engine, len(items)))
    except BadRequest as exc:
        return not_ready("instances.restart", title, items, str(exc))
    running = [i for i in items if not i.ended]
    warnings = []
    if running:
        warnings.append(f"{plural(len(running), 'of them has', 'of them have')} not finished: the engine refuses.")
    extras = ["with their initial variables" if x.initial_variables else "with their last variables"]
    if x.without_business_key:
        extras.append("without business keys")
    return Plan(
        action="instances.restart",
        title=title,
        targets=targets(items, lambda i: i.id, lambda i: i.business_key or i.bpmn_process_id or i.id),
        impact="New instances "
        + ", ".join(extras)
        + ": "
        + "; ".join(describe(m) for m in x.instructions)
        + "."
        + (" As one engine batch." if x.batch else ""),
        requests=previews(engine, [x]),
        risk=Risk.CHANGE,
        warnings=tuple(warnings),
    )


async def run_restart(engine: Engine, i: ProcessInstance, o: Options) -> RunResult:
    x = _operation([i], o, batch=False)
    await engine.instances.restart(
        x.definition_id,
        x.instance_ids,
        x.instructions,
        initial_variables=x.initial_variables,
        without_business_key=x.without_business_key,
        skip_custom_listeners=x.skip_custom_listeners,
        skip_io_mappings=x.skip_io_mappings,
    )
    return "restarted"


async def restart_as_batch(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> list[Outcome]:
    """One engine batch followed to its end; its failed jobs make every target's outcome unknown."""
    x = _operation(items, o, batch=True)
    batch = await engine.instances.restart_many(
        x.definition_id,
        x.instance_ids,
        x.instructions,
        initial_variables=x.initial_variables,
        without_business_key=x.without_business_key,
        skip_custom_listeners=x.skip_custom_listeners,
        skip_io_mappings=x.skip_io_mappings,
    )
    async with asyncio.timeout(600):
        while not (progress := await engine.instances.batch_progress(batch.id)).finished:
            if progress.remaining_jobs and progress.remaining_jobs == progress.failed_jobs:
                break
            await asyncio.sleep(0.5)
    ok = progress.finished and not progress.failed_jobs
    return [
        Outcome(
            target=Target(id=i.id, label=i.business_key or i.id),
            status=OutcomeStatus.DONE if ok else OutcomeStatus.FAILED,
            message="restarted" if ok else f"batch {batch.id} has failed jobs (see :batch)",
        )
        for i in items
    ]


RESTART = Action[ProcessInstance](
    id="instances.restart",
    key="R",
    label="Restart",
    capability=Capability.INSTANCE_RESTART,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.MARKED,
    plan=plan_restart,
    run=run_restart,
    options=(
        Option("instructions", "Start at (start-before:ID, start-after:ID)", ""),
        Option("initial_variables", "With their initial variables (else: their last ones)", False),
        Option("without_business_key", "Without their business keys", False),
        Option("skip_custom_listeners", "Skip custom listeners", False),
        Option("skip_io_mappings", "Skip input/output mappings", False),
    ),
    description="restart finished process instances from history",
    run_many=restart_as_batch,
    many_capability=Capability.INSTANCE_DELETE_BATCH,
    # in the console: from where it started, unless the user names other activities
    prefill=lambda i: {"instructions": f"start-before:{i.start_activity_id}"} if i.start_activity_id else {},
)
