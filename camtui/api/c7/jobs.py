"""Jobs and job definitions on Camunda 7: query, execute, retries, due dates, priority, suspension."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from camtui.api.blocking import together
from camtui.api.c7.instances import batch_from
from camtui.api.c7.wire import as_list, c7_area, csv, format_date, offset_page, parse_date, path_id, sort_params
from camtui.api.errors import BadRequest
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import Batch, Job, JobDefinition, JobDefinitionFilter, JobFilter, job_kind
from camtui.api.paging import DEFAULT_LIMIT, Page


def _job(job_id: str) -> str:
    return "/job/" + path_id(job_id, "job id")


def _definition(definition_id: str) -> str:
    return "/job-definition/" + path_id(definition_id, "job definition id")


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
        job_definition_id=dto.get("jobDefinitionId"),
        process_definition_id=dto.get("processDefinitionId"),
        execution_id=dto.get("executionId"),
        priority=dto.get("priority"),
        create_time=parse_date(dto.get("createTime")),
    )


def definition_from(dto: Mapping[str, Any]) -> JobDefinition:
    return JobDefinition(
        id=dto["id"],
        job_type=dto.get("jobType") or "",
        activity_id=dto.get("activityId"),
        configuration=dto.get("jobConfiguration"),
        process_definition_id=dto.get("processDefinitionId"),
        bpmn_process_id=dto.get("processDefinitionKey"),
        suspended=bool(dto.get("suspended")),
        overriding_priority=dto.get("overridingJobPriority"),
        tenant_id=dto.get("tenantId"),
    )


# issue 13 (audit): what Camunda 7's job query sorts by
SORT_NAMES = {
    "id": "jobId",
    "instance_id": "processInstanceId",
    "definition_id": "processDefinitionId",
    "bpmn_process_id": "processDefinitionKey",
    "retries": "jobRetries",
    "priority": "jobPriority",
    "tenant_id": "tenantId",
    "due_date": "jobDueDate",
}


def job_params(f: JobFilter) -> dict[str, Any]:
    dues = []
    if f.due_before is not None:
        dues.append(f"lt_{format_date(f.due_before)}")
    if f.due_after is not None:
        dues.append(f"gt_{format_date(f.due_after)}")
    return {
        "jobIds": csv(f.ids),
        "processInstanceId": f.process_instance_id,
        "processDefinitionId": f.process_definition_id,
        "processDefinitionKey": f.bpmn_process_id,
        "jobDefinitionId": f.job_definition_id,
        "activityId": f.activity_id,
        "noRetriesLeft": f.failed or None,
        "timers": f.timers or None,
        "messages": f.messages or None,
        "withRetriesLeft": f.with_retries_left or None,
        "withException": f.with_exception or None,
        "dueDates": ",".join(dues) or None,
        "suspended": True if f.suspended else None,
        "active": True if f.suspended is False else None,
        "tenantIdIn": csv(f.tenant_ids),
        **sort_params(f.sort_by, f.sort_order, SORT_NAMES),
    }


def definition_params(f: JobDefinitionFilter) -> dict[str, Any]:
    return {
        "jobDefinitionId": f.id,
        "processDefinitionId": f.process_definition_id,
        "processDefinitionKey": f.bpmn_process_id,
        "activityIdIn": f.activity_id,
        "jobType": f.job_type,
        "suspended": True if f.suspended else None,
        "active": True if f.suspended is False else None,
    }


@c7_area
class C7Jobs:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def list(
        self, f: JobFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Job]:
        page = await offset_page(self._http, "/job", job_params(f or JobFilter()), job_from, limit=limit, after=after)
        return page.model_copy(update={"items": await self._with_definitions(page.items)})

    async def get(self, job_id: str) -> Job:
        (job,) = await self._with_definitions((job_from(await self._http.get(_job(job_id))),))
        return job

    async def _with_definitions(self, jobs: tuple[Job, ...]) -> tuple[Job, ...]:
        """Type and activity live on the job's definition: one query per process definition on the page."""
        wanted = {j.process_definition_id for j in jobs if j.job_definition_id and j.process_definition_id}
        answers = await together(
            *(self._http.get("/job-definition", processDefinitionId=d, maxResults=1000) for d in sorted(wanted))
        )
        found = {d.id: d for rows in answers for d in map(definition_from, as_list(rows))}
        out = []
        for job in jobs:
            d = found.get(job.job_definition_id or "")
            if d is not None:
                job = job.model_copy(update={"type": job_kind(d.job_type), "activity_id": d.activity_id})
            out.append(job)
        return tuple(out)

    async def stacktrace(self, job_id: str) -> str:
        response = await self._http.request("GET", f"{_job(job_id)}/stacktrace", accept="text/plain, */*")
        return response.text

    def execute_spec(self, job_id: str) -> RequestSpec:
        return RequestSpec("POST", f"{_job(job_id)}/execute")

    async def execute(self, job_id: str) -> None:
        """Runs the job now, in the request: a failing job answers with its exception."""
        await self._http.send(self.execute_spec(job_id))

    def set_retries_spec(self, job_id: str, retries: int) -> RequestSpec:
        return RequestSpec("PUT", f"{_job(job_id)}/retries", json_body={"retries": retries})

    async def set_retries(self, job_id: str, retries: int) -> None:
        """Retries > 0 on a failed job resolve its incident; the job executor runs it again."""
        await self._http.send(self.set_retries_spec(job_id, retries))

    def set_retries_many_spec(self, job_ids: tuple[str, ...], retries: int) -> RequestSpec:
        if not job_ids:
            raise BadRequest("No jobs to retry.")
        return RequestSpec("POST", "/job/retries", json_body={"jobIds": list(job_ids), "retries": retries})

    async def set_retries_many(self, job_ids: tuple[str, ...], retries: int) -> Batch:
        return batch_from(await self._http.send_json(self.set_retries_many_spec(job_ids, retries)))

    def set_due_date_spec(self, job_id: str, due_date: datetime | None, *, cascade: bool = False) -> RequestSpec:
        body = {"duedate": format_date(due_date) if due_date is not None else None, "cascade": cascade}
        return RequestSpec("PUT", f"{_job(job_id)}/duedate", json_body=body)

    async def set_due_date(self, job_id: str, due_date: datetime | None, *, cascade: bool = False) -> None:
        await self._http.send(self.set_due_date_spec(job_id, due_date, cascade=cascade))

    def recalculate_due_date_spec(self, job_id: str, *, creation_date_based: bool = True) -> RequestSpec:
        params = {"creationDateBased": "true" if creation_date_based else "false"}
        return RequestSpec("POST", f"{_job(job_id)}/duedate/recalculate", params=params)

    async def recalculate_due_date(self, job_id: str, *, creation_date_based: bool = True) -> None:
        await self._http.send(self.recalculate_due_date_spec(job_id, creation_date_based=creation_date_based))

    def set_priority_spec(self, job_id: str, priority: int) -> RequestSpec:
        return RequestSpec("PUT", f"{_job(job_id)}/priority", json_body={"priority": priority})

    async def set_priority(self, job_id: str, priority: int) -> None:
        await self._http.send(self.set_priority_spec(job_id, priority))

    async def definitions(
        self, f: JobDefinitionFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[JobDefinition]:
        params = definition_params(f or JobDefinitionFilter())
        return await offset_page(self._http, "/job-definition", params, definition_from, limit=limit, after=after)

    async def definition(self, definition_id: str) -> JobDefinition:
        return definition_from(await self._http.get(_definition(definition_id)))

    def set_definition_suspended_spec(
        self, definition_id: str, suspended: bool, *, include_jobs: bool = False
    ) -> RequestSpec:
        body = {"suspended": suspended, "includeJobs": include_jobs}
        return RequestSpec("PUT", f"{_definition(definition_id)}/suspended", json_body=body)

    async def set_definition_suspended(
        self, definition_id: str, suspended: bool, *, include_jobs: bool = False
    ) -> None:
        await self._http.send(self.set_definition_suspended_spec(definition_id, suspended, include_jobs=include_jobs))
