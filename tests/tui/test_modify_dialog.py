"""Modify from the console on the real engine: the plan dialog opens without instructions, says what
is missing, replans as they are typed, and the engine's activity tree shows the change."""

from __future__ import annotations

from textual.widgets import Input, Static

from camtui.api import connect
from camtui.api.models import NewDeployment
from camtui.config.settings import Settings
from camtui.ui.screens.instance_detail import InstanceDetailScreen
from camtui.ui.screens.list_view import ListView
from camtui.ui.screens.plan_dialog import PlanModal
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.tui.conftest import SIZE, app_for, on_screen, wait_for


async def test_modify_typed_in_the_plan_dialog(settings: Settings, real_engine: RunningEngine) -> None:
    key = unique("mod")
    async with connect(real_engine.connection()) as engine:
        await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
        instance = await engine.definitions.start(bpmn_process_id=key)

    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView), what="the first view")
        assert app.session is not None
        detail = InstanceDetailScreen(app.session, instance.id, ["instances"])
        await app.push_screen(detail)
        await wait_for(pilot, lambda: detail.instance is not None, what="the instance")
        await pilot.press("m")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan dialog")
        impact = app.screen.query_one("#impact", Static)
        assert "No instructions" in str(impact.render())
        app.screen.query_one("#instructions", Input).value = "start-before:task"
        await wait_for(pilot, lambda: "start before task" in str(impact.render()), what="the replanned instructions")
        await pilot.click("#go")
        await wait_for(pilot, lambda: on_screen(app, InstanceDetailScreen), what="back on the detail")
        await wait_for(
            pilot, lambda: str(detail.query_one("#activities", Static).render()).count("task") == 2, what="two tasks"
        )

    async with connect(real_engine.connection()) as engine:
        tree = await engine.instances.activity_tree(instance.id)
        assert [a.activity_id for a in tree.walk()[1:]] == ["task", "task"]
