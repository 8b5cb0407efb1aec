"""Identity in the console on the real engine: a user added to a group through the console logs in and
sees what the group may see; the authorization matrix, a grant made there, and the explainer."""

from __future__ import annotations

import httpx
from textual.widgets import Button, DataTable, Input, Static

from camtui.api import connect
from camtui.api.models import AuthorizationFilter, AuthorizationType, Group, User
from camtui.config.settings import Settings
from camtui.ui.screens.auth_matrix import AuthMatrixScreen, AuthorizationsScreen
from camtui.ui.screens.explain import ExplainModal
from camtui.ui.screens.list_view import ListView
from camtui.ui.screens.plan_dialog import PlanModal
from tests.conftest import RunningEngine
from tests.engine.helpers import unique
from tests.tui.conftest import SIZE, app_for, on_screen, screen_as, wait_for
from tests.tui.test_console import rows, shown


async def sees_invoices(real_engine: RunningEngine, user: str, password: str) -> list[str]:
    async with httpx.AsyncClient(auth=(user, password)) as client:
        found = await client.get(f"{real_engine.url}/process-definition", params={"key": "camtui_invoice"})
        found.raise_for_status()
        return [d["key"] for d in found.json()]


async def test_a_user_added_to_a_group_in_the_console_sees_what_the_group_may_see(
    settings: Settings, real_engine: RunningEngine
) -> None:
    user, group = unique("tui"), unique("readers")
    async with connect(real_engine.connection()) as engine:
        await engine.users.create(User(id=user, first_name="Tui"), "pw-" + user)
        await engine.groups.create(Group(id=group, name="Readers"))
        grant = await engine.authorizations.create(
            type=AuthorizationType.GRANT,
            permissions=("READ",),
            resource_type="PROCESS_DEFINITION",
            resource_id="camtui_invoice",
            group_id=group,
        )
    assert await sees_invoices(real_engine, user, "pw-" + user) == []
    app = app_for(settings, view="users")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView) and bool(rows(app)), what="users")
        await pilot.press("slash", *user, "enter")
        await wait_for(pilot, lambda: [r for r in rows(app) if user in " ".join(r)] == rows(app) != [], what=user)
        await pilot.press("plus")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        plan = screen_as(app, PlanModal)
        # the field to fill in has the focus: the group is typed straight away, enter goes ahead
        await pilot.press(*group)
        assert plan.query_one("#group", Input).value == group
        await wait_for(pilot, lambda: f"group {group}" in plan.plan.title and plan.plan.requests != (), what="replan")
        assert plan.plan.requests[0].line().startswith(f"PUT {real_engine.url}/group/{group}/members/{user}")
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, ListView), what="back on the list")
    assert set(await sees_invoices(real_engine, user, "pw-" + user)) == {"camtui_invoice"}
    async with connect(real_engine.connection()) as engine:
        await engine.authorizations.delete(grant.id)
        await engine.groups.delete(group)
        await engine.users.delete(user)


async def test_the_matrix_grants_and_the_explainer_says_why(settings: Settings, real_engine: RunningEngine) -> None:
    user = unique("mx")
    async with connect(real_engine.connection()) as engine:
        await engine.users.create(User(id=user), "pw")
    app = app_for(settings, view="authorizations")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, AuthorizationsScreen) and bool(rows(app)), what="the list")
        await pilot.press("m")
        await wait_for(pilot, lambda: on_screen(app, AuthMatrixScreen), what="the matrix")
        matrix = screen_as(app, AuthMatrixScreen)
        while matrix.resource_type != "PROCESS_DEFINITION":
            await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: matrix.matrix is not None and matrix.matrix.resource_type == "PROCESS_DEFINITION")
        await wait_for(pilot, lambda: any(r.who == "user mary" for r in matrix.matrix.rows) if matrix.matrix else False)
        assert matrix.matrix is not None
        perms = matrix.matrix.permissions
        mary = next(r for r in matrix.matrix.rows if r.who == "user mary" and r.resource_id == "camtui_invoice")
        assert mary.cells[perms.index("READ")] == "✓" and mary.cells[perms.index("DELETE")] == ""
        admins = next(r for r in matrix.matrix.rows if r.who == "group camunda-admin")
        assert set(admins.cells) == {"✓"}, "ALL fills every column"
        await pilot.press("n")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the new authorization")
        plan = screen_as(app, PlanModal)
        assert plan.query_one("#resource_type", Input).value == "PROCESS_DEFINITION"
        plan.query_one("#user", Input).value = user
        plan.query_one("#resource_id", Input).value = "camtui_invoice"
        plan.query_one("#permissions", Input).value = "READ,CREATE_INSTANCE"
        await wait_for(pilot, lambda: plan.plan.requests != () and not plan.plan.warnings, what="a complete plan")
        # the dialog is taller than the screen: the button is pressed, not clicked
        plan.query_one("#go", Button).press()
        await wait_for(pilot, lambda: on_screen(app, AuthMatrixScreen), what="back on the matrix")
        await wait_for(
            pilot, lambda: any(r.who == f"user {user}" for r in matrix.matrix.rows) if matrix.matrix else False
        )
        await pilot.press("slash", *user, "enter")
        await wait_for(pilot, lambda: matrix.matrix is not None and len(matrix.matrix.rows) == 1)
        assert matrix.query_one("#matrix", DataTable).row_count == 1
        await pilot.press("x")
        await wait_for(pilot, lambda: on_screen(app, ExplainModal), what="the explainer")
        modal = screen_as(app, ExplainModal)
        assert modal.query_one("#user", Input).value == user
        modal.query_one("#permission", Input).value = "READ"
        await pilot.press("ctrl+s")
        answer = modal.query_one("#answer", Static)
        await wait_for(pilot, lambda: shown(answer).startswith("YES"), what=f"the answer: {shown(answer)!r}")
        assert f"decided by: user {user}: grant [" in shown(answer)
        modal.query_one("#permission", Input).value = "DELETE"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: shown(answer).startswith("NO"), what="no for DELETE")
        assert f"add a GRANT of DELETE for user {user}" in shown(answer)
    async with connect(real_engine.connection()) as engine:
        made = await engine.authorizations.list(
            AuthorizationFilter(user_ids=(user,), resource_type="PROCESS_DEFINITION")
        )
        assert [(a.resource_id, set(a.permissions)) for a in made.items] == [
            ("camtui_invoice", {"READ", "CREATE_INSTANCE"})
        ]
        for a in made.items:
            await engine.authorizations.delete(a.id)
        await engine.users.delete(user)
