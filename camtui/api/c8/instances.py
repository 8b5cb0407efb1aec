"""Process instances on Camunda 8: search with every filter, detail, variables, cancel, modify, migrate,
element instances, incidents, call hierarchy and sequence flows, batch operations by filter."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from camtui.api import errors
from camtui.api import operations as op
from camtui.api.c8 import compat
from camtui.api.c8.definitions import statistic_from
from camtui.api.c8.incidents import incident_from
from camtui.api.c8.wire import (
    Fresh,
    as_list,
    as_object,
    c8_area,
    format_date,
    listed,
    parse_date,
    path_key,
    search,
    search_all,
    sort_body,
    until_indexed,
    variable_filter,
    variable_from,
    variables_out,
)
from camtui.api.capabilities import Capability
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import (
    ActivityInstance,
    Batch,
    BatchFilter,
    BatchProgress,
    BatchStatus,
    EndState,
    Incident,
    InstanceFilter,
    InstanceHistory,
    Job,
    MigrationPlan,
    Modification,
    ModificationKind,
    ProcessInstance,
    Variable,
    VariableValue,
)
from camtui.api.models.cluster import BatchOperation, ElementStatistic
from camtui.api.models.instances import ElementStates
from camtui.api.paging import DEFAULT_LIMIT, Page

SORT_NAMES = {
    "id": "processInstanceKey",
    "bpmn_process_id": "processDefinitionId",
    "definition_id": "processDefinitionKey",
    "tenant_id": "tenantId",
    "business_key": "businessId",
    # issue 13 (audit): every other field the search sorts by
    "definition_name": "processDefinitionName",
    "definition_version": "processDefinitionVersion",
    "version_tag": "processDefinitionVersionTag",
    "parent_instance": "parentProcessInstanceKey",
    "parent_element": "parentElementInstanceKey",
    "start_time": "startDate",
    "end_time": "endDate",
    "suspended_time": "suspendedDate",
    "state": "state",
    "with_incident": "hasIncident",
}
ENDED = frozenset({"COMPLETED", "TERMINATED", "CANCELED"})


def _instance(key: str) -> str:
    return "/process-instances/" + path_key(key, "process instance key")


def instance_from(dto: Mapping[str, Any]) -> ProcessInstance:
    state = str(dto.get("state") or "")
    return ProcessInstance(
        id=str(dto["processInstanceKey"]),
        definition_id=str(dto["processDefinitionKey"]) if dto.get("processDefinitionKey") else None,
        bpmn_process_id=compat.field(dto, "processDefinitionId"),
        business_key=dto.get("businessId"),
        suspended=state == "SUSPENDED",
        ended=state in ENDED,
        tenant_id=dto.get("tenantId"),
        start_time=parse_date(dto.get("startDate")),
        end_time=parse_date(dto.get("endDate")),
        state=state or None,
        super_instance_id=str(dto["parentProcessInstanceKey"]) if dto.get("parentProcessInstanceKey") else None,
    )


# issue 10: ended instances as Camunda 8's states say them
END_STATES: dict[EndState, Any] = {
    EndState.FINISHED: {"$in": ["COMPLETED", "TERMINATED"]},
    EndState.COMPLETED: "COMPLETED",
    EndState.CANCELLED: "TERMINATED",
}


def _range(after: datetime | None, before: datetime | None) -> dict[str, str] | None:
    bounds = {"$gte": format_date(after) if after else None, "$lte": format_date(before) if before else None}
    return {k: v for k, v in bounds.items() if v is not None} or None


def history_fields(f: InstanceFilter, body: dict[str, Any]) -> None:
    """issue 10: ended instances, time ranges, version and parent, which the search has on every
    instance (running or not); what it has no word for is refused, not dropped."""
    if f.sub_instance_id:
        raise errors.BadRequest("Camunda 8 can not find the instance that called another one; nothing was sent.")
    if f.end_state is not None and (f.active or f.suspended):
        raise errors.BadRequest(f"An instance that is {f.end_state.value} is neither active nor suspended.")
    if f.end_state is not None:
        body["state"] = END_STATES[f.end_state]
    elif f.needs_history and not (f.active or f.suspended):
        # a time range alone: running and ended instances alike, as Camunda 7's history answers
        body.pop("state", None)
    if started := _range(f.started_after, f.started_before):
        body["startDate"] = started
    if ended := _range(f.ended_after, f.ended_before):
        body["endDate"] = ended
    if f.definition_version is not None:
        body["processDefinitionVersion"] = f.definition_version
    if f.super_instance_id:
        body["parentProcessInstanceKey"] = f.super_instance_id


def filter_body(f: InstanceFilter) -> dict[str, Any]:
    """Every InstanceFilter field Camunda 8 can express; the others are refused before sending."""
    if f.business_key_like or f.deployment_id or f.without_tenant or f.incident_type:
        raise errors.BadRequest(
            "Camunda 8 can not filter process instances by business key pattern, deployment, incident "
            "type or 'without tenant'; nothing was sent."
        )
    body: dict[str, Any] = {}
    if len(f.ids) == 1:
        body["processInstanceKey"] = f.ids[0]
    elif f.ids:
        body["processInstanceKey"] = {"$in": list(f.ids)}
    if f.definition_id:
        body["processDefinitionKey"] = f.definition_id
    if f.bpmn_process_id:
        body["processDefinitionId"] = f.bpmn_process_id
    if f.business_key:
        body["businessId"] = f.business_key
    # running instances, as Camunda 7's runtime list and Operate's default show them (the search
    # would also find completed and cancelled ones); `active` (not suspended) is the same before 8.10
    body["state"] = "SUSPENDED" if f.suspended else "ACTIVE"
    if f.with_incident:
        body["hasIncident"] = True
    if len(f.activity_ids) == 1:
        body["elementId"] = f.activity_ids[0]
    elif f.activity_ids:
        body["elementId"] = {"$in": list(f.activity_ids)}
    if len(f.tenant_ids) == 1:
        body["tenantId"] = f.tenant_ids[0]
    elif f.tenant_ids:
        body["tenantId"] = {"$in": list(f.tenant_ids)}
    if f.variables:
        body["variables"] = variable_filter(f.variables)
    history_fields(f, body)
    return body


def batch_extra(o: op.BatchByFilter) -> dict[str, Any]:
    """What a batch migration (migrationPlan) or modification (moveInstructions) adds to the filter."""
    if o.kind == "migration":
        pairs = [{"sourceElementId": s, "targetElementId": t} for s, t in o.mappings]
        return {"migrationPlan": {"targetProcessDefinitionKey": o.target_definition_id, "mappingInstructions": pairs}}
    if o.kind == "modification":
        return {"moveInstructions": [{"sourceElementId": s, "targetElementId": t} for s, t in o.moves]}
    return {}


@c8_area
class C8Instances:
    def __init__(self, http: HttpSession, fresh: Fresh, version: compat.VersionSource) -> None:
        self._http = http
        self._fresh = fresh
        self._version = version

    async def list(
        self, f: InstanceFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[ProcessInstance]:
        f = f or InstanceFilter()
        sort = sort_body(SORT_NAMES[f.sort_by], f.sort_order) if f.sort_by else None

        async def read() -> Page[ProcessInstance]:
            return await search(
                self._http,
                "/process-instances/search",
                filter_body(f),
                instance_from,
                limit=limit,
                after=after,
                sort=sort,
            )

        # an instance this client just started shows once the cluster has indexed it (issue 13)
        return await listed(
            read, self._fresh, "instances", lambda i: i.id, indexed=self._searchable, what="the new process instance"
        )

    async def _searchable(self, keys: frozenset[str]) -> frozenset[str]:
        """Which of these instances a search finds (one request for all)."""
        criteria = {"processInstanceKey": {"$in": sorted(keys)}}
        page = await search(self._http, "/process-instances/search", criteria, instance_from, limit=len(keys))
        return frozenset(i.id for i in page.items)

    async def get(self, instance_id: str) -> ProcessInstance:
        async def read() -> ProcessInstance:
            return instance_from(as_object(await self._http.get(_instance(instance_id))))

        if instance_id in self._fresh:
            return await until_indexed(read, what=f"process instance {instance_id}")
        return await read()

    async def variables(self, instance_id: str, *, deserialize: bool = False) -> tuple[Variable, ...]:
        rows = await search_all(self._http, "/variables/search", {"processInstanceKey": instance_id}, variable_from)
        return tuple(sorted(rows, key=lambda v: (v.name, v.scope_id != instance_id)))

    async def variable(self, instance_id: str, name: str) -> Variable:
        body = {
            "filter": {"processInstanceKey": instance_id, "scopeKey": instance_id, "name": name},
            "page": {"limit": 1},
        }
        answer = as_object(
            await self._http.json(
                "POST", "/variables/search", params={"truncateValues": False}, json_body=body, mutating=False
            )
        )
        items = as_list(answer["items"])
        if not items:
            raise errors.NotFound(f"Process instance {instance_id} has no variable {name!r}.")
        return variable_from(as_object(items[0]))

    async def file_variable_content(self, instance_id: str, name: str) -> bytes:
        raise errors.UnsupportedByEngine("Camunda 8 has no file variables (documents are not variables).")

    def set_variables_spec(self, instance_id: str, values: Mapping[str, VariableValue]) -> RequestSpec:
        # the process instance is the element instance of its own scope
        path = "/element-instances/" + path_key(instance_id, "process instance key") + "/variables"
        return RequestSpec("PUT", path, json_body={"variables": variables_out(values), "local": True})

    async def set_variables(self, instance_id: str, values: Mapping[str, VariableValue]) -> None:
        await self._http.send(self.set_variables_spec(instance_id, values))

    async def delete_variable(self, instance_id: str, name: str) -> None:
        raise errors.UnsupportedByEngine(
            "Camunda 8 can not delete a variable; set it to null instead.",
            capability=Capability.INSTANCE_VARIABLE_DELETE,
        )

    def delete_spec(self, instance_id: str) -> RequestSpec:
        return RequestSpec("POST", f"{_instance(instance_id)}/cancellation")

    async def delete(
        self,
        instance_id: str,
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None:
        """Cancel the instance: Camunda 8's nearest to Camunda 7's delete (its history stays)."""
        await self._http.send(self.delete_spec(instance_id))

    def modify_spec(self, instance_id: str, instructions: tuple[Modification, ...]) -> RequestSpec:
        activate: list[dict[str, Any]] = []
        terminate: list[dict[str, Any]] = []
        for ins in instructions:
            if ins.kind is ModificationKind.START_BEFORE and ins.activity_id:
                activate.append({"elementId": ins.activity_id})
            elif ins.kind is ModificationKind.CANCEL and ins.activity_instance_id:
                terminate.append({"elementInstanceKey": ins.activity_instance_id})
            else:
                raise errors.BadRequest(
                    "Camunda 8 modifies by activating an element (start before it) or terminating an element "
                    f"instance by key; {ins.kind.value} {ins.activity_id or ''} can not be sent."
                )
        body: dict[str, Any] = {}
        if activate:
            body["activateInstructions"] = activate
        if terminate:
            body["terminateInstructions"] = terminate
        return RequestSpec("POST", f"{_instance(instance_id)}/modification", json_body=body)

    async def modify(
        self,
        instance_id: str,
        instructions: tuple[Modification, ...],
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
        annotation: str | None = None,
    ) -> None:
        await self._http.send(self.modify_spec(instance_id, instructions))

    # -- Camunda 8 only --

    def migrate_spec(self, instance_id: str, target_definition_id: str, mappings: Mapping[str, str]) -> RequestSpec:
        body = {
            "targetProcessDefinitionKey": target_definition_id,
            "mappingInstructions": [{"sourceElementId": s, "targetElementId": t} for s, t in mappings.items()],
        }
        return RequestSpec("POST", f"{_instance(instance_id)}/migration", json_body=body)

    async def migrate_to(self, instance_id: str, target_definition_id: str, mappings: Mapping[str, str]) -> None:
        """Camunda 8's migration of one instance: element ids of the source mapped to the target's."""
        await self._http.send(self.migrate_spec(instance_id, target_definition_id, mappings))

    async def element_instances(
        self, instance_id: str, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[dict[str, Any]]:
        return await search(
            self._http,
            "/element-instances/search",
            {"processInstanceKey": instance_id},
            dict,
            limit=limit,
            after=after,
            sort=[{"field": "startDate", "order": "ASC"}],
        )

    async def call_hierarchy(self, instance_id: str) -> tuple[dict[str, Any], ...]:
        return tuple(
            dict(as_object(e)) for e in as_list(await self._http.get(f"{_instance(instance_id)}/call-hierarchy"))
        )

    async def sequence_flows(self, instance_id: str) -> tuple[dict[str, Any], ...]:
        answer = as_object(await self._http.get(f"{_instance(instance_id)}/sequence-flows"))
        return tuple(dict(as_object(e)) for e in as_list(answer["items"]))

    async def incidents(
        self, instance_id: str, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Incident]:
        """The instance's incidents (those of its called instances too)."""
        return await search(
            self._http, f"{_instance(instance_id)}/incidents/search", None, incident_from, limit=limit, after=after
        )

    async def element_statistics(self, instance_id: str) -> tuple[ElementStatistic, ...]:
        answer = as_object(await self._http.get(f"{_instance(instance_id)}/statistics/element-instances"))
        return tuple(statistic_from(as_object(row)) for row in as_list(answer["items"]))

    async def element_states(self, instance_id: str) -> ElementStates:
        """Where the instance is: elements active now, with an incident, and passed (completed)."""
        stats = await self.element_statistics(instance_id)
        return ElementStates(
            active={s.element_id: s.active for s in stats if s.active},
            incidents={s.element_id: s.incidents for s in stats if s.incidents},
            passed=tuple(s.element_id for s in stats if s.completed),
        )

    async def resolve_incidents(self, instance_id: str) -> BatchOperation:
        """Resolve every incident of the instance, as a batch (Camunda 8.9+)."""
        template = "/process-instances/{processInstanceKey}/incident-resolution"
        compat.require(await self._version(), "POST", template, "Resolving all incidents of an instance")
        dto = as_object(await self._http.json("POST", f"{_instance(instance_id)}/incident-resolution"))
        return BatchOperation(
            id=str(dto["batchOperationKey"]), type=str(dto.get("batchOperationType") or ""), state="CREATED"
        )

    def batch_spec(self, kind: str, f: InstanceFilter, extra: Mapping[str, Any] | None = None) -> RequestSpec:
        """A batch operation over every instance the filter matches: cancellation, deletion (8.9),
        incident-resolution, migration (extra: migrationPlan), modification (extra: moveInstructions)."""
        body = {"filter": filter_body(f), **(extra or {})}
        return RequestSpec("POST", f"/process-instances/{kind}", json_body=body)

    async def batch_operation(
        self, kind: str, f: InstanceFilter, extra: Mapping[str, Any] | None = None
    ) -> BatchOperation:
        compat.require(
            await self._version(), "POST", f"/process-instances/{kind}", f"A batch {kind} of process instances"
        )
        dto = as_object(await self._http.send_json(self.batch_spec(kind, f, extra)))
        key = str(dto["batchOperationKey"])
        self._fresh.add(key, "batches")
        return BatchOperation(id=key, type=str(dto.get("batchOperationType") or kind), state="CREATED")

    async def start_batch(self, o: op.BatchByFilter) -> BatchOperation:
        """The batch operation `o` describes (its kind, filter, and migration plan or moves), as previewed."""
        return await self.batch_operation(o.kind, o.filter, batch_extra(o) or None)

    # -- Camunda 7 only (capability-gated) --

    async def activity_tree(self, instance_id: str) -> ActivityInstance:
        raise errors.UnsupportedByEngine(
            "Camunda 8 has no activity tree; see the instance's element instances.",
            capability=Capability.INSTANCE_ACTIVITY_TREE,
        )

    async def set_suspended(self, instance_id: str, suspended: bool) -> None:
        raise errors.UnsupportedByEngine(
            "Camunda 8 (before 8.10) does not suspend process instances.", capability=Capability.INSTANCE_SUSPEND
        )

    async def delete_many(
        self,
        instance_ids: tuple[str, ...],
        *,
        reason: str | None = None,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> Batch:
        raise errors.UnsupportedByEngine(
            "Camunda 8 runs batches over a filter (a batch cancellation), not over a list of ids.",
            capability=Capability.INSTANCE_DELETE_BATCH,
        )

    async def batch_progress(self, batch_id: str) -> BatchProgress:
        raise errors.UnsupportedByEngine(
            "Camunda 8's batch operations have their own view.", capability=Capability.INSTANCE_DELETE_BATCH
        )

    # -- Camunda 7's migration plans, restarts and engine batches by id (capability-gated; none here) --

    async def migration_plan(self, source_definition_id: str, target_definition_id: str) -> MigrationPlan:
        raise _c7_only(Capability.INSTANCE_MIGRATE)

    async def validate_migration(self, plan: MigrationPlan) -> tuple[str, ...]:
        raise _c7_only(Capability.INSTANCE_MIGRATE)

    async def migrate(
        self,
        plan: MigrationPlan,
        instance_ids: tuple[str, ...],
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None:
        raise _c7_only(Capability.INSTANCE_MIGRATE)

    async def migrate_many(
        self,
        plan: MigrationPlan,
        instance_ids: tuple[str, ...],
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> Batch:
        raise _c7_only(Capability.INSTANCE_MIGRATE)

    async def historic_instance(self, instance_id: str) -> ProcessInstance:
        raise _c7_only(Capability.INSTANCE_RESTART)

    async def started_since(
        self,
        business_key: str,
        since: datetime,
        *,
        bpmn_process_id: str | None = None,
        definition_id: str | None = None,
    ) -> tuple[ProcessInstance, ...]:
        raise _c7_only(Capability.INSTANCE_RESTART)

    async def restart(
        self,
        definition_id: str,
        instance_ids: tuple[str, ...],
        instructions: tuple[Modification, ...],
        *,
        initial_variables: bool = False,
        without_business_key: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None:
        raise _c7_only(Capability.INSTANCE_RESTART)

    async def restart_many(
        self,
        definition_id: str,
        instance_ids: tuple[str, ...],
        instructions: tuple[Modification, ...],
        *,
        initial_variables: bool = False,
        without_business_key: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> Batch:
        raise _c7_only(Capability.INSTANCE_RESTART)

    async def historic_variables(self, instance_id: str) -> tuple[Variable, ...]:
        # an ended instance's variables are found by the same search as a running one's
        raise _c7_only(Capability.INSTANCE_RESTART)

    async def batches(
        self, f: BatchFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[BatchStatus]:
        # issue 13 (audit): say where Camunda 8's are (`camtui get batches` lands here on Camunda 8)
        raise errors.UnsupportedByEngine(
            "Camunda 7's batches; Camunda 8's are its batch operations: camtui get batch-operations "
            "(--state, --type, --sort), :batches in the console.",
            capability=Capability.BATCH_LIST,
        )

    async def batch(self, batch_id: str) -> BatchStatus:
        raise _c7_only(Capability.BATCH_LIST)

    async def set_batch_suspended(self, batch_id: str, suspended: bool) -> None:
        raise _c7_only(Capability.BATCH_LIST)

    async def delete_batch(self, batch_id: str, *, cascade: bool = False) -> None:
        raise _c7_only(Capability.BATCH_LIST)

    async def batch_failed_jobs(self, batch_id: str) -> tuple[Job, ...]:
        raise _c7_only(Capability.BATCH_LIST)

    # -- issue 10: Camunda 7's batch suspend / set-variables by ids and its history record --

    async def set_suspended_many(self, instance_ids: tuple[str, ...], suspended: bool) -> Batch:
        raise _c7_only(Capability.INSTANCE_DELETE_BATCH)

    async def set_variables_many(self, instance_ids: tuple[str, ...], values: Mapping[str, VariableValue]) -> Batch:
        raise _c7_only(Capability.INSTANCE_DELETE_BATCH)

    async def history(self, instance_id: str) -> InstanceHistory:
        raise _c7_only(Capability.INSTANCE_HISTORY)

    # -- issue 10: Camunda 7's history deletes by id --

    async def delete_history(self, instance_id: str) -> None:
        raise _c7_only(Capability.INSTANCE_HISTORY_DELETE)

    async def delete_history_many(self, instance_ids: tuple[str, ...]) -> Batch:
        raise _c7_only(Capability.INSTANCE_HISTORY_DELETE)


def _c7_only(capability: Capability) -> errors.UnsupportedByEngine:
    return errors.UnsupportedByEngine(
        "That is Camunda 7's; Camunda 8 migrates and runs batch operations by filter instead "
        "(see its batch operations).",
        capability=capability,
    )
