"""The `:pi` search form's fields, as text, to an InstanceFilter and back (engine-neutral: the console's
form, the CLI's flags and tests use it).

Variable conditions are typed by how they are written: `amount > 100` compares a number, `ok = true`
a boolean, `when >= 2026-01-01` a date, `status = 'open'` (or a bare word) text, `note = null` a
missing value; several are combined with AND (`;` or the word `and` between them).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from camtui.api.errors import BadRequest
from camtui.api.models import EndState, InstanceFilter, Operator, VariableCondition
from camtui.kinds.when import parse_when

# (field, label), in the form's order; `state` and `with_incident` are drawn as a choice and a box
FIELDS: tuple[tuple[str, str], ...] = (
    ("bpmn_process_id", "Definition key"),
    ("definition_version", "Version (a number; needs the key)"),
    ("business_key", "Business key (exact)"),
    ("business_key_like", "Business key like (% matches anything)"),
    ("tenant_ids", "Tenant ids (comma separated)"),
    ("started_after", "Started after (2026-12-01, 2026-12-01T08:00, -3d, -4h, today)"),
    ("started_before", "Started before"),
    ("ended_after", "Ended after"),
    ("ended_before", "Ended before"),
    ("super_instance_id", "Called by instance (its id: the instances it called)"),
    ("sub_instance_id", "Calling instance of (an id: the instance that called it)"),
    ("activity_ids", "Activity ids, any of (waiting there; ended ones: passed)"),
    ("variables", "Variables, all hold: amount > 100; status = 'open'; ok = true"),
)
TIMES = {"started_after", "started_before", "ended_after", "ended_before"}
LISTS = {"tenant_ids", "activity_ids"}
# the state choice: running ones from the runtime list, ended ones from history
STATES: tuple[tuple[str, str], ...] = (
    ("", "running (any)"),
    ("active", "active"),
    ("suspended", "suspended"),
    ("finished", "finished (completed or cancelled)"),
    ("completed", "completed"),
    ("cancelled", "cancelled"),
)

AGO = re.compile(r"^-\s*(\d+)\s*([mhdw])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
SYMBOLS: dict[str, Operator] = {
    "!=": Operator.NEQ,
    ">=": Operator.GTEQ,
    "<=": Operator.LTEQ,
    "=": Operator.EQ,
    ">": Operator.GT,
    "<": Operator.LT,
    "like": Operator.LIKE,
}
SHOWN = {op: symbol for symbol, op in SYMBOLS.items()}
CONDITION = re.compile(r"^\s*([^\s=!<>]+)\s*(!=|>=|<=|=|>|<|\blike\b)\s*(.*?)\s*$", re.IGNORECASE | re.DOTALL)
INTEGER = re.compile(r"^[+-]?\d+$")
NUMBER = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$")


def parse_time(text: str, now: datetime | None = None) -> datetime | None:
    """A point in time for a search: `-3d` (ago), `today` and `yesterday` (from midnight), or what
    `parse_when` reads (`2026-12-01`, `2026-12-01T17:00+01:00`, `+2h`)."""
    value = text.strip().lower()
    now = now or datetime.now().astimezone()
    ago = AGO.match(value)
    if ago:
        return now - timedelta(**{UNITS[ago.group(2)]: int(ago.group(1))})
    if value in ("today", "yesterday"):
        day = now.date() - timedelta(days=1 if value == "yesterday" else 0)
        return datetime(day.year, day.month, day.day).astimezone()
    if value == "tomorrow":
        day = now.date() + timedelta(days=1)
        return datetime(day.year, day.month, day.day).astimezone()
    try:
        return parse_when(text, now)
    except BadRequest:
        # a search looks back: the hint names what reads the past (parse_when's own speaks of due dates)
        raise BadRequest(
            f"{text!r} is not a time: use 2026-12-01, 2026-12-01T08:00, -3d (or -4h, -1w: ago), today or yesterday."
        ) from None


def typed_value(text: str) -> Any:
    """A condition's value, typed by how it is written."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    if INTEGER.match(text):
        return int(text)
    if NUMBER.match(text):
        number = float(text)
        if not math.isfinite(number):
            raise BadRequest(f"{text!r} is not a number to compare with.")
        return number
    if DATE.match(text):
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise BadRequest(f"{text!r} looks like a date but is none: e.g. 2026-12-01 or 2026-12-01T17:00.") from None
        return parsed if parsed.tzinfo else parsed.astimezone()
    if not text:
        raise BadRequest("a condition needs a value (quote '' for empty text).")
    return text


def split_conditions(text: str) -> list[str]:
    """Conditions separated by `;`, a new line or the word `and`, outside quotes."""
    parts: list[str] = []
    current: list[str] = []
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in ";\n":
            parts.append("".join(current))
            current = []
            i += 1
            continue
        elif text[i : i + 5].lower() == " and " and current:
            parts.append("".join(current))
            current = []
            i += 5
            continue
        current.append(ch)
        i += 1
    if quote:
        raise BadRequest(f"an opening {quote} has no closing one.")
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def parse_condition(text: str) -> VariableCondition:
    match = CONDITION.match(text)
    if not match:
        raise BadRequest(f"{text!r}: write name, then one of = != > >= < <= like, then a value (e.g. amount > 100).")
    name, symbol, raw = match.group(1), match.group(2).lower(), match.group(3)
    operator = SYMBOLS[symbol]
    value = typed_value(raw)
    if operator is Operator.LIKE and not isinstance(value, str):
        raise BadRequest(f"{text!r}: like compares text: quote the pattern, e.g. name like 'A%'.")
    if operator in (Operator.GT, Operator.GTEQ, Operator.LT, Operator.LTEQ) and (
        value is None or isinstance(value, bool | str)
    ):
        raise BadRequest(f"{text!r}: {symbol} compares a number or a date, not {raw.strip()!r}.")
    if value is None and operator not in (Operator.EQ, Operator.NEQ):
        raise BadRequest(f"{text!r}: null is compared with = or != only.")
    return VariableCondition(name=name, operator=operator, value=value)


def parse_conditions(text: str) -> tuple[VariableCondition, ...]:
    return tuple(parse_condition(part) for part in split_conditions(text))


def value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return f'"{text}"' if "'" in text else f"'{text}'"


def condition_text(c: VariableCondition) -> str:
    return f"{c.name} {SHOWN[c.operator]} {value_text(c.value)}"


def state_of(f: InstanceFilter) -> str:
    if f.end_state is not None:
        return f.end_state.value
    return "active" if f.active else "suspended" if f.suspended else ""


def with_state(f: InstanceFilter, state: str) -> InstanceFilter:
    """The filter with one of STATES (a word, as `--state` takes it too)."""
    state = state.strip().lower()
    if state not in {s for s, _ in STATES}:
        words = ", ".join(s for s, _ in STATES if s)
        raise BadRequest(f"state: {state!r} is none of {words}.")
    ended = EndState(state) if state in {e.value for e in EndState} else None
    return f.model_copy(update={"active": state == "active", "suspended": state == "suspended", "end_state": ended})


def to_filter(typed: Mapping[str, str], base: InstanceFilter | None = None) -> InstanceFilter:
    """What was typed as a filter; BadRequest names the field that is wrong (the form keeps the text)."""
    values: dict[str, object] = {}
    for key, label in FIELDS:
        text = typed.get(key, "").strip()
        try:
            if key in LISTS:
                values[key] = tuple(v.strip() for v in text.split(",") if v.strip())
            elif not text:
                values[key] = () if key == "variables" else None
            elif key in TIMES:
                values[key] = parse_time(text)
            elif key == "definition_version":
                if not text.isdigit() or int(text) < 1:
                    raise BadRequest(f"{text!r} is not a version: give a whole number from 1.")
                values[key] = int(text)
            elif key == "variables":
                values[key] = parse_conditions(text)
            else:
                values[key] = text
        except BadRequest as exc:
            name = label.split(" (")[0].split(",")[0]
            raise BadRequest(f"{name}: {exc.message}") from None
    result = (base or InstanceFilter()).model_copy(update=values)
    result = with_state(result, typed.get("state", ""))
    result = result.model_copy(update={"with_incident": typed.get("with_incident", "") == "true"})
    if result.definition_version is not None and not result.bpmn_process_id:
        raise BadRequest("Version: give the definition key too.")
    return InstanceFilter.model_validate(result.model_dump())


def to_text(f: InstanceFilter) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, _ in FIELDS:
        value = getattr(f, key)
        if key == "variables":
            out[key] = "; ".join(condition_text(c) for c in value)
        elif key in LISTS:
            out[key] = ", ".join(value)
        elif isinstance(value, datetime):
            out[key] = value.isoformat()
        else:
            out[key] = "" if value is None else str(value)
    out["state"] = state_of(f)
    out["with_incident"] = "true" if f.with_incident else ""
    return out


def summary(f: InstanceFilter) -> str:
    """The active filter in a few words, for the header ('' when it is the empty one)."""
    parts: list[str] = []
    if state := state_of(f):
        parts.append(state)
    if f.with_incident:
        parts.append("with incidents")
    if f.bpmn_process_id:
        parts.append(f.bpmn_process_id + (f" v{f.definition_version}" if f.definition_version else ""))
    if f.definition_id:
        parts.append(f"definition {f.definition_id}")
    if f.business_key:
        parts.append(f"key {f.business_key}")
    if f.business_key_like:
        parts.append(f"key like {f.business_key_like}")
    if f.tenant_ids:
        parts.append("tenant " + ",".join(f.tenant_ids))
    for label, when in (
        ("started ≥", f.started_after),
        ("started ≤", f.started_before),
        ("ended ≥", f.ended_after),
        ("ended ≤", f.ended_before),
    ):
        if when is not None:
            parts.append(f"{label} {when:%Y-%m-%d %H:%M}")
    if f.super_instance_id:
        parts.append(f"called by {f.super_instance_id}")
    if f.sub_instance_id:
        parts.append(f"caller of {f.sub_instance_id}")
    if f.activity_ids:
        parts.append("at " + ",".join(f.activity_ids))
    if f.incident_type:
        parts.append(f"incident {f.incident_type}")
    parts += [condition_text(c) for c in f.variables]
    if f.ids:
        parts.append(f"{len(f.ids)} ids")
    return " · ".join(parts)
