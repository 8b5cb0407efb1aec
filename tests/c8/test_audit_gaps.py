"""Gaps the audit of issue 13 found, each closed on a Camunda 8 profile (the zero-config `env` one)
against the spec-validated fake cluster: what the CLI plans is what it sends, and the cluster's state
afterwards shows it."""

from __future__ import annotations

import pytest

from tests.c8.fake_cluster import FakeCluster
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
