"""`--var name=value[:Type]`: what cannot be sent is refused with a message, never a crash or a
silently different value."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from camtui.api.models import VariableSyntaxError, parse_variable
from camtui.api.models.variables import SIMPLE_TYPES
from camtui.cli import main


@pytest.mark.parametrize("raw", ["NaN", "nan", "inf", "-inf", "Infinity", "-Infinity", "1e400", "-1e400"])
def test_non_finite_doubles_are_refused(raw: str) -> None:
    with pytest.raises(VariableSyntaxError, match="finite number"):
        parse_variable(f"x={raw}:Double")


def test_finite_doubles_still_parse() -> None:
    assert parse_variable("x=1e300:Double")[1].value == 1e300
    assert parse_variable("x=-0.5:Double")[1].value == -0.5


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", '{"a": NaN}'])
def test_json_without_its_non_standard_constants(raw: str) -> None:
    with pytest.raises(VariableSyntaxError, match="not JSON"):
        parse_variable(f"doc={raw}:Json")


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("n=2147483648:Integer", "2147483647"),
        ("n=-2147483649:Integer", "-2147483648"),
        ("n=32768:Short", "32767"),
        ("n=9223372036854775808:Long", "9223372036854775807"),
    ],
)
def test_integers_outside_their_java_range_are_refused(text: str, bound: str) -> None:
    with pytest.raises(VariableSyntaxError, match=bound):
        parse_variable(text)
    assert parse_variable(text.replace(text.split("=")[1].split(":")[0], bound))[1].value == int(bound)


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("x=1:Intger", "Integer"),
        ("x=1:intger", "Integer"),
        ("x=1:Int", "Integer"),
        ("x=1:int", "Integer"),
        ("x=true:bool", "Boolean"),
        ("x=true:Bolean", "Boolean"),
        ("x=1.5:Float", None),
        ("x=1.5:float", None),
        ("x=abc:Str", "String"),
        ("x=abc:strng", "String"),
        ("x=2026-01-01:Dat", "Date"),
        ("x={}:JSON5", None),
        ("x=1:BigDecimal", None),
        ("x=v:Object", None),
    ],
)
def test_a_type_like_suffix_that_is_no_type_is_refused(text: str, suggestion: str | None) -> None:
    name, _, rest = text.partition("=")
    with pytest.raises(VariableSyntaxError) as caught:
        parse_variable(text)
    message = str(caught.value)
    assert ", ".join(SIMPLE_TYPES) in message, "names the known types"
    assert f"write {name}={rest}:String" in message, "says how to send it as text"
    if suggestion:
        assert f"did you mean {suggestion}?" in message


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("url=http://x:8080", "http://x:8080"),
        ("url=https://example.com/a?b=c", "https://example.com/a?b=c"),
        ("when=12:30", "12:30"),
        ("when=2026-01-31T12:00:00+01:00", "2026-01-31T12:00:00+01:00"),
        ("tz=time:UTC", "time:UTC"),
        ("ref=db:postgres", "db:postgres"),
        ("note=a:b:c", "a:b:c"),
        ("ipv6=fe80::1", "fe80::1"),
        ("path=C:\\Users\\me", "C:\\Users\\me"),
        ("trail=abc:", "abc:"),
        ("x=1:Intger:String", "1:Intger"),
        ("x=Note:Important:String", "Note:Important"),
        ('doc={"a":"Foo"}', '{"a":"Foo"}'),
    ],
)
def test_colons_in_plain_text_stay_text(text: str, value: str) -> None:
    _, got = parse_variable(text)
    assert (got.value, got.type) == (value, "String")


@pytest.mark.parametrize("spelling", ["Integer", "integer", "INTEGER", " Integer"])
def test_known_types_in_any_case(spelling: str) -> None:
    _, got = parse_variable(f"n=42:{spelling}")
    assert (got.value, got.type) == (42, "Integer")


@pytest.mark.parametrize("var", ["x=NaN:Double", "x=1e400:Double", "x=1:Intger"])
def test_the_cli_refuses_them_as_a_usage_error(var: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Refused while the arguments are read: exit 2, one message, before any profile or engine."""
    with pytest.raises(SystemExit) as exited:
        main(["start", "some_process", "--var", var, "--dry-run"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "--var" in err
    assert var.split("=")[1].split(":")[0] in err, "the value the user typed is named"


def test_the_instance_detail_shows_values_as_the_engine_writes_them() -> None:
    from camtui.api.models import Variable
    from camtui.ui.screens.instance_detail import plain_value, variable_cells

    variables = [
        Variable(name="urgent", type="Boolean", value=False),
        Variable(name="doc", type="Json", value={"ok": True, "n": None}),
        Variable(name="gone", type="Null", value=None),
        Variable(name="note", type="String", value="two\nlines"),
        Variable(name="due", type="Date", value=datetime(2026, 11, 2, 9, 30, tzinfo=UTC)),
    ]
    values = {name: value for name, _, value in variable_cells(variables, 120)}
    # true/false and JSON as typed in the edit form, not Python's True and None
    assert values == {
        "urgent": "false",
        "doc": '{"ok": true, "n": null}',
        "gone": "null",
        "note": "two lines",
        "due": "2026-11-02T09:30:00+00:00",
    }
    assert plain_value(variables[0]) == "false" and plain_value(variables[2]) == ""


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("n=abc:Integer", "give a whole number, e.g. 42"),
        ("n=1.5:Long", "give a whole number"),
        ("d=x:Double", "give a number, e.g. 3.14"),
        ("w=next tuesday:Date", "give a date and time, e.g. 2026-01-31T12:00:00+01:00"),
    ],
)
def test_a_value_of_the_wrong_type_is_told_what_to_write_not_pythons_words(raw: str, says: str) -> None:
    with pytest.raises(VariableSyntaxError) as caught:
        parse_variable(raw)
    message = str(caught.value)
    assert says in message and "is not a valid" in message
    assert "invalid literal" not in message and "isoformat" not in message and "convert string" not in message
