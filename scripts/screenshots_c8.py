"""Regenerate screenshots/c8-*.svg: the console on a Camunda 8 profile, against the fake Orchestration
Cluster of the tests (it needs the spec beside the repository, as the tests do).

.venv/bin/python scripts/screenshots_c8.py
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from camtui.api.models import EngineKind  # noqa: E402
from camtui.config.profiles import Profile  # noqa: E402
from camtui.config.settings import Settings  # noqa: E402
from camtui.console import console_app  # noqa: E402
from camtui.ui.app import CamtuiApp  # noqa: E402
from camtui.ui.screens.list_view import ListView  # noqa: E402
from scripts.screenshots import OUT, SIZE, table_rows, until  # noqa: E402
from tests.c8.fake_cluster import FakeCluster  # noqa: E402
from tests.c8.test_console import seeded  # noqa: E402


async def shoot(cluster: FakeCluster) -> list[Path]:
    url = cluster.url
    profile = Profile(name="saas-eu", url=url, engine=EngineKind.C8, colour="magenta")
    app = console_app(Settings(default_profile="saas-eu", profiles={"saas-eu": profile}))
    shots: list[Path] = []
    async with app.run_test(size=SIZE) as pilot:
        # the footer's keys too: the first list paints before its footer has them
        await until(pilot, lambda: table_rows(app) > 0 and any(k.region.width for k in app.screen.query("FooterKey")))
        shots.append(Path(app.save_screenshot(filename="c8-instances.svg", path=str(OUT))))
        await pilot.press("colon", *"incidents", "enter")
        await until(
            pilot,
            lambda: isinstance(app.screen, ListView) and app.screen.kind.name == "incidents" and table_rows(app) > 0,
        )
        shots.append(Path(app.save_screenshot(filename="c8-incidents.svg", path=str(OUT))))
        # issue 13: Camunda 8 only views (the batch cancels the payment, so after the incidents)
        await asyncio.to_thread(more, cluster)
        for view, name in (("batches", "c8-batches.svg"), ("roles", "c8-roles.svg"), ("topology", "c8-topology.svg")):
            await pilot.press("colon", *view, "enter")
            await until(pilot, lambda v=view: shown(app, v))
            shots.append(Path(app.save_screenshot(filename=name, path=str(OUT))))
    return shots


def shown(app: CamtuiApp, kind: str) -> bool:
    screen = app.screen
    # `:batches` opens Camunda 8's batch operations (the kind's own name is batch-operations)
    return isinstance(screen, ListView) and kind in (screen.kind.name, *screen.kind.aliases) and table_rows(app) > 0


def more(cluster: FakeCluster) -> None:
    """A finished batch and a role with members, through the cluster's own API."""
    import httpx

    for method, path, body in (
        ("POST", "/process-instances/cancellation", {"filter": {"processDefinitionId": "payment"}}),
        ("POST", "/roles", {"roleId": "operators", "name": "Operators", "description": "on call this week"}),
        ("PUT", "/roles/operators/users/mary", None),
        ("POST", "/roles", {"roleId": "auditors", "name": "Auditors", "description": "read-only access"}),
    ):
        httpx.request(method, cluster.url + path, json=body).raise_for_status()


def main() -> None:
    with FakeCluster() as cluster:
        seeded(cluster)
        for path in asyncio.run(shoot(cluster)):
            print(path.relative_to(ROOT))
        if cluster.violations:
            raise SystemExit("\n".join(cluster.violations))


if __name__ == "__main__":
    main()
