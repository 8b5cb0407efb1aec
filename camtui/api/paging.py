"""Engine-neutral paging: a page of items, a total, and an opaque token for the next page.

C7 pages with firstResult/maxResults and a /count twin; C8 with cursors and capped totals.
Callers never see which: they hand `Page.next` back to get the following page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")

DEFAULT_LIMIT = 50


class Page(BaseModel, Generic[T]):
    model_config = ConfigDict(frozen=True, defer_build=True)

    items: tuple[T, ...]
    total: int | None = None
    # False when the engine only says "at least `total`" (C8 caps its totals)
    total_exact: bool = True
    next: str | None = None


def offset_token(offset: int) -> str:
    return f"o{offset}"


def read_offset_token(token: str | None) -> int:
    """The offset an offset-paged token stands for; a token from another engine is a caller bug."""
    if token is None:
        return 0
    if not token.startswith("o") or not token[1:].isdigit():
        raise ValueError(f"not a page token of this engine: {token!r}")
    return int(token[1:])


async def all_items(fetch: Callable[[str | None], Awaitable[Page[T]]]) -> AsyncIterator[T]:
    """Follow `next` tokens to the end: `async for d in all_items(lambda n: svc.list(f, after=n))`."""
    token: str | None = None
    while True:
        page = await fetch(token)
        for item in page.items:
            yield item
        if page.next is None:
            return
        token = page.next
