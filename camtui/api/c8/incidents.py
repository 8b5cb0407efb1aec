"""Incidents on Camunda 8: search, one by key, the failed job, job retries, retry and resolve."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api import errors
from camtui.api.c8 import compat
from camtui.api.c8.jobs import job_from
from camtui.api.c8.wire import as_list, as_object, c8_area, parse_date, path_key, search, search_all, sort_body
from camtui.api.capabilities import Capability
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import Batch, ExternalTask, ExternalTaskFilter, Incident, IncidentFilter, Job
from camtui.api.models.cluster import ErrorStatistic
from camtui.api.paging import DEFAULT_LIMIT, Page

SORT_NAMES = {
    "id": "incidentKey",
    "type": "errorType",
    "timestamp": "creationTime",
    "activity_id": "elementId",
    "process_instance_id": "processInstanceKey",
    "process_definition_id": "processDefinitionKey",
    "tenant_id": "tenantId",
    # issue 13 (audit): every other field the search sorts by
    "bpmn_process_id": "processDefinitionId",
    "element_instance": "elementInstanceKey",
    "state": "state",
    "job_id": "jobKey",
}


def _incident(key: str) -> str:
    return "/incidents/" + path_key(key, "incident key")


def _job(key: str) -> str:
    return "/jobs/" + path_key(key, "job key")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def incident_from(dto: Mapping[str, Any]) -> Incident:
    return Incident(
        id=str(dto["incidentKey"]),
        type=str(dto["errorType"]),
        message=dto.get("errorMessage"),
        timestamp=parse_date(dto.get("creationTime")),
        activity_id=dto.get("elementId"),
        failed_activity_id=dto.get("elementId"),
        process_instance_id=_text(dto.get("processInstanceKey")),
        process_definition_id=_text(dto.get("processDefinitionKey")),
        execution_id=_text(dto.get("elementInstanceKey")),
        # the failing job's key, where the incident has a job (the fake engines keep it here too)
        configuration=_text(dto.get("jobKey")),
        tenant_id=dto.get("tenantId"),
    )


def _statistic(dto: Mapping[str, Any]) -> ErrorStatistic:
    return ErrorStatistic(
        error_message=str(dto["errorMessage"]),
        error_hash=int(dto["errorHashCode"]),
        instances=int(dto["activeInstancesWithErrorCount"]),
    )


def filter_body(f: IncidentFilter) -> dict[str, Any]:
    if f.message_like:
        message: Any = {"$like": f.message_like.replace("%", "*")}
    else:
        message = f.message
    body: dict[str, Any] = {
        "incidentKey": f.id,
        "errorType": f.type,
        "errorMessage": message,
        "elementId": f.activity_id,
        "processDefinitionKey": f.process_definition_id,
        "processInstanceKey": f.process_instance_id,
        # what an operator means by the incident list: the open ones
        "state": "ACTIVE",
    }
    if len(f.bpmn_process_ids) == 1:
        body["processDefinitionId"] = f.bpmn_process_ids[0]
    elif f.bpmn_process_ids:
        body["processDefinitionId"] = {"$in": list(f.bpmn_process_ids)}
    if len(f.tenant_ids) == 1:
        body["tenantId"] = f.tenant_ids[0]
    elif f.tenant_ids:
        body["tenantId"] = {"$in": list(f.tenant_ids)}
    return {k: v for k, v in body.items() if v is not None}


@c8_area
class C8Incidents:
    def __init__(self, http: HttpSession, version: compat.VersionSource | None = None) -> None:
        self._http = http
        self._version = version

    async def list(
        self, f: IncidentFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Incident]:
        f = f or IncidentFilter()
        if f.sort_by is not None and f.sort_by not in SORT_NAMES:
            # the search has no sort by error message (issue 13 audit: it was sent, and refused)
            raise errors.BadRequest(f"Camunda 8 does not sort incidents by {f.sort_by.value}; nothing was sent.")
        sort = sort_body(SORT_NAMES[f.sort_by], f.sort_order) if f.sort_by else None
        return await search(
            self._http, "/incidents/search", filter_body(f), incident_from, limit=limit, after=after, sort=sort
        )

    async def get(self, incident_id: str) -> Incident:
        return incident_from(as_object(await self._http.get(_incident(incident_id))))

    async def job(self, job_id: str) -> Job:
        body = {"filter": {"jobKey": job_id}, "page": {"limit": 1}}
        answer = as_object(await self._http.json("POST", "/jobs/search", json_body=body, mutating=False))
        items = as_list(answer["items"])
        if not items:
            raise errors.NotFound(f"No job with the key {job_id}.")
        return job_from(as_object(items[0]))

    async def stacktrace(self, incident: Incident) -> str:
        """Camunda 8 keeps no stack trace: the job's error message is the whole story."""
        if incident.configuration:
            job = await self.job(incident.configuration)
            return job.exception_message or incident.message or ""
        return incident.message or ""

    def set_job_retries_spec(self, job_id: str, retries: int) -> RequestSpec:
        return RequestSpec("PATCH", _job(job_id), json_body={"changeset": {"retries": retries}})

    async def set_job_retries(self, job_id: str, retries: int) -> None:
        await self._http.send(self.set_job_retries_spec(job_id, retries))

    async def set_job_retries_many(self, job_ids: tuple[str, ...], retries: int) -> Batch:
        """One PATCH per job (Camunda 8.8 has no batch for it); the first failure stops and is raised."""
        for job_id in job_ids:
            await self.set_job_retries(job_id, retries)
        return Batch(id="", type="job-retries", total_jobs=len(job_ids), jobs_created=len(job_ids))

    def resolve_spec(self, incident_id: str) -> RequestSpec:
        # an empty JSON body, not none: 8.6 answers a resolution without one 415 (tests/engine8)
        return RequestSpec("POST", f"{_incident(incident_id)}/resolution", json_body={})

    async def resolve(self, incident_id: str) -> None:
        await self._http.send(self.resolve_spec(incident_id))

    async def retry(self, incident: Incident, retries: int = 1) -> None:
        """Give the job retries, then resolve the incident (the cluster refuses to resolve a job
        incident whose job has none left), as Operate's retry does."""
        if incident.configuration:
            await self.set_job_retries(incident.configuration, retries)
        await self.resolve(incident.id)

    # -- Camunda 8 only --

    async def statistics_by_error(self) -> tuple[ErrorStatistic, ...]:
        """Active process instances with an incident, grouped by error message (Camunda 8.9+)."""
        version = await self._version() if self._version else None
        compat.require(version, "POST", "/incidents/statistics/process-instances-by-error", "Incident statistics")
        rows = await search_all(self._http, "/incidents/statistics/process-instances-by-error", None, _statistic)
        return tuple(sorted(rows, key=lambda s: -s.instances))

    # -- Camunda 7 only (capability-gated) --

    async def annotate(self, incident_id: str, annotation: str | None) -> None:
        raise errors.UnsupportedByEngine(
            "Camunda 8 incidents take no annotation.", capability=Capability.INCIDENT_ANNOTATE
        )

    async def external_tasks(
        self, f: ExternalTaskFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[ExternalTask]:
        raise errors.UnsupportedByEngine(
            "Camunda 8 has jobs, not external tasks.", capability=Capability.EXTERNAL_TASK_LIST
        )

    async def unlock_external_task(self, task_id: str) -> None:
        raise errors.UnsupportedByEngine(
            "Camunda 8 has jobs, not external tasks.", capability=Capability.EXTERNAL_TASK_LIST
        )

    async def set_external_task_retries(self, task_id: str, retries: int) -> None:
        raise errors.UnsupportedByEngine(
            "Camunda 8 has jobs, not external tasks.", capability=Capability.EXTERNAL_TASK_LIST
        )
