"""The form that completes a user task, engine-neutral: its fields, and what was typed read as typed variables.

Built from a Camunda Form (the form's JSON: textfield, number, checkbox, select, radio, textarea,
datetime, with their `validate` rules) or else from the task's form variables (each variable a field of
its type, its value the default). `read` checks everything before anything is sent and says what is
wrong field by field; the console's form widget and the CLI both use it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from camtui.api.models import Variable, VariableValue
from camtui.api.protocol import Engine


class FieldKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    CHECKBOX = "checkbox"
    SELECT = "select"
    RADIO = "radio"
    TEXTAREA = "textarea"
    DATE = "date"
    TIME = "time"
    DATETIME = "datetime"


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    kind: FieldKind
    # the variable type sent (String, Long, Double, Boolean, Date, ...); None: from the value
    var_type: str | None = None
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    # (label, value) for select and radio
    choices: tuple[tuple[str, Any], ...] = ()
    default: Any = None
    read_only: bool = False
    # whole numbers only (a Long, an Integer; a Camunda Form number with `decimalDigits: 0`)
    integer: bool = False

    def initial_text(self) -> str | bool:
        """What the input starts with: the default, as a person would type it."""
        if self.kind is FieldKind.CHECKBOX:
            return bool(self.default)
        if self.default is None:
            return ""
        if isinstance(self.default, datetime):
            return self.default.isoformat()
        return str(self.default)


@dataclass(frozen=True)
class TaskForm:
    # where it came from: "camunda-form", "form-variables"
    source: str
    fields: tuple[FormField, ...]
    title: str = ""
    # Camunda Form components camtui cannot show as an input (a file picker, a dynamic list)
    skipped: tuple[str, ...] = field(default=())

    def field(self, key: str) -> FormField:
        return next(f for f in self.fields if f.key == key)


class FormProblems(Exception):
    """What is wrong with what was typed, field by field (key -> words)."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = dict(problems)


# -- building ------------------------------------------------------------------------------------

CAMUNDA_KINDS = {
    "textfield": FieldKind.TEXT,
    "number": FieldKind.NUMBER,
    "checkbox": FieldKind.CHECKBOX,
    "select": FieldKind.SELECT,
    "radio": FieldKind.RADIO,
    "textarea": FieldKind.TEXTAREA,
}
# components that show text or lay out others, not inputs
CAMUNDA_STATIC = {"text", "html", "image", "spacer", "separator", "button", "iframe", "table", "documentPreview"}
CAMUNDA_NESTING = {"group", "dynamiclist"}


def from_camunda_form(schema: Mapping[str, Any]) -> TaskForm:
    fields: list[FormField] = []
    skipped: list[str] = []

    def walk(components: Any) -> None:
        for c in components or ():
            if not isinstance(c, Mapping):
                continue
            kind_name = str(c.get("type") or "")
            if kind_name == "group":
                walk(c.get("components"))
                continue
            if kind_name in CAMUNDA_STATIC:
                continue
            key = c.get("key")
            if not key:
                continue
            kind = CAMUNDA_KINDS.get(kind_name)
            if kind_name == "datetime":
                kind = {"date": FieldKind.DATE, "time": FieldKind.TIME}.get(str(c.get("subtype")), FieldKind.DATETIME)
            if kind is None:
                skipped.append(f"{key} ({kind_name})")
                continue
            validate = c.get("validate") if isinstance(c.get("validate"), Mapping) else {}
            assert isinstance(validate, Mapping)
            integer = kind is FieldKind.NUMBER and c.get("decimalDigits") == 0
            fields.append(
                FormField(
                    key=str(key),
                    label=str(c.get("label") or key),
                    kind=kind,
                    var_type=_camunda_type(kind, integer),
                    required=bool(validate.get("required")),
                    minimum=_number(validate.get("min")),
                    maximum=_number(validate.get("max")),
                    min_length=_int(validate.get("minLength")),
                    max_length=_int(validate.get("maxLength")),
                    pattern=str(validate["pattern"]) if validate.get("pattern") else None,
                    choices=tuple(
                        (str(v.get("label", v.get("value"))), v.get("value"))
                        for v in c.get("values") or ()
                        if isinstance(v, Mapping)
                    ),
                    default=c.get("defaultValue"),
                    read_only=bool(c.get("readonly") or c.get("disabled")),
                    integer=integer,
                )
            )

    walk(schema.get("components"))
    return TaskForm("camunda-form", tuple(fields), str(schema.get("id") or ""), tuple(skipped))


def _camunda_type(kind: FieldKind, integer: bool) -> str | None:
    match kind:
        case FieldKind.NUMBER:
            return "Long" if integer else None
        case FieldKind.CHECKBOX:
            return "Boolean"
        case FieldKind.SELECT | FieldKind.RADIO:
            return None
    # Camunda Forms keep dates and times as ISO text
    return "String"


VARIABLE_KINDS = {
    "Boolean": FieldKind.CHECKBOX,
    "Long": FieldKind.NUMBER,
    "Integer": FieldKind.NUMBER,
    "Short": FieldKind.NUMBER,
    "Double": FieldKind.NUMBER,
    "Date": FieldKind.DATETIME,
}
# what the console can edit as one input; objects, files and bytes are left as they are
EDITABLE = {"String", "Boolean", "Long", "Integer", "Short", "Double", "Date", "Json", "Null"}


def from_form_variables(variables: tuple[Variable, ...]) -> TaskForm:
    fields: list[FormField] = []
    skipped: list[str] = []
    for v in variables:
        if v.type not in EDITABLE:
            skipped.append(f"{v.name} ({v.type})")
            continue
        var_type = "String" if v.type == "Null" else v.type
        kind = VARIABLE_KINDS.get(var_type, FieldKind.TEXTAREA if var_type == "Json" else FieldKind.TEXT)
        fields.append(
            FormField(
                key=v.name,
                label=v.name,
                kind=kind,
                var_type=var_type,
                default=v.value,
                integer=var_type in ("Long", "Integer", "Short"),
            )
        )
    return TaskForm("form-variables", tuple(fields), "", tuple(skipped))


async def load_form(engine: Engine, task_id: str) -> TaskForm:
    """The task's Camunda Form when it has one, else a form from its form variables."""
    schema = await engine.tasks.deployed_form(task_id)
    if schema is not None:
        return from_camunda_form(schema)
    return from_form_variables(await engine.tasks.form_variables(task_id))


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


# -- reading what was typed -----------------------------------------------------------------------


def read(form: TaskForm, typed: Mapping[str, str | bool]) -> dict[str, VariableValue]:
    """Typed variables from what was typed, or FormProblems naming every field that is wrong.

    An empty optional field is left out (the engine keeps what it has), not sent as an empty text.
    """
    out: dict[str, VariableValue] = {}
    problems: dict[str, str] = {}
    for f in form.fields:
        if f.read_only:
            continue
        raw = typed.get(f.key, f.initial_text())
        try:
            value = _read_one(f, raw)
        except ValueError as exc:
            problems[f.key] = str(exc)
            continue
        if value is not None:
            out[f.key] = value
    if problems:
        raise FormProblems(problems)
    return out


def _read_one(f: FormField, raw: str | bool) -> VariableValue | None:
    if f.kind is FieldKind.CHECKBOX:
        return VariableValue(value=bool(raw), type="Boolean")
    text = str(raw)
    if f.kind is not FieldKind.TEXTAREA:
        text = text.strip()
    if text == "":
        if f.required:
            raise ValueError("required")
        return None
    match f.kind:
        case FieldKind.NUMBER:
            return _read_number(f, text)
        case FieldKind.SELECT | FieldKind.RADIO:
            for label, value in f.choices:
                if text in (str(value), label):
                    return VariableValue(value=value, type=f.var_type)
            raise ValueError(f"choose one of {', '.join(label for label, _ in f.choices)}")
        case FieldKind.DATE:
            try:
                return VariableValue(value=date.fromisoformat(text).isoformat(), type="String")
            except ValueError:
                raise ValueError("a date, e.g. 2026-12-01") from None
        case FieldKind.TIME:
            try:
                return VariableValue(value=time.fromisoformat(text).isoformat(timespec="minutes"), type="String")
            except ValueError:
                raise ValueError("a time, e.g. 17:30") from None
        case FieldKind.DATETIME:
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                raise ValueError("a date and time, e.g. 2026-12-01T17:30 (+01:00 optional)") from None
            moment = moment if moment.tzinfo else moment.astimezone()
            if f.var_type == "Date":
                return VariableValue(value=moment, type="Date")
            return VariableValue(value=moment.isoformat(), type="String")
    # text and textarea
    if f.var_type == "Json":
        try:
            json.loads(text)
        except ValueError:
            raise ValueError("not valid JSON") from None
    if f.min_length is not None and len(text) < f.min_length:
        raise ValueError(f"at least {f.min_length} characters")
    if f.max_length is not None and len(text) > f.max_length:
        raise ValueError(f"at most {f.max_length} characters")
    if f.pattern is not None and re.fullmatch(f.pattern, text) is None:
        raise ValueError(f"must match {f.pattern}")
    return VariableValue(value=text, type=f.var_type or "String")


def _read_number(f: FormField, text: str) -> VariableValue:
    try:
        number: float = int(text) if f.integer else float(text)
    except ValueError:
        raise ValueError("a whole number" if f.integer else "a number, e.g. 12.5") from None
    if not math.isfinite(number):
        raise ValueError("a finite number")
    if f.minimum is not None and number < f.minimum:
        raise ValueError(f"at least {f.minimum:g}")
    if f.maximum is not None and number > f.maximum:
        raise ValueError(f"at most {f.maximum:g}")
    if f.integer:
        if f.var_type == "Integer" and not -(2**31) <= number < 2**31:
            raise ValueError("an Integer holds -2147483648 to 2147483647")
        return VariableValue(value=int(number), type=f.var_type or "Long")
    return VariableValue(value=float(number), type="Double")
