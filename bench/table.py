"""Lists at 100k rows: the longest event-loop stall while loading, filtering and refreshing, and
the memory a list holds, against a bare Textual DataTable with the same rows.

Each side runs in its own process (memory is the process's own). A heartbeat timer ticks every
10 ms; the longest gap between ticks is the worst stall a user would feel as a frozen screen.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROWS = 100_000

COMMON = """
import json, resource, time
from textual.app import App

ROWS = {rows}
OUT = {out!r}

def report(data):
    with open(OUT, "w") as f:
        json.dump(data, f)

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6

class Heartbeat:
    def __init__(self):
        self.last = time.perf_counter()
        self.worst = 0.0
    def tick(self):
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now
    def reset(self):
        self.last = time.perf_counter()
        self.worst = 0.0
"""

CAMTUI_SIDE = """
import asyncio
from pydantic import BaseModel, ConfigDict
from camtui.api.paging import Page, offset_token, read_offset_token
from camtui.kinds.base import Column, Priority
from camtui.ui.widgets.paged_table import PagedTable

class Thing(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str
    name: str
    tenant: str

def thing(n):
    return Thing(id=f"{n:08x}-0000-4000-8000-{n:012x}", name=f"item-{n:06d}", tenant="acme")

COLUMNS = (
    Column("name", "NAME", lambda t: t.name, 28, 12, Priority.ALWAYS, grow=True),
    Column("id", "ID", lambda t: t.id, 36, 13, Priority.HIGH, shorten="middle"),
    Column("tenant", "TENANT", lambda t: t.tenant, 10, 6, Priority.NORMAL),
)
from camtui.ui.screens.list_view import PAGE_SIZE as PAGE  # what the console pages by

async def fetch(after, limit):
    start = read_offset_token(after)
    items = tuple(thing(n) for n in range(start, min(start + limit, ROWS)))
    end = start + len(items)
    return Page(items=items, total=ROWS, next=offset_token(end) if end < ROWS else None)

class Bench(App[None]):
    def compose(self):
        yield PagedTable(COLUMNS, fetch, key_of=lambda t: t.id, page_size=PAGE)

    async def on_mount(self):
        beat = Heartbeat()
        self.set_interval(0.01, beat.tick)
        table = self.query_one(PagedTable)
        out = {}
        async def settle(condition):
            while not condition():
                await asyncio.sleep(0.01)
        await settle(lambda: len(table.items) > 0 and not table.is_loading)
        beat.reset()
        started = time.perf_counter()
        while table.has_more:
            table.load_next()
            await settle(lambda: not table.is_loading)
        out["load_s"] = round(time.perf_counter() - started, 2)
        out["load_worst_stall_ms"] = round(beat.worst * 1000, 1)
        out["loaded"] = len(table.items)
        out["rss_after_load_mb"] = round(rss_mb(), 1)
        beat.reset()
        for text in ("4", "42", "421", "42", "4", ""):
            table.set_filter(text)
            await asyncio.sleep(0.05)
        out["filter_worst_stall_ms"] = round(beat.worst * 1000, 1)
        beat.reset()
        table.cursor_bottom()
        await asyncio.sleep(0.1)
        table.reload()
        await settle(lambda: not table.is_loading)
        out["refresh_worst_stall_ms"] = round(beat.worst * 1000, 1)
        out["kept_after_refresh"] = len(table.items)
        out["rss_mb"] = round(rss_mb(), 1)
        report(out)
        self.exit()

Bench().run(headless=True)
"""

BARE_SIDE = """
from textual.widgets import DataTable

class Bare(App[None]):
    def compose(self):
        yield DataTable()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("name", "id", "tenant")
        table.add_rows(
            (f"item-{n:06d}", f"{n:08x}-0000-4000-8000-{n:012x}", "acme") for n in range(ROWS)
        )
        self.call_after_refresh(self.done)

    def done(self):
        report({"rss_mb": round(rss_mb(), 1)})
        self.exit()

Bare().run(headless=True)
"""


def side(code: str, rows: int) -> dict[str, float]:
    # a Textual app owns stdout while it runs: the result comes back in a file
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        done = subprocess.run(
            [sys.executable, "-c", COMMON.format(rows=rows, out=str(out)) + code],
            capture_output=True,
            text=True,
            timeout=900,
        )
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"table bench failed ({done.returncode}): {done.stderr[-2000:]}")
        result: dict[str, float] = json.loads(out.read_text())
    return result


def run(rows: int = ROWS) -> dict[str, float]:
    ours = side(CAMTUI_SIDE, rows)
    bare = side(BARE_SIDE, rows)
    return {
        **ours,
        "bare_datatable_rss_mb": bare["rss_mb"],
        "memory_ratio": round(ours["rss_after_load_mb"] / bare["rss_mb"], 2),
    }
