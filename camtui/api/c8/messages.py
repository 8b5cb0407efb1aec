"""Messages (publish, correlate) and signals (broadcast) on Camunda 8."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api.c8.wire import as_object, c8_area, parse_date, search, variables_out
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import VariableValue
from camtui.api.models.cluster import MessageSubscription
from camtui.api.paging import DEFAULT_LIMIT, Page


def _body(required: Mapping[str, Any], optional: Mapping[str, Any]) -> dict[str, Any]:
    return {**required, **{k: v for k, v in optional.items() if v is not None}}


def subscription_from(dto: Mapping[str, Any]) -> MessageSubscription:
    pik = dto.get("processInstanceKey")
    return MessageSubscription(
        id=str(dto["messageSubscriptionKey"]),
        message_name=str(dto["messageName"]),
        correlation_key=dto.get("correlationKey"),
        state=str(dto.get("messageSubscriptionState") or ""),
        bpmn_process_id=str(dto.get("processDefinitionId") or ""),
        process_instance_id=None if pik is None else str(pik),
        element_id=str(dto.get("elementId") or ""),
        updated=parse_date(dto.get("lastUpdatedDate")),
        tenant_id=dto.get("tenantId"),
    )


@c8_area
class C8Messages:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def subscriptions(
        self, *, message_name: str | None = None, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[MessageSubscription]:
        """Who waits for which message (issue 13's `:messages`)."""
        criteria = {"messageName": message_name} if message_name else None
        return await search(
            self._http, "/message-subscriptions/search", criteria, subscription_from, limit=limit, after=after
        )

    def publish_spec(
        self,
        name: str,
        *,
        correlation_key: str = "",
        variables: Mapping[str, VariableValue] | None = None,
        time_to_live_ms: int | None = None,
        message_id: str | None = None,
        tenant_id: str | None = None,
    ) -> RequestSpec:
        body = _body(
            {"name": name, "correlationKey": correlation_key, "variables": variables_out(variables or {})},
            {"timeToLive": time_to_live_ms, "messageId": message_id, "tenantId": tenant_id},
        )
        return RequestSpec("POST", "/messages/publication", json_body=body)

    async def publish(
        self,
        name: str,
        *,
        correlation_key: str = "",
        variables: Mapping[str, VariableValue] | None = None,
        time_to_live_ms: int | None = None,
        message_id: str | None = None,
        tenant_id: str | None = None,
    ) -> str:
        """Publish a message (buffered for its time to live); the message's key."""
        spec = self.publish_spec(
            name,
            correlation_key=correlation_key,
            variables=variables,
            time_to_live_ms=time_to_live_ms,
            message_id=message_id,
            tenant_id=tenant_id,
        )
        return str(as_object(await self._http.send_json(spec))["messageKey"])

    def correlate_spec(
        self,
        name: str,
        *,
        correlation_key: str = "",
        variables: Mapping[str, VariableValue] | None = None,
        tenant_id: str | None = None,
    ) -> RequestSpec:
        body = _body(
            {"name": name, "correlationKey": correlation_key, "variables": variables_out(variables or {})},
            {"tenantId": tenant_id},
        )
        return RequestSpec("POST", "/messages/correlation", json_body=body)

    async def correlate(
        self,
        name: str,
        *,
        correlation_key: str = "",
        variables: Mapping[str, VariableValue] | None = None,
        tenant_id: str | None = None,
    ) -> str:
        """Correlate a message to a waiting subscription now (NotFound when none waits); the instance's key."""
        spec = self.correlate_spec(name, correlation_key=correlation_key, variables=variables, tenant_id=tenant_id)
        return str(as_object(await self._http.send_json(spec))["processInstanceKey"])

    def broadcast_spec(
        self, name: str, *, variables: Mapping[str, VariableValue] | None = None, tenant_id: str | None = None
    ) -> RequestSpec:
        body = _body({"signalName": name, "variables": variables_out(variables or {})}, {"tenantId": tenant_id})
        return RequestSpec("POST", "/signals/broadcast", json_body=body)

    async def broadcast_signal(
        self, name: str, *, variables: Mapping[str, VariableValue] | None = None, tenant_id: str | None = None
    ) -> str:
        spec = self.broadcast_spec(name, variables=variables, tenant_id=tenant_id)
        return str(as_object(await self._http.send_json(spec))["signalKey"])
