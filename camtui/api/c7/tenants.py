"""Tenants and their user and group members on Camunda 7."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api.c7.wire import c7_area, offset_page, path_id, sort_params
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import Tenant, TenantFilter
from camtui.api.paging import DEFAULT_LIMIT, Page


def _tenant(tenant_id: str) -> str:
    return "/tenant/" + path_id(tenant_id, "tenant id")


def tenant_from(dto: Mapping[str, Any]) -> Tenant:
    return Tenant(id=dto["id"], name=dto.get("name"))


# issue 13 (audit): every field this list sorts by on Camunda 7
SORT_NAMES = {"id": "id", "name": "name"}


@c7_area
class C7Tenants:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def list(
        self, f: TenantFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Tenant]:
        f = f or TenantFilter()
        params = {
            "id": f.id,
            "nameLike": f.name_like,
            "userMember": f.user_member,
            "groupMember": f.group_member,
            # issue 13 (audit): the engine's sort when asked for one, else by id
            **(sort_params(f.sort_by, f.sort_order, SORT_NAMES) or {"sortBy": "id", "sortOrder": "asc"}),
        }
        return await offset_page(self._http, "/tenant", params, tenant_from, limit=limit, after=after)

    async def get(self, tenant_id: str) -> Tenant:
        return tenant_from(await self._http.get(_tenant(tenant_id)))

    def create_spec(self, tenant: Tenant) -> RequestSpec:
        return RequestSpec("POST", "/tenant/create", json_body={"id": tenant.id, "name": tenant.name})

    async def create(self, tenant: Tenant) -> None:
        await self._http.send(self.create_spec(tenant))

    def update_spec(self, tenant: Tenant) -> RequestSpec:
        return RequestSpec("PUT", _tenant(tenant.id), json_body={"id": tenant.id, "name": tenant.name})

    async def update(self, tenant: Tenant) -> None:
        await self._http.send(self.update_spec(tenant))

    def delete_spec(self, tenant_id: str) -> RequestSpec:
        return RequestSpec("DELETE", _tenant(tenant_id))

    async def delete(self, tenant_id: str) -> None:
        await self._http.send(self.delete_spec(tenant_id))

    def member_spec(
        self, tenant_id: str, *, user_id: str | None = None, group_id: str | None = None, add: bool
    ) -> RequestSpec:
        if user_id is not None:
            path = f"{_tenant(tenant_id)}/user-members/{path_id(user_id, 'user id')}"
        else:
            path = f"{_tenant(tenant_id)}/group-members/{path_id(group_id or '', 'group id')}"
        return RequestSpec("PUT" if add else "DELETE", path)

    async def add_user(self, tenant_id: str, user_id: str) -> None:
        await self._http.send(self.member_spec(tenant_id, user_id=user_id, add=True))

    async def remove_user(self, tenant_id: str, user_id: str) -> None:
        await self._http.send(self.member_spec(tenant_id, user_id=user_id, add=False))

    async def add_group(self, tenant_id: str, group_id: str) -> None:
        await self._http.send(self.member_spec(tenant_id, group_id=group_id, add=True))

    async def remove_group(self, tenant_id: str, group_id: str) -> None:
        await self._http.send(self.member_spec(tenant_id, group_id=group_id, add=False))
