"""Issue 13 (audit): s/S in :incidents, :tasks, :pd, :jobs, :tenants, :decisions and :batches on
Camunda 8 step through every field its search sorts by; the sort chosen is the one the cluster is
asked for."""

from __future__ import annotations

import pytest

from tests.c8.fake_cluster import FakeCluster
from tests.c8.test_console import app_on, seeded, showing
from tests.tui.conftest import SIZE, wait_for

pytestmark = pytest.mark.tui


async def test_each_list_sorts_by_a_field_only_camunda8s_search_has(cluster: FakeCluster) -> None:
    from camtui.ui.screens.list_view import ListView

    seeded(cluster)
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        for view, kind, field, path, wire in (
            ("incidents", "incidents", "state", "/incidents/search", "state"),
            ("tasks", "tasks", "business_key", "/user-tasks/search", "businessId"),
            ("pd", "definitions", "resource_name", "/process-definitions/search", "resourceName"),
            ("jobs", "jobs", "worker", "/jobs/search", "worker"),
            ("tenants", "tenants", "key", "/tenants/search", "key"),
            (
                "decisions",
                "decisions",
                "decision_requirements_name",
                "/decision-definitions/search",
                "decisionRequirementsName",
            ),
            ("batches", "batch-operations", "actor_id", "/batch-operations/search", "actorId"),
        ):
            await pilot.press("colon", *view, "enter")

            def opened(kind: str = kind) -> bool:
                screen = app.screen
                return isinstance(screen, ListView) and screen.kind.name == kind and screen.is_mounted

            await wait_for(pilot, opened, what=f"the {view} list")
            screen = app.screen
            assert isinstance(screen, ListView)
            assert field in screen.sorts, screen.sorts
            await pilot.press(*["s"] * (screen.sorts.index(field) + 1), "S")

            def sorted_desc(screen: ListView[object] = screen, field: str = field) -> bool:
                return screen.summary_extra() == [f"sorted by {field} ↓"]

            await wait_for(pilot, sorted_desc, what=f"{view} sorted by {field}")

            def asked(path: str = path, wire: str = wire) -> bool:
                return any(
                    e.path == path and e.body and e.body.get("sort") == [{"field": wire, "order": "DESC"}]
                    for e in cluster.exchanges
                )

            await wait_for(pilot, asked, what=f"the cluster asked for {wire}")
