"""Decisions on Camunda 8 (Camunda 8 only in camtui): definitions, their XML, evaluation, instances."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from camtui.api import errors
from camtui.api.c8.identity import sorted_by
from camtui.api.c8.wire import as_object, c8_area, parse_date, path_key, search, variables_out
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import SortOrder, VariableValue
from camtui.api.models.cluster import DecisionDefinition, DecisionEvaluation, DecisionInstance
from camtui.api.paging import DEFAULT_LIMIT, Page

# issue 13 (audit): every field the decision definition search sorts by
SORT_NAMES = {
    "id": "decisionDefinitionKey",
    "decision_id": "decisionDefinitionId",
    "name": "name",
    "version": "version",
    "decision_requirements_id": "decisionRequirementsId",
    "decision_requirements_key": "decisionRequirementsKey",
    "decision_requirements_name": "decisionRequirementsName",
    "decision_requirements_version": "decisionRequirementsVersion",
    "tenant_id": "tenantId",
}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def definition_from(dto: Mapping[str, Any]) -> DecisionDefinition:
    return DecisionDefinition(
        id=str(dto["decisionDefinitionKey"]),
        decision_id=dto["decisionDefinitionId"],
        name=dto.get("name"),
        version=dto["version"],
        decision_requirements_id=dto.get("decisionRequirementsId"),
        tenant_id=dto.get("tenantId"),
    )


def instance_from(dto: Mapping[str, Any]) -> DecisionInstance:
    return DecisionInstance(
        id=str(dto["decisionEvaluationInstanceKey"]),
        decision_id=dto["decisionDefinitionId"],
        decision_name=dto.get("decisionDefinitionName"),
        state=str(dto.get("state") or ""),
        evaluated=parse_date(dto.get("evaluationDate")),
        failure=dto.get("evaluationFailure"),
        result=dto.get("result"),
        process_instance_id=_text(dto.get("processInstanceKey")),
        tenant_id=dto.get("tenantId"),
    )


@c8_area
class C8Decisions:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def list(
        self,
        *,
        decision_id: str | None = None,
        latest_only: bool = False,
        limit: int = DEFAULT_LIMIT,
        after: str | None = None,
        sort_by: str | None = None,
        sort_order: SortOrder = SortOrder.ASC,
    ) -> Page[DecisionDefinition]:
        sort = sorted_by("decision definitions", SORT_NAMES, sort_by, sort_order)
        criteria: dict[str, Any] = {}
        if decision_id:
            criteria["decisionDefinitionId"] = decision_id
        if latest_only:
            criteria["isLatestVersion"] = True
        return await search(
            self._http, "/decision-definitions/search", criteria, definition_from, limit=limit, after=after, sort=sort
        )

    async def get(self, key: str) -> DecisionDefinition:
        path = "/decision-definitions/" + path_key(key, "decision definition key")
        return definition_from(as_object(await self._http.get(path)))

    async def xml(self, key: str) -> str:
        path = "/decision-definitions/" + path_key(key, "decision definition key") + "/xml"
        return (await self._http.request("GET", path, accept="text/xml")).text

    async def instances(
        self, *, decision_id: str | None = None, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[DecisionInstance]:
        criteria = {"decisionDefinitionId": decision_id} if decision_id else None
        sort = [{"field": "evaluationDate", "order": "DESC"}]
        return await search(
            self._http, "/decision-instances/search", criteria, instance_from, limit=limit, after=after, sort=sort
        )

    def evaluate_spec(
        self,
        *,
        decision_id: str | None = None,
        key: str | None = None,
        variables: Mapping[str, VariableValue] | None = None,
        tenant_id: str | None = None,
    ) -> RequestSpec:
        if (decision_id is None) == (key is None):
            raise errors.BadRequest("Evaluate a decision by its id or by its key (one of them). Nothing was sent.")
        body: dict[str, Any] = {"decisionDefinitionId": decision_id} if decision_id else {"decisionDefinitionKey": key}
        body["variables"] = variables_out(variables or {})
        if tenant_id:
            body["tenantId"] = tenant_id
        return RequestSpec("POST", "/decision-definitions/evaluation", json_body=body)

    async def evaluate(
        self,
        *,
        decision_id: str | None = None,
        key: str | None = None,
        variables: Mapping[str, VariableValue] | None = None,
        tenant_id: str | None = None,
    ) -> DecisionEvaluation:
        spec = self.evaluate_spec(decision_id=decision_id, key=key, variables=variables, tenant_id=tenant_id)
        dto = as_object(await self._http.send_json(spec))
        output = dto.get("output")
        return DecisionEvaluation(
            decision_id=dto["decisionDefinitionId"],
            decision_definition_key=str(dto["decisionDefinitionKey"]),
            output=output if isinstance(output, str) else json.dumps(output),
            failure=dto.get("failureMessage") or None,
        )
