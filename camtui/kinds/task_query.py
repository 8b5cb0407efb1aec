"""The task filter form's fields, as text, to a TaskFilter and back (engine-neutral; the console's form
and tests use it). Times as `camtui.kinds.when` reads them; variables one per line as name_op_value."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import datetime

from camtui.api.errors import BadRequest
from camtui.api.models import TaskFilter
from camtui.kinds.cli import var_condition
from camtui.kinds.when import parse_priority, parse_when

# (field, label), in the form's order
FIELDS: tuple[tuple[str, str], ...] = (
    ("name_like", "Name like (% matches anything)"),
    ("assignee", "Assignee"),
    ("candidate_user", "Candidate user"),
    ("candidate_group", "Candidate group"),
    ("bpmn_process_id", "Process definition key"),
    ("business_key_like", "Business key (% matches anything)"),
    ("created_after", "Created after (2026-12-01, +3d, ...)"),
    ("created_before", "Created before"),
    ("due_after", "Due after"),
    ("due_before", "Due before"),
    ("follow_up_after", "Follow-up after"),
    ("follow_up_before", "Follow-up before"),
    ("min_priority", "Priority at least"),
    ("max_priority", "Priority at most"),
    ("process_variables", "Instance variables, comma-separated name_op_value (amount_gt_100, ok_eq_true)"),
)
TIMES = {"created_after", "created_before", "due_after", "due_before", "follow_up_after", "follow_up_before"}
NUMBERS = {"min_priority", "max_priority"}


def to_filter(typed: Mapping[str, str], base: TaskFilter | None = None) -> TaskFilter:
    """What was typed as a filter; BadRequest names the field that is wrong."""
    values: dict[str, object] = {}
    for key, label in FIELDS:
        text = typed.get(key, "").strip()
        if not text:
            values[key] = () if key == "process_variables" else None
            continue
        try:
            if key in TIMES:
                values[key] = parse_when(text)
            elif key in NUMBERS:
                values[key] = parse_priority(text)
            elif key == "process_variables":
                values[key] = tuple(var_condition(part.strip()) for part in text.split(",") if part.strip())
            else:
                values[key] = text
        except (BadRequest, argparse.ArgumentTypeError) as exc:
            name = label.split(" (")[0].split(",")[0]
            raise BadRequest(f"{name}: {exc}") from None
    return (base or TaskFilter()).model_copy(update=values)


def to_text(f: TaskFilter) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, _ in FIELDS:
        value = getattr(f, key)
        if key == "process_variables":
            out[key] = ", ".join(f"{c.name}_{c.operator.value}_{c.value}" for c in value)
        elif isinstance(value, datetime):
            out[key] = value.isoformat()
        else:
            out[key] = "" if value is None else str(value)
    return out
