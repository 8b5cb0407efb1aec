"""Searching process instances on the real engine, ended ones included: `camtui get instances --state
finished|completed|cancelled`, start/end time ranges and typed variable conditions give exactly the
instances the engine's own history says match; an ended instance is described from history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from camtui.api.c7.engine import C7Engine
from camtui.api.models import EndState, InstanceFilter
from camtui.kinds.instance_query import parse_conditions
from tests.conftest import RunningEngine
from tests.engine.cli_runner import post, rest
from tests.engine.helpers import bpmn, unique
from tests.engine.test_cli_commands import cli
from tests.waiting import eventually

__all__ = ["cli"]


@dataclass(frozen=True)
class Ended:
    """Five instances of one process with Long amounts 10..50: two completed, two cancelled, one running."""

    key: str
    completed: tuple[str, ...]
    cancelled: tuple[str, ...]
    running: str
    amounts: dict[str, int]


def make_instances(real_engine: RunningEngine, tmp_path: Path, cli: Any) -> Ended:
    key = unique("srch")
    f = tmp_path / f"{key}.bpmn"
    f.write_bytes(bpmn(key))
    assert cli("deploy", str(f), "--name", key)[0] == 0
    ids: list[str] = []
    amounts: dict[str, int] = {}
    for n in range(5):
        started = post(
            real_engine,
            f"/process-definition/key/{key}/start",
            {"businessKey": f"S-{n}", "variables": {"amount": {"value": (n + 1) * 10, "type": "Long"}}},
        )
        ids.append(started["id"])
        amounts[started["id"]] = (n + 1) * 10
    for instance in ids[:2]:
        [task] = rest(real_engine, "/task", processInstanceId=instance)
        post(real_engine, f"/task/{task['id']}/complete", {})
    post(real_engine, "/process-instance/delete", {"processInstanceIds": ids[2:4]})
    # the batch delete runs on the job executor: wait until history says so
    eventually(
        lambda: (
            rest(real_engine, "/history/process-instance/count", processDefinitionKey=key, finished=True)["count"] == 4
        ),
        what="four ended instances",
        seconds=60,
    )
    return Ended(key, tuple(ids[:2]), tuple(ids[2:4]), ids[4], amounts)


@pytest.fixture
def ended(real_engine: RunningEngine, tmp_path: Path, cli: Any) -> Ended:
    return make_instances(real_engine, tmp_path, cli)


def ids_of(cli: Any, *args: str) -> set[str]:
    code, out, err = cli("get", "instances", *args, "-o", "json")
    assert code == 0, err
    return {row["id"] for row in json.loads(out)}


def test_states_ranges_and_typed_conditions_match_the_history(
    cli: Any, real_engine: RunningEngine, ended: Ended, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # the table's ids whole
    k = ("--key", ended.key)
    assert ids_of(cli, *k, "--state", "finished") == {*ended.completed, *ended.cancelled}
    assert ids_of(cli, *k, "--state", "completed") == set(ended.completed)
    assert ids_of(cli, *k, "--state", "cancelled") == set(ended.cancelled)
    assert ids_of(cli, *k) == {ended.running}, "without a state: the running ones, from the runtime"
    # a Long compared with >, among the ended ones
    assert ids_of(cli, *k, "--state", "finished", "--where", "amount > 25") == {
        i for i in (*ended.completed, *ended.cancelled) if ended.amounts[i] > 25
    }
    assert ids_of(cli, *k, "--state", "finished", "--where", "amount >= 20 and amount < 40") == {
        i for i in (*ended.completed, *ended.cancelled) if 20 <= ended.amounts[i] < 40
    }

    # time ranges: compared with the times the engine recorded
    history = {h["id"]: h for h in rest(real_engine, "/history/process-instance", processDefinitionKey=ended.key)}
    third_start = history[ended.cancelled[0]]["startTime"]
    assert ids_of(cli, *k, "--started-after", third_start) == {
        i for i, h in history.items() if h["startTime"] >= third_start
    }, "running and ended alike"
    first_end = min(h["endTime"] for h in history.values() if h["endTime"])
    last_end = max(h["endTime"] for h in history.values() if h["endTime"])
    assert ids_of(cli, *k, "--ended-before", first_end) == {
        i for i, h in history.items() if h["endTime"] and h["endTime"] <= first_end
    }
    assert ids_of(cli, *k, "--ended-after", first_end, "--ended-before", last_end) == {
        i for i, h in history.items() if h["endTime"] and first_end <= h["endTime"] <= last_end
    }

    # -o json: the same fields on every row, the state in the engine's words and the times
    code, out, err = cli("get", "instances", *k, "--state", "finished", "-o", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert {r["state"] for r in rows} == {"COMPLETED", "EXTERNALLY_TERMINATED"}
    assert all(r["start_time"] and r["end_time"] for r in rows)
    # the table shows the same fields, the state in the console's words
    code, out, err = cli("get", "instances", *k, "--state", "cancelled")
    assert code == 0, err
    assert "START_TIME" in out and "END_TIME" in out
    assert table_states(out) == {i: "cancelled" for i in ended.cancelled}, out
    # every state a history search answers, the running one suspended, as the console's STATE column
    assert cli("suspend", "instance", ended.running, "--yes")[0] == 0
    code, out, err = cli("get", "instances", *k, "--started-after=-1d")
    assert code == 0, err
    words = {i: "completed" for i in ended.completed} | {i: "cancelled" for i in ended.cancelled}
    assert table_states(out) == words | {ended.running: "suspended"}, out
    code, out, err = cli("get", "instances", *k)
    assert code == 0 and table_states(out) == {ended.running: "suspended"}, out
    assert cli("activate", "instance", ended.running, "--yes")[0] == 0
    code, out, err = cli("get", "instances", *k, "--started-after=-1d")
    assert code == 0 and table_states(out)[ended.running] == "active", out
    code, out, err = cli("get", "instances", *k, "--started-after=-1d", "-o", "json")
    assert code == 0 and {r["id"]: r["state"] for r in json.loads(out)}[ended.running] == "ACTIVE"


def table_states(out: str) -> dict[str, str]:
    """`camtui get instances`' table as {id: STATE cell}."""
    header, *rows = out.splitlines()
    at = header.index("STATE")
    return {row.split()[0]: row[at:].split()[0] for row in rows}


def test_version_and_bad_input_are_said_in_words(cli: Any, real_engine: RunningEngine, ended: Ended) -> None:
    assert ids_of(cli, "--key", ended.key, "--version", "1", "--state", "finished") == {
        *ended.completed,
        *ended.cancelled,
    }
    assert ids_of(cli, "--key", ended.key, "--version", "2", "--state", "finished") == set()
    assert ids_of(cli, "--key", ended.key, "--state", "cancelled", "--started-after=-1d") == set(ended.cancelled)
    code, _, err = cli("get", "instances", "--key", ended.key, "--started-after", "yesterdayish")
    assert code != 0 and "--started-after" in err and "is not a time" in err and "Traceback" not in err
    code, _, err = cli("get", "instances", "--where", "amount > 'big'")
    assert code != 0 and "compares a number or a date" in err and "Traceback" not in err


def test_an_ended_instance_is_described_from_history(cli: Any, ended: Ended) -> None:
    code, out, err = cli("describe", "instance", ended.completed[0], "-o", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["ended"] is True and data["state"] == "COMPLETED"
    assert [(v["name"], v["type"], v["value"]) for v in data["variables"]] == [
        ("amount", "Long", ended.amounts[ended.completed[0]])
    ]
    # the table says the state as `get` and the console do; JSON and YAML keep the engine's value
    code, out, err = cli("describe", "instance", ended.cancelled[0])
    assert code == 0, err
    assert described_state(out) == "cancelled" and "EXTERNALLY_TERMINATED" not in out, out
    code, out, err = cli("describe", "instance", ended.cancelled[0], "-o", "yaml")
    assert code == 0 and "state: EXTERNALLY_TERMINATED" in out, out
    code, out, err = cli("describe", "instance", ended.running)
    assert code == 0 and described_state(out) == "active", out


def described_state(out: str) -> str:
    """The `state` line of `camtui describe`'s table (key, then the value)."""
    [line] = [line for line in out.splitlines() if line.split()[:1] == ["state"]]
    return line.split()[1]


def test_saved_query_keeps_ended_state_and_times(cli: Any, ended: Ended) -> None:
    after = datetime(2020, 1, 1).astimezone().isoformat()
    name = unique("q")
    code, _, err = cli(
        "get", "instances", "--key", ended.key, "--state", "cancelled", "--started-after", after, "--save-query", name
    )
    assert code == 0, err
    assert ids_of(cli, "--query", name) == set(ended.cancelled)


async def test_history_pages_and_counts(engine: C7Engine, ended: Ended) -> None:
    f = InstanceFilter(bpmn_process_id=ended.key, end_state=EndState.FINISHED, variables=parse_conditions("amount > 0"))
    first = await engine.instances.list(f, limit=3)
    assert first.total == 4 and len(first.items) == 3 and first.next is not None
    second = await engine.instances.list(f, limit=3, after=first.next)
    assert second.total is None and len(second.items) == 1 and second.next is None  # counted with the first page only
    seen = [i.id for i in (*first.items, *second.items)]
    assert sorted(seen) == sorted({*ended.completed, *ended.cancelled}), "every one once, newest first"
    starts = [i.start_time for i in (*first.items, *second.items)]
    assert all(a is not None and b is not None and a >= b for a, b in pairwise(starts))
    # an ended one: its last variables from history, and the version resolved to its definition
    assert [v.name for v in await engine.instances.historic_variables(ended.cancelled[0])] == ["amount"]
    versioned = await engine.instances.list(f.model_copy(update={"definition_version": 1}))
    assert {i.id for i in versioned.items} == set(seen)
