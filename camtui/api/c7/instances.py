"""Process instances on Camunda 7: query, variables, activity tree, suspend, delete, batches, modify."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from camtui.api import errors
from camtui.api.c7.wire import (
    as_list,
    as_object,
    c7_area,
    format_date,
    offset_page,
    parse_date,
    path_id,
    post_query_page,
    sort_params,
    variable_in,
    variables_in,
    variables_out,
)
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import (
    ActivityInstance,
    Batch,
    BatchFilter,
    BatchProgress,
    BatchStatus,
    ElementStates,
    EndState,
    InstanceFilter,
    InstanceHistory,
    Job,
    MigrationInstruction,
    MigrationPlan,
    Modification,
    ModificationKind,
    ProcessInstance,
    Variable,
    VariableValue,
)
from camtui.api.paging import DEFAULT_LIMIT, Page

SORT_NAMES = {
    "id": "instanceId",
    "bpmn_process_id": "definitionKey",
    "definition_id": "definitionId",
    "tenant_id": "tenantId",
    "business_key": "businessKey",
}


def _instance(instance_id: str) -> str:
    return "/process-instance/" + path_id(instance_id, "process instance id")


def _history_batch(batch_id: str) -> str:
    return "/history/batch/" + path_id(batch_id, "batch id")


def instance_from(dto: Mapping[str, Any]) -> ProcessInstance:
    return ProcessInstance(
        id=dto["id"],
        definition_id=dto.get("definitionId"),
        bpmn_process_id=dto.get("definitionKey"),
        business_key=dto.get("businessKey"),
        suspended=bool(dto.get("suspended")),
        ended=bool(dto.get("ended")),
        tenant_id=dto.get("tenantId"),
    )


def activity_from(dto: Mapping[str, Any]) -> ActivityInstance:
    return ActivityInstance(
        id=dto["id"],
        activity_id=dto.get("activityId") or "",
        activity_name=dto.get("activityName"),
        activity_type=dto.get("activityType"),
        children=tuple(activity_from(c) for c in dto.get("childActivityInstances") or []),
        transitions=tuple(activity_from(t) for t in dto.get("childTransitionInstances") or []),
        incident_ids=tuple(dto.get("incidentIds") or []),
    )


def batch_from(dto: Mapping[str, Any]) -> Batch:
    return Batch(
        id=dto["id"],
        type=dto.get("type") or "",
        total_jobs=int(dto.get("totalJobs") or 0),
        jobs_created=int(dto.get("jobsCreated") or 0),
        suspended=bool(dto.get("suspended")),
        tenant_id=dto.get("tenantId"),
        create_user_id=dto.get("createUserId"),
        start_time=parse_date(dto.get("startTime")),
    )


def query_body(f: InstanceFilter) -> dict[str, Any]:
    """`ProcessInstanceQueryDto`: typed variable conditions go in the body, not `key_op_value`."""
    body: dict[str, Any] = {
        "processInstanceIds": list(f.ids) or None,
        "processDefinitionId": f.definition_id,
        "processDefinitionKey": f.bpmn_process_id,
        "businessKey": f.business_key,
        "businessKeyLike": f.business_key_like,
        "deploymentId": f.deployment_id,
        "active": f.active or None,
        "suspended": f.suspended or None,
        "withIncident": f.with_incident or None,
        "incidentType": f.incident_type,
        "activityIdIn": list(f.activity_ids) or None,
        "tenantIdIn": list(f.tenant_ids) or None,
        "withoutTenantId": f.without_tenant or None,
        "superProcessInstance": f.super_instance_id,
        "subProcessInstance": f.sub_instance_id,
        "variables": [
            {
                "name": c.name,
                "operator": c.operator.value,
                "value": format_date(c.value) if isinstance(c.value, datetime) else c.value,
            }
            for c in f.variables
        ]
        or None,
    }
    if f.sort_by is not None and not f.needs_history:
        if f.sort_by not in SORT_NAMES:
            raise errors.BadRequest(
                f"Camunda 7 sorts running instances by {', '.join(SORT_NAMES)}, not {f.sort_by.value}; "
                "ended ones (from history) by their times and version too. Nothing was sent."
            )
        body["sorting"] = [{"sortBy": SORT_NAMES[f.sort_by], "sortOrder": f.sort_order.value}]
    return {k: v for k, v in body.items() if v is not None}


# -- issue 10: migration (/migration/*) ------------------------------------------------------------
def plan_out(plan: MigrationPlan) -> dict[str, Any]:
    return {
        "sourceProcessDefinitionId": plan.source_definition_id,
        "targetProcessDefinitionId": plan.target_definition_id,
        "instructions": [
            {
                "sourceActivityIds": list(i.source_activity_ids),
                "targetActivityIds": list(i.target_activity_ids),
                "updateEventTrigger": i.update_event_trigger,
            }
            for i in plan.instructions
        ],
    }


def plan_in(dto: Mapping[str, Any]) -> MigrationPlan:
    return MigrationPlan(
        source_definition_id=dto["sourceProcessDefinitionId"],
        target_definition_id=dto["targetProcessDefinitionId"],
        instructions=tuple(
            MigrationInstruction(
                source_activity_ids=tuple(i.get("sourceActivityIds") or ()),
                target_activity_ids=tuple(i.get("targetActivityIds") or ()),
                update_event_trigger=bool(i.get("updateEventTrigger")),
            )
            for i in dto.get("instructions") or ()
        ),
    )


def migrate_spec(
    plan: MigrationPlan,
    instance_ids: tuple[str, ...],
    *,
    batch: bool,
    skip_custom_listeners: bool = False,
    skip_io_mappings: bool = False,
) -> RequestSpec:
    payload = {
        "migrationPlan": plan_out(plan),
        "processInstanceIds": list(instance_ids),
        "skipCustomListeners": skip_custom_listeners,
        "skipIoMappings": skip_io_mappings,
    }
    return RequestSpec("POST", "/migration/executeAsync" if batch else "/migration/execute", json_body=payload)


# -- issue 10: batches (/batch, /history/batch) -----------------------------------------------------


def running_batch_from(dto: Mapping[str, Any]) -> BatchStatus:
    """A row of GET /batch/statistics."""
    return BatchStatus(
        id=dto["id"],
        type=dto.get("type") or "",
        total_jobs=int(dto.get("totalJobs") or 0),
        completed_jobs=int(dto.get("completedJobs") or 0),
        remaining_jobs=int(dto.get("remainingJobs") or 0),
        failed_jobs=int(dto.get("failedJobs") or 0),
        suspended=bool(dto.get("suspended")),
        create_user_id=dto.get("createUserId"),
        tenant_id=dto.get("tenantId"),
        start_time=parse_date(dto.get("startTime")),
    )


def finished_batch_from(dto: Mapping[str, Any]) -> BatchStatus:
    """A row of GET /history/batch?completed=true."""
    total = int(dto.get("totalJobs") or 0)
    return BatchStatus(
        id=dto["id"],
        type=dto.get("type") or "",
        total_jobs=total,
        completed_jobs=total,
        create_user_id=dto.get("createUserId"),
        tenant_id=dto.get("tenantId"),
        start_time=parse_date(dto.get("startTime")),
        end_time=parse_date(dto.get("endTime")),
        finished=True,
    )


# issue 13 (audit): every field Camunda 7 sorts batches by: running ones (GET /batch/statistics),
# finished ones (GET /history/batch)
RUNNING_BATCH_SORTS = {"id": "batchId", "tenant_id": "tenantId"}
FINISHED_BATCH_SORTS = {"id": "batchId", "start_time": "startTime", "end_time": "endTime", "tenant_id": "tenantId"}


def _batch(batch_id: str) -> str:
    return "/batch/" + path_id(batch_id, "batch id")


# -- issue 10: restart (/process-definition/{id}/restart) ----------------------------------------------


def historic_instance_from(dto: Mapping[str, Any]) -> ProcessInstance:
    return ProcessInstance(
        id=dto["id"],
        definition_id=dto.get("processDefinitionId"),
        bpmn_process_id=dto.get("processDefinitionKey"),
        business_key=dto.get("businessKey"),
        suspended=dto.get("state") == "SUSPENDED",
        ended=dto.get("endTime") is not None,
        tenant_id=dto.get("tenantId"),
        start_time=parse_date(dto.get("startTime")),
        end_time=parse_date(dto.get("endTime")),
        state=dto.get("state"),
        start_activity_id=dto.get("startActivityId"),
        super_instance_id=dto.get("superProcessInstanceId"),
    )


# -- issue 10: the search over history (ended instances, start and end times) ---------------------

HISTORY_SORT_NAMES = SORT_NAMES | {
    "id": "instanceId",
    "definition_name": "definitionName",
    "definition_version": "definitionVersion",
    "start_time": "startTime",
    "end_time": "endTime",
}
# what each ended state asks of the history query (one state flag at a time: the engine refuses two)
END_STATE_FLAGS = {
    EndState.FINISHED: "finished",
    EndState.COMPLETED: "completed",
    EndState.CANCELLED: "externallyTerminated",
}


def history_query_body(f: InstanceFilter) -> dict[str, Any]:
    """`HistoricProcessInstanceQueryDto` for a filter that `needs_history`: the same words as the
    runtime query where history has them; what it cannot express is refused before sending."""
    if f.deployment_id:
        raise errors.BadRequest("The history of instances can not be filtered by deployment; nothing was sent.")
    if f.end_state is not None and (f.active or f.suspended):
        raise errors.BadRequest(f"An instance that is {f.end_state.value} is neither active nor suspended.")
    body: dict[str, Any] = {
        "processInstanceIds": list(f.ids) or None,
        "processDefinitionId": f.definition_id,
        "processDefinitionKey": f.bpmn_process_id,
        "processInstanceBusinessKey": f.business_key,
        "processInstanceBusinessKeyLike": f.business_key_like,
        "active": f.active or None,
        "suspended": f.suspended or None,
        "withIncidents": f.with_incident or None,
        "incidentType": f.incident_type,
        # an ended instance waits nowhere: for those, the activities it went through
        ("executedActivityIdIn" if f.end_state else "activityIdIn"): list(f.activity_ids) or None,
        "tenantIdIn": list(f.tenant_ids) or None,
        "withoutTenantId": f.without_tenant or None,
        "superProcessInstanceId": f.super_instance_id,
        "subProcessInstanceId": f.sub_instance_id,
        "startedAfter": format_date(f.started_after) if f.started_after else None,
        "startedBefore": format_date(f.started_before) if f.started_before else None,
        "finishedAfter": format_date(f.ended_after) if f.ended_after else None,
        "finishedBefore": format_date(f.ended_before) if f.ended_before else None,
        "variables": query_body(f).get("variables"),
    }
    if f.end_state is not None:
        body[END_STATE_FLAGS[f.end_state]] = True
    # newest first unless asked otherwise; the id keeps pages apart where start times tie
    if f.sort_by is not None and f.sort_by not in HISTORY_SORT_NAMES:
        raise errors.BadRequest(
            f"Camunda 7's history sorts instances by {', '.join(HISTORY_SORT_NAMES)}, not {f.sort_by.value}. "
            "Nothing was sent."
        )
    sorting = [{"sortBy": HISTORY_SORT_NAMES[f.sort_by], "sortOrder": f.sort_order.value}] if f.sort_by else []
    body["sorting"] = sorting or [
        {"sortBy": "startTime", "sortOrder": "desc"},
        {"sortBy": "instanceId", "sortOrder": "asc"},
    ]
    return {k: v for k, v in body.items() if v is not None}


def restart_spec(
    definition_id: str,
    instance_ids: tuple[str, ...],
    instructions: tuple[Modification, ...],
    *,
    batch: bool,
    initial_variables: bool = False,
    without_business_key: bool = False,
    skip_custom_listeners: bool = False,
    skip_io_mappings: bool = False,
) -> RequestSpec:
    wire = []
    for ins in instructions:
        if ins.kind is ModificationKind.CANCEL or not ins.activity_id:
            raise errors.BadRequest("A restart starts before or after activities: no cancel instructions.")
        wire.append({"type": ins.kind.value, "activityId": ins.activity_id})
    payload = {
        "processInstanceIds": list(instance_ids),
        "instructions": wire,
        "initialVariables": initial_variables,
        "withoutBusinessKey": without_business_key,
        "skipCustomListeners": skip_custom_listeners,
        "skipIoMappings": skip_io_mappings,
    }
    path = "/process-definition/" + path_id(definition_id, "process definition id")
    return RequestSpec("POST", path + ("/restart-async" if batch else "/restart"), json_body=payload)


@c7_area
class C7Instances:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def list(
        self, f: InstanceFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[ProcessInstance]:
        f = await self._version_resolved(f or InstanceFilter())
        if f is None:
            return Page(items=(), total=0)
        if f.needs_history:
            # ended instances and times: the runtime list has neither
            body = history_query_body(f)
            return await post_query_page(
                self._http, "/history/process-instance", body, historic_instance_from, limit=limit, after=after
            )
        return await post_query_page(
            self._http,
            "/process-instance",
            query_body(f),
            instance_from,
            limit=limit,
            after=after,
        )

    async def _version_resolved(self, f: InstanceFilter) -> InstanceFilter | None:
        """A definition version becomes its definition's id (neither query takes a version); None
        when the key has no such version."""
        if f.definition_version is None:
            return f
        if not f.bpmn_process_id:
            raise errors.BadRequest("A definition version needs its definition key.")
        rows = as_list(
            await self._http.get(
                "/process-definition",
                key=f.bpmn_process_id,
                version=f.definition_version,
                tenantIdIn=",".join(f.tenant_ids) or None,
            )
        )
        ids = {str(as_object(r)["id"]) for r in rows}
        if f.definition_id and f.definition_id not in ids:
            return None
        if len(ids) > 1:
            raise errors.BadRequest(
                f"{len(ids)} tenants have version {f.definition_version} of {f.bpmn_process_id}: name the tenant."
            )
        if not ids:
            return None
        return f.model_copy(update={"definition_id": next(iter(ids)), "definition_version": None})

    async def get(self, instance_id: str) -> ProcessInstance:
        return instance_from(await self._http.get(_instance(instance_id)))

    async def variables(self, instance_id: str, *, deserialize: bool = False) -> tuple[Variable, ...]:
        body = await self._http.get(f"{_instance(instance_id)}/variables", deserializeValues=deserialize)
        return variables_in(body)

    async def variable(self, instance_id: str, name: str) -> Variable:
        body = await self._http.get(
            f"{_instance(instance_id)}/variables/{path_id(name, 'variable name')}", deserializeValue=False
        )
        return variable_in(name, body)

    async def file_variable_content(self, instance_id: str, name: str) -> bytes:
        response = await self._http.request(
            "GET", f"{_instance(instance_id)}/variables/{path_id(name, 'variable name')}/data", accept="*/*"
        )
        return response.content

    async def set_variables(self, instance_id: str, values: Mapping[str, VariableValue]) -> None:
        await self._http.send(self.set_variables_spec(instance_id, values))

    def set_variables_spec(self, instance_id: str, values: Mapping[str, VariableValue]) -> RequestSpec:
        return RequestSpec(
            "POST", f"{_instance(instance_id)}/variables", json_body={"modifications": variables_out(values)}
        )

    async def delete_variable(self, instance_id: str, name: str) -> None:
        await self._http.send(self.delete_variable_spec(instance_id, name))

    def delete_variable_spec(self, instance_id: str, name: str) -> RequestSpec:
        return RequestSpec("DELETE", f"{_instance(instance_id)}/variables/{path_id(name, 'variable name')}")

    async def element_states(self, instance_id: str) -> ElementStates:
        """The activity tree (active), the instance's incidents, and the finished activity instances
        of its history (passed; None when history is off or not ours to read)."""
        try:
            tree = await self.activity_tree(instance_id)
            active: dict[str, int] = {}
            for node in tree.walk()[1:]:
                active[node.activity_id] = active.get(node.activity_id, 0) + 1
        except errors.NotFound:
            # an instance that has ended has no activity tree
            await self.get(instance_id)
            active = {}
        incidents: dict[str, int] = {}
        for row in as_list(await self._http.get("/incident", processInstanceId=instance_id)):
            if row["id"] and (activity := row.get("activityId")):
                incidents[activity] = incidents.get(activity, 0) + 1
        passed: tuple[str, ...] | None
        try:
            history = await self._http.get(
                "/history/activity-instance", processInstanceId=instance_id, finished=True, maxResults=5000
            )
            passed = tuple(dict.fromkeys(str(r["activityId"]) for r in as_list(history)))
        except (errors.Forbidden, errors.NotFound):
            passed = None
        return ElementStates(active=active, incidents=incidents, passed=passed)

    async def activity_tree(self, instance_id: str) -> ActivityInstance:
        return activity_from(await self._http.get(f"{_instance(instance_id)}/activity-instances"))

    async def set_suspended(self, instance_id: str, suspended: bool) -> None:
        await self._http.send(self.set_suspended_spec(instance_id, suspended))

    def set_suspended_spec(self, instance_id: str, suspended: bool) -> RequestSpec:
        return RequestSpec("PUT", f"{_instance(instance_id)}/suspended", json_body={"suspended": suspended})

    async def delete(
        self,
        instance_id: str,
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None:
        """Delete one instance at once (the engine takes a reason only for batch deletes)."""
        await self._http.send(
            self.delete_spec(
                instance_id, skip_custom_listeners=skip_custom_listeners, skip_io_mappings=skip_io_mappings
            )
        )

    def delete_spec(
        self, instance_id: str, *, skip_custom_listeners: bool = False, skip_io_mappings: bool = False
    ) -> RequestSpec:
        return RequestSpec(
            "DELETE",
            _instance(instance_id),
            params={"skipCustomListeners": skip_custom_listeners, "skipIoMappings": skip_io_mappings},
        )

    def delete_many_spec(
        self,
        instance_ids: tuple[str, ...],
        *,
        reason: str | None = None,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> RequestSpec:
        payload = {
            "processInstanceIds": list(instance_ids),
            "deleteReason": reason,
            "skipCustomListeners": skip_custom_listeners,
            "skipIoMappings": skip_io_mappings,
        }
        return RequestSpec("POST", "/process-instance/delete", json_body=payload)

    async def delete_many(
        self,
        instance_ids: tuple[str, ...],
        *,
        reason: str | None = None,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> Batch:
        """Delete many instances as one engine batch; follow it with `batch_progress`."""
        if not instance_ids:
            raise errors.BadRequest("No process instances to delete.")
        spec = self.delete_many_spec(
            instance_ids, reason=reason, skip_custom_listeners=skip_custom_listeners, skip_io_mappings=skip_io_mappings
        )
        return batch_from(await self._http.send_json(spec))

    async def batch_progress(self, batch_id: str) -> BatchProgress:
        """Progress of a batch; the engine drops a batch's runtime record when it finishes."""
        history_path = _history_batch(batch_id)  # refuses an id that is no path segment before sending
        try:
            rows = as_list(await self._http.get("/batch/statistics", batchId=batch_id))
        except errors.NotFound:
            rows = []
        if rows:
            row = as_object(rows[0])
            if row["id"] != batch_id:
                raise ValueError(f"statistics of batch {row['id']!r}, not of {batch_id!r}")
            total = int(row.get("totalJobs") or 0)
            remaining = int(row.get("remainingJobs") or 0)
            completed = int(row.get("completedJobs") or 0)
            return BatchProgress(
                id=batch_id,
                total_jobs=total,
                completed_jobs=completed,
                remaining_jobs=remaining,
                failed_jobs=int(row.get("failedJobs") or 0),
                finished=False,
            )
        history = as_object(await self._http.get(history_path))
        if history["id"] != batch_id:
            raise ValueError(f"history of batch {history['id']!r}, not of {batch_id!r}")
        total = int(history.get("totalJobs") or 0)
        return BatchProgress(
            id=batch_id,
            total_jobs=total,
            completed_jobs=total,
            remaining_jobs=0,
            failed_jobs=0,
            finished=history.get("endTime") is not None,
        )

    async def modify(
        self,
        instance_id: str,
        instructions: tuple[Modification, ...],
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
        annotation: str | None = None,
    ) -> None:
        spec = self.modify_spec(
            instance_id,
            instructions,
            skip_custom_listeners=skip_custom_listeners,
            skip_io_mappings=skip_io_mappings,
            annotation=annotation,
        )
        await self._http.send(spec)

    def modify_spec(
        self,
        instance_id: str,
        instructions: tuple[Modification, ...],
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
        annotation: str | None = None,
    ) -> RequestSpec:
        wire: list[dict[str, Any]] = []
        for ins in instructions:
            item: dict[str, Any] = {"type": ins.kind.value}
            if ins.kind is ModificationKind.CANCEL and ins.activity_instance_id:
                item["activityInstanceId"] = ins.activity_instance_id
            elif ins.activity_id:
                item["activityId"] = ins.activity_id
            else:
                raise errors.BadRequest(f"A {ins.kind.value} instruction needs an activity.")
            wire.append(item)
        payload: dict[str, Any] = {
            "instructions": wire,
            "skipCustomListeners": skip_custom_listeners,
            "skipIoMappings": skip_io_mappings,
        }
        if annotation:
            payload["annotation"] = annotation
        return RequestSpec("POST", f"{_instance(instance_id)}/modification", json_body=payload)

    # -- issue 10: migration --

    async def migration_plan(self, source_definition_id: str, target_definition_id: str) -> MigrationPlan:
        body = {
            "sourceProcessDefinitionId": source_definition_id,
            "targetProcessDefinitionId": target_definition_id,
            "updateEventTriggers": False,
        }
        spec = RequestSpec("POST", "/migration/generate", json_body=body)
        return plan_in(as_object(await self._http.send_json(spec)))

    async def validate_migration(self, plan: MigrationPlan) -> tuple[str, ...]:
        spec = RequestSpec("POST", "/migration/validate", json_body=plan_out(plan))
        report = as_object(await self._http.send_json(spec))
        problems: list[str] = []
        # a report always has its list of instruction reports (empty when valid)
        for row in as_list(report["instructionReports"]):
            ins = row.get("instruction") or {}
            where = f"{', '.join(ins.get('sourceActivityIds') or ())} → {', '.join(ins.get('targetActivityIds') or ())}"
            problems += [f"{where}: {failure}" for failure in row.get("failures") or ()]
        for name, row in (report.get("variableReports") or {}).items():
            problems += [f"variable {name}: {failure}" for failure in row.get("failures") or ()]
        return tuple(problems)

    async def migrate(
        self,
        plan: MigrationPlan,
        instance_ids: tuple[str, ...],
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None:
        spec = migrate_spec(
            plan,
            instance_ids,
            batch=False,
            skip_custom_listeners=skip_custom_listeners,
            skip_io_mappings=skip_io_mappings,
        )
        await self._http.send(spec)

    async def migrate_many(
        self,
        plan: MigrationPlan,
        instance_ids: tuple[str, ...],
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> Batch:
        if not instance_ids:
            raise errors.BadRequest("No process instances to migrate.")
        spec = migrate_spec(
            plan,
            instance_ids,
            batch=True,
            skip_custom_listeners=skip_custom_listeners,
            skip_io_mappings=skip_io_mappings,
        )
        return batch_from(await self._http.send_json(spec))

    # -- issue 10: batches --

    async def batches(
        self, f: BatchFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[BatchStatus]:
        f = f or BatchFilter()
        if f.finished:
            if f.suspended is not None:
                raise errors.BadRequest(
                    "A finished batch is neither suspended nor active: Camunda 7's batch history has no such "
                    "filter. Nothing was sent."
                )
            sort = sort_params(f.sort_by, f.sort_order, FINISHED_BATCH_SORTS) or {
                "sortBy": "startTime",
                "sortOrder": "desc",
            }
            params = {"completed": True, "type": f.type, **sort}
            path, parse = "/history/batch", finished_batch_from
            return await offset_page(self._http, path, params, parse, limit=limit, after=after)
        if f.sort_by in FINISHED_BATCH_SORTS and f.sort_by not in RUNNING_BATCH_SORTS:
            raise errors.BadRequest(
                f"Camunda 7 sorts running batches by {', '.join(RUNNING_BATCH_SORTS)}; {f.sort_by} sorts the "
                "finished ones (--finished). Nothing was sent."
            )
        sort = sort_params(f.sort_by, f.sort_order, RUNNING_BATCH_SORTS) or {"sortBy": "batchId", "sortOrder": "asc"}
        params = {"type": f.type, "suspended": f.suspended, **sort}
        return await offset_page(self._http, "/batch/statistics", params, running_batch_from, limit=limit, after=after)

    async def batch(self, batch_id: str) -> BatchStatus:
        """A running batch with its progress; once the engine has finished it, its history."""
        history_path = _history_batch(batch_id)  # refuses an id that is no path segment before sending
        rows = as_list(await self._http.get("/batch/statistics", batchId=batch_id))
        if rows:
            return running_batch_from(as_object(rows[0]))
        return finished_batch_from(as_object(await self._http.get(history_path)))

    async def set_batch_suspended(self, batch_id: str, suspended: bool) -> None:
        await self._http.send(self.set_batch_suspended_spec(batch_id, suspended))

    def set_batch_suspended_spec(self, batch_id: str, suspended: bool) -> RequestSpec:
        return RequestSpec("PUT", f"{_batch(batch_id)}/suspended", json_body={"suspended": suspended})

    async def delete_batch(self, batch_id: str, *, cascade: bool = False) -> None:
        await self._http.send(self.delete_batch_spec(batch_id, cascade=cascade))

    def delete_batch_spec(self, batch_id: str, *, cascade: bool = False) -> RequestSpec:
        return RequestSpec("DELETE", _batch(batch_id), params={"cascade": cascade})

    async def batch_failed_jobs(self, batch_id: str) -> tuple[Job, ...]:
        from camtui.api.c7.incidents import job_from

        batch = as_object(await self._http.get(_batch(batch_id)))
        if batch["id"] != batch_id:
            raise ValueError(f"batch {batch['id']!r}, not {batch_id!r}")
        definition = batch["batchJobDefinitionId"]
        if not definition:
            return ()
        rows = await self._http.get("/job", jobDefinitionId=definition, withException=True, maxResults=200)
        return tuple(job_from(as_object(r)) for r in as_list(rows))

    # -- issue 10: restart --

    async def historic_instance(self, instance_id: str) -> ProcessInstance:
        path = "/history/process-instance/" + path_id(instance_id, "process instance id")
        return historic_instance_from(as_object(await self._http.get(path)))

    async def started_since(
        self,
        business_key: str,
        since: datetime,
        *,
        bpmn_process_id: str | None = None,
        definition_id: str | None = None,
    ) -> tuple[ProcessInstance, ...]:
        """From history, so an instance that already ended is found too."""
        rows = await self._http.get(
            "/history/process-instance",
            processInstanceBusinessKey=business_key,
            startedAfter=format_date(since),
            processDefinitionKey=bpmn_process_id,
            processDefinitionId=definition_id,
            maxResults=10,
        )
        return tuple(historic_instance_from(as_object(row)) for row in as_list(rows))

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
        spec = restart_spec(
            definition_id,
            instance_ids,
            instructions,
            batch=False,
            initial_variables=initial_variables,
            without_business_key=without_business_key,
            skip_custom_listeners=skip_custom_listeners,
            skip_io_mappings=skip_io_mappings,
        )
        await self._http.send(spec)

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
        spec = restart_spec(
            definition_id,
            instance_ids,
            instructions,
            batch=True,
            initial_variables=initial_variables,
            without_business_key=without_business_key,
            skip_custom_listeners=skip_custom_listeners,
            skip_io_mappings=skip_io_mappings,
        )
        return batch_from(await self._http.send_json(spec))

    # -- issue 10: batch suspend and set-variables, an instance's history --

    def set_suspended_many_spec(self, instance_ids: tuple[str, ...], suspended: bool) -> RequestSpec:
        body = {"processInstanceIds": list(instance_ids), "suspended": suspended}
        return RequestSpec("POST", "/process-instance/suspended-async", json_body=body)

    async def set_suspended_many(self, instance_ids: tuple[str, ...], suspended: bool) -> Batch:
        """Suspend (or activate) many instances as one engine batch; follow it with `batch_progress`."""
        if not instance_ids:
            raise errors.BadRequest("No process instances to suspend or activate.")
        return batch_from(await self._http.send_json(self.set_suspended_many_spec(instance_ids, suspended)))

    def set_variables_many_spec(
        self, instance_ids: tuple[str, ...], values: Mapping[str, VariableValue]
    ) -> RequestSpec:
        body = {"processInstanceIds": list(instance_ids), "variables": variables_out(values)}
        return RequestSpec("POST", "/process-instance/variables-async", json_body=body)

    async def set_variables_many(self, instance_ids: tuple[str, ...], values: Mapping[str, VariableValue]) -> Batch:
        """Set the same variables on many instances as one engine batch."""
        if not instance_ids:
            raise errors.BadRequest("No process instances to set variables on.")
        if not values:
            raise errors.BadRequest("No variables to set: give at least one (name, type and value).")
        return batch_from(await self._http.send_json(self.set_variables_many_spec(instance_ids, values)))

    async def history(self, instance_id: str) -> InstanceHistory:
        path = "/history/process-instance/" + path_id(instance_id, "process instance id")
        dto = as_object(await self._http.get(path))
        return InstanceHistory(
            id=dto["id"],
            state=dto.get("state"),
            start_time=parse_date(dto.get("startTime")),
            end_time=parse_date(dto.get("endTime")),
            root_instance_id=dto.get("rootProcessInstanceId"),
            super_instance_id=dto.get("superProcessInstanceId"),
            delete_reason=dto.get("deleteReason"),
        )

    # -- issue 10: an ended instance's variables --

    async def historic_variables(self, instance_id: str) -> tuple[Variable, ...]:
        """Its variables' last values from history; where a name was also local to an activity, the
        instance's own (its scope is the instance) wins."""
        rows = as_list(
            await self._http.get(
                "/history/variable-instance",
                processInstanceId=instance_id,
                deserializeValues=False,
                maxResults=1000,
            )
        )
        found: dict[str, Variable] = {}
        for row in rows:
            dto = as_object(row)
            name = str(dto["name"])
            own = dto.get("activityInstanceId") == instance_id
            if own or name not in found:
                found[name] = variable_in(name, dto)
        return tuple(found[n] for n in sorted(found))

    # -- issue 10: deleting ended instances from history --

    def delete_history_spec(self, instance_id: str) -> RequestSpec:
        return RequestSpec("DELETE", "/history/process-instance/" + path_id(instance_id, "process instance id"))

    async def delete_history(self, instance_id: str) -> None:
        """Delete one ended instance's history. The engine answers a running one "does not exist":
        callers refuse running ones before they get here."""
        await self._http.send(self.delete_history_spec(instance_id))

    def delete_history_many_spec(self, instance_ids: tuple[str, ...]) -> RequestSpec:
        body = {"historicProcessInstanceIds": list(instance_ids)}
        return RequestSpec("POST", "/history/process-instance/delete", json_body=body)

    async def delete_history_many(self, instance_ids: tuple[str, ...]) -> Batch:
        """Delete many ended instances' history as one engine batch (a running one among them fails its
        batch job and stays: leave those out); follow it with `batch_progress`."""
        if not instance_ids:
            raise errors.BadRequest("No ended process instances to delete from history.")
        return batch_from(await self._http.send_json(self.delete_history_many_spec(instance_ids)))
