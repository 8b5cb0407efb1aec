"""`-o table|json|yaml|csv`: what scripts and people read."""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime

import pytest

from camtui.api.models import Deployment
from camtui.commands.output import emit, table

DEPLOYED = datetime(2026, 11, 23, 9, 30, 5, 123000, tzinfo=UTC)
ITEMS = [Deployment(id="d1", name="Zahlung ✓", deployment_time=DEPLOYED), Deployment(id="d2", name=None)]


def test_json_is_snake_case_and_utc(capsys: pytest.CaptureFixture[str]) -> None:
    emit(ITEMS, "json")
    data = json.loads(capsys.readouterr().out)
    assert data[0] == {
        "id": "d1",
        "name": "Zahlung ✓",
        "source": None,
        "tenant_id": None,
        "deployment_time": "2026-11-23T09:30:05.123000Z",
    }
    emit(ITEMS[0], "json")
    assert json.loads(capsys.readouterr().out)["id"] == "d1", "one item is one object"


def test_yaml_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    emit(ITEMS, "yaml")
    assert "name: Zahlung ✓" in capsys.readouterr().out
    emit(ITEMS, "csv", ("id", "name"))
    assert capsys.readouterr().out.splitlines() == ["id,name", "d1,Zahlung ✓", "d2,"]


def test_table_shows_local_times_and_fits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    import time

    time.tzset()
    try:
        rows = [i.model_dump(mode="json") for i in ITEMS]
        text = table(rows, ["id", "name", "deployment_time"])
        assert "2026-11-23 15:00:05" in text  # 09:30:05 UTC at +05:30
        monkeypatch.setenv("COLUMNS", "30")
        narrow = table([{"id": "x" * 40, "name": "y" * 40}], ["id", "name"])
        assert max(len(line) for line in narrow.splitlines()) <= 30
        assert "…" in narrow
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_instance_states_in_the_table_as_the_console_says_them_and_raw_elsewhere(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from camtui.api.models import ProcessInstance
    from camtui.kinds.instances import INSTANCES

    monkeypatch.setenv("COLUMNS", "200")
    raw = {
        "ACTIVE": "active",
        "SUSPENDED": "suspended",
        "COMPLETED": "completed",
        "EXTERNALLY_TERMINATED": "cancelled",
        "INTERNALLY_TERMINATED": "terminated",
        "TERMINATED": "cancelled",  # Camunda 8
    }
    items = [ProcessInstance(id=f"i{n}", state=state) for n, state in enumerate(raw)]
    items.append(ProcessInstance(id="runtime", suspended=True))  # Camunda 7's runtime rows carry no state
    emit(items, "table", INSTANCES.fields, INSTANCES.table_words)
    header, *rows = capsys.readouterr().out.splitlines()
    at = header.index("STATE")
    said = [row[at:].split()[0] for row in rows]
    assert said == [*raw.values(), "suspended"]
    console = next(c for c in INSTANCES.columns if c.key == "state")
    assert said == [console.text(i) for i in items], "the console's STATE column"
    emit(items, "json", INSTANCES.fields, INSTANCES.table_words)
    assert [r["state"] for r in json.loads(capsys.readouterr().out)] == [*raw, None]
    emit(items, "csv", INSTANCES.fields, INSTANCES.table_words)
    assert [line.split(",")[3] for line in capsys.readouterr().out.splitlines()[1:]] == [*raw, ""]


def test_a_narrow_table_keeps_the_ids_whole_and_leaves_out_empty_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from camtui.api.models import ProcessInstance
    from camtui.kinds.instances import INSTANCES

    monkeypatch.setenv("COLUMNS", "80")
    ids = [f"e6110eaf-e819-11f1-b562-02fc0000000{n}" for n in range(3)]
    items = [
        ProcessInstance(id=i, bpmn_process_id="camtui_reminder_with_a_long_key", business_key=f"R-{n}")
        for n, i in enumerate(ids)
    ]
    emit(items, "table", INSTANCES.fields, INSTANCES.table_words)
    header, *rows = capsys.readouterr().out.splitlines()
    assert [row.split()[0] for row in rows] == ids, "the ids whole: they are what is copied"
    assert all(len(line) <= 80 for line in (header, *rows))
    assert "TENANT" not in header and "END_TIME" not in header, "no row has one"
    # the key keeps a readable start; what is left out is the rightmost (the id stays)
    assert header.split()[:3] == ["ID", "BPMN_PROCESS_ID", "BUSINESS_KEY"] and "camtui_reminder" in rows[0]
    assert header.split()[3] == "STATE" and "SUSPENDED" not in header, "the state, not its yes/no part"
    emit(items, "csv", INSTANCES.fields)
    assert capsys.readouterr().out.splitlines()[0] == ",".join(INSTANCES.fields), "CSV keeps every field"


def test_a_narrow_table_leaves_columns_out_rather_than_cut_every_one_to_a_few_letters(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from camtui.api.models import Job

    monkeypatch.setenv("COLUMNS", "80")
    items = [
        Job(
            id=f"e7349bb7-e848-11f1-a3f1-02fc0000000{n}",
            type="timer",
            activity_id="wait_a_day",
            due_date="2026-11-25T20:52:03Z",
            retries=3,
            exception_message="x" * 90,
            process_instance_id="p",
        )
        for n in range(2)
    ]
    emit(
        items, "table", ("id", "type", "activity_id", "due_date", "retries", "exception_message", "process_instance_id")
    )
    out, err = capsys.readouterr()
    header, *rows = out.splitlines()
    assert all(len(line) <= 80 for line in out.splitlines())
    # every header whole (the old squeeze printed "ACTIVIT…" and "2026-11-…")
    assert "…" not in header and header.split()[:4] == ["ID", "TYPE", "ACTIVITY_ID", "DUE_DATE"]
    # a time is shown whole or not at all; columns on the right went, not the id
    assert all(row.split()[0].startswith("e7349bb7") and "wait_a_day" in row for row in rows)
    assert all(re.search(r" \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}( |$)", row) for row in rows), rows
    assert "PROCESS_INSTANCE_ID" not in header and err == "", "piped: nothing said on stderr"

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    emit(
        items, "table", ("id", "type", "activity_id", "due_date", "retries", "exception_message", "process_instance_id")
    )
    err = capsys.readouterr().err
    assert "PROCESS_INSTANCE_ID" in err and "-o json" in err, "a person at a terminal is told what was left out"


def test_the_id_is_cut_last_when_nothing_else_can_go(monkeypatch: pytest.MonkeyPatch) -> None:
    ident = "e6110eaf-e819-11f1-b562-02fc00000001"
    rows = [{"name": "n" * 40, "id": ident}]
    monkeypatch.setenv("COLUMNS", "50")
    row = table(rows, ["name", "id"]).splitlines()[1]
    assert row.endswith(ident) and len(row) <= 50 and "…" in row, row
    # narrower still: the name goes down to 8 before the id loses a character
    monkeypatch.setenv("COLUMNS", "40")
    row = table(rows, ["name", "id"]).splitlines()[1]
    assert row == "nnnnnnn…  " + ident[:29] + "…", row


def test_wide_characters_count_as_the_two_cells_they_take(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "40")
    rows = [{"id": "a1", "name": "請求書の承認プロセス" * 3}, {"id": "b2", "name": "Café au lait"}]
    lines = table(rows, ["id", "name"]).splitlines()
    assert all(cell_len(line) <= 40 for line in lines), [cell_len(line) for line in lines]
    assert "…" in lines[1] and lines[2].endswith("Café au lait")
    # the columns line up on the screen: each name starts in the same cell
    assert len({cell_len(line.split("  ")[0]) for line in lines}) == 1
