"""On 80 columns a screen's footer shows what the screen is for: the kind's own keys (cancel,
suspend; claim, complete; retry, resolve) before the keys every list has (filter, refresh, mark,
sort, back), which the footer cut off everything after; `?` still lists them all."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from camtui.api import connect
from camtui.api.models import NewDeployment
from camtui.config.settings import Settings
from camtui.kinds.base import Action
from camtui.kinds.incidents import RETRY
from camtui.kinds.instances import CANCEL, SUSPEND
from camtui.kinds.tasks import CLAIM, COMPLETE
from camtui.ui.app import CamtuiApp
from camtui.ui.screens.incidents import IncidentDetailScreen
from camtui.ui.screens.instance_detail import InstanceDetailScreen
from camtui.ui.screens.list_view import ListView
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.tui.conftest import app_for, on_screen, screen_as, wait_for

NARROW = (80, 24)


def footer_shows(app: CamtuiApp) -> list[str]:
    """The actions whose keys can be seen whole in the footer, left to right."""
    footer = app.screen.query_one(Footer)
    width = app.size.width
    keys = sorted(footer.query(FooterKey), key=lambda k: k.region.x)
    return [k.action for k in keys if k.region.width and k.region.right <= width]


def showing(app: CamtuiApp, name: str) -> bool:
    screen = app.screen
    return on_screen(app, ListView) and isinstance(screen, ListView) and screen.kind.name == name


def run(action_id: str) -> str:
    return f"run('{action_id}')"


async def test_a_narrow_footer_shows_the_keys_the_screen_is_about(
    settings: Settings, real_engine: RunningEngine
) -> None:
    key = unique("keys")
    async with connect(real_engine.connection()) as engine:
        await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
        started = await engine.definitions.start(bpmn_process_id=key)

    app = app_for(settings, view="instances")
    async with app.run_test(size=NARROW) as pilot:
        views: tuple[tuple[str, str, tuple[Action[Any], ...]], ...] = (
            ("pi", "instances", (CANCEL, SUSPEND)),
            ("ut", "tasks", (CLAIM, COMPLETE)),
            ("inc", "incidents", (RETRY,)),
        )
        for word, name, wanted in views:
            await pilot.press("colon", *word, "enter")
            await wait_for(pilot, partial(showing, app, name), what=name)
            await pilot.pause()
            shown = footer_shows(app)
            assert {run(a.id) for a in wanted} <= set(shown), (name, shown)
            assert shown[0].startswith("run("), ("the screen's own keys first", shown)

        # an incident's detail: its repair
        await pilot.press("d")
        await wait_for(pilot, lambda: on_screen(app, IncidentDetailScreen), what="the incident's detail")
        await pilot.pause()
        shown = footer_shows(app)
        assert set(shown[:2]) == {"retry", "annotate"}, shown

        await app.push_screen(InstanceDetailScreen(app.session, started.id, ["instances"]))  # type: ignore[arg-type]
        detail = screen_as(app, InstanceDetailScreen)
        await wait_for(pilot, lambda: detail.instance is not None, what="the instance")
        await pilot.pause()
        shown = footer_shows(app)
        assert {run(CANCEL.id), run(SUSPEND.id)} <= set(shown), shown
