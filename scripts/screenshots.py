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
        await pilot.press("escape")
        await shoot_instances(app, pilot, save, url)
    return shots


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


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with engine_url() as url:
        for path in asyncio.run(shoot(url)):
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
