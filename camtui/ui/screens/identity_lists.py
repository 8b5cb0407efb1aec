"""`:users`, `:groups`, `:tenants`, `:auth` — identity lists, on the shared paged list."""

from __future__ import annotations

from typing import Any

from camtui.api.models import Authorization, Group, Tenant, User
from camtui.api.paging import Page
from camtui.kinds.format import cell
from camtui.ui.engine_access import camtui_app
from camtui.ui.screens.list_view import Column, ListView


class UsersScreen(ListView[User]):
    VIEW = "users"
    DESCRIBE = "user"
    TITLE = "users"
    COLUMNS = (
        Column("id", "ID", 20),
        Column("first", "FIRST NAME", 20),
        Column("last", "LAST NAME", 20),
        Column("email", "EMAIL", 30),
    )

    async def fetch(self, after: str | None, limit: int) -> Page[User]:
        return await camtui_app(self).engine.identity.users(limit=limit, after=after)

    def cells(self, item: User) -> tuple[Any, ...]:
        return (item.id, cell(item.first_name), cell(item.last_name), cell(item.email))


class GroupsScreen(ListView[Group]):
    VIEW = "groups"
    DESCRIBE = "group"
    TITLE = "groups"
    COLUMNS = (Column("id", "ID", 24), Column("name", "NAME", 30), Column("type", "TYPE", 14))

    async def fetch(self, after: str | None, limit: int) -> Page[Group]:
        return await camtui_app(self).engine.identity.groups(limit=limit, after=after)

    def cells(self, item: Group) -> tuple[Any, ...]:
        return (item.id, cell(item.name), cell(item.type))


class TenantsScreen(ListView[Tenant]):
    VIEW = "tenants"
    DESCRIBE = "tenant"
    TITLE = "tenants"
    COLUMNS = (Column("id", "ID", 24), Column("name", "NAME", 40))

    async def fetch(self, after: str | None, limit: int) -> Page[Tenant]:
        return await camtui_app(self).engine.identity.tenants(limit=limit, after=after)

    def cells(self, item: Tenant) -> tuple[Any, ...]:
        return (item.id, cell(item.name))


class AuthorizationsScreen(ListView[Authorization]):
    VIEW = "authorizations"
    TITLE = "authorizations"
    COLUMNS = (
        Column("type", "TYPE", 7),
        Column("who", "USER/GROUP", 20),
        Column("resource", "RESOURCE", 26),
        Column("resource_id", "RESOURCE ID", 20),
        Column("permissions", "PERMISSIONS", 40),
    )

    async def fetch(self, after: str | None, limit: int) -> Page[Authorization]:
        return await camtui_app(self).engine.identity.authorizations(limit=limit, after=after)

    def cells(self, item: Authorization) -> tuple[Any, ...]:
        who = f"user {item.user_id}" if item.user_id else f"group {item.group_id}"
        return (item.type.value, who, item.resource_type, item.resource_id, ", ".join(item.permissions))
