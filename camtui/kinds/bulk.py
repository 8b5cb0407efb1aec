"""Bulk over a query: resolve it to a frozen list first, so what runs is exactly what was counted.

Instances that start to match after the freeze are not touched; the plan's count is the number
that runs. The console's list view does the same for Scope.QUERY actions; the CLI and tests use
this directly.
"""

from __future__ import annotations

from typing import Any, TypeVar

from camtui.api.errors import BadRequest
from camtui.api.protocol import Engine
from camtui.kinds.base import Kind

T = TypeVar("T")

# more than this is refused: narrow the query (a bulk change is meant to be read before it runs)
FREEZE_LIMIT = 10_000
PAGE = 500


async def freeze(engine: Engine, kind: Kind[T], query: Any, *, limit: int = FREEZE_LIMIT) -> list[T]:
    """Every item `query` matches now, page by page; refused when more than `limit` match."""
    items: list[T] = []
    seen: set[str] = set()
    token: str | None = None
    while True:
        page = await kind.fetch(engine, query, token, PAGE)
        for item in page.items:
            key = kind.key_of(item)
            # offset paging can show a row twice when the list moves under it: keep each once
            if key not in seen:
                seen.add(key)
                items.append(item)
        if len(items) > limit:
            raise BadRequest(f"The query matches more than {limit} {kind.name}; narrow it first.")
        if page.next is None:
            return items
        token = page.next
