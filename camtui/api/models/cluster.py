"""Camunda 8 only: the cluster's topology and license, roles, mapping rules, jobs, batch operations."""

from __future__ import annotations

from datetime import datetime

from camtui.api.models.base import Filter, Model, SortOrder
from camtui.api.models.jobs import Job
from camtui.api.models.jobs import JobFilter as JobFilter


class Partition(Model):
    partition_id: int
    role: str
    health: str


class Broker(Model):
    node_id: int
    host: str
    port: int
    version: str
    partitions: tuple[Partition, ...] = ()


class Topology(Model):
    cluster_size: int
    partitions_count: int
    replication_factor: int
    gateway_version: str
    brokers: tuple[Broker, ...] = ()
    cluster_id: str | None = None


class License(Model):
    valid: bool
    license_type: str
    commercial: bool = False
    expires_at: datetime | None = None


class Role(Model):
    id: str
    name: str | None = None
    description: str | None = None


class RoleFilter(Filter):
    id: str | None = None
    name: str | None = None
    # issue 13 (audit): sorted by the cluster (id, name)
    sort_by: str | None = None
    sort_order: SortOrder = SortOrder.ASC


class MappingRule(Model):
    id: str
    name: str | None = None
    claim_name: str
    claim_value: str


class MappingRuleFilter(Filter):
    id: str | None = None
    name: str | None = None
    claim_name: str | None = None
    claim_value: str | None = None
    # issue 13 (audit): sorted by the cluster (id, name, claim_name, claim_value)
    sort_by: str | None = None
    sort_order: SortOrder = SortOrder.ASC


# issue 13: Camunda 8's jobs are the one engine-neutral `Job` (camtui.api.models.jobs); the old
# names stay for code that imports them from here
C8Job = Job


class BatchOperation(Model):
    id: str
    type: str
    state: str
    total: int = 0
    completed: int = 0
    failed: int = 0
    start: datetime | None = None
    end: datetime | None = None
    errors: tuple[str, ...] = ()
    # issue 13 (audit): who started it (8.9+; None before), a field the search sorts by
    actor_type: str | None = None
    actor_id: str | None = None


class BatchOperationFilter(Filter):
    """issue 13 (audit): Camunda 8's batch operation search: its state and operation type (the
    spec's enums, e.g. ACTIVE, CANCEL_PROCESS_INSTANCE); sorted by the cluster, newest first when
    `sort_by` is None."""

    state: str | None = None
    type: str | None = None
    sort_by: str | None = None
    sort_order: SortOrder = SortOrder.ASC


class BatchOperationItem(Model):
    batch_operation_id: str
    item_key: str
    process_instance_id: str | None = None
    state: str
    error_message: str | None = None


class DecisionDefinition(Model):
    id: str
    decision_id: str
    name: str | None = None
    version: int
    decision_requirements_id: str | None = None
    tenant_id: str | None = None


class DecisionInstance(Model):
    id: str
    decision_id: str
    decision_name: str | None = None
    state: str
    evaluated: datetime | None = None
    failure: str | None = None
    result: str | None = None
    process_instance_id: str | None = None
    tenant_id: str | None = None


class DecisionEvaluation(Model):
    decision_id: str
    decision_definition_key: str
    output: str
    failure: str | None = None


class ClusterVariable(Model):
    name: str
    value: str
    scope: str = "GLOBAL"
    tenant_id: str | None = None


class AuditEntry(Model):
    id: str
    timestamp: datetime | None = None
    actor: str | None = None
    operation: str
    entity_type: str
    entity_key: str | None = None
    result: str | None = None
    tenant_id: str | None = None


class ErrorStatistic(Model):
    """Active process instances that fail with one error message."""

    error_message: str
    error_hash: int
    instances: int


class UsageMetrics(Model):
    process_instances: int = 0
    decision_instances: int = 0
    assignees: int = 0
    active_tenants: int = 0


class ElementStatistic(Model):
    """How many element instances of one BPMN element are in each state."""

    element_id: str
    active: int = 0
    canceled: int = 0
    incidents: int = 0
    completed: int = 0


class JobTypeStatistic(Model):
    """Jobs of one type in a time window: created, completed, failed, and by how many workers."""

    job_type: str
    created: int = 0
    completed: int = 0
    failed: int = 0
    workers: int = 0


class MessageSubscription(Model):
    """issue 13: a process waiting for (or started by) a message of `message_name`."""

    id: str
    message_name: str
    correlation_key: str | None = None
    state: str
    bpmn_process_id: str
    process_instance_id: str | None = None
    element_id: str
    updated: datetime | None = None
    tenant_id: str | None = None
