"""The CLI of Camunda 8's own changes (issue 13) on the zero-config `env` profile, against the fake
cluster through camtui's real Camunda 8 client (every exchange checked against the spec): batches by
filter (migrate, modify, resolve; delete needs 8.9) and their control, message publish and correlate,
signal broadcast, decision evaluate, role members, job update. Each `--dry-run` sends nothing; each
change is checked in the cluster's state afterwards."""

from __future__ import annotations

import json
from typing import Any

import pytest

from camtui.api.plan import Plan
from camtui.cli import main
from camtui.commands.exits import ENGINE_ERROR, READ_ONLY, USAGE_ERROR
from camtui.kinds import runner
from tests.c8.fake_cluster import FakeCluster, add_decision, add_subscription, now
from tests.c8.helpers import HERE
from tests.c8.test_console import seeded

Cli = Any


@pytest.fixture
def env_cluster(cluster: FakeCluster, monkeypatch: pytest.MonkeyPatch) -> FakeCluster:
    monkeypatch.setenv("CAMUNDA_REST_ADDRESS", cluster.url.removesuffix("/v2"))
    return cluster


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["-p", "env", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def changes(cluster: FakeCluster) -> list[str]:
    """What was sent that changes something (searches are POSTs that read)."""
    return [f"{e.method} {e.path}" for e in cluster.exchanges if e.method != "GET" and not e.path.endswith("/search")]


def order_instances(cluster: FakeCluster) -> list[str]:
    return [k for k, i in cluster.state.instances.items() if i["processDefinitionId"] == "order"]


def test_migrate_every_matching_instance_to_the_new_version(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(env_cluster)
    [v2] = env_cluster.deploy("order.bpmn", (HERE / "order.bpmn").read_bytes())
    waiting = order_instances(env_cluster)
    code, out, err = cli(
        capsys, "batch", "new", "migrate", "--key", "order", "--to-version", "2", "--dry-run", "-o", "json"
    )
    assert code == 0, err
    plan = json.loads(out)
    # the plan states the filter and the count the cluster reports for it
    assert "every running instance of process order" in plan["title"]
    assert plan["impact"].startswith("3 running instances match now")
    [request] = plan["requests"]
    assert request["url"].endswith("/v2/process-instances/migration")
    assert request["json_body"] == {
        "filter": {"processDefinitionId": "order", "state": "ACTIVE"},
        "migrationPlan": {
            "targetProcessDefinitionKey": v2["processDefinitionKey"],
            "mappingInstructions": [{"sourceElementId": e, "targetElementId": e} for e in ("approve", "end", "start")],
        },
    }
    assert changes(env_cluster) == [], "a dry run sent a change"

    code, out, err = cli(capsys, "batch", "new", "migrate", "--key", "order", "--map", "approve->approve", "-o", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["outcomes"][0]["status"] == "done"
    assert "completed: 3 of 3 done, 0 failed" in " ".join(report["notes"])
    assert {env_cluster.state.instances[k]["processDefinitionKey"] for k in waiting} == {v2["processDefinitionKey"]}
    [batch] = env_cluster.state.batches.values()
    assert (batch["batchOperationType"], batch["state"]) == ("MIGRATE_PROCESS_INSTANCE", "COMPLETED")


def test_a_migration_the_cluster_refuses_for_some_is_reported_failed(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(env_cluster)
    env_cluster.deploy("order.bpmn", (HERE / "order.bpmn").read_bytes())
    # a mapping that leaves out where the instances wait: the cluster fails every item
    code, out, err = cli(capsys, "batch", "new", "migrate", "--key", "order", "--map", "start->start")
    assert code == ENGINE_ERROR
    assert "partially_completed: 0 of 3 done, 3 failed" in err
    assert "no mapping instruction for active element(s) ['approve']" in err
    assert {
        i["processDefinitionVersion"]
        for k, i in env_cluster.state.instances.items()
        if k in order_instances(env_cluster)
    } == {1}


def test_modify_moves_the_tokens_of_every_matching_instance(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(env_cluster)
    code, out, err = cli(capsys, "batch", "new", "modify", "--key", "order", "--move", "approve->end", "--dry-run")
    assert code == 0, err
    assert '"moveInstructions":[{"sourceElementId":"approve","targetElementId":"end"}]' in out.replace(" ", "")
    assert changes(env_cluster) == []
    code, out, err = cli(capsys, "batch", "new", "modify", "--key", "order", "--move", "approve->end")
    assert code == 0, err
    for key in order_instances(env_cluster):
        active = {
            e["elementId"]
            for e in env_cluster.state.elements.values()
            if e["processInstanceKey"] == key and e["state"] == "ACTIVE"
        }
        assert active == {"end"}
    # without moves, nothing is sent and the words say what is missing
    code, out, err = cli(capsys, "batch", "new", "modify", "--key", "order", "--yes")
    assert code != 0 and "Give the moves" in err


def test_resolve_by_filter_and_delete_needs_89(env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]) -> None:
    seed = seeded(env_cluster)

    def incidents() -> set[str]:
        return {i["state"] for i in env_cluster.state.incidents.values() if i["processInstanceKey"] == seed["paying"]}

    # the job behind the incident has no retries left: the cluster fails the item and says why
    code, out, err = cli(capsys, "batch", "new", "resolve", "--key", "payment", "--with-incident")
    assert code == ENGINE_ERROR and "has no retries left" in err
    assert incidents() == {"ACTIVE"}
    code, out, err = cli(capsys, "job", "update", seed["job"], "--retries", "1")
    assert code == 0, err
    code, out, err = cli(capsys, "batch", "new", "resolve", "--key", "payment", "--with-incident", "--no-wait")
    assert code == 0, err
    assert incidents() == {"RESOLVED"}
    # --no-wait: the batch's key, not followed to its end
    [started] = [k for k, b in env_cluster.state.batches.items() if b["operationsFailedCount"] == 0]
    assert f"started batch operation {started}" in err
    assert not env_cluster.requests("GET", f"/batch-operations/{started}")
    before = changes(env_cluster)
    code, out, err = cli(capsys, "batch", "new", "delete", "--key", "order", "--yes")
    assert code != 0 and "8.9" in err
    assert changes(env_cluster) == before
    # a batch over everything is never what a person meant
    code, out, err = cli(capsys, "batch", "new", "cancel", "--yes")
    assert code != 0 and "Name the process" in err
    assert {env_cluster.state.instances[k]["state"] for k in order_instances(env_cluster)} == {"ACTIVE"}


def test_batch_control_and_watch_on_a_camunda8_profile(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    key = env_cluster.new_key()
    env_cluster.state.batches[key] = {
        "batchOperationKey": key,
        "state": "ACTIVE",
        "batchOperationType": "CANCEL_PROCESS_INSTANCE",
        "startDate": now(),
        "endDate": None,
        "actorType": "USER",
        "actorId": "demo",
        "operationsTotalCount": 2,
        "operationsFailedCount": 0,
        "operationsCompletedCount": 1,
        "errors": [],
    }
    code, out, err = cli(capsys, "batch", "suspend", key, "--dry-run")
    assert code == 0 and f"/v2/batch-operations/{key}/suspension" in out, err
    assert env_cluster.state.batches[key]["state"] == "ACTIVE"
    code, out, err = cli(capsys, "batch", "suspend", key)
    assert code == 0, err
    assert env_cluster.state.batches[key]["state"] == "SUSPENDED"
    # watch stops at a suspended batch and says so
    code, out, err = cli(capsys, "batch", "watch", key, "-o", "json")
    assert code == ENGINE_ERROR and json.loads(out)["state"] == "SUSPENDED" and "1/2, SUSPENDED" in err
    code, out, err = cli(capsys, "batch", "resume", key)
    assert code == 0 and env_cluster.state.batches[key]["state"] == "ACTIVE", err
    code, out, err = cli(capsys, "batch", "cancel", key, "--yes")
    assert code == 0 and env_cluster.state.batches[key]["state"] == "CANCELED", err
    # the cluster's own words when a change is not possible
    code, out, err = cli(capsys, "batch", "resume", key)
    assert code == ENGINE_ERROR and "can not make it ACTIVE" in err


def test_messages_signals_and_a_correlation_that_finds_nobody(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(env_cluster)
    [waiting, *_] = order_instances(env_cluster)
    add_subscription(env_cluster, waiting, "paid", "o-1")
    args = ("paid", "--correlation-key", "o-1", "--var", "amount=5:Integer")
    code, out, err = cli(capsys, "message", "correlate", *args, "--dry-run")
    assert code == 0 and "/v2/messages/correlation" in out, err
    assert changes(env_cluster) == []
    code, out, err = cli(capsys, "message", "correlate", *args, "-o", "json")
    assert code == 0, err
    assert json.loads(out)["outcomes"][0]["result"]["process_instance_id"] == waiting
    [sub] = env_cluster.state.subscriptions.values()
    assert sub["messageSubscriptionState"] == "CORRELATED"
    assert any(
        v["name"] == "amount" and v["processInstanceKey"] == waiting for v in env_cluster.state.variables.values()
    )
    # nobody waits any more: the cluster's words, not a traceback
    code, out, err = cli(capsys, "message", "correlate", *args)
    assert code == ENGINE_ERROR and "none was found" in err

    code, out, err = cli(capsys, "message", "publish", "shipped", "--correlation-key", "o-2", "--ttl", "60000")
    assert code == 0, err
    [message] = [m for m in env_cluster.state.messages if m["name"] == "shipped"]
    assert (message["correlationKey"], message["timeToLive"]) == ("o-2", 60000)
    code, out, err = cli(capsys, "signal", "broadcast", "stop", "--var", "why=drill")
    assert code == 0, err
    assert env_cluster.state.signals[0]["signalName"] == "stop" and env_cluster.state.signals[0]["variables"] == {
        "why": "drill"
    }
    # a read-only profile refuses before anything is sent
    before = changes(env_cluster)
    code = main(["-p", "env", "--readonly", "signal", "broadcast", "stop"])
    assert code == READ_ONLY and changes(env_cluster) == before


def test_evaluate_a_decision(env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]) -> None:
    add_decision(env_cluster, "risk", "Risk", {"level": "low"})
    [v2] = [add_decision(env_cluster, "risk", "Risk", {"level": "high"})]
    code, out, err = cli(capsys, "decision", "evaluate", "risk", "--var", "amount=5:Integer", "--dry-run", "-o", "json")
    assert code == 0, err
    [request] = json.loads(out)["requests"]
    assert request["json_body"] == {"decisionDefinitionId": "risk", "variables": {"amount": 5}}
    assert not env_cluster.state.decision_instances
    code, out, err = cli(capsys, "decision", "evaluate", "risk", "--var", "amount=5:Integer", "-o", "json")
    assert code == 0, err
    assert json.loads(json.loads(out)["output"]) == {"level": "high"}
    assert "output: " in err
    code, out, err = cli(capsys, "decision", "evaluate", "--key", v2["decisionDefinitionKey"], "-o", "json")
    assert code == 0 and json.loads(out)["decision_definition_key"] == v2["decisionDefinitionKey"], err
    assert len(env_cluster.state.decision_instances) == 2
    code, out, err = cli(capsys, "decision", "evaluate", "nope")
    assert code == ENGINE_ERROR and "No decision 'nope'" in err
    code, out, err = cli(capsys, "decision", "evaluate")
    assert code == USAGE_ERROR


def test_role_members_and_a_job_update(env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]) -> None:
    seed = seeded(env_cluster)
    code, out, err = cli(capsys, "role", "members", "ops")
    assert code == ENGINE_ERROR, "an unknown role"
    import httpx

    assert httpx.post(env_cluster.url + "/roles", json={"roleId": "ops", "name": "Operators"}).status_code < 300
    code, out, err = cli(capsys, "role", "members", "ops", "--add", "mary", "--add", "sam")
    assert code == 0, err
    assert env_cluster.state.members[("roles", "ops", "users")] == {"mary", "sam"}
    code, out, err = cli(capsys, "role", "members", "ops", "--kind", "groups", "--add", "admins", "--dry-run")
    assert code == 0 and "/v2/roles/ops/groups/admins" in out
    assert ("roles", "ops", "groups") not in env_cluster.state.members
    code, out, err = cli(capsys, "role", "members", "ops", "--remove", "sam")
    assert code == 0 and env_cluster.state.members[("roles", "ops", "users")] == {"mary"}, err
    code, out, err = cli(capsys, "role", "members", "ops", "-o", "json")
    assert code == 0 and [r["member"] for r in json.loads(out)] == ["mary"], err

    code, out, err = cli(capsys, "job", "update", seed["job"], "--retries", "2", "--timeout", "60000", "--dry-run")
    assert code == 0 and '"changeset":{"retries":2,"timeout":60000}' in out.replace(" ", ""), err
    assert env_cluster.state.jobs[seed["job"]]["retries"] == 0
    code, out, err = cli(capsys, "job", "update", seed["job"], "--retries", "2")
    assert code == 0 and env_cluster.state.jobs[seed["job"]]["retries"] == 2, err
    # Camunda 7's words mean the same on Camunda 8
    code, out, err = cli(capsys, "job", "retries", seed["job"], "--retries", "3")
    assert code == 0 and env_cluster.state.jobs[seed["job"]]["retries"] == 3, err
    code, out, err = cli(capsys, "job", "update", seed["job"])
    assert code == USAGE_ERROR


def test_cancel_by_filter_asks_first_then_cancels_only_what_matches(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(env_cluster)
    others = [k for k in env_cluster.state.instances if k not in order_instances(env_cluster)]
    # it destroys: without a terminal to ask on, only with --yes; the plan is shown either way
    code, out, err = cli(capsys, "batch", "new", "cancel", "--key", "order")
    assert code == USAGE_ERROR and "3 running instances match now" in err and "--yes" in err
    assert changes(env_cluster) == []
    # the console asks for the process's name, typed
    code, out, err = cli(capsys, "batch", "new", "cancel", "--key", "order", "--dry-run", "-o", "json")
    data = json.loads(out)
    data.pop("curl")
    assert runner.confirmation(Plan.model_validate(data), production=False) == runner.Confirmation("typed", "order")
    code, out, err = cli(capsys, "batch", "new", "cancel", "--key", "order", "--yes", "-o", "json")
    assert code == 0, err
    assert json.loads(out)["outcomes"][0]["status"] == "done"
    assert {env_cluster.state.instances[k]["state"] for k in order_instances(env_cluster)} == {"TERMINATED"}
    assert {env_cluster.state.instances[k]["state"] for k in others} == {"ACTIVE"}
