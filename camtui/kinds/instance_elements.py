"""Where a Camunda 8 instance is and has been (issue 13): its element instances (active, completed,
with an incident), the sequence flows its tokens took, and its call hierarchy (root first). Camunda 7
shows an activity tree instead; this is what the instance detail and `describe instance` show where
the engine declares Capability.INSTANCE_ELEMENTS."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from camtui.api.protocol import Engine, instance_elements_of

# element instances read for one instance: an instance with more (a long loop) says so
MOST_ELEMENTS = 200


@dataclass(frozen=True)
class Element:
    key: str
    element_id: str
    name: str
    type: str
    state: str
    incident: bool

    @property
    def active(self) -> bool:
        return self.state == "ACTIVE"


@dataclass(frozen=True)
class Caller:
    instance_id: str
    name: str


@dataclass(frozen=True)
class InstanceElements:
    elements: tuple[Element, ...]
    # more element instances than were read
    more: bool
    flows: tuple[str, ...]
    # the root first, this instance last
    hierarchy: tuple[Caller, ...]

    @property
    def root_id(self) -> str | None:
        """The root of the call hierarchy when it is not this instance."""
        return self.hierarchy[0].instance_id if len(self.hierarchy) > 1 else None

    @property
    def caller_id(self) -> str | None:
        return self.hierarchy[-2].instance_id if len(self.hierarchy) > 1 else None


def _text(dto: Mapping[str, Any], key: str) -> str:
    value = dto.get(key)
    return "" if value is None else str(value)


def element_from(dto: Mapping[str, Any]) -> Element:
    return Element(
        key=_text(dto, "elementInstanceKey"),
        element_id=_text(dto, "elementId"),
        name=_text(dto, "elementName"),
        type=_text(dto, "type"),
        state=_text(dto, "state"),
        incident=bool(dto.get("hasIncident")),
    )


async def instance_elements(engine: Engine, instance_id: str) -> InstanceElements:
    area = instance_elements_of(engine)
    page, flows, hierarchy = await asyncio.gather(
        area.element_instances(instance_id, limit=MOST_ELEMENTS),
        area.sequence_flows(instance_id),
        area.call_hierarchy(instance_id),
    )
    return InstanceElements(
        elements=tuple(element_from(e) for e in page.items),
        more=page.next is not None,
        # a flow taken twice (a loop) is one entry, in the order first taken
        flows=tuple(dict.fromkeys(_text(f, "sequenceFlowId") or _text(f, "elementId") for f in flows)),
        hierarchy=tuple(Caller(_text(c, "processInstanceKey"), _text(c, "processDefinitionName")) for c in hierarchy),
    )


def described(path: InstanceElements) -> dict[str, Any]:
    """What `describe instance` adds on an engine with element instances."""
    return {
        "elements": [
            {
                "key": e.key,
                "element_id": e.element_id,
                "name": e.name,
                "type": e.type,
                "state": e.state,
                "incident": e.incident,
            }
            for e in path.elements
        ],
        "elements_complete": not path.more,
        "sequence_flows": list(path.flows),
        "call_hierarchy": [{"instance_id": c.instance_id, "name": c.name} for c in path.hierarchy],
    }
