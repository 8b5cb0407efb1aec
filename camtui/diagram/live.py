"""A definition's or an instance's diagram with its live counts, read through the engine protocol.

Used alike by `camtui diagram` and the console's diagram screen, so both show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from camtui.api import errors
from camtui.api.models import ElementStates, ElementStatistics, ProcessDefinition
from camtui.api.protocol import Engine
from camtui.diagram.model import Document
from camtui.diagram.parse import parse
from camtui.diagram.render import INSTANCE_LEGEND, LEGEND, Overlay


@dataclass(frozen=True)
class Live:
    """What to draw: the BPMN (parse it with `document()`, off the event loop when it is big) and the
    counts over it, with a title in words."""

    title: str
    xml: str
    overlay: Overlay
    definition: ProcessDefinition
    instance_id: str | None = None
    # said under the drawing (history off, statistics not allowed)
    notes: tuple[str, ...] = ()

    @property
    def legend(self) -> str:
        return INSTANCE_LEGEND if self.instance_id else LEGEND

    def document(self) -> Document:
        return parse(self.xml)


def statistics_overlay(rows: tuple[ElementStatistics, ...]) -> Overlay:
    return Overlay(
        running={r.element_id: r.running for r in rows if r.running},
        incidents={r.element_id: r.incidents for r in rows if r.incidents},
    )


def states_overlay(states: ElementStates) -> Overlay:
    return Overlay(
        running=dict(states.active),
        incidents=dict(states.incidents),
        passed=frozenset(states.passed or ()) - set(states.active),
    )


async def definition_diagram(engine: Engine, definition: ProcessDefinition) -> Live:
    xml = await engine.definitions.xml(definition.id)
    notes: tuple[str, ...] = ()
    try:
        overlay = statistics_overlay(await engine.definitions.element_statistics(definition.id))
    except (errors.Forbidden, errors.UnsupportedByEngine) as exc:
        overlay, notes = Overlay(), (f"no counts: {exc.describe()}",)
    title = f"{definition.name or definition.bpmn_process_id} v{definition.version} ({definition.id})"
    return Live(title, xml, overlay, definition, notes=notes)


async def instance_diagram(engine: Engine, instance_id: str) -> Live:
    instance = await engine.instances.get(instance_id)
    if instance.definition_id is None:
        raise errors.BadRequest(f"The engine does not say which definition instance {instance_id} runs.")
    definition = await engine.definitions.get(instance.definition_id)
    xml = await engine.definitions.xml(definition.id)
    states = await engine.instances.element_states(instance_id)
    notes = () if states.passed is not None else ("the elements it passed are not shown: no history to read",)
    title = f"instance {instance.id} of {definition.bpmn_process_id} v{definition.version}"
    return Live(title, xml, states_overlay(states), definition, instance_id=instance.id, notes=notes)
