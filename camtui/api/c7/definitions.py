"""Process definitions on Camunda 7: list with statistics, XML, start, suspend/activate."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from camtui.api import errors
from camtui.api.c7.instances import instance_from
from camtui.api.c7.wire import (
    as_list,
    as_object,
    c7_area,
    csv,
    format_date,
    offset_page,
    path_id,
    sort_params,
    true_or_none,
    variables_out,
)
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import DefinitionFilter, ElementStatistics, ProcessDefinition, ProcessInstance, VariableValue
from camtui.api.paging import DEFAULT_LIMIT, Page

SORT_NAMES = {
    "bpmn_process_id": "key",
    "id": "id",
    "name": "name",
    "version": "version",
    "deployment_id": "deploymentId",
    "deploy_time": "deployTime",
    "tenant_id": "tenantId",
    "version_tag": "versionTag",
}


def _definition(definition_id: str) -> str:
    return "/process-definition/" + path_id(definition_id, "process definition id")


def _by_key(bpmn_process_id: str) -> str:
    return "/process-definition/key/" + path_id(bpmn_process_id, "BPMN process id")


def definition_from(dto: Mapping[str, Any]) -> ProcessDefinition:
    return ProcessDefinition(
        id=dto["id"],
        bpmn_process_id=dto["key"],
        name=dto.get("name"),
        version=int(dto.get("version") or 0),
        version_tag=dto.get("versionTag"),
        deployment_id=dto.get("deploymentId"),
        resource=dto.get("resource"),
        tenant_id=dto.get("tenantId"),
        suspended=bool(dto.get("suspended")),
        history_time_to_live=dto.get("historyTimeToLive"),
    )


def add_statistics(d: ProcessDefinition, stats: Mapping[str, Any] | None) -> ProcessDefinition:
    """Add running instances, failed jobs and incidents; a definition without a row has none."""
    stats = stats or {}
    return d.model_copy(
        update={
            "running_instances": int(stats.get("instances") or 0),
            "failed_jobs": int(stats.get("failedJobs") or 0),
            "incidents": sum(int(i.get("incidentCount") or 0) for i in stats.get("incidents") or []),
        }
    )


def filter_params(f: DefinitionFilter) -> dict[str, Any]:
    return {
        "key": f.bpmn_process_id,
        "keysIn": csv(f.bpmn_process_ids),
        "nameLike": f.name_like,
        "deploymentId": f.deployment_id,
        "latestVersion": true_or_none(f.latest_only),
        "tenantIdIn": csv(f.tenant_ids),
        "withoutTenantId": true_or_none(f.without_tenant),
        "includeProcessDefinitionsWithoutTenantId": true_or_none(f.include_without_tenant),
        "suspended": True if f.suspended is True else None,
        "active": True if f.suspended is False else None,
        "versionTag": f.version_tag,
        **sort_params(f.sort_by, f.sort_order, SORT_NAMES),
    }


@c7_area
class C7Definitions:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def list(
        self,
        f: DefinitionFilter | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        after: str | None = None,
        with_statistics: bool = False,
    ) -> Page[ProcessDefinition]:
        page = await offset_page(
            self._http,
            "/process-definition",
            filter_params(f or DefinitionFilter()),
            definition_from,
            limit=limit,
            after=after,
        )
        if not with_statistics or not page.items:
            return page
        # one call for every definition's running instances, failed jobs and incidents
        try:
            stats_rows = await self._http.get("/process-definition/statistics", failedJobs=True, incidents=True)
        except errors.Forbidden:
            # a user may read definitions without being allowed their statistics: show them without
            return page
        stats = {row["id"]: row for row in as_list(stats_rows)}
        items = tuple(add_statistics(d, stats.get(d.id)) for d in page.items)
        return page.model_copy(update={"items": items})

    async def get(self, definition_id: str) -> ProcessDefinition:
        return definition_from(await self._http.get(_definition(definition_id)))

    async def get_latest(self, bpmn_process_id: str, *, tenant_id: str | None = None) -> ProcessDefinition:
        path = _by_key(bpmn_process_id)
        if tenant_id is not None:
            path += f"/tenant-id/{path_id(tenant_id, 'tenant id')}"
        return definition_from(await self._http.get(path))

    async def xml(self, definition_id: str) -> str:
        body = await self._http.get(f"{_definition(definition_id)}/xml")
        return str(as_object(body)["bpmn20Xml"] or "")

    async def start(
        self,
        *,
        definition_id: str | None = None,
        bpmn_process_id: str | None = None,
        tenant_id: str | None = None,
        business_key: str | None = None,
        variables: Mapping[str, VariableValue] | None = None,
    ) -> ProcessInstance:
        """Start by definition id, or by BPMN process id (the latest version; per tenant when given)."""
        spec = self.start_spec(
            definition_id=definition_id,
            bpmn_process_id=bpmn_process_id,
            tenant_id=tenant_id,
            business_key=business_key,
            variables=variables,
        )
        return instance_from(await self._http.send_json(spec))

    def start_spec(
        self,
        *,
        definition_id: str | None = None,
        bpmn_process_id: str | None = None,
        tenant_id: str | None = None,
        business_key: str | None = None,
        variables: Mapping[str, VariableValue] | None = None,
    ) -> RequestSpec:
        if definition_id is not None:
            path = f"{_definition(definition_id)}/start"
        elif bpmn_process_id is not None:
            # Camunda 7 calls the BPMN process id the definition key
            path = _by_key(bpmn_process_id)
            if tenant_id is not None:
                path += f"/tenant-id/{path_id(tenant_id, 'tenant id')}"
            path += "/start"
        else:
            raise ValueError("start needs a definition id or a BPMN process id")
        payload: dict[str, Any] = {"variables": variables_out(variables or {})}
        if business_key:
            payload["businessKey"] = business_key
        return RequestSpec("POST", path, json_body=payload)

    async def element_statistics(self, definition_id: str) -> tuple[ElementStatistics, ...]:
        """Per activity: the instances waiting there, and incidents of every type added up."""
        rows = await self._http.get(f"{_definition(definition_id)}/statistics", incidents=True)
        return tuple(
            ElementStatistics(
                element_id=str(row["id"]),
                running=int(row["instances"]),
                incidents=sum(int(i["incidentCount"]) for i in row.get("incidents") or []),
            )
            for row in map(as_object, as_list(rows))
        )

    async def set_suspended(self, definition_id: str, suspended: bool, *, include_instances: bool = False) -> None:
        await self._http.send(self.set_suspended_spec(definition_id, suspended, include_instances=include_instances))

    def set_suspended_spec(
        self, definition_id: str, suspended: bool, *, include_instances: bool = False
    ) -> RequestSpec:
        return RequestSpec(
            "PUT",
            f"{_definition(definition_id)}/suspended",
            json_body={"suspended": suspended, "includeProcessInstances": include_instances},
        )

    async def set_suspended_by_key(
        self,
        bpmn_process_id: str,
        suspended: bool,
        *,
        include_instances: bool = False,
        execution_date: datetime | None = None,
    ) -> None:
        payload: dict[str, Any] = {
            "processDefinitionKey": bpmn_process_id,
            "suspended": suspended,
            "includeProcessInstances": include_instances,
        }
        if execution_date is not None:
            payload["executionDate"] = format_date(execution_date)
        await self._http.request("PUT", "/process-definition/suspended", json_body=payload)

    async def delete(
        self,
        definition_id: str,
        *,
        cascade: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None:
        """One version; the engine refuses while instances run unless `cascade` (which deletes them)."""
        await self._http.send(
            self.delete_spec(
                definition_id,
                cascade=cascade,
                skip_custom_listeners=skip_custom_listeners,
                skip_io_mappings=skip_io_mappings,
            )
        )

    def delete_spec(
        self,
        definition_id: str,
        *,
        cascade: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> RequestSpec:
        params = {"cascade": cascade, "skipCustomListeners": skip_custom_listeners, "skipIoMappings": skip_io_mappings}
        return RequestSpec("DELETE", _definition(definition_id), params=params)
