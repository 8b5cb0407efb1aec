"""Cluster topology, license, status, and who we are (`/authentication/me`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from camtui.api import errors
from camtui.api.c8 import compat
from camtui.api.c8.wire import as_list, as_object, c8_area, format_date, parse_date
from camtui.api.http import HttpSession
from camtui.api.models import CurrentUser, EngineInfo, EngineKind
from camtui.api.models.cluster import Broker, License, Partition, Topology, UsageMetrics


def topology_from(dto: Mapping[str, Any]) -> Topology:
    return Topology(
        cluster_size=dto["clusterSize"],
        partitions_count=dto["partitionsCount"],
        replication_factor=dto["replicationFactor"],
        gateway_version=dto["gatewayVersion"],
        cluster_id=dto.get("clusterId"),
        brokers=tuple(
            Broker(
                node_id=b["nodeId"],
                host=b["host"],
                port=b["port"],
                version=b.get("version") or "",
                partitions=tuple(
                    Partition(partition_id=p["partitionId"], role=p["role"], health=p["health"])
                    for p in as_list(b.get("partitions") or [])
                ),
            )
            for b in as_list(dto["brokers"])
        ),
    )


@c8_area
class C8Info:
    def __init__(self, http: HttpSession) -> None:
        self._http = http
        # the gateway's version, once read: what version gating compares with
        self.version: str | None = None

    async def topology(self) -> Topology:
        topology = topology_from(as_object(await self._http.get("/topology")))
        self.version = topology.gateway_version
        return topology

    async def engine(self) -> EngineInfo:
        topology = await self.topology()
        return EngineInfo(kind=EngineKind.C8, product="Camunda 8", version=topology.gateway_version)

    async def health(self) -> bool:
        """`GET /status`: 204 when the cluster has a healthy partition, 503 when not. Clusters
        before 8.8 lack it: there a healthy partition leader in the topology says the same."""
        if self.version is not None and not compat.supports(self.version, "GET", "/status"):
            return await self._leader_healthy()
        try:
            await self._http.request("GET", "/status")
        except errors.UnsupportedByEngine:
            return await self._leader_healthy()  # an older cluster, before its version was read
        except errors.EngineError:
            return False
        return True

    async def _leader_healthy(self) -> bool:
        try:
            topology = await self.topology()
        except errors.EngineError:
            return False
        return any(p.role == "leader" and p.health == "healthy" for b in topology.brokers for p in b.partitions)

    async def license(self) -> License:
        dto = as_object(await self._http.get("/license"))
        return License(
            valid=bool(dto["validLicense"]),
            license_type=str(dto["licenseType"]),
            commercial=bool(dto.get("isCommercial")),
            expires_at=parse_date(dto.get("expiresAt")),
        )

    async def current_user(self) -> CurrentUser:
        """Who the credentials are. An unprotected cluster (no authentication) knows no one."""
        try:
            dto = as_object(await self._http.get("/authentication/me"))
        except (errors.NotFound, errors.Unauthorized, errors.UnsupportedByEngine):  # 8.6 lacks it
            if self._http.connection.credentials.username:
                raise
            return CurrentUser(id=None)
        return CurrentUser(
            id=dto.get("username"),
            groups=tuple(str(g) for g in as_list(dto.get("groups") or [])),
            tenants=tuple(str(as_object(t)["tenantId"]) for t in as_list(dto.get("tenants") or [])),
        )

    async def usage_metrics(self, start: datetime, end: datetime, *, tenant_id: str | None = None) -> UsageMetrics:
        """Root process instances, decision instances and task assignees between `start` and `end`."""
        params = {"startTime": format_date(start), "endTime": format_date(end), "tenantId": tenant_id}
        dto = as_object(await self._http.get("/system/usage-metrics", **params))
        return UsageMetrics(
            process_instances=int(dto.get("processInstances") or 0),
            decision_instances=int(dto.get("decisionInstances") or 0),
            assignees=int(dto.get("assignees") or 0),
            active_tenants=int(dto.get("activeTenants") or 0),
        )
