"""C7 wire format: dates, variables, paging tokens, error mapping. No engine needed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from camtui.api import errors
from camtui.api.c7.errors import c7_error
from camtui.api.c7.wire import format_date, parse_date, variables_out
from camtui.api.models import Resource, VariableSyntaxError, VariableValue, parse_variable
from camtui.api.paging import offset_token, read_offset_token
from camtui.api.redact import redact_url


def test_dates_go_out_with_milliseconds_and_a_numeric_offset() -> None:
    value = datetime(2013, 1, 23, 14, 42, 45, 123456, tzinfo=timezone(timedelta(hours=2)))
    assert format_date(value) == "2013-01-23T14:42:45.123+0200"
    assert format_date(datetime(2026, 1, 1, tzinfo=UTC)) == "2026-01-01T00:00:00.000+0000"
    india = datetime(2026, 5, 1, 9, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert format_date(india).endswith("+0530")


def test_engine_dates_parse_as_aware_instants() -> None:
    parsed = parse_date("2026-11-23T20:20:19.009+0100")
    assert parsed == datetime(2026, 11, 23, 19, 20, 19, 9000, tzinfo=UTC)
    assert parse_date(None) is None


@pytest.mark.parametrize(
    ("text", "name", "value", "type_"),
    [
        ("amount=42:Integer", "amount", 42, "Integer"),
        ("amount=42:integer", "amount", 42, "Integer"),
        ("price=9.5:Double", "price", 9.5, "Double"),
        ("ok=TRUE:Boolean", "ok", True, "Boolean"),
        ("note=a:b:c", "note", "a:b:c", "String"),
        ("url=http://x:8080", "url", "http://x:8080", "String"),
        ("empty=", "empty", "", "String"),
        ('doc={"a":1}:Json', "doc", '{"a":1}', "Json"),
        ("gone=:Null", "gone", None, "Null"),
    ],
)
def test_parse_variable(text: str, name: str, value: object, type_: str) -> None:
    got_name, got = parse_variable(text)
    assert (got_name, got.value, got.type) == (name, value, type_)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("noequals", "expected name=value"),
        ("=1", "expected name=value"),
        ("n=abc:Integer", "not a valid Integer"),
        ("b=yes:Boolean", "use true or false"),
        ("d=2026-01-01T00:00:00:Date", "time zone"),
        ("j={broken:Json", "not a valid Json"),
    ],
)
def test_parse_variable_errors_say_why(text: str, fragment: str) -> None:
    with pytest.raises(VariableSyntaxError, match=fragment):
        parse_variable(text)


def test_variables_out_formats_dates_and_object_info() -> None:
    out = variables_out(
        {
            "when": VariableValue(value=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), type="Date"),
            "obj": VariableValue(
                value="{}", type="Object", object_type_name="java.util.HashMap", serialization_format="application/json"
            ),
            "plain": VariableValue(value=1),
        }
    )
    assert out["when"] == {"value": "2026-01-02T03:04:05.000+0000", "type": "Date"}
    assert out["obj"]["valueInfo"] == {
        "objectTypeName": "java.util.HashMap",
        "serializationDataFormat": "application/json",
    }
    assert out["plain"] == {"value": 1}


def test_page_tokens_round_trip_and_reject_foreign_tokens() -> None:
    assert read_offset_token(offset_token(150)) == 150
    assert read_offset_token(None) == 0
    with pytest.raises(ValueError, match="not a page token"):
        read_offset_token("cursor-abc")


def test_c7_errors_keep_the_engine_message() -> None:
    err = c7_error(400, {"type": "InvalidRequestException", "message": "Bad date"}, "")
    assert isinstance(err, errors.BadRequest) and err.message == "Bad date"
    err = c7_error(500, {"type": "NullValueException", "message": "no resource found"}, "")
    assert isinstance(err, errors.NotFound)
    err = c7_error(500, {"type": "ProcessEngineException", "message": "ENGINE-03076 Deletion failed"}, "")
    assert isinstance(err, errors.Conflict) and "cascade" in err.hint
    err = c7_error(401, None, "")
    assert isinstance(err, errors.Unauthorized) and "401" in err.message
    err = c7_error(403, {"type": "AuthorizationException", "message": "no", "missingAuthorizations": [{"a": 1}]}, "")
    assert isinstance(err, errors.Forbidden) and err.missing_authorizations == [{"a": 1}]
    # a gateway's HTML error page is shown as text, not lost
    err = c7_error(502, None, "<html><body>Bad   Gateway\n upstream</body></html>")
    assert isinstance(err, errors.Unavailable) and "Bad Gateway upstream" in err.message
    tomcat = "<!doctype html><html><head><title>HTTP Status 404 – Not Found</title><style>h1 {x}</style></head></html>"
    assert c7_error(404, None, tomcat).message == "HTTP Status 404 – Not Found"


def test_parse_problems_from_details() -> None:
    err = c7_error(
        400,
        {
            "type": "ParseException",
            "message": "ENGINE-09005 Could not parse BPMN process.",
            "details": {"a.bpmn": {"errors": [{"message": "bad ref", "line": 7, "column": 3, "elementIds": ["f2"]}]}},
        },
        "",
    )
    assert isinstance(err, errors.BadRequest)
    [problem] = err.problems
    assert str(problem) == "a.bpmn (line 7, column 3): bad ref"
    assert problem.element_ids == ["f2"]


def test_redact_url_drops_userinfo() -> None:
    assert redact_url("https://bob:s3cret@host:8443/engine-rest?x=1") == "https://host:8443/engine-rest?x=1"
    assert redact_url("http://host/engine-rest") == "http://host/engine-rest"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.bpmn", "bpmn"),
        ("x.BPMN20.XML", "bpmn"),
        ("d.dmn", "dmn"),
        ("f.form", "form"),
        ("r.txt", "text"),
        ("b", "file"),
    ],
)
def test_resource_kind_from_name(name: str, kind: str) -> None:
    assert Resource(id="1", name=name, deployment_id="d").kind == kind
