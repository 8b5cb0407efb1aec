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


async def test_a_role_and_a_mapping_rule_are_edited_with_e(cluster: FakeCluster) -> None:
    """Issue 13 (audit): `e` in :roles and :mappings opens the form prefilled, plans the PUT it sends,
    and the cluster holds the new values afterwards."""
    from textual.widgets import Input

    from camtui.ui.screens.plan_dialog import PlanModal
    from tests.tui.conftest import on_screen

    seeded(cluster)
    cluster.state.roles["ops"] = {"roleId": "ops", "name": "Operators", "description": "runs things"}
    cluster.state.mapping_rules["okta"] = {
        "mappingRuleId": "okta",
        "name": "Okta",
        "claimName": "groups",
        "claimValue": "ops",
    }
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        for view, label, field, value, url in (
            ("roles", "Operators", "description", "", "/v2/roles/ops"),
            ("mappings", "Okta", "claim_value", "admins", "/v2/mapping-rules/okta"),
        ):
            await pilot.press("colon", *view, "enter")

            def listed(view: str = view, label: str = label) -> bool:
                return showing(app, view, label)

            await wait_for(pilot, listed, what=f"the {view} list")
            await pilot.press("e")
            await wait_for(pilot, lambda: on_screen(app, PlanModal), what=f"the {view} edit form")
            form = app.screen
            assert isinstance(form, PlanModal)
            assert form.query_one("#name", Input).value == label, "the form is not prefilled"
            form.query_one(f"#{field}", Input).value = value
            wire = "claimValue" if field == "claim_value" else field

            def planned(form: PlanModal = form, wire: str = wire, value: str = value) -> bool:
                body = form.plan.requests[0].json_body if form.plan.requests else None
                return isinstance(body, dict) and body.get(wire) == value

            await wait_for(pilot, planned, what="the plan with the edited value")
            [request] = form.plan.requests
            assert request.method == "PUT" and request.url.endswith(url)
            await pilot.press("enter")
            await wait_for(pilot, lambda: not on_screen(app, PlanModal), what="the change sent")
        await wait_for(pilot, lambda: cluster.state.mapping_rules["okta"]["claimValue"] == "admins", what="the rule")
    assert cluster.state.roles["ops"]["description"] in ("", None)
    assert cluster.state.roles["ops"]["name"] == "Operators"
    assert cluster.state.mapping_rules["okta"]["claimName"] == "groups"
