"""Tenants and their user and group members on Camunda 7."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api.c7.wire import c7_area, offset_page, path_id
from camtui.api.http import HttpSession
from camtui.api.models import Tenant, TenantFilter
from camtui.api.paging import DEFAULT_LIMIT, Page


def _tenant(tenant_id: str) -> str:
    return "/tenant/" + path_id(tenant_id, "tenant id")


def tenant_from(dto: Mapping[str, Any]) -> Tenant:
    return Tenant(id=dto["id"], name=dto.get("name"))


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
            "sortBy": "id",
            "sortOrder": "asc",
        }
        return await offset_page(self._http, "/tenant", params, tenant_from, limit=limit, after=after)

    async def get(self, tenant_id: str) -> Tenant:
        return tenant_from(await self._http.get(_tenant(tenant_id)))

    async def create(self, tenant: Tenant) -> None:
        await self._http.request("POST", "/tenant/create", json_body={"id": tenant.id, "name": tenant.name})

    async def update(self, tenant: Tenant) -> None:
        await self._http.request("PUT", _tenant(tenant.id), json_body={"id": tenant.id, "name": tenant.name})

    async def delete(self, tenant_id: str) -> None:
        await self._http.request("DELETE", _tenant(tenant_id))

    async def add_user(self, tenant_id: str, user_id: str) -> None:
        await self._http.request("PUT", f"{_tenant(tenant_id)}/user-members/{path_id(user_id, 'user id')}")

    async def remove_user(self, tenant_id: str, user_id: str) -> None:
        await self._http.request("DELETE", f"{_tenant(tenant_id)}/user-members/{path_id(user_id, 'user id')}")

    async def add_group(self, tenant_id: str, group_id: str) -> None:
        await self._http.request("PUT", f"{_tenant(tenant_id)}/group-members/{path_id(group_id, 'group id')}")

    async def remove_group(self, tenant_id: str, group_id: str) -> None:
        await self._http.request("DELETE", f"{_tenant(tenant_id)}/group-members/{path_id(group_id, 'group id')}")
