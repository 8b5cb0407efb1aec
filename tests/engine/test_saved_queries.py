"""Saved queries on the real engine: saved by `camtui get instances --save-query`, a small JSON file in
the config directory, reused by `--query NAME` (refined by more flags) and by `:pi @NAME`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from camtui.config import queries
from camtui.config.settings import Settings
from camtui.ui.screens.instances import InstancesScreen
from camtui.ui.screens.list_view import ListView
from tests.conftest import RunningEngine
from tests.engine.test_cli_commands import cli, rest
from tests.engine.test_cli_plans import deploy
from tests.tui.conftest import SIZE, app_for, on_screen, settings, wait_for

__all__ = ["cli", "settings"]


def test_save_a_query_and_use_it_again(
    cli: Any, real_engine: RunningEngine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, key = deploy(cli, tmp_path)
    for bk in ("A-1", "A-2", "B-1"):
        assert cli("start", key, "--business-key", bk)[0] == 0
    code, out, err = cli(
        "get", "instances", "--key", key, "--business-key-like", "A-%", "--save-query", "a-ones", "-o", "json"
    )
    assert code == 0, err
    assert sorted(i["business_key"] for i in json.loads(out)) == ["A-1", "A-2"]
    saved = json.loads(queries.path_of("instances", "a-ones").read_text())
    assert saved == {"bpmn_process_id": key, "business_key_like": "A-%"}, "only what differs from the empty filter"

    code, out, err = cli("get", "instances", "--query", "a-ones", "-o", "json")
    assert code == 0, err
    assert sorted(i["business_key"] for i in json.loads(out)) == ["A-1", "A-2"]
    # more flags refine it; the engine's state decides what matches
    [a1] = [i for i in rest(real_engine, "/process-instance", processDefinitionKey=key) if i["businessKey"] == "A-1"]
    assert cli("suspend", "instance", a1["id"])[0] == 0
    code, out, err = cli("get", "instances", "--query", "a-ones", "--active", "-o", "json")
    assert code == 0, err
    assert [i["business_key"] for i in json.loads(out)] == ["A-2"]

    code, _, err = cli("get", "instances", "--query", "nope")
    assert code != 0 and "No saved instances query 'nope'" in err and "a-ones" in err
    code, _, err = cli("get", "instances", "--query", "../x")
    assert code != 0 and "is no query name" in err


async def test_the_console_opens_a_saved_query(settings: Settings, real_engine: RunningEngine) -> None:
    from camtui.api import connect
    from camtui.api.models import InstanceFilter

    async with connect(real_engine.connection()) as engine:
        page = await engine.instances.list(InstanceFilter(bpmn_process_id="camtui_invoice"))
    queries.save("instances", "invoices", InstanceFilter(bpmn_process_id="camtui_invoice"))
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView), what="the first view")
        app.run_command("pi @invoices")
        await wait_for(pilot, lambda: on_screen(app, InstancesScreen), what="the saved query's list")
        screen = app.screen
        assert isinstance(screen, InstancesScreen)
        await wait_for(pilot, lambda: len(screen.items) == len(page.items), what="its rows")
        assert {i.id for i in screen.items} == {i.id for i in page.items}
        app.run_command("pi @missing")
        await pilot.pause()
        assert app.screen is screen, "an unknown saved query changes nothing"


def test_a_saved_query_that_is_not_there_or_a_bad_name_is_a_usage_error(cli: Any) -> None:
    """Said in words with exit 2 by every command that takes --query, not as an unexpected error."""
    for argv in (
        ("get", "instances", "--query", "no-such-query"),
        ("suspend", "instance", "--query", "no-such-query"),
        ("delete", "instance-history", "--query", "no-such-query"),
    ):
        code, out, err = cli(*argv)
        assert (code, out) == (2, ""), argv
        assert "No saved instances query 'no-such-query'" in err and "unexpected" not in err, (argv, err)
    code, _, err = cli("get", "instances", "--save-query", "a/b")
    assert code == 2 and "'a/b' is no query name" in err and "unexpected" not in err, err
