"""How values look in tables: local times with relative age, empty cells, booleans."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def age(value: datetime | None, now: datetime | None = None) -> str:
    """`3m`, `5h`, `12d`: the k9s AGE column."""
    if value is None:
        return ""
    seconds = max(0, int(((now or datetime.now(UTC)) - value).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def local_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def when(value: datetime | None) -> str:
    """Local time and age, e.g. `2026-11-23 21:04:10 (5m)`."""
    return f"{local_time(value)} ({age(value)})" if value else ""


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def safe(text: str) -> str:
    """Engine text for a terminal: control characters shown visibly, never sent raw.

    ESC, BEL, C1 controls and the like would let a name retitle the terminal or write to the
    clipboard; newlines and tabs stay, as they only lay text out.
    """
    return "".join(
        ch if ch in "\n\t" or not (ord(ch) < 32 or 127 <= ord(ch) < 160) else f"\\x{ord(ch):02x}" for ch in text
    )
