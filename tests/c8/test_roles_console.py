"""Roles made in the console on a Camunda 8 profile (issue 13 audit), against the fake cluster."""

from __future__ import annotations

import pytest

from tests.c8.fake_cluster import FakeCluster
from tests.c8.test_console import app_on, seeded, showing
from tests.tui.conftest import SIZE, wait_for

pytestmark = pytest.mark.tui


async def test_a_role_is_made_from_the_roles_view(cluster: FakeCluster) -> None:
    """Issue 13 (audit): `n` in :roles makes a role, planned with its request; it is listed once indexed."""
    from textual.widgets import Input

    from camtui.ui.screens.plan_dialog import PlanModal
    from tests.tui.conftest import on_screen

    seeded(cluster)
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        await pilot.press("colon", *"roles", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ != "InstancesScreen" and app.screen.is_mounted)
        await pilot.press("n")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the new role's form")
        form = app.screen
        assert isinstance(form, PlanModal)
        await pilot.press(*"ops")
        form.query_one("#name", Input).value = "Operators"
        await wait_for(pilot, lambda: bool(form.plan.requests) and not form.plan.warnings, what="a complete plan")
        assert form.plan.requests[0].url.endswith("/v2/roles")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "ops" in cluster.state.roles, what="the role at the cluster")
        await wait_for(pilot, lambda: showing(app, "roles", "Operators"), what="the role in the list")
    assert cluster.state.roles["ops"]["name"] == "Operators"
