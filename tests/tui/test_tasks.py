"""User tasks in the console on the real engine: completing through the task's form (generated from
form fields, and a Camunda Form from the demo data), a refusal that keeps what was typed, and bulk
assignment over marks. Each checks what the user sees and the engine's state afterwards."""

from __future__ import annotations

from typing import Any

import httpx
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Static

from camtui.api import connect
from camtui.api.models import NewDeployment, TaskFilter
from camtui.config.settings import Settings
from camtui.ui.app import CamtuiApp
from camtui.ui.screens.plan_dialog import PlanModal
from camtui.ui.screens.progress import ProgressModal
from camtui.ui.screens.tasks import TasksScreen
from camtui.ui.widgets.task_form import TaskFormModal
from tests.conftest import RunningEngine
from tests.engine.helpers import unique
from tests.tui.conftest import SIZE, app_for, on_screen, screen_as, wait_for
from tests.tui.test_console import rows, shown


def form_bpmn(key: str, task_name: str) -> bytes:
    """A generated task form (camunda:formData), a listener that refuses amounts of 1000 and more
    (an engine error on complete), and a second task so the instance stays to be looked at."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_{key}" targetNamespace="http://camtui.test">
  <bpmn:process id="{key}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fill"/>
    <bpmn:userTask id="fill" name="{task_name}" camunda:candidateGroups="accounting">
      <bpmn:extensionElements>
        <camunda:formData>
          <camunda:formField id="amount" label="Amount" type="long"/>
          <camunda:formField id="approved" label="Approved" type="boolean"/>
          <camunda:formField id="note" label="Note" type="string" defaultValue="none"/>
        </camunda:formData>
        <camunda:taskListener event="complete" expression="${{amount &lt; 1000 ? true : refusedAbove999.fail()}}"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="fill" targetRef="after"/>
    <bpmn:userTask id="after" name="After {task_name}"/>
    <bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
""".encode()


async def start_form_tasks(real_engine: RunningEngine, n: int = 1) -> tuple[str, list[str], list[str]]:
    """Deploy the form process and start `n` instances: (task name, instance ids, task ids)."""
    key, name = unique("fp"), unique("Fill ")
    async with connect(real_engine.connection()) as engine:
        await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", form_bpmn(key, name)),)))
        instances = [(await engine.definitions.start(bpmn_process_id=key)).id for _ in range(n)]
        tasks = [(await engine.tasks.list(TaskFilter(process_instance_id=i))).items[0].id for i in instances]
    return name, instances, tasks


def variables(real_engine: RunningEngine, instance: str) -> dict[str, tuple[str, Any]]:
    with httpx.Client(auth=("demo", "demo")) as client:
        found = client.get(f"{real_engine.url}/history/variable-instance", params={"processInstanceId": instance})
        found.raise_for_status()
        return {v["name"]: (v["type"], v["value"]) for v in found.json()}


def task_exists(real_engine: RunningEngine, task_id: str) -> bool:
    with httpx.Client(auth=("demo", "demo")) as client:
        return client.get(f"{real_engine.url}/task/{task_id}").status_code == 200


async def open_tasks(app: CamtuiApp, pilot: Pilot[None], name: str, count: int = 1) -> None:
    await wait_for(pilot, lambda: on_screen(app, TasksScreen), what="the tasks view")
    await pilot.press("slash", *name, "enter")
    await wait_for(pilot, lambda: len(rows(app)) == count and all(name in " ".join(r) for r in rows(app)), what=name)


def field(modal: TaskFormModal, key: str) -> Any:
    index = [f.key for f in modal.form.fields].index(key)
    return modal.query_one(f"#field-{index}")


async def test_complete_through_the_generated_form_sends_typed_variables(
    settings: Settings, real_engine: RunningEngine
) -> None:
    name, [instance], [task] = await start_form_tasks(real_engine)
    app = app_for(settings, view="tasks")
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(app, pilot, name)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: on_screen(app, TaskFormModal), what="the task form")
        modal = screen_as(app, TaskFormModal)
        assert [f.key for f in modal.form.fields] == ["amount", "approved", "note"]
        assert field(modal, "note").value == "none", "the default is filled in"
        field(modal, "amount").value = "twelve"
        await pilot.press("ctrl+s")
        problems = modal.query_one("#problem-0", Static)
        await wait_for(pilot, lambda: "whole number" in shown(problems), what="a problem under the field")
        assert task_exists(real_engine, task), "nothing was sent"
        field(modal, "amount").value = "42"
        field(modal, "approved").value = True
        field(modal, "note").value = "Grüße, fine"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_screen(app, TasksScreen), what="the form closes")
    assert not task_exists(real_engine, task)
    got = variables(real_engine, instance)
    assert got["amount"] == ("Long", 42) and got["approved"] == ("Boolean", True)
    assert got["note"] == ("String", "Grüße, fine")


async def test_complete_through_the_demo_camunda_form(settings: Settings, real_engine: RunningEngine) -> None:
    async with connect(real_engine.connection()) as engine:
        started = await engine.definitions.start(bpmn_process_id="camtui_invoice", business_key=unique("CF"))
        [task] = (await engine.tasks.list(TaskFilter(process_instance_id=started.id))).items
    app = app_for(settings, view="tasks")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, TasksScreen), what="the tasks view")
        screen = screen_as(app, TasksScreen)
        screen.query_filter = TaskFilter(process_instance_id=started.id)
        screen.table.reload()
        await wait_for(pilot, lambda: [t.id for t in screen.items] == [task.id], what="the one task")
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: on_screen(app, TaskFormModal), what="the Camunda Form")
        modal = screen_as(app, TaskFormModal)
        assert modal.form.source == "camunda-form"
        assert [(f.key, f.label) for f in modal.form.fields] == [("amount", "Amount"), ("approved", "Approve")]
        assert isinstance(field(modal, "approved"), Checkbox) and isinstance(field(modal, "amount"), Input)
        field(modal, "amount").value = "1234.5"
        field(modal, "approved").value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_screen(app, TasksScreen), what="the form closes")
    assert not task_exists(real_engine, task.id)
    got = variables(real_engine, started.id)
    assert got["amount"] == ("Double", 1234.5) and got["approved"] == ("Boolean", True)


async def test_a_refused_completion_keeps_what_was_typed(settings: Settings, real_engine: RunningEngine) -> None:
    name, [instance], [task] = await start_form_tasks(real_engine)
    app = app_for(settings, view="tasks")
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(app, pilot, name)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: on_screen(app, TaskFormModal), what="the task form")
        modal = screen_as(app, TaskFormModal)
        field(modal, "amount").value = "5000"
        field(modal, "note").value = "typed with care"
        await pilot.press("ctrl+s")
        error = modal.query_one("#form-error", Static)
        await wait_for(pilot, lambda: "refused" in shown(error), what=f"the refusal, shown: {shown(error)!r}")
        assert "refusedAbove999" in shown(error) and "What you typed is kept" in shown(error)
        assert app.screen is modal and field(modal, "note").value == "typed with care"
        assert task_exists(real_engine, task)
        # closed and opened again: still there
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, TasksScreen))
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: on_screen(app, TaskFormModal) and app.screen is not modal, what="reopened")
        again = screen_as(app, TaskFormModal)
        assert field(again, "amount").value == "5000" and field(again, "note").value == "typed with care"
        field(again, "amount").value = "500"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_screen(app, TasksScreen), what="completed on retry")
    assert not task_exists(real_engine, task)
    got = variables(real_engine, instance)
    assert got["amount"] == ("Long", 500) and got["note"] == ("String", "typed with care")


async def test_bulk_assign_ten_marked_tasks(settings: Settings, real_engine: RunningEngine) -> None:
    name, _, tasks = await start_form_tasks(real_engine, 10)
    app = app_for(settings, view="tasks")
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(app, pilot, name, count=10)
        await pilot.press(*["space"] * 10)
        await pilot.press("a")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        plan = screen_as(app, PlanModal)
        assert plan.plan.count == 10
        plan.query_one("#user", Input).value = "mary"
        await wait_for(pilot, lambda: "to mary" in plan.plan.title, what="replanned for mary")
        await pilot.click("#go")
        await wait_for(pilot, lambda: on_screen(app, ProgressModal), what="progress")
        progress = screen_as(app, ProgressModal)
        await wait_for(pilot, lambda: progress.report is not None, what="the report")
        assert progress.report is not None and progress.report.done == 10
        assert {o.target.id for o in progress.report.outcomes} == set(tasks)
    async with connect(real_engine.connection()) as engine:
        for task in tasks:
            assert (await engine.tasks.get(task)).assignee == "mary"


async def test_bulk_complete_marked_tasks_with_the_same_variables(
    settings: Settings, real_engine: RunningEngine
) -> None:
    name, instances, tasks = await start_form_tasks(real_engine, 3)
    app = app_for(settings, view="tasks")
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(app, pilot, name, count=3)
        await pilot.press("space", "space", "space", "ctrl+e")
        await wait_for(pilot, lambda: on_screen(app, TaskFormModal), what="the task form")
        modal = screen_as(app, TaskFormModal)
        assert "and 2 more" in modal.heading
        field(modal, "amount").value = "7"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_screen(app, ProgressModal), what="a report per task")
        progress = screen_as(app, ProgressModal)
        await wait_for(pilot, lambda: progress.report is not None, what="the report")
        assert progress.report is not None and progress.report.done == 3
        assert {o.target.id for o in progress.report.outcomes} == set(tasks)
    for task, instance in zip(tasks, instances, strict=True):
        assert not task_exists(real_engine, task)
        assert variables(real_engine, instance)["amount"] == ("Long", 7)


async def test_from_a_task_to_its_instance_and_its_process(settings: Settings, real_engine: RunningEngine) -> None:
    from camtui.ui.screens.describe_view import DescribeScreen
    from camtui.ui.screens.instance_detail import InstanceDetailScreen

    name, [instance], _ = await start_form_tasks(real_engine)
    app = app_for(settings, view="tasks")
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(app, pilot, name)
        await pilot.press("i")
        await wait_for(pilot, lambda: on_screen(app, InstanceDetailScreen), what="the instance's detail, as :pi's")
        detail = screen_as(app, InstanceDetailScreen)
        assert detail.instance_id == instance
        await wait_for(pilot, lambda: instance in shown(detail.query_one("#header", Static)), what="its header")
        await pilot.press("escape", "p")
        await wait_for(pilot, lambda: on_screen(app, DescribeScreen), what="the process")
        assert screen_as(app, DescribeScreen).kind.name == "definitions"


async def test_the_filter_form_saves_a_query_that_opens_again(settings: Settings, real_engine: RunningEngine) -> None:
    from textual.widgets import OptionList

    from camtui.config import queries
    from camtui.ui.screens.task_filter import SavedQueryPicker, TaskFilterModal

    name, _, [task] = await start_form_tasks(real_engine)
    saved = unique("q")
    app = app_for(settings, view="tasks")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, TasksScreen) and bool(rows(app)), what="the tasks view")
        screen = screen_as(app, TasksScreen)
        await pilot.press("f")
        await wait_for(pilot, lambda: on_screen(app, TaskFilterModal), what="the filter form")
        form = screen_as(app, TaskFilterModal)
        form.query_one("#due_before", Input).value = "someday"
        form.query_one("#name_like", Input).value = name
        form.query_one("#save_as", Input).value = saved
        await pilot.press("ctrl+s")
        error = form.query_one("#form-error", Static)
        await wait_for(pilot, lambda: "Due before" in shown(error), what="the wrong field named")
        form.query_one("#due_before", Input).value = ""
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: [t.id for t in screen.items] == [task], what="the filtered list")
        await pilot.press("4")
        await wait_for(pilot, lambda: len(screen.items) > 1, what="all tasks again")
        await pilot.press("o")
        await wait_for(pilot, lambda: on_screen(app, SavedQueryPicker), what="the saved queries")
        picker = screen_as(app, SavedQueryPicker).query_one(OptionList)
        picker.highlighted = [str(picker.get_option_at_index(i).prompt) for i in range(picker.option_count)].index(
            saved
        )
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: [t.id for t in screen.items] == [task],
            what=f"the saved query again: {app.screen}, {app.focused}, {screen.query_filter}",
        )
    assert queries.load("tasks", saved, type(screen.query_filter)).name_like == name
