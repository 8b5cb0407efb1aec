"""The live counts through the protocol on both engine families (the fakes: Camunda 8 has no test
engine here), and the diagram of a definition on each."""

from __future__ import annotations

import pytest

from camtui.diagram import render
from camtui.diagram.live import definition_diagram, instance_diagram
from tests.fakes import FakeEngine, Flavour

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("flavour", ["c7", "c8"])
async def test_counts_match_where_instances_wait_on_both_engine_families(flavour: Flavour) -> None:
    fake = FakeEngine(flavour)
    instance = next(i for i in fake.data.instances.values() if fake.data.positions.get(i.id))
    assert instance.definition_id is not None
    definition = await fake.definitions.get(instance.definition_id)
    waiting: dict[str, int] = {}
    for other in fake.data.instances.values():
        if other.definition_id == definition.id:
            for p in fake.data.positions.get(other.id, []):
                waiting[p.activity_id] = waiting.get(p.activity_id, 0) + 1
    live = await definition_diagram(fake, definition)
    assert dict(live.overlay.running) == waiting
    document = live.document()
    assert document.diagrams
    for diagram in document.diagrams:
        render(diagram, 100, overlay=live.overlay)
    states = await instance_diagram(fake, instance.id)
    assert set(states.overlay.running) == {p.activity_id for p in fake.data.positions[instance.id]}
    assert states.notes, "the fakes keep no history: the screen says what it can not show"
