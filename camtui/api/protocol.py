"""The engine-neutral service protocol: what every engine implementation offers.

Screens and commands are typed against `Engine`, never against an implementation, so a Camunda 8
engine can take the place of Camunda 7 without changing them. An operation an engine cannot do
raises `UnsupportedByEngine`; `Engine.capabilities` says beforehand what it can.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from camtui.api.capabilities import Capability
from camtui.api.connection import Connection
from camtui.api.errors import UnsupportedByEngine
from camtui.api.models.base import SortOrder
from camtui.api.paging import DEFAULT_LIMIT, Page
from camtui.api.plan import PlannedRequest

# only the checker needs the models and operations named in these signatures: importing them
# would build every area's pydantic classes for any command (issue 15)
if TYPE_CHECKING:
    from camtui.api.models import (
        ActivityInstance,
        Authorization,
        AuthorizationFilter,
        AuthorizationType,
        Batch,
        BatchFilter,
        BatchProgress,
        BatchStatus,
        Comment,
        CurrentUser,
        DefinitionFilter,
        Deployment,
        DeploymentFilter,
        DeploymentResult,
        ElementStates,
        ElementStatistics,
        EngineInfo,
        ExternalTask,
        ExternalTaskFilter,
        Group,
        GroupFilter,
        Incident,
        IncidentFilter,
        InstanceFilter,
        InstanceHistory,
        Job,
        JobDefinition,
        JobDefinitionFilter,
        JobFilter,
        MigrationPlan,
        Modification,
        NewDeployment,
        ProcessDefinition,
        ProcessInstance,
        Resource,
        TaskFilter,
        TaskLink,
        TaskLinkChange,
        Tenant,
        TenantFilter,
        User,
        UserFilter,
        UserTask,
        Variable,
        VariableValue,
    )
    from camtui.api.models.cluster import (
        AuditEntry,
        BatchOperation,
        BatchOperationFilter,
        BatchOperationItem,
        C8Job,
        ClusterVariable,
        DecisionDefinition,
        DecisionEvaluation,
        DecisionInstance,
        ErrorStatistic,
        JobTypeStatistic,
        License,
        MappingRule,
        MappingRuleFilter,
        MessageSubscription,
        Role,
        RoleFilter,
        Topology,
        UsageMetrics,
    )
    from camtui.api.models.cluster import JobFilter as C8JobFilter
    from camtui.api.models.resources import DeployedResource, ResourceDeployment
    from camtui.api.operations import BatchByFilter, Operation

# Every method that only some engines have names the capability that gates it (`# gated: ...`) and
# sits at the end of its area, under "Camunda 7 only (capability-gated)"; an engine without that
# capability raises `UnsupportedByEngine(capability=...)`. Counting is `(await area.list(f, limit=1)).total`
# (with `Page.total_exact`: Camunda 8 caps its totals), never a method of its own.


class Deployments(Protocol):
    async def create(self, new: NewDeployment) -> DeploymentResult: ...

    # -- Camunda 7 only (capability-gated) --
    # Camunda 8 deploys, but has no deployment entity to list, redeploy or delete, and keeps its
    # resources outside deployments
    # gated: Capability.DEPLOYMENT_LIST (Camunda 7 only)
    async def list(
        self, f: DeploymentFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Deployment]: ...
    # gated: Capability.DEPLOYMENT_LIST (Camunda 7 only)
    async def get(self, deployment_id: str) -> Deployment: ...
    # gated: Capability.DEPLOYMENT_REDEPLOY (Camunda 7 only)
    async def redeploy(
        self, deployment_id: str, *, resource_ids: tuple[str, ...] = (), source: str | None = None
    ) -> DeploymentResult: ...
    # gated: Capability.DEPLOYMENT_DELETE (Camunda 7 only)
    async def delete(
        self,
        deployment_id: str,
        *,
        cascade: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None: ...
    # deployment-scoped resources
    # gated: Capability.RESOURCE_CONTENT (Camunda 7 only)
    async def resources(self, deployment_id: str) -> tuple[Resource, ...]: ...
    # gated: Capability.RESOURCE_CONTENT (Camunda 7 only)
    async def resource(self, deployment_id: str, resource_id: str) -> Resource: ...
    # gated: Capability.RESOURCE_CONTENT (Camunda 7 only)
    async def resource_content(self, deployment_id: str, resource_id: str) -> bytes: ...


class Definitions(Protocol):
    async def list(
        self,
        f: DefinitionFilter | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        after: str | None = None,
        with_statistics: bool = False,
    ) -> Page[ProcessDefinition]: ...
    async def get(self, definition_id: str) -> ProcessDefinition: ...
    async def get_latest(self, bpmn_process_id: str, *, tenant_id: str | None = None) -> ProcessDefinition: ...
    async def xml(self, definition_id: str) -> str: ...
    async def start(
        self,
        *,
        definition_id: str | None = None,
        bpmn_process_id: str | None = None,
        tenant_id: str | None = None,
        business_key: str | None = None,
        variables: Mapping[str, VariableValue] | None = None,
    ) -> ProcessInstance: ...
    # per BPMN element: running instances waiting there and open incidents (the diagram's counts);
    # an element with neither may be left out
    async def element_statistics(self, definition_id: str) -> tuple[ElementStatistics, ...]: ...

    # -- Camunda 7 only (capability-gated) --
    # gated: Capability.DEFINITION_SUSPEND (Camunda 7 only)
    async def set_suspended(self, definition_id: str, suspended: bool, *, include_instances: bool = False) -> None: ...
    # gated: Capability.DEFINITION_SUSPEND (Camunda 7 only)
    async def set_suspended_by_key(
        self,
        bpmn_process_id: str,
        suspended: bool,
        *,
        include_instances: bool = False,
        execution_date: datetime | None = None,
    ) -> None: ...
    # gated: Capability.DEFINITION_DELETE (Camunda 7 only)
    async def delete(
        self,
        definition_id: str,
        *,
        cascade: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None: ...


class Instances(Protocol):
    async def list(
        self, f: InstanceFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[ProcessInstance]: ...
    async def get(self, instance_id: str) -> ProcessInstance: ...
    async def variables(self, instance_id: str, *, deserialize: bool = False) -> tuple[Variable, ...]: ...
    async def variable(self, instance_id: str, name: str) -> Variable: ...
    async def file_variable_content(self, instance_id: str, name: str) -> bytes: ...
    async def set_variables(self, instance_id: str, values: Mapping[str, VariableValue]) -> None: ...
    async def delete(
        self,
        instance_id: str,
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None: ...
    async def modify(
        self,
        instance_id: str,
        instructions: tuple[Modification, ...],
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
        annotation: str | None = None,
    ) -> None: ...
    # where the instance is on its diagram: active elements, incidents, and (history allowing) passed ones
    async def element_states(self, instance_id: str) -> ElementStates: ...

    # -- Camunda 7 only (capability-gated) --
    # gated: Capability.INSTANCE_ACTIVITY_TREE (Camunda 7 only)
    async def activity_tree(self, instance_id: str) -> ActivityInstance: ...
    # gated: Capability.INSTANCE_SUSPEND (Camunda 7 only)
    async def set_suspended(self, instance_id: str, suspended: bool) -> None: ...
    # gated: Capability.INSTANCE_DELETE_BATCH (Camunda 7 only)
    async def delete_many(
        self,
        instance_ids: tuple[str, ...],
        *,
        reason: str | None = None,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> Batch: ...
    # gated: Capability.INSTANCE_DELETE_BATCH (Camunda 7 only)
    async def batch_progress(self, batch_id: str) -> BatchProgress: ...
    # issue 10: migration, the engine proposing the mapping and validating it before anything moves
    # gated: Capability.INSTANCE_MIGRATE (Camunda 7 only)
    async def migration_plan(self, source_definition_id: str, target_definition_id: str) -> MigrationPlan: ...
    # the engine's objections to a plan, in its words (empty: valid)
    # gated: Capability.INSTANCE_MIGRATE (Camunda 7 only)
    async def validate_migration(self, plan: MigrationPlan) -> tuple[str, ...]: ...
    # gated: Capability.INSTANCE_MIGRATE (Camunda 7 only)
    async def migrate(
        self,
        plan: MigrationPlan,
        instance_ids: tuple[str, ...],
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None: ...
    # issue 10: finished instances (history) and restarting them
    # gated: Capability.INSTANCE_RESTART (Camunda 7 only)
    async def historic_instance(self, instance_id: str) -> ProcessInstance: ...
    # instances started since `since` with this business key (did a start whose answer was lost happen?)
    # gated: Capability.INSTANCE_RESTART (Camunda 7 only)
    async def started_since(
        self,
        business_key: str,
        since: datetime,
        *,
        bpmn_process_id: str | None = None,
        definition_id: str | None = None,
    ) -> tuple[ProcessInstance, ...]: ...
    # gated: Capability.INSTANCE_RESTART (Camunda 7 only)
    async def restart(
        self,
        definition_id: str,
        instance_ids: tuple[str, ...],
        instructions: tuple[Modification, ...],
        *,
        initial_variables: bool = False,
        without_business_key: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None: ...
    # gated: Capability.INSTANCE_RESTART (Camunda 7 only)
    async def restart_many(
        self,
        definition_id: str,
        instance_ids: tuple[str, ...],
        instructions: tuple[Modification, ...],
        *,
        initial_variables: bool = False,
        without_business_key: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> Batch: ...
    # issue 10: batches (`:batch`)
    # gated: Capability.BATCH_LIST (Camunda 7 only)
    async def batches(
        self, f: BatchFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[BatchStatus]: ...
    # gated: Capability.BATCH_LIST (Camunda 7 only)
    async def batch(self, batch_id: str) -> BatchStatus: ...
    # gated: Capability.BATCH_LIST (Camunda 7 only)
    async def set_batch_suspended(self, batch_id: str, suspended: bool) -> None: ...
    # gated: Capability.BATCH_LIST (Camunda 7 only)
    async def delete_batch(self, batch_id: str, *, cascade: bool = False) -> None: ...
    # the failed jobs of a running batch, with the engine's exception messages
    # gated: Capability.BATCH_LIST (Camunda 7 only)
    async def batch_failed_jobs(self, batch_id: str) -> tuple[Job, ...]: ...
    # gated: Capability.INSTANCE_MIGRATE (Camunda 7 only)
    async def migrate_many(
        self,
        plan: MigrationPlan,
        instance_ids: tuple[str, ...],
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> Batch: ...
    # issue 10: batch suspend and set-variables, an instance's history record
    # gated: Capability.INSTANCE_DELETE_BATCH (Camunda 7 only)
    async def set_suspended_many(self, instance_ids: tuple[str, ...], suspended: bool) -> Batch: ...
    # gated: Capability.INSTANCE_DELETE_BATCH (Camunda 7 only)
    async def set_variables_many(self, instance_ids: tuple[str, ...], values: Mapping[str, VariableValue]) -> Batch: ...
    # gated: Capability.INSTANCE_VARIABLE_DELETE (Camunda 7 only)
    async def delete_variable(self, instance_id: str, name: str) -> None: ...
    # gated: Capability.INSTANCE_HISTORY (Camunda 7 only)
    async def history(self, instance_id: str) -> InstanceHistory: ...
    # issue 10: the variables of an instance that has ended (its last values, from history)
    # gated: Capability.INSTANCE_RESTART (Camunda 7 only)
    async def historic_variables(self, instance_id: str) -> tuple[Variable, ...]: ...
    # issue 10: delete ended instances from history for good (one, or many as an engine batch)
    # gated: Capability.INSTANCE_HISTORY_DELETE (Camunda 7 only)
    async def delete_history(self, instance_id: str) -> None: ...
    # gated: Capability.INSTANCE_HISTORY_DELETE (Camunda 7 only)
    async def delete_history_many(self, instance_ids: tuple[str, ...]) -> Batch: ...


class Incidents(Protocol):
    async def list(
        self, f: IncidentFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Incident]: ...
    async def get(self, incident_id: str) -> Incident: ...
    async def job(self, job_id: str) -> Job: ...
    async def stacktrace(self, incident: Incident) -> str: ...
    async def set_job_retries(self, job_id: str, retries: int) -> None: ...
    async def set_job_retries_many(self, job_ids: tuple[str, ...], retries: int) -> Batch: ...
    async def retry(self, incident: Incident, retries: int = 1) -> None: ...
    async def resolve(self, incident_id: str) -> None: ...

    # -- Camunda 7 only (capability-gated) --
    # gated: Capability.INCIDENT_ANNOTATE (Camunda 7 only)
    async def annotate(self, incident_id: str, annotation: str | None) -> None: ...
    # external tasks are their own entity on Camunda 7 only (Camunda 8 has jobs)
    # gated: Capability.EXTERNAL_TASK_LIST (Camunda 7 only)
    async def external_tasks(
        self, f: ExternalTaskFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[ExternalTask]: ...
    # gated: Capability.EXTERNAL_TASK_LIST (Camunda 7 only)
    async def unlock_external_task(self, task_id: str) -> None: ...
    # gated: Capability.EXTERNAL_TASK_LIST (Camunda 7 only)
    async def set_external_task_retries(self, task_id: str, retries: int) -> None: ...


class Jobs(Protocol):
    # Camunda 7's job executor jobs (timers, async continuations, messages) and Camunda 8's jobs (what
    # workers activate), one `Job` model (issue 13); Camunda 8's stack trace is the worker's message.
    # Every method needs Capability.JOB_LIST, which both engine families have
    async def list(
        self, f: JobFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Job]: ...
    async def get(self, job_id: str) -> Job: ...
    async def stacktrace(self, job_id: str) -> str: ...

    # -- Camunda 7 only (capability-gated) --
    # gated: Capability.JOB_EXECUTE (Camunda 7 only)
    async def execute(self, job_id: str) -> None: ...
    # gated: Capability.JOB_RETRIES (Camunda 7 only)
    async def set_retries(self, job_id: str, retries: int) -> None: ...
    # gated: Capability.JOB_RETRIES (Camunda 7 only)
    async def set_retries_many(self, job_ids: tuple[str, ...], retries: int) -> Batch: ...
    # gated: Capability.JOB_DUE_DATE (Camunda 7 only)
    async def set_due_date(self, job_id: str, due_date: datetime | None, *, cascade: bool = False) -> None: ...
    # gated: Capability.JOB_DUE_DATE (Camunda 7 only)
    async def recalculate_due_date(self, job_id: str, *, creation_date_based: bool = True) -> None: ...
    # gated: Capability.JOB_PRIORITY (Camunda 7 only)
    async def set_priority(self, job_id: str, priority: int) -> None: ...
    # gated: Capability.JOB_DEFINITION_LIST (Camunda 7 only)
    async def definitions(
        self, f: JobDefinitionFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[JobDefinition]: ...
    # gated: Capability.JOB_DEFINITION_LIST (Camunda 7 only)
    async def definition(self, definition_id: str) -> JobDefinition: ...
    # gated: Capability.JOB_DEFINITION_SUSPEND (Camunda 7 only)
    async def set_definition_suspended(
        self, definition_id: str, suspended: bool, *, include_jobs: bool = False
    ) -> None: ...


class ExternalTasks(Protocol):
    # -- Camunda 7 only (capability-gated) --
    # gated: Capability.EXTERNAL_TASK_LIST (Camunda 7 only)
    async def list(
        self, f: ExternalTaskFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[ExternalTask]: ...
    # gated: Capability.EXTERNAL_TASK_LIST (Camunda 7 only)
    async def get(self, task_id: str) -> ExternalTask: ...
    # gated: Capability.EXTERNAL_TASK_LIST (Camunda 7 only)
    async def error_details(self, task_id: str) -> str: ...
    # gated: Capability.EXTERNAL_TASK_UNLOCK (Camunda 7 only)
    async def unlock(self, task_id: str) -> None: ...
    # gated: Capability.EXTERNAL_TASK_RETRIES (Camunda 7 only)
    async def set_retries(self, task_id: str, retries: int) -> None: ...
    # gated: Capability.EXTERNAL_TASK_RETRIES (Camunda 7 only)
    async def set_retries_many(self, task_ids: tuple[str, ...], retries: int) -> Batch: ...
    # gated: Capability.EXTERNAL_TASK_PRIORITY (Camunda 7 only)
    async def set_priority(self, task_id: str, priority: int) -> None: ...


class Tasks(Protocol):
    async def list(
        self, f: TaskFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[UserTask]: ...
    async def get(self, task_id: str) -> UserTask: ...
    async def claim(self, task_id: str, user_id: str) -> None: ...
    async def unclaim(self, task_id: str) -> None: ...
    async def set_assignee(self, task_id: str, user_id: str | None) -> None: ...
    async def complete(self, task_id: str, variables: Mapping[str, VariableValue] | None = None) -> None: ...
    # due date, follow-up date and priority: `task` as it will be
    async def update(self, task: UserTask) -> None: ...
    async def form_variables(self, task_id: str) -> tuple[Variable, ...]: ...
    # the task's Camunda Form as JSON, None when it has none (then its form variables make the form)
    async def deployed_form(self, task_id: str) -> dict[str, Any] | None: ...
    async def variables(self, task_id: str) -> tuple[Variable, ...]: ...

    # -- Camunda 7 only (capability-gated) --
    # gated: Capability.TASK_DELEGATE (Camunda 7 only)
    async def delegate(self, task_id: str, user_id: str) -> None: ...
    # gated: Capability.TASK_DELEGATE (Camunda 7 only)
    async def resolve(self, task_id: str, variables: Mapping[str, VariableValue] | None = None) -> None: ...
    # gated: Capability.TASK_COMMENTS (Camunda 7 only)
    async def comments(self, task_id: str) -> tuple[Comment, ...]: ...
    # gated: Capability.TASK_COMMENTS (Camunda 7 only)
    async def add_comment(self, task_id: str, message: str) -> Comment: ...
    # gated: Capability.TASK_HISTORY (Camunda 7 only)
    async def links(self, task_id: str) -> tuple[TaskLink, ...]: ...
    # gated: Capability.TASK_HISTORY (Camunda 7 only)
    async def link_history(self, task_id: str) -> tuple[TaskLinkChange, ...]: ...


# -- identity: one area each; every method needs its IDENTITY_* capability (both engine families have them)


class Users(Protocol):
    async def list(
        self, f: UserFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[User]: ...
    async def get(self, user_id: str) -> User: ...
    async def create(self, user: User, password: str) -> None: ...
    async def update(self, user: User) -> None: ...
    async def change_password(self, user_id: str, password: str, authenticated_user_password: str) -> None: ...
    async def delete(self, user_id: str) -> None: ...

    # -- Camunda 7 only (capability-gated) --
    # gated: Capability.IDENTITY_UNLOCK (Camunda 7 only)
    async def unlock(self, user_id: str) -> None: ...


class Groups(Protocol):
    async def list(
        self, f: GroupFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Group]: ...
    async def get(self, group_id: str) -> Group: ...
    async def create(self, group: Group) -> None: ...
    async def update(self, group: Group) -> None: ...
    async def delete(self, group_id: str) -> None: ...
    async def add_member(self, group_id: str, user_id: str) -> None: ...
    async def remove_member(self, group_id: str, user_id: str) -> None: ...


class Tenants(Protocol):
    async def list(
        self, f: TenantFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Tenant]: ...
    async def get(self, tenant_id: str) -> Tenant: ...
    async def create(self, tenant: Tenant) -> None: ...
    async def update(self, tenant: Tenant) -> None: ...
    async def delete(self, tenant_id: str) -> None: ...
    async def add_user(self, tenant_id: str, user_id: str) -> None: ...
    async def remove_user(self, tenant_id: str, user_id: str) -> None: ...
    async def add_group(self, tenant_id: str, group_id: str) -> None: ...
    async def remove_group(self, tenant_id: str, group_id: str) -> None: ...


class Authorizations(Protocol):
    async def list(
        self, f: AuthorizationFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Authorization]: ...
    async def get(self, authorization_id: str) -> Authorization: ...
    # `type` GLOBAL and REVOKE are Camunda 7 only; Camunda 8 authorizations only grant
    async def create(
        self,
        *,
        type: AuthorizationType,
        permissions: tuple[str, ...],
        resource_type: str,
        resource_id: str = "*",
        user_id: str | None = None,
        group_id: str | None = None,
    ) -> Authorization: ...
    async def update(
        self, authorization_id: str, *, permissions: tuple[str, ...], resource_id: str | None = None
    ) -> None: ...
    async def delete(self, authorization_id: str) -> None: ...


# Camunda 8 only: `Roles` (Capability.IDENTITY_ROLES) and `MappingRules` (Capability.IDENTITY_MAPPING_RULES)
# are defined at the end of this module and reached with `roles_of(engine)` / `mapping_rules_of(engine)`,
# which refuse an engine without the capability.


class Info(Protocol):
    async def engine(self) -> EngineInfo: ...
    async def health(self) -> bool: ...
    async def current_user(self) -> CurrentUser: ...


class Engine(Protocol):
    """One connected engine. Read-only attributes, so each implementation brings its own area types."""

    @property
    def connection(self) -> Connection: ...
    @property
    def capabilities(self) -> frozenset[Capability]: ...
    @property
    def deployments(self) -> Deployments: ...
    @property
    def definitions(self) -> Definitions: ...
    @property
    def instances(self) -> Instances: ...
    @property
    def incidents(self) -> Incidents: ...
    @property
    def tasks(self) -> Tasks: ...
    @property
    def users(self) -> Users: ...
    @property
    def groups(self) -> Groups: ...
    @property
    def tenants(self) -> Tenants: ...
    @property
    def authorizations(self) -> Authorizations: ...
    # Camunda 8 only: `roles` and `mapping_rules`, reached through `roles_of` / `mapping_rules_of` below
    @property
    def info(self) -> Info: ...
    # Camunda 7 only: every method is gated (Capability.JOB_* and EXTERNAL_TASK_*)
    @property
    def jobs(self) -> Jobs: ...
    @property
    def external_tasks(self) -> ExternalTasks: ...

    def preview(self, operation: Operation) -> tuple[PlannedRequest, ...]:
        """The requests `operation` becomes, exactly as the area method that performs it sends them."""
        ...

    async def aclose(self) -> None: ...

    async def __aenter__(self) -> Engine: ...

    async def __aexit__(self, *exc: object) -> None: ...


# -- Camunda 8 only (capability-gated): areas Camunda 7 has not got --------------------------------


class Roles(Protocol):
    async def list(
        self, f: RoleFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Role]: ...
    async def get(self, role_id: str) -> Role: ...
    async def create(self, role: Role) -> None: ...
    async def update(self, role: Role) -> None: ...
    async def delete(self, role_id: str) -> None: ...
    # the ids of the role's `users`, `groups`, `clients` or `mapping-rules`
    async def members(self, role_id: str, kind: str = "users") -> tuple[str, ...]: ...
    async def set_membership(self, role_id: str, kind: str, member_id: str, *, add: bool) -> None: ...


class MappingRules(Protocol):
    async def list(
        self, f: MappingRuleFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[MappingRule]: ...
    async def get(self, rule_id: str) -> MappingRule: ...
    async def create(self, rule: MappingRule) -> None: ...
    async def update(self, rule: MappingRule) -> None: ...
    async def delete(self, rule_id: str) -> None: ...


def roles_of(engine: Engine) -> Roles:
    """The engine's roles (Camunda 8); UnsupportedByEngine on an engine without Capability.IDENTITY_ROLES."""
    area: Roles | None = getattr(engine, "roles", None)
    if area is None or Capability.IDENTITY_ROLES not in engine.capabilities:
        raise UnsupportedByEngine("This engine has no roles.", capability=Capability.IDENTITY_ROLES)
    return area


def mapping_rules_of(engine: Engine) -> MappingRules:
    """The engine's mapping rules (Camunda 8); UnsupportedByEngine without Capability.IDENTITY_MAPPING_RULES."""
    area: MappingRules | None = getattr(engine, "mapping_rules", None)
    if area is None or Capability.IDENTITY_MAPPING_RULES not in engine.capabilities:
        raise UnsupportedByEngine("This engine has no mapping rules.", capability=Capability.IDENTITY_MAPPING_RULES)
    return area


# -- issue 13: the other Camunda 8 only areas the console lists (capability-gated) -----------------


class Cluster(Protocol):
    async def topology(self) -> Topology: ...


class C8JobSearch(Protocol):
    async def search(
        self, f: C8JobFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[C8Job]: ...
    async def update(self, job_id: str, *, retries: int | None = None, timeout_ms: int | None = None) -> None: ...


class Batches(Protocol):
    # issue 13 (audit): filtered by state and type, sorted by any field the search sorts by
    async def list(
        self, f: BatchOperationFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[BatchOperation]: ...
    async def get(self, batch_id: str) -> BatchOperation: ...
    async def items(
        self, batch_id: str, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[BatchOperationItem]: ...
    async def suspend(self, batch_id: str) -> None: ...
    async def resume(self, batch_id: str) -> None: ...
    async def cancel(self, batch_id: str) -> None: ...


class InstanceBatches(Protocol):
    async def batch_operation(
        self, kind: str, f: InstanceFilter, extra: Mapping[str, Any] | None = None
    ) -> BatchOperation: ...
    # issue 13: any batch over a filter, migration and modification included, as the operation says
    async def start_batch(self, o: BatchByFilter) -> BatchOperation: ...


class Decisions(Protocol):
    async def list(
        self,
        *,
        decision_id: str | None = None,
        latest_only: bool = False,
        limit: int = DEFAULT_LIMIT,
        after: str | None = None,
        # issue 13 (audit): one of the search's sort fields (C8Decisions' SORT_NAMES)
        sort_by: str | None = None,
        sort_order: SortOrder = SortOrder.ASC,
    ) -> Page[DecisionDefinition]: ...
    async def get(self, key: str) -> DecisionDefinition: ...
    async def instances(
        self, *, decision_id: str | None = None, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[DecisionInstance]: ...
    # issue 13: evaluate by id (the latest version) or by key
    async def evaluate(
        self,
        *,
        decision_id: str | None = None,
        key: str | None = None,
        variables: Mapping[str, VariableValue] | None = None,
        tenant_id: str | None = None,
    ) -> DecisionEvaluation: ...


class AuditLog(Protocol):
    async def list(
        self,
        *,
        actor: str | None = None,
        entity_type: str | None = None,
        operation: str | None = None,
        limit: int = DEFAULT_LIMIT,
        after: str | None = None,
    ) -> Page[AuditEntry]: ...


class ClusterVariables(Protocol):
    async def list(self, *, limit: int = DEFAULT_LIMIT, after: str | None = None) -> Page[ClusterVariable]: ...
    async def get(self, name: str, *, tenant_id: str | None = None) -> ClusterVariable: ...
    # issue 13 (audit): create or change (a JSON object), delete
    async def set(self, name: str, value: Mapping[str, Any], *, tenant_id: str | None = None) -> None: ...
    async def delete(self, name: str, *, tenant_id: str | None = None) -> None: ...


class Messages(Protocol):
    async def subscriptions(
        self, *, message_name: str | None = None, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[MessageSubscription]: ...
    async def publish(
        self,
        name: str,
        *,
        correlation_key: str = "",
        variables: Mapping[str, VariableValue] | None = None,
        time_to_live_ms: int | None = None,
        message_id: str | None = None,
        tenant_id: str | None = None,
    ) -> str: ...
    async def broadcast_signal(
        self, name: str, *, variables: Mapping[str, VariableValue] | None = None, tenant_id: str | None = None
    ) -> str: ...
    # issue 13: correlate now (NotFound when nothing waits); the key of the instance it reached
    async def correlate(
        self,
        name: str,
        *,
        correlation_key: str = "",
        variables: Mapping[str, VariableValue] | None = None,
        tenant_id: str | None = None,
    ) -> str: ...


def _c8_area(engine: Engine, attribute: str, capability: Capability, what: str) -> Any:
    area = getattr(engine, attribute, None)
    if area is None or capability not in engine.capabilities:
        raise UnsupportedByEngine(f"This engine has no {what}.", capability=capability)
    return area


def cluster_of(engine: Engine) -> Cluster:
    """The cluster's topology (Camunda 8): the engine's `info` when it has Capability.CLUSTER_TOPOLOGY."""
    area: Cluster = _c8_area(engine, "info", Capability.CLUSTER_TOPOLOGY, "cluster topology")
    return area


def c8_jobs_of(engine: Engine) -> C8JobSearch:
    area: C8JobSearch = _c8_area(engine, "jobs", Capability.C8_JOB_LIST, "Camunda 8 job search")
    return area


def batches_of(engine: Engine) -> Batches:
    area: Batches = _c8_area(engine, "batches", Capability.C8_BATCH_LIST, "batch operations")
    return area


def instance_batches_of(engine: Engine) -> InstanceBatches:
    area: InstanceBatches = _c8_area(engine, "instances", Capability.BATCH_BY_FILTER, "batches over a filter")
    return area


def decisions_of(engine: Engine) -> Decisions:
    area: Decisions = _c8_area(engine, "decisions", Capability.DECISION_LIST, "decisions")
    return area


def audit_of(engine: Engine) -> AuditLog:
    area: AuditLog = _c8_area(engine, "audit", Capability.AUDIT_LIST, "audit log")
    return area


def cluster_variables_of(engine: Engine) -> ClusterVariables:
    area: ClusterVariables = _c8_area(
        engine, "cluster_variables", Capability.CLUSTER_VARIABLE_LIST, "cluster variables"
    )
    return area


def messages_of(engine: Engine) -> Messages:
    area: Messages = _c8_area(engine, "messages", Capability.MESSAGE_PUBLISH, "messages")
    return area


# -- issue 13: memberships of roles, groups and tenants, per kind of member (Camunda 8) ------------


class MemberLists(Protocol):
    # the ids of the owner's members of one kind (`users`, `groups`, `roles`, `clients`, `mapping-rules`)
    async def members(self, owner_id: str, kind: str = "users") -> tuple[str, ...]: ...
    async def set_membership(self, owner_id: str, kind: str, member_id: str, *, add: bool) -> None: ...


def memberships_of(engine: Engine, owner: str) -> MemberLists:
    """The members of `owner`'s entities (`roles`, `groups` or `tenants`), on an engine with
    Capability.IDENTITY_MEMBERSHIPS."""
    area: MemberLists = _c8_area(engine, owner, Capability.IDENTITY_MEMBERSHIPS, "memberships listed per kind")
    if not hasattr(area, "members"):
        raise UnsupportedByEngine(
            f"This engine lists no members of {owner} per kind.", capability=Capability.IDENTITY_MEMBERSHIPS
        )
    return area


# -- issue 13: Camunda 8's deployed resources, grouped by deployment ------------------------------


class DeployedResources(Protocol):
    # every deployment's resources (process definitions, decision requirements, forms), at most
    # `most` of each kind read (`Page.total_exact` False when there were more)
    async def by_deployment(self, *, most: int = 2000) -> Page[ResourceDeployment]: ...
    async def delete_resource(self, resource_key: str) -> None: ...
    # issue 13 (audit): the resource's content as deployed (BPMN or DMN XML, a resource's JSON)
    async def content(self, resource: DeployedResource) -> bytes: ...


def deployed_resources_of(engine: Engine) -> DeployedResources:
    area: DeployedResources = _c8_area(
        engine, "deployments", Capability.DEPLOYMENT_RESOURCES, "deployed resources grouped by deployment"
    )
    if not hasattr(area, "by_deployment"):
        raise UnsupportedByEngine(
            "This engine groups no resources by deployment.", capability=Capability.DEPLOYMENT_RESOURCES
        )
    return area


# -- issue 13 (audit): where a Camunda 8 instance is and has been, and who called it ---------------


class InstanceElements(Protocol):
    # the instance's element instances (the search's rows as they come), oldest first
    async def element_instances(
        self, instance_id: str, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[dict[str, Any]]: ...
    # the sequence flows its tokens have taken
    async def sequence_flows(self, instance_id: str) -> tuple[dict[str, Any], ...]: ...
    # the root instance first, this one last
    async def call_hierarchy(self, instance_id: str) -> tuple[dict[str, Any], ...]: ...


def instance_elements_of(engine: Engine) -> InstanceElements:
    area: InstanceElements = _c8_area(
        engine, "instances", Capability.INSTANCE_ELEMENTS, "element instances, sequence flows or call hierarchy"
    )
    if not hasattr(area, "sequence_flows"):
        raise UnsupportedByEngine(
            "This engine shows no element instances or sequence flows.", capability=Capability.INSTANCE_ELEMENTS
        )
    return area


# -- issue 13 (audit): the cluster's health, license and usage (Camunda 8) --------------------------


class ClusterStatus(Protocol):
    async def health(self) -> bool: ...
    async def license(self) -> License: ...
    async def usage_metrics(self, start: datetime, end: datetime, *, tenant_id: str | None = None) -> UsageMetrics: ...


def cluster_status_of(engine: Engine) -> ClusterStatus:
    area: ClusterStatus = _c8_area(engine, "info", Capability.CLUSTER_TOPOLOGY, "cluster status")
    if not hasattr(area, "license"):
        raise UnsupportedByEngine("This engine reports no license.", capability=Capability.CLUSTER_TOPOLOGY)
    return area


# -- issue 13 (audit): what the cluster counts: jobs per type, incidents per error (8.9+) ------------


class JobStatistics(Protocol):
    async def statistics_by_type(self, start: datetime, end: datetime) -> tuple[JobTypeStatistic, ...]: ...


class IncidentStatistics(Protocol):
    async def statistics_by_error(self) -> tuple[ErrorStatistic, ...]: ...


def job_statistics_of(engine: Engine) -> JobStatistics:
    area: JobStatistics = _c8_area(engine, "jobs", Capability.C8_STATISTICS, "job statistics")
    if not hasattr(area, "statistics_by_type"):
        raise UnsupportedByEngine("This engine counts no jobs per type.", capability=Capability.C8_STATISTICS)
    return area


def incident_statistics_of(engine: Engine) -> IncidentStatistics:
    area: IncidentStatistics = _c8_area(engine, "incidents", Capability.C8_STATISTICS, "incident statistics")
    if not hasattr(area, "statistics_by_error"):
        raise UnsupportedByEngine("This engine counts no incidents per error.", capability=Capability.C8_STATISTICS)
    return area
