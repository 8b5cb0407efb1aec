"""Jobs, job definitions and external tasks (Camunda 7 only; the Camunda 8 flavour lacks them)."""

from __future__ import annotations

from datetime import datetime

from camtui.api import errors
from camtui.api.capabilities import Capability
from camtui.api.models import (
    Batch,
    ExternalTask,
    ExternalTaskFilter,
    Job,
    JobDefinition,
    JobDefinitionFilter,
    JobFilter,
)
from camtui.api.paging import DEFAULT_LIMIT, Page
from tests.fakes.core import Area, engine_call
from tests.fakes.data import change
from tests.fakes.incidents import external_matches
from tests.fakes.paging import tenant_matches


def job_matches(f: JobFilter, j: Job) -> bool:
    due = j.due_date
    return (
        (not f.ids or j.id in f.ids)
        and (f.process_instance_id is None or j.process_instance_id == f.process_instance_id)
        and (f.process_definition_id is None or j.process_definition_id == f.process_definition_id)
        and (f.bpmn_process_id is None or j.bpmn_process_id == f.bpmn_process_id)
        and (f.job_definition_id is None or j.job_definition_id == f.job_definition_id)
        and (f.activity_id is None or j.activity_id == f.activity_id)
        and not (f.failed and j.retries != 0)
        and not (f.with_retries_left and j.retries == 0)
        and not (f.timers and j.type != "timer")
        and not (f.messages and j.type != "message")
        and not (f.with_exception and not j.exception_message)
        and (f.due_before is None or (due is not None and due < f.due_before))
        and (f.due_after is None or (due is not None and due > f.due_after))
        and (f.suspended is None or j.suspended == f.suspended)
        and tenant_matches(f.tenant_ids, j.tenant_id)
    )


def definition_matches(f: JobDefinitionFilter, d: JobDefinition) -> bool:
    return (
        (f.id is None or d.id == f.id)
        and (f.process_definition_id is None or d.process_definition_id == f.process_definition_id)
        and (f.bpmn_process_id is None or d.bpmn_process_id == f.bpmn_process_id)
        and (f.activity_id is None or d.activity_id == f.activity_id)
        and (f.job_type is None or d.job_type == f.job_type)
        and (f.suspended is None or d.suspended == f.suspended)
    )


class FakeJobs(Area):
    area = "jobs"

    @engine_call(Capability.JOB_LIST)
    async def list(
        self, f: JobFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Job]:
        f = f or JobFilter()
        return self._core.page([j for j in self._data.jobs.values() if job_matches(f, j)], limit=limit, after=after)

    @engine_call(Capability.JOB_LIST)
    async def get(self, job_id: str) -> Job:
        return self._job(job_id)

    @engine_call(Capability.JOB_LIST)
    async def stacktrace(self, job_id: str) -> str:
        self._job(job_id)
        text = self._data.stacktraces.get(job_id)
        if text is None:
            raise self._core.missing("Stacktrace of job", job_id)
        return text

    @engine_call(Capability.JOB_EXECUTE, mutates=True)
    async def execute(self, job_id: str) -> None:
        """A job without an exception runs and is gone; a failing one answers with its exception."""
        job = self._job(job_id)
        if job.exception_message:
            raise self._core.refusal(job.exception_message)
        del self._data.jobs[job_id]

    @engine_call(Capability.JOB_RETRIES, mutates=True)
    async def set_retries(self, job_id: str, retries: int) -> None:
        self._retries(job_id, retries)

    @engine_call(Capability.JOB_RETRIES, mutates=True)
    async def set_retries_many(self, job_ids: tuple[str, ...], retries: int) -> Batch:
        if not job_ids:
            raise errors.BadRequest("No jobs to retry.")
        return self._data.run_batch("set-job-retries", job_ids, self._data.jobs, lambda i: self._retries(i, retries))

    @engine_call(Capability.JOB_DUE_DATE, mutates=True)
    async def set_due_date(self, job_id: str, due_date: datetime | None, *, cascade: bool = False) -> None:
        self._job(job_id)
        change(self._data.jobs, job_id, due_date=due_date or self._data.clock)

    @engine_call(Capability.JOB_DUE_DATE, mutates=True)
    async def recalculate_due_date(self, job_id: str, *, creation_date_based: bool = True) -> None:
        job = self._job(job_id)
        if job.type != "timer":
            raise self._core.refusal(f"Only timer jobs have their due date recalculated; job {job_id} is no timer")

    @engine_call(Capability.JOB_PRIORITY, mutates=True)
    async def set_priority(self, job_id: str, priority: int) -> None:
        self._job(job_id)
        change(self._data.jobs, job_id, priority=priority)

    @engine_call(Capability.JOB_DEFINITION_LIST)
    async def definitions(
        self, f: JobDefinitionFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[JobDefinition]:
        f = f or JobDefinitionFilter()
        found = [d for d in self._data.job_definitions.values() if definition_matches(f, d)]
        return self._core.page(found, limit=limit, after=after)

    @engine_call(Capability.JOB_DEFINITION_LIST)
    async def definition(self, definition_id: str) -> JobDefinition:
        return self._definition(definition_id)

    @engine_call(Capability.JOB_DEFINITION_SUSPEND, mutates=True)
    async def set_definition_suspended(
        self, definition_id: str, suspended: bool, *, include_jobs: bool = False
    ) -> None:
        self._definition(definition_id)
        change(self._data.job_definitions, definition_id, suspended=suspended)
        if include_jobs:
            for job in [j for j in self._data.jobs.values() if j.job_definition_id == definition_id]:
                change(self._data.jobs, job.id, suspended=suspended)

    def _retries(self, job_id: str, retries: int) -> None:
        self._job(job_id)
        change(self._data.jobs, job_id, retries=retries)
        if retries > 0:
            for incident_id in [i.id for i in self._data.incidents.values() if i.configuration == job_id]:
                del self._data.incidents[incident_id]

    def _job(self, job_id: str) -> Job:
        found = self._data.jobs.get(job_id)
        if found is None:
            raise self._core.missing("Job", job_id)
        return found

    def _definition(self, definition_id: str) -> JobDefinition:
        found = self._data.job_definitions.get(definition_id)
        if found is None:
            raise self._core.missing("Job definition", definition_id)
        return found


class FakeExternalTasks(Area):
    area = "external_tasks"

    @engine_call(Capability.EXTERNAL_TASK_LIST)
    async def list(
        self, f: ExternalTaskFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[ExternalTask]:
        f = f or ExternalTaskFilter()
        now = self._data.clock
        found = [
            t
            for t in self._data.external_tasks.values()
            if external_matches(f, t, now)
            and (not f.ids or t.id in f.ids)
            and (f.worker_id is None or t.worker_id == f.worker_id)
            and (f.activity_id is None or t.activity_id == f.activity_id)
            and (f.bpmn_process_id is None or t.bpmn_process_id == f.bpmn_process_id)
        ]
        return self._core.page(found, limit=limit, after=after)

    @engine_call(Capability.EXTERNAL_TASK_LIST)
    async def get(self, task_id: str) -> ExternalTask:
        return self._task(task_id)

    @engine_call(Capability.EXTERNAL_TASK_LIST)
    async def error_details(self, task_id: str) -> str:
        self._task(task_id)
        return self._data.stacktraces.get(task_id, "")

    @engine_call(Capability.EXTERNAL_TASK_UNLOCK, mutates=True)
    async def unlock(self, task_id: str) -> None:
        self._task(task_id)
        change(self._data.external_tasks, task_id, worker_id=None, lock_expiration_time=None)

    @engine_call(Capability.EXTERNAL_TASK_RETRIES, mutates=True)
    async def set_retries(self, task_id: str, retries: int) -> None:
        self._retries(task_id, retries)

    @engine_call(Capability.EXTERNAL_TASK_RETRIES, mutates=True)
    async def set_retries_many(self, task_ids: tuple[str, ...], retries: int) -> Batch:
        if not task_ids:
            raise errors.BadRequest("No external tasks to retry.")
        return self._data.run_batch(
            "set-external-task-retries", task_ids, self._data.external_tasks, lambda i: self._retries(i, retries)
        )

    @engine_call(Capability.EXTERNAL_TASK_PRIORITY, mutates=True)
    async def set_priority(self, task_id: str, priority: int) -> None:
        self._task(task_id)
        change(self._data.external_tasks, task_id, priority=priority)

    def _retries(self, task_id: str, retries: int) -> None:
        self._task(task_id)
        change(self._data.external_tasks, task_id, retries=retries)
        if retries > 0:
            for incident_id in [i.id for i in self._data.incidents.values() if i.configuration == task_id]:
                del self._data.incidents[incident_id]

    def _task(self, task_id: str) -> ExternalTask:
        found = self._data.external_tasks.get(task_id)
        if found is None:
            raise self._core.missing("External task", task_id)
        return found
