"""Incidents, failed jobs and external tasks on Camunda 7."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api import errors
from camtui.api.c7.instances import batch_from
from camtui.api.c7.wire import c7_area, csv, format_date, offset_page, parse_date, path_id, sort_params
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import Batch, ExternalTask, ExternalTaskFilter, Incident, IncidentFilter, Job
from camtui.api.paging import DEFAULT_LIMIT, Page

SORT_NAMES = {
    "id": "incidentId",
    "type": "incidentType",
    "message": "incidentMessage",
    "timestamp": "incidentTimestamp",
    "activity_id": "activityId",
    "process_instance_id": "processInstanceId",
    "process_definition_id": "processDefinitionId",
    "tenant_id": "tenantId",
}


def _incident(incident_id: str) -> str:
    return "/incident/" + path_id(incident_id, "incident id")


def _job(job_id: str) -> str:
    return "/job/" + path_id(job_id, "job id")


def _external_task(task_id: str) -> str:
    return "/external-task/" + path_id(task_id, "external task id")


def incident_from(dto: Mapping[str, Any]) -> Incident:
    return Incident(
        id=dto["id"],
        type=dto.get("incidentType") or "",
        message=dto.get("incidentMessage"),
        timestamp=parse_date(dto.get("incidentTimestamp")),
        activity_id=dto.get("activityId"),
        failed_activity_id=dto.get("failedActivityId"),
        process_instance_id=dto.get("processInstanceId"),
        process_definition_id=dto.get("processDefinitionId"),
        execution_id=dto.get("executionId"),
        cause_incident_id=dto.get("causeIncidentId"),
        root_cause_incident_id=dto.get("rootCauseIncidentId"),
        configuration=dto.get("configuration"),
        tenant_id=dto.get("tenantId"),
        annotation=dto.get("annotation"),
    )


def job_from(dto: Mapping[str, Any]) -> Job:
    return Job(
        id=dto["id"],
        retries=int(dto.get("retries") or 0),
        exception_message=dto.get("exceptionMessage"),
        failed_activity_id=dto.get("failedActivityId"),
        process_instance_id=dto.get("processInstanceId"),
        bpmn_process_id=dto.get("processDefinitionKey"),
        due_date=parse_date(dto.get("dueDate")),
        suspended=bool(dto.get("suspended")),
        tenant_id=dto.get("tenantId"),
    )


def external_task_from(dto: Mapping[str, Any]) -> ExternalTask:
    return ExternalTask(
        id=dto["id"],
        topic=dto.get("topicName") or "",
        worker_id=dto.get("workerId"),
        lock_expiration_time=parse_date(dto.get("lockExpirationTime")),
        retries=dto.get("retries"),
        error_message=dto.get("errorMessage"),
        activity_id=dto.get("activityId"),
        process_instance_id=dto.get("processInstanceId"),
        bpmn_process_id=dto.get("processDefinitionKey"),
        suspended=bool(dto.get("suspended")),
        tenant_id=dto.get("tenantId"),
    )


def filter_params(f: IncidentFilter) -> dict[str, Any]:
    return {
        "incidentId": f.id,
        "incidentType": f.type,
        "incidentMessage": f.message,
        "incidentMessageLike": f.message_like,
        "activityId": f.activity_id,
        "processDefinitionId": f.process_definition_id,
        "processDefinitionKeyIn": csv(f.bpmn_process_ids),
        "processInstanceId": f.process_instance_id,
        "tenantIdIn": csv(f.tenant_ids),
        "incidentTimestampAfter": format_date(f.after) if f.after is not None else None,
        "incidentTimestampBefore": format_date(f.before) if f.before is not None else None,
        "configuration": f.configuration,
        **sort_params(f.sort_by, f.sort_order, SORT_NAMES),
    }


@c7_area
class C7Incidents:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def list(
        self, f: IncidentFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Incident]:
        return await offset_page(
            self._http,
            "/incident",
            filter_params(f or IncidentFilter()),
            incident_from,
            limit=limit,
            after=after,
        )

    async def get(self, incident_id: str) -> Incident:
        return incident_from(await self._http.get(_incident(incident_id)))

    async def job(self, job_id: str) -> Job:
        return job_from(await self._http.get(_job(job_id)))

    async def stacktrace(self, incident: Incident) -> str:
        """The failing job's (or external task's) stack trace, as the engine recorded it."""
        if not incident.configuration:
            raise errors.NotFound(f"Incident {incident.id} names no job or external task.")
        if incident.type == "failedExternalTask":
            path = f"{_external_task(incident.configuration)}/errorDetails"
        else:
            path = f"{_job(incident.configuration)}/stacktrace"
        response = await self._http.request("GET", path, accept="text/plain, */*")
        return response.text

    async def set_job_retries(self, job_id: str, retries: int) -> None:
        """Retries > 0 on a failed job resolves its incident; the job executor runs it again."""
        await self._http.request("PUT", f"{_job(job_id)}/retries", json_body={"retries": retries})

    async def set_job_retries_many(self, job_ids: tuple[str, ...], retries: int) -> Batch:
        if not job_ids:
            raise errors.BadRequest("No jobs to retry.")
        body = await self._http.json("POST", "/job/retries", json_body={"jobIds": list(job_ids), "retries": retries})
        return batch_from(body)

    async def retry(self, incident: Incident, retries: int = 1) -> None:
        """Retry what failed: a job or an external task, by the incident's type."""
        if not incident.configuration:
            raise errors.BadRequest(f"Incident {incident.id} has nothing to retry.")
        if incident.type == "failedExternalTask":
            await self.set_external_task_retries(incident.configuration, retries)
        else:
            await self.set_job_retries(incident.configuration, retries)

    def resolve_spec(self, incident_id: str) -> RequestSpec:
        return RequestSpec("DELETE", _incident(incident_id))

    async def resolve(self, incident_id: str) -> None:
        """Resolve a custom incident; failed jobs and external tasks are resolved by a retry."""
        await self._http.send(self.resolve_spec(incident_id))
        # Camunda 7 resolves a custom incident through its configuration (every incident with the
        # same one goes): one without a configuration is kept, with a 204 all the same
        try:
            kept = await self.get(incident_id)
        except errors.NotFound:
            return
        why = (
            "" if kept.configuration else ": it resolves a custom incident by its configuration, and this one has none"
        )
        raise errors.Conflict(
            f"The engine answered but kept incident {incident_id}{why}.",
            hint="It ends with its execution: cancel the instance, or move it past the activity (modify).",
        )

    def annotate_spec(self, incident_id: str, annotation: str | None) -> RequestSpec:
        path = f"{_incident(incident_id)}/annotation"
        if annotation:
            return RequestSpec("PUT", path, json_body={"annotation": annotation})
        return RequestSpec("DELETE", path)

    async def annotate(self, incident_id: str, annotation: str | None) -> None:
        await self._http.send(self.annotate_spec(incident_id, annotation))

    async def external_tasks(
        self, f: ExternalTaskFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[ExternalTask]:
        f = f or ExternalTaskFilter()
        params = {
            "topicName": f.topic,
            "processInstanceId": f.process_instance_id,
            "locked": f.locked or None,
            "notLocked": f.not_locked or None,
            "withRetriesLeft": f.with_retries_left or None,
            "noRetriesLeft": f.no_retries_left or None,
        }
        return await offset_page(self._http, "/external-task", params, external_task_from, limit=limit, after=after)

    async def unlock_external_task(self, task_id: str) -> None:
        await self._http.request("POST", f"{_external_task(task_id)}/unlock")

    async def set_external_task_retries(self, task_id: str, retries: int) -> None:
        await self._http.request("PUT", f"{_external_task(task_id)}/retries", json_body={"retries": retries})
