"""The requests each operation becomes, shaped as each engine family sends them.

C7 follows `camtui.api.c7` exactly (a unit test compares the two). C8 follows the Camunda 8 REST
API v2 (`/v2/process-instances/{key}/cancellation`, `/v2/user-tasks/{key}/assignment`, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

from camtui.api import errors
from camtui.api import operations as op
from camtui.api.c7.wire import format_date, variables_out
from camtui.api.capabilities import Capability
from camtui.api.models import VariableValue
from camtui.api.plan import PlannedRequest, json_safe
from tests.fakes import preview_c8only, preview_identity, preview_variables

# what an engine must declare to perform (and so to preview) each operation
OPERATION_CAPABILITIES: dict[type[op.Operation], Capability] = {
    op.CreateDeployment: Capability.DEPLOYMENT_CREATE,
    op.DeleteDeployment: Capability.DEPLOYMENT_DELETE,
    op.Redeploy: Capability.DEPLOYMENT_REDEPLOY,
    op.StartInstance: Capability.DEFINITION_START,
    op.DeleteInstance: Capability.INSTANCE_DELETE,
    op.DeleteInstances: Capability.INSTANCE_DELETE_BATCH,
    op.ClaimTask: Capability.TASK_CLAIM,
    op.UnclaimTask: Capability.TASK_CLAIM,
    op.AssignTask: Capability.TASK_ASSIGN,
    op.CompleteTask: Capability.TASK_COMPLETE,
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
    op.ResolveIncident: Capability.INCIDENT_RESOLVE,
    op.AnnotateIncident: Capability.INCIDENT_ANNOTATE,
    op.SuspendDefinition: Capability.DEFINITION_SUSPEND,
    op.SuspendInstance: Capability.INSTANCE_SUSPEND,
    op.SetVariables: Capability.INSTANCE_VARIABLES,
    op.DeleteDefinition: Capability.DEFINITION_DELETE,
    op.ModifyInstance: Capability.INSTANCE_MODIFY,
    op.MigrateInstances: Capability.INSTANCE_MIGRATE,
    op.SuspendBatch: Capability.BATCH_LIST,
    op.RestartInstances: Capability.INSTANCE_RESTART,
    op.DeleteBatch: Capability.BATCH_LIST,
}
OPERATION_CAPABILITIES.update(preview_identity.CAPABILITIES)
OPERATION_CAPABILITIES.update(preview_c8only.CAPABILITIES)
OPERATION_CAPABILITIES.update(preview_variables.CAPABILITIES)


def _q(value: str) -> str:
    return quote(value, safe="")


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _request(method: str, url: str, *, json_body: Any = None, **parts: Any) -> PlannedRequest:
    body = json_safe(json_body) if json_body is not None else None
    return PlannedRequest(method=method, url=url, json_body=body, **parts)


# -- Camunda 7 engine-rest ----------------------------------------------------------------------


def c7_requests(base: str, o: op.Operation) -> tuple[PlannedRequest, ...]:
    match o:
        case op.CreateDeployment(new=new):
            form = [("deployment-name", new.name)]
            if new.source is not None:
                form.append(("deployment-source", new.source))
            if new.tenant_id:
                form.append(("tenant-id", new.tenant_id))
            if new.enable_duplicate_filtering:
                form.append(("enable-duplicate-filtering", "true"))
            if new.deploy_changed_only:
                form.append(("deploy-changed-only", "true"))
            if new.activation_time is not None:
                form.append(("deployment-activation-time", format_date(new.activation_time)))
            files = tuple((f"file{i}", name) for i, (name, _) in enumerate(new.files))
            return (_request("POST", f"{base}/deployment/create", form=tuple(form), files=files),)
        case op.DeleteDeployment():
            query = (
                ("cascade", _flag(o.cascade)),
                ("skipCustomListeners", _flag(o.skip_custom_listeners)),
                ("skipIoMappings", _flag(o.skip_io_mappings)),
            )
            return (_request("DELETE", f"{base}/deployment/{_q(o.deployment_id)}", query=query),)
        case op.Redeploy():
            payload: dict[str, Any] = {}
            if o.resource_ids:
                payload["resourceIds"] = list(o.resource_ids)
            if o.source is not None:
                payload["source"] = o.source
            return (_request("POST", f"{base}/deployment/{_q(o.deployment_id)}/redeploy", json_body=payload),)
        case op.StartInstance():
            if o.definition_id:
                path = f"/process-definition/{_q(o.definition_id)}/start"
            elif o.bpmn_process_id:
                path = f"/process-definition/key/{_q(o.bpmn_process_id)}"
                if o.tenant_id:
                    path += f"/tenant-id/{_q(o.tenant_id)}"
                path += "/start"
            else:
                raise ValueError("start needs a definition id or a BPMN process id")
            start: dict[str, Any] = {"variables": variables_out(o.variables)}
            if o.business_key:
                start["businessKey"] = o.business_key
            return (_request("POST", f"{base}{path}", json_body=start),)
        case op.DeleteInstance():
            skips = (
                ("skipCustomListeners", _flag(o.skip_custom_listeners)),
                ("skipIoMappings", _flag(o.skip_io_mappings)),
            )
            return (_request("DELETE", f"{base}/process-instance/{_q(o.instance_id)}", query=skips),)
        case op.DeleteInstances():
            body = {
                "processInstanceIds": list(o.instance_ids),
                "deleteReason": o.reason,
                "skipCustomListeners": o.skip_custom_listeners,
                "skipIoMappings": o.skip_io_mappings,
            }
            return (_request("POST", f"{base}/process-instance/delete", json_body=body),)
        case op.ClaimTask():
            return (_request("POST", f"{base}/task/{_q(o.task_id)}/claim", json_body={"userId": o.user_id}),)
        case op.UnclaimTask():
            return (_request("POST", f"{base}/task/{_q(o.task_id)}/unclaim"),)
        case op.AssignTask():
            return (_request("POST", f"{base}/task/{_q(o.task_id)}/assignee", json_body={"userId": o.user_id}),)
        case op.CompleteTask():
            complete = {"variables": variables_out(o.variables)}
            return (_request("POST", f"{base}/task/{_q(o.task_id)}/complete", json_body=complete),)
        case op.SuspendDefinition():
            suspend = {"suspended": o.suspended, "includeProcessInstances": o.include_instances}
            return (_request("PUT", f"{base}/process-definition/{_q(o.definition_id)}/suspended", json_body=suspend),)
        case op.SuspendInstance():
            url = f"{base}/process-instance/{_q(o.instance_id)}/suspended"
            return (_request("PUT", url, json_body={"suspended": o.suspended}),)
        case op.DeleteDefinition():
            query = (
                ("cascade", _flag(o.cascade)),
                ("skipCustomListeners", _flag(o.skip_custom_listeners)),
                ("skipIoMappings", _flag(o.skip_io_mappings)),
            )
            return (_request("DELETE", f"{base}/process-definition/{_q(o.definition_id)}", query=query),)
        case op.ModifyInstance():
            wire: list[dict[str, Any]] = []
            for ins in o.instructions:
                item: dict[str, Any] = {"type": ins.kind.value}
                if ins.kind.value == "cancel" and ins.activity_instance_id:
                    item["activityInstanceId"] = ins.activity_instance_id
                elif ins.activity_id:
                    item["activityId"] = ins.activity_id
                else:
                    raise errors.BadRequest(f"A {ins.kind.value} instruction needs an activity.")
                wire.append(item)
            modify: dict[str, Any] = {
                "instructions": wire,
                "skipCustomListeners": o.skip_custom_listeners,
                "skipIoMappings": o.skip_io_mappings,
            }
            if o.annotation:
                modify["annotation"] = o.annotation
            url = f"{base}/process-instance/{_q(o.instance_id)}/modification"
            return (_request("POST", url, json_body=modify),)
        case op.RestartInstances():
            restart = {
                "processInstanceIds": list(o.instance_ids),
                "instructions": [{"type": i.kind.value, "activityId": i.activity_id} for i in o.instructions],
                "initialVariables": o.initial_variables,
                "withoutBusinessKey": o.without_business_key,
                "skipCustomListeners": o.skip_custom_listeners,
                "skipIoMappings": o.skip_io_mappings,
            }
            url = f"{base}/process-definition/{_q(o.definition_id)}/{'restart-async' if o.batch else 'restart'}"
            return (_request("POST", url, json_body=restart),)
        case op.SuspendBatch():
            url = f"{base}/batch/{_q(o.batch_id)}/suspended"
            return (_request("PUT", url, json_body={"suspended": o.suspended}),)
        case op.DeleteBatch():
            url = f"{base}/batch/{_q(o.batch_id)}"
            return (_request("DELETE", url, query=(("cascade", _flag(o.cascade)),)),)
        case op.MigrateInstances():
            migration = {
                "migrationPlan": {
                    "sourceProcessDefinitionId": o.plan.source_definition_id,
                    "targetProcessDefinitionId": o.plan.target_definition_id,
                    "instructions": [
                        {
                            "sourceActivityIds": list(i.source_activity_ids),
                            "targetActivityIds": list(i.target_activity_ids),
                            "updateEventTrigger": i.update_event_trigger,
                        }
                        for i in o.plan.instructions
                    ],
                },
                "processInstanceIds": list(o.instance_ids),
                "skipCustomListeners": o.skip_custom_listeners,
                "skipIoMappings": o.skip_io_mappings,
            }
            url = f"{base}/migration/{'executeAsync' if o.batch else 'execute'}"
            return (_request("POST", url, json_body=migration),)
        case op.SetVariables():
            modifications = {"modifications": variables_out(o.variables)}
            url = f"{base}/process-instance/{_q(o.instance_id)}/variables"
            return (_request("POST", url, json_body=modifications),)
    return c7_issue11_requests(base, o)


def c7_issue11_requests(base: str, o: op.Operation) -> tuple[PlannedRequest, ...]:
    """Incidents, jobs and external tasks."""
    match o:
        case op.SetJobRetries():
            return (_request("PUT", f"{base}/job/{_q(o.job_id)}/retries", json_body={"retries": o.retries}),)
        case op.SetJobRetriesMany():
            body = {"jobIds": list(o.job_ids), "retries": o.retries}
            return (_request("POST", f"{base}/job/retries", json_body=body),)
        case op.ExecuteJob():
            return (_request("POST", f"{base}/job/{_q(o.job_id)}/execute"),)
        case op.SetJobDueDate():
            due = {"duedate": format_date(o.due_date) if o.due_date else None, "cascade": o.cascade}
            return (_request("PUT", f"{base}/job/{_q(o.job_id)}/duedate", json_body=due),)
        case op.RecalculateJobDueDate():
            query = (("creationDateBased", _flag(o.creation_date_based)),)
            return (_request("POST", f"{base}/job/{_q(o.job_id)}/duedate/recalculate", query=query),)
        case op.SetJobPriority():
            return (_request("PUT", f"{base}/job/{_q(o.job_id)}/priority", json_body={"priority": o.priority}),)
        case op.SuspendJobDefinition():
            body = {"suspended": o.suspended, "includeJobs": o.include_jobs}
            return (_request("PUT", f"{base}/job-definition/{_q(o.job_definition_id)}/suspended", json_body=body),)
        case op.SetExternalTaskRetries():
            retries = {"retries": o.retries}
            return (_request("PUT", f"{base}/external-task/{_q(o.task_id)}/retries", json_body=retries),)
        case op.SetExternalTaskRetriesMany():
            body = {"externalTaskIds": list(o.task_ids), "retries": o.retries}
            return (_request("POST", f"{base}/external-task/retries-async", json_body=body),)
        case op.UnlockExternalTask():
            return (_request("POST", f"{base}/external-task/{_q(o.task_id)}/unlock"),)
        case op.SetExternalTaskPriority():
            priority = {"priority": o.priority}
            return (_request("PUT", f"{base}/external-task/{_q(o.task_id)}/priority", json_body=priority),)
        case op.ResolveIncident():
            return (_request("DELETE", f"{base}/incident/{_q(o.incident_id)}"),)
        case op.AnnotateIncident() if o.annotation:
            note = {"annotation": o.annotation}
            return (_request("PUT", f"{base}/incident/{_q(o.incident_id)}/annotation", json_body=note),)
        case op.AnnotateIncident():
            return (_request("DELETE", f"{base}/incident/{_q(o.incident_id)}/annotation"),)
    if type(o) in preview_variables.CAPABILITIES:
        return preview_variables.c7_requests(base, o)
    return preview_identity.c7_requests(base, o)


# -- Camunda 8 REST API v2 ----------------------------------------------------------------------


def c8_variables(values: Mapping[str, VariableValue]) -> dict[str, Any]:
    """C8 variables are plain JSON values, no types."""
    return {name: v.value.isoformat() if isinstance(v.value, datetime) else v.value for name, v in values.items()}


def c8_requests(base: str, o: op.Operation) -> tuple[PlannedRequest, ...]:
    match o:
        case op.CreateDeployment(new=new):
            form = (("tenantId", new.tenant_id),) if new.tenant_id else ()
            files = tuple(("resources", name) for name, _ in new.files)
            return (_request("POST", f"{base}/deployments", form=form, files=files),)
        case op.StartInstance():
            start: dict[str, Any]
            if o.definition_id:
                start = {"processDefinitionKey": o.definition_id}
            elif o.bpmn_process_id:
                start = {"processDefinitionId": o.bpmn_process_id}
            else:
                raise ValueError("start needs a definition id or a BPMN process id")
            if o.tenant_id:
                start["tenantId"] = o.tenant_id
            # Camunda 8 has no business key to send
            start["variables"] = c8_variables(o.variables)
            return (_request("POST", f"{base}/process-instances", json_body=start),)
        case op.DeleteInstance():
            return (_request("POST", f"{base}/process-instances/{_q(o.instance_id)}/cancellation"),)
        case op.ClaimTask():
            claim = {"assignee": o.user_id, "allowOverride": False, "action": "claim"}
            return (_request("POST", f"{base}/user-tasks/{_q(o.task_id)}/assignment", json_body=claim),)
        case op.UnclaimTask():
            return (_request("DELETE", f"{base}/user-tasks/{_q(o.task_id)}/assignee"),)
        case op.AssignTask(user_id=None):
            return (_request("DELETE", f"{base}/user-tasks/{_q(o.task_id)}/assignee"),)
        case op.AssignTask():
            assign = {"assignee": o.user_id, "allowOverride": True, "action": "assign"}
            return (_request("POST", f"{base}/user-tasks/{_q(o.task_id)}/assignment", json_body=assign),)
        case op.CompleteTask():
            complete = {"variables": c8_variables(o.variables), "action": "complete"}
            return (_request("POST", f"{base}/user-tasks/{_q(o.task_id)}/completion", json_body=complete),)
        case op.ResolveIncident():
            return (_request("POST", f"{base}/incidents/{_q(o.incident_id)}/resolution", json_body={}),)
        case op.ModifyInstance():
            # Camunda 8 activates elements (start before) and terminates element instances by key
            activate = [{"elementId": i.activity_id} for i in o.instructions if i.kind.value == "startBeforeActivity"]
            terminate = [
                {"elementInstanceKey": i.activity_instance_id}
                for i in o.instructions
                if i.kind.value == "cancel" and i.activity_instance_id
            ]
            if len(activate) + len(terminate) != len(o.instructions):
                raise errors.BadRequest("Camunda 8 activates elements and terminates element instances by key only.")
            body: dict[str, Any] = {}
            if activate:
                body["activateInstructions"] = activate
            if terminate:
                body["terminateInstructions"] = terminate
            return (_request("POST", f"{base}/process-instances/{_q(o.instance_id)}/modification", json_body=body),)
        case op.SetVariables():
            # a process instance is its own root element instance
            url = f"{base}/element-instances/{_q(o.instance_id)}/variables"
            return (_request("PUT", url, json_body={"variables": c8_variables(o.variables), "local": True}),)
    if type(o) in preview_c8only.CAPABILITIES:
        return preview_c8only.c8_requests(base, o)
    return preview_identity.c8_requests(base, o)
