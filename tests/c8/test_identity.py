"""Identity on Camunda 8: users, groups, roles, tenants, mapping rules, authorizations, memberships."""

from __future__ import annotations

import pytest

from camtui.api import errors
from camtui.api.c8.engine import C8Engine
from camtui.api.models import AuthorizationFilter, AuthorizationType, Group, Tenant, User, UserFilter
from camtui.api.models.cluster import MappingRule, Role
from tests.c8.fake_cluster import FakeCluster


async def test_users_crud_and_password(c8: C8Engine, cluster: FakeCluster) -> None:
    await c8.users.create(User(id="mary", first_name="Mary", last_name="Major", email="m@example.com"), "s3cret")
    assert cluster.state.users["mary"]["name"] == "Mary Major"
    assert (await c8.users.get("mary")).email == "m@example.com"
    assert [u.id for u in (await c8.users.list(UserFilter(first_name_like="Mar"))).items] == ["mary"]
    await c8.users.update(User(id="mary", first_name="Mary", email="mary@example.com"))
    assert cluster.state.users["mary"] == {"username": "mary", "name": "Mary", "email": "mary@example.com"}
    await c8.users.change_password("mary", "n3w", "demo")
    with pytest.raises(errors.Conflict, match="already exists"):
        await c8.users.create(User(id="mary"), "x")
    await c8.users.delete("mary")
    assert "mary" not in cluster.state.users
    with pytest.raises(errors.NotFound):
        await c8.users.get("mary")


async def test_groups_tenants_roles_and_memberships(c8: C8Engine, cluster: FakeCluster) -> None:
    await c8.users.create(User(id="mary"), "pw")
    await c8.groups.create(Group(id="accounting", name="Accounting"))
    await c8.groups.add_member("accounting", "mary")
    assert await c8.groups.members("accounting") == ("mary",)
    assert [u.id for u in (await c8.users.list(UserFilter(member_of_group="accounting"))).items] == ["mary"]
    await c8.groups.update(Group(id="accounting", name="Finance"))
    assert (await c8.groups.get("accounting")).name == "Finance"
    await c8.groups.remove_member("accounting", "mary")
    assert await c8.groups.members("accounting") == ()

    await c8.tenants.create(Tenant(id="acme", name="ACME"))
    await c8.tenants.add_user("acme", "mary")
    await c8.tenants.add_group("acme", "accounting")
    assert (await c8.tenants.members("acme", "groups")) == ("accounting",)
    await c8.tenants.remove_group("acme", "accounting")
    await c8.tenants.remove_user("acme", "mary")
    assert cluster.state.members[("tenants", "acme", "users")] == set()

    await c8.roles.create(Role(id="auditor", name="Auditor", description="reads"))
    await c8.roles.set_membership("auditor", "users", "mary", add=True)
    await c8.roles.set_membership("auditor", "groups", "accounting", add=True)
    assert await c8.roles.members("auditor", "groups") == ("accounting",)
    assert [r.id for r in (await c8.roles.list()).items] == ["auditor"]
    await c8.roles.update(Role(id="auditor", name="Auditors"))
    assert (await c8.roles.get("auditor")).name == "Auditors"
    await c8.roles.delete("auditor")
    await c8.groups.delete("accounting")
    await c8.tenants.delete("acme")
    assert not cluster.state.roles and not cluster.state.groups and not cluster.state.tenants


async def test_mapping_rules(c8: C8Engine, cluster: FakeCluster) -> None:
    rule = MappingRule(id="eng", name="Engineers", claim_name="department", claim_value="engineering")
    await c8.mapping_rules.create(rule)
    assert (await c8.mapping_rules.get("eng")) == rule
    await c8.mapping_rules.update(rule.model_copy(update={"claim_value": "eng"}))
    assert cluster.state.mapping_rules["eng"]["claimValue"] == "eng"
    assert (await c8.mapping_rules.list()).total == 1
    await c8.groups.create(Group(id="devs"))
    await c8.groups.set_membership("devs", "mapping-rules", "eng", add=True)
    assert await c8.groups.members("devs", "mapping-rules") == ("eng",)
    await c8.mapping_rules.delete("eng")
    assert not cluster.state.mapping_rules


async def test_authorizations_grant_update_delete(c8: C8Engine, cluster: FakeCluster) -> None:
    created = await c8.authorizations.create(
        type=AuthorizationType.GRANT,
        permissions=("READ",),
        resource_type="PROCESS_DEFINITION",
        resource_id="order",
        user_id="mary",
    )
    assert (created.user_id, created.owner_type, created.permissions) == ("mary", "USER", ("READ",))
    stored = cluster.state.authorizations[created.id]
    assert (stored["ownerId"], stored["resourceId"]) == ("mary", "order")
    await c8.authorizations.update(created.id, permissions=("READ", "UPDATE"))
    assert stored["permissionTypes"] == ["READ", "UPDATE"]
    found = await c8.authorizations.list(AuthorizationFilter(user_ids=("mary",), resource_id="order"))
    assert [a.id for a in found.items] == [created.id]
    assert (await c8.authorizations.list(AuthorizationFilter(type=AuthorizationType.REVOKE))).items == ()
    with pytest.raises(errors.BadRequest, match="only grant"):
        await c8.authorizations.create(
            type=AuthorizationType.REVOKE, permissions=("READ",), resource_type="USER", user_id="mary"
        )
    await c8.authorizations.delete(created.id)
    assert not cluster.state.authorizations


async def test_the_groups_and_tenants_of_a_member(c8: C8Engine, cluster: FakeCluster) -> None:
    from camtui.api.models import GroupFilter, TenantFilter

    await c8.users.create(User(id="mary"), "pw")
    for group in ("a", "b", "c"):
        await c8.groups.create(Group(id=group))
    await c8.groups.add_member("a", "mary")
    await c8.groups.add_member("c", "mary")
    await c8.tenants.create(Tenant(id="acme"))
    await c8.tenants.add_user("acme", "mary")
    await c8.tenants.add_group("acme", "b")
    assert [g.id for g in (await c8.groups.list(GroupFilter(member="mary"))).items] == ["a", "c"]
    assert [g.id for g in (await c8.groups.list(GroupFilter(member_of_tenant="acme"))).items] == ["b"]
    assert [t.id for t in (await c8.tenants.list(TenantFilter(user_member="mary"))).items] == ["acme"]
    assert [t.id for t in (await c8.tenants.list(TenantFilter(group_member="a"))).items] == []


async def test_roles_and_mapping_rules_are_reached_through_the_protocol(c8: C8Engine, cluster: FakeCluster) -> None:
    from camtui.api.protocol import mapping_rules_of, roles_of
    from tests.fakes import FakeEngine

    await roles_of(c8).create(Role(id="ops", name="Operators"))
    assert [r.id for r in (await roles_of(c8).list()).items] == ["ops"]
    assert (await mapping_rules_of(c8).list()).items == ()
    with pytest.raises(errors.UnsupportedByEngine) as info:
        roles_of(FakeEngine("c7"))
    assert info.value.capability == "identity.roles"


async def test_a_user_just_created_is_read_again_until_indexed(c8: C8Engine, cluster: FakeCluster) -> None:
    import asyncio

    from tests.c8.helpers import until

    with cluster.indexing_held():
        await c8.users.create(User(id="newbie"), "pw")
        reading = asyncio.ensure_future(c8.users.get("newbie"))
        await until(lambda: any(e.status == 404 and e.path == "/users/newbie" for e in cluster.exchanges), "a 404")
        assert not reading.done()
    assert (await reading).id == "newbie"
    await c8.users.delete("newbie")
    with pytest.raises(errors.NotFound):
        await c8.users.get("newbie")
    assert len([e for e in cluster.requests("GET", "/users/newbie") if e.status == 404]) >= 2
