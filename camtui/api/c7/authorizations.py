"""Authorizations on Camunda 7: resource types and authorization types by name, numbers on the wire."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api import errors
from camtui.api.c7.wire import as_object, c7_area, csv, offset_page, path_id
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import Authorization, AuthorizationFilter, AuthorizationType
from camtui.api.paging import DEFAULT_LIMIT, Page

# org.camunda.bpm.engine.authorization.Resources: the engine speaks numbers, users speak names
RESOURCE_TYPES: dict[str, int] = {
    "APPLICATION": 0,
    "USER": 1,
    "GROUP": 2,
    "GROUP_MEMBERSHIP": 3,
    "AUTHORIZATION": 4,
    "FILTER": 5,
    "PROCESS_DEFINITION": 6,
    "TASK": 7,
    "PROCESS_INSTANCE": 8,
    "DEPLOYMENT": 9,
    "DECISION_DEFINITION": 10,
    "TENANT": 11,
    "TENANT_MEMBERSHIP": 12,
    "BATCH": 13,
    "DECISION_REQUIREMENTS_DEFINITION": 14,
    "REPORT": 15,
    "DASHBOARD": 16,
    "OPERATION_LOG_CATEGORY": 17,
    "OPTIMIZE": 18,
    "HISTORIC_TASK": 19,
    "HISTORIC_PROCESS_INSTANCE": 20,
    "SYSTEM": 21,
}
RESOURCE_NAMES = {number: name for name, number in RESOURCE_TYPES.items()}
AUTH_TYPES = {AuthorizationType.GLOBAL: 0, AuthorizationType.GRANT: 1, AuthorizationType.REVOKE: 2}
AUTH_TYPE_NAMES = {number: kind for kind, number in AUTH_TYPES.items()}


def _authorization(authorization_id: str) -> str:
    return "/authorization/" + path_id(authorization_id, "authorization id")


def resource_type_number(name: str) -> int:
    try:
        return RESOURCE_TYPES[name.upper()]
    except KeyError:
        known = ", ".join(RESOURCE_TYPES)
        raise errors.BadRequest(f"Unknown resource type {name!r}; use one of {known}.") from None


def authorization_from(dto: Mapping[str, Any]) -> Authorization:
    number = int(dto.get("resourceType") or 0)
    return Authorization(
        id=dto["id"],
        type=AUTH_TYPE_NAMES.get(int(dto.get("type") or 0), AuthorizationType.GLOBAL),
        permissions=tuple(dto.get("permissions") or ()),
        user_id=dto.get("userId"),
        group_id=dto.get("groupId"),
        resource_type=RESOURCE_NAMES.get(number, str(number)),
        resource_id=dto.get("resourceId") or "*",
    )


@c7_area
class C7Authorizations:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def list(
        self, f: AuthorizationFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Authorization]:
        f = f or AuthorizationFilter()
        params = {
            "type": AUTH_TYPES[f.type] if f.type else None,
            "userIdIn": csv(f.user_ids),
            "groupIdIn": csv(f.group_ids),
            "resourceType": resource_type_number(f.resource_type) if f.resource_type else None,
            "resourceId": f.resource_id,
            "sortBy": "resourceType",
            "sortOrder": "asc",
        }
        return await offset_page(self._http, "/authorization", params, authorization_from, limit=limit, after=after)

    async def get(self, authorization_id: str) -> Authorization:
        return authorization_from(await self._http.get(_authorization(authorization_id)))

    async def create(
        self,
        *,
        type: AuthorizationType,
        permissions: tuple[str, ...],
        resource_type: str,
        resource_id: str = "*",
        user_id: str | None = None,
        group_id: str | None = None,
    ) -> Authorization:
        spec = self.create_spec(
            type=type,
            permissions=permissions,
            resource_type=resource_type,
            resource_id=resource_id,
            user_id=user_id,
            group_id=group_id,
        )
        return authorization_from(await self._http.send_json(spec))

    def create_spec(
        self,
        *,
        type: AuthorizationType,
        permissions: tuple[str, ...],
        resource_type: str,
        resource_id: str = "*",
        user_id: str | None = None,
        group_id: str | None = None,
    ) -> RequestSpec:
        if (user_id is None) == (group_id is None) and type is not AuthorizationType.GLOBAL:
            raise errors.BadRequest("An authorization names exactly one user or one group.")
        payload = {
            "type": AUTH_TYPES[type],
            "permissions": [p.upper() for p in permissions],
            "resourceType": resource_type_number(resource_type),
            "resourceId": resource_id,
            "userId": "*" if type is AuthorizationType.GLOBAL else user_id,
            "groupId": None if type is AuthorizationType.GLOBAL else group_id,
        }
        return RequestSpec("POST", "/authorization/create", json_body=payload)

    def update_spec(self, authorization: Authorization) -> RequestSpec:
        """`authorization` as it will be; the engine keeps its type."""
        payload = {
            "permissions": [p.upper() for p in authorization.permissions],
            "userId": authorization.user_id,
            "groupId": authorization.group_id,
            "resourceType": resource_type_number(authorization.resource_type),
            "resourceId": authorization.resource_id,
        }
        return RequestSpec("PUT", _authorization(authorization.id), json_body=payload)

    async def update(
        self, authorization_id: str, *, permissions: tuple[str, ...], resource_id: str | None = None
    ) -> None:
        current = await self.get(authorization_id)
        changed = current.model_copy(
            update={"permissions": permissions, "resource_id": resource_id or current.resource_id}
        )
        await self._http.send(self.update_spec(changed))

    def delete_spec(self, authorization_id: str) -> RequestSpec:
        return RequestSpec("DELETE", _authorization(authorization_id))

    async def delete(self, authorization_id: str) -> None:
        await self._http.send(self.delete_spec(authorization_id))

    # -- not in the protocol: the engine's own answer, which the explainer (camtui.kinds.explain) must match
    async def check(self, user_id: str, permission: str, resource_type: str, resource_id: str = "*") -> bool:
        """GET /authorization/check: may `user_id` do `permission` on the resource? (needs READ on AUTHORIZATION)"""
        body = await self._http.get(
            "/authorization/check",
            permissionName=permission.upper(),
            resourceName=resource_type.upper(),
            resourceType=resource_type_number(resource_type),
            resourceId=resource_id,
            userId=user_id,
        )
        return bool(as_object(body)["authorized"])
