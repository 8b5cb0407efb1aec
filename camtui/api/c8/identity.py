"""What the identity areas of Camunda 8 share: an entity by id under a collection, its search,
create/update/delete, and memberships as PUT/DELETE of `/{collection}/{id}/{members}/{member}`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import unquote

from camtui.api import errors
from camtui.api.c8.wire import Fresh, as_object, listed, path_key, search, search_all, sort_body, until_indexed
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models.base import SortOrder
from camtui.api.paging import DEFAULT_LIMIT, Page

T = TypeVar("T")

# member collection -> the field naming a member in its search answers
MEMBER_FIELDS = {
    "users": "username",
    "groups": "groupId",
    "roles": "roleId",
    "clients": "clientId",
    "mapping-rules": "mappingRuleId",
}


# the collections whose search filters their id with `$in` (the others take one plain id)
IN_FILTERS = ("users", "groups")

# collection -> the field of a create request that names the new entity
ID_FIELDS = {
    "users": "username",
    "groups": "groupId",
    "roles": "roleId",
    "tenants": "tenantId",
    "mapping-rules": "mappingRuleId",
}


def like(text: str | None) -> dict[str, str] | None:
    """A C7-style `%` pattern (or a plain text, matched anywhere) as Camunda 8's `$like`."""
    if not text:
        return None
    pattern = text.replace("%", "*")
    return {"$like": pattern if "*" in pattern else f"*{pattern}*"}


def cleaned(body: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if v is not None}


def sorted_by(what: str, names: Mapping[str, str], field: str | None, order: SortOrder) -> list[dict[str, str]] | None:
    """The search's sort for `field`, refused in words when the search has no such sort (issue 13 audit)."""
    if field is None:
        return None
    if field not in names:
        raise errors.BadRequest(f"Camunda 8 sorts {what} by {', '.join(names)}, not {field}; nothing was sent.")
    return sort_body(names[field], order)


class Collection:
    """One identity collection: `/users`, `/groups`, `/roles`, `/tenants`, `/mapping-rules`."""

    def __init__(self, http: HttpSession, name: str, what: str, fresh: Fresh | None = None) -> None:
        self.http = http
        self.name = name
        self.what = what
        # ids this client created: a GET of one waits for the cluster to index it
        self.fresh = fresh

    def path(self, entity_id: str) -> str:
        return f"/{self.name}/{path_key(entity_id, self.what)}"

    async def search(
        self,
        filter_: Mapping[str, Any],
        parse: Callable[[Any], T],
        *,
        limit: int = DEFAULT_LIMIT,
        after: str | None = None,
        sort: list[dict[str, str]] | None = None,
    ) -> Page[T]:
        async def read() -> Page[T]:
            return await search(
                self.http, f"/{self.name}/search", cleaned(filter_), parse, limit=limit, after=after, sort=sort
            )

        # what this client just created shows when the cluster has indexed it (issue 13)
        return await listed(
            read,
            self.fresh,
            self.name,
            lambda item: f"{self.name}/{getattr(item, 'id', '')}",
            indexed=self.indexed,
            what=f"the new {self.what.removesuffix(' id')}",
        )

    async def indexed(self, keys: frozenset[str]) -> frozenset[str]:
        """Which of these (`users/mary`) a search by id finds: one request for all where the id filter
        takes `$in` (users, groups), one per id where it takes a plain id (roles, tenants, rules)."""
        field = ID_FIELDS[self.name]
        ids = sorted(key.split("/", 1)[1] for key in keys)

        async def found(criterion: Any, limit: int) -> tuple[str, ...]:
            page = await search(
                self.http,
                f"/{self.name}/search",
                {field: criterion},
                lambda dto: f"{self.name}/{as_object(dto)[field]}",
                limit=limit,
            )
            return page.items

        if self.name in IN_FILTERS:
            return frozenset(await found({"$in": ids}, len(ids)))
        return frozenset(k for each in await asyncio.gather(*(found(i, 1) for i in ids)) for k in each)

    async def get(self, entity_id: str, parse: Callable[[Any], T]) -> T:
        async def read() -> T:
            return parse(as_object(await self.http.get(self.path(entity_id))))

        if self.fresh is not None and f"{self.name}/{entity_id}" in self.fresh:
            return await until_indexed(read, what=f"{self.what} {entity_id}")
        return await read()

    def create_spec(self, body: Mapping[str, Any]) -> RequestSpec:
        return RequestSpec("POST", f"/{self.name}", json_body=cleaned(body))

    def update_spec(self, entity_id: str, body: Mapping[str, Any]) -> RequestSpec:
        return RequestSpec("PUT", self.path(entity_id), json_body=cleaned(body))

    def delete_spec(self, entity_id: str) -> RequestSpec:
        return RequestSpec("DELETE", self.path(entity_id))

    def member_spec(self, entity_id: str, members: str, member_id: str, *, add: bool) -> RequestSpec:
        path = f"{self.path(entity_id)}/{members}/{path_key(member_id, members.rstrip('s') + ' id')}"
        return RequestSpec("PUT" if add else "DELETE", path)

    async def send(self, spec: RequestSpec) -> None:
        await self.http.send(spec)
        if self.fresh is None:
            return
        parts = [unquote(p) for p in spec.path.strip("/").split("/")]
        if spec.method == "DELETE" and len(parts) == 2:
            self.fresh.discard(f"{self.name}/{parts[1]}")
        if spec.method == "POST" and isinstance(spec.json_body, dict):
            created = spec.json_body.get(ID_FIELDS.get(self.name, ""))
            if created is not None:
                # a GET of it waits, and so does the list of them (issue 13)
                self.fresh.add(f"{self.name}/{created}", self.name)
        if spec.method in ("PUT", "DELETE") and len(parts) == 4:
            self.remember_membership(*parts, add=spec.method == "PUT")

    def remember_membership(self, owner: str, owner_id: str, kind: str, member_id: str, *, add: bool) -> None:
        """The owner's list of members of that kind waits until it shows the change; a role's group
        is also the group's role, listed on both sides."""
        assert self.fresh is not None
        sides = [(owner, owner_id, kind, member_id)]
        if (owner, kind) == ("roles", "groups"):
            sides.append(("groups", member_id, "roles", owner_id))
        for o, o_id, k, m in sides:
            area = f"{o}/{o_id}/{k}"
            if add:
                self.fresh.add(f"{area}/{m}", area)
            else:
                self.fresh.remove(f"{area}/{m}", area)

    async def member_ids(self, entity_id: str, members: str) -> tuple[str, ...]:
        """Every member of one kind (`users`, `groups`, ...), by id."""
        field = MEMBER_FIELDS[members]
        area = f"{self.name}/{entity_id}/{members}"

        async def read() -> Page[str]:
            ids = await search_all(
                self.http, f"{self.path(entity_id)}/{members}/search", None, lambda dto: str(as_object(dto)[field])
            )
            return Page(items=ids, total=len(ids))

        # the whole list: a member just added (or removed) shows (or goes) when indexed (issue 13)
        page = await listed(read, self.fresh, area, lambda m: f"{area}/{m}", what=f"the change of {area}")
        return page.items

    async def having_member(self, kind: str, member_id: str, parse: Callable[[Any], T], *, most: int = 200) -> Page[T]:
        """The entities with `member_id` among their `kind` members. Camunda 8 lists members per entity,
        not entities per member, so this asks each entity (at most `most`; more is refused in words)."""
        field = {"users": "username", "groups": "groupId", "roles": "roleId", "tenants": "tenantId"}
        id_field = field.get(self.name, "id")
        every = await search(self.http, f"/{self.name}/search", None, lambda dto: dict(as_object(dto)), limit=most + 1)
        if len(every.items) > most:
            raise errors.BadRequest(
                f"Camunda 8 can not list the {self.name} of one member directly, and there are more than {most} "
                f"{self.name} to ask; nothing more was sent."
            )
        holders = await asyncio.gather(*(self.member_ids(str(e[id_field]), kind) for e in every.items))
        found = tuple(parse(e) for e, members in zip(every.items, holders, strict=True) if member_id in members)
        return Page(items=found, total=len(found))
