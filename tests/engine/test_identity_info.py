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
    await engine.users.create(User(id=uid, first_name="Jürgen", last_name="Ölmann", email="j@x.dev"), "pw1")
    got = await engine.users.get(uid)
    assert (got.first_name, got.last_name) == ("Jürgen", "Ölmann")
    assert [u.id for u in (await engine.users.list(UserFilter(first_name_like="Jürg%"))).items] == [uid]
    await engine.users.update(User(id=uid, first_name="Jörg", last_name="Ölmann", email="j@x.dev"))
    assert (await engine.users.get(uid)).first_name == "Jörg"
    await engine.users.change_password(uid, "pw2", authenticated_user_password="demo")
    async with connect(real_engine.connection(uid, "pw2")) as as_user:
        assert (await as_user.info.engine()).version
    with pytest.raises(errors.BadRequest):
        await engine.users.change_password(uid, "pw3", authenticated_user_password="not-demo")
    await engine.users.unlock(uid)
    await engine.users.delete(uid)
    with pytest.raises(errors.NotFound):
        await engine.users.get(uid)


async def test_groups_and_memberships(engine: C7Engine) -> None:
    gid, uid = unique("g"), unique("u")
    await engine.users.create(User(id=uid), "pw")
    await engine.groups.create(Group(id=gid, name="Ops Ünit", type="WORKFLOW"))
    assert (await engine.groups.get(gid)).name == "Ops Ünit"
    await engine.groups.update(Group(id=gid, name="Ops", type="WORKFLOW"))
    await engine.groups.add_member(gid, uid)
    assert [u.id for u in (await engine.users.list(UserFilter(member_of_group=gid))).items] == [uid]
    assert [g.id for g in (await engine.groups.list(GroupFilter(member=uid))).items] == [gid]
    await engine.groups.remove_member(gid, uid)
    assert (await engine.users.list(UserFilter(member_of_group=gid))).total == 0
    assert [g.name for g in (await engine.groups.list(GroupFilter(name_like="Ops%", id=gid))).items] == ["Ops"]
    await engine.groups.delete(gid)
    with pytest.raises(errors.NotFound):
        await engine.groups.get(gid)


async def test_tenants_and_memberships(engine: C7Engine) -> None:
    tid, uid, gid = unique("t"), unique("u"), unique("g")
    await engine.users.create(User(id=uid), "pw")
    await engine.groups.create(Group(id=gid, name="G"))
    await engine.tenants.create(Tenant(id=tid, name="Tenant ✓"))
    await engine.tenants.update(Tenant(id=tid, name="Tenant ✓✓"))
    assert (await engine.tenants.get(tid)).name == "Tenant ✓✓"
    await engine.tenants.add_user(tid, uid)
    await engine.tenants.add_group(tid, gid)
    assert [t.id for t in (await engine.tenants.list(TenantFilter(user_member=uid))).items] == [tid]
    assert [t.id for t in (await engine.tenants.list(TenantFilter(group_member=gid))).items] == [tid]
    assert [u.id for u in (await engine.users.list(UserFilter(member_of_tenant=tid))).items] == [uid]
    assert [g.id for g in (await engine.groups.list(GroupFilter(member_of_tenant=tid))).items] == [gid]
    await engine.tenants.remove_user(tid, uid)
    await engine.tenants.remove_group(tid, gid)
    assert (await engine.tenants.list(TenantFilter(user_member=uid))).total == 0
    await engine.tenants.delete(tid)
    assert (await engine.tenants.list(TenantFilter(id=tid))).total == 0


async def test_authorizations_by_name(engine: C7Engine) -> None:
    uid = unique("u")
    await engine.users.create(User(id=uid), "pw")
    created = await engine.authorizations.create(
        type=AuthorizationType.GRANT,
        permissions=("READ", "UPDATE"),
        resource_type="process_definition",
        resource_id="camtui_invoice",
        user_id=uid,
    )
    assert created.resource_type == "PROCESS_DEFINITION"
    assert set(created.permissions) == {"READ", "UPDATE"}
    found = await engine.authorizations.list(
        AuthorizationFilter(user_ids=(uid,), resource_type="PROCESS_DEFINITION", type=AuthorizationType.GRANT)
    )
    assert [a.id for a in found.items] == [created.id]
    await engine.authorizations.update(created.id, permissions=("READ",))
    assert (await engine.authorizations.get(created.id)).permissions == ("READ",)
    revoke = await engine.authorizations.create(
        type=AuthorizationType.REVOKE, permissions=("DELETE",), resource_type="DEPLOYMENT", user_id=uid
    )
    assert revoke.type is AuthorizationType.REVOKE
    with pytest.raises(errors.BadRequest) as info:
        await engine.authorizations.create(
            type=AuthorizationType.GRANT, permissions=("READ",), resource_type="SPACESHIP", user_id=uid
        )
    assert "SPACESHIP" in info.value.message
    await engine.authorizations.delete(created.id)
    await engine.authorizations.delete(revoke.id)
    # what is left is the grant on their own profile the engine creates with every user
    left = (await engine.authorizations.list(AuthorizationFilter(user_ids=(uid,)))).items
    assert [(a.resource_type, a.resource_id) for a in left] == [("USER", uid)]


async def test_a_user_without_permissions_sees_only_part(real_engine: RunningEngine) -> None:
    """mary (seeded) may read the invoice process only; peter has no grants at all."""
    async with connect(real_engine.connection("mary", "mary")) as mary:
        keys = {d.bpmn_process_id for d in (await mary.definitions.list(DefinitionFilter())).items}
        assert keys == {"camtui_invoice"}
        assert ((await mary.deployments.list(DeploymentFilter(source="camtui-demo"), limit=1)).total or 0) >= 5
        instances = await mary.instances.list(InstanceFilter())
        assert {i.bpmn_process_id for i in instances.items} <= {"camtui_invoice"}
        payment = (await mary.definitions.list(DefinitionFilter(bpmn_process_id="camtui_payment"))).items
        assert payment == ()
    async with connect(real_engine.connection("demo", "demo")) as admin:
        order = (await admin.definitions.list(DefinitionFilter(bpmn_process_id="camtui_order"))).items[0]
    async with connect(real_engine.connection("mary", "mary")) as mary:
        with pytest.raises(errors.Forbidden) as info:
            await mary.definitions.xml(order.id)
        assert "mary" in info.value.message
        assert info.value.missing_authorizations
        with pytest.raises(errors.Forbidden):
            await mary.users.create(User(id=unique("x")), "pw")
    async with connect(real_engine.connection("peter", "peter")) as peter:
        assert (await peter.definitions.list(DefinitionFilter())).total == 0
