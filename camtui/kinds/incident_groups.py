"""Incidents grouped by type, activity, definition or error message, where the engine can not group.

Camunda 7 has no group-by for incidents, so every incident the filter matches is read (paged,
bounded by `LIMIT`; the result says when it was capped) and grouped here. Messages that differ only
in ids, numbers, uuids or timestamps fall into one group (`normalise`).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from enum import StrEnum

from camtui.api.models import Incident, IncidentFilter
from camtui.api.models.base import Model
from camtui.api.protocol import Engine

# grouping reads at most this many incidents (and says so when there are more)
LIMIT = 10_000
PAGE = 500


class GroupBy(StrEnum):
    TYPE = "type"
    ACTIVITY = "activity"
    DEFINITION = "definition"
    MESSAGE = "message"


# most specific first: a timestamp holds numbers, a uuid holds hex that looks like words
_FOLDS = (
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"), "<time>"),
    (re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"), "<uuid>"),
    (re.compile(r"\b(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{12,}\b"), "<id>"),
    # a word of letters and digits (an id like `a1b2`, `job42`); plain words and numbers stay apart
    (re.compile(r"\b(?=\w*[A-Za-z_])(?=\w*\d)\w+\b"), "<id>"),
    (re.compile(r"\d+(\.\d+)?"), "<n>"),
)


def normalise(message: str | None) -> str:
    """The message with what differs between occurrences folded: `<time>`, `<uuid>`, `<id>`, `<n>`."""
    text = (message or "").strip()
    for pattern, token in _FOLDS:
        text = pattern.sub(token, text)
    return re.sub(r"\s+", " ", text)


class IncidentGroup(Model):
    key: str
    by: GroupBy
    count: int
    oldest: datetime | None = None
    newest: datetime | None = None
    # one of them as the engine said it (the key of a message group is the folded text)
    example: str | None = None
    incident_ids: tuple[str, ...] = ()


class Grouping(Model):
    by: GroupBy
    groups: tuple[IncidentGroup, ...]
    # how many incidents were read, and whether more matched than were read
    scanned: int
    capped: bool = False
    total: int | None = None

    def caveat(self) -> str:
        if not self.capped:
            return ""
        return f"Grouped the first {self.scanned} of {self.total or 'more'} incidents only; narrow the filter."


def key_function(by: GroupBy) -> Callable[[Incident], str]:
    match by:
        case GroupBy.TYPE:
            return lambda i: i.type
        case GroupBy.ACTIVITY:
            return lambda i: i.activity_id or "?"
        case GroupBy.DEFINITION:
            return lambda i: i.process_definition_id or "?"
        case GroupBy.MESSAGE:
            return lambda i: normalise(i.message)


def group(incidents: Iterable[Incident], by: GroupBy) -> tuple[IncidentGroup, ...]:
    """Largest group first, then by key."""
    key = key_function(by)
    found: dict[str, list[Incident]] = {}
    for incident in incidents:
        found.setdefault(key(incident), []).append(incident)
    out = []
    for name, members in found.items():
        times = [i.timestamp for i in members if i.timestamp is not None]
        out.append(
            IncidentGroup(
                key=name,
                by=by,
                count=len(members),
                oldest=min(times) if times else None,
                newest=max(times) if times else None,
                example=members[0].message,
                incident_ids=tuple(i.id for i in members),
            )
        )
    return tuple(sorted(out, key=lambda g: (-g.count, g.key)))


async def read_all(
    engine: Engine, query: IncidentFilter, *, limit: int = LIMIT
) -> tuple[list[Incident], bool, int | None]:
    """Every incident the query matches, up to `limit`: (incidents, capped, the engine's total)."""
    items: list[Incident] = []
    token: str | None = None
    total: int | None = None
    while True:
        page = await engine.incidents.list(query, limit=min(PAGE, limit - len(items)), after=token)
        total = page.total if page.total is not None else total
        items.extend(page.items)
        if page.next is None:
            return items, False, total
        if len(items) >= limit:
            return items, True, total
        token = page.next


async def grouped(
    engine: Engine, query: IncidentFilter, by: GroupBy, *, limit: int = LIMIT
) -> tuple[Grouping, list[Incident]]:
    incidents, capped, total = await read_all(engine, query, limit=limit)
    # folding 10 000 messages takes a while: not on the event loop
    groups = await asyncio.to_thread(group, incidents, by)
    grouping = Grouping(by=by, groups=groups, scanned=len(incidents), capped=capped, total=total)
    return grouping, incidents
