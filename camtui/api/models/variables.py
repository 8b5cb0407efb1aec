"""Typed process variables, and parsing `name=value[:type]` as users type them."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from camtui.api.models.base import Model

# the value types a user can give by name, as the engines spell them
SIMPLE_TYPES = ("String", "Integer", "Long", "Short", "Double", "Boolean", "Date", "Json", "Null")


class Variable(Model):
    """A variable as the engine holds it.

    `value` is the JSON-compatible value; for Object variables it is the serialized form unless
    deserialized. File variables carry metadata only; their bytes are fetched separately.
    """

    name: str
    type: str
    value: Any = None
    # Object variables
    object_type_name: str | None = None
    serialization_format: str | None = None
    # File variables
    filename: str | None = None
    mime_type: str | None = None
    encoding: str | None = None
    # where the variable lives (an activity instance id for local variables, if the engine says)
    scope_id: str | None = None


class VariableValue(Model):
    """A value to send: `type` None lets the engine infer it from the JSON value.

    An Object value is sent serialized: `value` is its text in `serialization_format`
    (e.g. `application/json`) and `object_type_name` the Java class to read it as.
    """

    value: Any = None
    type: str | None = None
    object_type_name: str | None = None
    serialization_format: str | None = None


class VariableSyntaxError(ValueError):
    """A `name=value[:type]` the user typed cannot be read; the message says why."""


def parse_variable(text: str) -> tuple[str, VariableValue]:
    """Read `name=value[:type]` (e.g. `amount=42:Integer`, `ok=true:Boolean`, `doc={"a":1}:Json`).

    Without a type the value is a String. Raises VariableSyntaxError with a message for the user.
    """
    name, sep, rest = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise VariableSyntaxError(f"{text!r}: expected name=value or name=value:Type")
    raw, type_name = rest, "String"
    head, colon, tail = rest.rpartition(":")
    if colon and tail.strip().capitalize() in {t.capitalize() for t in SIMPLE_TYPES}:
        raw = head
        type_name = next(t for t in SIMPLE_TYPES if t.lower() == tail.strip().lower())
    return name, VariableValue(value=_convert(name, raw, type_name), type=type_name)


def _convert(name: str, raw: str, type_name: str) -> Any:
    try:
        match type_name:
            case "String":
                return raw
            case "Integer" | "Long" | "Short":
                return int(raw)
            case "Double":
                return float(raw)
            case "Boolean":
                lowered = raw.strip().lower()
                if lowered not in ("true", "false"):
                    raise ValueError("use true or false")
                return lowered == "true"
            case "Date":
                parsed = datetime.fromisoformat(raw)
                if parsed.tzinfo is None:
                    raise ValueError("give a time zone offset, e.g. 2026-01-31T12:00:00+01:00")
                return parsed
            case "Json":
                json.loads(raw)  # validate; the engine takes the JSON text as the value
                return raw
            case "Null":
                return None
    except ValueError as exc:
        raise VariableSyntaxError(f"variable {name!r}: {raw!r} is not a valid {type_name}: {exc}") from exc
    raise VariableSyntaxError(f"variable {name!r}: unknown type {type_name}")
