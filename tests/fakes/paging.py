"""Filtering, sorting and paging of in-memory lists, the way each engine family pages.

C7: `o<offset>` tokens (the real `offset_token`) and exact totals, with the first page only, as
the real service layer counts (`wants_total`). C8: opaque cursors holding the
sort key of the last item (so a page boundary survives deletes, as search-after does) and totals
capped at `C8_TOTAL_CAP`.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Protocol, TypeVar

from camtui.api.paging import Page, next_offset, read_offset_token, wants_total
from tests.fakes.flavours import C8_TOTAL_CAP, Flavour


class HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=HasId)

SortValue = str | int
SortKey = tuple[SortValue, ...]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
OFFSET_TOKEN = re.compile(r"o\d+")


def like(pattern: str | None, value: str | None) -> bool:
    """SQL LIKE as the engines apply it: `%` any run, `_` one character, case-sensitive."""
    if pattern is None:
        return True
    if value is None:
        return False
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, flags=re.DOTALL) is not None


def tenant_matches(tenant_ids: tuple[str, ...], tenant_id: str | None, *, include_without: bool = False) -> bool:
    if not tenant_ids:
        return True
    return tenant_id in tenant_ids or (include_without and tenant_id is None)


def _normal(value: object) -> SortValue:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return (aware - EPOCH) // timedelta(microseconds=1)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, int | str):
        return value
    return str(value)


def sort_key(value: object, item_id: str) -> SortKey:
    """(absent first, value, id): NULLs sort first ascending (H2, the local engine's database),
    and the id breaks ties so every order, and so every cursor, is total."""
    if value is None:
        return (0, "", item_id)
    return (1, _normal(value), item_id)


def cursor_token(key: SortKey) -> str:
    raw = json.dumps(list(key), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def read_cursor_token(token: str | None) -> SortKey | None:
    if token is None:
        return None
    if OFFSET_TOKEN.fullmatch(token):
        raise ValueError(f"not a page token of this engine: {token!r} is an offset token, this engine pages by cursor")
    try:
        value = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except ValueError as exc:  # binascii.Error, UnicodeDecodeError and JSONDecodeError are all ValueErrors
        raise ValueError(f"not a page token of this engine: {token!r}") from exc
    if not isinstance(value, list) or not all(isinstance(v, int | str) for v in value):
        raise ValueError(f"not a page token of this engine: {token!r}")
    return tuple(value)


def capped(total: int, flavour: Flavour) -> tuple[int, bool]:
    """The total an engine reports, and whether it is exact."""
    if flavour == "c8" and total > C8_TOTAL_CAP:
        return C8_TOTAL_CAP, False
    return total, True


def page_of(
    items: Iterable[T],
    *,
    flavour: Flavour,
    limit: int,
    after: str | None,
    field: Callable[[T], object] | None = None,
    descending: bool = False,
) -> Page[T]:
    """One page of `items`, sorted by `field` (or by id, the engines' default order)."""
    keyed = sorted(
        ((sort_key(field(item) if field else None, item.id), item) for item in items),
        key=lambda pair: pair[0],
        reverse=descending,
    )
    total, exact = capped(len(keyed), flavour)
    if flavour == "c7":
        offset = read_offset_token(after)
        window = keyed[offset : offset + limit]
        counted = total if wants_total(offset) else None
        following = next_offset(offset, len(window), limit, counted)
        return Page(items=tuple(item for _, item in window), total=counted, total_exact=exact, next=following)
    cursor = read_cursor_token(after)
    start = 0
    if cursor is not None:
        # the first item past the cursor in this order, whether or not the cursor's item still exists
        start = next(
            (i for i, (key, _) in enumerate(keyed) if (key < cursor if descending else key > cursor)), len(keyed)
        )
    window = keyed[start : start + limit]
    more = start + len(window) < len(keyed)
    following = cursor_token(window[-1][0]) if more and window else None
    return Page(items=tuple(item for _, item in window), total=total, total_exact=exact, next=following)
