"""The Camunda 7 / Operaton engine: one HttpSession, one object per area."""

from __future__ import annotations

from functools import cache, cached_property
from typing import TYPE_CHECKING

from camtui.api.c7.errors import c7_error
from camtui.api.capabilities import C8_ONLY, Capability
from camtui.api.connection import Connection
from camtui.api.errors import UnsupportedByEngine
from camtui.api.http import HttpSession, RequestSpec

# issue 15: each area (with its models) is imported when first used, and the operations (~90 pydantic
# classes) when a change is previewed: `camtui get deployments` builds neither the others nor those
if TYPE_CHECKING:
    import httpx

    from camtui.api import operations as op
    from camtui.api.c7.authorizations import C7Authorizations
    from camtui.api.c7.definitions import C7Definitions
    from camtui.api.c7.deployments import C7Deployments
    from camtui.api.c7.external_tasks import C7ExternalTasks
    from camtui.api.c7.groups import C7Groups
    from camtui.api.c7.incidents import C7Incidents
    from camtui.api.c7.info import C7Info
    from camtui.api.c7.instances import C7Instances
    from camtui.api.c7.jobs import C7Jobs
    from camtui.api.c7.tasks import C7Tasks
    from camtui.api.c7.tenants import C7Tenants
    from camtui.api.c7.users import C7Users
    from camtui.api.plan import PlannedRequest

CAPABILITIES = frozenset(Capability) - C8_ONLY


@cache
def c8_only_operations() -> dict[type[op.Operation], Capability]:
    """issue 13: changes only Camunda 8 makes, and the capability Camunda 7 lacks for each."""
    from camtui.api import operations as op

    return {
        op.BatchByFilter: Capability.BATCH_BY_FILTER,
        op.ControlBatch: Capability.BATCH_CONTROL,
        op.UpdateC8Job: Capability.C8_JOB_UPDATE,
        op.RoleMembership: Capability.IDENTITY_ROLES,
        op.PublishMessage: Capability.MESSAGE_PUBLISH,
        op.BroadcastSignal: Capability.MESSAGE_PUBLISH,
        op.CorrelateMessage: Capability.MESSAGE_PUBLISH,
        op.EvaluateDecision: Capability.DECISION_LIST,
        op.Membership: Capability.IDENTITY_MEMBERSHIPS,
        op.DeleteResource: Capability.RESOURCE_DELETE,
        op.CreateRole: Capability.IDENTITY_ROLES,
        op.DeleteRole: Capability.IDENTITY_ROLES,
        op.CreateMappingRule: Capability.IDENTITY_MAPPING_RULES,
        op.DeleteMappingRule: Capability.IDENTITY_MAPPING_RULES,
        op.UpdateRole: Capability.IDENTITY_ROLES,
        op.UpdateMappingRule: Capability.IDENTITY_MAPPING_RULES,
        op.SetClusterVariable: Capability.CLUSTER_VARIABLE_LIST,
        op.DeleteClusterVariable: Capability.CLUSTER_VARIABLE_LIST,
    }


class C7Engine:
    def __init__(self, connection: Connection, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.connection = connection
        self.http = HttpSession(connection, error_mapper=c7_error, transport=transport)
        self.capabilities: frozenset[Capability] = CAPABILITIES

    @cached_property
    def deployments(self) -> C7Deployments:
        from camtui.api.c7.deployments import C7Deployments

        return C7Deployments(self.http)

    @cached_property
    def definitions(self) -> C7Definitions:
        from camtui.api.c7.definitions import C7Definitions

        return C7Definitions(self.http)

    @cached_property
    def instances(self) -> C7Instances:
        from camtui.api.c7.instances import C7Instances

        return C7Instances(self.http)

    @cached_property
    def incidents(self) -> C7Incidents:
        from camtui.api.c7.incidents import C7Incidents

        return C7Incidents(self.http)

    @cached_property
    def tasks(self) -> C7Tasks:
        from camtui.api.c7.tasks import C7Tasks

        return C7Tasks(self.http)

    @cached_property
    def users(self) -> C7Users:
        from camtui.api.c7.users import C7Users

        return C7Users(self.http)

    @cached_property
    def groups(self) -> C7Groups:
        from camtui.api.c7.groups import C7Groups

        return C7Groups(self.http)

    @cached_property
    def tenants(self) -> C7Tenants:
        from camtui.api.c7.tenants import C7Tenants

        return C7Tenants(self.http)

    @cached_property
    def authorizations(self) -> C7Authorizations:
        from camtui.api.c7.authorizations import C7Authorizations

        return C7Authorizations(self.http)

    @cached_property
    def info(self) -> C7Info:
        from camtui.api.c7.info import C7Info

        return C7Info(self.http)

    @cached_property
    def jobs(self) -> C7Jobs:
        from camtui.api.c7.jobs import C7Jobs

        return C7Jobs(self.http)

    @cached_property
    def external_tasks(self) -> C7ExternalTasks:
        from camtui.api.c7.external_tasks import C7ExternalTasks

        return C7ExternalTasks(self.http)

    def preview(self, operation: op.Operation) -> tuple[PlannedRequest, ...]:
        """The requests `operation` becomes on this engine, exactly as the area methods send them."""
        return tuple(self.http.preview(spec) for spec in self._specs(operation))

    def _specs(self, o: op.Operation) -> tuple[RequestSpec, ...]:
        from camtui.api import operations as op
        from camtui.api.c7.instances import migrate_spec, restart_spec

        match o:
            case op.CreateDeployment(new=new):
                return (self.deployments.create_spec(new),)
            case op.DeleteDeployment():
                return (
                    self.deployments.delete_spec(
                        o.deployment_id,
                        cascade=o.cascade,
                        skip_custom_listeners=o.skip_custom_listeners,
                        skip_io_mappings=o.skip_io_mappings,
                    ),
                )
            case op.Redeploy():
                return (self.deployments.redeploy_spec(o.deployment_id, resource_ids=o.resource_ids, source=o.source),)
            case op.StartInstance():
                return (
                    self.definitions.start_spec(
                        definition_id=o.definition_id,
                        bpmn_process_id=o.bpmn_process_id,
                        tenant_id=o.tenant_id,
                        business_key=o.business_key,
                        variables=o.variables,
                    ),
                )
            case op.DeleteInstance():
                return (
                    self.instances.delete_spec(
                        o.instance_id,
                        skip_custom_listeners=o.skip_custom_listeners,
                        skip_io_mappings=o.skip_io_mappings,
                    ),
                )
            case op.DeleteInstances():
                return (
                    self.instances.delete_many_spec(
                        o.instance_ids,
                        reason=o.reason,
                        skip_custom_listeners=o.skip_custom_listeners,
                        skip_io_mappings=o.skip_io_mappings,
                    ),
                )
            case op.ClaimTask():
                return (self.tasks.claim_spec(o.task_id, o.user_id),)
            case op.UnclaimTask():
                return (self.tasks.unclaim_spec(o.task_id),)
            case op.AssignTask():
                return (self.tasks.set_assignee_spec(o.task_id, o.user_id),)
            case op.CompleteTask():
                return (self.tasks.complete_spec(o.task_id, o.variables),)
            case op.SuspendDefinition():
                return (
                    self.definitions.set_suspended_spec(
                        o.definition_id, o.suspended, include_instances=o.include_instances
                    ),
                )
            case op.SuspendInstance():
                return (self.instances.set_suspended_spec(o.instance_id, o.suspended),)
            case op.DeleteDefinition():
                return (
                    self.definitions.delete_spec(
                        o.definition_id,
                        cascade=o.cascade,
                        skip_custom_listeners=o.skip_custom_listeners,
                        skip_io_mappings=o.skip_io_mappings,
                    ),
                )
            case op.ModifyInstance():
                return (
                    self.instances.modify_spec(
                        o.instance_id,
                        o.instructions,
                        skip_custom_listeners=o.skip_custom_listeners,
                        skip_io_mappings=o.skip_io_mappings,
                        annotation=o.annotation,
                    ),
                )
            case op.MigrateInstances():
                return (
                    migrate_spec(
                        o.plan,
                        o.instance_ids,
                        batch=o.batch,
                        skip_custom_listeners=o.skip_custom_listeners,
                        skip_io_mappings=o.skip_io_mappings,
                    ),
                )
            case op.RestartInstances():
                return (
                    restart_spec(
                        o.definition_id,
                        o.instance_ids,
                        o.instructions,
                        batch=o.batch,
                        initial_variables=o.initial_variables,
                        without_business_key=o.without_business_key,
                        skip_custom_listeners=o.skip_custom_listeners,
                        skip_io_mappings=o.skip_io_mappings,
                    ),
                )
            case op.SuspendBatch():
                return (self.instances.set_batch_suspended_spec(o.batch_id, o.suspended),)
            case op.DeleteBatch():
                return (self.instances.delete_batch_spec(o.batch_id, cascade=o.cascade),)
            case op.SetVariables():
                return (self.instances.set_variables_spec(o.instance_id, o.variables),)
            case op.DeleteVariable():
                return (self.instances.delete_variable_spec(o.instance_id, o.name),)
            case op.SuspendInstances():
                return (self.instances.set_suspended_many_spec(o.instance_ids, o.suspended),)
            case op.SetVariablesMany():
                return (self.instances.set_variables_many_spec(o.instance_ids, o.variables),)
            case op.DeleteHistoricInstance():
                return (self.instances.delete_history_spec(o.instance_id),)
            case op.DeleteHistoricInstances():
                return (self.instances.delete_history_many_spec(o.instance_ids),)
        return self._issue11_specs(o)

    def _issue11_specs(self, o: op.Operation) -> tuple[RequestSpec, ...]:
        """Incidents, jobs and external tasks."""
        from camtui.api import operations as op

        match o:
            case op.SetJobRetries():
                return (self.jobs.set_retries_spec(o.job_id, o.retries),)
            case op.SetJobRetriesMany():
                return (self.jobs.set_retries_many_spec(o.job_ids, o.retries),)
            case op.ExecuteJob():
                return (self.jobs.execute_spec(o.job_id),)
            case op.SetJobDueDate():
                return (self.jobs.set_due_date_spec(o.job_id, o.due_date, cascade=o.cascade),)
            case op.RecalculateJobDueDate():
                return (self.jobs.recalculate_due_date_spec(o.job_id, creation_date_based=o.creation_date_based),)
            case op.SetJobPriority():
                return (self.jobs.set_priority_spec(o.job_id, o.priority),)
            case op.SuspendJobDefinition():
                return (
                    self.jobs.set_definition_suspended_spec(
                        o.job_definition_id, o.suspended, include_jobs=o.include_jobs
                    ),
                )
            case op.SetExternalTaskRetries():
                return (self.external_tasks.set_retries_spec(o.task_id, o.retries),)
            case op.SetExternalTaskRetriesMany():
                return (self.external_tasks.set_retries_many_spec(o.task_ids, o.retries),)
            case op.UnlockExternalTask():
                return (self.external_tasks.unlock_spec(o.task_id),)
            case op.SetExternalTaskPriority():
                return (self.external_tasks.set_priority_spec(o.task_id, o.priority),)
            case op.ResolveIncident():
                return (self.incidents.resolve_spec(o.incident_id),)
            case op.AnnotateIncident():
                return (self.incidents.annotate_spec(o.incident_id, o.annotation),)
        return self._identity_specs(o)

    def _identity_specs(self, o: op.Operation) -> tuple[RequestSpec, ...]:
        """Issue 12: the rest of user tasks, and identity."""
        from camtui.api import operations as op

        match o:
            case op.DelegateTask():
                return (self.tasks.delegate_spec(o.task_id, o.user_id),)
            case op.ResolveTask():
                return (self.tasks.resolve_spec(o.task_id, o.variables),)
            case op.UpdateTask():
                return (self.tasks.update_spec(o.task),)
            case op.CommentTask():
                return (self.tasks.comment_spec(o.task_id, o.message),)
            case op.CreateUser():
                return (self.users.create_spec(o.user, o.password),)
            case op.UpdateUser():
                return (self.users.update_spec(o.user),)
            case op.ChangePassword():
                return (self.users.password_spec(o.user_id, o.password, o.authenticated_user_password),)
            case op.DeleteUser():
                return (self.users.delete_spec(o.user_id),)
            case op.UnlockUser():
                return (self.users.unlock_spec(o.user_id),)
            case op.CreateGroup():
                return (self.groups.create_spec(o.group),)
            case op.UpdateGroup():
                return (self.groups.update_spec(o.group),)
            case op.DeleteGroup():
                return (self.groups.delete_spec(o.group_id),)
            case op.GroupMembership():
                return (self.groups.member_spec(o.group_id, o.user_id, add=o.add),)
            case op.CreateTenant():
                return (self.tenants.create_spec(o.tenant),)
            case op.UpdateTenant():
                return (self.tenants.update_spec(o.tenant),)
            case op.DeleteTenant():
                return (self.tenants.delete_spec(o.tenant_id),)
            case op.TenantMembership():
                return (self.tenants.member_spec(o.tenant_id, user_id=o.user_id, group_id=o.group_id, add=o.add),)
            case op.CreateAuthorization():
                return (
                    self.authorizations.create_spec(
                        type=o.type,
                        permissions=o.permissions,
                        resource_type=o.resource_type,
                        resource_id=o.resource_id,
                        user_id=o.user_id,
                        group_id=o.group_id,
                    ),
                )
            case op.UpdateAuthorization():
                return (self.authorizations.update_spec(o.authorization),)
            case op.DeleteAuthorization():
                return (self.authorizations.delete_spec(o.authorization_id),)
        capability = c8_only_operations().get(type(o))
        if capability is not None:
            raise UnsupportedByEngine(
                f"{type(o).__name__} is Camunda 8's; Camunda 7 has no such change.", capability=capability
            )
        raise UnsupportedByEngine(f"No preview for {type(o).__name__} on Camunda 7.")

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> C7Engine:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
