"""Camunda 8: a user task's and a batch operation's detail do what their lists do (assign, unassign,
complete; suspend, resume, cancel) on the same keys, through the same runner, and show the new state
afterwards, against the spec-validated fake cluster."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from camtui.kinds.c8_actions import BATCH_CANCEL, BATCH_RESUME, BATCH_SUSPEND
from camtui.kinds.tasks import ASSIGN, COMPLETE, UNCLAIM
from camtui.ui.screens.describe_view import DescribeScreen
from camtui.ui.screens.list_view import ListView
from camtui.ui.screens.task_detail import TaskDetailScreen
from camtui.ui.screens.tasks import TasksScreen
from camtui.ui.widgets.task_form import TaskFormModal
from tests.c8.fake_cluster import FakeCluster
from tests.c8.test_changes_console import open_view, plan_of
from tests.c8.test_console import app_on, seeded
from tests.c8.test_search_sorts import add_batch
from tests.tui.conftest import SIZE, on_screen, screen_as, wait_for
from tests.tui.test_console import shown
from tests.tui.test_detail_actions import detail_field
from tests.tui.test_footer_keys import footer_shows, run

pytestmark = pytest.mark.tui


def content(detail: DescribeScreen) -> str:
    return shown(detail.query_one("#content", Static))


async def open_detail(pilot: Pilot[None], listing: ListView[Any], key: str) -> DescribeScreen:
    """Enter on the row of `key` (filtered down to it)."""
    app = listing.app

    def keys(items: list[Any]) -> list[str]:
        return [listing.kind.key_of(i) for i in items]

    await wait_for(pilot, lambda: key in keys(listing.items), what=key)
    await pilot.press("slash", *key, "enter")
    await wait_for(pilot, lambda: keys(listing.table.visible_items()) == [key], what=f"only {key}")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DescribeScreen), what="the detail")
    detail = app.screen
    assert isinstance(detail, DescribeScreen)
    await wait_for(pilot, lambda: key in content(detail), what="described")
    return detail


async def test_a_tasks_detail_assigns_unassigns_and_completes(cluster: FakeCluster) -> None:
    seeded(cluster)
    task_key = next(iter(cluster.state.tasks))
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView), what="the first view")
        await open_view(pilot, app, "tasks", "tasks")
        detail = await open_detail(pilot, screen_as(app, TasksScreen), task_key)
        assert isinstance(detail, TaskDetailScreen)
        await pilot.pause()
        keys = footer_shows(app)
        assert keys[0].startswith("run('tasks.") and {run(ASSIGN.id), run(COMPLETE.id)} <= set(keys), keys

        await pilot.press("a")
        plan = await plan_of(pilot, app)
        plan.query_one("#user", Input).value = "mary"
        await wait_for(pilot, lambda: "to mary" in plan.plan.title, what="replanned for mary")
        await pilot.click("#go")
        await wait_for(
            pilot, lambda: app.screen is detail and detail_field(detail, "Assignee") == "mary", what="mary's"
        )
        assert cluster.state.tasks[task_key]["assignee"] == "mary"

        await pilot.press(UNCLAIM.key)
        await wait_for(pilot, lambda: detail_field(detail, "Assignee") == "unassigned", what="unassigned")
        assert not cluster.state.tasks[task_key].get("assignee")

        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: on_screen(app, TaskFormModal), what="the task's form")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_screen(app, TasksScreen), what="completed: back on the list")
    assert cluster.state.tasks[task_key]["state"] == "COMPLETED"


async def test_a_batch_operations_detail_suspends_resumes_and_cancels_it(cluster: FakeCluster) -> None:
    seeded(cluster)
    key = cluster.new_key()
    add_batch(cluster, key, "CANCEL_PROCESS_INSTANCE", "ACTIVE", "2026-01-02T00:00:00.000Z", "demo")
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView), what="the first view")
        await open_view(pilot, app, "batches", "batch-operations")
        detail = await open_detail(pilot, screen_as(app, ListView), key)
        assert detail_field(detail, "State") == "ACTIVE"
        await pilot.pause()
        keys = footer_shows(app)
        assert {run(BATCH_SUSPEND.id), run(BATCH_RESUME.id), run(BATCH_CANCEL.id)} <= set(keys[:3]), keys

        for press, state in (("s", "SUSPENDED"), ("r", "ACTIVE"), ("ctrl+d", "CANCELED")):
            await pilot.press(press)
            plan = await plan_of(pilot, app)
            assert plan.plan.requests, "the exact request, previewed"
            if plan.confirmation.level == "typed":
                plan.query_one("#typed", Input).value = plan.confirmation.word
            await pilot.click("#go")
            await wait_for(
                pilot,
                lambda: app.screen is detail and detail_field(detail, "State") == state,  # noqa: B023
                what=state,
            )
            assert cluster.state.batches[key]["state"] == state


async def test_a_batch_operations_detail_reads_as_labels_and_its_items_as_a_table(cluster: FakeCluster) -> None:
    """Labels, the lists' time format, nothing empty shown as `null`, the items a table."""
    seeded(cluster)
    key = cluster.new_key()
    add_batch(cluster, key, "CANCEL_PROCESS_INSTANCE", "PARTIALLY_COMPLETED", "2026-01-02T00:00:00.000Z", "demo")
    item = {"operationType": "CANCEL_PROCESS_INSTANCE", "batchOperationKey": key, "processedDate": None}
    cluster.state.batch_items[key] = [
        item
        | {
            "itemKey": "801",
            "processInstanceKey": "801",
            "rootProcessInstanceKey": "801",
            "state": "COMPLETED",
            "errorMessage": None,
        },
        item
        | {
            "itemKey": "802",
            "processInstanceKey": "802",
            "rootProcessInstanceKey": "802",
            "state": "FAILED",
            "errorMessage": "[red]gone[/]",
        },
    ]
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView), what="the first view")
        await open_view(pilot, app, "batches", "batch-operations")
        detail = await open_detail(pilot, screen_as(app, ListView), key)
        await wait_for(pilot, lambda: "Items" in content(detail), what="its items")
        text = content(detail)
        assert detail_field(detail, "ID") == key and detail_field(detail, "State") == "PARTIALLY_COMPLETED"
        assert detail_field(detail, "Type") == "CANCEL_PROCESS_INSTANCE" and detail_field(detail, "Actor") == "demo"
        assert re.fullmatch(r"2026-01-0[12] \d{2}:\d{2}:\d{2} \(\d+d\)", detail_field(detail, "Start") or "")
        assert "null" not in text and "None" not in text and "End" not in text
        lines = [line.split() for line in text.splitlines()]
        assert ["ITEM", "KEY", "PROCESS", "INSTANCE", "STATE", "ERROR", "MESSAGE"] in lines, text
        header = lines.index(["ITEM", "KEY", "PROCESS", "INSTANCE", "STATE", "ERROR", "MESSAGE"])
        assert lines[header + 1 : header + 3] == [["801", "801", "COMPLETED"], ["802", "802", "FAILED", "[red]gone[/]"]]
