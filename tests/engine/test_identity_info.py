"""Identity, authorizations, engine info, and what a user without permissions sees."""

from __future__ import annotations

import pytest

from camtui.api import connect, errors
from camtui.api.c7.engine import C7Engine
from camtui.api.models import (
    AuthorizationFilter,
    AuthorizationType,
    DefinitionFilter,
    DeploymentFilter,
    EngineKind,
    Group,
    GroupFilter,
    InstanceFilter,
    Tenant,
    TenantFilter,
    User,
    UserFilter,
)
from tests.conftest import RunningEngine
from tests.engine.helpers import unique


async def test_engine_info_and_current_user(engine: C7Engine) -> None:
    info = await engine.info.engine()
    assert info.kind is EngineKind.C7
    assert info.version == "7.24.0"
    assert info.product == "Camunda 7"
    assert info.engine_name == "default"
    assert await engine.info.health()
    me = await engine.info.current_user()
    assert me.id == "demo"
    assert "camunda-admin" in me.groups


async def test_wrong_password_is_unauthorized(real_engine: RunningEngine) -> None:
    async with connect(real_engine.connection(password="wrong")) as e:
        assert await e.info.health()  # GET /engine needs no credentials
        with pytest.raises(errors.Unauthorized) as info:
            await e.info.engine()
    assert "wrong" not in str(info.value) and "wrong" not in repr(info.value)


async def test_users_crud_password_and_unlock(engine: C7Engine, real_engine: RunningEngine) -> None:
    uid = unique("u")
    await engine.identity.create_user(User(id=uid, first_name="Jürgen", last_name="Ölmann", email="j@x.dev"), "pw1")
    got = await engine.identity.user(uid)
    assert (got.first_name, got.last_name) == ("Jürgen", "Ölmann")
    assert [u.id for u in (await engine.identity.users(UserFilter(first_name_like="Jürg%"))).items] == [uid]
    await engine.identity.update_user(User(id=uid, first_name="Jörg", last_name="Ölmann", email="j@x.dev"))
    assert (await engine.identity.user(uid)).first_name == "Jörg"
    await engine.identity.change_password(uid, "pw2", authenticated_user_password="demo")
    async with connect(real_engine.connection(uid, "pw2")) as as_user:
        assert (await as_user.info.engine()).version
    with pytest.raises(errors.BadRequest):
        await engine.identity.change_password(uid, "pw3", authenticated_user_password="not-demo")
    await engine.identity.unlock_user(uid)
    await engine.identity.delete_user(uid)
    with pytest.raises(errors.NotFound):
        await engine.identity.user(uid)


async def test_groups_and_memberships(engine: C7Engine) -> None:
    gid, uid = unique("g"), unique("u")
    await engine.identity.create_user(User(id=uid), "pw")
    await engine.identity.create_group(Group(id=gid, name="Ops Ünit", type="WORKFLOW"))
    assert (await engine.identity.group(gid)).name == "Ops Ünit"
    await engine.identity.update_group(Group(id=gid, name="Ops", type="WORKFLOW"))
    await engine.identity.add_group_member(gid, uid)
    assert [u.id for u in (await engine.identity.users(UserFilter(member_of_group=gid))).items] == [uid]
    assert [g.id for g in (await engine.identity.groups(GroupFilter(member=uid))).items] == [gid]
    await engine.identity.remove_group_member(gid, uid)
    assert (await engine.identity.users(UserFilter(member_of_group=gid))).total == 0
    assert [g.name for g in (await engine.identity.groups(GroupFilter(name_like="Ops%", id=gid))).items] == ["Ops"]
    await engine.identity.delete_group(gid)
    with pytest.raises(errors.NotFound):
        await engine.identity.group(gid)


async def test_tenants_and_memberships(engine: C7Engine) -> None:
    tid, uid, gid = unique("t"), unique("u"), unique("g")
    await engine.identity.create_user(User(id=uid), "pw")
    await engine.identity.create_group(Group(id=gid, name="G"))
    await engine.identity.create_tenant(Tenant(id=tid, name="Tenant ✓"))
    await engine.identity.update_tenant(Tenant(id=tid, name="Tenant ✓✓"))
    assert (await engine.identity.tenant(tid)).name == "Tenant ✓✓"
    await engine.identity.add_tenant_user(tid, uid)
    await engine.identity.add_tenant_group(tid, gid)
    assert [t.id for t in (await engine.identity.tenants(TenantFilter(user_member=uid))).items] == [tid]
    assert [t.id for t in (await engine.identity.tenants(TenantFilter(group_member=gid))).items] == [tid]
    assert [u.id for u in (await engine.identity.users(UserFilter(member_of_tenant=tid))).items] == [uid]
    assert [g.id for g in (await engine.identity.groups(GroupFilter(member_of_tenant=tid))).items] == [gid]
    await engine.identity.remove_tenant_user(tid, uid)
    await engine.identity.remove_tenant_group(tid, gid)
    assert (await engine.identity.tenants(TenantFilter(user_member=uid))).total == 0
    await engine.identity.delete_tenant(tid)
    assert (await engine.identity.tenants(TenantFilter(id=tid))).total == 0


async def test_authorizations_by_name(engine: C7Engine) -> None:
    uid = unique("u")
    await engine.identity.create_user(User(id=uid), "pw")
    created = await engine.identity.create_authorization(
        type=AuthorizationType.GRANT,
        permissions=("READ", "UPDATE"),
        resource_type="process_definition",
        resource_id="camtui_invoice",
        user_id=uid,
    )
    assert created.resource_type == "PROCESS_DEFINITION"
    assert set(created.permissions) == {"READ", "UPDATE"}
    found = await engine.identity.authorizations(
        AuthorizationFilter(user_ids=(uid,), resource_type="PROCESS_DEFINITION", type=AuthorizationType.GRANT)
    )
    assert [a.id for a in found.items] == [created.id]
    await engine.identity.update_authorization(created.id, permissions=("READ",))
    assert (await engine.identity.authorization(created.id)).permissions == ("READ",)
    revoke = await engine.identity.create_authorization(
        type=AuthorizationType.REVOKE, permissions=("DELETE",), resource_type="DEPLOYMENT", user_id=uid
    )
    assert revoke.type is AuthorizationType.REVOKE
    with pytest.raises(errors.BadRequest) as info:
        await engine.identity.create_authorization(
            type=AuthorizationType.GRANT, permissions=("READ",), resource_type="SPACESHIP", user_id=uid
        )
    assert "SPACESHIP" in info.value.message
    await engine.identity.delete_authorization(created.id)
    await engine.identity.delete_authorization(revoke.id)
    # what is left is the grant on their own profile the engine creates with every user
    left = (await engine.identity.authorizations(AuthorizationFilter(user_ids=(uid,)))).items
    assert [(a.resource_type, a.resource_id) for a in left] == [("USER", uid)]


async def test_a_user_without_permissions_sees_only_part(real_engine: RunningEngine) -> None:
    """mary (seeded) may read the invoice process only; peter has no grants at all."""
    async with connect(real_engine.connection("mary", "mary")) as mary:
        keys = {d.key for d in (await mary.definitions.list(DefinitionFilter())).items}
        assert keys == {"camtui_invoice"}
        assert (await mary.deployments.count(DeploymentFilter(source="camtui-demo"))) >= 5
        instances = await mary.instances.list(InstanceFilter())
        assert {i.definition_key for i in instances.items} <= {"camtui_invoice"}
        payment = (await mary.definitions.list(DefinitionFilter(key="camtui_payment"))).items
        assert payment == ()
    async with connect(real_engine.connection("demo", "demo")) as admin:
        order = (await admin.definitions.list(DefinitionFilter(key="camtui_order"))).items[0]
    async with connect(real_engine.connection("mary", "mary")) as mary:
        with pytest.raises(errors.Forbidden) as info:
            await mary.definitions.xml(order.id)
        assert "mary" in info.value.message
        assert info.value.missing_authorizations
        with pytest.raises(errors.Forbidden):
            await mary.identity.create_user(User(id=unique("x")), "pw")
    async with connect(real_engine.connection("peter", "peter")) as peter:
        assert (await peter.definitions.list(DefinitionFilter())).total == 0
