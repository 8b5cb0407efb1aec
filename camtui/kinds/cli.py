"""Argument types the kinds' CLI flags share: times, variables, variable conditions."""

from __future__ import annotations

import argparse
import math
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from camtui.api.models import VariableCondition, VariableValue

# the variable models are imported when a flag needs them: every command's parser names these
# argument types (issue 15)


def iso_time(text: str) -> datetime:
    """ISO 8601 with any offset; a time without one is local time."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 time (e.g. 2026-11-23T10:00:00+01:00)") from None
    return value if value.tzinfo else value.astimezone()


def variable(text: str) -> tuple[str, VariableValue]:
    from camtui.api.models import VariableSyntaxError, parse_variable

    try:
        return parse_variable(text)
    except VariableSyntaxError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def var_condition(text: str) -> VariableCondition:
    """`name_op_value` as Cockpit and the REST API spell it, e.g. `amount_gt_100`."""
    from camtui.api.models import Operator, VariableCondition

    for op in Operator:
        marker = f"_{op.value}_"
        if marker in text:
            name, value = text.split(marker, 1)
            parsed: Any = value
            for cast in (int, float):
                try:
                    parsed = cast(value)
                    break
                except ValueError:
                    continue
            if isinstance(parsed, float) and not math.isfinite(parsed):
                raise argparse.ArgumentTypeError(f"{text!r}: compare with a finite number, not {value!r}")
            return VariableCondition(name=name, operator=op, value=parsed)
    raise argparse.ArgumentTypeError(
        f"{text!r}: use name_op_value with op one of {', '.join(o.value for o in Operator)}"
    )
