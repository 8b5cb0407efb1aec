"""The CLI's get and describe, and a change, on a Camunda 8 profile (the zero-config `env` one) against
the fake cluster, through camtui's real Camunda 8 client."""

from __future__ import annotations

import json

import pytest

from camtui.cli import main
from tests.c8.fake_cluster import FakeCluster
from tests.c8.test_console import seeded


@pytest.fixture
def env_cluster(cluster: FakeCluster, monkeypatch: pytest.MonkeyPatch) -> FakeCluster:
    monkeypatch.setenv("CAMUNDA_REST_ADDRESS", cluster.url.removesuffix("/v2"))
    return cluster


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["-p", "env", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_get_and_describe_on_camunda8(env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]) -> None:
    seed = seeded(env_cluster)
    code, out, err = run(capsys, "get", "instances", "-o", "json")
    assert code == 0, err
    assert seed["paying"] in {row["id"] for row in json.loads(out)}
    code, out, err = run(capsys, "get", "incidents")
    assert code == 0 and "card declined" in out, err
    code, out, err = run(capsys, "get", "tasks")
    assert code == 0 and "Approve order" in out, err
    code, out, err = run(capsys, "get", "users")
    assert code == 0 and "mary" in out, err
    code, out, err = run(capsys, "describe", "instance", seed["paying"])
    assert code == 0 and seed["paying"] in out, err
    code, out, err = run(capsys, "get", "deployments")
    assert code != 0 and "Traceback" not in err


def test_cancel_on_camunda8_dry_run_then_for_real(env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]) -> None:
    seed = seeded(env_cluster)
    code, out, err = run(capsys, "cancel", "instance", seed["paying"], "--dry-run")
    assert code == 0, err
    assert f"/v2/process-instances/{seed['paying']}/cancellation" in out + err
    assert env_cluster.state.instances[seed["paying"]]["state"] == "ACTIVE"
    code, out, err = run(capsys, "cancel", "instance", seed["paying"], "--yes")
    assert code == 0, err
    assert env_cluster.state.instances[seed["paying"]]["state"] == "TERMINATED"


def test_deleting_history_by_id_is_camunda7s_and_says_camunda8s_way(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = seeded(env_cluster)
    code, _, err = run(capsys, "delete", "instance-history", seed["paying"], "-y")
    assert code == 1 and "camtui batch new delete" in err, err
    assert env_cluster.state.instances[seed["paying"]]["state"] == "ACTIVE"


def test_cancel_by_definition_key_on_camunda8_freezes_the_running_ones(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = seeded(env_cluster)
    orders = {k for k, i in env_cluster.state.instances.items() if i["processDefinitionId"] == "order"}
    code, out, err = run(capsys, "cancel", "instance", "--key", "order", "--dry-run", "-o", "json")
    assert code == 0, err
    assert {t["id"] for t in json.loads(out)["targets"]} == orders
    code, _, err = run(capsys, "cancel", "instance", "--key", "order", "--yes")
    assert code == 0, err
    assert all(f"{k}" in err for k in orders), err
    assert {env_cluster.state.instances[k]["state"] for k in orders} == {"TERMINATED"}
    assert env_cluster.state.instances[seed["paying"]]["state"] == "ACTIVE", "only the key's instances"
