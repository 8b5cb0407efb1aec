"""Times and numbers as a person types them into a form or a flag, read the same in the console and the CLI."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from camtui.api.errors import BadRequest

RELATIVE = re.compile(r"^\+\s*(\d+)\s*([mhdw])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_when(text: str, now: datetime | None = None) -> datetime | None:
    """`2026-12-01`, `2026-12-01T17:00`, `2026-12-01T17:00+01:00`, `+3d` (m, h, d, w from now),
    `today`, `tomorrow`; empty or `none` clears (None). Without an offset: local time."""
    value = text.strip().lower()
    if value in ("", "none", "-"):
        return None
    now = now or datetime.now().astimezone()
    if value in ("today", "tomorrow"):
        day = now.date() + timedelta(days=1 if value == "tomorrow" else 0)
        return datetime(day.year, day.month, day.day, 17, 0).astimezone()
    relative = RELATIVE.match(value)
    if relative:
        return now + timedelta(**{UNITS[relative.group(2)]: int(relative.group(1))})
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadRequest(
            f"{text!r} is not a time: use 2026-12-01, 2026-12-01T17:00, +3d (or +4h, +1w), today or tomorrow."
        ) from None
    return parsed if parsed.tzinfo else parsed.astimezone()


def parse_priority(text: str) -> int:
    """A task priority: a whole number (Camunda 7's default is 50)."""
    try:
        return int(text.strip())
    except ValueError:
        raise BadRequest(f"{text!r} is not a priority: give a whole number, e.g. 50.") from None
