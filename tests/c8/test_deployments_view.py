"""Issue 13: Camunda 8's deployments assembled from process definitions, decision requirements and
forms, grouped by deployment key (the audit log's on 8.9+, this client's own deploys on any version),
a deployment's resources under its detail, and deleting one; against the fake cluster."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import httpx
import pytest

from camtui.api.c8.engine import C8Engine
from camtui.api.connection import Connection
from camtui.api.models import EngineKind, NewDeployment
from camtui.ui.widgets.paged_table import PagedTable
from tests.c8.fake_cluster import FakeCluster, add_decision
from tests.c8.helpers import HERE, files
from tests.c8.test_console import app_on, showing
from tests.c8.test_views import cli
from tests.tui.conftest import SIZE, on_screen, wait_for
from tests.waiting import until


@pytest.fixture
def cluster_89() -> Iterator[FakeCluster]:
    with FakeCluster(version="8.9.0") as fake:
        yield fake
        assert fake.violations == [], "\n".join(fake.violations)


def deploy_elsewhere(cluster: FakeCluster, *names: str) -> str:
    """A deployment another client made (through the cluster's API, checked against the spec)."""
    upload = [("resources", (name, (HERE / name).read_bytes(), "application/xml")) for name in names]
    answer = httpx.post(cluster.url + "/deployments", files=upload)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["deploymentKey"])


async def test_this_clients_deployment_is_a_row_and_others_stand_alone_before_89(
    c8: C8Engine, cluster: FakeCluster
) -> None:
    [seeded] = cluster.deploy("order.bpmn", (HERE / "order.bpmn").read_bytes())
    add_decision(cluster, "discount", "Discount", {"pct": 5})
    made = await c8.deployments.create(NewDeployment(name="two", files=files("order.bpmn", "payment.bpmn")))
    page = await c8.deployments.by_deployment()
    rows = {d.id: d for d in page.items}
    mine = rows[made.deployment.id]
    assert sorted(r.resource_id or "" for r in mine.resources) == ["order", "payment"]
    assert {r.deployment_key for r in mine.resources} == {made.deployment.id}
    # the cluster (8.8, no audit log) does not say what brought the others: each is a row of its own
    alone = rows[f"resource/{seeded['processDefinitionKey']}"]
    assert alone.deployment_key is None and [r.kind for r in alone.resources] == ["process"]
    assert any(
        r.kind == "decision requirements" and r.resource_id == "discount-drd" for d in page.items for r in d.resources
    )
    # newest deployment first, the unrecorded after
    assert page.items[0].id == made.deployment.id and page.total == len(page.items) and page.total_exact
    assert not cluster.requests("POST", "/audit-logs/search"), "8.8 has no audit log: not asked"


async def test_the_audit_log_groups_what_another_client_deployed(cluster_89: FakeCluster) -> None:
    key = deploy_elsewhere(cluster_89, "order.bpmn", "payment.bpmn")
    async with C8Engine(Connection(base_url=cluster_89.url, engine=EngineKind.C8)) as c8:
        page = await c8.deployments.by_deployment()
    [row] = page.items
    assert row.id == key and row.by == "demo" and row.deployed is not None
    assert sorted(r.resource_id or "" for r in row.resources) == ["order", "payment"]


async def test_a_new_deployment_is_listed_once_indexed(c8: C8Engine, cluster: FakeCluster) -> None:
    with cluster.indexing_held():
        made = await c8.deployments.create(NewDeployment(name="d", files=files("order.bpmn")))
        listing = asyncio.ensure_future(c8.deployments.by_deployment())
        await until(lambda: len(cluster.requests("POST", "/process-definitions/search")) >= 2, "the list waiting")
        assert not listing.done()
    assert [d.id for d in (await listing).items] == [made.deployment.id]


def test_the_cli_lists_deployments_and_their_resources(
    cluster_89: FakeCluster, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAMUNDA_REST_ADDRESS", cluster_89.url.removesuffix("/v2"))
    key = deploy_elsewhere(cluster_89, "order.bpmn")
    code, out, err = cli(capsys, "get", "resource-deployments", "-o", "json")
    assert code == 0, err
    [row] = json.loads(out)
    assert row["deployment_key"] == key and [r["resource_id"] for r in row["resources"]] == ["order"]
    code, out, err = cli(capsys, "get", "deployed-resources", "--deployment", key)
    assert code == 0 and "order.bpmn" in out and key in out, err


@pytest.mark.tui
async def test_deployments_view_opens_a_deployment_and_deletes_a_resource(cluster_89: FakeCluster) -> None:
    from camtui.ui.screens.describe_view import DescribeScreen
    from camtui.ui.screens.list_view import ListView
    from camtui.ui.screens.plan_dialog import PlanModal

    key = deploy_elsewhere(cluster_89, "order.bpmn", "payment.bpmn")
    payment = next(k for k, d in cluster_89.state.definitions.items() if d["processDefinitionId"] == "payment")
    app = app_on(cluster_89)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ListView) and app.screen.is_mounted and app.screen.kind.name == "instances",
            what="the instances view",
        )
        await pilot.press("colon", *"deployments", "enter")
        await wait_for(pilot, lambda: showing(app, "resource-deployments", key), what="the deployment row")
        assert showing(app, "resource-deployments", "order.bpmn, payment.bpmn")
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, DescribeScreen), what="the deployment's detail")
        detail = app.screen
        assert isinstance(detail, DescribeScreen)
        resources = detail.query_one("#child-0", PagedTable)
        await wait_for(pilot, lambda: len(resources.items) == 2, what="its two resources")
        for _ in range(8):
            if detail.focused_child() is not None:
                break
            await pilot.press("tab")
        keys = [r.key for r in resources.items]
        await pilot.press(*["down"] * keys.index(payment))
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        plan = app.screen
        assert isinstance(plan, PlanModal)
        [request] = plan.plan.requests
        assert request.method == "POST" and request.url.endswith(f"/v2/resources/{payment}/deletion")
        await pilot.click("#go")
        await wait_for(pilot, lambda: payment not in cluster_89.state.definitions, what="the deletion")
        await wait_for(pilot, lambda: [r.resource_id for r in resources.items] == ["order"], what="the list after")


def test_the_cli_deletes_a_resource_and_a_deployments_resources(
    cluster_89: FakeCluster, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 (audit): `camtui delete resource KEY` and `delete deployment KEY` on a Camunda 8 profile."""
    monkeypatch.setenv("CAMUNDA_REST_ADDRESS", cluster_89.url.removesuffix("/v2"))
    first = deploy_elsewhere(cluster_89, "order.bpmn")
    second = deploy_elsewhere(cluster_89, "payment.bpmn")
    [order] = [k for k, d in cluster_89.state.definitions.items() if d["processDefinitionId"] == "order"]
    code, out, err = cli(capsys, "delete", "resource", order, "--dry-run")
    assert code == 0, err
    assert f"/v2/resources/{order}/deletion" in out + err and order in cluster_89.state.definitions
    code, out, err = cli(capsys, "delete", "resource", order, "--yes")
    assert code == 0, err
    assert order not in cluster_89.state.definitions

    code, out, err = cli(capsys, "delete", "deployment", second, "--cascade", "--yes")
    assert code != 0 and "--cascade" in err and "Traceback" not in err
    code, out, err = cli(capsys, "delete", "deployment", second, "--yes")
    assert code == 0, err
    assert not cluster_89.state.definitions, "the payment process of the second deployment is gone"
    assert first != second


def test_the_cli_prints_a_deployed_resources_content(
    cluster_89: FakeCluster, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 (audit): `camtui get resource DEPLOYMENT RESOURCE` on Camunda 8: the BPMN as deployed."""
    from camtui.cli import main

    monkeypatch.setenv("CAMUNDA_REST_ADDRESS", cluster_89.url.removesuffix("/v2"))
    key = deploy_elsewhere(cluster_89, "order.bpmn", "payment.bpmn")
    for wanted in ("payment.bpmn", "payment"):
        assert main(["-p", "env", "get", "resource", key, wanted]) == 0
        out, _ = capsysbinary.readouterr()
        assert out == (HERE / "payment.bpmn").read_bytes()
    assert main(["-p", "env", "get", "resource", key, "nothing.bpmn"]) != 0
    _, err = capsysbinary.readouterr()
    assert b"order.bpmn, payment.bpmn" in err and b"Traceback" not in err
