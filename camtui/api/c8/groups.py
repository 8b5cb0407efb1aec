"""Groups on Camunda 8, and their members (users; mapping rules and clients through `members`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api import errors
from camtui.api.c8.identity import Collection, like, sorted_by
from camtui.api.c8.wire import Fresh, c8_area
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import Group, GroupFilter
from camtui.api.paging import DEFAULT_LIMIT, Page


def group_from(dto: Mapping[str, Any]) -> Group:
    return Group(id=dto["groupId"], name=dto.get("name"))


# issue 13 (audit): every field the group search sorts by
SORT_NAMES = {"id": "groupId", "name": "name"}


@c8_area
class C8Groups:
    def __init__(self, http: HttpSession, fresh: Fresh | None = None) -> None:
        self._http = http
        self._groups = Collection(http, "groups", "group id", fresh)

    async def list(
        self, f: GroupFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Group]:
        f = f or GroupFilter()
        sort = sorted_by("groups", SORT_NAMES, f.sort_by, f.sort_order)
        if f.type:
            raise errors.BadRequest("Camunda 8 groups have no type. Nothing was sent.")
        if f.member_of_tenant:
            tenant = Collection(self._http, "tenants", "tenant id")
            ids = await tenant.member_ids(f.member_of_tenant, "groups")
            return Page(items=tuple(Group(id=i) for i in ids), total=len(ids))
        if f.member:
            return await self._groups.having_member("users", f.member, group_from)
        return await self._groups.search(
            {"groupId": f.id, "name": like(f.name_like)}, group_from, limit=limit, after=after, sort=sort
        )

    async def get(self, group_id: str) -> Group:
        return await self._groups.get(group_id, group_from)

    def create_spec(self, group: Group) -> RequestSpec:
        return self._groups.create_spec({"groupId": group.id, "name": group.name or group.id})

    async def create(self, group: Group) -> None:
        await self._groups.send(self.create_spec(group))

    def update_spec(self, group: Group) -> RequestSpec:
        return self._groups.update_spec(group.id, {"name": group.name or group.id})

    async def update(self, group: Group) -> None:
        await self._groups.send(self.update_spec(group))

    def delete_spec(self, group_id: str) -> RequestSpec:
        return self._groups.delete_spec(group_id)

    async def delete(self, group_id: str) -> None:
        await self._groups.send(self.delete_spec(group_id))

    def member_spec(self, group_id: str, user_id: str, *, add: bool) -> RequestSpec:
        return self._groups.member_spec(group_id, "users", user_id, add=add)

    async def add_member(self, group_id: str, user_id: str) -> None:
        await self._groups.send(self.member_spec(group_id, user_id, add=True))

    async def remove_member(self, group_id: str, user_id: str) -> None:
        await self._groups.send(self.member_spec(group_id, user_id, add=False))

    # -- Camunda 8 only --

    async def members(self, group_id: str, kind: str = "users") -> tuple[str, ...]:
        """The ids of the group's `users`, `clients`, `mapping-rules` or `roles`."""
        return await self._groups.member_ids(group_id, kind)

    def membership_spec(self, group_id: str, kind: str, member_id: str, *, add: bool) -> RequestSpec:
        """A `users`, `clients` or `mapping-rules` member; a role the group holds is the role's group
        (the cluster lists a group's roles but changes them on the role)."""
        if kind == "roles":
            roles = Collection(self._http, "roles", "role id")
            return roles.member_spec(member_id, "groups", group_id, add=add)
        return self._groups.member_spec(group_id, kind, member_id, add=add)

    async def set_membership(self, group_id: str, kind: str, member_id: str, *, add: bool) -> None:
        """Add or remove a `users`, `clients`, `mapping-rules` member, or give or take a role."""
        await self._groups.send(self.membership_spec(group_id, kind, member_id, add=add))
