"""The Camunda 8 engine (Orchestration Cluster REST API v2): one HttpSession, one object per area."""

from __future__ import annotations

import httpx

from camtui.api import operations as op
from camtui.api.c8.audit import C8Audit
from camtui.api.c8.authorizations import C8Authorizations
from camtui.api.c8.batches import C8Batches
from camtui.api.c8.cluster_variables import C8ClusterVariables
from camtui.api.c8.decisions import C8Decisions
from camtui.api.c8.definitions import C8Definitions
from camtui.api.c8.deployments import C8Deployments
from camtui.api.c8.errors import c8_error
from camtui.api.c8.external_tasks import C8ExternalTasks
from camtui.api.c8.groups import C8Groups
from camtui.api.c8.incidents import C8Incidents
from camtui.api.c8.info import C8Info
from camtui.api.c8.instances import C8Instances, batch_extra
from camtui.api.c8.jobs import C8Jobs
from camtui.api.c8.mapping_rules import C8MappingRules
from camtui.api.c8.messages import C8Messages
from camtui.api.c8.roles import C8Roles
from camtui.api.c8.saas import with_conventions
from camtui.api.c8.tasks import C8Tasks
from camtui.api.c8.tenants import C8Tenants
from camtui.api.c8.users import C8Users
from camtui.api.c8.wire import Fresh
from camtui.api.capabilities import Capability
from camtui.api.connection import Connection
from camtui.api.errors import UnsupportedByEngine
from camtui.api.http import RETRY_STATUSES, HttpSession, RequestSpec
from camtui.api.models.cluster import MappingRule, Role
from camtui.api.plan import PlannedRequest

# what the REST API v2 does not offer: no deployment entity to list, redeploy or delete, resources
# outside deployments, no suspension (before 8.10), no activity tree, no batch by ids, no incident
# annotations, no external tasks, no delegation or comments
MISSING: frozenset[Capability] = frozenset(
    {
        Capability.DEPLOYMENT_LIST,
        Capability.DEPLOYMENT_REDEPLOY,
        Capability.DEPLOYMENT_DELETE,
        Capability.RESOURCE_CONTENT,
        Capability.DEFINITION_SUSPEND,
        Capability.INSTANCE_SUSPEND,
        Capability.INSTANCE_ACTIVITY_TREE,
        Capability.INSTANCE_DELETE_BATCH,
        Capability.INCIDENT_ANNOTATE,
        Capability.EXTERNAL_TASK_LIST,
        Capability.TASK_DELEGATE,
        Capability.TASK_COMMENTS,
        # Camunda 7's job executor, job definitions and external tasks (Camunda 8 lists its jobs in
        # the shared jobs area, issue 13, and changes them with `update`: Capability.C8_JOB_UPDATE)
        Capability.JOB_EXECUTE,
        Capability.JOB_RETRIES,
        Capability.JOB_DUE_DATE,
        Capability.JOB_PRIORITY,
        Capability.JOB_DEFINITION_LIST,
        Capability.JOB_DEFINITION_SUSPEND,
        Capability.EXTERNAL_TASK_UNLOCK,
        Capability.EXTERNAL_TASK_RETRIES,
        Capability.EXTERNAL_TASK_PRIORITY,
        # issue 10's Camunda 7 operations: deleting a definition version, migration plans by
        # activity id, engine batches by id, restarting from history (Camunda 8 has its own
        # migration and batch operations by filter, outside the shared protocol)
        Capability.DEFINITION_DELETE,
        Capability.INSTANCE_MIGRATE,
        Capability.BATCH_LIST,
        Capability.INSTANCE_RESTART,
        # login lockout and identity-link history do not exist on Camunda 8
        Capability.IDENTITY_UNLOCK,
        Capability.TASK_HISTORY,
        # issue 10: Camunda 8 sets a variable to null instead; its history is no separate record
        Capability.INSTANCE_VARIABLE_DELETE,
        Capability.INSTANCE_HISTORY,
        # issue 10: Camunda 8 deletes history by its own batch operation (by filter, 8.9+)
        Capability.INSTANCE_HISTORY_DELETE,
    }
)
CAPABILITIES: frozenset[Capability] = frozenset(Capability) - MISSING

# changes only Camunda 7 makes, and the capability Camunda 8 lacks for each
C7_ONLY_OPERATIONS: dict[type[op.Operation], Capability] = {
    op.AnnotateIncident: Capability.INCIDENT_ANNOTATE,
    op.DelegateTask: Capability.TASK_DELEGATE,
    op.ResolveTask: Capability.TASK_DELEGATE,
    op.CommentTask: Capability.TASK_COMMENTS,
    op.UnlockUser: Capability.IDENTITY_UNLOCK,
    op.SetJobRetries: Capability.JOB_RETRIES,
    op.SetJobRetriesMany: Capability.JOB_RETRIES,
    op.ExecuteJob: Capability.JOB_EXECUTE,
    op.SetJobDueDate: Capability.JOB_DUE_DATE,
    op.RecalculateJobDueDate: Capability.JOB_DUE_DATE,
    op.SetJobPriority: Capability.JOB_PRIORITY,
    op.SuspendJobDefinition: Capability.JOB_DEFINITION_SUSPEND,
    op.SetExternalTaskRetries: Capability.EXTERNAL_TASK_RETRIES,
    op.SetExternalTaskRetriesMany: Capability.EXTERNAL_TASK_RETRIES,
    op.UnlockExternalTask: Capability.EXTERNAL_TASK_UNLOCK,
    op.SetExternalTaskPriority: Capability.EXTERNAL_TASK_PRIORITY,
    op.SuspendDefinition: Capability.DEFINITION_SUSPEND,
    op.SuspendInstance: Capability.INSTANCE_SUSPEND,
    op.DeleteDefinition: Capability.DEFINITION_DELETE,
    op.MigrateInstances: Capability.INSTANCE_MIGRATE,
    op.RestartInstances: Capability.INSTANCE_RESTART,
    op.SuspendBatch: Capability.BATCH_LIST,
    op.DeleteBatch: Capability.BATCH_LIST,
    op.DeleteVariable: Capability.INSTANCE_VARIABLE_DELETE,
    op.SuspendInstances: Capability.INSTANCE_SUSPEND,
    op.SetVariablesMany: Capability.INSTANCE_DELETE_BATCH,
    op.DeleteHistoricInstance: Capability.INSTANCE_HISTORY_DELETE,
    op.DeleteHistoricInstances: Capability.INSTANCE_HISTORY_DELETE,
}

# back-pressure: the cluster answers 503 RESOURCE_EXHAUSTED, a gateway in front may answer 429
C8_RETRY_STATUSES = RETRY_STATUSES | {429}


class C8Engine:
    def __init__(self, connection: Connection, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        connection = with_conventions(connection)
        self.connection = connection
        self.http = HttpSession(connection, error_mapper=c8_error, transport=transport)
        self.http.retry_statuses = C8_RETRY_STATUSES
        self.capabilities: frozenset[Capability] = CAPABILITIES
        # keys this client created: reads of them wait for the cluster to index them
        self.fresh = Fresh()
        self.info = C8Info(self.http)
        self.deployments = C8Deployments(self.http, self.fresh, self.version)
        self.definitions = C8Definitions(self.http, self.fresh)
        self.instances = C8Instances(self.http, self.fresh, self.version)
        self.incidents = C8Incidents(self.http, self.version)
        self.tasks = C8Tasks(self.http)
        self.users = C8Users(self.http, self.fresh)
        self.groups = C8Groups(self.http, self.fresh)
        self.tenants = C8Tenants(self.http, self.fresh)
        self.authorizations = C8Authorizations(self.http)
        # Camunda 8 only
        self.roles = C8Roles(self.http, self.fresh)
        self.mapping_rules = C8MappingRules(self.http, self.fresh)
        self.jobs = C8Jobs(self.http, self.version)
        self.external_tasks = C8ExternalTasks()
        self.batches = C8Batches(self.http, self.fresh)
        self.decisions = C8Decisions(self.http)
        self.messages = C8Messages(self.http)
        self.cluster_variables = C8ClusterVariables(self.http, self.version, self.fresh)
        self.audit = C8Audit(self.http, self.version)

    async def version(self) -> str | None:
        """The cluster's version (`gatewayVersion`), read from the topology once."""
        if self.info.version is None:
            await self.info.topology()
        return self.info.version

    def preview(self, operation: op.Operation) -> tuple[PlannedRequest, ...]:
        """The requests `operation` becomes on this engine, exactly as the area methods send them."""
        return tuple(self.http.preview(spec) for spec in self._specs(operation))

    def _specs(self, o: op.Operation) -> tuple[RequestSpec, ...]:
        match o:
            case op.CreateDeployment(new=new):
                return (self.deployments.create_spec(new),)
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
                return (self.instances.delete_spec(o.instance_id),)
            case op.ClaimTask():
                return (self.tasks.claim_spec(o.task_id, o.user_id),)
            case op.UnclaimTask():
                return (self.tasks.unclaim_spec(o.task_id),)
            case op.AssignTask():
                return (self.tasks.set_assignee_spec(o.task_id, o.user_id),)
            case op.CompleteTask():
                return (self.tasks.complete_spec(o.task_id, o.variables),)
            case op.DeleteDeployment():
                raise UnsupportedByEngine(
                    "Camunda 8 keeps no deployments to delete.", capability=Capability.DEPLOYMENT_DELETE
                )
            case op.Redeploy():
                raise UnsupportedByEngine(
                    "Camunda 8 keeps no deployments to redeploy.", capability=Capability.DEPLOYMENT_REDEPLOY
                )
            case op.DeleteInstances():
                raise UnsupportedByEngine(
                    "Camunda 8 runs batches over a filter, not a list of ids.",
                    capability=Capability.INSTANCE_DELETE_BATCH,
                )
        return self._issue11_12_specs(o)

    def _issue11_12_specs(self, o: op.Operation) -> tuple[RequestSpec, ...]:
        """Incident repair, the rest of user tasks, and identity; what only Camunda 7 has is refused."""
        match o:
            case op.ResolveIncident():
                return (self.incidents.resolve_spec(o.incident_id),)
            case op.ModifyInstance():
                return (self.instances.modify_spec(o.instance_id, o.instructions),)
            case op.SetVariables():
                return (self.instances.set_variables_spec(o.instance_id, o.variables),)
            case op.UpdateTask(task=t):
                return (self.tasks.update_spec(t.id, due=t.due, follow_up=t.follow_up, priority=t.priority),)
            case op.CreateUser():
                return (self.users.create_spec(o.user, o.password),)
            case op.UpdateUser():
                return (self.users.update_spec(o.user),)
            case op.ChangePassword():
                # the user is read first, so the update keeps their name and email
                return (self.users.read_spec(o.user_id), self.users.password_spec(o.user_id, o.password))
            case op.DeleteUser():
                return (self.users.delete_spec(o.user_id),)
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
                kind, member = ("users", o.user_id) if o.user_id else ("groups", o.group_id or "")
                return (self.tenants.membership_spec(o.tenant_id, kind, member, add=o.add),)
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
                return (self.authorizations.replace_spec(o.authorization),)
            case op.DeleteAuthorization():
                return (self.authorizations.delete_spec(o.authorization_id),)
        return self._issue13_specs(o)

    def _issue13_specs(self, o: op.Operation) -> tuple[RequestSpec, ...]:
        """Camunda 8's own changes: batches over a filter and their control, jobs, roles, messages."""
        match o:
            case op.BatchByFilter():
                return (self.instances.batch_spec(o.kind, o.filter, batch_extra(o)),)
            case op.ControlBatch():
                return (self.batches.control_spec(o.batch_id, o.action),)
            case op.UpdateC8Job():
                return (self.jobs.update_spec(o.job_id, retries=o.retries, timeout_ms=o.timeout_ms),)
            case op.RoleMembership():
                return (self.roles.membership_spec(o.role_id, o.kind, o.member_id, add=o.add),)
            case op.PublishMessage():
                spec = self.messages.publish_spec(
                    o.name,
                    correlation_key=o.correlation_key,
                    variables=o.variables,
                    time_to_live_ms=o.time_to_live_ms,
                    tenant_id=o.tenant_id,
                )
                return (spec,)
            case op.BroadcastSignal():
                return (self.messages.broadcast_spec(o.name, variables=o.variables, tenant_id=o.tenant_id),)
            case op.CorrelateMessage():
                spec = self.messages.correlate_spec(
                    o.name, correlation_key=o.correlation_key, variables=o.variables, tenant_id=o.tenant_id
                )
                return (spec,)
            case op.EvaluateDecision():
                spec = self.decisions.evaluate_spec(
                    decision_id=o.decision_id, key=o.key, variables=o.variables, tenant_id=o.tenant_id
                )
                return (spec,)
            case op.Membership():
                return (self.membership_spec(o.owner, o.owner_id, o.kind, o.member_id, add=o.add),)
            case op.DeleteResource():
                return (self.deployments.delete_resource_spec(o.resource_key),)
        return self._identity_specs(o)

    def _identity_specs(self, o: op.Operation) -> tuple[RequestSpec, ...]:
        """issue 13 (audit): roles and mapping rules made and deleted; then what Camunda 8 refuses."""
        match o:
            case op.CreateRole():
                return (self.roles.create_spec(Role(id=o.role_id, name=o.name, description=o.description)),)
            case op.DeleteRole():
                return (self.roles.delete_spec(o.role_id),)
            case op.CreateMappingRule():
                rule = MappingRule(id=o.rule_id, name=o.name, claim_name=o.claim_name, claim_value=o.claim_value)
                return (self.mapping_rules.create_spec(rule),)
            case op.DeleteMappingRule():
                return (self.mapping_rules.delete_spec(o.rule_id),)
            case op.UpdateRole():
                return (self.roles.update_spec(Role(id=o.role_id, name=o.name, description=o.description)),)
            case op.UpdateMappingRule():
                rule = MappingRule(id=o.rule_id, name=o.name, claim_name=o.claim_name, claim_value=o.claim_value)
                return (self.mapping_rules.update_spec(rule),)
            case op.SetClusterVariable():
                return (self.cluster_variables.set_spec(o.name, o.value, tenant_id=o.tenant_id, exists=o.exists),)
            case op.DeleteClusterVariable():
                return (self.cluster_variables.delete_spec(o.name, tenant_id=o.tenant_id),)
        capability = C7_ONLY_OPERATIONS.get(type(o))
        if capability is not None:
            raise UnsupportedByEngine(
                f"{type(o).__name__} is Camunda 7's; Camunda 8 has no such change.", capability=capability
            )
        raise UnsupportedByEngine(f"No preview for {type(o).__name__} on Camunda 8.")

    def membership_spec(self, owner: str, owner_id: str, kind: str, member_id: str, *, add: bool) -> RequestSpec:
        """A member joins or leaves a role, group or tenant (a group's role: as the role's group)."""
        match owner:
            case "roles":
                return self.roles.membership_spec(owner_id, kind, member_id, add=add)
            case "groups":
                return self.groups.membership_spec(owner_id, kind, member_id, add=add)
            case "tenants":
                return self.tenants.membership_spec(owner_id, kind, member_id, add=add)
        raise UnsupportedByEngine(f"Camunda 8 has no memberships of {owner}.")

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> C8Engine:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
