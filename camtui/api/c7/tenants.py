"""Tenants and their user and group members on Camunda 7."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from camtui.api.c7.wire import offset_page
from camtui.api.http import HttpSession
from camtui.api.models import Tenant, TenantFilter
from camtui.api.paging import DEFAULT_LIMIT, Page


def _q(value: str) -> str:
    return quote(value, safe="")


def tenant_from(dto: Mapping[str, Any]) -> Tenant:
    return Tenant(id=dto["id"], name=dto.get("name"))


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
        return tenant_from(await self._http.get(f"/tenant/{_q(tenant_id)}"))

    async def create(self, tenant: Tenant) -> None:
        await self._http.request("POST", "/tenant/create", json_body={"id": tenant.id, "name": tenant.name})

    async def update(self, tenant: Tenant) -> None:
        await self._http.request("PUT", f"/tenant/{_q(tenant.id)}", json_body={"id": tenant.id, "name": tenant.name})

    async def delete(self, tenant_id: str) -> None:
        await self._http.request("DELETE", f"/tenant/{_q(tenant_id)}")

    async def add_user(self, tenant_id: str, user_id: str) -> None:
        await self._http.request("PUT", f"/tenant/{_q(tenant_id)}/user-members/{_q(user_id)}")

    async def remove_user(self, tenant_id: str, user_id: str) -> None:
        await self._http.request("DELETE", f"/tenant/{_q(tenant_id)}/user-members/{_q(user_id)}")

    async def add_group(self, tenant_id: str, group_id: str) -> None:
        await self._http.request("PUT", f"/tenant/{_q(tenant_id)}/group-members/{_q(group_id)}")

    async def remove_group(self, tenant_id: str, group_id: str) -> None:
        await self._http.request("DELETE", f"/tenant/{_q(tenant_id)}/group-members/{_q(group_id)}")
