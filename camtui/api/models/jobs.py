"""Jobs (timers, async continuations, messages) and their definitions; the job itself is `Job`."""

from __future__ import annotations

from datetime import datetime

from camtui.api.models.base import Filter, Model


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
