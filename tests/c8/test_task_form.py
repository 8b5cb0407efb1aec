"""A Camunda 8 user task's linked Camunda Form (issue 13): the console draws its fields and completes
the task with the typed variables, against the fake cluster through camtui's real Camunda 8 client."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Checkbox, Input

from camtui.ui.screens.tasks import TasksScreen
from camtui.ui.widgets.task_form import TaskFormModal
from tests.c8.fake_cluster import FakeCluster
from tests.c8.test_console import app_on, seeded, showing
from tests.tui.conftest import SIZE, on_screen, screen_as, wait_for
from tests.tui.test_tasks import field

pytestmark = pytest.mark.tui

SCHEMA = {
    "type": "default",
    "components": [
        {"key": "amount", "label": "Amount", "type": "number"},
        {"key": "approved", "label": "Approve", "type": "checkbox"},
    ],
}


async def test_complete_a_task_through_its_linked_camunda_form(cluster: FakeCluster) -> None:
    seeded(cluster)
    task_key, task = next(iter(cluster.state.tasks.items()))
    cluster.link_form(task_key, "approval", SCHEMA)
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        await pilot.press("colon", *"tasks", "enter")
        await wait_for(pilot, lambda: showing(app, "tasks", "Approve order"), what="the tasks view")
        screen = screen_as(app, TasksScreen)
        await pilot.press(*["down"] * [t.id for t in screen.items].index(task_key), "ctrl+e")
        await wait_for(pilot, lambda: on_screen(app, TaskFormModal), what="the Camunda Form")
        modal = screen_as(app, TaskFormModal)
        assert modal.form.source == "camunda-form"
        assert [(f.key, f.label) for f in modal.form.fields] == [("amount", "Amount"), ("approved", "Approve")]
        assert isinstance(field(modal, "approved"), Checkbox) and isinstance(field(modal, "amount"), Input)
        field(modal, "amount").value = "1234.5"
        field(modal, "approved").value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_screen(app, TasksScreen), what="the form closes")
    assert cluster.state.tasks[task_key]["state"] == "COMPLETED"
    sent = {
        v["name"]: json.loads(v["value"])
        for v in cluster.state.variables.values()
        if v["processInstanceKey"] == task["processInstanceKey"]
    }
    assert sent["amount"] == 1234.5 and sent["approved"] is True
    assert any(e.path == f"/user-tasks/{task_key}/form" for e in cluster.requests("GET"))
