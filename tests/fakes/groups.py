"""Groups and their members."""

from __future__ import annotations

from camtui.api.capabilities import Capability
from camtui.api.models import Group, GroupFilter
from camtui.api.paging import DEFAULT_LIMIT, Page
from tests.fakes.core import Area, engine_call
from tests.fakes.identity import group_of, user_of
from tests.fakes.paging import like


class FakeGroups(Area):
    area = "groups"

    @engine_call(Capability.IDENTITY_GROUPS)
    async def list(
        self, f: GroupFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Group]:
        f = f or GroupFilter()
        data = self._data
        found = [
            g
            for g in data.groups.values()
            if (f.id is None or g.id == f.id)
            and like(f.name_like, g.name)
            and (f.type is None or g.type == f.type)
            and (f.member is None or (g.id, f.member) in data.group_members)
            and (f.member_of_tenant is None or (f.member_of_tenant, g.id) in data.tenant_groups)
        ]
        return self._core.page(found, limit=limit, after=after)

    @engine_call(Capability.IDENTITY_GROUPS)
    async def get(self, group_id: str) -> Group:
        return group_of(self._core, group_id)

    @engine_call(Capability.IDENTITY_GROUPS, mutates=True)
    async def create(self, group: Group) -> None:
        if group.id in self._data.groups:
            raise self._core.refusal(f"The group with id '{group.id}' already exists.")
        self._data.groups[group.id] = group

    @engine_call(Capability.IDENTITY_GROUPS, mutates=True)
    async def update(self, group: Group) -> None:
        group_of(self._core, group.id)
        self._data.groups[group.id] = group

    @engine_call(Capability.IDENTITY_GROUPS, mutates=True)
    async def delete(self, group_id: str) -> None:
        group_of(self._core, group_id)
        del self._data.groups[group_id]
        self._data.group_members = {(g, u) for g, u in self._data.group_members if g != group_id}
        self._data.tenant_groups = {(t, g) for t, g in self._data.tenant_groups if g != group_id}

    @engine_call(Capability.IDENTITY_GROUPS, mutates=True)
    async def add_member(self, group_id: str, user_id: str) -> None:
        group_of(self._core, group_id)
        user_of(self._core, user_id)
        self._data.group_members.add((group_id, user_id))

    @engine_call(Capability.IDENTITY_GROUPS, mutates=True)
    async def remove_member(self, group_id: str, user_id: str) -> None:
        group_of(self._core, group_id)
        self._data.group_members.discard((group_id, user_id))
