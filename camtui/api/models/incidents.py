"""Incidents, failed jobs and external tasks."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from camtui.api.models.base import Filter, Model, SortOrder
from camtui.api.models.jobs import Job

__all__ = ["ExternalTask", "ExternalTaskFilter", "Incident", "IncidentFilter", "IncidentSort", "Job"]


class Incident(Model):
    id: str
    type: str
    message: str | None = None
    timestamp: datetime | None = None
    activity_id: str | None = None
    failed_activity_id: str | None = None
    process_instance_id: str | None = None
    process_definition_id: str | None = None
    execution_id: str | None = None
    cause_incident_id: str | None = None
    root_cause_incident_id: str | None = None
    # the failing job's or external task's id (Camunda 7's incident `configuration`).
    # Camunda 7 only; None on Camunda 8, whose incidents name their job by jobKey (not modelled yet)
    configuration: str | None = None
    tenant_id: str | None = None
    annotation: str | None = None


class IncidentSort(StrEnum):
    ID = "id"
    TYPE = "type"
    MESSAGE = "message"
    TIMESTAMP = "timestamp"
    ACTIVITY_ID = "activity_id"
    PROCESS_INSTANCE_ID = "process_instance_id"
    PROCESS_DEFINITION_ID = "process_definition_id"
    TENANT_ID = "tenant_id"
    # issue 13 (audit): what else Camunda 8's incident search sorts by
    BPMN_PROCESS_ID = "bpmn_process_id"
    ELEMENT_INSTANCE = "element_instance"
    STATE = "state"
    JOB_ID = "job_id"


class IncidentFilter(Filter):
    id: str | None = None
    type: str | None = None
    message: str | None = None
    message_like: str | None = None
    activity_id: str | None = None
    process_definition_id: str | None = None
    bpmn_process_ids: tuple[str, ...] = ()
    process_instance_id: str | None = None
    tenant_ids: tuple[str, ...] = ()
    sort_by: IncidentSort | None = None
    sort_order: SortOrder = SortOrder.ASC
    # a time range (incidentTimestampAfter/Before), and the failing job's or external task's id
    after: datetime | None = None
    before: datetime | None = None
    configuration: str | None = None


class ExternalTask(Model):
    id: str
    topic: str
    worker_id: str | None = None
    lock_expiration_time: datetime | None = None
    retries: int | None = None
    error_message: str | None = None
    activity_id: str | None = None
    process_instance_id: str | None = None
    # the BPMN process id (Camunda 7's process definition key; Camunda 8's processDefinitionId)
    bpmn_process_id: str | None = None
    suspended: bool = False
    tenant_id: str | None = None
    priority: int | None = None
    business_key: str | None = None
    create_time: datetime | None = None


class ExternalTaskFilter(Filter):
    topic: str | None = None
    process_instance_id: str | None = None
    locked: bool = False
    not_locked: bool = False
    with_retries_left: bool = False
    no_retries_left: bool = False
    worker_id: str | None = None
    activity_id: str | None = None
    ids: tuple[str, ...] = ()
    bpmn_process_id: str | None = None
