"""The incidents console on the real engine: grouped view, a group's incidents, the detail, the stack
trace viewer (real line breaks, search), a group retried with its verified report."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from camtui.api import connect
from camtui.api.models import IncidentFilter, TaskFilter, VariableValue
from camtui.config.settings import Settings
from camtui.ui.screens.incidents import IncidentDetailScreen, IncidentGroupsScreen, IncidentsView
from camtui.ui.screens.plan_dialog import PlanModal
from camtui.ui.screens.progress import ProgressModal
from camtui.ui.screens.text_view import TextScreen
from tests.conftest import RunningEngine
from tests.engine.helpers import unique
from tests.engine.test_incident_repair import deploy, failing_process, start_failing
from tests.tui.conftest import SIZE, app_for, on_screen, screen_as, wait_for
from tests.tui.test_console import open_deployments, shown


async def test_grouped_incidents_detail_stacktrace_and_a_verified_group_retry(
    settings: Settings, real_engine: RunningEngine
) -> None:
    process_id = unique("tuigroups")
    async with connect(real_engine.connection()) as engine:
        await deploy(engine, process_id, failing_process(process_id))  # type: ignore[arg-type]
        started = await start_failing(engine, process_id, ["a", "a", "a", "b", "b"])  # type: ignore[arg-type]
        for instance_id, cause in started.items():
            if cause == "a":
                await engine.instances.set_variables(instance_id, {"needA": VariableValue(value="ok")})
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        # the grouped view of this process's incidents, by folded message
        app.push_screen(IncidentGroupsScreen(app.session, IncidentFilter(bpmn_process_ids=(process_id,))))  # type: ignore[arg-type]
        await wait_for(pilot, lambda: on_screen(app, IncidentGroupsScreen))
        groups = screen_as(app, IncidentGroupsScreen)
        table = groups.query_one("#groups", DataTable)
        await wait_for(pilot, lambda: table.row_count == 2, what="two groups")
        assert [str(table.get_row_at(i)[0]) for i in range(2)] == ["3", "2"]
        assert "5 incidents in 2 groups by message" in shown(groups.query_one("#group-summary", Static))
        await pilot.press("b")
        await wait_for(pilot, lambda: "by type" in shown(groups.query_one("#group-summary", Static)))
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "5"
        await pilot.press("b", "b", "b")
        await wait_for(pilot, lambda: "by message" in shown(groups.query_one("#group-summary", Static)))

        # enter: the group's incidents
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, IncidentsView) and app.screen.query_one(DataTable).row_count == 3)
        # d: the detail; t: the stack trace with its real line breaks; / searches it
        await pilot.press("d")
        await wait_for(pilot, lambda: on_screen(app, IncidentDetailScreen))
        content = app.screen.query_one("#content", Static)
        await wait_for(pilot, lambda: "retries 0" in shown(content), what="the job behind the incident")
        assert "needA" in shown(content) and "its own root cause" in shown(content)
        await pilot.press("t")
        await wait_for(pilot, lambda: on_screen(app, TextScreen))
        viewer = screen_as(app, TextScreen)
        await wait_for(pilot, lambda: len(viewer.lines) > 5, what="the stack trace's lines")
        assert any(line.startswith("\tat ") or line.startswith("    at ") for line in viewer.lines)
        assert "\\n" not in shown(viewer.query_one("#content", Static))
        await pilot.press("slash", *"needA")
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(viewer.matches))
        assert not viewer.query_one("#search", Input).display
        await pilot.press("escape", "escape", "escape")

        # r on the group: the plan, then the verified report (group a was fixed: all three resolved)
        await wait_for(pilot, lambda: on_screen(app, IncidentGroupsScreen))
        await pilot.press("r")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        plan = screen_as(app, PlanModal).plan
        assert plan.title == "Retry 3 incidents" and plan.requests[0].url.endswith("/job/retries")
        await pilot.click("#go")
        await wait_for(pilot, lambda: on_screen(app, ProgressModal), what="progress")
        progress = screen_as(app, ProgressModal)
        await wait_for(pilot, lambda: progress.report is not None, seconds=90, what="the verified report")
        assert progress.report is not None
        assert progress.report.notes[0] == "Verified after the retry: 3 resolved, 0 failed again, 0 pending."
    async with connect(real_engine.connection()) as engine:
        for instance_id, cause in started.items():
            total = (await engine.tasks.list(TaskFilter(process_instance_id=instance_id), limit=1)).total
            assert total == (1 if cause == "a" else 0)


async def test_the_filter_form_narrows_the_list_and_the_grouped_view_follows(
    settings: Settings, real_engine: RunningEngine
) -> None:
    from camtui.ui.screens.incident_filter import IncidentFilterModal

    process_id = unique("tuifilter")
    async with connect(real_engine.connection()) as engine:
        await deploy(engine, process_id, failing_process(process_id))  # type: ignore[arg-type]
        await start_failing(engine, process_id, ["b", "b"])  # type: ignore[arg-type]
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        await pilot.press("colon", *"inc", "enter")
        await wait_for(pilot, lambda: on_screen(app, IncidentsView) and app.screen.query_one(DataTable).row_count > 0)
        await pilot.press("f")
        await wait_for(pilot, lambda: on_screen(app, IncidentFilterModal))
        app.screen.query_one("#keys", Input).value = process_id
        # a time that is not one keeps the form open with the reason, and what was typed
        app.screen.query_one("#after", Input).value = "yesterday"
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#form-error", Static)
        await wait_for(pilot, lambda: "not an ISO 8601 time" in shown(error))
        assert app.screen.query_one("#keys", Input).value == process_id
        app.screen.query_one("#after", Input).value = ""
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_screen(app, IncidentsView) and app.screen.query_one(DataTable).row_count == 2)
        view = screen_as(app, IncidentsView)
        assert view.query_filter.bpmn_process_ids == (process_id,)
        assert "bpmn_process_ids" in shown(view.query_one("#crumbs", Static))
        await pilot.press("b")
        await wait_for(pilot, lambda: on_screen(app, IncidentGroupsScreen))
        groups = screen_as(app, IncidentGroupsScreen)
        await wait_for(pilot, lambda: groups.grouping is not None)
        assert groups.grouping is not None and [g.count for g in groups.grouping.groups] == [2]
