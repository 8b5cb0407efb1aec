"""Issue 13's Camunda 8 only operations as REST API v2 sends them (batches over a filter and their
control, a job's retries and timeout, role memberships, messages and signals). Camunda 7 declares
none of their capabilities, so the fake C7 refuses each before it gets here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

from camtui.api import errors
from camtui.api import operations as op
from camtui.api.c8.wire import format_date
from camtui.api.capabilities import Capability
from camtui.api.models import InstanceFilter, VariableValue
from camtui.api.plan import PlannedRequest, json_safe

CAPABILITIES: dict[type[op.Operation], Capability] = {
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

SAMPLES: list[op.Operation] = [
    op.BatchByFilter(kind="cancellation", filter=InstanceFilter(bpmn_process_id="order", with_incident=True)),
    op.ControlBatch(batch_id="2251799813685300", action="suspension"),
    op.UpdateC8Job(job_id="2251799813685301", retries=3, timeout_ms=60000),
    op.RoleMembership(role_id="ops", kind="users", member_id="mary", add=True),
    op.PublishMessage(name="paid", correlation_key="o-1", variables={"amount": VariableValue(value=5)}),
    op.BroadcastSignal(name="stop", variables={"why": VariableValue(value="drill")}),
    op.BatchByFilter(
        kind="migration",
        filter=InstanceFilter(bpmn_process_id="order"),
        target_definition_id="2251799813685302",
        mappings=(("pay", "pay"),),
    ),
    op.BatchByFilter(kind="modification", filter=InstanceFilter(bpmn_process_id="order"), moves=(("pay", "ship"),)),
    op.CorrelateMessage(name="paid", correlation_key="o-1", variables={"amount": VariableValue(value=5)}),
    op.EvaluateDecision(decision_id="risk", variables={"amount": VariableValue(value=5)}),
    op.Membership(owner="tenants", owner_id="eu", kind="mapping-rules", member_id="okta-ops", add=False),
    op.DeleteResource(resource_key="2251799813685302"),
    op.CreateRole(role_id="ops", name="Operators"),
    op.DeleteRole(role_id="ops"),
    op.CreateMappingRule(rule_id="okta-ops", claim_name="groups", claim_value="ops"),
    op.DeleteMappingRule(rule_id="okta-ops"),
    op.UpdateRole(role_id="ops", name="Operations", description=""),
    op.UpdateMappingRule(rule_id="okta-ops", name="Okta", claim_name="groups", claim_value="admins"),
    op.SetClusterVariable(name="limits", value={"max": 5}, tenant_id="eu"),
    op.SetClusterVariable(name="limits", value={"max": 6}, exists=True),
    op.DeleteClusterVariable(name="limits", tenant_id="eu"),
]


def _q(value: str) -> str:
    return quote(value, safe="")


def _variables(values: Mapping[str, VariableValue]) -> dict[str, Any]:
    return {k: format_date(v.value) if isinstance(v.value, datetime) else v.value for k, v in values.items()}


def _instance_filter(f: InstanceFilter) -> dict[str, Any]:
    """The fields the samples and the console's batch actions use (running instances, as the client)."""
    body: dict[str, Any] = {}
    if f.bpmn_process_id:
        body["processDefinitionId"] = f.bpmn_process_id
    if f.definition_id:
        body["processDefinitionKey"] = f.definition_id
    body["state"] = "ACTIVE"
    if f.with_incident:
        body["hasIncident"] = True
    return body


def _request(method: str, url: str, json_body: Any = None) -> PlannedRequest:
    return PlannedRequest(method=method, url=url, json_body=json_safe(json_body) if json_body is not None else None)


def c8_requests(base: str, o: op.Operation) -> tuple[PlannedRequest, ...]:
    match o:
        case op.BatchByFilter():
            batch: dict[str, Any] = {"filter": _instance_filter(o.filter)}
            pairs = [{"sourceElementId": s, "targetElementId": t} for s, t in (o.mappings or o.moves)]
            if o.kind == "migration":
                batch["migrationPlan"] = {
                    "targetProcessDefinitionKey": o.target_definition_id,
                    "mappingInstructions": pairs,
                }
            elif o.kind == "modification":
                batch["moveInstructions"] = pairs
            return (_request("POST", f"{base}/process-instances/{o.kind}", batch),)
        case op.ControlBatch():
            return (_request("POST", f"{base}/batch-operations/{_q(o.batch_id)}/{o.action}"),)
        case op.UpdateC8Job():
            changes = {k: v for k, v in (("retries", o.retries), ("timeout", o.timeout_ms)) if v is not None}
            return (_request("PATCH", f"{base}/jobs/{_q(o.job_id)}", {"changeset": changes}),)
        case op.RoleMembership():
            url = f"{base}/roles/{_q(o.role_id)}/{o.kind}/{_q(o.member_id)}"
            return (_request("PUT" if o.add else "DELETE", url),)
        case op.Membership():
            url = f"{base}/{o.owner}/{_q(o.owner_id)}/{o.kind}/{_q(o.member_id)}"
            return (_request("PUT" if o.add else "DELETE", url),)
        case op.DeleteResource():
            return (_request("POST", f"{base}/resources/{_q(o.resource_key)}/deletion"),)
        case op.CreateRole():
            role = {"roleId": o.role_id, "name": o.name or o.role_id, "description": o.description}
            return (_request("POST", f"{base}/roles", {k: v for k, v in role.items() if v is not None}),)
        case op.DeleteRole():
            return (_request("DELETE", f"{base}/roles/{_q(o.role_id)}"),)
        case op.CreateMappingRule():
            rule = {
                "mappingRuleId": o.rule_id,
                "name": o.name or o.rule_id,
                "claimName": o.claim_name,
                "claimValue": o.claim_value,
            }
            return (_request("POST", f"{base}/mapping-rules", rule),)
        case op.DeleteMappingRule():
            return (_request("DELETE", f"{base}/mapping-rules/{_q(o.rule_id)}"),)
        case op.UpdateRole():
            role = {"name": o.name, "description": o.description}
            return (_request("PUT", f"{base}/roles/{_q(o.role_id)}", role),)
        case op.UpdateMappingRule():
            rule = {"name": o.name, "claimName": o.claim_name, "claimValue": o.claim_value}
            return (_request("PUT", f"{base}/mapping-rules/{_q(o.rule_id)}", rule),)
        case op.SetClusterVariable() | op.DeleteClusterVariable():
            scope = f"tenants/{_q(o.tenant_id)}" if o.tenant_id else "global"
            where = f"{base}/cluster-variables/{scope}/{_q(o.name)}"
            if isinstance(o, op.DeleteClusterVariable):
                return (_request("DELETE", where),)
            if o.exists:
                return (_request("PUT", where, {"value": dict(o.value)}),)
            return (_request("POST", f"{base}/cluster-variables/{scope}", {"name": o.name, "value": dict(o.value)}),)
        case op.PublishMessage():
            body: dict[str, Any] = {
                "name": o.name,
                "correlationKey": o.correlation_key,
                "variables": _variables(o.variables),
            }
            if o.time_to_live_ms is not None:
                body["timeToLive"] = o.time_to_live_ms
            if o.tenant_id:
                body["tenantId"] = o.tenant_id
            return (_request("POST", f"{base}/messages/publication", body),)
        case op.BroadcastSignal():
            signal: dict[str, Any] = {"signalName": o.name, "variables": _variables(o.variables)}
            if o.tenant_id:
                signal["tenantId"] = o.tenant_id
            return (_request("POST", f"{base}/signals/broadcast", signal),)
        case op.CorrelateMessage():
            correlation: dict[str, Any] = {
                "name": o.name,
                "correlationKey": o.correlation_key,
                "variables": _variables(o.variables),
            }
            if o.tenant_id:
                correlation["tenantId"] = o.tenant_id
            return (_request("POST", f"{base}/messages/correlation", correlation),)
        case op.EvaluateDecision():
            evaluation: dict[str, Any] = (
                {"decisionDefinitionId": o.decision_id} if o.decision_id else {"decisionDefinitionKey": o.key}
            )
            evaluation["variables"] = _variables(o.variables)
            if o.tenant_id:
                evaluation["tenantId"] = o.tenant_id
            return (_request("POST", f"{base}/decision-definitions/evaluation", evaluation),)
    raise errors.UnsupportedByEngine(f"No preview for {type(o).__name__} on the fake Camunda 8.")
