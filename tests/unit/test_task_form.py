"""The task form without an engine: Camunda Form JSON and form variables become fields; what is typed
is read into typed variables or refused field by field."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from camtui.api.models import Variable
from camtui.kinds.task_form import FieldKind, FormProblems, from_camunda_form, from_form_variables, read
from camtui.localengine import seed

SCHEMA = {
    "id": "f",
    "components": [
        {"type": "text", "text": "# Heading"},
        {"type": "textfield", "key": "name", "label": "Name", "validate": {"required": True, "minLength": 2}},
        {"type": "number", "key": "count", "label": "Count", "decimalDigits": 0, "validate": {"min": 1, "max": 5}},
        {
            "type": "select",
            "key": "colour",
            "values": [{"label": "Red", "value": "r"}, {"label": "Blue", "value": "b"}],
        },
        {"type": "radio", "key": "size", "values": [{"label": "S", "value": "s"}], "validate": {"required": True}},
        {"type": "textarea", "key": "notes", "validate": {"pattern": "[a-z ]*"}},
        {"type": "datetime", "key": "day", "subtype": "date"},
        {"type": "group", "components": [{"type": "checkbox", "key": "ok", "label": "OK"}]},
        {"type": "filepicker", "key": "upload"},
    ],
}


def test_the_demo_camunda_form_becomes_a_number_and_a_checkbox() -> None:
    form = from_camunda_form(json.loads((seed.DEMO / "invoice-approval.form").read_text()))
    assert [(f.key, f.kind) for f in form.fields] == [("amount", FieldKind.NUMBER), ("approved", FieldKind.CHECKBOX)]
    typed = read(form, {"amount": "12.5", "approved": True})
    assert (typed["amount"].value, typed["amount"].type) == (12.5, "Double")
    assert (typed["approved"].value, typed["approved"].type) == (True, "Boolean")


def test_every_kind_of_field_with_its_rules() -> None:
    form = from_camunda_form(SCHEMA)
    assert [f.key for f in form.fields] == ["name", "count", "colour", "size", "notes", "day", "ok"]
    assert form.skipped == ("upload (filepicker)",)
    with pytest.raises(FormProblems) as info:
        read(form, {"name": "x", "count": "9", "colour": "green", "notes": "UPPER", "day": "1.12.2026"})
    assert info.value.problems == {
        "name": "at least 2 characters",
        "count": "at most 5",
        "colour": "choose one of Red, Blue",
        "size": "required",
        "notes": "must match [a-z ]*",
        "day": "a date, e.g. 2026-12-01",
    }
    good = read(form, {"name": "Ann", "count": "3", "colour": "Blue", "size": "s", "notes": "", "day": "2026-12-01"})
    assert {k: (v.value, v.type) for k, v in good.items()} == {
        "name": ("Ann", "String"),
        "count": (3, "Long"),
        "colour": ("b", None),
        "size": ("s", None),
        "day": ("2026-12-01", "String"),
        "ok": (False, "Boolean"),
    }


def test_form_variables_keep_their_types_and_values() -> None:
    form = from_form_variables(
        (
            Variable(name="amount", type="Long", value=7),
            Variable(name="due", type="Date", value=None),
            Variable(name="doc", type="Json", value='{"a": 1}'),
            Variable(name="blob", type="Object", value="rO0AB"),
        )
    )
    assert [f.key for f in form.fields] == ["amount", "due", "doc"] and form.skipped == ("blob (Object)",)
    typed = read(form, {"due": "2026-12-01T17:30+01:00"})
    assert (typed["amount"].value, typed["amount"].type) == (7, "Long"), "the value it had is kept"
    assert typed["due"].type == "Date" and typed["due"].value == datetime.fromisoformat("2026-12-01T17:30+01:00")
    with pytest.raises(FormProblems) as info:
        read(form, {"amount": "7.5", "doc": "{nope"})
    assert info.value.problems == {"amount": "a whole number", "doc": "not valid JSON"}
