"""`camtui task delegate|resolve|due|follow-up|priority|comment` on the real engine, checked with its REST API."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from tests.conftest import RunningEngine
from tests.engine.cli_runner import Cli, cli_runner, invoice_tasks, post, rest
from tests.engine.helpers import unique


@pytest.fixture
def cli(real_engine: RunningEngine, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return cli_runner(real_engine, capsys, monkeypatch)


def test_delegate_then_resolve_hands_the_task_back(cli: Cli, real_engine: RunningEngine) -> None:
    [task] = invoice_tasks(real_engine, 1)
    assert cli("task", "claim", task)[0] == 0
    code, _, err = cli("task", "delegate", task, "--user", "mary")
    assert code == 0, err
    now = rest(real_engine, f"/task/{task}")
    assert (now["assignee"], now["owner"], now["delegationState"]) == ("mary", "demo", "PENDING")
    code, _, err = cli("task", "resolve", task, "--var", "checked=true:Boolean")
    assert code == 0, err
    now = rest(real_engine, f"/task/{task}")
    assert (now["assignee"], now["delegationState"]) == ("demo", "RESOLVED")
    assert rest(real_engine, f"/task/{task}/variables")["checked"]["value"] is True


def test_due_follow_up_and_priority_change_only_their_field(cli: Cli, real_engine: RunningEngine) -> None:
    [task] = invoice_tasks(real_engine, 1)
    assert cli("task", "assign", task, "--user", "mary")[0] == 0
    code, _, err = cli("task", "due", task, "--at", "2030-01-02T03:04:00+00:00")
    assert code == 0, err
    assert datetime.fromisoformat(rest(real_engine, f"/task/{task}")["due"]) == datetime.fromisoformat(
        "2030-01-02T03:04:00+00:00"
    )
    before = datetime.now().astimezone()
    assert cli("task", "follow-up", task, "--at", "+3d")[0] == 0
    assert cli("task", "priority", task, "--value", "77")[0] == 0
    now = rest(real_engine, f"/task/{task}")
    follow_up = datetime.fromisoformat(now["followUp"])
    assert timedelta(days=3) - timedelta(minutes=1) < follow_up - before < timedelta(days=3, minutes=1)
    # what was not asked for stays as it was
    assert (now["priority"], now["assignee"], now["name"]) == (77, "mary", "Approve invoice")
    assert datetime.fromisoformat(now["due"]).year == 2030
    assert cli("task", "due", task, "--at", "")[0] == 0
    assert rest(real_engine, f"/task/{task}")["due"] is None


def test_bad_input_is_refused_in_words_and_nothing_is_sent(cli: Cli, real_engine: RunningEngine) -> None:
    [task] = invoice_tasks(real_engine, 1)
    code, _, err = cli("task", "due", task, "--at", "next tuesday-ish")
    assert code != 0 and "is not a time" in err and "Traceback" not in err
    code, _, err = cli("task", "priority", task, "--value", "high")
    assert code != 0 and "not a priority" in err
    code, _, err = cli("task", "priority", task, "--value", "10", profile="ro")
    assert code == 3 and "read-only" in err
    code, out, _ = cli("task", "priority", task, "--value", "10", "--dry-run", "-o", "json")
    plan = json.loads(out)
    assert code == 0 and plan["requests"][0]["method"] == "PUT" and plan["requests"][0]["json_body"]["priority"] == 10
    assert rest(real_engine, f"/task/{task}")["priority"] == 50, "a dry run sends nothing"


def test_comments_and_a_bulk_due_date_with_a_report_per_task(cli: Cli, real_engine: RunningEngine) -> None:
    tasks = invoice_tasks(real_engine, 3)
    code, _, err = cli("task", "comment", tasks[0], "-m", "Looked at it — fine")
    assert code == 0, err
    assert [c["message"] for c in rest(real_engine, f"/task/{tasks[0]}/comment")] == ["Looked at it — fine"]
    code, _, err = cli("task", "due", *tasks, "missing-task-id", "--at", "2031-05-06")
    assert code != 0 and "missing-task-id" in err, "an unknown id fails before anything runs"
    assert all(rest(real_engine, f"/task/{t}")["due"] is None for t in tasks)
    code, _, err = cli("task", "due", *tasks, "--at", "2031-05-06")
    assert code == 0, err
    assert "3 done" in err and all(f"done    Approve invoice ({t})" in err for t in tasks), err
    assert all(rest(real_engine, f"/task/{t}")["due"].startswith("2031-05-06") for t in tasks)


def test_the_task_filters_match_the_engine(cli: Cli, real_engine: RunningEngine) -> None:
    prefix = unique("FQ")
    tasks = []
    for n, amount in enumerate((50, 500, 5000)):
        started = post(
            real_engine,
            "/process-definition/key/camtui_invoice/start",
            {"businessKey": f"{prefix}-{n}", "variables": {"amount": {"value": amount, "type": "Long"}}},
        )
        tasks.append(rest(real_engine, "/task", processInstanceId=started["id"])[0]["id"])
    assert cli("task", "priority", tasks[2], "--value", "80")[0] == 0

    def ids(*flags: str) -> set[str]:
        code, out, err = cli("get", "tasks", "--business-key-like", f"{prefix}%", *flags, "--all", "-o", "json")
        assert code == 0, err
        return {t["id"] for t in json.loads(out)}

    assert ids() == set(tasks)
    assert ids("--var", "amount_gt_100") == set(tasks[1:])
    assert ids("--var", "amount_gt_100", "--var", "amount_lt_1000") == {tasks[1]}
    assert ids("--min-priority", "60") == {tasks[2]}
    assert ids("--business-key", f"{prefix}-0") == {tasks[0]}
    assert ids("--created-after", "2000-01-01T00:00:00+00:00", "--max-priority", "50") == set(tasks[:2])


def test_describe_shows_candidates_and_the_history_of_assignments(cli: Cli, real_engine: RunningEngine) -> None:
    [task] = invoice_tasks(real_engine, 1)
    assert cli("task", "claim", task)[0] == 0
    assert cli("task", "assign", task, "--user", "mary")[0] == 0
    code, out, _ = cli("describe", "task", task, "-o", "json")
    data = json.loads(out)
    assert code == 0 and data["candidates"] == ["group accounting"]
    history = [line.split(") ", 1)[1] for line in data["assignments"]]
    assert history[-3:] == ["add assignee demo by demo", "delete assignee demo by demo", "add assignee mary by demo"]


def test_get_tasks_from_a_saved_query(cli: Cli, real_engine: RunningEngine) -> None:
    from camtui.api.models import TaskFilter
    from camtui.config import queries

    [task] = invoice_tasks(real_engine, 1, prefix="SQ")
    business_key = rest(real_engine, f"/task/{task}")["processInstanceId"]
    queries.save("tasks", "by-instance", TaskFilter(process_instance_id=business_key))
    code, out, err = cli("get", "tasks", "--saved", "by-instance", "-o", "json")
    assert code == 0, err
    assert [t["id"] for t in json.loads(out)] == [task]
    code, out, err = cli("get", "tasks", "--saved", "nope", "-o", "json")
    assert code == 2 and "No saved tasks query 'nope'" in err and "by-instance" in err
