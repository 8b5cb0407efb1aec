"""What a Camunda 8.9 cluster counts (issue 13 audit): jobs per type and incidents per error, as
`camtui get job-types|errors` and their console views; an 8.8 cluster is refused in words
before anything is sent. Against the spec-validated fake cluster."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

import pytest

from tests.c8.fake_cluster import FakeCluster, add_decision
from tests.c8.test_console import app_on, seeded, showing
from tests.c8.test_views import cli
from tests.c8.test_views import env_cluster as env_cluster
from tests.tui.conftest import SIZE, wait_for


@pytest.fixture
def cluster_89(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeCluster]:
    with FakeCluster(version="8.9.0") as fake:
        monkeypatch.setenv("CAMUNDA_REST_ADDRESS", fake.url.removesuffix("/v2"))
        yield fake
        assert fake.violations == [], "\n".join(fake.violations)


def fail_another(cluster: FakeCluster, message: str) -> None:
    payment = next(k for k, d in cluster.state.definitions.items() if d["processDefinitionId"] == "payment")
    instance = cluster.start_instance(payment)["processInstanceKey"]
    job = next(j for j in cluster.state.jobs.values() if j["processInstanceKey"] == instance)
    cluster.fail_job(job["jobKey"], message)


def test_the_cli_lists_jobs_per_type_and_incidents_per_error(
    cluster_89: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(cluster_89)
    fail_another(cluster_89, "card declined")
    fail_another(cluster_89, "bank offline")
    code, out, err = cli(capsys, "get", "job-types", "-o", "json")
    assert code == 0, err
    [charge] = json.loads(out)
    assert (charge["job_type"], charge["created"], charge["failed"]) == ("charge", 3, 3)
    code, out, err = cli(capsys, "get", "errors", "-o", "json")
    assert code == 0, err
    assert [(r["error_message"], r["instances"]) for r in json.loads(out)] == [
        ("card declined", 2),
        ("bank offline", 1),
    ]
    code, out, err = cli(capsys, "get", "job-types", "--hours", "0")
    assert code != 0 and "at least 1" in err and "Traceback" not in err


def test_an_88_cluster_is_told_it_needs_89(
    cluster: FakeCluster, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAMUNDA_REST_ADDRESS", cluster.url.removesuffix("/v2"))
    code, out, err = cli(capsys, "get", "errors")
    assert code != 0 and "needs Camunda 8.9" in err and "Traceback" not in err
    assert not any("statistics" in e.path for e in cluster.exchanges), "sent to a cluster too old for it"


@pytest.mark.tui
async def test_the_console_shows_incidents_per_error(cluster_89: FakeCluster) -> None:
    seeded(cluster_89)
    fail_another(cluster_89, "card declined")
    app = app_on(cluster_89)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        await pilot.press("colon", *"errors", "enter")
        await wait_for(pilot, lambda: showing(app, "errors", "card declined"), what="the errors view")
        await pilot.press("colon", *"jobstats", "enter")
        await wait_for(pilot, lambda: showing(app, "job-types", "charge"), what="the job types view")


def test_the_decisions_evaluations_newest_first(env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]) -> None:
    add_decision(env_cluster, "risk", "Risk", {"level": "low"})
    add_decision(env_cluster, "fraud", "Fraud", {"fraud": False})
    for decision in ("risk", "fraud", "risk"):
        code, out, err = cli(capsys, "decision", "evaluate", decision, "--yes")
        assert code == 0, err
    code, out, err = cli(capsys, "get", "evaluations", "-o", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert sorted(r["decision_id"] for r in rows) == ["fraud", "risk", "risk"]
    times = [datetime.fromisoformat(r["evaluated"]) for r in rows]  # as times, not strings
    assert times == sorted(times, reverse=True), "newest first"
    assert {r["id"] for r in rows} == set(env_cluster.state.decision_instances)
    code, out, err = cli(capsys, "get", "evaluations", "--decision-id", "fraud", "-o", "json")
    assert [r["decision_id"] for r in json.loads(out)] == ["fraud"]


def test_cluster_variables_set_changed_and_deleted_from_the_cli(
    cluster_89: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 13 (audit): `camtui clustervar set|rm` (the same actions as :clustervars' n, e, ctrl+d)."""
    code, out, err = cli(capsys, "clustervar", "set", "limits", "--value", '{"max": 5}', "--dry-run", "-o", "json")
    assert code == 0, err
    [request] = json.loads(out)["requests"]
    assert (request["method"], request["json_body"]) == ("POST", {"name": "limits", "value": {"max": 5}})
    assert not cluster_89.state.cluster_variables
    code, out, err = cli(capsys, "clustervar", "set", "limits", "--value", '{"max": 5}', "--tenant", "eu", "--yes")
    assert code == 0, err
    code, out, err = cli(capsys, "clustervar", "set", "limits", "--value", '{"max": 5}', "--yes")
    assert code == 0, err
    # an existing one is changed (PUT), and the plan says so
    code, out, err = cli(capsys, "clustervar", "set", "limits", "--value", '{"max": 9}', "--dry-run", "-o", "json")
    [request] = json.loads(out)["requests"]
    assert request["method"] == "PUT" and request["url"].endswith("/v2/cluster-variables/global/limits")
    code, out, err = cli(capsys, "clustervar", "set", "limits", "--value", '{"max": 9}', "--yes")
    assert code == 0, err
    values = {k: json.loads(v["value"]) for k, v in cluster_89.state.cluster_variables.items()}
    assert values == {("eu", "limits"): {"max": 5}, (None, "limits"): {"max": 9}}
    code, out, err = cli(capsys, "clustervar", "set", "limits", "--value", "[1, 2]", "--yes")
    assert code != 0 and "JSON object" in err and "Traceback" not in err
    code, out, err = cli(capsys, "clustervar", "rm", "eu/limits", "--yes")
    assert code == 0, err
    assert list(cluster_89.state.cluster_variables) == [(None, "limits")]
