"""Engine-neutral paging: a page of items, a total, and an opaque token for the next page.

C7 pages with firstResult/maxResults and a /count twin; C8 with cursors and capped totals.
Callers never see which: they hand `Page.next` back to get the following page.

A C7 total costs a request of its own, so it is asked for with the first page only (later pages
say `total=None`; the caller has it already) and not at all inside `without_totals()`, which a
caller that never shows a total (the CLI's lists) uses. C8 answers its total with every page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")

DEFAULT_LIMIT = 50

_totals_wanted: ContextVar[bool] = ContextVar("totals_wanted", default=True)


@contextmanager
def without_totals() -> Iterator[None]:
    """Lists read in here are not counted (C7 sends no `/count`): for callers that never show a total."""
    token = _totals_wanted.set(False)
    try:
        yield
    finally:
        _totals_wanted.reset(token)


def wants_total(offset: int) -> bool:
    """Whether a page at `offset` is sent with its count: the first page, unless totals are off."""
    return offset == 0 and _totals_wanted.get()


def next_offset(offset: int, got: int, limit: int, total: int | None) -> str | None:
    """The token of the page after one of `got` rows at `offset`: by the total where it is known,
    else a full page means there may be more (a last page that is exactly full costs one empty read)."""
    end = offset + got
    more = end < total if total is not None else got >= limit
    return offset_token(end) if more and got else None


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
