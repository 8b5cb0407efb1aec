"""Mapping rules on Camunda 8 (Camunda 8 only): a token claim and value that grant membership."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api.c8.identity import Collection, like, sorted_by
from camtui.api.c8.wire import Fresh, c8_area
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models.cluster import MappingRule, MappingRuleFilter
from camtui.api.paging import DEFAULT_LIMIT, Page

# issue 13 (audit): every field the mapping rule search sorts by
SORT_NAMES = {"id": "mappingRuleId", "name": "name", "claim_name": "claimName", "claim_value": "claimValue"}


def mapping_rule_from(dto: Mapping[str, Any]) -> MappingRule:
    return MappingRule(
        id=dto["mappingRuleId"], name=dto.get("name"), claim_name=dto["claimName"], claim_value=dto["claimValue"]
    )


@c8_area
class C8MappingRules:
    def __init__(self, http: HttpSession, fresh: Fresh | None = None) -> None:
        self._rules = Collection(http, "mapping-rules", "mapping rule id", fresh)

    async def list(
        self, f: MappingRuleFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[MappingRule]:
        f = f or MappingRuleFilter()
        body = {"mappingRuleId": f.id, "name": like(f.name), "claimName": f.claim_name, "claimValue": f.claim_value}
        sort = sorted_by("mapping rules", SORT_NAMES, f.sort_by, f.sort_order)
        return await self._rules.search(body, mapping_rule_from, limit=limit, after=after, sort=sort)

    async def get(self, rule_id: str) -> MappingRule:
        return await self._rules.get(rule_id, mapping_rule_from)

    def create_spec(self, rule: MappingRule) -> RequestSpec:
        body = {
            "mappingRuleId": rule.id,
            "name": rule.name or rule.id,
            "claimName": rule.claim_name,
            "claimValue": rule.claim_value,
        }
        return self._rules.create_spec(body)

    async def create(self, rule: MappingRule) -> None:
        await self._rules.send(self.create_spec(rule))

    def update_spec(self, rule: MappingRule) -> RequestSpec:
        body = {"name": rule.name or rule.id, "claimName": rule.claim_name, "claimValue": rule.claim_value}
        return self._rules.update_spec(rule.id, body)

    async def update(self, rule: MappingRule) -> None:
        await self._rules.send(self.update_spec(rule))

    def delete_spec(self, rule_id: str) -> RequestSpec:
        return self._rules.delete_spec(rule_id)

    async def delete(self, rule_id: str) -> None:
        await self._rules.send(self.delete_spec(rule_id))
