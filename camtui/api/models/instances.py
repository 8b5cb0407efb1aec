"""Process instances, their activity tree, and batches."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from camtui.api.models.base import Filter, Model, SortOrder


class ProcessInstance(Model):
    id: str
    definition_id: str | None = None
    # the BPMN process id of its definition (Camunda 7's definition key; Camunda 8's processDefinitionId)
    bpmn_process_id: str | None = None
    business_key: str | None = None
    suspended: bool = False
    ended: bool = False
    tenant_id: str | None = None
    # issue 10: known where the row came from history (Camunda 7's /history/process-instance) or
    # Camunda 8's search: when it started and ended, the engine's own state word, where it started
    start_time: datetime | None = None
    end_time: datetime | None = None
    state: str | None = None
    start_activity_id: str | None = None
    super_instance_id: str | None = None


class ActivityInstance(Model):
    id: str
    activity_id: str
    activity_name: str | None = None
    activity_type: str | None = None
    children: tuple[ActivityInstance, ...] = ()
    # transition instances (async continuations waiting) are leaves
    transitions: tuple[ActivityInstance, ...] = ()
    incident_ids: tuple[str, ...] = ()

    def walk(self) -> list[ActivityInstance]:
        """This node and every descendant, depth first."""
        out: list[ActivityInstance] = [self]
        for child in (*self.children, *self.transitions):
            out.extend(child.walk())
        return out


class Operator(StrEnum):
    EQ = "eq"
    NEQ = "neq"
    GT = "gt"
    GTEQ = "gteq"
    LT = "lt"
    LTEQ = "lteq"
    LIKE = "like"


class VariableCondition(Filter):
    name: str
    operator: Operator = Operator.EQ
    value: Any


class EndState(StrEnum):
    """Ended instances: `finished` is either way; `cancelled` was stopped by someone."""

    FINISHED = "finished"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class InstanceSort(StrEnum):
    ID = "id"
    BPMN_PROCESS_ID = "bpmn_process_id"
    DEFINITION_ID = "definition_id"
    TENANT_ID = "tenant_id"
    BUSINESS_KEY = "business_key"
    # issue 13 (audit): what else Camunda 8's search sorts by (Camunda 7's history: names, version, times)
    DEFINITION_NAME = "definition_name"
    DEFINITION_VERSION = "definition_version"
    VERSION_TAG = "version_tag"
    PARENT_INSTANCE = "parent_instance"
    PARENT_ELEMENT = "parent_element"
    START_TIME = "start_time"
    END_TIME = "end_time"
    SUSPENDED_TIME = "suspended_time"
    STATE = "state"
    WITH_INCIDENT = "with_incident"


class InstanceFilter(Filter):
    ids: tuple[str, ...] = ()
    definition_id: str | None = None
    bpmn_process_id: str | None = None
    business_key: str | None = None
    business_key_like: str | None = None
    deployment_id: str | None = None
    active: bool = False
    suspended: bool = False
    with_incident: bool = False
    incident_type: str | None = None
    activity_ids: tuple[str, ...] = ()
    tenant_ids: tuple[str, ...] = ()
    without_tenant: bool = False
    variables: tuple[VariableCondition, ...] = ()
    sort_by: InstanceSort | None = None
    sort_order: SortOrder = SortOrder.ASC
    # issue 10: the call hierarchy: the instances this one called, and the one that called this one
    super_instance_id: str | None = None
    sub_instance_id: str | None = None
    # issue 10: ended instances and time ranges, which only history knows (see `needs_history`)
    end_state: EndState | None = None
    started_after: datetime | None = None
    started_before: datetime | None = None
    ended_after: datetime | None = None
    ended_before: datetime | None = None
    # a version of `bpmn_process_id` (resolved to its definition where the engine needs an id)
    definition_version: int | None = None
    # issue 10: running and ended ones alike (from history on Camunda 7): an ended instance's calls
    with_ended: bool = False

    @property
    def needs_history(self) -> bool:
        """Whether this query asks about ended instances or times, which a runtime list of running
        instances cannot answer: the one place that decides (Camunda 7 then asks its history)."""
        return (
            self.with_ended
            or self.end_state is not None
            or any(
                t is not None for t in (self.started_after, self.started_before, self.ended_after, self.ended_before)
            )
        )


class ModificationKind(StrEnum):
    START_BEFORE = "startBeforeActivity"
    START_AFTER = "startAfterActivity"
    CANCEL = "cancel"


class Modification(Filter):
    """One instruction: start before/after `activity_id`, or cancel `activity_instance_id`
    (or every instance of `activity_id`)."""

    kind: ModificationKind
    activity_id: str | None = None
    activity_instance_id: str | None = None


class Batch(Model):
    id: str
    type: str
    total_jobs: int = 0
    jobs_created: int = 0
    suspended: bool = False
    tenant_id: str | None = None
    create_user_id: str | None = None
    start_time: datetime | None = None


class BatchProgress(Model):
    """How far a batch is; `finished` once the engine no longer runs it."""

    id: str
    total_jobs: int
    completed_jobs: int
    remaining_jobs: int
    failed_jobs: int
    finished: bool


class ElementStates(Model):
    """Where one instance is, per BPMN element id: its active elements (how many activity instances
    each), those with open incidents, and those it has passed (None where the engine's history can
    not tell)."""

    active: dict[str, int] = Field(default_factory=dict)
    incidents: dict[str, int] = Field(default_factory=dict)
    passed: tuple[str, ...] | None = None


# -- issue 10: migration -------------------------------------------------------------------------


class MigrationInstruction(Model):
    """Activities of the source version mapped to activities of the target version (usually one to one)."""

    source_activity_ids: tuple[str, ...]
    target_activity_ids: tuple[str, ...]
    update_event_trigger: bool = False


class MigrationPlan(Model):
    source_definition_id: str
    target_definition_id: str
    instructions: tuple[MigrationInstruction, ...] = ()


# -- issue 10: batches --------------------------------------------------------------------------


class BatchStatus(Model):
    """A batch with its progress: running (the engine's statistics) or finished (its history)."""

    id: str
    type: str
    total_jobs: int = 0
    completed_jobs: int = 0
    remaining_jobs: int = 0
    failed_jobs: int = 0
    suspended: bool = False
    create_user_id: str | None = None
    tenant_id: str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    finished: bool = False


class BatchFilter(Filter):
    # False: the running batches; True: the finished ones (from history)
    finished: bool = False
    type: str | None = None
    # issue 13 (audit): running batches only (a finished one is never suspended); None: either
    suspended: bool | None = None
    # issue 13 (audit): sorted by the engine (running: id, tenant_id; finished also start_time,
    # end_time); None keeps the default (running by id, finished newest first)
    sort_by: str | None = None
    sort_order: SortOrder = SortOrder.ASC


# -- issue 10: an instance's history record (start, end, root) -----------------------------------


class InstanceHistory(Model):
    """When an instance started and ended and where it sits in its call hierarchy (Camunda 7 history).

    `state`: ACTIVE, SUSPENDED, COMPLETED, EXTERNALLY_TERMINATED, INTERNALLY_TERMINATED."""

    id: str
    state: str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    root_instance_id: str | None = None
    super_instance_id: str | None = None
    delete_reason: str | None = None
