"""Jobs and their definitions. One `Job` for both engines (issue 13): Camunda 7's job executor jobs
(timers, async continuations, messages) and Camunda 8's jobs (what workers activate), the fields one
engine lacks left empty; one `JobFilter`, each engine refusing in words what it can not filter by."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from camtui.api.models.base import Filter, Model, SortOrder


class Job(Model):
    id: str
    retries: int
    exception_message: str | None = None
    failed_activity_id: str | None = None
    process_instance_id: str | None = None
    # the BPMN process id (Camunda 7's process definition key; Camunda 8's processDefinitionId)
    bpmn_process_id: str | None = None
    due_date: datetime | None = None
    suspended: bool = False
    tenant_id: str | None = None
    # what the jobs list shows (Camunda 7 names the type and activity on the job's definition)
    job_definition_id: str | None = None
    process_definition_id: str | None = None
    execution_id: str | None = None
    priority: int | None = None
    create_time: datetime | None = None
    # timer, message, async continuation, ... (the job definition's jobType, in words); Camunda 8:
    # the job type a worker subscribes to
    type: str | None = None
    # the BPMN element (Camunda 8's elementId)
    activity_id: str | None = None
    # -- Camunda 8 (empty on Camunda 7) --
    # CREATED, FAILED, ERROR_THROWN, COMPLETED, CANCELED, ...
    state: str | None = None
    # BPMN_ELEMENT, EXECUTION_LISTENER, TASK_LISTENER
    kind: str | None = None
    worker: str | None = None
    # until when the worker that activated it holds it
    deadline: datetime | None = None
    error_code: str | None = None
    element_instance_key: str | None = None

    @property
    def failed(self) -> bool:
        return self.retries == 0


class JobSort(StrEnum):
    """Issue 13 (audit): what the engines sort jobs by; the first nine both, the rest Camunda 8's
    search only (due_date Camunda 7's only). Each refuses what it lacks in words."""

    ID = "id"
    INSTANCE_ID = "instance_id"
    DEFINITION_ID = "definition_id"
    BPMN_PROCESS_ID = "bpmn_process_id"
    RETRIES = "retries"
    PRIORITY = "priority"
    TENANT_ID = "tenant_id"
    DUE_DATE = "due_date"
    CREATED = "created"
    DEADLINE = "deadline"
    ACTIVITY_ID = "activity_id"
    ELEMENT_INSTANCE = "element_instance"
    END_TIME = "end_time"
    ERROR_CODE = "error_code"
    ERROR_MESSAGE = "error_message"
    FAILED_WITH_RETRIES_LEFT = "failed_with_retries_left"
    DENIED = "denied"
    DENIED_REASON = "denied_reason"
    KIND = "kind"
    LISTENER_EVENT = "listener_event"
    STATE = "state"
    TYPE = "type"
    WORKER = "worker"


class JobFilter(Filter):
    ids: tuple[str, ...] = ()
    process_instance_id: str | None = None
    process_definition_id: str | None = None
    bpmn_process_id: str | None = None
    job_definition_id: str | None = None
    activity_id: str | None = None
    # only failed jobs (no retries left), only timers, only messages, only with retries left
    failed: bool = False
    timers: bool = False
    messages: bool = False
    with_retries_left: bool = False
    with_exception: bool = False
    due_before: datetime | None = None
    due_after: datetime | None = None
    suspended: bool | None = None
    tenant_ids: tuple[str, ...] = ()
    # -- Camunda 8 (Camunda 7 refuses them in words) --
    type: str | None = None
    state: str | None = None
    worker: str | None = None
    # one job by its key (Camunda 7: `ids`)
    key: str | None = None
    # issue 13 (audit): sorted by the engine
    sort_by: JobSort | None = None
    sort_order: SortOrder = SortOrder.ASC


class JobDefinition(Model):
    id: str
    # what kind of job: timer-intermediate-transition, async-continuation, message, ...
    job_type: str
    activity_id: str | None = None
    configuration: str | None = None
    process_definition_id: str | None = None
    bpmn_process_id: str | None = None
    suspended: bool = False
    overriding_priority: int | None = None
    tenant_id: str | None = None


class JobDefinitionFilter(Filter):
    id: str | None = None
    process_definition_id: str | None = None
    bpmn_process_id: str | None = None
    activity_id: str | None = None
    job_type: str | None = None
    suspended: bool | None = None


def job_kind(job_type: str | None) -> str:
    """The engine's job type in a word an operator uses."""
    if not job_type:
        return "?"
    if job_type.startswith("timer"):
        return "timer"
    if job_type == "async-continuation":
        return "async"
    if "message" in job_type or job_type.startswith("event"):
        return "message"
    if job_type.startswith("batch") or "batch" in job_type:
        return "batch"
    return job_type
