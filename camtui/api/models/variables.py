"""Typed process variables, and parsing `name=value[:type]` as users type them."""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from camtui.api.models.base import Model

# the value types a user can give by name, as the engines spell them
SIMPLE_TYPES = ("String", "Integer", "Long", "Short", "Double", "Boolean", "Date", "Json", "Null")
# what the engine's Java types hold
INTEGER_RANGES = {"Short": 16, "Integer": 32, "Long": 64}
# lower-case words people write for a type, which are not one of ours
TYPE_WORDS = frozenset({"int", "bool", "str", "float", "number", "decimal", "object", "file", "bytes", "char"})


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

    Without a type the value is a String, colons and all (`url=http://x:8080`). What follows the
    last colon is the type when it names one (any case); when it only looks like one (a
    capitalised word such as `Intger` or `Float`, or a near miss such as `intger`, `bool`) it is
    refused rather than sent as text: `x=1:Intger:String` sends the text `1:Intger`.
    Raises VariableSyntaxError with a message for the user.
    """
    name, sep, rest = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise VariableSyntaxError(f"{text!r}: expected name=value or name=value:Type")
    raw, type_name = rest, "String"
    head, colon, tail = rest.rpartition(":")
    suffix = tail.strip()
    known = next((t for t in SIMPLE_TYPES if t.lower() == suffix.lower()), None)
    if colon and known is not None:
        raw, type_name = head, known
    elif colon and _looks_like_a_type(suffix):
        guess = difflib.get_close_matches(suffix.lower(), [t.lower() for t in SIMPLE_TYPES], n=1, cutoff=0.6)
        meant = f" (did you mean {guess[0].capitalize()}?)" if guess else ""
        raise VariableSyntaxError(
            f"variable {name!r}: unknown type {suffix!r}{meant}; use {', '.join(SIMPLE_TYPES)}; "
            f"to send the text {rest!r}, write {name}={rest}:String"
        )
    return name, VariableValue(value=_convert(name, raw, type_name), type=type_name)


# a Java-like type name: a capital, then letters and digits with at least one lower-case letter
# (`Intger`, `Float`, `BigDecimal`; not `UTC` or `8080`)
_CAPITALISED = re.compile(r"[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def _looks_like_a_type(suffix: str) -> bool:
    """A `:suffix` meant as a type: capitalised, a type word, or a near miss of a known type."""
    if _CAPITALISED.fullmatch(suffix):
        return True
    if not _WORD.fullmatch(suffix):
        return False
    word = suffix.lower()
    types = [t.lower() for t in SIMPLE_TYPES]
    return (
        word in TYPE_WORDS
        or (len(word) >= 3 and any(t.startswith(word) for t in types))
        or bool(difflib.get_close_matches(word, types, n=1, cutoff=0.8))
    )


def _convert(name: str, raw: str, type_name: str) -> Any:
    try:
        match type_name:
            case "String":
                return raw
            case "Integer" | "Long" | "Short":
                number = _parsed(raw, int, "give a whole number, e.g. 42")
                bits = INTEGER_RANGES[type_name]
                if not -(2 ** (bits - 1)) <= number < 2 ** (bits - 1):
                    raise ValueError(f"{type_name} holds {-(2 ** (bits - 1))} to {2 ** (bits - 1) - 1}")
                return number
            case "Double":
                double = _parsed(raw, float, "give a number, e.g. 3.14 or 1e6")
                if not math.isfinite(double):
                    # NaN and infinity are no JSON number; 1e400 overflows to infinity
                    raise ValueError("give a finite number (no NaN or infinity; at most about 1.8e308)")
                return double
            case "Boolean":
                lowered = raw.strip().lower()
                if lowered not in ("true", "false"):
                    raise ValueError("use true or false")
                return lowered == "true"
            case "Date":
                parsed = _parsed(raw.strip(), datetime.fromisoformat, f"give a date and time, e.g. {DATE_EXAMPLE}")
                if parsed.tzinfo is None:
                    raise ValueError(f"give a time zone offset, e.g. {DATE_EXAMPLE}")
                return parsed
            case "Json":
                # validate; the engine takes the JSON text as the value. NaN and Infinity are not JSON.
                json.loads(raw, parse_constant=_not_json)
                return raw
            case "Null":
                return None
    except ValueError as exc:
        raise VariableSyntaxError(f"variable {name!r}: {raw!r} is not a valid {type_name}: {exc}") from exc
    raise VariableSyntaxError(f"variable {name!r}: unknown type {type_name}")


DATE_EXAMPLE = "2026-01-31T12:00:00+01:00"
T = TypeVar("T")


def _parsed(raw: str, parse: Callable[[str], T], hint: str) -> T:
    """`parse(raw)`, or a ValueError that says what to write (not Python's "invalid literal")."""
    try:
        return parse(raw)
    except ValueError:
        raise ValueError(hint) from None


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")
