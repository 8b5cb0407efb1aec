"""SVG snapshots of each screen against the real engine's demo data (`--snapshot-update` rewrites)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from camtui.api.models import DeploymentFilter
from camtui.config.settings import Settings
from camtui.ui.screens.deployment_detail import DeploymentDetailScreen
from camtui.ui.screens.deployments import DeploymentsScreen
from camtui.ui.screens.help import HelpScreen
from camtui.ui.screens.plan_dialog import PlanModal
from camtui.ui.screens.resource_view import ResourceScreen
from tests.tui.conftest import app_for, on_screen, screen_as, wait_for
from tests.tui.snapshot import check

SIZE = (140, 36)


@pytest.fixture
def update(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--snapshot-update"))


def demo_only(screen: DeploymentsScreen) -> None:
    # the demo deployments, none of those other tests create
    screen.query_filter = DeploymentFilter(source="camtui-demo")
    screen.render_crumbs()
    screen.reload()


async def test_snapshots_of_each_screen(settings: Settings, update: bool) -> None:
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: on_screen(app, DeploymentsScreen) and screen_as(app, DeploymentsScreen).items != []
        )
        screen = app.screen
        assert isinstance(screen, DeploymentsScreen)
        demo_only(screen)
        table = screen.query_one(DataTable)
        await wait_for(
            pilot,
            lambda: table.row_count == 6 and len(screen.resource_counts) >= 6 and not screen.loading_more,
            what="the six demo deployments with resource counts",
        )
        await pilot.pause()
        check("deployments", app.export_screenshot(), update)

        names = [str(table.get_row_at(i)[1]).strip() for i in range(table.row_count)]
        table.move_cursor(row=names.index("order fulfilment"))
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: on_screen(app, DeploymentDetailScreen) and screen_as(app, DeploymentDetailScreen).resources != (),
        )
        await pilot.pause()
        check("deployment-detail", app.export_screenshot(), update)

        resources = app.screen.query_one("#resources", DataTable)
        names = [str(resources.get_row_at(i)[0]).strip() for i in range(resources.row_count)]
        resources.move_cursor(row=names.index("order-fulfilment.bpmn"))
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: on_screen(app, ResourceScreen) and screen_as(app, ResourceScreen).content is not None
        )
        await pilot.press("o")
        await pilot.pause()
        check("resource-outline", app.export_screenshot(), update)

        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: app.screen is screen)
        names = [str(table.get_row_at(i)[1]).strip() for i in range(table.row_count)]
        table.move_cursor(row=names.index("reminders"))
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal))
        await pilot.pause()
        check("delete-dialog", app.export_screenshot(), update)

        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: on_screen(app, HelpScreen))
        await pilot.pause()
        check("keys", app.export_screenshot(), update)
