"""Roles on Camunda 8 (Camunda 8 only), and their members: users, groups, clients, mapping rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api.c8.identity import Collection, like, sorted_by
from camtui.api.c8.wire import Fresh, c8_area
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models.cluster import Role, RoleFilter
from camtui.api.paging import DEFAULT_LIMIT, Page

# issue 13 (audit): every field the role search sorts by
SORT_NAMES = {"id": "roleId", "name": "name"}


def role_from(dto: Mapping[str, Any]) -> Role:
    return Role(id=dto["roleId"], name=dto.get("name"), description=dto.get("description") or None)


@c8_area
class C8Roles:
    def __init__(self, http: HttpSession, fresh: Fresh | None = None) -> None:
        self._roles = Collection(http, "roles", "role id", fresh)

    async def list(
        self, f: RoleFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Role]:
        f = f or RoleFilter()
        body = {"roleId": f.id, "name": like(f.name)}
        sort = sorted_by("roles", SORT_NAMES, f.sort_by, f.sort_order)
        return await self._roles.search(body, role_from, limit=limit, after=after, sort=sort)

    async def get(self, role_id: str) -> Role:
        return await self._roles.get(role_id, role_from)

    def create_spec(self, role: Role) -> RequestSpec:
        return self._roles.create_spec(
            {"roleId": role.id, "name": role.name or role.id, "description": role.description}
        )

    async def create(self, role: Role) -> None:
        await self._roles.send(self.create_spec(role))

    def update_spec(self, role: Role) -> RequestSpec:
        # an emptied description is sent empty, so that it is cleared rather than kept
        body = {"name": role.name or role.id, "description": role.description or ""}
        return self._roles.update_spec(role.id, body)

    async def update(self, role: Role) -> None:
        await self._roles.send(self.update_spec(role))

    def delete_spec(self, role_id: str) -> RequestSpec:
        return self._roles.delete_spec(role_id)

    async def delete(self, role_id: str) -> None:
        await self._roles.send(self.delete_spec(role_id))

    async def members(self, role_id: str, kind: str = "users") -> tuple[str, ...]:
        """The ids of the role's `users`, `groups`, `clients` or `mapping-rules`."""
        return await self._roles.member_ids(role_id, kind)

    def membership_spec(self, role_id: str, kind: str, member_id: str, *, add: bool) -> RequestSpec:
        return self._roles.member_spec(role_id, kind, member_id, add=add)

    async def set_membership(self, role_id: str, kind: str, member_id: str, *, add: bool) -> None:
        await self._roles.send(self.membership_spec(role_id, kind, member_id, add=add))
