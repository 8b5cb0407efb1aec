"""Start-up: process start to the first painted list, against two bare Textual apps.

- `bare`: a bare Textual app painting a 100-row table (the floor of any Textual app);
- `bare_fetch`: the same app that first fetches the same page from the engine with httpx (the
  floor of the work itself: what camtui should cost, at most 1.05x);
- `stack_floor`: the fetching app as camtui fetches (no CA store for plain http) with the answer
  made into pydantic models: what httpx and pydantic cost before any camtui code;
- `camtui`: the console on a profile for the engine, until its first list is painted.

Each runs as its own process (headless, same Python), exits at its first paint, in turns; the
ratio of medians cancels the machine's speed. Measured at 0 ms and at 50 ms round trip (a
delaying loopback proxy), where sequential requests cost most.
"""

from __future__ import annotations

from pathlib import Path

from bench.common import DEPLOYMENT_MODEL, PYTHON, clean_env, paired
from bench.latency import delayed

BARE_APP = """
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App[None]):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("a", "b", "c")
        table.add_rows([(str(i), "x", "y") for i in range(100)])
        self.call_after_refresh(self.exit)

Bare().run(headless=True)
print("painted")
"""

BARE_FETCH_APP = """
import asyncio, os
import httpx
from textual.app import App
from textual.widgets import DataTable, Footer, Header

URL = os.environ["BENCH_URL"]

class BareFetch(App[None]):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    async def on_mount(self):
        async with httpx.AsyncClient(auth=("demo", "demo")) as client:
            rows, count = await asyncio.gather(
                client.get(f"{URL}/deployment", params={"firstResult": 0, "maxResults": 100}),
                client.get(f"{URL}/deployment/count"),
            )
        table = self.query_one(DataTable)
        table.add_columns("name", "id", "time")
        table.add_rows([(d["name"], d["id"], d["deploymentTime"]) for d in rows.json()])
        self.call_after_refresh(self.exit)

BareFetch().run(headless=True)
print("painted")
"""

# the least a console on camtui's stack can cost: the bare fetching app as camtui fetches (httpx
# without its CLI, no CA store for a plain-http URL, the page and its count at once) with the
# answer made into pydantic models like camtui's; no camtui code, no settings, no screens of its own
STACK_FLOOR_APP = (
    """
import sys
sys.modules["httpx._main"] = None
import asyncio, os
import httpx
from textual.app import App
from textual.widgets import DataTable, Footer, Header
"""
    + DEPLOYMENT_MODEL
    + """
URL = os.environ["BENCH_URL"]

class StackFloor(App[None]):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    async def on_mount(self):
        async with httpx.AsyncClient(auth=("demo", "demo"), verify=URL.startswith("https:")) as client:
            rows, count = await asyncio.gather(
                client.get(f"{URL}/deployment", params={"firstResult": 0, "maxResults": 100}),
                client.get(f"{URL}/deployment/count"),
            )
        items = deployments(rows.json())
        table = self.query_one(DataTable)
        table.add_columns("name", "id", "time")
        table.add_rows([(d.name, d.id, str(d.deployment_time)) for d in items])
        self.call_after_refresh(self.exit)

StackFloor().run(headless=True)
print("painted")
"""
)

# the path the `camtui` command takes (camtui.cli:entry: without httpx's CLI, run_console, then
# finish), headless
CAMTUI_APP = """
from camtui.cli import finish, without_httpx_cli
without_httpx_cli()
from camtui.commands.common import settings
from camtui.console import run_console
app = run_console(settings(), headless=True)
print("painted" if app.first_paint_ms else "no list")
finish(0)
"""


def run(url: str, tmp: Path, rounds: int = 7, rtts: tuple[float, ...] = (0, 50)) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    for rtt in rtts:
        with delayed(url, rtt) as reached:
            config = tmp / f"startup-{rtt:g}.toml"
            config.write_text(f'[profiles.bench]\nurl = "{reached}"\nauth = "basic"\nusername = "demo"\n')
            env = clean_env(
                {
                    "CAMTUI_CONFIG_FILE": str(config),
                    "CAMTUI_BENCH_PASSWORD": "demo",
                    "CAMTUI_EXIT_AFTER_FIRST_PAINT": "1",
                    "CAMTUI_LOG_FILE": str(tmp / "camtui.log"),
                    "CAMTUI_STATE_DIR": str(tmp / "state"),
                    "BENCH_URL": reached,
                }
            )
            ms = paired(
                {
                    "bare": [PYTHON, "-c", BARE_APP],
                    "bare_fetch": [PYTHON, "-c", BARE_FETCH_APP],
                    "stack_floor": [PYTHON, "-c", STACK_FLOOR_APP],
                    "camtui": [PYTHON, "-c", CAMTUI_APP],
                },
                env,
                rounds,
                expect="painted",
            )
        results[f"rtt_{rtt:g}ms"] = {
            **{f"{name}_ms": round(value, 1) for name, value in ms.items()},
            "ratio_vs_bare": round(ms["camtui"] / ms["bare"], 3),
            "ratio_vs_bare_fetch": round(ms["camtui"] / ms["bare_fetch"], 3),
            "ratio_vs_stack_floor": round(ms["camtui"] / ms["stack_floor"], 3),
            "stack_floor_ratio_vs_bare": round(ms["stack_floor"] / ms["bare"], 3),
        }
    return results
