"""The `:pi` search form's text and `--where`: typed variable conditions, times, states, and errors
that name the field; the one place that decides when a query needs history; Camunda 7's history body."""

from __future__ import annotations

from datetime import datetime

import pytest

from camtui.api.c7.instances import history_query_body, query_body
from camtui.api.errors import BadRequest
from camtui.api.models import EndState, InstanceFilter, Operator
from camtui.kinds.instance_query import parse_conditions, parse_time, summary, to_filter, to_text


def test_conditions_are_typed_by_how_they_are_written() -> None:
    got = parse_conditions("amount > 100; rate <= 1.5 and ok = true; name like 'A%' and note = null; s != \"x and y\"")
    assert [(c.name, c.operator, c.value) for c in got] == [
        ("amount", Operator.GT, 100),
        ("rate", Operator.LTEQ, 1.5),
        ("ok", Operator.EQ, True),
        ("name", Operator.LIKE, "A%"),
        ("note", Operator.EQ, None),
        ("s", Operator.NEQ, "x and y"),
    ]
    assert type(got[0].value) is int
    [due] = parse_conditions("due < 2026-12-01T08:00+01:00")
    assert isinstance(due.value, datetime) and due.value.utcoffset() is not None
    assert parse_conditions("status = open")[0].value == "open"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("amount >", "needs a value"),
        ("amount > 'big'", "compares a number or a date"),
        ("ok >= true", "compares a number or a date"),
        ("name like 3", "like compares text"),
        ("note > null", "compares a number or a date"),
        ("just words", "write name"),
        ("s = 'open", "no closing"),
        ("d = 2026-13-45", "looks like a date"),
    ],
)
def test_bad_conditions_are_said_in_words(text: str, words: str) -> None:
    with pytest.raises(BadRequest, match=words):
        parse_conditions(text)


def test_form_text_round_trips_and_names_the_bad_field() -> None:
    typed = {
        "bpmn_process_id": "order",
        "definition_version": "2",
        "business_key_like": "B-%",
        "tenant_ids": "a, b",
        "started_after": "2026-01-01",
        "ended_before": "2026-02-01T10:00+00:00",
        "activity_ids": "review,pay",
        "variables": "amount >= 10; ok = false",
        "state": "cancelled",
        "with_incident": "",
    }
    f = to_filter(typed)
    assert f.end_state is EndState.CANCELLED and f.needs_history and f.definition_version == 2
    assert f.tenant_ids == ("a", "b") and f.activity_ids == ("review", "pay")
    assert to_filter(to_text(f)) == f
    assert "cancelled" in summary(f) and "amount >= 10" in summary(f) and "order v2" in summary(f)
    with pytest.raises(BadRequest, match=r"^Ended before: "):
        to_filter(typed | {"ended_before": "soon"})
    with pytest.raises(BadRequest, match=r"^Version: "):
        to_filter(typed | {"definition_version": "two"})
    with pytest.raises(BadRequest, match="state"):
        to_filter(typed | {"state": "dead"})
    assert to_filter({"state": "active"}).active and not to_filter({"state": "active"}).needs_history


def test_relative_times_for_a_search() -> None:
    now = datetime(2026, 11, 24, 12, 0).astimezone()
    assert parse_time("-3d", now) == datetime(2026, 11, 21, 12, 0).astimezone()
    assert parse_time("yesterday", now) == datetime(2026, 11, 23).astimezone()
    assert parse_time("+2h", now) == datetime(2026, 11, 24, 14, 0).astimezone()
    # a search looks back: a time it can not read is answered with the words for the past
    with pytest.raises(BadRequest, match=r"'soon' is not a time: .*-3d .*ago.*yesterday"):
        parse_time("soon", now)


def test_history_body_for_ended_instances() -> None:
    when = datetime(2026, 1, 1).astimezone()
    f = InstanceFilter(
        bpmn_process_id="order",
        end_state=EndState.COMPLETED,
        started_after=when,
        activity_ids=("review",),
        variables=parse_conditions("amount > 5"),
    )
    body = history_query_body(f)
    assert body["completed"] is True and "finished" not in body
    assert body["executedActivityIdIn"] == ["review"], "an ended instance waits nowhere: where it went"
    assert body["processDefinitionKey"] == "order" and body["startedAfter"].startswith("2026-01-01T")
    assert body["variables"] == query_body(f)["variables"] == [{"name": "amount", "operator": "gt", "value": 5}]
    assert body["sorting"][0] == {"sortBy": "startTime", "sortOrder": "desc"}
    assert history_query_body(InstanceFilter(end_state=EndState.CANCELLED))["externallyTerminated"] is True
    assert history_query_body(InstanceFilter(end_state=EndState.FINISHED))["finished"] is True
    # an ended instance's calls: from history, running and ended alike (no state flag)
    calls = InstanceFilter(super_instance_id="p", with_ended=True)
    assert calls.needs_history and not InstanceFilter(super_instance_id="p").needs_history
    called = history_query_body(calls)
    assert called["superProcessInstanceId"] == "p"
    assert not {"finished", "completed", "externallyTerminated", "active", "suspended"} & set(called)
    with pytest.raises(BadRequest, match="neither active nor suspended"):
        history_query_body(InstanceFilter(end_state=EndState.FINISHED, active=True))
    with pytest.raises(BadRequest, match="deployment"):
        history_query_body(InstanceFilter(end_state=EndState.FINISHED, deployment_id="d"))
