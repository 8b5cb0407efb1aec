"""Which columns a table shows at a width, and how cells are cut and made safe: pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from rich.cells import cell_len

from camtui.kinds.base import Column, Priority
from camtui.ui.widgets import fit
from camtui.ui.widgets.fit import fit_columns, safe_text, shorten, table_width


@dataclass(frozen=True)
class Spec:
    key: str
    width: int
    least: int
    priority: int = Priority.NORMAL
    grow: bool = False
    label: str = ""


def text(_: object) -> str:
    return ""


# as the deployments kind declares them (name, a middle-shortened id, source, tenant, time, count)
DEPLOYMENTS: tuple[Column[object], ...] = (
    Column("name", "NAME", text, 28, 12, Priority.ALWAYS, grow=True),
    Column("id", "ID", text, 36, 13, Priority.HIGH, shorten="middle"),
    Column("source", "SOURCE", text, 16, 8, Priority.LOW),
    Column("tenant", "TENANT", text, 10, 6, Priority.NORMAL),
    Column("time", "DEPLOYED", text, 28, 19, Priority.NORMAL),
    Column("resources", "RES", text, 4, 3, Priority.LOW),
)
WANTED = {c.key: c.width for c in DEPLOYMENTS}


def total(fitted: list[tuple[str, int]]) -> int:
    return table_width([w for _, w in fitted])


def test_priorities_match_the_kinds() -> None:
    assert (fit.ALWAYS, fit.WIDE) == (Priority.ALWAYS, Priority.WIDE)


def test_at_80_columns_name_a_shortened_id_and_the_time_show_and_low_priority_columns_go() -> None:
    fitted = dict(fit_columns(DEPLOYMENTS, 78, wide=False))
    assert list(fitted) == ["name", "id", "tenant", "time"]
    assert 13 <= fitted["id"] < 36
    assert fitted["time"] >= 19
    assert fitted["name"] >= 12
    assert total(list(fitted.items())) <= 78


def test_at_160_columns_everything_shows_at_its_width_and_the_name_takes_the_rest() -> None:
    fitted = fit_columns(DEPLOYMENTS, 158, wide=False)
    assert [k for k, _ in fitted] == [c.key for c in DEPLOYMENTS]
    widths = dict(fitted)
    assert all(widths[k] == WANTED[k] for k in WANTED if k != "name")
    assert widths["name"] == WANTED["name"] + (158 - table_width(list(WANTED.values())))
    assert total(fitted) == 158


def test_wide_mode_shows_every_column_at_its_width_even_when_narrow() -> None:
    columns = (*DEPLOYMENTS, Column("raw", "RAW", text, 60, 10, Priority.WIDE))
    fitted = fit_columns(columns, 78, wide=True)
    assert dict(fitted) == {c.key: c.width for c in columns}
    assert total(fitted) > 78
    # and only in wide mode
    assert "raw" not in dict(fit_columns(columns, 400, wide=False))


def test_always_columns_are_never_dropped_and_shrink_last() -> None:
    columns = [
        Spec("a", 30, 10, Priority.ALWAYS),
        Spec("b", 30, 10, Priority.HIGH),
        Spec("c", 30, 10, Priority.ALWAYS),
    ]
    fitted = dict(fit_columns(columns, 50, wide=False))
    assert set(fitted) == {"a", "c"}
    # far too narrow even for the least widths: they stay, squeezed, and still fit
    tight = fit_columns(columns, 12, wide=False)
    assert [k for k, _ in tight] == ["a", "c"]
    assert total(tight) <= 12
    assert all(w >= 1 for _, w in tight)


def test_the_lowest_priority_shrinks_first() -> None:
    columns = [Spec("high", 20, 5, Priority.HIGH), Spec("low", 20, 5, Priority.LOW)]
    # 1 + 21 + 21 = 43 wanted; 6 cells short
    fitted = dict(fit_columns(columns, 37, wide=False))
    assert fitted == {"high": 20, "low": 14}


def test_grow_columns_share_what_is_left_over() -> None:
    columns = [Spec("a", 10, 5, grow=True), Spec("b", 10, 5), Spec("c", 10, 5, grow=True)]
    fitted = dict(fit_columns(columns, 60, wide=False))
    # 1 + 3 * 11 = 34 wanted: 26 over, 13 each
    assert fitted == {"a": 23, "b": 10, "c": 23}
    # nothing grows without a grow column, and a shortage is not left over
    assert dict(fit_columns([Spec("a", 10, 5)], 60, wide=False)) == {"a": 10}


@pytest.mark.parametrize("available", range(0, 200, 7))
def test_the_total_never_exceeds_the_width_unless_wide(available: int) -> None:
    fitted = fit_columns(DEPLOYMENTS, available, wide=False)
    assert [k for k, _ in fitted][:1] == ["name"]
    if available >= table_width([1]):
        assert total(fitted) <= available
    assert all(w >= 1 for _, w in fitted)


def test_declared_order_is_kept() -> None:
    columns = [Spec("low", 8, 8, Priority.LOW), Spec("always", 8, 8, Priority.ALWAYS), Spec("n", 8, 8)]
    assert [k for k, _ in fit_columns(columns, 100, wide=False)] == ["low", "always", "n"]


def test_shorten_at_the_end() -> None:
    assert shorten("abcdefghijkl", 10) == "abcdefghi…"
    assert shorten("abc", 10) == "abc"
    assert shorten("abcdefghij", 10) == "abcdefghij"


def test_shorten_in_the_middle_keeps_both_ends() -> None:
    uuid = "2c9f0d8e-1b2a-11ef-9a3c-0242ac12a41e"
    assert shorten(uuid, 9, "middle") == "2c9f…a41e"
    assert shorten(uuid, 10, "middle") == "2c9f0…a41e"
    assert shorten(uuid, 36, "middle") == uuid


@pytest.mark.parametrize("how", ["end", "middle"])
@pytest.mark.parametrize("width", [-1, 0, 1, 2, 3, 5])
def test_shorten_is_never_longer_than_the_width(width: int, how: str) -> None:
    for value in ("abcdefgh", "日本語のテキスト", "ab"):
        out = shorten(value, width, how)
        assert cell_len(out) <= max(width, 0)
        if cell_len(value) > width >= 1:
            assert out.count("…") == 1
    assert shorten("abcdef", 1, how) == "…"
    assert shorten("abcdef", 0, how) == ""


def test_safe_text_shows_control_characters_instead_of_obeying_them() -> None:
    title = safe_text("\x1b]0;pwned\x07")
    assert "\x1b" not in title and "\x07" not in title
    assert title == "\\x1b]0;pwned\\x07"
    assert safe_text("a\tb\nc\x7f\x9b") == "a\\x09b\\x0ac\\x7f\\x9b"
    assert safe_text("evil\u202etxt.exe") == "evil\\u202etxt.exe"
    assert safe_text("plain [red]markup[/] ünïcode 日本") == "plain [red]markup[/] ünïcode 日本"
    assert all(ch.isprintable() for ch in safe_text("".join(map(chr, range(0x00, 0xA0)))))


def test_columns_sized_to_their_values_leave_their_space_to_the_others() -> None:
    columns = [
        Column("id", "ID", text, 36, 13, Priority.ALWAYS, shorten="middle"),
        Column("definition", "DEFINITION", text, 24, 10, Priority.ALWAYS, grow=True),
        Column("business_key", "BUSINESS KEY", text, 20, 8, Priority.HIGH, grow=True),
        Column("state", "STATE", text, 10, 9, Priority.HIGH),
        Column("tenant", "TENANT", text, 10, 6, Priority.LOW),
    ]
    declared = dict(fit_columns(columns, 78, wide=False))
    # "camtui_invoice" (14), "PAGE-0159" (9, under its label), no tenants at all
    widest = {0: 36, 1: 14, 2: 9, 3: 6, 4: 0}
    sized = dict(fit_columns(fit.sized_to_content(columns, widest), 78, wide=False))
    # sized by what it asks, the business keys were cut to 8 and the ids too, while an empty
    # tenant column held 6 cells: now the ids and the keys are whole, the definitions too
    assert "tenant" in declared and "tenant" not in sized
    assert sized["id"] == 36 > declared["id"]
    assert sized["business_key"] >= len("PAGE-0159") > declared["business_key"]
    assert sized["definition"] >= len("camtui_invoice")
    assert sized["state"] >= len("STATE")
    assert table_width(list(sized.values())) <= 78
    # never wider than asked, and a column with nothing loaded yet is as declared
    assert fit.sized_to_content(columns, {0: 80})[0].width == 36
    assert fit.sized_to_content(columns, {})[1] is columns[1]


def test_a_column_no_row_has_a_value_in_goes_first_when_the_width_is_short() -> None:
    columns = [
        Column("name", "NAME", text, 24, 10, Priority.ALWAYS, grow=True),
        Column("assignee", "ASSIGNEE", text, 12, 8, Priority.ALWAYS),
        Column("created", "CREATED", text, 28, 26, Priority.HIGH),
        Column("due", "DUE", text, 28, 26, Priority.NORMAL),
    ]
    # task names of 24, nobody assigned, no due dates
    widest = {0: 24, 1: 0, 2: 26, 3: 0}
    narrow = dict(fit.fit_columns(fit.sized_to_content(columns, widest), 62, wide=False))
    assert "due" not in narrow and narrow["name"] == 24, narrow
    assert narrow["assignee"] == len("ASSIGNEE"), "an ALWAYS column stays, at its label's width"
    roomy = dict(fit.fit_columns(fit.sized_to_content(columns, widest), 120, wide=False))
    assert roomy["due"] == len("DUE"), "with room it shows, empty"
    # an empty column that would grow leaves the space to the names
    growing = [*columns[:2], Column("note", "NOTE", text, 30, 6, Priority.HIGH, grow=True), *columns[2:]]
    spread = dict(fit.fit_columns(fit.sized_to_content(growing, {0: 24, 1: 0, 2: 0, 3: 26, 4: 0}), 120, wide=False))
    assert spread["note"] == len("NOTE") and spread["name"] > 24


# the incidents view's columns, as camtui.kinds.incidents declares them
INCIDENT_COLUMNS = [
    Column("type", "TYPE", text, 18, 8, Priority.HIGH),
    Column("activity", "ACTIVITY", text, 18, 8, Priority.ALWAYS),
    Column("message", "MESSAGE", text, 50, 16, Priority.ALWAYS, grow=True),
    Column("time", "SINCE", text, 28, 26, Priority.NORMAL),
]


def test_a_column_cut_anyway_gives_back_cells_before_one_that_would_show_whole_is_cut() -> None:
    columns = INCIDENT_COLUMNS
    # "failedJob", "charge_card", a long message, a time
    fitted = dict(fit.fit_columns(fit.sized_to_content(columns, {0: 9, 1: 11, 2: 80, 3: 26}), 78, wide=False))
    assert fitted["type"] == len("failedJob") and fitted["activity"] == len("charge_card"), fitted
    assert fitted["message"] >= 16 + (50 - 16) // 3 and table_width(list(fitted.values())) <= 78
    # a growing column whose values fit keeps them whole: a less important column is cut instead
    tasks = [
        Column("name", "NAME", text, 24, 10, Priority.ALWAYS, grow=True),
        Column("assignee", "ASSIGNEE", text, 12, 8, Priority.ALWAYS),
        Column("created", "CREATED", text, 28, 26, Priority.HIGH),
        Column("instance", "INSTANCE", text, 36, 13, Priority.LOW),
    ]
    fitted = dict(fit.fit_columns(fit.sized_to_content(tasks, {0: 15, 1: 0, 2: 26, 3: 36}), 78, wide=False))
    assert fitted["name"] == len("Approve invoice") and fitted["instance"] < 36, fitted


def test_a_column_cut_anyway_shares_the_cut_of_a_more_important_one() -> None:
    columns = INCIDENT_COLUMNS
    # the incidents inside an instance detail: a few cells narrower than the incidents view
    for available in range(70, 78):
        fitted = dict(
            fit.fit_columns(fit.sized_to_content(columns, {0: 9, 1: 11, 2: 80, 3: 26}), available, wide=False)
        )
        assert fitted["type"] == len("failedJob") and fitted["message"] >= 16, (available, fitted)
        assert table_width(list(fitted.values())) <= available


def test_every_time_column_keeps_room_for_a_whole_time_and_its_age() -> None:
    """A time cut to "2026-11-2…" says nothing: a column of `when` values is shown whole or left out."""
    import inspect

    from camtui.kinds import registry
    from camtui.kinds.format import local_time

    # "2026-11-24 21:18:06 (59m)"
    whole = len(local_time(datetime(2026, 11, 24, 21, 18, 6, tzinfo=UTC))) + len(" (59m)")
    for kind in registry._all_kinds():
        for column in kind.columns:
            if "when(" in inspect.getsource(column.text):
                assert column.least >= whole, (kind.name, column.key, column.least)
