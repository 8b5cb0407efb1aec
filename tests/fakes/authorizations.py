"""Authorizations (Camunda 7 numbers its resource types; Camunda 8 names them)."""

from __future__ import annotations

from camtui.api.c7.authorizations import RESOURCE_TYPES as C7_RESOURCE_TYPES
from camtui.api.capabilities import Capability
from camtui.api.models import Authorization, AuthorizationFilter, AuthorizationType
from camtui.api.paging import DEFAULT_LIMIT, Page
from tests.fakes.core import Area, engine_call

# Camunda 8's resource types (its authorizations speak names; C7's numbers are the real client's)
C8_RESOURCE_TYPES = (
    "AUTHORIZATION",
    "BATCH",
    "COMPONENT",
    "DECISION_DEFINITION",
    "DECISION_REQUIREMENTS_DEFINITION",
    "DOCUMENT",
    "GROUP",
    "MAPPING_RULE",
    "MESSAGE",
    "PROCESS_DEFINITION",
    "RESOURCE",
    "ROLE",
    "SYSTEM",
    "TENANT",
    "USER",
    "USER_TASK",
)


class FakeAuthorizations(Area):
    area = "authorizations"

    @engine_call(Capability.IDENTITY_AUTHORIZATIONS)
    async def list(
        self, f: AuthorizationFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Authorization]:
        f = f or AuthorizationFilter()
        if f.resource_type is not None:
            self._resource_type(f.resource_type)
        found = [
            a
            for a in self._data.authorizations.values()
            if (f.type is None or a.type is f.type)
            and (not f.user_ids or a.user_id in f.user_ids)
            and (not f.group_ids or a.group_id in f.group_ids)
            and (f.resource_type is None or a.resource_type == f.resource_type.upper())
            and (f.resource_id is None or a.resource_id == f.resource_id)
        ]
        # C7 sorts by resource type, which it numbers; C8 by name
        order = C7_RESOURCE_TYPES if self._flavour == "c7" else {n: i for i, n in enumerate(C8_RESOURCE_TYPES)}
        return self._core.page(found, limit=limit, after=after, field=lambda a: order.get(a.resource_type, -1))

    @engine_call(Capability.IDENTITY_AUTHORIZATIONS)
    async def get(self, authorization_id: str) -> Authorization:
        return self._find(authorization_id)

    @engine_call(Capability.IDENTITY_AUTHORIZATIONS, mutates=True)
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
        if self._flavour == "c8" and type is not AuthorizationType.GRANT:
            # GLOBAL and REVOKE are Camunda 7's: Camunda 8 authorizations only grant
            raise self._core.bad_request(f"Camunda 8 authorizations only grant; {type.value} is Camunda 7's.")
        if (user_id is None) == (group_id is None) and type is not AuthorizationType.GLOBAL:
            raise self._core.bad_request("An authorization names exactly one user or one group.")
        authorization = Authorization(
            id=self._data.new_id(),
            type=type,
            permissions=tuple(p.upper() for p in permissions),
            user_id="*" if type is AuthorizationType.GLOBAL else user_id,
            group_id=group_id,
            resource_type=self._resource_type(resource_type),
            resource_id=resource_id,
        )
        self._data.authorizations[authorization.id] = authorization
        return authorization

    @engine_call(Capability.IDENTITY_AUTHORIZATIONS, mutates=True)
    async def update(
        self, authorization_id: str, *, permissions: tuple[str, ...], resource_id: str | None = None
    ) -> None:
        current = self._find(authorization_id)
        self._data.authorizations[authorization_id] = current.model_copy(
            update={
                "permissions": tuple(p.upper() for p in permissions),
                "resource_id": resource_id or current.resource_id,
            }
        )

    @engine_call(Capability.IDENTITY_AUTHORIZATIONS, mutates=True)
    async def delete(self, authorization_id: str) -> None:
        self._find(authorization_id)
        del self._data.authorizations[authorization_id]

    # -- helpers ----------------------------------------------------------------------------------

    def _find(self, authorization_id: str) -> Authorization:
        found = self._data.authorizations.get(authorization_id)
        if found is None:
            raise self._core.missing("Authorization", authorization_id)
        return found

    def _resource_type(self, name: str) -> str:
        known = tuple(C7_RESOURCE_TYPES) if self._flavour == "c7" else C8_RESOURCE_TYPES
        if name.upper() not in known:
            raise self._core.bad_request(f"Unknown resource type {name!r}; use one of {', '.join(known)}.")
        return name.upper()
