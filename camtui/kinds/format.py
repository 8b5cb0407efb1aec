"""How values look in tables: local times with relative age, empty cells, booleans."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any


def age(value: datetime | None, now: datetime | None = None) -> str:
    """`3m`, `5h`, `12d`: the k9s AGE column; `in 23h` for a time to come (a due date, a timer)."""
    if value is None:
        return ""
    seconds = int(((now or datetime.now(UTC)) - value).total_seconds())
    if seconds <= -60:  # under a minute ahead is the engine's clock, not a time to come
        return f"in {_span(-seconds)}"
    return _span(max(0, seconds))


def _span(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def local_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def when(value: datetime | None) -> str:
    """Local time and age, e.g. `2026-11-23 21:04:10 (5m)`; columns leave room for both (26 cells)."""
    return f"{local_time(value)} ({age(value)})" if value else ""


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def written(value: Any) -> str:
    """A variable's value as the engine writes it and a user types it back: `false` (not `no` or
    Python's `False`), JSON as JSON, a time in ISO 8601; "" for null."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False, default=str)


# bidirectional overrides and isolates reorder what follows them on the terminal: shown, not obeyed
INVISIBLE_CONTROLS = frozenset([0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _visible(ch: str, layout: bool) -> str:
    code = ord(ch)
    if layout and ch in "\n\t":
        return ch
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02x}"
    if code in INVISIBLE_CONTROLS or 0xD800 <= code <= 0xDFFF:
        # a lone surrogate can not even be encoded for the terminal
        return f"\\u{code:04x}"
    return ch


def safe(text: str, *, layout: bool = True) -> str:
    """Engine text for a terminal: control characters shown visibly (`\\x1b`), never sent raw.

    ESC, BEL, C1 controls and bidirectional overrides would let a name retitle the terminal, write
    to the clipboard or reorder a line. `layout` keeps newlines and tabs (multi-line text); a
    table cell shows them escaped too.
    """
    if text.isprintable():
        return text
    return "".join(_visible(ch, layout) for ch in text)
