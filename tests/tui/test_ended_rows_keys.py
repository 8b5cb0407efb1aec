"""On a search of ended instances only (a state from history) the keys that change running instances
are not offered: suspending, activating, setting variables on, modifying or migrating an ended
instance cannot work, and their plans said it would ("they stop at their next wait state")."""

from __future__ import annotations

from camtui.api import connect
from camtui.api.models import EndState, InstanceFilter, NewDeployment
from camtui.config.settings import Settings
from camtui.kinds.instance_history import DELETE_HISTORY
from camtui.kinds.instances import ACTIVATE, ACTIVATE_ALL, SET_VARIABLES, SUSPEND, SUSPEND_ALL
from camtui.ui.screens.instance_detail import InstanceDetailScreen
from camtui.ui.screens.instances import InstancesScreen
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.tui.conftest import SIZE, app_for, on_screen, screen_as, wait_for
from tests.tui.test_instance_search import listed

RUNNING_ONLY = (SUSPEND, ACTIVATE, SET_VARIABLES, SUSPEND_ALL, ACTIVATE_ALL)


def offered_keys(screen: InstancesScreen) -> set[str]:
    return {b.binding.action for b in screen.active_bindings.values()}


async def test_an_ended_only_search_offers_no_running_only_keys(settings: Settings, real_engine: RunningEngine) -> None:
    key = unique("ended")
    async with connect(real_engine.connection()) as engine:
        await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
        started = await engine.definitions.start(bpmn_process_id=key)
        await engine.instances.delete(started.id)

    app = app_for(settings, view="instances")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, InstancesScreen), what="the instances view")
        running = screen_as(app, InstancesScreen)
        assert f"run('{SUSPEND.id}')" in offered_keys(running), "running rows: p suspends"
        running.apply_filter(InstanceFilter(bpmn_process_id=key, end_state=EndState.CANCELLED))
        await wait_for(pilot, lambda: listed(app) == {started.id}, what="the cancelled one")
        ended = screen_as(app, InstancesScreen)
        keys = offered_keys(ended)
        assert f"run('{DELETE_HISTORY.id}')" in keys, "ctrl+d deletes from history"
        for action in RUNNING_ONLY:
            assert f"run('{action.id}')" not in keys, action.label
            assert ended.check_action("run", (action.id,)) is False, action.label

        # nor on its detail, where ctrl+d deletes it from history and variables are only read
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, InstanceDetailScreen), what="the detail")
        detail = screen_as(app, InstanceDetailScreen)
        await wait_for(pilot, lambda: detail.ended is True, what="the detail knowing it has ended")
        await pilot.pause()
        keys = {b.binding.action for b in detail.active_bindings.values()}
        assert f"run('{DELETE_HISTORY.id}')" in keys
        for action in (SUSPEND, ACTIVATE, SET_VARIABLES):
            assert f"run('{action.id}')" not in keys, action.label
        assert "edit_in_editor" not in keys and "delete_variable" not in keys, "no variable changes"
