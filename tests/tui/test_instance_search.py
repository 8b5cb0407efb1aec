"""The `:pi` search form on the real engine: finished and completed instances from history with a typed
variable condition, a bad date said inline with what was typed kept, the header naming the filter, a
saved query opened again with `:pi @NAME` into the form, an ended instance's detail from history, and
restart from the console making the engine run a new instance."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Label, Select, Static

from camtui.api import connect
from camtui.api.models import InstanceFilter, NewDeployment, TaskFilter, VariableValue
from camtui.config import queries
from camtui.config.settings import Settings
from camtui.ui.screens.instance_detail import InstanceDetailScreen
from camtui.ui.screens.instance_filter import InstanceFilterModal
from camtui.ui.screens.instances import InstancesScreen
from camtui.ui.screens.plan_dialog import PlanModal
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.tui.conftest import SIZE, app_for, on_screen, screen_as, wait_for
from tests.tui.test_console import shown
from tests.waiting import until


def listed(app: object) -> set[str]:
    screen = getattr(app, "screen", None)
    if not isinstance(screen, InstancesScreen) or not screen.is_mounted:
        return set()
    return {i.id for i in screen.items}


def crumbs(app: object) -> str:
    screen = getattr(app, "screen", None)
    if not isinstance(screen, InstancesScreen) or not screen.is_mounted:
        return ""
    return shown(screen.query_one("#crumbs", Static))


async def test_search_form_finished_instances_saved_query_and_restart(
    settings: Settings, real_engine: RunningEngine
) -> None:
    key = unique("pis")
    async with connect(real_engine.connection()) as engine:
        await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
        ids = []
        for n in range(4):
            amount = {"amount": VariableValue(value=(n + 1) * 10, type="Long")}
            started = await engine.definitions.start(bpmn_process_id=key, business_key=f"B-{n}", variables=amount)
            ids.append(started.id)
        [task] = (await engine.tasks.list(TaskFilter(process_instance_id=ids[0]))).items
        await engine.tasks.complete(task.id, {})
        for stopped in ids[1:3]:
            await engine.instances.delete(stopped)
    completed, running = ids[0], ids[3]
    cancelled = set(ids[1:3])
    saved = unique("q")

    app = app_for(settings, view="instances")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, InstancesScreen), what="the instances view")
        await pilot.press("f")
        await wait_for(pilot, lambda: on_screen(app, InstanceFilterModal), what="the search form")
        form = screen_as(app, InstanceFilterModal)
        form.query_one("#bpmn_process_id", Input).value = key
        form.query_one("#state", Select).value = "finished"
        form.query_one("#variables", Input).value = "amount > 15"
        form.query_one("#started_after", Input).value = "last tuesday"
        form.query_one("#save_as", Input).value = saved
        await pilot.press("ctrl+s")
        error = form.query_one("#form-error", Static)
        await wait_for(pilot, lambda: "Started after" in shown(error), what="the bad date named")
        assert on_screen(app, InstanceFilterModal), "the form stays open"
        assert form.query_one("#started_after", Input).value == "last tuesday", "what was typed is kept"
        assert form.query_one("#variables", Input).value == "amount > 15"
        form.query_one("#started_after", Input).value = "-1d"
        await pilot.press("ctrl+s")
        # finished and amount > 15: the two cancelled ones (the completed one has 10)
        await wait_for(pilot, lambda: listed(app) == cancelled, what=f"the cancelled ones, not {listed(app)}")
        assert "finished" in crumbs(app) and "amount > 15" in crumbs(app) and key in crumbs(app)
        table = app.screen.query_one(DataTable)
        cells = [str(c).strip() for r in range(table.row_count) for c in table.get_row_at(r)]
        assert cells.count("cancelled") == 2, "the state in words"

        # into the form again: what is active is shown; completed ones now
        await pilot.press("f")
        await wait_for(pilot, lambda: on_screen(app, InstanceFilterModal), what="the search form again")
        form = screen_as(app, InstanceFilterModal)
        assert form.query_one("#variables", Input).value == "amount > 15"
        assert form.query_one("#state", Select).value == "finished"
        form.query_one("#state", Select).value = "completed"
        form.query_one("#variables", Input).value = ""
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: listed(app) == {completed}, what="the completed one")

        # its detail comes from history
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, InstanceDetailScreen), what="the detail")
        detail = screen_as(app, InstanceDetailScreen)
        await wait_for(pilot, lambda: "completed" in shown(detail.query_one("#header", Static)), what="its state")
        assert "Ended" in shown(detail.query_one("#header", Static))
        variables = detail.query_one("#variables", DataTable)
        await wait_for(pilot, lambda: variables.row_count == 1, what="its last variables")
        assert [str(c) for c in variables.get_row_at(0)] == ["amount", "Long", "10"]
        await wait_for(pilot, lambda: "ended" in shown(detail.query_one("#activities", Static)), what="no tree")

        # restart it from the detail: the plan starts where it started
        await pilot.press("R")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the restart plan")
        assert app.screen.query_one("#instructions", Input).value == "start-before:start"
        await pilot.click("#go")
        await wait_for(pilot, lambda: on_screen(app, InstanceDetailScreen), what="back on the detail")

        async def restarted() -> list[str]:
            async with connect(real_engine.connection()) as engine:
                page = await engine.instances.list(InstanceFilter(bpmn_process_id=key, business_key="B-0"))
                return [i.id for i in page.items]

        found: list[str] = []

        async def check() -> bool:
            found[:] = await restarted()
            return len(found) == 1

        await until(check, what="a new running instance", seconds=30, every=0.2)
        assert found[0] not in ids and running not in found

        # restart the two cancelled ones from the list, marked: one engine batch, followed to its end
        await pilot.press("escape")
        await wait_for(pilot, lambda: listed(app) == {completed}, what="back on the list")
        await pilot.press("f")
        await wait_for(pilot, lambda: on_screen(app, InstanceFilterModal), what="the search form")
        screen_as(app, InstanceFilterModal).query_one("#state", Select).value = "cancelled"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: listed(app) == cancelled, what="the cancelled ones")
        await pilot.press("space", "down", "space", "R")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the restart plan for two")
        assert "Restart 2 finished process instances" in str(app.screen.query_one("#plan-title", Label).render())
        await pilot.click("#go")

        async def two_more() -> bool:
            async with connect(real_engine.connection()) as engine:
                page = await engine.instances.list(InstanceFilter(bpmn_process_id=key))
                return {i.business_key for i in page.items} == {"B-0", "B-1", "B-2", "B-3"}

        await until(two_more, what="the cancelled ones running again", seconds=60, every=0.2)

        # the saved query opens with :pi @NAME, and into the form
        app.run_command(f"pi @{saved}")
        await wait_for(pilot, lambda: listed(app) == cancelled, what="the saved query's instances")
        await pilot.press("f")
        await wait_for(pilot, lambda: on_screen(app, InstanceFilterModal), what="the form with the saved query")
        form = screen_as(app, InstanceFilterModal)
        assert form.query_one("#variables", Input).value == "amount > 15"
        assert form.query_one("#state", Select).value == "finished"
    assert queries.load("instances", saved, InstanceFilter).bpmn_process_id == key
