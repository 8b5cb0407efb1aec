"""Issue 13: the members of a role, group or tenant on Camunda 8 as child lists under its detail, one
per kind of member, with add and remove through the runner; lists that wait for the cluster to index
a change this client just made. Against the fake cluster (every exchange checked against the spec)."""

from __future__ import annotations

import asyncio
import json

import pytest

from camtui.api.c7.engine import CAPABILITIES as C7
from camtui.api.c8.engine import CAPABILITIES as C8
from camtui.api.c8.engine import C8Engine
from camtui.api.events import INDEXING
from camtui.api.models import Group, User, UserFilter
from camtui.api.models.cluster import Role
from camtui.kinds.identity import GROUPS, TENANTS
from camtui.kinds.registry import kind
from camtui.ui.widgets.paged_table import PagedTable
from camtui.ui.widgets.status_header import StatusHeader
from tests.c8.fake_cluster import FakeCluster
from tests.c8.test_console import app_on, seeded, showing
from tests.c8.test_views import cli, env_cluster, post
from tests.tui.conftest import SIZE, on_screen, wait_for
from tests.waiting import until

__all__ = ["env_cluster"]


def titles(k: object, capabilities: frozenset[object]) -> list[str]:
    children = getattr(k, "children")  # noqa: B009
    return [c.title for c in children if kind(c.kind).capability in capabilities and c.unless not in capabilities]


def test_each_engine_lists_the_members_it_can() -> None:
    # Camunda 7 keeps its lists; Camunda 8 lists every kind of member the cluster has, each on its own
    assert titles(GROUPS, C7) == ["Members"] and titles(TENANTS, C7) == ["Users", "Groups"]
    assert titles(GROUPS, C8) == ["Users", "Clients", "Mapping rules", "Roles"]
    assert titles(TENANTS, C8) == ["Users", "Groups", "Roles", "Clients", "Mapping rules"]
    assert titles(kind("roles"), C8) == ["Users", "Groups", "Clients", "Mapping rules"]


async def test_a_member_list_waits_for_an_added_and_a_removed_member(c8: C8Engine, cluster: FakeCluster) -> None:
    await c8.roles.create(Role(id="ops", name="Operators"))
    await c8.groups.create(Group(id="night", name="Night shift"))
    with cluster.indexing_held():
        await c8.roles.set_membership("ops", "groups", "night", add=True)
        listing = asyncio.ensure_future(c8.roles.members("ops", "groups"))
        await until(
            lambda: len(cluster.requests("POST", "/roles/ops/groups/search")) >= 2, "the list read again while indexing"
        )
        assert not listing.done()
    assert await listing == ("night",)
    # a group's roles are the same membership, seen from the group
    assert await c8.groups.members("night", "roles") == ("ops",)
    with cluster.indexing_held():
        await c8.groups.set_membership("night", "roles", "ops", add=False)
        listing = asyncio.ensure_future(c8.groups.members("night", "roles"))
        await until(lambda: len(cluster.requests("POST", "/groups/night/roles/search")) >= 3, "a wait for the removal")
        assert not listing.done()
    assert await listing == ()
    assert cluster.state.members[("roles", "ops", "groups")] == set()


async def test_a_new_user_is_listed_when_indexed_never_missing(c8: C8Engine, cluster: FakeCluster) -> None:
    cluster.add_user("amy")
    with cluster.indexing_held():
        await c8.users.create(User(id="zed", first_name="Zed"), "pw")
        listing = asyncio.ensure_future(c8.users.list())
        await until(lambda: len(cluster.requests("POST", "/users/search")) >= 3, "the list read again")
        assert not listing.done()
    assert [u.id for u in (await listing).items] == ["amy", "zed"]
    # a filter that leaves it out does not wait: the cluster has indexed it, the filter says no
    before = len(cluster.requests("POST", "/users/search"))
    assert [u.id for u in (await c8.users.list(UserFilter(id="amy"))).items] == ["amy"]
    assert len(cluster.requests("POST", "/users/search")) == before + 1


def test_the_cli_lists_a_roles_members_by_kind(env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]) -> None:
    post(env_cluster, "/roles", {"roleId": "ops", "name": "Operators"})
    post(env_cluster, "/mapping-rules", {"mappingRuleId": "okta", "name": "O", "claimName": "g", "claimValue": "o"})
    post(env_cluster, "/roles/ops/mapping-rules/okta", method="PUT")
    code, out, err = cli(capsys, "get", "members", "--role", "ops", "--members", "mapping-rules", "-o", "json")
    assert code == 0, err
    assert [(m["id"], m["kind"], m["owner_id"]) for m in json.loads(out)] == [("okta", "mapping-rules", "ops")]
    code, out, err = cli(capsys, "describe", "member", "roles/ops/mapping-rules/okta", "-o", "json")
    assert code == 0, err
    assert json.loads(out)["claim_name"] == "g"


@pytest.mark.tui
async def test_add_and_remove_a_role_member_from_its_detail(cluster: FakeCluster) -> None:
    from textual.widgets import Input

    from camtui.ui.screens.describe_view import DescribeScreen
    from camtui.ui.screens.plan_dialog import PlanModal

    seeded(cluster)
    post(cluster, "/roles", {"roleId": "ops", "name": "Operators"})
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        await pilot.press("colon", *"roles", "enter")
        await wait_for(pilot, lambda: showing(app, "roles", "Operators"), what="the roles view")
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, DescribeScreen), what="the role's detail")
        detail = app.screen
        assert isinstance(detail, DescribeScreen)
        assert [c.title for c, _ in detail.child_lists] == ["Users", "Groups", "Clients", "Mapping rules"]
        users = detail.query_one("#child-0", PagedTable)
        # `+` needs a list: said, nothing sent
        await pilot.press("plus")
        await wait_for(pilot, lambda: any("lists below" in n.message for n in app._notifications), what="a hint")
        for _ in range(8):
            if detail.focused_child() is not None:
                break
            await pilot.press("tab")
        found = detail.focused_child()
        assert found is not None and found[1] is users

        cluster.hold_indexing()
        await pilot.press("plus")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        plan = app.screen
        assert isinstance(plan, PlanModal)
        plan.query_one("#member", Input).value = "mary"
        await wait_for(pilot, lambda: bool(plan.plan.requests), what="the plan with its request")
        [request] = plan.plan.requests
        assert request.method == "PUT" and request.url.endswith("/v2/roles/ops/users/mary")
        assert plan.plan.title == "Add user mary to role ops"
        await pilot.click("#go")
        await wait_for(pilot, lambda: cluster.state.members.get(("roles", "ops", "users")) == {"mary"}, what="mary")
        header = detail.query_one(StatusHeader)
        await wait_for(pilot, lambda: INDEXING in str(header.render()), what="the indexing notice")
        assert "not found" not in str(header.render()).lower() and users.items == []
        cluster.release_indexing()
        await wait_for(pilot, lambda: [m.id for m in users.items] == ["mary"], what="mary in the list")

        users.focus()
        await pilot.press("minus")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the removal's plan")
        removal = app.screen
        assert isinstance(removal, PlanModal)
        [request] = removal.plan.requests
        assert request.method == "DELETE" and request.url.endswith("/v2/roles/ops/users/mary")
        await pilot.click("#go")
        await wait_for(pilot, lambda: users.items == [], what="the list without mary")
    assert cluster.state.members[("roles", "ops", "users")] == set()


@pytest.mark.tui
async def test_a_user_created_in_the_console_shows_once_indexed(cluster: FakeCluster) -> None:
    from textual.widgets import Input

    from camtui.ui.screens.list_view import ListView
    from camtui.ui.screens.plan_dialog import PlanModal

    seeded(cluster)
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        await pilot.press("colon", *"users", "enter")
        await wait_for(pilot, lambda: showing(app, "users", "mary"), what="the users view")
        users = app.screen
        assert isinstance(users, ListView)
        cluster.hold_indexing()
        await pilot.press("n")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the new user's form")
        form = app.screen
        assert isinstance(form, PlanModal)
        # the first field has the focus: the id is typed straight away, enter goes ahead
        await pilot.press(*"zed")
        for name, value in (("password", "s3cret-pw"), ("password_again", "s3cret-pw")):
            form.query_one(f"#{name}", Input).value = value
        await wait_for(pilot, lambda: bool(form.plan.requests) and not form.plan.warnings, what="a complete plan")
        assert form.query_one("#id", Input).value == "zed"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "zed" in cluster.state.users, what="zed at the cluster")
        header = users.query_one(StatusHeader)
        await wait_for(pilot, lambda: INDEXING in str(header.render()), what="the indexing notice")
        assert "not found" not in str(header.render()).lower()
        cluster.release_indexing()
        await wait_for(pilot, lambda: showing(app, "users", "zed"), what="zed in the list")
        assert showing(app, "users", "mary")
