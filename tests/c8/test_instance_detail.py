"""The instance detail on a Camunda 8 profile (issue 13): the header with who called it, the element
instances with their incidents, the sequence flows taken, the called instances and the call
hierarchy, against the fake cluster through camtui's real Camunda 8 client; and the same in
`camtui describe instance`."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from textual.widgets import Static

from camtui.ui.screens.instance_detail import InstanceDetailScreen
from camtui.ui.widgets.paged_table import PagedTable
from tests.c8.fake_cluster import FakeCluster
from tests.c8.test_cli import env_cluster as env_cluster
from tests.c8.test_cli import run
from tests.c8.test_console import app_on, seeded, showing
from tests.tui.conftest import SIZE, wait_for

pytestmark = pytest.mark.tui


def text_of(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def called(cluster: FakeCluster) -> dict[str, str]:
    """The seeded cluster, an order instance that called a payment, and flows the failing payment took."""
    seed = seeded(cluster)
    parent = next(k for k, i in cluster.state.instances.items() if i["processDefinitionId"] == "order")
    payment = cluster.state.instances[seed["paying"]]["processDefinitionKey"]
    child = cluster.call(parent, payment)["processInstanceKey"]
    cluster.take_flow(seed["paying"], "f1", "charge")
    return seed | {"parent": parent, "child": child}


def detail(app: Any) -> InstanceDetailScreen:
    screen = app.screen
    assert isinstance(screen, InstanceDetailScreen)
    return screen


async def open_instance(pilot: Any, app: Any, key: str) -> None:
    rows = [i.id for i in app.screen.items]
    await pilot.press(*["down"] * rows.index(key), "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, InstanceDetailScreen) and app.screen.instance_id == key)
    await wait_for(
        pilot,
        lambda: "loading" not in text_of(app, "#header") + text_of(app, "#activities"),
        what="the header and the activities",
    )


async def test_elements_flows_and_the_call_hierarchy_on_camunda8(cluster: FakeCluster) -> None:
    keys = called(cluster)
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", keys["child"]), what="the instances view")
        await open_instance(pilot, app, keys["paying"])
        header, activities = text_of(app, "#header"), text_of(app, "#activities")
        assert "none (a root instance)" in header and "Payment" in header
        # the start time with its age, as on Camunda 7 ("2026-11-24 21:18:06 (3m)")
        assert re.search(r"Started +\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(\d+[smhdy]\)", header), header
        [charge] = [line for line in activities.splitlines() if "Charge" in line or "charge" in line]
        assert "⚠ incident" in charge and "active" in charge
        assert "Sequence flows taken: f1" in activities
        assert "Call hierarchy" not in activities

        await pilot.press("escape")
        await wait_for(pilot, lambda: showing(app, "instances", keys["child"]), what="the instances view again")
        await open_instance(pilot, app, keys["child"])
        header, activities = text_of(app, "#header"), text_of(app, "#activities")
        assert f"Called by    {keys['parent']}" in header
        assert f"Call hierarchy: Order ({keys['parent']}) › Payment ({keys['child']})" in activities
        assert "Sequence flows taken: none yet" in activities

        # U: to the root, whose called instances list this one (and only this one)
        await pilot.press("U")
        await wait_for(pilot, lambda: detail(app).instance_id == keys["parent"], what="the root instance")
        await wait_for(pilot, lambda: "loading" not in text_of(app, "#header"), what="the root's header")
        assert "none (a root instance)" in text_of(app, "#header")
        lists = {t.id: t for t in detail(app).query(PagedTable)}
        titles = [title for title, _, _ in detail(app).lists]
        called_list = lists[f"list-{titles.index('Called instances')}"]
        await wait_for(pilot, lambda: bool(called_list.items), what="the called instances")
        assert [i.id for i in called_list.items] == [keys["child"]]


def test_describe_instance_says_its_elements_flows_and_callers(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = called(env_cluster)
    code, out, err = run(capsys, "describe", "instance", keys["child"], "-o", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["super_instance_id"] == keys["parent"]
    assert [c["instance_id"] for c in data["call_hierarchy"]] == [keys["parent"], keys["child"]]
    code, out, err = run(capsys, "describe", "instance", keys["paying"], "-o", "json")
    data = json.loads(out)
    assert data["sequence_flows"] == ["f1"]
    [failing] = [e for e in data["elements"] if e["incident"]]
    assert failing["state"] == "ACTIVE" and data["elements_complete"] is True


async def test_the_instances_list_sorts_by_what_camunda8_sorts_by(cluster: FakeCluster) -> None:
    from camtui.ui.screens.list_view import ListView
    from tests.c8.helpers import HERE

    seeded(cluster)
    [v2] = cluster.deploy("order.bpmn", (HERE / "order.bpmn").read_bytes())
    newest = cluster.start_instance(v2["processDefinitionKey"])["processInstanceKey"]
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", newest), what="the instances view")
        screen = app.screen
        assert isinstance(screen, ListView)
        assert "start_time" in screen.sorts and "definition_version" in screen.sorts
        await pilot.press(*["s"] * (screen.sorts.index("definition_version") + 1), "S")
        await wait_for(
            pilot,
            lambda: (
                screen.summary_extra() == ["sorted by definition_version ↓"]
                and bool(screen.items)
                and screen.items[0].id == newest
            ),
            what="the newest version first",
        )
    sent = [e.body.get("sort") for e in cluster.exchanges if e.path == "/process-instances/search"]
    assert [{"field": "processDefinitionVersion", "order": "DESC"}] in sent
