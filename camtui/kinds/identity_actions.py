"""Changing identity: users, groups, tenants, memberships and authorizations, as actions.

Every change is an Operation the engine previews, run through the one runner (plan, confirmation
scaled to risk, read-only refused first, a report per target). A plan is made while the user types
(the console's dialog plans again on every key), so a plan never fails on unfinished input: it says
what is missing as a warning, and `run` refuses it in words.

Passwords are typed twice, held as SecretStr, shown as asterisks in plans and never logged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from pydantic import SecretStr

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest
from camtui.api.models import Authorization, AuthorizationType, Group, Tenant, User
from camtui.api.plan import Plan, Risk
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Option, Options, RunResult, Scope
from camtui.kinds.common import gone, plural, previews, targets
from camtui.kinds.permissions import permissions as checked_permissions
from camtui.kinds.permissions import resource_type as checked_resource_type

T = TypeVar("T")
OpsFn = Callable[[Engine, T, Options], list[op.Operation]]


def text(o: Options, name: str) -> str:
    return str(o.get(name) or "").strip()


def required(o: Options, name: str, what: str) -> str:
    value = text(o, name)
    if not value:
        raise BadRequest(f"Give {what}.")
    return value


def _action(
    *,
    id: str,
    key: str,
    label: str,
    capability: Capability,
    risk: Risk,
    scope: Scope,
    operations: OpsFn[T],
    run: Callable[[Engine, T, Options], Awaitable[RunResult]],
    title: Callable[[Sequence[T], Options], str],
    key_of: Callable[[T], str],
    label_of: Callable[[T], str],
    options: tuple[Option, ...] = (),
    description: str = "",
    impact: str = "",
    prefill: Callable[[T], dict[str, Any]] | None = None,
    verify: Callable[[Engine, T, Options, datetime], Awaitable[bool | None]] | None = None,
) -> Action[T]:
    async def plan(engine: Engine, items: Sequence[T], o: Options) -> Plan:
        ops: list[op.Operation] = []
        warnings: list[str] = []
        for item in items:
            try:
                ops.extend(operations(engine, item, o))
            except BadRequest as exc:
                # unfinished input: said in the plan, refused by `run`
                warnings.append(str(exc))
                break
        return Plan(
            action=id,
            title=title(items, o),
            targets=targets(items, key_of, label_of),
            impact=impact,
            requests=previews(engine, ops),
            risk=risk,
            warnings=tuple(dict.fromkeys(warnings)),
        )

    return Action[T](
        id=id,
        key=key,
        label=label,
        capability=capability,
        mutates=True,
        risk=risk,
        scope=scope,
        plan=plan,
        run=run,
        options=options,
        description=description,
        prefill=prefill,
        verify=verify,
    )


def _none_key(_: None) -> str:
    return "(new)"


# -- users ----------------------------------------------------------------------------------------


def new_password(o: Options, name: str = "password", again: str = "password_again") -> SecretStr:
    """A password typed twice; the error never quotes it."""
    first, second = str(o.get(name) or ""), str(o.get(again) or "")
    if not first:
        raise BadRequest("Type the password (twice).")
    if first != second:
        raise BadRequest("The two passwords differ; type them again.")
    return SecretStr(first)


def _profile(o: Options, user_id: str) -> User:
    return User(
        id=user_id,
        first_name=text(o, "first_name") or None,
        last_name=text(o, "last_name") or None,
        email=text(o, "email") or None,
    )


def _user_create_ops(engine: Engine, _: None, o: Options) -> list[op.Operation]:
    user = _profile(o, required(o, "id", "the new user's id"))
    return [op.CreateUser(user=user, password=new_password(o))]


async def _user_create(engine: Engine, _: None, o: Options) -> RunResult:
    (x,) = _user_create_ops(engine, None, o)
    assert isinstance(x, op.CreateUser)
    await engine.users.create(x.user, x.password.get_secret_value())
    return f"created user {x.user.id}", x.user


PROFILE_OPTIONS = (
    Option("first_name", "First name", ""),
    Option("last_name", "Last name", ""),
    Option("email", "Email", ""),
)

USER_CREATE = _action(
    id="users.create",
    key="n",
    label="New user",
    capability=Capability.IDENTITY_USERS,
    risk=Risk.CHANGE,
    scope=Scope.NONE,
    operations=_user_create_ops,
    run=_user_create,
    title=lambda items, o: f"Create user {text(o, 'id') or '…'}",
    key_of=_none_key,
    label_of=lambda _: "new user",
    options=(
        Option("id", "User id", ""),
        *PROFILE_OPTIONS,
        Option("password", "Password", "", secret=True),
        Option("password_again", "Password again", "", secret=True),
    ),
    description="create a user (the password is typed twice, never shown)",
)


def _user_label(u: User) -> str:
    return " ".join(x for x in (u.first_name, u.last_name) if x) or u.id


def _user_edit_ops(engine: Engine, u: User, o: Options) -> list[op.Operation]:
    return [op.UpdateUser(user=_profile(o, u.id))]


async def _user_edit(engine: Engine, u: User, o: Options) -> RunResult:
    await engine.users.update(_profile(o, u.id))
    return "profile saved"


USER_EDIT = _action(
    id="users.edit",
    key="e",
    label="Edit",
    capability=Capability.IDENTITY_USERS,
    risk=Risk.CHANGE,
    scope=Scope.CURSOR,
    operations=_user_edit_ops,
    run=_user_edit,
    title=lambda items, o: f"Edit the profile of {plural(len(items), 'user')}",
    key_of=lambda u: u.id,
    label_of=_user_label,
    options=PROFILE_OPTIONS,
    description="edit a user's first name, last name and email",
    prefill=lambda u: {"first_name": u.first_name or "", "last_name": u.last_name or "", "email": u.email or ""},
)


def _own_password(engine: Engine, o: Options) -> SecretStr:
    """Camunda 7 asks for the password of whoever makes the change: typed, else the profile's own."""
    typed = str(o.get("your_password") or "")
    if typed:
        return SecretStr(typed)
    mine = engine.connection.credentials.password
    if mine is None:
        raise BadRequest("Type your own password: the engine asks for it to change another's.")
    return mine


def _password_ops(engine: Engine, u: User, o: Options) -> list[op.Operation]:
    return [
        op.ChangePassword(user_id=u.id, password=new_password(o), authenticated_user_password=_own_password(engine, o))
    ]


async def _password(engine: Engine, u: User, o: Options) -> RunResult:
    (x,) = _password_ops(engine, u, o)
    assert isinstance(x, op.ChangePassword)
    await engine.users.change_password(
        u.id, x.password.get_secret_value(), x.authenticated_user_password.get_secret_value()
    )
    return "password changed"


USER_PASSWORD = _action(
    id="users.password",
    key="p",
    label="Password",
    capability=Capability.IDENTITY_USERS,
    risk=Risk.CHANGE,
    scope=Scope.CURSOR,
    operations=_password_ops,
    run=_password,
    title=lambda items, o: f"Change the password of {', '.join(u.id for u in items)}",
    key_of=lambda u: u.id,
    label_of=_user_label,
    options=(
        Option("password", "New password", "", secret=True),
        Option("password_again", "New password again", "", secret=True),
        Option("your_password", "Your own password (empty: the profile's)", "", secret=True),
    ),
    description="change a user's password (typed twice, never shown)",
    impact="Their open sessions must log in again.",
)


async def _user_delete(engine: Engine, u: User, o: Options) -> RunResult:
    await engine.users.delete(u.id)
    return "deleted"


async def _user_gone(engine: Engine, u: User, o: Options, since: datetime) -> bool | None:
    return await gone(lambda: engine.users.get(u.id))


USER_DELETE = _action(
    id="users.delete",
    key="ctrl+d",
    label="Delete",
    capability=Capability.IDENTITY_USERS,
    risk=Risk.DESTROY,
    scope=Scope.MARKED,
    operations=lambda engine, u, o: [op.DeleteUser(user_id=u.id)],
    run=_user_delete,
    title=lambda items, o: f"Delete {plural(len(items), 'user')}",
    key_of=lambda u: u.id,
    label_of=lambda u: u.id,
    description="delete users (their memberships and authorizations go with them)",
    impact="Their group and tenant memberships go with them; they can no longer log in.",
    verify=_user_gone,
)


async def _unlock(engine: Engine, u: User, o: Options) -> RunResult:
    await engine.users.unlock(u.id)
    return "unlocked"


USER_UNLOCK = _action(
    id="users.unlock",
    key="U",
    label="Unlock",
    capability=Capability.IDENTITY_UNLOCK,
    risk=Risk.SAFE,
    scope=Scope.MARKED,
    operations=lambda engine, u, o: [op.UnlockUser(user_id=u.id)],
    run=_unlock,
    title=lambda items, o: f"Unlock {plural(len(items), 'user')}",
    key_of=lambda u: u.id,
    label_of=lambda u: u.id,
    description="unlock users locked out after wrong passwords",
)


def _user_membership_ops(add: bool) -> OpsFn[User]:
    def ops(engine: Engine, u: User, o: Options) -> list[op.Operation]:
        group, tenant = text(o, "group"), text(o, "tenant")
        if not group and not tenant:
            raise BadRequest("Name a group or a tenant (or both).")
        out: list[op.Operation] = []
        if group:
            out.append(op.GroupMembership(group_id=group, user_id=u.id, add=add))
        if tenant:
            out.append(op.TenantMembership(tenant_id=tenant, user_id=u.id, add=add))
        return out

    return ops


def where(o: Options) -> str:
    group, tenant = text(o, "group"), text(o, "tenant")
    named = [f"group {group}" if group else "", f"tenant {tenant}" if tenant else ""]
    return " and ".join(x for x in named if x) or "…"


def _user_membership(add: bool) -> Action[User]:
    ops = _user_membership_ops(add)

    async def run(engine: Engine, u: User, o: Options) -> RunResult:
        done = []
        for x in ops(engine, u, o):
            if isinstance(x, op.GroupMembership):
                await (engine.groups.add_member if add else engine.groups.remove_member)(x.group_id, u.id)
                done.append(f"group {x.group_id}")
            elif isinstance(x, op.TenantMembership):
                await (engine.tenants.add_user if add else engine.tenants.remove_user)(x.tenant_id, u.id)
                done.append(f"tenant {x.tenant_id}")
        return f"{'added to' if add else 'removed from'} {' and '.join(done)}"

    verb = "add" if add else "remove"
    return _action(
        id=f"users.{'join' if add else 'leave'}",
        key="plus" if add else "minus",
        label="Add to group/tenant" if add else "Remove from group/tenant",
        capability=Capability.IDENTITY_GROUPS,
        risk=Risk.CHANGE,
        scope=Scope.MARKED,
        operations=ops,
        run=run,
        title=lambda items, o: f"{verb.capitalize()} {plural(len(items), 'user')} {'to' if add else 'from'} {where(o)}",
        key_of=lambda u: u.id,
        label_of=lambda u: u.id,
        options=(
            Option("group", "Group id", "", suggest="groups"),
            Option("tenant", "Tenant id", "", suggest="tenants"),
        ),
        description=f"{verb} users {'to' if add else 'from'} a group or a tenant",
    )


USER_JOIN = _user_membership(add=True)
USER_LEAVE = _user_membership(add=False)

USER_ACTIONS: tuple[Action[User], ...] = (USER_EDIT, USER_PASSWORD, USER_DELETE, USER_UNLOCK, USER_JOIN, USER_LEAVE)


# -- groups ---------------------------------------------------------------------------------------


def _new_group(o: Options) -> Group:
    gid = required(o, "id", "the new group's id")
    return Group(id=gid, name=text(o, "name") or gid, type=text(o, "type") or None)


async def _group_create(engine: Engine, _: None, o: Options) -> RunResult:
    group = _new_group(o)
    await engine.groups.create(group)
    return f"created group {group.id}", group


GROUP_CREATE = _action(
    id="groups.create",
    key="n",
    label="New group",
    capability=Capability.IDENTITY_GROUPS,
    risk=Risk.CHANGE,
    scope=Scope.NONE,
    operations=lambda engine, _, o: [op.CreateGroup(group=_new_group(o))],
    run=_group_create,
    title=lambda items, o: f"Create group {text(o, 'id') or '…'}",
    key_of=_none_key,
    label_of=lambda _: "new group",
    options=(Option("id", "Group id", ""), Option("name", "Name", ""), Option("type", "Type (e.g. WORKFLOW)", "")),
    description="create a group",
)


def _edited_group(g: Group, o: Options) -> Group:
    return Group(id=g.id, name=text(o, "name") or g.name, type=text(o, "type") or None)


async def _group_edit(engine: Engine, g: Group, o: Options) -> RunResult:
    await engine.groups.update(_edited_group(g, o))
    return "saved"


GROUP_EDIT = _action(
    id="groups.edit",
    key="e",
    label="Edit",
    capability=Capability.IDENTITY_GROUPS,
    risk=Risk.CHANGE,
    scope=Scope.CURSOR,
    operations=lambda engine, g, o: [op.UpdateGroup(group=_edited_group(g, o))],
    run=_group_edit,
    title=lambda items, o: f"Edit group {', '.join(g.id for g in items)}",
    key_of=lambda g: g.id,
    label_of=lambda g: g.name or g.id,
    options=(Option("name", "Name", ""), Option("type", "Type", "")),
    description="edit a group's name and type",
    prefill=lambda g: {"name": g.name or "", "type": g.type or ""},
)


async def _group_delete(engine: Engine, g: Group, o: Options) -> RunResult:
    await engine.groups.delete(g.id)
    return "deleted"


async def _group_gone(engine: Engine, g: Group, o: Options, since: datetime) -> bool | None:
    return await gone(lambda: engine.groups.get(g.id))


GROUP_DELETE = _action(
    id="groups.delete",
    key="ctrl+d",
    label="Delete",
    capability=Capability.IDENTITY_GROUPS,
    risk=Risk.DESTROY,
    scope=Scope.MARKED,
    operations=lambda engine, g, o: [op.DeleteGroup(group_id=g.id)],
    run=_group_delete,
    title=lambda items, o: f"Delete {plural(len(items), 'group')}",
    key_of=lambda g: g.id,
    label_of=lambda g: g.id,
    description="delete groups (their members stay, the memberships go)",
    impact="The memberships go with them; what the group was allowed, its members are no longer.",
    verify=_group_gone,
)


def _group_members(add: bool) -> Action[Group]:
    def ops(engine: Engine, g: Group, o: Options) -> list[op.Operation]:
        users = [u.strip() for u in text(o, "user").split(",") if u.strip()]
        if not users:
            raise BadRequest("Name a user (several: comma-separated).")
        return [op.GroupMembership(group_id=g.id, user_id=u, add=add) for u in users]

    async def run(engine: Engine, g: Group, o: Options) -> RunResult:
        users = [x.user_id for x in ops(engine, g, o) if isinstance(x, op.GroupMembership)]
        for u in users:
            await (engine.groups.add_member if add else engine.groups.remove_member)(g.id, u)
        return f"{'added' if add else 'removed'} {', '.join(users)}"

    return _action(
        id=f"groups.{'add_member' if add else 'remove_member'}",
        key="plus" if add else "minus",
        label="Add member" if add else "Remove member",
        capability=Capability.IDENTITY_GROUPS,
        risk=Risk.CHANGE,
        scope=Scope.CURSOR,
        operations=ops,
        run=run,
        title=lambda items, o: (
            f"{'Add' if add else 'Remove'} {text(o, 'user') or '…'} "
            f"{'to' if add else 'from'} group {', '.join(g.id for g in items)}"
        ),
        key_of=lambda g: g.id,
        label_of=lambda g: g.name or g.id,
        options=(Option("user", "User id(s)", "", suggest="users"),),
        description=f"{'add users to' if add else 'remove users from'} a group",
    )


GROUP_ACTIONS: tuple[Action[Group], ...] = (GROUP_EDIT, GROUP_DELETE, _group_members(True), _group_members(False))


# -- tenants --------------------------------------------------------------------------------------


def _new_tenant(o: Options) -> Tenant:
    tid = required(o, "id", "the new tenant's id")
    return Tenant(id=tid, name=text(o, "name") or tid)


async def _tenant_create(engine: Engine, _: None, o: Options) -> RunResult:
    tenant = _new_tenant(o)
    await engine.tenants.create(tenant)
    return f"created tenant {tenant.id}", tenant


TENANT_CREATE = _action(
    id="tenants.create",
    key="n",
    label="New tenant",
    capability=Capability.IDENTITY_TENANTS,
    risk=Risk.CHANGE,
    scope=Scope.NONE,
    operations=lambda engine, _, o: [op.CreateTenant(tenant=_new_tenant(o))],
    run=_tenant_create,
    title=lambda items, o: f"Create tenant {text(o, 'id') or '…'}",
    key_of=_none_key,
    label_of=lambda _: "new tenant",
    options=(Option("id", "Tenant id", ""), Option("name", "Name", "")),
    description="create a tenant",
)


async def _tenant_edit(engine: Engine, t: Tenant, o: Options) -> RunResult:
    await engine.tenants.update(Tenant(id=t.id, name=text(o, "name") or t.name))
    return "saved"


async def _tenant_delete(engine: Engine, t: Tenant, o: Options) -> RunResult:
    await engine.tenants.delete(t.id)
    return "deleted"


async def _tenant_gone(engine: Engine, t: Tenant, o: Options, since: datetime) -> bool | None:
    return await gone(lambda: engine.tenants.get(t.id))


def _tenant_members(add: bool) -> Action[Tenant]:
    def ops(engine: Engine, t: Tenant, o: Options) -> list[op.Operation]:
        users = [u.strip() for u in text(o, "user").split(",") if u.strip()]
        groups = [g.strip() for g in text(o, "group").split(",") if g.strip()]
        if not users and not groups:
            raise BadRequest("Name a user or a group (several: comma-separated).")
        out: list[op.Operation] = [op.TenantMembership(tenant_id=t.id, user_id=u, add=add) for u in users]
        return out + [op.TenantMembership(tenant_id=t.id, group_id=g, add=add) for g in groups]

    async def run(engine: Engine, t: Tenant, o: Options) -> RunResult:
        done = []
        for x in ops(engine, t, o):
            assert isinstance(x, op.TenantMembership)
            if x.user_id:
                await (engine.tenants.add_user if add else engine.tenants.remove_user)(t.id, x.user_id)
                done.append(f"user {x.user_id}")
            elif x.group_id:
                await (engine.tenants.add_group if add else engine.tenants.remove_group)(t.id, x.group_id)
                done.append(f"group {x.group_id}")
        return f"{'added' if add else 'removed'} {', '.join(done)}"

    return _action(
        id=f"tenants.{'add_member' if add else 'remove_member'}",
        key="plus" if add else "minus",
        label="Add member" if add else "Remove member",
        capability=Capability.IDENTITY_TENANTS,
        risk=Risk.CHANGE,
        scope=Scope.CURSOR,
        operations=ops,
        run=run,
        title=lambda items, o: (
            f"{'Add members to' if add else 'Remove members from'} tenant {', '.join(t.id for t in items)}"
        ),
        key_of=lambda t: t.id,
        label_of=lambda t: t.name or t.id,
        options=(
            Option("user", "User id(s)", "", suggest="users"),
            Option("group", "Group id(s)", "", suggest="groups"),
        ),
        description=f"{'add users and groups to' if add else 'remove users and groups from'} a tenant",
    )


TENANT_ACTIONS: tuple[Action[Tenant], ...] = (
    _action(
        id="tenants.edit",
        key="e",
        label="Edit",
        capability=Capability.IDENTITY_TENANTS,
        risk=Risk.CHANGE,
        scope=Scope.CURSOR,
        operations=lambda engine, t, o: [op.UpdateTenant(tenant=Tenant(id=t.id, name=text(o, "name") or t.name))],
        run=_tenant_edit,
        title=lambda items, o: f"Edit tenant {', '.join(t.id for t in items)}",
        key_of=lambda t: t.id,
        label_of=lambda t: t.name or t.id,
        options=(Option("name", "Name", ""),),
        description="edit a tenant's name",
        prefill=lambda t: {"name": t.name or ""},
    ),
    _action(
        id="tenants.delete",
        key="ctrl+d",
        label="Delete",
        capability=Capability.IDENTITY_TENANTS,
        risk=Risk.DESTROY,
        scope=Scope.MARKED,
        operations=lambda engine, t, o: [op.DeleteTenant(tenant_id=t.id)],
        run=_tenant_delete,
        title=lambda items, o: f"Delete {plural(len(items), 'tenant')}",
        key_of=lambda t: t.id,
        label_of=lambda t: t.id,
        description="delete tenants (their data stays, tagged with a tenant that no longer exists)",
        impact="Memberships go with them; deployments and instances of the tenant stay.",
        verify=_tenant_gone,
    ),
    _tenant_members(True),
    _tenant_members(False),
)


# -- authorizations -------------------------------------------------------------------------------


def _names(o: Options) -> list[str]:
    return [p for p in text(o, "permissions").replace(" ", ",").split(",") if p]


def _camunda7_words(capabilities: frozenset[Capability] | None) -> bool:
    """Whether camtui's permission table (Camunda 7's resource types and permissions) applies. Camunda 8
    (the engine with roles) has its own words: they go to the cluster as typed, and a wrong one comes
    back refused in the cluster's own words."""
    return capabilities is None or Capability.IDENTITY_ROLES not in capabilities


def _resource_type(name: str, capabilities: frozenset[Capability] | None) -> str:
    return checked_resource_type(name) if _camunda7_words(capabilities) else name.strip().upper()


def _permissions(rtype: str, o: Options, capabilities: frozenset[Capability] | None) -> tuple[str, ...]:
    if _camunda7_words(capabilities):
        return checked_permissions(rtype, _names(o))
    names = tuple(dict.fromkeys(p.strip().upper() for p in _names(o) if p.strip()))
    if not names:
        raise BadRequest("Name at least one permission.")
    return names


def new_authorization(o: Options, capabilities: frozenset[Capability] | None = None) -> op.CreateAuthorization:
    kind = (text(o, "type") or "grant").lower()
    if kind not in {t.value for t in AuthorizationType}:
        raise BadRequest(f"Type {kind!r}: use grant, revoke or global.")
    auth_type = AuthorizationType(kind)
    user, group = text(o, "user") or None, text(o, "group") or None
    if auth_type is not AuthorizationType.GLOBAL and (user is None) == (group is None):
        raise BadRequest("Name exactly one user or one group (a global applies to everyone).")
    rtype = _resource_type(required(o, "resource_type", "a resource type (e.g. PROCESS_DEFINITION)"), capabilities)
    return op.CreateAuthorization(
        type=auth_type,
        permissions=_permissions(rtype, o, capabilities),
        resource_type=rtype,
        resource_id=text(o, "resource_id") or "*",
        user_id=None if auth_type is AuthorizationType.GLOBAL else user,
        group_id=None if auth_type is AuthorizationType.GLOBAL else group,
    )


async def _auth_create(engine: Engine, _: None, o: Options) -> RunResult:
    x = new_authorization(o, engine.capabilities)
    made = await engine.authorizations.create(
        type=x.type,
        permissions=x.permissions,
        resource_type=x.resource_type,
        resource_id=x.resource_id,
        user_id=x.user_id,
        group_id=x.group_id,
    )
    return f"created authorization {made.id}", made


AUTH_CREATE = _action(
    id="authorizations.create",
    key="n",
    label="New authorization",
    capability=Capability.IDENTITY_AUTHORIZATIONS,
    risk=Risk.CHANGE,
    scope=Scope.NONE,
    operations=lambda engine, _, o: [new_authorization(o, engine.capabilities)],
    run=_auth_create,
    title=lambda items, o: (
        f"{(text(o, 'type') or 'grant').capitalize()} {text(o, 'permissions') or '…'} "
        f"on {text(o, 'resource_type') or '…'} {text(o, 'resource_id') or '*'}"
    ),
    key_of=_none_key,
    label_of=lambda _: "new authorization",
    options=(
        Option("type", "Type: grant, revoke or global", "grant"),
        Option("user", "User id", "", suggest="users"),
        Option("group", "or group id", "", suggest="groups"),
        Option("resource_type", "Resource type (PROCESS_DEFINITION, DEPLOYMENT, TASK, ...)", ""),
        Option("resource_id", "Resource id (* for all)", "*"),
        Option("permissions", "Permissions (READ,UPDATE,... or ALL)", ""),
    ),
    description="grant or revoke permissions, for a user, a group or everyone",
)


def edited_authorization(
    a: Authorization, o: Options, capabilities: frozenset[Capability] | None = None
) -> Authorization:
    return a.model_copy(
        update={
            "permissions": _permissions(a.resource_type, o, capabilities),
            "resource_id": text(o, "resource_id") or a.resource_id,
        }
    )


async def _auth_edit(engine: Engine, a: Authorization, o: Options) -> RunResult:
    changed = edited_authorization(a, o, engine.capabilities)
    await engine.authorizations.update(a.id, permissions=changed.permissions, resource_id=changed.resource_id)
    return f"now {', '.join(changed.permissions)} on {changed.resource_id}"


def _who(a: Authorization) -> str:
    if a.type is AuthorizationType.GLOBAL:
        return "everyone"
    return f"user {a.user_id}" if a.user_id else f"group {a.group_id}"


def authorization_label(a: Authorization) -> str:
    return f"{a.type.value} {_who(a)} on {a.resource_type} {a.resource_id}"


async def _auth_delete(engine: Engine, a: Authorization, o: Options) -> RunResult:
    await engine.authorizations.delete(a.id)
    return "deleted"


async def _auth_gone(engine: Engine, a: Authorization, o: Options, since: datetime) -> bool | None:
    return await gone(lambda: engine.authorizations.get(a.id))


AUTH_ACTIONS: tuple[Action[Authorization], ...] = (
    _action(
        id="authorizations.edit",
        key="e",
        label="Edit",
        capability=Capability.IDENTITY_AUTHORIZATIONS,
        risk=Risk.CHANGE,
        scope=Scope.CURSOR,
        operations=lambda engine, a, o: [
            op.UpdateAuthorization(authorization=edited_authorization(a, o, engine.capabilities))
        ],
        run=_auth_edit,
        title=lambda items, o: f"Set the permissions of {', '.join(authorization_label(a) for a in items)}",
        key_of=lambda a: a.id,
        label_of=authorization_label,
        options=(Option("permissions", "Permissions", ""), Option("resource_id", "Resource id", "")),
        description="change an authorization's permissions or resource id",
        prefill=lambda a: {"permissions": ",".join(a.permissions), "resource_id": a.resource_id},
    ),
    _action(
        id="authorizations.delete",
        key="ctrl+d",
        label="Delete",
        capability=Capability.IDENTITY_AUTHORIZATIONS,
        risk=Risk.DESTROY,
        scope=Scope.MARKED,
        operations=lambda engine, a, o: [op.DeleteAuthorization(authorization_id=a.id)],
        run=_auth_delete,
        title=lambda items, o: f"Delete {plural(len(items), 'authorization')}",
        key_of=lambda a: a.id,
        label_of=authorization_label,
        description="delete authorizations",
        impact="What they granted (or revoked) no longer applies.",
        verify=_auth_gone,
    ),
)
