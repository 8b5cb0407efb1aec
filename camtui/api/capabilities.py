"""What an engine can do, as a typed enumeration.

An engine declares the set it supports (`Engine.capabilities`); views, actions, `:` completion, the
palette, `?` and the footer offer only what is in it. An operation outside the set raises
`UnsupportedByEngine` naming the capability, so the two can never disagree (a test checks it).
"""

from __future__ import annotations

from enum import StrEnum


class Capability(StrEnum):
    DEPLOYMENT_LIST = "deployment.list"
    DEPLOYMENT_CREATE = "deployment.create"
    DEPLOYMENT_DELETE = "deployment.delete"
    DEPLOYMENT_REDEPLOY = "deployment.redeploy"
    # Camunda 7 keeps resources inside a deployment; Camunda 8 has resources of their own
    RESOURCE_CONTENT = "resource.content"
    DEFINITION_LIST = "definition.list"
    DEFINITION_STATISTICS = "definition.statistics"
    DEFINITION_START = "definition.start"
    DEFINITION_SUSPEND = "definition.suspend"
    INSTANCE_LIST = "instance.list"
    INSTANCE_VARIABLES = "instance.variables"
    INSTANCE_ACTIVITY_TREE = "instance.activity_tree"
    INSTANCE_SUSPEND = "instance.suspend"
    INSTANCE_DELETE = "instance.delete"
    INSTANCE_DELETE_BATCH = "instance.delete_batch"
    INSTANCE_MODIFY = "instance.modify"
    INCIDENT_LIST = "incident.list"
    INCIDENT_RETRY = "incident.retry"
    INCIDENT_RESOLVE = "incident.resolve"
    # Camunda 7 only: incident annotations, configuration, external tasks as their own entity
    INCIDENT_ANNOTATE = "incident.annotate"
    EXTERNAL_TASK_LIST = "external_task.list"
    TASK_LIST = "task.list"
    TASK_CLAIM = "task.claim"
    TASK_ASSIGN = "task.assign"
    TASK_COMPLETE = "task.complete"
    # Camunda 7 only
    TASK_DELEGATE = "task.delegate"
    TASK_COMMENTS = "task.comments"
    IDENTITY_USERS = "identity.users"
    IDENTITY_GROUPS = "identity.groups"
    IDENTITY_TENANTS = "identity.tenants"
    IDENTITY_AUTHORIZATIONS = "identity.authorizations"
    # issue 10: delete one process definition version (Camunda 7)
    DEFINITION_DELETE = "definition.delete"
    # issue 10: migrate process instances to another definition version (Camunda 7)
    INSTANCE_MIGRATE = "instance.migrate"
    # issue 10: the engine's batches: list with progress, suspend/resume, delete, failed jobs (Camunda 7)
    BATCH_LIST = "batch.list"
    # issue 10: restart finished process instances from history (Camunda 7)
    INSTANCE_RESTART = "instance.restart"
    # Camunda 8 only
    IDENTITY_ROLES = "identity.roles"
    IDENTITY_MAPPING_RULES = "identity.mapping_rules"
    # Camunda 7 only: jobs and job definitions (issue 11)
    JOB_LIST = "job.list"
    JOB_EXECUTE = "job.execute"
    JOB_RETRIES = "job.retries"
    JOB_DUE_DATE = "job.due_date"
    JOB_PRIORITY = "job.priority"
    JOB_DEFINITION_LIST = "job_definition.list"
    JOB_DEFINITION_SUSPEND = "job_definition.suspend"
    # Camunda 7 only: changes to external tasks (listing is EXTERNAL_TASK_LIST)
    EXTERNAL_TASK_UNLOCK = "external_task.unlock"
    EXTERNAL_TASK_RETRIES = "external_task.retries"
    EXTERNAL_TASK_PRIORITY = "external_task.priority"
    # issue 12: due date, follow-up date and priority of a user task (Camunda 8: PATCH /v2/user-tasks)
    TASK_UPDATE = "task.update"
    # issue 12: Camunda 7 only, its login lockout
    IDENTITY_UNLOCK = "identity.unlock"
    # issue 12: Camunda 7 only, a task's identity links and their history
    TASK_HISTORY = "task.history"
    # issue 13: Camunda 8 only views and changes (Camunda 7 declares none of them)
    CLUSTER_TOPOLOGY = "cluster.topology"
    C8_JOB_LIST = "c8_job.list"
    C8_JOB_UPDATE = "c8_job.update"
    # Camunda 8's batch operations (Camunda 7's engine batches are BATCH_LIST)
    C8_BATCH_LIST = "c8_batch.list"
    BATCH_CONTROL = "batch.control"
    BATCH_BY_FILTER = "batch.by_filter"
    DECISION_LIST = "decision.list"
    AUDIT_LIST = "audit.list"
    CLUSTER_VARIABLE_LIST = "cluster_variable.list"
    MESSAGE_PUBLISH = "message.publish"
    # issue 10 (pivars): Camunda 7 only: delete one variable, an instance's history (start, end, root)
    INSTANCE_VARIABLE_DELETE = "instance.variable_delete"
    INSTANCE_HISTORY = "instance.history"
    # issue 13: every membership of a role, group or tenant, listed per kind of member, and changed
    IDENTITY_MEMBERSHIPS = "identity.memberships"
    # issue 13: deployed resources grouped by deployment (Camunda 8), and deleting one
    DEPLOYMENT_RESOURCES = "deployment.resources"
    RESOURCE_DELETE = "resource.delete"
    # issue 10 (hist): Camunda 7 only: delete ended process instances from history, one or as a batch
    INSTANCE_HISTORY_DELETE = "instance.history_delete"
    # issue 13 (audit): an instance's element instances, sequence flows taken and call hierarchy,
    # and its parent on the instance itself (Camunda 8)
    INSTANCE_ELEMENTS = "instance.elements"
    # issue 13 (audit): instances sorted by times, state, version, parent... (Camunda 8's search)
    INSTANCE_SEARCH_SORT = "instance.search_sort"
    # issue 13 (audit): incidents sorted by state, job, element instance, process id (Camunda 8's search)
    INCIDENT_SEARCH_SORT = "incident.search_sort"
    # issue 13 (audit): user tasks sorted by completion and business id (Camunda 8's search)
    TASK_SEARCH_SORT = "task.search_sort"
    # issue 13 (audit): process definitions sorted by resource name (Camunda 8's search)
    DEFINITION_SEARCH_SORT = "definition.search_sort"
    # issue 13 (audit): jobs sorted by type, worker, state, times, errors... (Camunda 8's search)
    JOB_SEARCH_SORT = "job.search_sort"
    # issue 13 (audit): jobs per type and incidents per error, counted by the cluster (8.9+)
    C8_STATISTICS = "c8.statistics"
    # issue 13 (audit): tenants sorted by key (Camunda 8's search)
    IDENTITY_SEARCH_SORT = "identity.search_sort"


# issue 13: what only Camunda 8 has; Camunda 7 subtracts these from everything
C8_ONLY: frozenset[Capability] = frozenset(
    {
        Capability.IDENTITY_ROLES,
        Capability.IDENTITY_MAPPING_RULES,
        Capability.CLUSTER_TOPOLOGY,
        Capability.C8_JOB_LIST,
        Capability.C8_JOB_UPDATE,
        Capability.C8_BATCH_LIST,
        Capability.BATCH_CONTROL,
        Capability.BATCH_BY_FILTER,
        Capability.DECISION_LIST,
        Capability.AUDIT_LIST,
        Capability.CLUSTER_VARIABLE_LIST,
        Capability.MESSAGE_PUBLISH,
        Capability.IDENTITY_MEMBERSHIPS,
        Capability.DEPLOYMENT_RESOURCES,
        Capability.RESOURCE_DELETE,
        Capability.INSTANCE_ELEMENTS,
        Capability.INSTANCE_SEARCH_SORT,
        Capability.C8_STATISTICS,
        Capability.INCIDENT_SEARCH_SORT,
        Capability.TASK_SEARCH_SORT,
        Capability.DEFINITION_SEARCH_SORT,
        Capability.JOB_SEARCH_SORT,
        Capability.IDENTITY_SEARCH_SORT,
    }
)
