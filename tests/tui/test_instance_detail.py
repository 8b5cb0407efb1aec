"""The instance detail on the real engine: sections, incidents marked in the activity tree, the call
hierarchy both ways, and setting a typed variable from it (checked in the engine afterwards)."""

from __future__ import annotations

from textual.widgets import Button, DataTable, Input, Select, Static

from camtui.api import connect
from camtui.api.models import InstanceFilter, NewDeployment
from camtui.config.settings import Settings
from camtui.ui.screens.instance_detail import InstanceDetailScreen
from camtui.ui.screens.list_view import ListView
from camtui.ui.screens.plan_dialog import PlanModal
from camtui.ui.screens.variables_dialog import VariablesModal
from camtui.ui.widgets.paged_table import PagedTable
from camtui.ui.widgets.variables_editor import VariablesEditor
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.tui.conftest import SIZE, app_for, on_screen, wait_for


def calling(process_id: str, called: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_{process_id}" targetNamespace="http://camtui.test">
  <bpmn:process id="{process_id}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
    <bpmn:callActivity id="call" name="Call the child" calledElement="{called}"/>
    <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
""".encode()


def text_of(screen: InstanceDetailScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_sections_call_hierarchy_and_a_typed_variable(settings: Settings, real_engine: RunningEngine) -> None:
    child_key, parent_key = unique("child"), unique("parent")
    async with connect(real_engine.connection()) as engine:
        files = ((f"{child_key}.bpmn", bpmn(child_key)), (f"{parent_key}.bpmn", calling(parent_key, child_key)))
        await engine.deployments.create(NewDeployment(name=parent_key, files=files))
        parent = await engine.definitions.start(bpmn_process_id=parent_key, business_key="P-1")
        [child] = (await engine.instances.list(InstanceFilter(super_instance_id=parent.id))).items
        [failing] = (await engine.instances.list(InstanceFilter(bpmn_process_id="camtui_payment"), limit=1)).items

    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView), what="the first view")
        assert app.session is not None
        # the seeded failing payment: its activity is marked with its incident
        payment = InstanceDetailScreen(app.session, failing.id, ["instances"])
        await app.push_screen(payment)
        await wait_for(pilot, lambda: "⚠ 1 incident" in text_of(payment, "#activities"), what="the marked activity")
        assert "Charge card" in text_of(payment, "#activities")
        await wait_for(pilot, lambda: "camtui_payment v" in text_of(payment, "#header"), what="the header")
        incidents = payment.query_one("#list-0", PagedTable)
        await wait_for(pilot, lambda: len(incidents.items) >= 1, what="its incidents")
        await pilot.press("escape")

        # the child: called by the parent; u jumps there, and the parent lists the child it called
        child_screen = InstanceDetailScreen(app.session, child.id, ["instances"])
        await app.push_screen(child_screen)
        await wait_for(pilot, lambda: parent.id in text_of(child_screen, "#header"), what="called by the parent")
        assert f"{child_key} v1" in text_of(child_screen, "#header")
        await pilot.press("u")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, InstanceDetailScreen) and app.screen.instance_id == parent.id,
            what="the parent",
        )
        parent_screen = app.screen
        assert isinstance(parent_screen, InstanceDetailScreen)
        await wait_for(pilot, lambda: "P-1" in text_of(parent_screen, "#header"), what="the parent's header")
        called = parent_screen.query_one("#list-2", PagedTable)
        await wait_for(pilot, lambda: [i.id for i in called.items] == [child.id], what="the called child")
        assert "Call the child" in text_of(parent_screen, "#activities")
        called.focus()
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, InstanceDetailScreen) and app.screen.instance_id == child.id,
            what="the child again",
        )

        # e: a typed variable, planned, confirmed, and in the engine with its type
        screen = app.screen
        assert isinstance(screen, InstanceDetailScreen)
        await wait_for(pilot, lambda: screen.instance is not None, what="the child's header")
        await pilot.press("e")
        await wait_for(pilot, lambda: on_screen(app, VariablesModal), what="the variables form")
        row = app.screen.query_one(VariablesEditor).rows()[0]
        row.query_one(".var-name", Input).value = "limit"
        row.query_one(".var-type", Select).value = "Long"
        row.query_one(".var-value", Input).value = "9000000000"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        assert "limit = 9000000000 (Long)" in str(app.screen.query_one("#impact", Static).render())
        await pilot.click("#go")
        table = screen.query_one("#variables", DataTable)
        await wait_for(pilot, lambda: on_screen(app, InstanceDetailScreen) and table.row_count == 1, what="reloaded")
        assert not app.screen.query(Button).filter("#go")

    async with connect(real_engine.connection()) as engine:
        [limit] = [v for v in await engine.instances.variables(child.id) if v.name == "limit"]
        assert (limit.type, limit.value) == ("Long", 9_000_000_000)
