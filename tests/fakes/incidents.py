"""Incidents, failed jobs and (Camunda 7) external tasks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from camtui.api import errors
from camtui.api.capabilities import Capability
from camtui.api.models import Batch, ExternalTask, ExternalTaskFilter, Incident, IncidentFilter, IncidentSort, Job
from camtui.api.models.base import SortOrder
from camtui.api.paging import DEFAULT_LIMIT, Page
from tests.fakes.core import Area, engine_call
from tests.fakes.data import FakeData, change
from tests.fakes.paging import like, tenant_matches

SORTS: dict[IncidentSort, Callable[[Incident], object]] = {
    IncidentSort.ID: lambda i: i.id,
    IncidentSort.TYPE: lambda i: i.type,
    IncidentSort.MESSAGE: lambda i: i.message,
    IncidentSort.TIMESTAMP: lambda i: i.timestamp,
    IncidentSort.ACTIVITY_ID: lambda i: i.activity_id,
    IncidentSort.PROCESS_INSTANCE_ID: lambda i: i.process_instance_id,
    IncidentSort.PROCESS_DEFINITION_ID: lambda i: i.process_definition_id,
    IncidentSort.TENANT_ID: lambda i: i.tenant_id,
}
# incidents a retry resolves; C7 refuses to resolve these directly
RETRIED = ("failedJob", "failedExternalTask")


def matches(data: FakeData, f: IncidentFilter, i: Incident) -> bool:
    if f.bpmn_process_ids:
        definition = data.definitions.get(i.process_definition_id or "")
        if definition is None or definition.bpmn_process_id not in f.bpmn_process_ids:
            return False
    return (
        (f.id is None or i.id == f.id)
        and (f.type is None or i.type == f.type)
        and (f.message is None or i.message == f.message)
        and like(f.message_like, i.message)
        and (f.activity_id is None or i.activity_id == f.activity_id)
        and (f.process_definition_id is None or i.process_definition_id == f.process_definition_id)
        and (f.process_instance_id is None or i.process_instance_id == f.process_instance_id)
        and tenant_matches(f.tenant_ids, i.tenant_id)
    )


def external_matches(f: ExternalTaskFilter, t: ExternalTask, now: datetime) -> bool:
    locked = t.lock_expiration_time is not None and t.lock_expiration_time > now
    return (
        (f.topic is None or t.topic == f.topic)
        and (f.process_instance_id is None or t.process_instance_id == f.process_instance_id)
        and not (f.locked and not locked)
        and not (f.not_locked and locked)
        and not (f.with_retries_left and t.retries == 0)
        and not (f.no_retries_left and t.retries != 0)
    )


class FakeIncidents(Area):
    area = "incidents"

    @engine_call(Capability.INCIDENT_LIST)
    async def list(
        self, f: IncidentFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Incident]:
        f = f or IncidentFilter()
        found = [i for i in self._data.incidents.values() if matches(self._data, f, i)]
        field = SORTS[f.sort_by] if f.sort_by else None
        return self._core.page(found, limit=limit, after=after, field=field, descending=f.sort_order is SortOrder.DESC)

    @engine_call(Capability.INCIDENT_LIST)
    async def get(self, incident_id: str) -> Incident:
        return self._incident(incident_id)

    @engine_call(Capability.INCIDENT_LIST)
    async def job(self, job_id: str) -> Job:
        return self._job(job_id)

    @engine_call(Capability.INCIDENT_LIST)
    async def stacktrace(self, incident: Incident) -> str:
        if not incident.configuration:
            raise errors.NotFound(f"Incident {incident.id} names no job or external task.")
        text = self._data.stacktraces.get(incident.configuration)
        if text is None:
            what = "External task" if incident.type == "failedExternalTask" else "Job"
            raise self._core.missing(what, incident.configuration)
        return text

    @engine_call(Capability.INCIDENT_RETRY, mutates=True)
    async def set_job_retries(self, job_id: str, retries: int) -> None:
        self._job_retries(job_id, retries)

    @engine_call(Capability.INCIDENT_RETRY, mutates=True)
    async def set_job_retries_many(self, job_ids: tuple[str, ...], retries: int) -> Batch:
        if not job_ids:
            raise errors.BadRequest("No jobs to retry.")
        return self._data.run_batch(
            "set-job-retries", job_ids, self._data.jobs, lambda job_id: self._job_retries(job_id, retries)
        )

    @engine_call(Capability.INCIDENT_RETRY, mutates=True)
    async def retry(self, incident: Incident, retries: int = 1) -> None:
        """Retry what failed. On C8 the retry also resolves the incident, as Operate's retry does."""
        if not incident.configuration:
            raise errors.BadRequest(f"Incident {incident.id} has nothing to retry.")
        if incident.type == "failedExternalTask":
            self._external_retries(incident.configuration, retries)
        else:
            self._job_retries(incident.configuration, retries)
        if self._flavour == "c8" and retries > 0:
            self._data.incidents.pop(incident.id, None)

    @engine_call(Capability.INCIDENT_RESOLVE, mutates=True)
    async def resolve(self, incident_id: str) -> None:
        incident = self._incident(incident_id)
        if self._flavour == "c7" and incident.type in RETRIED:
            raise self._core.bad_request(f"Cannot resolve an incident of type {incident.type}")
        del self._data.incidents[incident_id]

    @engine_call(Capability.INCIDENT_ANNOTATE, mutates=True)
    async def annotate(self, incident_id: str, annotation: str | None) -> None:
        self._incident(incident_id)
        change(self._data.incidents, incident_id, annotation=annotation or None)

    @engine_call(Capability.EXTERNAL_TASK_LIST)
    async def external_tasks(
        self, f: ExternalTaskFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[ExternalTask]:
        f = f or ExternalTaskFilter()
        now = self._data.clock
        found = [t for t in self._data.external_tasks.values() if external_matches(f, t, now)]
        return self._core.page(found, limit=limit, after=after)

    @engine_call(Capability.EXTERNAL_TASK_LIST, mutates=True)
    async def unlock_external_task(self, task_id: str) -> None:
        self._external(task_id)
        change(self._data.external_tasks, task_id, worker_id=None, lock_expiration_time=None)

    @engine_call(Capability.EXTERNAL_TASK_LIST, mutates=True)
    async def set_external_task_retries(self, task_id: str, retries: int) -> None:
        self._external_retries(task_id, retries)

    # -- helpers ----------------------------------------------------------------------------------

    def _job_retries(self, job_id: str, retries: int) -> None:
        """Retries > 0 on a failed job resolve its incident (C7); the job runs again."""
        self._job(job_id)
        change(self._data.jobs, job_id, retries=retries)
        if retries > 0 and self._flavour == "c7":
            self._resolve_by_configuration(job_id)

    def _external_retries(self, task_id: str, retries: int) -> None:
        self._external(task_id)
        change(self._data.external_tasks, task_id, retries=retries)
        if retries > 0:
            self._resolve_by_configuration(task_id)

    def _resolve_by_configuration(self, configuration: str) -> None:
        for incident_id in [i.id for i in self._data.incidents.values() if i.configuration == configuration]:
            del self._data.incidents[incident_id]

    def _incident(self, incident_id: str) -> Incident:
        found = self._data.incidents.get(incident_id)
        if found is None:
            raise self._core.missing("Incident", incident_id)
        return found

    def _job(self, job_id: str) -> Job:
        found = self._data.jobs.get(job_id)
        if found is None:
            raise self._core.missing("Job", job_id)
        return found

    def _external(self, task_id: str) -> ExternalTask:
        found = self._data.external_tasks.get(task_id)
        if found is None:
            raise self._core.missing("External task", task_id)
        return found
