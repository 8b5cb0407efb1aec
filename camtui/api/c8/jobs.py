"""Jobs on Camunda 8: the shared jobs area's list and get (the one `Job` model, issue 13), and what
only Camunda 8 does: update retries and timeout, fail, throw an error, complete, statistics."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from camtui.api import errors
from camtui.api.c8 import compat
from camtui.api.c8.wire import (
    as_list,
    as_object,
    c8_area,
    format_date,
    parse_date,
    path_key,
    search,
    sort_body,
    variables_out,
)
from camtui.api.capabilities import Capability
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import Batch, Job, JobDefinition, JobDefinitionFilter, JobFilter, VariableValue
from camtui.api.models.cluster import JobTypeStatistic
from camtui.api.paging import DEFAULT_LIMIT, Page


def _job(key: str) -> str:
    return "/jobs/" + path_key(key, "job key")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def job_from(dto: Mapping[str, Any]) -> Job:
    """The one mapping of a Camunda 8 job (searches, an incident's job)."""
    element = dto.get("elementId")
    instance_element = _text(dto.get("elementInstanceKey"))
    return Job(
        id=str(compat.field(dto, "jobKey")),
        type=str(dto.get("type") or "") or None,
        state=dto.get("state") or None,
        kind=dto.get("kind"),
        worker=dto.get("worker") or None,
        retries=int(dto.get("retries") or 0),
        deadline=parse_date(dto.get("deadline")),
        error_code=dto.get("errorCode"),
        exception_message=dto.get("errorMessage") or None,
        activity_id=element,
        failed_activity_id=element,
        element_instance_key=instance_element,
        execution_id=instance_element,
        process_instance_id=_text(dto.get("processInstanceKey")),
        process_definition_id=_text(dto.get("processDefinitionKey")),
        bpmn_process_id=dto.get("processDefinitionId"),
        tenant_id=dto.get("tenantId"),
    )


# what a Camunda 7 job filter asks that Camunda 8 has no filter for
_NOT_ON_C8 = {
    "timers": "timers (Camunda 8 jobs are worker tasks)",
    "messages": "message jobs",
    "job_definition_id": "job definitions",
    "suspended": "suspension",
}


# issue 13 (audit): every field the job search sorts by
SORT_NAMES = {
    "id": "jobKey",
    "instance_id": "processInstanceKey",
    "definition_id": "processDefinitionKey",
    "bpmn_process_id": "processDefinitionId",
    "retries": "retries",
    "priority": "priority",
    "tenant_id": "tenantId",
    "created": "creationTime",
    "deadline": "deadline",
    "activity_id": "elementId",
    "element_instance": "elementInstanceKey",
    "end_time": "endTime",
    "error_code": "errorCode",
    "error_message": "errorMessage",
    "failed_with_retries_left": "hasFailedWithRetriesLeft",
    "denied": "isDenied",
    "denied_reason": "deniedReason",
    "kind": "kind",
    "listener_event": "listenerEventType",
    "state": "state",
    "type": "type",
    "worker": "worker",
}


def filter_body(f: JobFilter) -> dict[str, Any]:
    for name, what in _NOT_ON_C8.items():
        if getattr(f, name) not in (None, False):
            raise errors.BadRequest(f"Camunda 8 can not filter jobs by {what}; nothing was sent.")
    deadline = {k: format_date(v) for k, v in (("$lt", f.due_before), ("$gt", f.due_after)) if v is not None}
    keys = [*f.ids, *([f.key] if f.key else [])]
    body: dict[str, Any] = {
        "type": f.type,
        "state": f.state,
        "worker": f.worker,
        "processInstanceKey": f.process_instance_id,
        "processDefinitionKey": f.process_definition_id,
        "processDefinitionId": f.bpmn_process_id,
        "elementId": f.activity_id,
        "hasFailedWithRetriesLeft": True if f.with_retries_left else None,
        # failed as Camunda 7 means it: no retries left
        "retries": 0 if f.failed else None,
        "errorMessage": {"$exists": True} if f.with_exception else None,
        "deadline": deadline or None,
        "jobKey": keys[0] if len(keys) == 1 else ({"$in": keys} if keys else None),
    }
    if len(f.tenant_ids) == 1:
        body["tenantId"] = f.tenant_ids[0]
    elif f.tenant_ids:
        body["tenantId"] = {"$in": list(f.tenant_ids)}
    return {k: v for k, v in body.items() if v is not None}


def type_statistic_from(dto: Mapping[str, Any]) -> JobTypeStatistic:
    def count(name: str) -> int:
        return int(dict(dto.get(name) or {}).get("count") or 0)

    return JobTypeStatistic(
        job_type=str(dto["jobType"]),
        created=count("created"),
        completed=count("completed"),
        failed=count("failed"),
        workers=int(dto.get("workers") or 0),
    )


@c8_area
class C8Jobs:
    def __init__(self, http: HttpSession, version: compat.VersionSource | None = None) -> None:
        self._http = http
        self._version = version

    async def statistics_by_type(self, start: datetime, end: datetime) -> tuple[JobTypeStatistic, ...]:
        """Per job type, between `start` and `end` (Camunda 8.9+)."""
        version = await self._version() if self._version else None
        compat.require(version, "POST", "/jobs/statistics/by-types", "Job statistics")
        body = {"filter": {"from": format_date(start), "to": format_date(end)}}
        answer = as_object(await self._http.json("POST", "/jobs/statistics/by-types", json_body=body, mutating=False))
        return tuple(type_statistic_from(as_object(row)) for row in as_list(answer["items"]))

    async def search(
        self, f: JobFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Job]:
        f = f or JobFilter()
        if f.sort_by is not None and f.sort_by not in SORT_NAMES:
            raise errors.BadRequest(f"Camunda 8 does not sort jobs by {f.sort_by.value}; nothing was sent.")
        sort = sort_body(SORT_NAMES[f.sort_by], f.sort_order) if f.sort_by else None
        return await search(self._http, "/jobs/search", filter_body(f), job_from, limit=limit, after=after, sort=sort)

    # -- the shared jobs area: list, get, stacktrace (capability JOB_LIST) --

    async def list(
        self, f: JobFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Job]:
        return await self.search(f, limit=limit, after=after)

    async def get(self, job_id: str) -> Job:
        # the cluster has no GET of one job: a search by its key
        page = await self.search(JobFilter(key=job_id), limit=1)
        if not page.items:
            raise errors.NotFound(f"The cluster has no job {job_id}.")
        return page.items[0]

    async def stacktrace(self, job_id: str) -> str:
        """Camunda 8 keeps no stack trace: the worker's error message is the whole story."""
        job = await self.get(job_id)
        return job.exception_message or ""

    def update_spec(self, job_id: str, *, retries: int | None = None, timeout_ms: int | None = None) -> RequestSpec:
        changeset = {k: v for k, v in (("retries", retries), ("timeout", timeout_ms)) if v is not None}
        return RequestSpec("PATCH", _job(job_id), json_body={"changeset": changeset})

    async def update(self, job_id: str, *, retries: int | None = None, timeout_ms: int | None = None) -> None:
        await self._http.send(self.update_spec(job_id, retries=retries, timeout_ms=timeout_ms))

    def fail_spec(self, job_id: str, *, retries: int, message: str, backoff_ms: int = 0) -> RequestSpec:
        body = {"retries": retries, "errorMessage": message, "retryBackOff": backoff_ms}
        return RequestSpec("POST", f"{_job(job_id)}/failure", json_body=body)

    async def fail(self, job_id: str, *, retries: int, message: str, backoff_ms: int = 0) -> None:
        await self._http.send(self.fail_spec(job_id, retries=retries, message=message, backoff_ms=backoff_ms))

    async def throw_error(self, job_id: str, *, code: str, message: str | None = None) -> None:
        body = {"errorCode": code, "errorMessage": message}
        await self._http.request("POST", f"{_job(job_id)}/error", json_body={k: v for k, v in body.items() if v})

    async def complete(self, job_id: str, variables: Mapping[str, VariableValue] | None = None) -> None:
        await self._http.request(
            "POST", f"{_job(job_id)}/completion", json_body={"variables": variables_out(variables or {})}
        )

    # -- Camunda 7's job executor (capability-gated; none of it here) --

    async def execute(self, job_id: str) -> None:
        raise _no_c7_jobs(Capability.JOB_EXECUTE)

    async def set_retries(self, job_id: str, retries: int) -> None:
        raise _no_c7_jobs(Capability.JOB_RETRIES)

    async def set_retries_many(self, job_ids: tuple[str, ...], retries: int) -> Batch:
        raise _no_c7_jobs(Capability.JOB_RETRIES)

    async def set_due_date(self, job_id: str, due_date: datetime | None, *, cascade: bool = False) -> None:
        raise _no_c7_jobs(Capability.JOB_DUE_DATE)

    async def recalculate_due_date(self, job_id: str, *, creation_date_based: bool = True) -> None:
        raise _no_c7_jobs(Capability.JOB_DUE_DATE)

    async def set_priority(self, job_id: str, priority: int) -> None:
        raise _no_c7_jobs(Capability.JOB_PRIORITY)

    async def definitions(
        self, f: JobDefinitionFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[JobDefinition]:
        raise _no_c7_jobs(Capability.JOB_DEFINITION_LIST)

    async def definition(self, definition_id: str) -> JobDefinition:
        raise _no_c7_jobs(Capability.JOB_DEFINITION_LIST)

    async def set_definition_suspended(
        self, definition_id: str, suspended: bool, *, include_jobs: bool = False
    ) -> None:
        raise _no_c7_jobs(Capability.JOB_DEFINITION_SUSPEND)


def _no_c7_jobs(capability: Capability) -> errors.UnsupportedByEngine:
    return errors.UnsupportedByEngine(
        "Camunda 8 has no job executor or job definitions as Camunda 7 has them "
        "(its jobs are changed with `update`: retries and timeout).",
        capability=capability,
    )
