"""Changing commands show their plan, send nothing on --dry-run, refuse read-only before asking,
and report every target of a bulk change, on the real engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.engine.test_cli_commands import cli, rest

__all__ = ["cli"]


def deploy(cli: Any, tmp_path: Path, instances: int = 0) -> tuple[str, str, str]:
    """A deployment of a one-user-task process, with `instances` started; (deployment id, name, key)."""
    key = unique("plan")
    f = tmp_path / f"{key}.bpmn"
    f.write_bytes(bpmn(key))
    name = unique("plan")
    code, out, err = cli("deploy", str(f), "--name", name, "-o", "json")
    assert code == 0, err
    for _ in range(instances):
        assert cli("start", key)[0] == 0
    return json.loads(out)["deployment"]["id"], name, key


def test_dry_run_prints_the_exact_request_and_sends_nothing(
    cli: Any, real_engine: RunningEngine, tmp_path: Path
) -> None:
    dep, name, _ = deploy(cli, tmp_path, instances=1)
    code, out, err = cli("delete", "deployment", dep, "--cascade", "--dry-run")
    assert code == 0, err
    assert f"DELETE {real_engine.url}/deployment/{dep}?cascade=true" in out
    assert "Cascade deletes 1 running process instance" in out
    assert f"curl -X DELETE '{real_engine.url}/deployment/{dep}?cascade=true" in out
    assert '"$PASSWORD"' in out and "demo:demo" not in out
    assert "nothing was sent" in out
    assert rest(real_engine, "/deployment/count", id=dep)["count"] == 1
    # as JSON for scripts: the plan, with the requests and their curl form
    code, out, _ = cli("delete", "deployment", dep, "--dry-run", "-o", "json")
    plan = json.loads(out)
    assert plan["action"] == "deployments.delete" and [t["id"] for t in plan["targets"]] == [dep]
    assert plan["requests"][0]["method"] == "DELETE" and ["cascade", "false"] in plan["requests"][0]["query"]
    assert plan["curl"][0].startswith("curl -X DELETE")
    assert rest(real_engine, "/deployment/count", id=dep)["count"] == 1


def test_every_changing_command_takes_dry_run(cli: Any, real_engine: RunningEngine, tmp_path: Path) -> None:
    dep, name, key = deploy(cli, tmp_path, instances=1)
    f = tmp_path / "again.bpmn"
    f.write_bytes(bpmn(unique("dry")))
    before = rest(real_engine, "/deployment/count")["count"]
    code, out, _ = cli("deploy", str(f), "--name", unique("dry"), "--dry-run")
    assert code == 0 and "POST" in out and "/deployment/create" in out and "again.bpmn" in out
    assert rest(real_engine, "/deployment/count")["count"] == before
    running = rest(real_engine, "/process-instance/count", processDefinitionKey=key)["count"]
    code, out, _ = cli("start", key, "--business-key", "BK1", "--var", "amount=5:Integer", "--dry-run")
    assert code == 0 and f"/process-definition/key/{key}/start" in out and '"amount"' in out
    assert rest(real_engine, "/process-instance/count", processDefinitionKey=key)["count"] == running
    [instance] = rest(real_engine, "/process-instance", processDefinitionKey=key)
    code, out, _ = cli("cancel", "instance", instance["id"], "--dry-run")
    assert code == 0 and f"DELETE {real_engine.url}/process-instance/{instance['id']}" in out
    [task] = rest(real_engine, "/task", processInstanceId=instance["id"])
    for verb in ("claim", "unclaim", "complete"):
        code, out, _ = cli("task", verb, task["id"], "--dry-run")
        assert code == 0 and f"/task/{task['id']}/{verb}" in out
    code, out, _ = cli("task", "assign", task["id"], "--user", "mary", "--dry-run")
    assert code == 0 and f"/task/{task['id']}/assignee" in out and '"userId":"mary"' in out
    assert rest(real_engine, f"/task/{task['id']}")["assignee"] is None
    assert rest(real_engine, "/process-instance/count", processInstanceIds=instance["id"])["count"] == 1


def test_read_only_is_refused_before_anything_is_asked(cli: Any, real_engine: RunningEngine, tmp_path: Path) -> None:
    dep, _, _ = deploy(cli, tmp_path)
    # no --yes and no terminal: a read-only profile says so (exit 3), not "no terminal to ask on"
    code, _, err = cli("delete", "deployment", dep, profile="ro")
    assert code == 3 and "read-only" in err and "--yes" not in err
    code, _, err = cli("--readonly", "delete", "deployment", dep, "--dry-run")
    assert code == 3
    assert rest(real_engine, "/deployment/count", id=dep)["count"] == 1


def test_a_bulk_claim_goes_on_past_a_conflict_and_reports_each_task(
    cli: Any, real_engine: RunningEngine, tmp_path: Path
) -> None:
    _, _, key = deploy(cli, tmp_path, instances=3)
    tasks = [t["id"] for t in rest(real_engine, "/task", processDefinitionKey=key)]
    assert len(tasks) == 3
    # the second one is somebody else's already
    with httpx.Client(auth=("demo", "demo")) as client:
        client.post(f"{real_engine.url}/task/{tasks[1]}/claim", json={"userId": "mary"}).raise_for_status()
    code, _, err = cli("task", "claim", *tasks, "--yes")
    assert code == 1
    assert "2 done, 1 failed" in err
    assert tasks[1] in err and "already claimed" in err  # the engine's own words
    assignees = {t: rest(real_engine, f"/task/{t}")["assignee"] for t in tasks}
    assert assignees == {tasks[0]: "demo", tasks[1]: "mary", tasks[2]: "demo"}
