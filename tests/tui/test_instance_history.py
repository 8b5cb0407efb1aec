"""Ended instances in the console on the real engine: an ended parent's called instances come from
history (enter opens one, u goes up again); ctrl+d on an ended instance's detail and on rows of a
history search deletes from history (typed confirmation on production; a running row refused in words
and still running); the engine's history is checked afterwards."""

from __future__ import annotations

from textual.widgets import Button, Input, Label, Select, Static

from camtui.api import connect
from camtui.api.models import InstanceFilter, NewDeployment, TaskFilter
from camtui.config.settings import Settings
from camtui.ui.screens.instance_detail import InstanceDetailScreen
from camtui.ui.screens.instance_filter import InstanceFilterModal
from camtui.ui.screens.instances import InstancesScreen
from camtui.ui.screens.plan_dialog import PlanModal
from camtui.ui.screens.progress import ProgressModal
from camtui.ui.widgets.paged_table import PagedTable
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.tui.conftest import SIZE, app_for, on_screen, screen_as, wait_for
from tests.tui.test_console import shown
from tests.tui.test_instance_detail import calling
from tests.tui.test_instance_search import listed
from tests.waiting import until


def detail_of(app: object, instance_id: str) -> bool:
    screen = getattr(app, "screen", None)
    return isinstance(screen, InstanceDetailScreen) and screen.is_mounted and screen.instance_id == instance_id


async def history_ids(real_engine: RunningEngine, key: str) -> set[str]:
    async with connect(real_engine.connection()) as engine:
        page = await engine.instances.list(InstanceFilter(bpmn_process_id=key, with_ended=True), limit=100)
        return {i.id for i in page.items}


async def test_an_ended_call_hierarchy_and_deleting_from_history(
    settings: Settings, real_engine: RunningEngine
) -> None:
    child_key, parent_key = unique("hchild"), unique("hparent")
    async with connect(real_engine.connection()) as engine:
        files = ((f"{child_key}.bpmn", bpmn(child_key)), (f"{parent_key}.bpmn", calling(parent_key, child_key)))
        await engine.deployments.create(NewDeployment(name=parent_key, files=files))
        parent = await engine.definitions.start(bpmn_process_id=parent_key, business_key="HP-1")
        [child] = (await engine.instances.list(InstanceFilter(super_instance_id=parent.id))).items
        # the child's task done: the child completes, and so does the parent
        [task] = (await engine.tasks.list(TaskFilter(process_instance_id=child.id))).items
        await engine.tasks.complete(task.id, {})
        solo = await engine.definitions.start(bpmn_process_id=child_key, business_key="solo")
        assert (await engine.instances.list(InstanceFilter(bpmn_process_id=parent_key))).items == ()

    app = app_for(settings, profile_name="prod", view="instances")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, InstancesScreen), what="the instances view")
        assert app.session is not None
        # the ended parent: its called child comes from history; enter opens it, u goes up again
        await app.push_screen(InstanceDetailScreen(app.session, parent.id, ["instances"]))
        parent_screen = screen_as(app, InstanceDetailScreen)
        await wait_for(pilot, lambda: "completed" in shown(parent_screen.query_one("#header", Static)), what="ended")
        called = parent_screen.query_one("#list-2", PagedTable)
        await wait_for(pilot, lambda: [i.id for i in called.items] == [child.id], what="the child, from history")
        called.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: detail_of(app, child.id), what="the child's detail")
        child_screen = screen_as(app, InstanceDetailScreen)
        await wait_for(pilot, lambda: parent.id in shown(child_screen.query_one("#header", Static)), what="called by")
        await pilot.press("u")
        await wait_for(pilot, lambda: detail_of(app, parent.id), what="the parent again")
        parent_again = screen_as(app, InstanceDetailScreen)
        await wait_for(pilot, lambda: parent_again.ended is True, what="the parent known to have ended")

        # ctrl+d on an ended instance: delete from history; on production the name is typed
        assert ctrl_d(app) == "Delete from history"
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        modal = screen_as(app, PlanModal)
        assert "Delete 1 process instance from history" in shown(modal.query_one("#plan-title", Label))
        assert "for good" in shown(modal.query_one("#impact", Static))
        go = modal.query_one("#go", Button)
        assert go.disabled, "production: typed confirmation"
        modal.query_one("#typed", Input).value = f"{parent_key} HP-1"
        await wait_for(pilot, lambda: not go.disabled, what="the typed name accepted")
        await pilot.click("#go")
        # nothing is left to show: back where it was opened from
        await wait_for(pilot, lambda: app.screen is child_screen, what="off the deleted instance's detail")

        async def parent_gone() -> bool:
            return await history_ids(real_engine, parent_key) == set()

        await until(parent_gone, what="the parent's history gone", seconds=20, every=0.1)
        assert await history_ids(real_engine, child_key) == {child.id, solo.id}, "nothing else went"

        # the list: ctrl+d cancels running rows; on a history search it deletes from history
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is parent_screen, what="the first detail")
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, InstancesScreen), what="the list")
        assert ctrl_d(app) == "Cancel"
        await pilot.press("f")
        await wait_for(pilot, lambda: on_screen(app, InstanceFilterModal), what="the search form")
        form = screen_as(app, InstanceFilterModal)
        form.query_one("#bpmn_process_id", Input).value = child_key
        assert form.query_one("#state", Select).value == "any"
        form.query_one("#started_after", Input).value = "-1d"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: listed(app) == {child.id, solo.id}, what="the ended child and the running one")
        assert ctrl_d(app) == "Delete from history"
        await pilot.press("space", "down", "space", "ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan for two")
        modal = screen_as(app, PlanModal)
        assert "Delete 2 process instances from history" in shown(modal.query_one("#plan-title", Label))
        assert "1 of them is still running: refused" in shown(modal.query_one("#impact", Static))
        modal.query_one("#typed", Input).value = "delete 2"
        go = modal.query_one("#go", Button)
        await wait_for(pilot, lambda: not go.disabled, what="the typed words accepted")
        await pilot.click("#go")

        async def child_gone() -> bool:
            return await history_ids(real_engine, child_key) == {solo.id}

        await until(child_gone, what="the child's history gone", seconds=20, every=0.1)
        # the report: one gone, the running one refused in words
        await wait_for(
            pilot, lambda: on_screen(app, ProgressModal) and screen_as(app, ProgressModal).report is not None
        )
        lines = shown(app.screen.query_one("#outcome-lines", Static))
        assert "still running" in lines and "deleted from history" in lines, lines
        await pilot.click("#close")
        await wait_for(pilot, lambda: listed(app) == {solo.id}, what="the list without it")
    async with connect(real_engine.connection()) as engine:
        assert not (await engine.instances.get(solo.id)).ended, "the running one was refused and still runs"


def ctrl_d(app: object) -> str:
    """What ctrl+d does on the current screen, as its footer says."""
    screen = getattr(app, "screen", None)
    assert screen is not None
    return str(screen.active_bindings["ctrl+d"].binding.description)


async def test_deleting_an_ended_instance_from_its_detail_closes_it_and_the_list_shows_it_gone(
    settings: Settings, real_engine: RunningEngine
) -> None:
    key = unique("hdel")
    async with connect(real_engine.connection()) as engine:
        await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
        kept = await engine.definitions.start(bpmn_process_id=key, business_key="kept")
        gone = await engine.definitions.start(bpmn_process_id=key, business_key="gone")
        for instance in (kept, gone):
            await engine.instances.delete(instance.id)

    app = app_for(settings, view="instances")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, InstancesScreen), what="the instances view")
        screen_as(app, InstancesScreen).apply_filter(InstanceFilter(bpmn_process_id=key, with_ended=True))
        await wait_for(pilot, lambda: listed(app) == {kept.id, gone.id}, what="both ended ones")
        listing = screen_as(app, InstancesScreen)
        while (row := listing.table.current_item()) is not None and row.id != gone.id:
            await pilot.press("down")
        await pilot.press("enter")
        await wait_for(pilot, lambda: detail_of(app, gone.id), what="its detail")
        detail = screen_as(app, InstanceDetailScreen)
        await wait_for(pilot, lambda: detail.ended is True, what="the detail knowing it has ended")
        assert ctrl_d(app) == "Delete from history"
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        await pilot.click("#go")
        # the detail closes (there is nothing left to show), the list shows it gone, the report is said
        await wait_for(pilot, lambda: app.screen is listing, what="the list again")
        await wait_for(pilot, lambda: listed(app) == {kept.id}, what="the list without it")
        assert any("deleted from history" in str(n.message) for n in app._notifications)
        assert detail not in app.screen_stack
    assert await history_ids(real_engine, key) == {kept.id}
