"""Authorizations on Camunda 8: an owner (user, group, role, client, mapping rule) is granted
permissions on a resource type and id. Camunda 8 only grants: no GLOBAL, no REVOKE."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api import errors
from camtui.api.c8.identity import Collection
from camtui.api.c8.wire import as_object, c8_area
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import Authorization, AuthorizationFilter, AuthorizationType
from camtui.api.paging import DEFAULT_LIMIT, Page


def authorization_from(dto: Mapping[str, Any]) -> Authorization:
    owner_type = str(dto["ownerType"])
    owner_id = str(dto["ownerId"])
    return Authorization(
        id=str(dto["authorizationKey"]),
        type=AuthorizationType.GRANT,
        permissions=tuple(str(p) for p in dto["permissionTypes"]),
        user_id=owner_id if owner_type == "USER" else None,
        group_id=owner_id if owner_type == "GROUP" else None,
        resource_type=str(dto["resourceType"]),
        resource_id=str(dto.get("resourceId") or "*"),
        owner_type=owner_type,
        owner_id=owner_id,
    )


def request_body(
    *, owner_type: str, owner_id: str, resource_type: str, resource_id: str, permissions: tuple[str, ...]
) -> dict[str, Any]:
    return {
        "ownerId": owner_id,
        "ownerType": owner_type,
        "resourceType": resource_type,
        "resourceId": resource_id,
        "permissionTypes": list(permissions),
    }


@c8_area
class C8Authorizations:
    def __init__(self, http: HttpSession) -> None:
        self._http = http
        self._authorizations = Collection(http, "authorizations", "authorization key")

    async def list(
        self, f: AuthorizationFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Authorization]:
        f = f or AuthorizationFilter()
        if f.type not in (None, AuthorizationType.GRANT):
            return Page(items=(), total=0)
        owners = [("USER", u) for u in f.user_ids] + [("GROUP", g) for g in f.group_ids]
        if len(owners) > 1:
            raise errors.BadRequest("Camunda 8 filters authorizations by one owner at a time. Nothing was sent.")
        body: dict[str, Any] = {"resourceType": f.resource_type}
        if owners:
            body["ownerType"], body["ownerId"] = owners[0]
        if f.resource_id:
            body["resourceIds"] = [f.resource_id]
        return await self._authorizations.search(body, authorization_from, limit=limit, after=after)

    async def get(self, authorization_id: str) -> Authorization:
        return await self._authorizations.get(authorization_id, authorization_from)

    def create_spec(
        self,
        *,
        type: AuthorizationType,
        permissions: tuple[str, ...],
        resource_type: str,
        resource_id: str = "*",
        user_id: str | None = None,
        group_id: str | None = None,
        owner_type: str | None = None,
        owner_id: str | None = None,
    ) -> RequestSpec:
        if type is not AuthorizationType.GRANT:
            raise errors.BadRequest(
                f"Camunda 8 authorizations only grant; a {type.value} authorization can not be made. Nothing was sent."
            )
        if owner_type is None:
            owner_type, owner_id = ("USER", user_id) if user_id else ("GROUP", group_id)
        if not owner_id:
            raise errors.BadRequest("An authorization needs an owner (a user, group, role, ...). Nothing was sent.")
        body = request_body(
            owner_type=owner_type,
            owner_id=owner_id,
            resource_type=resource_type,
            resource_id=resource_id,
            permissions=permissions,
        )
        return self._authorizations.create_spec(body)

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
        dto = as_object(await self._http.send_json(spec))
        body = spec.json_body
        return authorization_from({**body, "authorizationKey": dto["authorizationKey"]})

    async def update(
        self, authorization_id: str, *, permissions: tuple[str, ...], resource_id: str | None = None
    ) -> None:
        """Camunda 8 replaces the whole authorization: read it, then PUT it with the change."""
        current = await self.get(authorization_id)
        body = request_body(
            owner_type=current.owner_type or "USER",
            owner_id=current.owner_id or "",
            resource_type=current.resource_type,
            resource_id=resource_id if resource_id is not None else current.resource_id,
            permissions=permissions,
        )
        await self._authorizations.send(self._authorizations.update_spec(authorization_id, body))

    def replace_spec(self, authorization: Authorization) -> RequestSpec:
        """The PUT that makes the authorization what `authorization` says (Camunda 8 replaces it whole)."""
        body = request_body(
            owner_type=authorization.owner_type or ("USER" if authorization.user_id else "GROUP"),
            owner_id=authorization.owner_id or authorization.user_id or authorization.group_id or "",
            resource_type=authorization.resource_type,
            resource_id=authorization.resource_id,
            permissions=authorization.permissions,
        )
        return self._authorizations.update_spec(authorization.id, body)

    def delete_spec(self, authorization_id: str) -> RequestSpec:
        return self._authorizations.delete_spec(authorization_id)

    async def delete(self, authorization_id: str) -> None:
        await self._authorizations.send(self.delete_spec(authorization_id))
