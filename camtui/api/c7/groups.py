"""Groups and their members on Camunda 7."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api.c7.wire import c7_area, offset_page, path_id, sort_params
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import Group, GroupFilter
from camtui.api.paging import DEFAULT_LIMIT, Page


def _group(group_id: str) -> str:
    return "/group/" + path_id(group_id, "group id")


def group_from(dto: Mapping[str, Any]) -> Group:
    return Group(id=dto["id"], name=dto.get("name"), type=dto.get("type"))


# issue 13 (audit): every field this list sorts by on Camunda 7
SORT_NAMES = {"id": "id", "name": "name", "type": "type"}


@c7_area
class C7Groups:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def list(
        self, f: GroupFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Group]:
        f = f or GroupFilter()
        params = {
            "id": f.id,
            "nameLike": f.name_like,
            "type": f.type,
            "member": f.member,
            "memberOfTenant": f.member_of_tenant,
            # issue 13 (audit): the engine's sort when asked for one, else by id
            **(sort_params(f.sort_by, f.sort_order, SORT_NAMES) or {"sortBy": "id", "sortOrder": "asc"}),
        }
        return await offset_page(self._http, "/group", params, group_from, limit=limit, after=after)

    async def get(self, group_id: str) -> Group:
        return group_from(await self._http.get(_group(group_id)))

    def create_spec(self, group: Group) -> RequestSpec:
        return RequestSpec("POST", "/group/create", json_body={"id": group.id, "name": group.name, "type": group.type})

    async def create(self, group: Group) -> None:
        await self._http.send(self.create_spec(group))

    def update_spec(self, group: Group) -> RequestSpec:
        return RequestSpec("PUT", _group(group.id), json_body={"id": group.id, "name": group.name, "type": group.type})

    async def update(self, group: Group) -> None:
        await self._http.send(self.update_spec(group))

    def delete_spec(self, group_id: str) -> RequestSpec:
        return RequestSpec("DELETE", _group(group_id))

    async def delete(self, group_id: str) -> None:
        await self._http.send(self.delete_spec(group_id))

    def member_spec(self, group_id: str, user_id: str, *, add: bool) -> RequestSpec:
        return RequestSpec("PUT" if add else "DELETE", f"{_group(group_id)}/members/{path_id(user_id, 'user id')}")

    async def add_member(self, group_id: str, user_id: str) -> None:
        await self._http.send(self.member_spec(group_id, user_id, add=True))

    async def remove_member(self, group_id: str, user_id: str) -> None:
        await self._http.send(self.member_spec(group_id, user_id, add=False))
