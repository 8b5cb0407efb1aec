"""A plan that names nothing and sends nothing (the options are not complete yet) can not be gone
ahead with: enter or ctrl+s keep the plan open with its words, and nothing reaches the cluster (it ran
an empty change and reported 'failed 0: Name the process ...')."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from camtui.ui.screens.plan_dialog import PlanModal
from tests.c8.fake_cluster import FakeCluster
from tests.c8.test_changes_console import plan_of
from tests.c8.test_console import app_on, seeded, showing
from tests.tui.conftest import SIZE, on_screen, wait_for

pytestmark = pytest.mark.tui


async def test_an_incomplete_plan_does_not_go_ahead(cluster: FakeCluster) -> None:
    seeded(cluster)
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        await pilot.press("O")
        modal = await plan_of(pilot, app)
        assert not modal.plan.requests and not modal.plan.targets
        assert modal.query_one("#go", Button).disabled, "nothing to go ahead with"
        for key in ("enter", "ctrl+s"):
            await pilot.press(key)
            await pilot.pause()
            assert on_screen(app, PlanModal), f"{key}: the plan stays open"
        # the process comes from the row under the cursor; the moves are still to be given
        assert any("Give the moves" in w for w in modal.plan.warnings), modal.plan.warnings
        assert not cluster.state.batches, "nothing sent"
