"""On 80x24 the plan dialog of a change is taller than the terminal: it opens at its top, where it
says what it does to what, not scrolled down to the focused Back button with the title and targets
out of sight; enter there still goes back, and nothing was sent."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Label

from camtui.api import connect
from camtui.api.models import NewDeployment
from camtui.config.settings import Settings
from camtui.ui.screens.instances import InstancesScreen
from camtui.ui.screens.plan_dialog import PlanModal
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.tui.conftest import app_for, on_screen, screen_as, wait_for
from tests.tui.test_instance_search import listed


async def test_a_tall_plan_opens_at_its_title_on_24_lines(settings: Settings, real_engine: RunningEngine) -> None:
    key = unique("short")
    async with connect(real_engine.connection()) as engine:
        await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
        started = await engine.definitions.start(bpmn_process_id=key, business_key="S-1")

    app = app_for(settings, view="instances")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: on_screen(app, InstancesScreen), what="the instances view")
        await pilot.press("slash", *"S-1", "enter")
        await wait_for(pilot, lambda: started.id in listed(app), what="the instance")
        listing = screen_as(app, InstancesScreen)
        while (row := listing.table.current_item()) is not None and row.id != started.id:
            await pilot.press("down")
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        modal = screen_as(app, PlanModal)
        await pilot.pause()
        dialog = modal.query_one("#dialog", VerticalScroll)
        title = modal.query_one("#plan-title", Label)
        assert dialog.max_scroll_y > 0, "taller than 24 lines: it scrolls"
        assert dialog.scroll_y == 0 and dialog.region.contains_region(title.region), "the title in sight"
        assert modal.focused is not None and modal.focused.id == "cancel", "a reflexive enter goes back"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is listing, what="back, nothing done")
    async with connect(real_engine.connection()) as engine:
        assert not (await engine.instances.get(started.id)).ended
