"""The audit log of Camunda 8.9 and newer: who did what to which entity, and whether it worked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api.c8 import compat
from camtui.api.c8.wire import c8_area, parse_date, search
from camtui.api.http import HttpSession
from camtui.api.models.cluster import AuditEntry
from camtui.api.paging import DEFAULT_LIMIT, Page


def entry_from(dto: Mapping[str, Any]) -> AuditEntry:
    key = dto.get("entityKey")
    return AuditEntry(
        id=str(dto["auditLogKey"]),
        timestamp=parse_date(dto.get("timestamp")),
        actor=dto.get("actorId"),
        operation=str(dto.get("operationType") or ""),
        entity_type=str(dto.get("entityType") or ""),
        entity_key=None if key is None else str(key),
        result=dto.get("result"),
        tenant_id=dto.get("tenantId"),
    )


@c8_area
class C8Audit:
    def __init__(self, http: HttpSession, version: compat.VersionSource) -> None:
        self._http = http
        self._version = version

    async def list(
        self,
        *,
        actor: str | None = None,
        entity_type: str | None = None,
        operation: str | None = None,
        limit: int = DEFAULT_LIMIT,
        after: str | None = None,
    ) -> Page[AuditEntry]:
        compat.require(await self._version(), "POST", "/audit-logs/search", "The audit log")
        criteria = {"actorId": actor, "entityType": entity_type, "operationType": operation}
        sort = [{"field": "timestamp", "order": "DESC"}]
        return await search(
            self._http,
            "/audit-logs/search",
            {k: v for k, v in criteria.items() if v},
            entry_from,
            limit=limit,
            after=after,
            sort=sort,
        )
