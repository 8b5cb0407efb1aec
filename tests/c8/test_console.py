"""The console on a Camunda 8 profile, driven as a person would, against the fake cluster through
camtui's real Camunda 8 client (every exchange checked against the spec)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from camtui.api.models import EngineKind
from camtui.config.profiles import Profile
from camtui.config.settings import Settings
from camtui.console import engine_for
from camtui.ui.app import CamtuiApp, make_app
from camtui.ui.screens.list_view import ListView
from camtui.ui.screens.plan_dialog import PlanModal
from camtui.ui.screens.progress import ProgressModal
from tests.c8.fake_cluster import FakeCluster
from tests.c8.helpers import HERE
from tests.tui.conftest import SIZE, on_screen, wait_for

pytestmark = pytest.mark.tui


def seeded(cluster: FakeCluster) -> dict[str, str]:
    [order] = cluster.deploy("order.bpmn", (HERE / "order.bpmn").read_bytes())
    [payment] = cluster.deploy("payment.bpmn", (HERE / "payment.bpmn").read_bytes())
    for _ in range(3):
        cluster.start_instance(order["processDefinitionKey"], {"amount": 5})
    paying = cluster.start_instance(payment["processDefinitionKey"])
    job = next(j for j in cluster.state.jobs.values() if j["processInstanceKey"] == paying["processInstanceKey"])
    cluster.fail_job(job["jobKey"], "card declined")
    cluster.add_user("mary", "Mary Major", "mary@example.com")
    return {"paying": paying["processInstanceKey"], "job": job["jobKey"]}


def app_on(cluster: FakeCluster) -> CamtuiApp:
    profile = Profile(name="saas", url=cluster.url, engine=EngineKind.C8)
    return make_app(Settings(default_profile="saas", profiles={"saas": profile}), engine_factory=engine_for)


def cells(app: CamtuiApp) -> list[str]:
    tables = app.screen.query(DataTable)
    if not tables:
        return []
    table = tables.first()
    return [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]


def showing(app: CamtuiApp, kind: str, text: str) -> bool:
    screen = app.screen
    return (
        isinstance(screen, ListView)
        and screen.is_mounted
        and screen.kind.name == kind
        and any(text in c for c in cells(app))
    )


async def test_instances_incidents_tasks_and_users_on_a_camunda8_profile(cluster: FakeCluster) -> None:
    seed = seeded(cluster)
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", seed["paying"]), what="the instances view")
        screen = app.screen
        assert isinstance(screen, ListView) and len(screen.items) == 4
        await pilot.press("colon", *"incidents", "enter")
        await wait_for(pilot, lambda: showing(app, "incidents", "card declined"), what="the incidents view")
        await pilot.press("colon", *"tasks", "enter")
        await wait_for(pilot, lambda: showing(app, "tasks", "Approve order"), what="the tasks view")
        assert len(app.screen.items) == 3  # type: ignore[attr-defined]
        await pilot.press("colon", *"users", "enter")
        await wait_for(pilot, lambda: showing(app, "users", "mary"), what="the users view")
    searched = {e.path for e in cluster.requests("POST")}
    assert {"/process-instances/search", "/incidents/search", "/user-tasks/search", "/users/search"} <= searched


async def test_cancel_two_marked_instances_on_camunda8(cluster: FakeCluster) -> None:
    seeded(cluster)
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        screen = app.screen
        assert isinstance(screen, ListView)
        wanted = [i.id for i in screen.items[:2]]
        await pilot.press("space", "space")
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        plan = app.screen.plan  # type: ignore[attr-defined]
        assert {t.id for t in plan.targets} == set(wanted)
        # one request per instance, exactly what the client sends (no batch by ids on Camunda 8)
        assert [r.url.rsplit("/", 2)[-2:] for r in plan.requests] == [[i, "cancellation"] for i in wanted]
        await pilot.click("#go")
        await wait_for(pilot, lambda: isinstance(app.screen, ProgressModal) and app.screen.report is not None)
        report = app.screen.report  # type: ignore[attr-defined]
        assert (report.done, report.failed) == (2, 0)
    assert [cluster.state.instances[i]["state"] for i in wanted] == ["TERMINATED", "TERMINATED"]


async def test_the_header_says_the_cluster_is_indexing_what_was_just_created(cluster: FakeCluster) -> None:
    import asyncio

    from camtui.ui.widgets.status_header import StatusHeader

    seeded(cluster)
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        header = app.screen.query_one(StatusHeader)
        engine = app.engine
        with cluster.indexing_held():
            started = await engine.definitions.start(bpmn_process_id="order")
            reading = asyncio.ensure_future(engine.instances.get(started.id))
            await wait_for(
                pilot, lambda: "waiting for the cluster to index it" in str(header.render()), what="the notice"
            )
            assert "not found" not in str(header.render()).lower()
        assert (await reading).id == started.id
