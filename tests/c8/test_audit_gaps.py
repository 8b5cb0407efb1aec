"""Gaps the audit of issue 13 found, each closed on a Camunda 8 profile (the zero-config `env` one)
against the spec-validated fake cluster: what the CLI plans is what it sends, and the cluster's state
afterwards shows it."""

from __future__ import annotations

import json

import pytest

from camtui.api.c8.engine import C8Engine
from camtui.api.models import InstanceFilter, InstanceSort, SortOrder
from camtui.commands.exits import USAGE_ERROR
from tests.c8.fake_cluster import FakeCluster
from tests.c8.helpers import HERE
from tests.c8.spec import load_spec
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


async def test_instances_sort_by_every_field_the_search_sorts_by(c8: C8Engine, cluster: FakeCluster) -> None:
    from camtui.api.c8.instances import SORT_NAMES

    schemas = load_spec()._components["schemas"]
    spec_fields = set(schemas["ProcessInstanceSearchQuerySortRequest"]["properties"]["field"]["enum"])
    assert set(SORT_NAMES.values()) == spec_fields, "a field the search sorts by is not offered, or one it lacks is"
    assert set(SORT_NAMES) == {s.value for s in InstanceSort}
    seeded(cluster)
    [v2] = cluster.deploy("order.bpmn", (HERE / "order.bpmn").read_bytes())
    newest = cluster.start_instance(v2["processDefinitionKey"])["processInstanceKey"]
    # every field is sent as the spec allows (the fake checks each request) and honoured
    for field in InstanceSort:
        page = await c8.instances.list(InstanceFilter(sort_by=field, sort_order=SortOrder.DESC))
        assert len(page.items) == 5, field
    page = await c8.instances.list(
        InstanceFilter(bpmn_process_id="order", sort_by=InstanceSort.DEFINITION_VERSION, sort_order=SortOrder.DESC)
    )
    assert page.items[0].id == newest
    sent = [e.body["sort"] for e in cluster.exchanges if e.path == "/process-instances/search" and e.body.get("sort")]
    assert {s[0]["field"] for s in sent} == spec_fields


def test_the_cli_sorts_instances_by_version_descending(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(env_cluster)
    [v2] = env_cluster.deploy("order.bpmn", (HERE / "order.bpmn").read_bytes())
    newest = env_cluster.start_instance(v2["processDefinitionKey"])["processInstanceKey"]
    code, out, err = run(
        capsys, "get", "instances", "--key", "order", "--sort", "definition_version", "--desc", "-o", "json"
    )
    assert code == 0, err
    assert json.loads(out)[0]["id"] == newest
    code, out, err = run(capsys, "get", "instances", "--key", "order", "--sort", "definition_version", "-o", "json")
    assert json.loads(out)[-1]["id"] == newest


def test_describe_broker_says_the_clusters_health_license_and_usage(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(env_cluster)
    code, out, err = run(capsys, "describe", "broker", "0", "-o", "json")
    assert code == 0, err
    cluster = json.loads(out)["cluster"]
    assert cluster["health"] == "healthy"
    assert (cluster["license"]["valid"], cluster["license"]["license_type"]) == (False, "unknown")
    assert cluster["usage_last_30_days"]["process_instances"] == len(env_cluster.state.instances) == 4
    paths = {e.path for e in env_cluster.exchanges}
    assert {"/status", "/license", "/system/usage-metrics"} <= paths


def test_deploy_with_a_tenant_and_grant_camunda8s_own_permissions(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "deploy", str(HERE / "payment.bpmn"), "--name", "pay", "--tenant", "acme", "--yes")
    assert code == 0, err
    assert {d["processDefinitionId"]: d["tenantId"] for d in env_cluster.state.definitions.values()} == {
        "payment": "acme"
    }
    # Camunda 8's words, not Camunda 7's table (which knows no READ_PROCESS_INSTANCE on PROCESS_DEFINITION)
    code, out, err = run(
        capsys,
        "auth",
        "grant",
        "--user",
        "mary",
        "--resource-type",
        "process_definition",
        "--resource-id",
        "payment",
        "--permissions",
        "read_process_instance,READ_PROCESS_DEFINITION",
        "--yes",
    )
    assert code == 0, err
    [grant] = env_cluster.state.authorizations.values()
    assert (grant["ownerId"], grant["resourceType"], grant["resourceId"]) == ("mary", "PROCESS_DEFINITION", "payment")
    assert grant["permissionTypes"] == ["READ_PROCESS_INSTANCE", "READ_PROCESS_DEFINITION"]


def test_roles_and_mapping_rules_are_made_and_deleted_from_the_cli(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "role", "add", "ops", "--name", "Operators", "--dry-run", "-o", "json")
    assert code == 0, err
    [request] = json.loads(out)["requests"]
    assert (request["method"], request["json_body"]) == ("POST", {"roleId": "ops", "name": "Operators"})
    assert not env_cluster.state.roles
    code, out, err = run(capsys, "role", "add", "ops", "--name", "Operators", "--yes")
    assert code == 0, err
    code, out, err = run(
        capsys, "mapping", "add", "okta-ops", "--claim-name", "groups", "--claim-value", "ops", "--yes"
    )
    assert code == 0, err
    assert env_cluster.state.roles["ops"]["name"] == "Operators"
    assert (
        env_cluster.state.mapping_rules["okta-ops"]["claimName"],
        env_cluster.state.mapping_rules["okta-ops"]["claimValue"],
    ) == ("groups", "ops")

    code, out, err = run(capsys, "role", "rm", "ops", "--yes")
    assert code == 0, err
    code, out, err = run(capsys, "mapping", "rm", "okta-ops", "--yes")
    assert code == 0, err
    assert not env_cluster.state.roles and not env_cluster.state.mapping_rules
    code, out, err = run(capsys, "mapping", "rm", "nobody", "--yes")
    assert code != 0 and "Traceback" not in err


async def test_incidents_sort_only_by_what_the_search_sorts_by(c8: C8Engine, cluster: FakeCluster) -> None:
    from camtui.api.c8.incidents import SORT_NAMES
    from camtui.api.errors import BadRequest
    from camtui.api.models import IncidentFilter, IncidentSort

    schemas = load_spec()._components["schemas"]
    spec_fields = set(schemas["IncidentSearchQuerySortRequest"]["properties"]["field"]["enum"])
    assert set(SORT_NAMES.values()) <= spec_fields
    seeded(cluster)
    for field in IncidentSort:
        if field.value in SORT_NAMES:
            assert (await c8.incidents.list(IncidentFilter(sort_by=field))).total == 1
    with pytest.raises(BadRequest, match="does not sort incidents by message"):
        await c8.incidents.list(IncidentFilter(sort_by=IncidentSort.MESSAGE))
    assert not any(
        e.body and "errorMessage" in str(e.body.get("sort")) for e in cluster.exchanges if e.method == "POST"
    )


def test_roles_and_mapping_rules_are_edited_from_the_cli(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 13 (audit): `camtui role edit` and `camtui mapping edit` plan the PUT they send; what no
    flag names stays as the cluster has it."""
    assert run(capsys, "role", "add", "ops", "--name", "Operators", "--description", "runs", "--yes")[0] == 0
    add = ("mapping", "add", "okta", "--claim-name", "groups", "--claim-value", "ops", "--name", "Okta", "--yes")
    assert run(capsys, *add)[0] == 0

    code, out, err = run(capsys, "role", "edit", "ops", "--name", "Operations", "--dry-run", "-o", "json")
    assert code == 0, err
    [request] = json.loads(out)["requests"]
    assert (request["method"], request["url"].split("/v2")[1]) == ("PUT", "/roles/ops")
    assert request["json_body"] == {"name": "Operations", "description": "runs"}
    assert env_cluster.state.roles["ops"]["name"] == "Operators"
    assert run(capsys, "role", "edit", "ops", "--name", "Operations", "--yes")[0] == 0
    assert (env_cluster.state.roles["ops"]["name"], env_cluster.state.roles["ops"]["description"]) == (
        "Operations",
        "runs",
    )

    code, out, err = run(capsys, "mapping", "edit", "okta", "--claim-value", "admins", "--yes")
    assert code == 0, err
    rule = env_cluster.state.mapping_rules["okta"]
    assert (rule["name"], rule["claimName"], rule["claimValue"]) == ("Okta", "groups", "admins")

    code, out, err = run(capsys, "mapping", "edit", "okta", "--yes")
    assert code == USAGE_ERROR and "--claim-value" in err
    code, out, err = run(capsys, "role", "edit", "nobody", "--name", "x", "--yes")
    assert code != 0 and "Traceback" not in err
