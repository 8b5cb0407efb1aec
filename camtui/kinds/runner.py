"""The one way an action runs, for the console and the CLI alike.

1. `check` refuses before anything is asked or sent: a capability the engine lacks, or a change on
   a read-only profile.
2. `make_plan` asks the action what it will do (targets, impact, the exact requests).
3. `confirmation` says how the user must agree, scaled to risk, production and impact.
4. `execute` runs it target by target on the frozen list (or as one engine batch), goes on past a
   failure, skips what was cancelled before it started, and reports every target's outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from camtui.api import errors
from camtui.api.plan import Outcome, OutcomeStatus, Plan, Report, Risk, Target
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Note, Options

T = TypeVar("T")

# this many targets make a destructive change "large": typed confirmation even off production
LARGE = 10


def check(engine: Engine, action: Action[Any]) -> None:
    """Raise before any question is asked and any byte is sent."""
    if action.capability not in engine.capabilities:
        raise errors.UnsupportedByEngine(
            f"{action.label} is not offered by this engine ({action.capability.value}).", capability=action.capability
        )
    if action.mutates and engine.connection.read_only:
        raise errors.ReadOnlyProfile(f"Refused {action.label.lower()}: the profile is read-only, nothing was sent.")


async def make_plan(engine: Engine, action: Action[T], items: Sequence[T], options: Options) -> Plan:
    check(engine, action)
    return await action.plan(engine, items, options)


@dataclass(frozen=True)
class Confirmation:
    """`none`: go ahead; `ask`: a yes; `typed`: the user types `word`."""

    level: str
    word: str = ""


def confirmation(plan: Plan, *, production: bool) -> Confirmation:
    if plan.risk is Risk.SAFE and plan.count <= 1 and not production:
        return Confirmation("none")
    typed = (plan.risk is Risk.DESTROY and (plan.impact_count > 0 or plan.count >= LARGE)) or (
        production and plan.risk >= Risk.CHANGE
    )
    if not typed:
        return Confirmation("ask")
    verb = plan.title.split()[0].lower()
    if plan.count == 1 and plan.risk is Risk.DESTROY:
        return Confirmation("typed", plan.targets[0].label.split(" (")[0] or plan.targets[0].id)
    return Confirmation("typed", f"{verb} {plan.count}" if plan.count > 1 else verb)


OnOutcome = Callable[[int, Outcome], None]


async def execute(
    engine: Engine,
    action: Action[T],
    plan: Plan,
    items: Sequence[T],
    options: Options,
    *,
    on_outcome: OnOutcome | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    on_note: Note | None = None,
) -> Report:
    """Run `action` on the frozen `items` (paired with `plan.targets`); one outcome per target.

    An action with `settle` then watches its targets until the change took effect (bounded), and
    its verified report is the one returned; `on_note` hears how the watching goes."""
    report = await _run(engine, action, plan, items, options, on_outcome=on_outcome, cancelled=cancelled)
    if action.settle is None or not any(o.status is OutcomeStatus.DONE for o in report.outcomes):
        return report
    return await action.settle(engine, items, report, options, on_note or (lambda text: None))


async def _run(
    engine: Engine,
    action: Action[T],
    plan: Plan,
    items: Sequence[T],
    options: Options,
    *,
    on_outcome: OnOutcome | None,
    cancelled: Callable[[], bool],
) -> Report:
    check(engine, action)
    outcomes: list[Outcome] = []

    def record(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(len(outcomes) - 1, outcome)

    many = (
        action.run_many is not None
        and len(items) >= max(2, action.many_from)
        and action.many_capability in engine.capabilities
    )
    if many and action.run_many is not None and not cancelled():
        try:
            for outcome in await action.run_many(engine, items, options):
                record(outcome)
        except errors.EngineError as exc:
            for target in plan.targets:
                record(Outcome(target=target, status=OutcomeStatus.FAILED, message=exc.describe()))
        return Report(action=action.id, title=plan.title, outcomes=tuple(outcomes))

    for target, item in zip(_targets(plan, len(items)), items, strict=True):
        if cancelled():
            record(Outcome(target=target, status=OutcomeStatus.SKIPPED, message="cancelled before it started"))
            continue
        sent = datetime.now(UTC)
        try:
            answer = await action.run(engine, item, options)
        except errors.ReadOnlyProfile:
            raise
        except errors.OutcomeUnknown as exc:
            record(await _after_lost_answer(engine, action, target, item, options, sent, exc))
            continue
        except errors.EngineError as exc:
            record(Outcome(target=target, status=OutcomeStatus.FAILED, message=exc.describe()))
            continue
        message, result = (answer, None) if isinstance(answer, str) else (answer[0], answer[1].model_dump(mode="json"))
        record(Outcome(target=target, status=OutcomeStatus.DONE, message=message, result=result))
    return Report(action=action.id, title=plan.title, outcomes=tuple(outcomes))


async def _after_lost_answer(
    engine: Engine, action: Action[T], target: Target, item: T, options: Options, sent: datetime, lost: Exception
) -> Outcome:
    """Look where the engine allows: report what really happened, or say that nobody knows."""
    unknown = Outcome(target=target, status=OutcomeStatus.UNKNOWN, message=getattr(lost, "message", str(lost)))
    if action.verify is None:
        return unknown.model_copy(update={"message": getattr(lost, "describe", lambda: str(lost))()})
    try:
        happened = await action.verify(engine, item, options, sent)
    except errors.EngineError as exc:
        return unknown.model_copy(update={"message": f"{unknown.message} Checking failed too: {exc.message}"})
    if happened is True or isinstance(happened, BaseModel):
        return Outcome(
            target=target,
            status=OutcomeStatus.DONE,
            message="the answer was lost, but the engine shows it done",
            result=happened.model_dump(mode="json") if isinstance(happened, BaseModel) else None,
        )
    if happened is False:
        return Outcome(
            target=target,
            status=OutcomeStatus.FAILED,
            message="the answer was lost, and the engine shows it did not happen: trying again is safe",
        )
    return unknown


def _targets(plan: Plan, n: int) -> tuple[Target, ...]:
    if len(plan.targets) == n:
        return plan.targets
    # an action that makes something new has one target and one (empty) item
    return tuple(Target(id=str(i)) for i in range(n))
