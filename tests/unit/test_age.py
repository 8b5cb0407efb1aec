"""The AGE a list shows beside a time: how long ago, or how long until a time to come."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from camtui.kinds.format import age, when

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_a_past_time_says_how_long_ago() -> None:
    assert [age(NOW - d, NOW) for d in (timedelta(seconds=5), timedelta(minutes=3), timedelta(days=2))] == [
        "5s",
        "3m",
        "2d",
    ]


def test_a_time_to_come_says_how_long_until_it() -> None:
    """A job due tomorrow said `(0s)`, as if it were due now."""
    assert age(NOW + timedelta(hours=23, minutes=59), NOW) == "in 23h"
    assert age(NOW + timedelta(days=3), NOW) == "in 3d"
    # a few seconds ahead is the engine's clock running ahead of this one's, not a due date
    assert age(NOW + timedelta(seconds=20), NOW) == "0s"


def test_when_shows_a_future_due_date_as_to_come() -> None:
    assert when(datetime.now(UTC) + timedelta(days=1, minutes=5)).endswith("(in 1d)")
