"""The diagram screen against the real engine: reached with `v` from a definition and an instance,
counts drawn, zoom, pan, tab through the elements, enter lists the instances waiting there; SVG
snapshots of a definition's diagram with counts and of an instance's with its incident."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from camtui.api.c7.engine import C7Engine
from camtui.api.models import InstanceFilter, NewDeployment
from camtui.config.settings import Settings
from camtui.localengine import seed
from camtui.ui.screens.diagram_view import DiagramScreen
from camtui.ui.screens.list_view import ListView
from camtui.ui.widgets.diagram_canvas import DiagramCanvas
from tests.engine.helpers import bpmn, unique
from tests.tui.conftest import app_for, on_screen, screen_as, wait_for
from tests.tui.snapshot import check

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
        await pilot.press("tab", "tab")
        await pilot.pause()
        check("diagram-instance", app.export_screenshot(), update)
