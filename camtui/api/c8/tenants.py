"""Tenants on Camunda 8, and every membership (users, groups, roles, clients, mapping rules)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api.c8.identity import Collection, like, sorted_by
from camtui.api.c8.wire import Fresh, c8_area
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import Tenant, TenantFilter
from camtui.api.paging import DEFAULT_LIMIT, Page


def tenant_from(dto: Mapping[str, Any]) -> Tenant:
    return Tenant(id=dto["tenantId"], name=dto.get("name"))


# issue 13 (audit): every field the tenant search sorts by
SORT_NAMES = {"id": "tenantId", "name": "name", "key": "key"}


@c8_area
class C8Tenants:
    def __init__(self, http: HttpSession, fresh: Fresh | None = None) -> None:
        self._http = http
        self._tenants = Collection(http, "tenants", "tenant id", fresh)

    async def list(
        self, f: TenantFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Tenant]:
        f = f or TenantFilter()
        if f.user_member:
            return await self._tenants.having_member("users", f.user_member, tenant_from)
        if f.group_member:
            return await self._tenants.having_member("groups", f.group_member, tenant_from)
        body = {"tenantId": f.id, "name": like(f.name_like)}
        sort = sorted_by("tenants", SORT_NAMES, f.sort_by, f.sort_order)
        return await self._tenants.search(body, tenant_from, limit=limit, after=after, sort=sort)

    async def get(self, tenant_id: str) -> Tenant:
        return await self._tenants.get(tenant_id, tenant_from)

    def create_spec(self, tenant: Tenant) -> RequestSpec:
        return self._tenants.create_spec({"tenantId": tenant.id, "name": tenant.name or tenant.id})

    async def create(self, tenant: Tenant) -> None:
        await self._tenants.send(self.create_spec(tenant))

    def update_spec(self, tenant: Tenant) -> RequestSpec:
        return self._tenants.update_spec(tenant.id, {"name": tenant.name or tenant.id})

    async def update(self, tenant: Tenant) -> None:
        await self._tenants.send(self.update_spec(tenant))

    def delete_spec(self, tenant_id: str) -> RequestSpec:
        return self._tenants.delete_spec(tenant_id)

    async def delete(self, tenant_id: str) -> None:
        await self._tenants.send(self.delete_spec(tenant_id))

    async def add_user(self, tenant_id: str, user_id: str) -> None:
        await self.set_membership(tenant_id, "users", user_id, add=True)

    async def remove_user(self, tenant_id: str, user_id: str) -> None:
        await self.set_membership(tenant_id, "users", user_id, add=False)

    async def add_group(self, tenant_id: str, group_id: str) -> None:
        await self.set_membership(tenant_id, "groups", group_id, add=True)

    async def remove_group(self, tenant_id: str, group_id: str) -> None:
        await self.set_membership(tenant_id, "groups", group_id, add=False)

    # -- Camunda 8 only --

    async def members(self, tenant_id: str, kind: str = "users") -> tuple[str, ...]:
        """The ids of the tenant's `users`, `groups`, `roles`, `clients` or `mapping-rules`."""
        return await self._tenants.member_ids(tenant_id, kind)

    def membership_spec(self, tenant_id: str, kind: str, member_id: str, *, add: bool) -> RequestSpec:
        return self._tenants.member_spec(tenant_id, kind, member_id, add=add)

    async def set_membership(self, tenant_id: str, kind: str, member_id: str, *, add: bool) -> None:
        await self._tenants.send(self.membership_spec(tenant_id, kind, member_id, add=add))
