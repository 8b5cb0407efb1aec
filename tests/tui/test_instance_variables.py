"""The instance detail's variables in full and its jobs and header, on the real engine: a Json and a
serialized Object value edited in $EDITOR (a fake editor script), an invalid edit kept, a variable
deleted with its plan, a File variable saved byte for byte; each checked in the engine afterwards."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import httpx
import pytest
from textual.widgets import Button, DataTable, Input, Static

from camtui.api import connect
from camtui.api.c7.engine import C7Engine
from camtui.api.models import InstanceFilter, NewDeployment
from camtui.config.settings import Settings
from camtui.kinds.instance_batches import BATCH_FROM
from camtui.ui.screens.instance_detail import InstanceDetailScreen
from camtui.ui.screens.instances import InstancesScreen
from camtui.ui.screens.list_view import ListView
from camtui.ui.screens.plan_dialog import PlanModal
from camtui.ui.screens.progress import ProgressModal
from camtui.ui.screens.resource_view import SaveModal
from camtui.ui.widgets.paged_table import PagedTable
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.engine.test_bulk_frozen import start_many
from tests.tui.conftest import SIZE, app_for, on_screen, wait_for
from tests.waiting import until

CONTENT = bytes(range(256)) * 4 + os.urandom(2048)


def waiting_on_a_timer(process_id: str) -> bytes:
    """A process that waits on a one-hour timer: its instance has one timer job."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_{process_id}" targetNamespace="http://camtui.test">
  <bpmn:process id="{process_id}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
    <bpmn:intermediateCatchEvent id="wait" name="An hour">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
""".encode()


def fake_editor(tmp_path: Path, writes: str) -> Path:
    """An $EDITOR that keeps what it was shown (in `shown.txt`) and writes `writes` instead."""
    new = tmp_path / "new.txt"
    new.write_text(writes, encoding="utf-8")
    script = tmp_path / "editor.sh"
    script.write_text(f'#!/bin/sh\ncp "$1" "{tmp_path / "shown.txt"}"\ncp "{new}" "$1"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def header(screen: InstanceDetailScreen) -> str:
    return str(screen.query_one("#header", Static).render())


def on_variable(screen: InstanceDetailScreen, name: str) -> None:
    table = screen.query_one("#variables", DataTable)
    table.focus()
    table.move_cursor(row=[v.name for v in screen.variables].index(name))


async def test_variables_in_full_jobs_and_header(
    settings: Settings, real_engine: RunningEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = unique("vars")
    http = httpx.AsyncClient(base_url=real_engine.url, auth=("demo", "demo"))
    async with connect(real_engine.connection()) as engine:
        await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", waiting_on_a_timer(key)),)))
        instance = await engine.definitions.start(bpmn_process_id=key, business_key="V-1")
    base = f"/process-instance/{instance.id}/variables"
    (await http.put(f"{base}/doc", json={"value": '{"a":1}', "type": "Json"})).raise_for_status()
    info = {"objectTypeName": "java.util.HashMap", "serializationDataFormat": "application/json"}
    order = {"value": '{"id":7}', "type": "Object", "valueInfo": info}
    (await http.put(f"{base}/order", json=order)).raise_for_status()
    (await http.put(f"{base}/label", json={"value": "old", "type": "String"})).raise_for_status()
    files = {"data": ("scan.bin", CONTENT, "application/octet-stream")}
    (await http.post(f"{base}/scan/data", files=files, data={"valueType": "File"})).raise_for_status()
    [job] = (await http.get("/job", params={"processInstanceId": instance.id})).json()

    async def serialized(name: str) -> Any:
        answer = await http.get(f"{base}/{name}", params={"deserializeValue": "false"})
        return answer.json() if answer.status_code == 200 else None

    async def json_of(name: str) -> Any:
        return json.loads((await serialized(name))["value"])

    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView), what="the first view")
        assert app.session is not None
        screen = InstanceDetailScreen(app.session, instance.id, ["instances"])
        await app.push_screen(screen)
        await wait_for(pilot, lambda: "Started" in header(screen), what="the start time in the header")
        assert "V-1" in header(screen)
        # a root instance has no root line to jump to
        assert "Root" not in header(screen)

        # the jobs section: the instance's timer job, by its id
        jobs = next(t for t in screen.query(PagedTable) if t.id == "list-3")
        await wait_for(pilot, lambda: [j.id for j in jobs.items] == [job["id"]], what="the instance's job")
        assert jobs.items[0].activity_id == "wait" and jobs.items[0].due_date is not None

        await wait_for(pilot, lambda: len(screen.variables) == 4, what="the variables")

        # Json in $EDITOR: shown indented, sent back compact as Json, planned first
        monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, '{"a": 2, "b": [true]}\n')))
        on_variable(screen, "doc")
        await pilot.press("E")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan of the edit")
        assert json.loads((tmp_path / "shown.txt").read_text()) == {"a": 1}
        await pilot.click("#go")
        await until(lambda: eq(json_of("doc"), {"a": 2, "b": [True]}), "the new Json value in the engine")
        assert (await serialized("doc"))["type"] == "Json"

        # invalid JSON: refused before anything is sent, the text kept and shown again on the next E
        await wait_for(pilot, lambda: on_screen(app, InstanceDetailScreen), what="back on the detail")
        monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, '{"id": 8,')))
        await wait_for(pilot, lambda: "order" in [v.name for v in screen.variables], what="the variables again")
        on_variable(screen, "order")
        await pilot.press("E")
        await wait_for(pilot, lambda: screen.drafts.get("order") == '{"id": 8,', what="the invalid text kept")
        assert not on_screen(app, PlanModal)
        assert await json_of("order") == {"id": 7}
        # the next edit starts from the kept text; this time it is valid, and goes back as the same Object
        monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, '{"id": 8}')))
        await pilot.press("E")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan of the Object edit")
        assert (tmp_path / "shown.txt").read_text() == '{"id": 8,'
        await pilot.click("#go")
        await until(lambda: eq(json_of("order"), {"id": 8}), "the new Object value")
        now = await serialized("order")
        assert now["type"] == "Object"
        assert now["valueInfo"]["objectTypeName"] == "java.util.HashMap"
        assert now["valueInfo"]["serializationDataFormat"] == "application/json"
        await wait_for(pilot, lambda: "order" not in screen.drafts, what="the kept text dropped once sent")

        # x deletes the variable under the cursor: planned, the name typed, then gone from the engine
        await wait_for(pilot, lambda: on_screen(app, InstanceDetailScreen), what="back on the detail")
        on_variable(screen, "label")
        await pilot.press("x")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan of the delete")
        modal = app.screen
        assert f"DELETE {real_engine.url}{base}/label" in str(modal.query_one("#request", Static).render())
        modal.query_one("#typed", Input).value = "label"
        await pilot.click("#go")
        await until(lambda: eq(serialized("label"), None), "the variable gone from the engine")
        await wait_for(pilot, lambda: "label" not in [v.name for v in screen.variables], what="the table updated")

        # w saves a File variable: the bytes as the engine has them, no temporary file left behind
        await wait_for(pilot, lambda: on_screen(app, InstanceDetailScreen), what="back on the detail")
        on_variable(screen, "scan")
        await pilot.press("w")
        await wait_for(pilot, lambda: on_screen(app, SaveModal), what="where to save it")
        target = tmp_path / "saved" / "scan.bin"
        target.parent.mkdir()
        app.screen.query_one("#target", Input).value = str(target)
        await pilot.click("#go")
        await wait_for(pilot, lambda: target.exists(), what="the saved file")
        assert target.read_bytes() == CONTENT
        assert [p.name for p in target.parent.iterdir()] == ["scan.bin"]
    await http.aclose()


async def eq(value: Awaitable[Any], expected: Any) -> bool:
    return bool(await value == expected)


async def test_suspend_all_matching_runs_one_batch_with_progress_and_a_verified_report(
    settings: Settings, real_engine: RunningEngine
) -> None:

    key = unique("pall")
    async with connect(real_engine.connection()) as engine:
        await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
        assert isinstance(engine, C7Engine)
        first = await start_many(engine, key, BATCH_FROM + 2, "first")

    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView), what="the first view")
        assert app.session is not None
        await app.push_screen(InstancesScreen(app.session, InstanceFilter(bpmn_process_id=key)))
        await wait_for(pilot, lambda: on_screen(app, InstancesScreen), what="the instances")
        await pilot.press("P")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        plan_text = str(app.screen.query_one("#impact", Static).render())
        assert "As one engine batch" in plan_text
        assert "/process-instance/suspended-async" in str(app.screen.query_one("#request", Static).render())
        # one more instance that matches after the freeze: not touched
        async with connect(real_engine.connection()) as engine:
            later = await engine.definitions.start(bpmn_process_id=key, business_key="later")
        await pilot.click("#go")
        await wait_for(pilot, lambda: on_screen(app, ProgressModal), what="the progress")
        progress = app.screen
        assert isinstance(progress, ProgressModal)
        await wait_for(pilot, lambda: progress.report is not None, seconds=120, what="the verified report")
        lines = str(progress.query_one("#outcome-lines", Static).render())
        assert "Verified after batch" in lines and f"{len(first)} of {len(first)} suspended" in lines

    async with connect(real_engine.connection()) as engine:
        now = {i.id: i.suspended for i in (await engine.instances.list(InstanceFilter(bpmn_process_id=key))).items}
    assert {i for i, s in now.items() if s} == first
    assert now[later.id] is False


async def test_set_variables_on_all_matching_changes_exactly_the_frozen_instances(
    settings: Settings, real_engine: RunningEngine
) -> None:
    from textual.widgets import Select

    from camtui.ui.screens.variables_dialog import VariablesModal
    from camtui.ui.widgets.variables_editor import VariablesEditor

    key = unique("eall")
    async with connect(real_engine.connection()) as engine:
        await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
        assert isinstance(engine, C7Engine)
        first = await start_many(engine, key, BATCH_FROM + 1, "first")

    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView), what="the first view")
        assert app.session is not None
        await app.push_screen(InstancesScreen(app.session, InstanceFilter(bpmn_process_id=key)))
        await wait_for(pilot, lambda: on_screen(app, InstancesScreen), what="the instances")
        await pilot.press("E")
        await wait_for(pilot, lambda: on_screen(app, VariablesModal), what="the variables form")
        row = app.screen.query_one(VariablesEditor).rows()[0]
        row.query_one(".var-name", Input).value = "priority"
        row.query_one(".var-type", Select).value = "Integer"
        row.query_one(".var-value", Input).value = "7"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        plan = app.screen
        assert isinstance(plan, PlanModal)
        assert plan.plan.count == len(first), "the plan counts what the query matched when planned"
        assert "/process-instance/variables-async" in str(plan.query_one("#request", Static).render())
        # one more that matches after the freeze: not touched
        async with connect(real_engine.connection()) as engine:
            later = await engine.definitions.start(bpmn_process_id=key, business_key="later")
        plan.query_one("#go", Button).press()
        await wait_for(pilot, lambda: on_screen(app, ProgressModal), what="the progress")
        progress = app.screen
        assert isinstance(progress, ProgressModal)
        await wait_for(pilot, lambda: progress.report is not None, seconds=120, what="the verified report")
        lines = str(progress.query_one("#outcome-lines", Static).render())
        assert "Verified after batch" in lines and f"{len(first)} of {len(first)}" in lines

    async with connect(real_engine.connection()) as engine:
        for instance_id in first:
            [priority] = [v for v in await engine.instances.variables(instance_id) if v.name == "priority"]
            assert (priority.type, priority.value) == ("Integer", 7)
        assert "priority" not in {v.name for v in await engine.instances.variables(later.id)}
