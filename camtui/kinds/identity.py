"""Users, groups, tenants and authorizations (Camunda 8 adds roles and mapping rules later)."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from camtui.api.capabilities import Capability
from camtui.api.models import (
    Authorization,
    AuthorizationFilter,
    AuthorizationType,
    Group,
    GroupFilter,
    Tenant,
    TenantFilter,
    User,
    UserFilter,
)
from camtui.api.paging import Page
from camtui.api.protocol import Engine
from camtui.kinds.base import Child, Column, Kind, Priority
from camtui.kinds.c8 import sort_flags, sort_of, sorted_by_field
from camtui.kinds.format import cell
from camtui.kinds.identity_actions import (
    AUTH_ACTIONS,
    AUTH_CREATE,
    GROUP_ACTIONS,
    GROUP_CREATE,
    TENANT_ACTIONS,
    TENANT_CREATE,
    USER_ACTIONS,
    USER_CREATE,
)
from camtui.kinds.memberships import member_lists


async def fetch_users(engine: Engine, query: UserFilter, after: str | None, limit: int) -> Page[User]:
    return await engine.users.list(query, limit=limit, after=after)


async def describe_user(engine: Engine, user_id: str) -> dict[str, Any]:
    u, groups, tenants = await asyncio.gather(
        engine.users.get(user_id),
        engine.groups.list(GroupFilter(member=user_id), limit=500),
        engine.tenants.list(TenantFilter(user_member=user_id), limit=500),
    )
    return u.model_dump(mode="json") | {
        "groups": [g.id for g in groups.items],
        "tenants": [t.id for t in tenants.items],
    }


def user_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--id")
    p.add_argument("--group", help="member of this group")
    p.add_argument("--tenant-member", help="member of this tenant")
    sort_flags(p, USER_SORTS + USER_C7_SORTS)  # last_name: Camunda 7 only


# issue 13 (audit): what both engines sort by, then what only one does: Camunda 8's tenant key in the
# console where the cluster has it, Camunda 7's last name and group type from the CLI only (as jobs'
# due date); asked of the other engine, each is refused in words before sending
USER_SORTS = ("id", "first_name", "email")
GROUP_SORTS = ("id", "name")
TENANT_SORTS = ("id", "name")
USER_C7_SORTS = ("last_name",)
GROUP_C7_SORTS = ("type",)
TENANT_SEARCH_SORTS = ("key",)


def full_name(u: User) -> str | None:
    return " ".join(x for x in (u.first_name, u.last_name) if x) or None


USERS = Kind[User](
    name="users",
    singular="user",
    aliases=("user", "usr"),
    title="Users",
    capability=Capability.IDENTITY_USERS,
    columns=(
        Column("id", "ID", lambda u: u.id, 20, 8, Priority.ALWAYS),
        # one name: Camunda 8 keeps a user's whole name in one field, Camunda 7 in two
        Column("name", "NAME", lambda u: cell(full_name(u)), 32, 10, Priority.HIGH),
        Column("email", "EMAIL", lambda u: cell(u.email), 30, 10, Priority.NORMAL, grow=True),
    ),
    fetch=fetch_users,
    new_query=UserFilter,
    get=lambda engine, i: engine.users.get(i),
    describe=describe_user,
    label_of=lambda u: full_name(u) or u.id,
    actions=USER_ACTIONS,
    create=USER_CREATE,
    sorts=USER_SORTS,
    sorted_query=sorted_by_field,
    cli_flags=user_flags,
    cli_query=lambda a: UserFilter(id=a.id, member_of_group=a.group, member_of_tenant=a.tenant_member, **sort_of(a)),
    cli_help="users",
    children=(
        Child("Groups", "groups", lambda user_id: GroupFilter(member=user_id)),
        Child("Tenants", "tenants", lambda user_id: TenantFilter(user_member=user_id)),
    ),
    fields=("id", "first_name", "last_name", "email"),
)


async def fetch_groups(engine: Engine, query: GroupFilter, after: str | None, limit: int) -> Page[Group]:
    return await engine.groups.list(query, limit=limit, after=after)


async def describe_group(engine: Engine, group_id: str) -> dict[str, Any]:
    g, members = await asyncio.gather(
        engine.groups.get(group_id), engine.users.list(UserFilter(member_of_group=group_id), limit=500)
    )
    return g.model_dump(mode="json") | {"members": [u.id for u in members.items]}


def group_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--id")
    p.add_argument("--member", help="groups of this user")
    p.add_argument("--tenant-member", help="member of this tenant")
    sort_flags(p, GROUP_SORTS + GROUP_C7_SORTS)  # type: Camunda 7 only


GROUPS = Kind[Group](
    name="groups",
    singular="group",
    aliases=("group", "grp"),
    title="Groups",
    capability=Capability.IDENTITY_GROUPS,
    columns=(
        Column("id", "ID", lambda g: g.id, 24, 8, Priority.ALWAYS),
        Column("name", "NAME", lambda g: cell(g.name), 30, 10, Priority.ALWAYS, grow=True),
        Column("type", "TYPE", lambda g: cell(g.type), 14, 6, Priority.NORMAL),
    ),
    fetch=fetch_groups,
    new_query=GroupFilter,
    get=lambda engine, i: engine.groups.get(i),
    describe=describe_group,
    actions=GROUP_ACTIONS,
    create=GROUP_CREATE,
    sorts=GROUP_SORTS,
    sorted_query=sorted_by_field,
    cli_flags=group_flags,
    cli_query=lambda a: GroupFilter(id=a.id, member=a.member, member_of_tenant=a.tenant_member, **sort_of(a)),
    cli_help="groups",
    children=(
        Child(
            "Members",
            "users",
            lambda group_id: UserFilter(member_of_group=group_id),
            unless=Capability.IDENTITY_MEMBERSHIPS,
        ),
        # Camunda 8: every kind of member, each its own list with add and remove
        *member_lists("groups"),
    ),
    fields=("id", "name", "type"),
)


async def fetch_tenants(engine: Engine, query: TenantFilter, after: str | None, limit: int) -> Page[Tenant]:
    return await engine.tenants.list(query, limit=limit, after=after)


async def describe_tenant(engine: Engine, tenant_id: str) -> dict[str, Any]:
    tenant, users, groups = await asyncio.gather(
        engine.tenants.get(tenant_id),
        engine.users.list(UserFilter(member_of_tenant=tenant_id), limit=500),
        engine.groups.list(GroupFilter(member_of_tenant=tenant_id), limit=500),
    )
    return tenant.model_dump(mode="json") | {
        "users": [u.id for u in users.items],
        "groups": [g.id for g in groups.items],
    }


def tenant_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--id")
    p.add_argument("--user", help="tenants of this user")
    p.add_argument("--group", help="tenants of this group")
    sort_flags(p, TENANT_SORTS + TENANT_SEARCH_SORTS)  # key: Camunda 8 only


TENANTS = Kind[Tenant](
    name="tenants",
    singular="tenant",
    aliases=("tenant", "ten"),
    title="Tenants",
    capability=Capability.IDENTITY_TENANTS,
    columns=(
        Column("id", "ID", lambda t: t.id, 24, 8, Priority.ALWAYS),
        Column("name", "NAME", lambda t: cell(t.name), 40, 10, Priority.ALWAYS, grow=True),
    ),
    fetch=fetch_tenants,
    new_query=TenantFilter,
    get=lambda engine, i: engine.tenants.get(i),
    describe=describe_tenant,
    actions=TENANT_ACTIONS,
    create=TENANT_CREATE,
    sorts=TENANT_SORTS,
    more_sorts=((Capability.IDENTITY_SEARCH_SORT, TENANT_SEARCH_SORTS),),
    sorted_query=sorted_by_field,
    cli_flags=tenant_flags,
    cli_query=lambda a: TenantFilter(id=a.id, user_member=a.user, group_member=a.group, **sort_of(a)),
    cli_help="tenants",
    children=(
        Child(
            "Users",
            "users",
            lambda tenant_id: UserFilter(member_of_tenant=tenant_id),
            unless=Capability.IDENTITY_MEMBERSHIPS,
        ),
        Child(
            "Groups",
            "groups",
            lambda tenant_id: GroupFilter(member_of_tenant=tenant_id),
            unless=Capability.IDENTITY_MEMBERSHIPS,
        ),
        *member_lists("tenants"),
    ),
    fields=("id", "name"),
)


async def fetch_authorizations(
    engine: Engine, query: AuthorizationFilter, after: str | None, limit: int
) -> Page[Authorization]:
    return await engine.authorizations.list(query, limit=limit, after=after)


def who(a: Authorization) -> str:
    return f"user {a.user_id}" if a.user_id else f"group {a.group_id}"


def authorization_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--type", choices=[t.value for t in AuthorizationType])
    p.add_argument("--user")
    p.add_argument("--group")
    p.add_argument("--resource-type", help="e.g. PROCESS_DEFINITION, DEPLOYMENT")
    p.add_argument("--resource-id")


def authorization_query(a: argparse.Namespace) -> AuthorizationFilter:
    return AuthorizationFilter(
        type=AuthorizationType(a.type) if a.type else None,
        user_ids=tuple([a.user] if a.user else ()),
        group_ids=tuple([a.group] if a.group else ()),
        resource_type=a.resource_type,
        resource_id=a.resource_id,
    )


AUTHORIZATIONS = Kind[Authorization](
    name="authorizations",
    singular="authorization",
    aliases=("auth", "authz"),
    title="Authorizations",
    capability=Capability.IDENTITY_AUTHORIZATIONS,
    columns=(
        Column("type", "TYPE", lambda a: a.type.value, 7, 6, Priority.HIGH),
        Column("who", "USER/GROUP", who, 20, 10, Priority.ALWAYS),
        Column("resource", "RESOURCE", lambda a: a.resource_type, 26, 10, Priority.ALWAYS),
        Column("resource_id", "RESOURCE ID", lambda a: a.resource_id, 20, 8, Priority.HIGH),
        Column("permissions", "PERMISSIONS", lambda a: ", ".join(a.permissions), 40, 12, Priority.NORMAL, grow=True),
    ),
    fetch=fetch_authorizations,
    new_query=AuthorizationFilter,
    get=lambda engine, i: engine.authorizations.get(i),
    label_of=lambda a: f"{who(a)} on {a.resource_type} {a.resource_id}",
    actions=AUTH_ACTIONS,
    create=AUTH_CREATE,
    cli_flags=authorization_flags,
    cli_query=authorization_query,
    cli_help="authorizations (resource types and permissions by name)",
    screen="camtui.ui.screens.auth_matrix:AuthorizationsScreen",
    fields=("id", "type", "user_id", "group_id", "resource_type", "resource_id", "permissions"),
)
