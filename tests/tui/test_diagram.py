"""The diagram screen against the real engine: reached with `v` from a definition and an instance,
counts drawn, zoom, pan, tab through the elements, enter lists the instances waiting there; SVG
snapshots of a definition's diagram with counts and of an instance's with its incident."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from camtui.api.c7.engine import C7Engine
from camtui.api.models import InstanceFilter, NewDeployment
from camtui.config.settings import Settings
from camtui.diagram.live import Live
from camtui.localengine import seed
from camtui.ui.screens import diagram_view
from camtui.ui.screens.diagram_view import DiagramScreen
from camtui.ui.screens.element_view import ElementScreen
from camtui.ui.screens.list_view import ListView
from camtui.ui.widgets.diagram_canvas import DiagramCanvas
from camtui.ui.widgets.paged_table import PagedTable
from tests.diagram.generate import chain
from tests.engine.helpers import bpmn, unique
from tests.fakes.engine import FakeEngine
from tests.tui.conftest import app_for, on_screen, screen_as, wait_for
from tests.tui.snapshot import check
from tests.tui.test_console import shown
from tests.tui.test_generic import fake_backend

SIZE = (140, 36)
SNAPSHOT_KEY = "camtui_diagram_snapshot"


@pytest.fixture
def update(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--snapshot-update"))


def drawn(app: object) -> bool:
    screen = getattr(app, "screen", None)
    return isinstance(screen, DiagramScreen) and screen.is_mounted and screen.rendered is not None


def canvas_text(app: object) -> str:
    screen = getattr(app, "screen")  # noqa: B009
    assert isinstance(screen, DiagramScreen) and screen.rendered is not None
    return "\n".join(screen.rendered.plain())


def info(app: object) -> str:
    screen = getattr(app, "screen")  # noqa: B009
    return str(screen.query_one("#diagram-info", Static).render())


async def open_list_of(app: object, pilot: object, view: str, needle: str) -> None:
    await pilot.press("colon", *view, "enter")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: on_screen(app, ListView) and screen_as(app, ListView).items != [])  # type: ignore[arg-type]
    screen = screen_as(app, ListView)  # type: ignore[arg-type]
    await pilot.press("slash", *needle, "enter")  # type: ignore[attr-defined]
    data = screen.query_one(DataTable)
    await wait_for(pilot, lambda: data.row_count == 1 and screen.table.current_item() is not None)  # type: ignore[arg-type]


async def test_definition_diagram_counts_tab_enter_zoom_and_pan(settings: Settings, engine: C7Engine) -> None:
    key = unique("diag")
    await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key, name="Diagram me")),)))
    for _ in range(3):
        await engine.definitions.start(bpmn_process_id=key)
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView))
        await open_list_of(app, pilot, "pd", key)
        await pilot.press("v")
        await wait_for(pilot, lambda: drawn(app), what="the diagram drawn")
        text = canvas_text(app)
        assert "Do it" in text and "●3" in text
        assert "instances waiting" in str(app.screen.query_one("#diagram-notes", Static).render())
        await pilot.press("tab")
        await wait_for(pilot, lambda: "start" in info(app))
        await pilot.press("tab")
        await wait_for(pilot, lambda: "task" in info(app) and "userTask" in info(app) and "3 waiting" in info(app))
        screen = screen_as(app, DiagramScreen)
        canvas = screen.query_one(DiagramCanvas)
        assert canvas.selected == screen.rendered.boxes["task"]  # type: ignore[union-attr]
        before = screen.rendered.cols  # type: ignore[union-attr]
        await pilot.press("plus", "plus", "plus")
        await wait_for(pilot, lambda: screen.rendered is not None and screen.rendered.cols > before, what="zoomed in")
        await pilot.press("l", "l", "right")
        await wait_for(pilot, lambda: canvas.offset_x > 0, what="panned right")
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, ListView) and screen_as(app, ListView).items != [])
        waiting = screen_as(app, ListView)
        assert waiting.kind.name == "instances"
        assert waiting.query_filter == InstanceFilter(definition_id=screen.live.definition.id, activity_ids=("task",))  # type: ignore[union-attr]
        assert len(waiting.items) == 3
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, DiagramScreen))


async def test_instance_diagram_from_the_list_and_the_detail(settings: Settings, engine: C7Engine) -> None:
    payment = (await engine.instances.list(InstanceFilter(business_key="PAY-4001"))).items[0]
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView))
        await open_list_of(app, pilot, "pi", "PAY-4001")
        await pilot.press("v")
        await wait_for(pilot, lambda: drawn(app), what="the instance diagram")
        screen = screen_as(app, DiagramScreen)
        assert screen.live is not None and screen.live.instance_id == payment.id
        assert screen.live.overlay.incidents == {"charge_card": 1}
        assert "Charge card" in canvas_text(app) and "!1" in canvas_text(app)
        await pilot.press("tab", "tab")
        await wait_for(pilot, lambda: screen.selected == "charge_card")
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, ElementScreen))
        element = screen_as(app, ElementScreen)
        incidents = element.query_one("#child-0", PagedTable)
        await wait_for(pilot, lambda: len(incidents.items) == 1, what="its incident at the element")
        content = element.query_one("#content", Static)
        await wait_for(pilot, lambda: "Activity instances" in shown(content), what="its activity instances")
        assert "serviceTask" in shown(content) and "charge_card" in shown(content)
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, DiagramScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, ListView))
        await pilot.press("enter")
        await wait_for(pilot, lambda: not on_screen(app, ListView) and app.screen.is_mounted)
        await pilot.press("v")
        await wait_for(pilot, lambda: drawn(app), what="the diagram from the detail")


async def test_snapshots_of_a_definition_with_counts_and_an_instance_with_its_incident(
    settings: Settings, engine: C7Engine, update: bool
) -> None:
    # the demo's order process under a key of its own: nothing else starts it, so the counts are known
    xml = (seed.DEMO / "order-fulfilment.bpmn").read_bytes().replace(b"camtui_order", SNAPSHOT_KEY.encode())
    await engine.deployments.create(NewDeployment(name=SNAPSHOT_KEY, files=((f"{SNAPSHOT_KEY}.bpmn", xml),)))
    definition = await engine.definitions.get_latest(SNAPSHOT_KEY)
    for _ in range(2):
        await engine.definitions.start(definition_id=definition.id)
    payment = (await engine.instances.list(InstanceFilter(business_key="PAY-4001"))).items[0]
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView))
        session = screen_as(app, ListView).session
        app.push_screen(DiagramScreen(session, "definition", definition.id))
        await wait_for(pilot, lambda: drawn(app), what="the definition's diagram")
        await pilot.pause()
        check("diagram-definition", app.export_screenshot(), update)
        app.push_screen(DiagramScreen(session, "instance", payment.id))
        await wait_for(pilot, lambda: drawn(app) and screen_as(app, DiagramScreen).live is not None)
        # the start event selected (it has passed), so the failed task shows its own red
        await pilot.press("tab")
        await pilot.pause()
        check("diagram-instance", app.export_screenshot(), update)


async def test_a_three_thousand_element_diagram_does_not_stall_the_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing, drawing and styling run in threads, never on the event loop; the console stays usable
    (tab walks the 3000 elements). How long the loop's own handlers take is measured in
    bench/diagram.py, not asserted here: a timed assert fails on a busy machine, not on a slow change."""
    fake = FakeEngine("c7")
    fake.data.deploy("big", [("chain.bpmn", chain(3000))])
    definition = next(d for d in fake.data.definitions.values() if d.bpmn_process_id == "chain")
    threads: dict[str, set[bool]] = {}

    def off_loop(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            threads.setdefault(name, set()).add(threading.current_thread() is threading.main_thread())
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(diagram_view, "render", off_loop("render", vars(diagram_view)["render"]))
    monkeypatch.setattr(Live, "document", off_loop("parse", Live.document))
    monkeypatch.setattr(DiagramCanvas, "strips", staticmethod(off_loop("strips", DiagramCanvas.strips)))
    app = fake_backend(fake).app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView))
        app.push_screen(DiagramScreen(screen_as(app, ListView).session, "definition", definition.id))
        await wait_for(pilot, lambda: drawn(app), seconds=60, what="the big diagram drawn")
        screen = screen_as(app, DiagramScreen)
        assert screen.document is not None and len(screen.order()) == 3000
        await pilot.press("tab")
        await wait_for(pilot, lambda: screen.selected == "start")
        await pilot.press("shift+tab")
        await wait_for(pilot, lambda: screen.selected == "end")
        await pilot.pause()
    assert threads == {"parse": {False}, "render": {False}, "strips": {False}}, threads


async def test_a_file_with_several_diagrams_switches_with_brackets() -> None:
    fake = FakeEngine("c7")
    cases = Path(__file__).parents[1] / "diagram" / "cases"
    fake.data.deploy("claims", [("claims.bpmn", (cases / "subprocesses.bpmn").read_bytes())])
    definition = next(d for d in fake.data.definitions.values() if d.bpmn_process_id == "claims")
    app = fake_backend(fake).app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView))
        app.push_screen(DiagramScreen(screen_as(app, ListView).session, "definition", definition.id))
        await wait_for(pilot, lambda: drawn(app))
        screen = screen_as(app, DiagramScreen)
        notes = screen.query_one("#diagram-notes", Static)
        await wait_for(pilot, lambda: "diagram 1 of 2: Claims" in shown(notes))
        assert "Assess the claim" in canvas_text(app)
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: "diagram 2 of 2: Archive (inside)" in shown(notes))
        await wait_for(pilot, lambda: screen.rendered is not None and "archive_task" in screen.rendered.boxes)
        await pilot.press("tab", "tab")
        await wait_for(pilot, lambda: screen.selected == "archive_task")
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: "diagram 1 of 2" in shown(notes) and screen.selected is None)
        cols = screen.rendered.cols if screen.rendered else 0
        await pilot.press("minus")
        await wait_for(pilot, lambda: screen.rendered is not None and screen.rendered.cols < cols, what="zoomed out")
        await pilot.press("0")
        await wait_for(pilot, lambda: screen.rendered is not None and screen.rendered.cols == cols, what="fit again")
