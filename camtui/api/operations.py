"""Changes as typed values, so an engine can show the exact requests before it sends them.

`Engine.preview(op)` returns the requests an operation becomes on that engine; the area method that
performs it (e.g. `engine.deployments.delete`) sends exactly those. Plans quote the preview, which
is how the UI and the CLI show an engine's URLs without ever building one themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import Field, SecretStr

from camtui.api.models import (
    Authorization,
    AuthorizationType,
    Group,
    InstanceFilter,
    MigrationPlan,
    Modification,
    NewDeployment,
    Tenant,
    User,
    UserTask,
    VariableValue,
)
from camtui.api.models.base import Model


class Operation(Model):
    """Base of every change an engine can preview."""


class CreateDeployment(Operation):
    new: NewDeployment


class DeleteDeployment(Operation):
    deployment_id: str
    cascade: bool = False
    skip_custom_listeners: bool = False
    skip_io_mappings: bool = False


class Redeploy(Operation):
    deployment_id: str
    resource_ids: tuple[str, ...] = ()
    source: str | None = None


class StartInstance(Operation):
    definition_id: str | None = None
    # or the latest version of a BPMN process id (Camunda 7 calls it the definition key)
    bpmn_process_id: str | None = None
    tenant_id: str | None = None
    business_key: str | None = None
    variables: Mapping[str, VariableValue] = Field(default_factory=dict)


class DeleteInstance(Operation):
    instance_id: str
    skip_custom_listeners: bool = False
    skip_io_mappings: bool = False


class DeleteInstances(Operation):
    """Many instances at once, as one engine batch."""

    instance_ids: tuple[str, ...]
    reason: str | None = None
    skip_custom_listeners: bool = False
    skip_io_mappings: bool = False


class ClaimTask(Operation):
    task_id: str
    user_id: str


class UnclaimTask(Operation):
    task_id: str


class AssignTask(Operation):
    task_id: str
    user_id: str | None


class CompleteTask(Operation):
    task_id: str
    variables: Mapping[str, VariableValue] = Field(default_factory=dict)


# -- incidents, jobs and external tasks (issue 11) -------------------------------------------------


class SetJobRetries(Operation):
    job_id: str
    retries: int


class SetJobRetriesMany(Operation):
    """Many jobs at once, as one engine batch."""

    job_ids: tuple[str, ...]
    retries: int


class ExecuteJob(Operation):
    job_id: str


class SetJobDueDate(Operation):
    job_id: str
    due_date: datetime | None
    # a timer's later cycles move along with it
    cascade: bool = False


class RecalculateJobDueDate(Operation):
    job_id: str
    # from the timer's definition, counted from the job's creation (else from now)
    creation_date_based: bool = True


class SetJobPriority(Operation):
    job_id: str
    priority: int


class SuspendJobDefinition(Operation):
    job_definition_id: str
    suspended: bool
    include_jobs: bool = False


class SetExternalTaskRetries(Operation):
    task_id: str
    retries: int


class SetExternalTaskRetriesMany(Operation):
    """Many external tasks at once, as one engine batch."""

    task_ids: tuple[str, ...]
    retries: int


class UnlockExternalTask(Operation):
    task_id: str


class SetExternalTaskPriority(Operation):
    task_id: str
    priority: int


class ResolveIncident(Operation):
    incident_id: str


class AnnotateIncident(Operation):
    incident_id: str
    # None (or empty) clears it
    annotation: str | None


# -- user tasks and identity (issue 12) ----------------------------------------------------------
# passwords are SecretStr: a plan's preview and every repr show asterisks, only the wire sees them


class DelegateTask(Operation):
    task_id: str
    user_id: str


class ResolveTask(Operation):
    task_id: str
    variables: Mapping[str, VariableValue] = Field(default_factory=dict)


class UpdateTask(Operation):
    """Due date, follow-up date, priority: `task` is the task as it will be (Camunda 7 sends all of it)."""

    task: UserTask


class CommentTask(Operation):
    task_id: str
    message: str


class CreateUser(Operation):
    user: User
    password: SecretStr


class UpdateUser(Operation):
    user: User


class ChangePassword(Operation):
    user_id: str
    password: SecretStr
    # Camunda 7 asks for the password of the user making the change
    authenticated_user_password: SecretStr


class DeleteUser(Operation):
    user_id: str


class UnlockUser(Operation):
    user_id: str


class CreateGroup(Operation):
    group: Group


class UpdateGroup(Operation):
    group: Group


class DeleteGroup(Operation):
    group_id: str


class GroupMembership(Operation):
    group_id: str
    user_id: str
    add: bool


class CreateTenant(Operation):
    tenant: Tenant


class UpdateTenant(Operation):
    tenant: Tenant


class DeleteTenant(Operation):
    tenant_id: str


class TenantMembership(Operation):
    """A user or a group (exactly one) joins or leaves a tenant."""

    tenant_id: str
    user_id: str | None = None
    group_id: str | None = None
    add: bool


class CreateAuthorization(Operation):
    type: AuthorizationType
    permissions: tuple[str, ...]
    resource_type: str
    resource_id: str = "*"
    user_id: str | None = None
    group_id: str | None = None


class UpdateAuthorization(Operation):
    """`authorization` as it will be (same id)."""

    authorization: Authorization


class DeleteAuthorization(Operation):
    authorization_id: str


# -- issue 10: definitions and instances ---------------------------------------------------------


class SuspendDefinition(Operation):
    """Suspend (or activate, `suspended=False`) one definition version, optionally with its instances."""

    definition_id: str
    suspended: bool = True
    include_instances: bool = False


class SuspendInstance(Operation):
    instance_id: str
    suspended: bool = True


class DeleteDefinition(Operation):
    definition_id: str
    cascade: bool = False
    skip_custom_listeners: bool = False
    skip_io_mappings: bool = False


class SetVariables(Operation):
    """Set (create or overwrite) typed variables on one process instance."""

    instance_id: str
    variables: Mapping[str, VariableValue] = Field(default_factory=dict)


class ModifyInstance(Operation):
    """Start before/after activities and cancel activity instances of one process instance, all or none."""

    instance_id: str
    instructions: tuple[Modification, ...]
    skip_custom_listeners: bool = False
    skip_io_mappings: bool = False
    annotation: str | None = None


class MigrateInstances(Operation):
    """Move process instances to another definition version along a mapping; `batch`: as an engine batch."""

    plan: MigrationPlan
    instance_ids: tuple[str, ...]
    skip_custom_listeners: bool = False
    skip_io_mappings: bool = False
    batch: bool = False


class SuspendBatch(Operation):
    """Suspend (or resume, `suspended=False`) an engine batch."""

    batch_id: str
    suspended: bool = True


class DeleteBatch(Operation):
    """Delete an engine batch; `cascade` also deletes its history."""

    batch_id: str
    cascade: bool = False


class RestartInstances(Operation):
    """Start finished process instances again (from history) at the given activities."""

    definition_id: str
    instance_ids: tuple[str, ...]
    instructions: tuple[Modification, ...]
    initial_variables: bool = False
    without_business_key: bool = False
    skip_custom_listeners: bool = False
    skip_io_mappings: bool = False
    batch: bool = False


# -- issue 13: Camunda 8 only changes (Camunda 7 refuses each by its capability) -------------------


class BatchByFilter(Operation):
    """A Camunda 8 batch operation over every process instance a filter matches, frozen by the cluster
    when it starts. `kind` is the path's last word: `cancellation` or `incident-resolution`."""

    kind: str
    filter: InstanceFilter
    # issue 13, migration: the target definition's key and SOURCE->TARGET element id pairs
    target_definition_id: str | None = None
    mappings: tuple[tuple[str, str], ...] = ()
    # issue 13, modification: SOURCE->TARGET element ids whose tokens move
    moves: tuple[tuple[str, str], ...] = ()


class ControlBatch(Operation):
    """Suspend, resume or cancel a Camunda 8 batch operation: `suspension`, `resumption`, `cancellation`."""

    batch_id: str
    action: str


class UpdateC8Job(Operation):
    """A Camunda 8 job's retries and/or timeout (ms from now)."""

    job_id: str
    retries: int | None = None
    timeout_ms: int | None = None


class RoleMembership(Operation):
    """A user, group, client or mapping rule (`kind`: users, groups, clients, mapping-rules) joins or
    leaves a Camunda 8 role."""

    role_id: str
    kind: str
    member_id: str
    add: bool


class PublishMessage(Operation):
    name: str
    correlation_key: str = ""
    variables: Mapping[str, VariableValue] = Field(default_factory=dict)
    time_to_live_ms: int | None = None
    tenant_id: str | None = None


class BroadcastSignal(Operation):
    name: str
    variables: Mapping[str, VariableValue] = Field(default_factory=dict)
    tenant_id: str | None = None


class CorrelateMessage(Operation):
    """Correlate a message to the one subscription waiting for it now (Camunda 8): no buffering."""

    name: str
    correlation_key: str = ""
    variables: Mapping[str, VariableValue] = Field(default_factory=dict)
    tenant_id: str | None = None


class EvaluateDecision(Operation):
    """Evaluate a decision (Camunda 8) by its id (the latest version) or its key, with input variables."""

    decision_id: str | None = None
    key: str | None = None
    variables: Mapping[str, VariableValue] = Field(default_factory=dict)
    tenant_id: str | None = None


# -- issue 10: variables in full, batch suspend and set-variables (Camunda 7) ------------------------


class DeleteVariable(Operation):
    """Remove one variable from a process instance."""

    instance_id: str
    name: str


class SuspendInstances(Operation):
    """Suspend (or activate, `suspended=False`) many process instances as one engine batch."""

    instance_ids: tuple[str, ...]
    suspended: bool = True


class SetVariablesMany(Operation):
    """Set the same typed variables on many process instances as one engine batch."""

    instance_ids: tuple[str, ...]
    variables: Mapping[str, VariableValue] = Field(default_factory=dict)


class Membership(Operation):
    """A member (`kind`: users, groups, roles, clients, mapping-rules) joins or leaves a Camunda 8
    role, group or tenant (`owner`: roles, groups, tenants)."""

    owner: str
    owner_id: str
    kind: str
    member_id: str
    add: bool


class DeleteResource(Operation):
    """Delete one deployed resource of Camunda 8 (a process definition, decision requirements, a form)
    by its key."""

    resource_key: str


# -- issue 10: deleting ended process instances from history (Camunda 7) ----------------------------


class DeleteHistoricInstance(Operation):
    """Delete one ended process instance's history for good."""

    instance_id: str


class DeleteHistoricInstances(Operation):
    """Delete the history of many ended process instances for good, as one engine batch."""

    instance_ids: tuple[str, ...]


# -- issue 13 (audit): Camunda 8's roles and mapping rules made and deleted ---------------------------


class CreateRole(Operation):
    role_id: str
    name: str | None = None
    description: str | None = None


class DeleteRole(Operation):
    role_id: str


class CreateMappingRule(Operation):
    rule_id: str
    claim_name: str
    claim_value: str
    name: str | None = None


class DeleteMappingRule(Operation):
    rule_id: str


# issue 13 (audit): roles and mapping rules edited (PUT /roles/{id}, PUT /mapping-rules/{id})
class UpdateRole(Operation):
    role_id: str
    name: str
    description: str = ""


class UpdateMappingRule(Operation):
    rule_id: str
    name: str
    claim_name: str
    claim_value: str


# -- issue 13 (audit): cluster variables set and deleted (Camunda 8.9) ---------------------------------


class SetClusterVariable(Operation):
    """Create (`exists` False) or change a cluster variable; its value is a JSON object."""

    name: str
    value: Mapping[str, Any]
    tenant_id: str | None = None
    exists: bool = False


class DeleteClusterVariable(Operation):
    name: str
    tenant_id: str | None = None
