"""Process instance modification: the instructions as an operator types them, and the action.

`start-before:ACTIVITY`, `start-after:ACTIVITY`, `cancel:ACTIVITY` (every instance of it) and
`cancel-instance:ACTIVITY_INSTANCE_ID`, comma-separated, applied in order, all or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest
from camtui.api.models import Modification, ModificationKind, ProcessInstance
from camtui.api.plan import Plan, Risk
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Option, Options, RunResult, Scope
from camtui.kinds.common import flag, plural, previews, targets

WORDS = {
    "start-before": ModificationKind.START_BEFORE,
    "start-after": ModificationKind.START_AFTER,
    "cancel": ModificationKind.CANCEL,
    "cancel-instance": ModificationKind.CANCEL,
}


def instruction(word: str, target: str) -> Modification:
    kind = WORDS.get(word.strip().lower())
    target = target.strip()
    if kind is None or not target:
        raise BadRequest(f"{word}:{target!r} is no instruction: use {', '.join(f'{w}:ID' for w in WORDS)}.")
    if word.strip().lower() == "cancel-instance":
        return Modification(kind=kind, activity_instance_id=target)
    return Modification(kind=kind, activity_id=target)


def parse_instructions(text: str) -> tuple[Modification, ...]:
    """`start-before:review, cancel:approve` → the instructions, in order."""
    out: list[Modification] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        word, sep, target = part.partition(":")
        if not sep:
            raise BadRequest(f"{part!r} is no instruction: write it as WORD:ID, e.g. start-before:review.")
        out.append(instruction(word, target))
    if not out:
        raise BadRequest("No instructions: give at least one, e.g. start-before:review, cancel:approve.")
    return tuple(out)


def describe(m: Modification) -> str:
    match m.kind:
        case ModificationKind.START_BEFORE:
            return f"start before {m.activity_id}"
        case ModificationKind.START_AFTER:
            return f"start after {m.activity_id}"
    if m.activity_instance_id:
        return f"cancel activity instance {m.activity_instance_id}"
    return f"cancel every instance of {m.activity_id}"


def instructions_of(o: Options) -> tuple[Modification, ...]:
    given = o.get("instructions")
    if isinstance(given, str):
        return parse_instructions(given)
    if isinstance(given, Sequence) and given and all(isinstance(m, Modification) for m in given):
        return tuple(given)
    raise BadRequest("No instructions: give at least one, e.g. start-before:review, cancel:approve.")


def _operation(i: ProcessInstance, o: Options) -> op.ModifyInstance:
    return op.ModifyInstance(
        instance_id=i.id,
        instructions=instructions_of(o),
        skip_custom_listeners=flag(o, "skip_custom_listeners"),
        skip_io_mappings=flag(o, "skip_io_mappings"),
        annotation=o.get("annotation") or None,
    )


def not_ready(action: str, title: str, items: Sequence[ProcessInstance], problem: str) -> Plan:
    """A plan that can not run yet (the console's dialog shows it, so the options can be fixed there)."""
    return Plan(
        action=action,
        title=title,
        targets=targets(items, lambda i: i.id, lambda i: i.business_key or i.bpmn_process_id or i.id),
        impact="Nothing is sent until this is fixed.",
        risk=Risk.CHANGE,
        warnings=(problem,),
    )


async def plan_modify(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> Plan:
    try:
        steps = instructions_of(o)
    except BadRequest as exc:
        return not_ready("instances.modify", f"Modify {plural(len(items), 'process instance')}", items, str(exc))
    return Plan(
        action="instances.modify",
        title=f"Modify {plural(len(items), 'process instance')}",
        targets=targets(items, lambda i: i.id, lambda i: i.business_key or i.bpmn_process_id or i.id),
        impact="In order, all or none: " + "; ".join(describe(m) for m in steps) + ".",
        requests=previews(engine, [_operation(i, o) for i in items]),
        risk=Risk.CHANGE,
        warnings=("Skipping listeners or I/O mappings leaves their side effects undone.",)
        if flag(o, "skip_custom_listeners") or flag(o, "skip_io_mappings")
        else (),
    )


async def run_modify(engine: Engine, i: ProcessInstance, o: Options) -> RunResult:
    x = _operation(i, o)
    await engine.instances.modify(
        x.instance_id,
        x.instructions,
        skip_custom_listeners=x.skip_custom_listeners,
        skip_io_mappings=x.skip_io_mappings,
        annotation=x.annotation,
    )
    return "modified: " + "; ".join(describe(m) for m in x.instructions)


async def verify_modify(engine: Engine, i: ProcessInstance, o: Options, since: datetime) -> bool | None:
    # whether a lost modification happened can not be read back reliably (a token may have moved on)
    return None


MODIFY = Action[ProcessInstance](
    id="instances.modify",
    key="m",
    label="Modify",
    capability=Capability.INSTANCE_MODIFY,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.MARKED,
    plan=plan_modify,
    run=run_modify,
    verify=verify_modify,
    options=(
        Option("instructions", "Instructions (start-before:ID, start-after:ID, cancel:ID, cancel-instance:ID)", ""),
        Option("annotation", "Annotation (kept in the engine's operation log)", ""),
        Option("skip_custom_listeners", "Skip custom listeners", False),
        Option("skip_io_mappings", "Skip input/output mappings", False),
    ),
    description="modify process instances: start before/after activities, cancel activity instances",
)
