"""Tenants and their user and group members."""

from __future__ import annotations

from camtui.api.capabilities import Capability
from camtui.api.models import Tenant, TenantFilter
from camtui.api.paging import DEFAULT_LIMIT, Page
from tests.fakes.core import Area, engine_call
from tests.fakes.identity import group_of, tenant_of, user_of
from tests.fakes.paging import like


class FakeTenants(Area):
    area = "tenants"

    @engine_call(Capability.IDENTITY_TENANTS)
    async def list(
        self, f: TenantFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Tenant]:
        f = f or TenantFilter()
        data = self._data
        found = [
            t
            for t in data.tenants.values()
            if (f.id is None or t.id == f.id)
            and like(f.name_like, t.name)
            and (f.user_member is None or (t.id, f.user_member) in data.tenant_users)
            and (f.group_member is None or (t.id, f.group_member) in data.tenant_groups)
        ]
        return self._core.page(found, limit=limit, after=after)

    @engine_call(Capability.IDENTITY_TENANTS)
    async def get(self, tenant_id: str) -> Tenant:
        return tenant_of(self._core, tenant_id)

    @engine_call(Capability.IDENTITY_TENANTS, mutates=True)
    async def create(self, tenant: Tenant) -> None:
        if tenant.id in self._data.tenants:
            raise self._core.refusal(f"The tenant with id '{tenant.id}' already exists.")
        self._data.tenants[tenant.id] = tenant

    @engine_call(Capability.IDENTITY_TENANTS, mutates=True)
    async def update(self, tenant: Tenant) -> None:
        tenant_of(self._core, tenant.id)
        self._data.tenants[tenant.id] = tenant

    @engine_call(Capability.IDENTITY_TENANTS, mutates=True)
    async def delete(self, tenant_id: str) -> None:
        tenant_of(self._core, tenant_id)
        del self._data.tenants[tenant_id]
        self._data.tenant_users = {(t, u) for t, u in self._data.tenant_users if t != tenant_id}
        self._data.tenant_groups = {(t, g) for t, g in self._data.tenant_groups if t != tenant_id}

    @engine_call(Capability.IDENTITY_TENANTS, mutates=True)
    async def add_user(self, tenant_id: str, user_id: str) -> None:
        tenant_of(self._core, tenant_id)
        user_of(self._core, user_id)
        self._data.tenant_users.add((tenant_id, user_id))

    @engine_call(Capability.IDENTITY_TENANTS, mutates=True)
    async def remove_user(self, tenant_id: str, user_id: str) -> None:
        tenant_of(self._core, tenant_id)
        self._data.tenant_users.discard((tenant_id, user_id))

    @engine_call(Capability.IDENTITY_TENANTS, mutates=True)
    async def add_group(self, tenant_id: str, group_id: str) -> None:
        tenant_of(self._core, tenant_id)
        group_of(self._core, group_id)
        self._data.tenant_groups.add((tenant_id, group_id))

    @engine_call(Capability.IDENTITY_TENANTS, mutates=True)
    async def remove_group(self, tenant_id: str, group_id: str) -> None:
        tenant_of(self._core, tenant_id)
        self._data.tenant_groups.discard((tenant_id, group_id))
