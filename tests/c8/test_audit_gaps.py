"""Gaps the audit of issue 13 found, each closed on a Camunda 8 profile (the zero-config `env` one)
against the spec-validated fake cluster: what the CLI plans is what it sends, and the cluster's state
afterwards shows it."""

from __future__ import annotations

import json

import pytest

from camtui.commands.exits import USAGE_ERROR
from tests.c8.fake_cluster import FakeCluster
from tests.c8.helpers import HERE
from tests.c8.test_changes_cli import order_instances
from tests.c8.test_cli import env_cluster as env_cluster
from tests.c8.test_cli import run
from tests.c8.test_console import seeded


def test_retry_an_incident_plans_the_jobs_retries_and_the_resolution_it_sends(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = seeded(env_cluster)
    [incident] = [k for k, i in env_cluster.state.incidents.items() if i["jobKey"] == seed["job"]]
    code, out, err = run(capsys, "retry", "incidents", incident, "--retries", "2", "--dry-run")
    assert code == 0, err
    plan = out + err
    assert "PATCH" in plan and f"/v2/jobs/{seed['job']}" in plan
    assert f"/v2/incidents/{incident}/resolution" in plan
    assert "can not be retried" not in plan and "nothing" not in plan.split("Dry run")[0].lower()
    assert env_cluster.state.incidents[incident]["state"] == "ACTIVE"
    assert env_cluster.state.jobs[seed["job"]]["retries"] == 0

    code, out, err = run(capsys, "retry", "incidents", incident, "--retries", "2", "--yes")
    assert code == 0, err
    assert env_cluster.state.incidents[incident]["state"] == "RESOLVED"
    assert env_cluster.state.jobs[seed["job"]]["retries"] == 2


def test_camunda7s_migrate_command_runs_a_migration_batch_on_camunda8(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(env_cluster)
    waiting = order_instances(env_cluster)
    v1 = env_cluster.state.instances[waiting[0]]["processDefinitionKey"]
    [v2] = env_cluster.deploy("order.bpmn", (HERE / "order.bpmn").read_bytes())

    code, out, err = run(capsys, "migrate", "--all-of", v1, "--dry-run", "-o", "json")
    assert code == 0, err
    [request] = json.loads(out)["requests"]
    assert request["url"].endswith("/v2/process-instances/migration")
    assert request["json_body"]["filter"] == {"processDefinitionKey": v1, "state": "ACTIVE"}
    assert request["json_body"]["migrationPlan"]["targetProcessDefinitionKey"] == v2["processDefinitionKey"]
    assert not env_cluster.state.batches, "a dry run started a batch"

    # named instances: only they move, the others stay on version 1
    code, out, err = run(capsys, "migrate", waiting[0], "--map", "approve->approve", "--yes")
    assert code == 0, err
    on = {k: env_cluster.state.instances[k]["processDefinitionKey"] for k in waiting}
    assert on == {waiting[0]: v2["processDefinitionKey"]} | {k: v1 for k in waiting[1:]}

    code, out, err = run(capsys, "migrate", "--all-of", v1, "--yes")
    assert code == 0, err
    assert {env_cluster.state.instances[k]["processDefinitionKey"] for k in waiting} == {v2["processDefinitionKey"]}
    assert [b["batchOperationType"] for b in env_cluster.state.batches.values()] == ["MIGRATE_PROCESS_INSTANCE"] * 2

    code, out, err = run(capsys, "migrate", "--all-of", v1, "--skip-io-mappings", "--yes")
    assert code == USAGE_ERROR and "input/output mappings" in err and "Traceback" not in err
