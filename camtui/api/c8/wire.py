"""Camunda 8 wire format: keys in paths, search bodies and cursor pages, dates, JSON variables,
and the bounded wait for what the cluster has not indexed yet. One place, used by every area."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from camtui.api import errors, events
from camtui.api.c7.wire import as_list, as_object, path_id
from camtui.api.http import HttpSession, parsed_answers
from camtui.api.models.base import SortOrder
from camtui.api.models.instances import Operator, VariableCondition
from camtui.api.models.variables import Variable, VariableValue
from camtui.api.paging import DEFAULT_LIMIT, Page

__all__ = ["as_list", "as_object", "c8_area", "path_key"]

T = TypeVar("T")

c8_area = parsed_answers(
    "Camunda 8",
    hint="Check the base URL: the Orchestration Cluster serves its REST API under /v2 (e.g. http://host:8080/v2).",
)

# the most a search page may ask for (the spec's maximum `limit`)
MAX_LIMIT = 10000
# how long a read waits for the cluster to index what this client just created (secondary storage
# lags the broker by a second or so; a few seconds under load)
INDEX_WAIT = 10.0
INDEXING = events.INDEXING


def path_key(value: str, what: str = "key") -> str:
    """A key or id as one path segment (see `camtui.api.c7.wire.path_id`: the same rules)."""
    return path_id(value, what)


def parse_date(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def format_date(value: datetime) -> str:
    """RFC 3339 with an offset; a naive datetime is local time."""
    if value.tzinfo is None:
        value = value.astimezone()
    return value.isoformat(timespec="milliseconds")


def sort_body(field: str | None, order: SortOrder) -> list[dict[str, str]] | None:
    if field is None:
        return None
    return [{"field": field, "order": order.value.upper()}]


def search_body(
    filter_: Mapping[str, Any] | None,
    *,
    limit: int,
    after: str | None,
    sort: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    page: dict[str, Any] = {"limit": max(1, min(limit, MAX_LIMIT))}
    if after:
        page["after"] = after
    body: dict[str, Any] = {"page": page}
    if filter_:
        body["filter"] = dict(filter_)
    if sort:
        body["sort"] = sort
    return body


def page_from(body: Any, parse: Callable[[Any], T], limit: int) -> Page[T]:
    """A search answer: items, and `page` with a total that may be a lower bound (capped) and cursors."""
    answer = as_object(body)
    items = tuple(parse(as_object(row)) for row in as_list(answer["items"]))
    page = as_object(answer["page"])
    total = page["totalItems"]
    if isinstance(total, bool) or not isinstance(total, int):
        raise TypeError(f"totalItems is {type(total).__name__}, not a number")
    cursor = page.get("endCursor")
    more = len(items) >= limit and bool(cursor)
    return Page(
        items=items,
        total=total,
        total_exact=not page.get("hasMoreTotalItems", False),
        next=str(cursor) if more else None,
    )


async def search(
    http: HttpSession,
    path: str,
    filter_: Mapping[str, Any] | None,
    parse: Callable[[Any], T],
    *,
    limit: int = DEFAULT_LIMIT,
    after: str | None = None,
    sort: list[dict[str, str]] | None = None,
    params: Mapping[str, Any] | None = None,
) -> Page[T]:
    """POST a `…/search` (a read: retried under back-pressure, allowed on read-only profiles)."""
    body = search_body(filter_, limit=limit, after=after, sort=sort)
    answer = await http.json("POST", path, json_body=body, params=params, mutating=False)
    return page_from(answer, parse, limit)


async def search_all(
    http: HttpSession, path: str, filter_: Mapping[str, Any] | None, parse: Callable[[Any], T], *, limit: int = 1000
) -> tuple[T, ...]:
    """Every item of a search, following cursors (for lists that are small by nature)."""
    out: list[T] = []
    after: str | None = None
    while True:
        page = await search(http, path, filter_, parse, limit=limit, after=after)
        out.extend(page.items)
        if page.next is None:
            return tuple(out)
        after = page.next


# -- variables: plain JSON values on Camunda 8 (no types); search answers hold them JSON-encoded -----


def variables_out(values: Mapping[str, VariableValue]) -> dict[str, Any]:
    return {name: format_date(v.value) if isinstance(v.value, datetime) else v.value for name, v in values.items()}


def type_name(value: Any) -> str:
    """The Camunda 7 type a JSON value reads as, so the console shows one vocabulary."""
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Long"
    if isinstance(value, float):
        return "Double"
    if isinstance(value, str):
        return "String"
    return "Json"


def variable_from(dto: Mapping[str, Any]) -> Variable:
    text = dto["value"]
    truncated = bool(dto.get("isTruncated"))
    if truncated:
        # the start of a JSON text: shown as it came, typed as what it is the start of
        return Variable(name=dto["name"], type="Json", value=text, scope_id=_key(dto.get("scopeKey")))
    value = json.loads(text) if isinstance(text, str) else text
    return Variable(name=dto["name"], type=type_name(value), value=value, scope_id=_key(dto.get("scopeKey")))


def _key(value: Any) -> str | None:
    return None if value is None else str(value)


_STRING_OPERATORS = {Operator.EQ: "$eq", Operator.NEQ: "$neq", Operator.LIKE: "$like"}


def variable_filter(conditions: tuple[VariableCondition, ...]) -> list[dict[str, Any]]:
    """`[{name, value: <string filter>}]`: the value is compared as its JSON text, so Camunda 8 can
    test equality, inequality and `like` (`*`, `?`), not order."""
    out: list[dict[str, Any]] = []
    for c in conditions:
        operator = _STRING_OPERATORS.get(c.operator)
        if operator is None:
            raise errors.BadRequest(
                f"Camunda 8 can not compare the variable {c.name!r} with {c.operator.value}: "
                "its variable filters test equality (eq), inequality (neq) and like; nothing was sent."
            )
        text = c.value if c.operator is Operator.LIKE and isinstance(c.value, str) else json.dumps(c.value)
        out.append({"name": c.name, "value": {operator: text}})
    return out


# -- eventual consistency ------------------------------------------------------------------------


class Fresh:
    """Keys this client created a moment ago, which the cluster's search side may not know yet."""

    def __init__(self, window: float = 60.0) -> None:
        self._window = window
        self._created: dict[str, float] = {}
        self._areas: dict[str, str] = {}
        self._gone: set[str] = set()

    def add(self, key: str, area: str = "") -> None:
        now = time.monotonic()
        self._created = {k: t for k, t in self._created.items() if now - t < self._window}
        self._created[key] = now
        self._gone.discard(key)
        # issue 13: which list must show it (a batch in the list of batches)
        if area:
            self._areas[key] = area

    def recent(self, area: str) -> frozenset[str]:
        """The keys created a moment ago for `area`'s list (a list of it waits until they show)."""
        now = time.monotonic()
        return frozenset(
            k for k, a in self._areas.items() if a == area and now - self._created.get(k, 0.0) < self._window
        )

    def discard(self, key: str) -> None:
        """Forget a key (it was deleted: a 404 for it is the truth, not lag)."""
        self._created.pop(key, None)
        self._areas.pop(key, None)

    def remove(self, key: str, area: str) -> None:
        """A key this client removed from `area`'s list a moment ago (a member taken out): the list
        waits until it is gone."""
        self.add(key, area)
        self._gone.add(key)

    def gone(self, key: str) -> bool:
        return key in self._gone

    def shown(self, key: str) -> None:
        """Its list showed it (or its absence): no list of it waits any more."""
        self._areas.pop(key, None)
        self._gone.discard(key)

    def __contains__(self, key: object) -> bool:
        created = self._created.get(str(key))
        return created is not None and time.monotonic() - created < self._window


async def until_indexed(
    read: Callable[[], Awaitable[T]],
    *,
    what: str,
    wait: float | None = None,
    visible: Callable[[T], bool] | None = None,
) -> T:
    """Read until the cluster has indexed it: a NotFound (or an answer `visible` refuses) is read
    again with back-off for at most `wait` seconds, with a notice each time; then the NotFound says
    the cluster is still indexing, never just "not found"."""
    deadline = time.monotonic() + (INDEX_WAIT if wait is None else wait)
    attempt = 1
    delay = 0.1
    while True:
        try:
            value = await read()
            if visible is None or visible(value):
                return value
            reason: errors.EngineError | None = None
        except errors.NotFound as exc:
            reason = exc
        if time.monotonic() + delay > deadline:
            if reason is not None:
                reason.hint = f"It was created a moment ago; the cluster has not indexed it yet ({what})."
                raise reason
            return value
        attempt += 1
        events.retrying(events.Retrying("GET", what, attempt, 0, delay, INDEXING))
        await asyncio.sleep(delay)
        delay = min(1.0, delay * 2)


async def listed(
    read: Callable[[], Awaitable[Page[T]]],
    fresh: Fresh | None,
    area: str,
    key_of: Callable[[T], str],
    *,
    indexed: Callable[[frozenset[str]], Awaitable[frozenset[str]]] | None = None,
    what: str = "the new item",
) -> Page[T]:
    """A page of `area`'s list that shows what this client just made there (and not what it just
    removed): read again, bounded, with the "waiting for the cluster to index it" notice, until it
    does. `indexed(keys)` says which of them a search finds at all, asked before the page is read:
    one the cluster has indexed but the page lacks is held back by a filter or on another page, not
    lag. Without `indexed`, only a whole list (one page) waits."""
    waiting = fresh.recent(area) if fresh is not None else frozenset()
    if fresh is None or not waiting:
        return await read()

    async def read_both() -> tuple[Page[T], frozenset[str]]:
        searchable = await indexed(waiting) if indexed is not None else None
        page = await read()
        ids = {key_of(item) for item in page.items}
        late = {k for k in waiting if (k in ids) == fresh.gone(k)}
        if searchable is not None:
            late = {k for k in late if (k in searchable) == fresh.gone(k)}
        elif page.next is not None:
            late = set()
        return page, frozenset(late)

    page, late = await until_indexed(read_both, what=what, visible=lambda answer: not answer[1])
    for key in waiting - late:
        fresh.shown(key)
    return page
