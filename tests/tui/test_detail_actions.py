"""A detail does what its list does (review follow-up): enter on a user task or a batch opens a detail
that offers the list's actions on the same keys, shown first in its footer, run through the same
runner; afterwards the detail shows the item as the engine now has it, or, gone, the list again."""

from __future__ import annotations

import re
from typing import Any

import httpx
from textual.screen import Screen
from textual.widgets import Input, Static

from camtui.api import connect
from camtui.api.models import NewDeployment
from camtui.config.settings import Settings
from camtui.kinds.batches import DELETE as DELETE_BATCH
from camtui.kinds.batches import RESUME, SUSPEND
from camtui.kinds.tasks import ASSIGN, CLAIM, COMPLETE, UNCLAIM
from camtui.ui.screens.describe_view import DescribeScreen
from camtui.ui.screens.list_view import ListView
from camtui.ui.screens.plan_dialog import PlanModal
from camtui.ui.screens.task_detail import TaskDetailScreen
from camtui.ui.screens.tasks import TasksScreen
from camtui.ui.widgets.task_form import TaskFormModal
from tests.conftest import RunningEngine
from tests.engine.cli_runner import post
from tests.engine.helpers import bpmn, unique
from tests.engine.test_batches_cli import held_batch
from tests.tui.conftest import SIZE, app_for, on_screen, screen_as, wait_for
from tests.tui.test_console import rows, shown
from tests.tui.test_footer_keys import footer_shows, run
from tests.tui.test_tasks import field, open_tasks, start_form_tasks, task_exists


def content(detail: Screen[Any]) -> str:
    return shown(detail.query_one("#content", Static))


def detail_field(detail: Screen[Any], name: str) -> str | None:
    """The value a detail shows on its `name` line (`Assignee  demo` -> "demo"), None without one."""
    for line in content(detail).splitlines():
        found = re.match(rf"^{re.escape(name)} {{2,}}(\S.*?)\s*$", line)
        if found:
            return found.group(1)
    return None


def engine_get(real_engine: RunningEngine, path: str, **params: Any) -> Any:
    with httpx.Client(auth=("demo", "demo"), base_url=real_engine.url) as client:
        return client.get(path, params=params).raise_for_status().json()


async def test_a_tasks_detail_claims_assigns_and_completes_as_its_list_does(
    settings: Settings, real_engine: RunningEngine
) -> None:
    name, [instance], [task] = await start_form_tasks(real_engine)
    app = app_for(settings, view="tasks")
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(app, pilot, name)
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, TaskDetailScreen), what="the task's detail")
        detail = screen_as(app, TaskDetailScreen)
        await wait_for(pilot, lambda: detail_field(detail, "ID") == task, what="the task described")
        await pilot.pause()
        keys = footer_shows(app)
        assert keys[0] == run(CLAIM.id) and {run(UNCLAIM.id), run(ASSIGN.id), run(COMPLETE.id)} <= set(keys), keys

        await pilot.press("c")
        await wait_for(pilot, lambda: detail_field(detail, "Assignee") == "demo", what="claimed, and read again")
        assert engine_get(real_engine, f"/task/{task}")["assignee"] == "demo"

        # assign asks whom to, in its plan, as on the list
        await pilot.press("a")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        plan = screen_as(app, PlanModal)
        plan.query_one("#user", Input).value = "mary"
        await wait_for(pilot, lambda: "to mary" in plan.plan.title, what="replanned for mary")
        await pilot.click("#go")
        await wait_for(
            pilot, lambda: app.screen is detail and detail_field(detail, "Assignee") == "mary", what="mary's"
        )
        assert engine_get(real_engine, f"/task/{task}")["assignee"] == "mary"

        await pilot.press("u")
        await wait_for(pilot, lambda: detail_field(detail, "Assignee") == "unassigned", what="unclaimed")
        assert engine_get(real_engine, f"/task/{task}")["assignee"] is None

        # complete through the task's form; the task is gone, so the list shows again, without it
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: on_screen(app, TaskFormModal), what="the task's form")
        field(screen_as(app, TaskFormModal), "amount").value = "42"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_screen(app, TasksScreen), what="back on the list")
        tasks = screen_as(app, TasksScreen)
        await wait_for(pilot, lambda: task not in [t.id for t in tasks.items], what="the list without it")
    assert not task_exists(real_engine, task)
    [variable] = engine_get(
        real_engine, "/history/variable-instance", processInstanceId=instance, variableName="amount"
    )
    assert variable["value"] == 42


async def test_a_batchs_detail_resumes_and_deletes_it_with_its_plan(
    settings: Settings, real_engine: RunningEngine
) -> None:
    key = unique("bd")
    async with connect(real_engine.connection()) as engine:
        await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
        ids = [(await engine.definitions.start(bpmn_process_id=key)).id for _ in range(6)]
    resumed, deleted = held_batch(real_engine, ids[:3]), held_batch(real_engine, ids[3:])
    app = app_for(settings, view="batches")

    async def open_batch(batch_id: str) -> DescribeScreen:
        await wait_for(pilot, lambda: on_screen(app, ListView), what="the batches")
        listing = screen_as(app, ListView)
        await wait_for(pilot, lambda: batch_id in [b.id for b in listing.items], what=batch_id)
        await pilot.press("slash", *batch_id, "enter")
        await wait_for(
            pilot,
            lambda: [b.id for b in listing.table.visible_items()] == [batch_id],
            what=f"only {batch_id}: {rows(app)}",
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, DescribeScreen), what="the batch's detail")
        detail = screen_as(app, DescribeScreen)
        await wait_for(pilot, lambda: detail_field(detail, "ID") == batch_id, what="the batch described")
        return detail

    async with app.run_test(size=SIZE) as pilot:
        detail = await open_batch(resumed)
        assert detail_field(detail, "Suspended") == "yes"
        await pilot.pause()
        keys = footer_shows(app)
        assert {run(SUSPEND.id), run(RESUME.id), run(DELETE_BATCH.id)} <= set(keys[:3]), keys

        await pilot.press("a")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        assert f"PUT {real_engine.url}/batch/{resumed}/suspended" in screen_as(app, PlanModal).plan.requests[0].curl()
        await pilot.click("#go")
        await wait_for(
            pilot, lambda: app.screen is detail and detail_field(detail, "Suspended") == "no", what="resumed"
        )
        running = engine_get(real_engine, "/batch/statistics", batchId=resumed)
        assert not running or running[0]["suspended"] is False, "resumed (or already done)"

        await pilot.press("escape", "escape")
        detail = await open_batch(deleted)
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        modal = screen_as(app, PlanModal)
        if modal.confirmation.level == "typed":
            modal.query_one("#typed", Input).value = modal.confirmation.word
        await pilot.click("#go")
        # deleted while running: its history says it ended
        await wait_for(
            pilot,
            lambda: app.screen is detail and detail_field(detail, "Finished") == "yes",
            what=f"ended: {app.screen} {content(detail)}",
        )
    assert engine_get(real_engine, "/batch/statistics", batchId=deleted) == []


async def test_a_jobs_and_an_external_tasks_detail_change_them_as_their_lists_do(
    settings: Settings, real_engine: RunningEngine
) -> None:
    from camtui.kinds.external_tasks import EXTERNAL_TASKS
    from camtui.kinds.jobs import JOBS
    from camtui.ui.screens.jobs import ExternalTasksView, JobsView
    from tests.engine.test_incident_repair import deploy, timer_process

    process_id = unique("dtimer")
    async with connect(real_engine.connection()) as engine:
        await deploy(engine, process_id, timer_process(process_id))  # type: ignore[arg-type]
        timer = await engine.definitions.start(bpmn_process_id=process_id)
        order = await engine.definitions.start(bpmn_process_id="camtui_order")
    [job] = engine_get(real_engine, "/job", processInstanceId=timer.id)
    [external] = engine_get(real_engine, "/external-task", processInstanceId=order.id)
    app = app_for(settings)

    async def open_detail(word: str, screen: type[ListView[Any]], item_id: str) -> DescribeScreen:
        await pilot.press("colon", *word, "enter")
        await wait_for(pilot, lambda: on_screen(app, screen), what=word)
        listing = screen_as(app, screen)
        await wait_for(pilot, lambda: item_id in [listing.kind.key_of(i) for i in listing.items], what=item_id)
        at = [listing.kind.key_of(i) for i in listing.items].index(item_id)
        await pilot.press(*["down"] * at)
        await wait_for(pilot, lambda: listing.table.current_item() == listing.items[at], what=f"on {item_id}")
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, DescribeScreen), what="the detail")
        detail = screen_as(app, DescribeScreen)
        await wait_for(pilot, lambda: detail_field(detail, "ID") == item_id, what="described")
        return detail

    async def change(detail: DescribeScreen, key: str, field: str, value: str) -> None:
        await pilot.press(key)
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        screen_as(app, PlanModal).query_one(f"#{field}", Input).value = value
        await wait_for(
            pilot, lambda: value in str(screen_as(app, PlanModal).plan.requests[0].json_body), what=f"for {value}"
        )
        await pilot.click("#go")

    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView), what="the first view")
        detail = await open_detail("jobs", JobsView, job["id"])
        assert detail.kind is JOBS
        await pilot.pause()
        assert footer_shows(app)[0].startswith("run('jobs."), footer_shows(app)
        await change(detail, "p", "priority", "7")
        await wait_for(
            pilot, lambda: app.screen is detail and detail_field(detail, "Priority") == "7", what="priority 7"
        )
        assert engine_get(real_engine, f"/job/{job['id']}")["priority"] == 7
        await pilot.press("escape")

        detail = await open_detail("ext", ExternalTasksView, external["id"])
        assert detail.kind is EXTERNAL_TASKS
        await change(detail, "r", "retries", "4")
        await wait_for(pilot, lambda: app.screen is detail and detail_field(detail, "Retries") == "4", what="retries 4")
        assert engine_get(real_engine, f"/external-task/{external['id']}")["retries"] == 4


async def test_an_incidents_detail_resolves_it_as_its_list_does(settings: Settings, real_engine: RunningEngine) -> None:
    from camtui.ui.screens.incidents import IncidentDetailScreen, IncidentsView

    async with connect(real_engine.connection()) as engine:
        instance = await engine.definitions.start(bpmn_process_id="camtui_invoice", business_key=unique("inc"))
    [execution] = engine_get(real_engine, "/execution", processInstanceId=instance.id)
    # with a configuration: the engine resolves a custom incident by it (without one, it answers 204 and keeps it)
    body = {"incidentType": "ops-review", "configuration": unique("ticket"), "message": "needs a look"}
    incident = post(real_engine, f"/execution/{execution['id']}/create-incident", body)
    app = app_for(settings, view="incidents")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, IncidentsView), what="the incidents")
        listing = screen_as(app, IncidentsView)
        await wait_for(pilot, lambda: incident["id"] in [i.id for i in listing.items], what="the new incident")
        at = [i.id for i in listing.items].index(incident["id"])
        await pilot.press(*["down"] * at)
        await wait_for(pilot, lambda: listing.table.current_item() == listing.items[at], what="on it")
        await pilot.press("d")
        await wait_for(pilot, lambda: on_screen(app, IncidentDetailScreen), what="its detail")
        detail = screen_as(app, IncidentDetailScreen)
        await wait_for(pilot, lambda: "needs a look" in content(detail), what="described")
        await pilot.pause()
        assert "resolve" in footer_shows(app)[:3], footer_shows(app)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        assert screen_as(app, PlanModal).plan.title == "Resolve 1 incident"
        await pilot.click("#go")
        # resolved: gone, so back on the list, shown again without it
        await wait_for(
            pilot,
            lambda: app.screen is listing,
            what=f"back on the list: {app.screen} {[str(n.message) for n in app._notifications]}",
        )
        await wait_for(pilot, lambda: incident["id"] not in [i.id for i in listing.items], what="the list without it")
    assert engine_get(real_engine, "/incident", processInstanceId=instance.id) == []


async def test_a_tasks_detail_reads_as_labels_times_and_a_variables_table(
    settings: Settings, real_engine: RunningEngine
) -> None:
    """The detail is not the CLI's YAML: aligned labels, the lists' time format, no `null`, the
    variables as a NAME TYPE VALUE table, and engine text shown as it is, never read as markup."""
    name, [instance], [task] = await start_form_tasks(real_engine)
    async with httpx.AsyncClient(auth=("demo", "demo"), base_url=real_engine.url) as client:
        for var, body in (("amount", {"value": 30.5, "type": "Double"}), ("note", {"value": "[bold]x[/] ok"})):
            (await client.put(f"/process-instance/{instance}/variables/{var}", json=body)).raise_for_status()
    app = app_for(settings, view="tasks")
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(app, pilot, name)
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, TaskDetailScreen), what="the task's detail")
        detail = screen_as(app, TaskDetailScreen)
        await wait_for(pilot, lambda: "Variables" in content(detail), what="the task with its variables")
        text = content(detail)
        assert detail_field(detail, "ID") == task and detail_field(detail, "Name") == name
        assert detail_field(detail, "Process instance") == instance
        assert detail_field(detail, "Assignee") == "unassigned"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(\d+[smhd]\)", detail_field(detail, "Created") or "")
        assert detail_field(detail, "Suspended") == "no"
        assert "null" not in text and "process_instance_id" not in text
        lines = text.splitlines()
        header = next(n for n, line in enumerate(lines) if line.split() == ["NAME", "TYPE", "VALUE"])
        table = {line.split()[0]: line.strip().split(None, 2)[1:] for line in lines[header + 1 : header + 3]}
        assert table == {"amount": ["Double", "30.5"], "note": ["String", "[bold]x[/] ok"]}, lines[header:]
