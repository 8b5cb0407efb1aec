"""Start-up: process start to the first painted deployments list, against a bare Textual app.

Both run as subprocesses in the same way (headless, same Python) and exit at their first paint;
the result is the ratio of the medians, so the machine's speed cancels out.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

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
"""

CAMTUI_APP = """
import os
from camtui.config.settings import load_settings
from camtui.console import console_app
console_app(load_settings()).run(headless=True)
"""


def timed(code: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, timeout=120)
    return (time.perf_counter() - started) * 1000


def run(url: str, tmp: Path, rounds: int = 7) -> dict[str, float]:
    config = tmp / "config.toml"
    config.write_text(f'[profiles.bench]\nurl = "{url}"\nauth = "basic"\nusername = "demo"\n')
    env = {
        **os.environ,
        "CAMTUI_CONFIG_FILE": str(config),
        "CAMTUI_BENCH_PASSWORD": "demo",
        "CAMTUI_EXIT_AFTER_FIRST_PAINT": "1",
        "CAMTUI_LOG_FILE": str(tmp / "camtui.log"),
    }
    bare = [timed(BARE_APP, env) for _ in range(rounds)]
    camtui = [timed(CAMTUI_APP, env) for _ in range(rounds)]
    return {
        "bare_textual_ms": statistics.median(bare),
        "camtui_first_list_ms": statistics.median(camtui),
        "ratio": statistics.median(camtui) / statistics.median(bare),
    }
