"""Cluster variables on Camunda 8.9 and newer: global or per tenant, read by every process."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from camtui.api import errors
from camtui.api.c8 import compat
from camtui.api.c8.wire import Fresh, as_object, c8_area, listed, path_key, search
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models.cluster import ClusterVariable
from camtui.api.paging import DEFAULT_LIMIT, Page


def variable_from(dto: Mapping[str, Any]) -> ClusterVariable:
    return ClusterVariable(
        name=str(dto.get("name") or ""),
        value=str(dto["value"]),
        scope=str(dto.get("scope") or "GLOBAL"),
        tenant_id=dto.get("tenantId"),
    )


def _key_of(v: ClusterVariable) -> str:
    """As the cluster variables kind names one: `NAME`, or `TENANT/NAME` for a tenant's."""
    return f"{v.tenant_id}/{v.name}" if v.tenant_id else v.name


def _where(name: str, tenant_id: str | None) -> str:
    scope = f"/tenants/{path_key(tenant_id, 'tenant id')}" if tenant_id else "/global"
    return f"/cluster-variables{scope}/{path_key(name, 'cluster variable name')}"


@c8_area
class C8ClusterVariables:
    def __init__(self, http: HttpSession, version: compat.VersionSource, fresh: Fresh | None = None) -> None:
        self._http = http
        self._version = version
        # variables this client just set: the list waits until the cluster has indexed them
        self._fresh = fresh

    async def _require(self) -> None:
        compat.require(await self._version(), "POST", "/cluster-variables/search", "Cluster variables")

    async def list(self, *, limit: int = DEFAULT_LIMIT, after: str | None = None) -> Page[ClusterVariable]:
        await self._require()

        async def read() -> Page[ClusterVariable]:
            return await search(
                self._http,
                "/cluster-variables/search",
                None,
                variable_from,
                limit=limit,
                after=after,
                params={"truncateValues": False},
            )

        return await listed(read, self._fresh, "clustervars", _key_of, indexed=self._searchable, what="the variable")

    async def _searchable(self, keys: frozenset[str]) -> frozenset[str]:
        """Which of these (`NAME` or `TENANT/NAME`) a search finds (one request for all)."""
        names = sorted({key.rpartition("/")[2] for key in keys})
        page = await search(
            self._http, "/cluster-variables/search", {"name": {"$in": names}}, variable_from, limit=max(100, len(keys))
        )
        return frozenset(_key_of(v) for v in page.items) & keys

    async def get(self, name: str, *, tenant_id: str | None = None) -> ClusterVariable:
        await self._require()
        return variable_from(as_object(await self._http.get(_where(name, tenant_id))))

    def set_spec(
        self, name: str, value: Mapping[str, Any], *, tenant_id: str | None = None, exists: bool = False
    ) -> RequestSpec:
        """issue 13 (audit): create (POST to its scope) or change (PUT) a variable, as `set` sends it."""
        if exists:
            return RequestSpec("PUT", _where(name, tenant_id), json_body={"value": dict(value)})
        scope = f"/tenants/{path_key(tenant_id, 'tenant id')}" if tenant_id else "/global"
        return RequestSpec("POST", f"/cluster-variables{scope}", json_body={"name": name, "value": dict(value)})

    def delete_spec(self, name: str, *, tenant_id: str | None = None) -> RequestSpec:
        return RequestSpec("DELETE", _where(name, tenant_id))

    async def set(self, name: str, value: Mapping[str, Any], *, tenant_id: str | None = None) -> None:
        """Create the variable, or change its value when it exists. The value is a JSON object."""
        if not isinstance(value, Mapping):
            raise errors.BadRequest(
                f"A cluster variable holds a JSON object, not {json.dumps(value)}. Nothing was sent."
            )
        await self._require()
        try:
            await self._http.get(_where(name, tenant_id))
        except errors.NotFound:
            await self._http.send(self.set_spec(name, value, tenant_id=tenant_id))
            if self._fresh is not None:
                self._fresh.add(f"{tenant_id}/{name}" if tenant_id else name, "clustervars")
            return
        await self._http.send(self.set_spec(name, value, tenant_id=tenant_id, exists=True))

    async def delete(self, name: str, *, tenant_id: str | None = None) -> None:
        await self._require()
        await self._http.send(self.delete_spec(name, tenant_id=tenant_id))
