"""Regenerate screenshots/*.svg by driving the console against a local engine with demo data.

.venv/bin/python scripts/screenshots.py            # starts (and stops) its own engine
CAMTUI_TEST_ENGINE_URL=... .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.engine import engine_url  # noqa: E402
from camtui.api.connection import AuthKind  # noqa: E402
from camtui.config.profiles import Profile  # noqa: E402
from camtui.config.settings import Settings  # noqa: E402
from camtui.console import console_app  # noqa: E402
from camtui.ui.app import CamtuiApp  # noqa: E402
from camtui.ui.screens.list_view import ListView  # noqa: E402

OUT = ROOT / "screenshots"
SIZE = (160, 45)


async def until(pilot: object, condition: object, seconds: float = 30) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():  # type: ignore[operator]
        if loop.time() > deadline:
            raise TimeoutError("screen did not settle")
        await pilot.pause(0.05)  # type: ignore[attr-defined]


def table_rows(app: CamtuiApp) -> int:
    from textual.widgets import DataTable

    tables = app.screen.query(DataTable)
    return tables.first().row_count if tables else 0


async def shoot(url: str) -> list[Path]:
    from camtui.ui.screens.deployment_detail import DeploymentDetailScreen
    from camtui.ui.screens.plan_dialog import PlanModal
    from camtui.ui.screens.resource_view import ResourceScreen

    os.environ["CAMTUI_LOCAL_PASSWORD"] = "demo"
    settings = Settings(
        default_profile="local",
        profiles={"local": Profile(name="local", url=url, auth=AuthKind.BASIC, username="demo", colour="orange1")},
    )
    app = console_app(settings)
    shots: list[Path] = []

    def save(name: str) -> None:
        shots.append(Path(app.save_screenshot(filename=f"{name}.svg", path=str(OUT))))

    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: table_rows(app) > 0 and app.screen.query_one(".paged-summary").content)
        await pilot.press("slash", *"o", "escape")  # settle focus on the table
        await until(pilot, lambda: table_rows(app) > 0)
        # the RES column fills in after the first paint
        await until(pilot, lambda: len(getattr(app.screen, "resource_counts", {})) >= table_rows(app))
        save("deployments")
        await pilot.press("slash", *"order fulfilment", "enter", "enter")
        await until(pilot, lambda: isinstance(app.screen, DeploymentDetailScreen) and table_rows(app) == 3)
        save("deployment-detail")
        from textual.widgets import DataTable

        resources = app.screen.query_one("#resources", DataTable)
        names = [str(resources.get_row_at(i)[0]).strip() for i in range(resources.row_count)]
        resources.move_cursor(row=names.index("order-fulfilment.bpmn"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ResourceScreen) and app.screen.content is not None)
        save("resource-bpmn")
        await pilot.press("o")
        await pilot.pause()
        save("resource-outline")
        await pilot.press("escape", "escape")
        await until(pilot, lambda: table_rows(app) > 0 and not isinstance(app.screen, DeploymentDetailScreen))
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, PlanModal))
        await pilot.pause()
        save("delete-deployment")
        await pilot.press("escape", "escape", "colon", *"pd", "enter")
        await until(
            pilot,
            lambda: isinstance(app.screen, ListView) and app.screen.kind.name == "definitions" and table_rows(app) > 0,
        )
        save("definitions")
        await pilot.press("question_mark")
        await pilot.pause()
        save("keys")
        await diagrams(app, pilot, save)
        await pilot.press("escape")
        await failing_payments(url)
        from camtui.ui.screens.incidents import IncidentGroupsScreen

        await pilot.press("colon", *"inc", "enter")
        await until(pilot, lambda: isinstance(app.screen, ListView) and table_rows(app) > 0)
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, IncidentGroupsScreen) and app.screen.grouping is not None)
        await pilot.pause()
        save("incidents-grouped")
        await job_detail(app, pilot, save)
        await issue12_shots(app, pilot, save)
        await pilot.press("escape")
        await shoot_instances(app, pilot, save, url)
    return shots


async def diagrams(app: CamtuiApp, pilot: object, save: object) -> None:
    """`v` on the failing payment's definition (counts, its incident) and on its instance."""
    from camtui.ui.screens.diagram_view import DiagramScreen

    def drawn() -> bool:
        return isinstance(app.screen, DiagramScreen) and app.screen.rendered is not None

    press = pilot.press  # type: ignore[attr-defined]
    await press("escape", "slash", *"camtui_payment", "enter")
    await until(pilot, lambda: table_rows(app) == 1)
    await press("v")
    await until(pilot, drawn)
    # the start event selected: the failing task keeps its own colours
    await press("tab")
    await pilot.pause()  # type: ignore[attr-defined]
    save("diagram-definition")  # type: ignore[operator]
    await press("escape", "escape", "colon", *"pi", "enter")
    await until(pilot, lambda: isinstance(app.screen, ListView) and app.screen.kind.name == "instances")
    await until(pilot, lambda: table_rows(app) > 0)
    await press("slash", *"PAY-4001", "enter")
    await until(pilot, lambda: table_rows(app) == 1)
    await press("v")
    await until(pilot, drawn)
    await press("tab")
    await pilot.pause()  # type: ignore[attr-defined]
    save("diagram-instance")  # type: ignore[operator]


# a service task that fails in two ways: a bean nobody deployed, or a card number too short
SHIPPING = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_shots" targetNamespace="http://camtui.shots">
  <bpmn:process id="camtui_shipping" name="Shipping" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="book_carrier"/>
    <bpmn:serviceTask id="book_carrier" name="Book carrier" camunda:asyncBefore="true"
        camunda:expression="${carrier == 'dhl' ? dhlClient.book() : card.substring(16)}"/>
    <bpmn:sequenceFlow id="f2" sourceRef="book_carrier" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


async def failing_payments(url: str) -> None:
    """A dozen incidents of two causes (messages that differ in numbers), so the grouped view has groups."""
    from camtui.api import connect
    from camtui.api.models import IncidentFilter, NewDeployment, VariableValue

    connection = Profile(name="local", url=url, auth=AuthKind.BASIC, username="demo").connection("demo")
    async with connect(connection) as engine:
        await engine.deployments.create(NewDeployment(name="shipping", files=(("shipping.bpmn", SHIPPING.encode()),)))
        for n in range(12):
            carrier = "dhl" if n % 3 else "ups"
            variables = {"carrier": VariableValue(value=carrier), "card": VariableValue(value="4" * (n + 4))}
            await engine.definitions.start(bpmn_process_id="camtui_shipping", variables=variables)
        deadline = asyncio.get_running_loop().time() + 60
        query = IncidentFilter(bpmn_process_ids=("camtui_shipping",))
        while (await engine.incidents.list(query, limit=1)).total != 12:
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("the shipping incidents did not appear")
            await asyncio.sleep(0.3)


async def job_detail(app: CamtuiApp, pilot: object, save: object) -> None:
    """`enter` on a failed job in `:jobs`: the generic detail (labels, times in words, the job's
    own actions in the footer)."""
    from textual.widgets import Static

    from camtui.ui.screens.describe_view import DescribeScreen

    def loaded() -> bool:
        screen = app.screen
        return isinstance(screen, DescribeScreen) and str(screen.query_one("#content", Static).content) != "loading…"

    await pilot.press("escape", "colon", *"jobs", "enter")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, ListView) and app.screen.kind.name == "jobs" and table_rows(app))
    await pilot.press("slash", *"book", "enter", "enter")  # type: ignore[attr-defined]
    await until(pilot, loaded)
    await pilot.pause()  # type: ignore[attr-defined]
    save("job-detail")  # type: ignore[operator]
    await pilot.press("escape")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, ListView))


async def issue12_shots(app: CamtuiApp, pilot: object, save: object) -> None:
    """The task form (the demo's Camunda Form), the authorization matrix and the explainer."""
    from camtui.ui.screens.auth_matrix import AuthMatrixScreen
    from camtui.ui.screens.explain import ExplainModal
    from camtui.ui.widgets.task_form import TaskFormModal

    press = pilot.press  # type: ignore[attr-defined]
    await press("escape", "colon", *"ut", "enter")
    await until(pilot, lambda: isinstance(app.screen, ListView) and app.screen.kind.name == "tasks" and table_rows(app))
    await press("slash", *"Approve invoice", "enter", "ctrl+e")
    await until(pilot, lambda: isinstance(app.screen, TaskFormModal) and app.screen.focused is not None)
    await press(*"1250.00", "tab", "space")
    await pilot.pause()  # type: ignore[attr-defined]
    save("task-form")  # type: ignore[operator]
    await press("escape", "escape", "escape", "colon", *"auth", "enter")
    await until(pilot, lambda: isinstance(app.screen, ListView) and table_rows(app) > 0)
    await press("m")
    await until(pilot, lambda: isinstance(app.screen, AuthMatrixScreen))
    matrix = app.screen
    assert isinstance(matrix, AuthMatrixScreen)
    while matrix.resource_type != "PROCESS_DEFINITION":
        await press("right_square_bracket")
    await until(pilot, lambda: matrix.matrix is not None and matrix.matrix.resource_type == "PROCESS_DEFINITION")
    save("authorization-matrix")  # type: ignore[operator]
    await press("x")
    await until(pilot, lambda: isinstance(app.screen, ExplainModal))
    await until(pilot, lambda: app.screen.focused is not None)
    await press(*"mary", "tab", *"READ", "tab", *"PROCESS_DEFINITION", "tab", "backspace", *"camtui_invoice", "ctrl+s")
    await until(pilot, lambda: "decided by" in str(app.screen.query_one("#answer").content))
    save("explain")  # type: ignore[operator]


async def shoot_instances(app: CamtuiApp, pilot: object, save: object, url: str) -> None:
    """Issue 10: the instance search (a saved query), the instance detail and a running batch."""
    import httpx

    from camtui.ui.screens.instance_detail import InstanceDetailScreen

    # a batch held at its start (suspended), over instances made for it, so it shows progress to come
    async with httpx.AsyncClient(auth=("demo", "demo"), base_url=url) as client:
        ids = []
        for n in range(40):
            started = await client.post(
                "/process-definition/key/camtui_invoice/start", json={"businessKey": f"INV-BATCH-{n:02}"}
            )
            ids.append(started.raise_for_status().json()["id"])
        for _ in range(5):
            batch = (await client.post("/process-instance/delete", json={"processInstanceIds": ids})).json()
            if (await client.put(f"/batch/{batch['id']}/suspended", json={"suspended": True})).status_code == 204:
                break
    await pilot.press("colon", *"pi", "enter")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, ListView) and table_rows(app) > 0)
    await pilot.press("slash", *"PAY", "enter")  # type: ignore[attr-defined]
    await until(pilot, lambda: table_rows(app) == 1)
    save("instance-search")  # type: ignore[operator]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, InstanceDetailScreen)
            and "incident" in str(app.screen.query_one("#activities").render())
        ),
    )
    await pilot.pause()  # type: ignore[attr-defined]
    save("instance-detail")  # type: ignore[operator]
    await pilot.press("escape", "escape", "colon", *"batch", "enter")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, ListView) and table_rows(app) > 0)
    save("batches")  # type: ignore[operator]
    await shoot_search_form(app, pilot, save, url)


async def shoot_search_form(app: CamtuiApp, pilot: object, save: object, url: str) -> None:
    """Issue 10: the `:pi` search form (f) over history, and the cancelled instances it finds."""
    import httpx
    from textual.widgets import Input, Select

    from camtui.ui.screens.instance_filter import InstanceFilterModal

    async with httpx.AsyncClient(auth=("demo", "demo"), base_url=url) as client:
        for n in range(3):
            amount = {"value": 100 * (n + 1), "type": "Long"}
            started = await client.post(
                "/process-definition/key/camtui_invoice/start",
                json={"businessKey": f"INV-GONE-{n}", "variables": {"amount": amount}},
            )
            (await client.delete(f"/process-instance/{started.raise_for_status().json()['id']}")).raise_for_status()
    await pilot.press("escape", "colon", *"pi", "enter")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, ListView) and table_rows(app) > 0)
    await pilot.press("f")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, InstanceFilterModal))
    form = app.screen
    form.query_one("#bpmn_process_id", Input).value = "camtui_invoice"
    form.query_one("#state", Select).value = "cancelled"
    form.query_one("#started_after", Input).value = "today"
    form.query_one("#variables", Input).value = "amount > 150"
    await pilot.pause()  # type: ignore[attr-defined]
    save("instance-search-form")  # type: ignore[operator]
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, ListView) and table_rows(app) == 2)
    save("instances-cancelled")  # type: ignore[operator]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with engine_url() as (url, _):
        for path in asyncio.run(shoot(url)):
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
