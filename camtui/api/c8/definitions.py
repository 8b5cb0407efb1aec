"""Process definitions on Camunda 8: search, one by key, the latest of a BPMN process id, XML, start."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from camtui.api import errors
from camtui.api.c8.wire import (
    Fresh,
    as_list,
    as_object,
    c8_area,
    listed,
    path_key,
    search,
    sort_body,
    variables_out,
)
from camtui.api.capabilities import Capability
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import DefinitionFilter, ProcessDefinition, ProcessInstance, VariableValue
from camtui.api.models.cluster import ElementStatistic
from camtui.api.models.definitions import ElementStatistics
from camtui.api.paging import DEFAULT_LIMIT, Page

SORT_NAMES = {
    "bpmn_process_id": "processDefinitionId",
    "id": "processDefinitionKey",
    "name": "name",
    "version": "version",
    "tenant_id": "tenantId",
    # issue 13 (audit): every other field the search sorts by
    "version_tag": "versionTag",
    "resource_name": "resourceName",
}


def _definition(key: str) -> str:
    return "/process-definitions/" + path_key(key, "process definition key")


def definition_from(dto: Mapping[str, Any]) -> ProcessDefinition:
    return ProcessDefinition(
        id=str(dto["processDefinitionKey"]),
        bpmn_process_id=dto["processDefinitionId"],
        name=dto.get("name"),
        version=dto["version"],
        version_tag=dto.get("versionTag"),
        resource=dto.get("resourceName"),
        tenant_id=dto.get("tenantId"),
    )


def statistic_from(dto: Mapping[str, Any]) -> ElementStatistic:
    return ElementStatistic(
        element_id=str(dto["elementId"]),
        active=int(dto["active"]),
        canceled=int(dto["canceled"]),
        incidents=int(dto["incidents"]),
        completed=int(dto["completed"]),
    )


def filter_body(f: DefinitionFilter) -> dict[str, Any]:
    if f.deployment_id is not None or f.without_tenant or f.suspended is not None:
        raise errors.BadRequest(
            "Camunda 8 can not filter process definitions by deployment, by 'without tenant' or by "
            "suspension; nothing was sent."
        )
    body: dict[str, Any] = {}
    ids = tuple(dict.fromkeys((*((f.bpmn_process_id,) if f.bpmn_process_id else ()), *f.bpmn_process_ids)))
    if len(ids) == 1:
        body["processDefinitionId"] = ids[0]
    elif ids:
        body["processDefinitionId"] = {"$in": list(ids)}
    if f.name_like:
        body["name"] = {"$like": f.name_like.replace("%", "*")}
    if f.latest_only:
        body["isLatestVersion"] = True
    if len(f.tenant_ids) == 1:
        body["tenantId"] = f.tenant_ids[0]
    elif f.tenant_ids:
        raise errors.BadRequest("Camunda 8 filters process definitions by one tenant at a time; nothing was sent.")
    return body


@c8_area
class C8Definitions:
    def __init__(self, http: HttpSession, fresh: Fresh) -> None:
        self._http = http
        self._fresh = fresh

    async def list(
        self,
        f: DefinitionFilter | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        after: str | None = None,
        with_statistics: bool = False,
    ) -> Page[ProcessDefinition]:
        f = f or DefinitionFilter()
        if f.sort_by is not None and f.sort_by not in SORT_NAMES:
            # issue 13 (audit): it used to be left out unsorted without a word
            raise errors.BadRequest(
                f"Camunda 8 does not sort process definitions by {f.sort_by.value}; nothing was sent."
            )
        sort = sort_body(SORT_NAMES[f.sort_by], f.sort_order) if f.sort_by else None

        async def read() -> Page[ProcessDefinition]:
            return await search(
                self._http,
                "/process-definitions/search",
                filter_body(f),
                definition_from,
                limit=limit,
                after=after,
                sort=sort,
            )

        # a definition this client just deployed shows once the cluster has indexed it (issue 13)
        page = await listed(
            read, self._fresh, "definitions", lambda d: d.id, indexed=self._searchable, what="the new definition"
        )
        if not with_statistics or not page.items:
            return page
        counted = await asyncio.gather(*(self._with_statistics(d) for d in page.items))
        return page.model_copy(update={"items": tuple(counted)})

    async def _searchable(self, keys: frozenset[str]) -> frozenset[str]:
        """Which of these definitions a search finds."""
        # the definition key filter takes one key (no `$in`): one request per key, all at once
        pages = await asyncio.gather(
            *(
                search(self._http, "/process-definitions/search", {"processDefinitionKey": k}, definition_from, limit=1)
                for k in sorted(keys)
            )
        )
        return frozenset(d.id for page in pages for d in page.items)

    async def _with_statistics(self, d: ProcessDefinition) -> ProcessDefinition:
        """Running instances and instances with an incident: two counts (exact up to the cluster's cap)."""

        async def count(extra: Mapping[str, Any]) -> int:
            body = {"filter": {"processDefinitionKey": d.id, "state": "ACTIVE", **extra}, "page": {"limit": 1}}
            answer = as_object(
                await self._http.json("POST", "/process-instances/search", json_body=body, mutating=False)
            )
            total = as_object(answer["page"])["totalItems"]
            if not isinstance(total, int):
                raise TypeError("totalItems is not a number")
            return total

        running, incidents = await asyncio.gather(count({}), count({"hasIncident": True}))
        return d.model_copy(update={"running_instances": running, "incidents": incidents})

    async def get(self, definition_id: str) -> ProcessDefinition:
        return definition_from(as_object(await self._http.get(_definition(definition_id))))

    async def get_latest(self, bpmn_process_id: str, *, tenant_id: str | None = None) -> ProcessDefinition:
        f = DefinitionFilter(
            bpmn_process_id=bpmn_process_id, latest_only=True, tenant_ids=(tenant_id,) if tenant_id else ()
        )
        page = await self.list(f, limit=2)
        if not page.items:
            raise errors.NotFound(f"No process definition with the BPMN process id {bpmn_process_id!r}.")
        return max(page.items, key=lambda d: d.version)

    async def xml(self, definition_id: str) -> str:
        response = await self._http.request("GET", f"{_definition(definition_id)}/xml", accept="text/xml")
        return response.text

    def start_spec(
        self,
        *,
        definition_id: str | None = None,
        bpmn_process_id: str | None = None,
        tenant_id: str | None = None,
        business_key: str | None = None,
        variables: Mapping[str, VariableValue] | None = None,
    ) -> RequestSpec:
        body: dict[str, Any]
        if definition_id:
            body = {"processDefinitionKey": definition_id}
        elif bpmn_process_id:
            body = {"processDefinitionId": bpmn_process_id}
        else:
            raise errors.BadRequest("Starting an instance needs a definition key or a BPMN process id.")
        if business_key:
            raise errors.BadRequest("Camunda 8 has no business key; pass it as a variable instead. Nothing was sent.")
        if tenant_id:
            body["tenantId"] = tenant_id
        body["variables"] = variables_out(variables or {})
        return RequestSpec("POST", "/process-instances", json_body=body)

    async def start(
        self,
        *,
        definition_id: str | None = None,
        bpmn_process_id: str | None = None,
        tenant_id: str | None = None,
        business_key: str | None = None,
        variables: Mapping[str, VariableValue] | None = None,
    ) -> ProcessInstance:
        spec = self.start_spec(
            definition_id=definition_id,
            bpmn_process_id=bpmn_process_id,
            tenant_id=tenant_id,
            business_key=business_key,
            variables=variables,
        )
        dto = as_object(await self._http.send_json(spec))
        key = str(dto["processInstanceKey"])
        self._fresh.add(key, "instances")
        return ProcessInstance(
            id=key,
            definition_id=str(dto["processDefinitionKey"]),
            bpmn_process_id=dto.get("processDefinitionId"),
            tenant_id=dto.get("tenantId"),
        )

    # -- Camunda 8 only --

    async def element_statistics(self, definition_id: str) -> tuple[ElementStatistics, ...]:
        """Per BPMN element: the instances waiting there (active) and those with an incident."""
        return tuple(
            ElementStatistics(element_id=s.element_id, running=s.active, incidents=s.incidents)
            for s in await self.element_states_by_count(definition_id)
        )

    async def element_states_by_count(self, definition_id: str) -> tuple[ElementStatistic, ...]:
        """Per BPMN element: instances active, canceled, completed, and with an incident."""
        answer = await self._http.json(
            "POST", f"{_definition(definition_id)}/statistics/element-instances", json_body={}, mutating=False
        )
        return tuple(statistic_from(as_object(row)) for row in as_list(as_object(answer)["items"]))

    # -- Camunda 7 only (capability-gated) --

    async def delete(
        self,
        definition_id: str,
        *,
        cascade: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None:
        raise errors.UnsupportedByEngine(
            "Camunda 8 deletes resources, not single definition versions.", capability=Capability.DEFINITION_DELETE
        )

    async def set_suspended(self, definition_id: str, suspended: bool, *, include_instances: bool = False) -> None:
        raise errors.UnsupportedByEngine(
            "Camunda 8 does not suspend process definitions.", capability=Capability.DEFINITION_SUSPEND
        )

    async def set_suspended_by_key(
        self,
        bpmn_process_id: str,
        suspended: bool,
        *,
        include_instances: bool = False,
        execution_date: datetime | None = None,
    ) -> None:
        raise errors.UnsupportedByEngine(
            "Camunda 8 does not suspend process definitions.", capability=Capability.DEFINITION_SUSPEND
        )
