"""The task filter form's text to a filter and back."""

from __future__ import annotations

import pytest

from camtui.api.errors import BadRequest
from camtui.api.models import Operator, TaskFilter
from camtui.kinds.task_query import to_filter, to_text


def test_typed_fields_become_a_filter_and_come_back() -> None:
    f = to_filter(
        {
            "name_like": "%Approve%",
            "candidate_group": "accounting",
            "created_after": "2026-01-01T00:00:00+00:00",
            "min_priority": "60",
            "process_variables": "amount_gt_100, ok_eq_true",
        }
    )
    assert (f.name_like, f.candidate_group, f.min_priority) == ("%Approve%", "accounting", 60)
    assert [(c.name, c.operator, c.value) for c in f.process_variables] == [
        ("amount", Operator.GT, 100),
        ("ok", Operator.EQ, "true"),
    ]
    assert to_filter(to_text(f)) == f
    assert to_filter({}) == TaskFilter()


@pytest.mark.parametrize(
    ("field", "text", "words"),
    [
        ("due_before", "soonish", "Due before: 'soonish' is not a time"),
        ("max_priority", "high", "Priority at most: 'high' is not a priority"),
        ("process_variables", "amount>5", "Instance variables: 'amount>5': use name_op_value"),
    ],
)
def test_a_wrong_field_is_named(field: str, text: str, words: str) -> None:
    with pytest.raises(BadRequest) as info:
        to_filter({field: text})
    assert str(info.value).startswith(words)
