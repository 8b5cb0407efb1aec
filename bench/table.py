"""Lists at 100k rows: a user paging down through all of them (the cursor moving, pages loading as
it goes), then filter keystrokes, a refresh, and `G` from the top of a fresh list. Reported: the
longest event-loop stall in each, the requests `G` needed, the most rows the DataTable held, and the
memory after the scroll against a bare Textual DataTable holding the same 100k rows.

Each side runs in its own process (memory is the process's own). A heartbeat timer ticks every
10 ms; the longest gap between ticks is the worst stall a user would feel as a frozen screen. On a
busy machine that gap also holds the time the process waited for a CPU, so each callback the event
loop runs is timed in CPU time as well (`*_worst_callback_cpu_ms`): what the code itself holds the
loop for, whatever else the machine is doing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROWS = 100_000

COMMON = """
import asyncio, json, resource, time
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
    # every callback the event loop runs, timed in this thread's CPU time
    worst_callback = 0.0
    _run = asyncio.events.Handle._run

    @staticmethod
    def timed_run(handle):
        started = time.thread_time()
        try:
            return Heartbeat._run(handle)
        finally:
            Heartbeat.worst_callback = max(Heartbeat.worst_callback, time.thread_time() - started)

    def __init__(self):
        asyncio.events.Handle._run = Heartbeat.timed_run
        self.reset()

    def cpu_ms(self):
        return round(Heartbeat.worst_callback * 1000, 1)

    def tick(self):
        now = time.perf_counter()
        gap = now - self.last
        self.worst = max(self.worst, gap)
        self.over_50ms += gap > 0.06  # a 10 ms tick late by more than 50 ms
        self.ticks += 1
        self.last = now
    def reset(self):
        Heartbeat.worst_callback = 0.0
        self.last = time.perf_counter()
        self.worst = 0.0
        self.over_50ms = 0
        self.ticks = 0

def page_through(table, rows, position, loading):
    # page down until the cursor is on the last of `rows` (waiting while the rows below load), at
    # the pace of a held key (about 50 a second)
    async def go():
        while position() < rows - 1:
            before = position()
            table.action_page_down()
            await asyncio.sleep(0.02)
            while position() == before and loading():
                await asyncio.sleep(0.005)
            if position() == before:
                await asyncio.sleep(0.005)
    return go()
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
        yield PagedTable(COLUMNS, fetch, key_of=lambda t: t.id, page_size=PAGE, seek=offset_token)

    def on_mount(self):
        # in a worker: a handler that ran for minutes would hold up every message to the app (and
        # the items in them), which no real screen does
        self.run_worker(self.scenario())

    async def scenario(self):
        beat = Heartbeat()
        self.set_interval(0.01, beat.tick)
        paged = self.query_one(PagedTable)
        table = paged.table
        out = {}
        async def settle(condition):
            while not condition():
                await asyncio.sleep(0.005)
        await settle(lambda: len(paged.items) > 0 and not paged.is_loading)

        # a user scrolling to the end: page down after page down, the cursor moving, pages
        # loading as it goes (the next one asked for while the cursor nears the last row)
        beat.reset()
        started = time.perf_counter()
        requests = paged.requests
        most_rows = 0
        def most():
            nonlocal most_rows
            most_rows = max(most_rows, table.row_count)
        self.set_interval(0.05, most)
        await page_through(table, ROWS, paged.current_position, lambda: paged.is_loading)
        await settle(lambda: not paged.is_loading)
        most()
        out["scroll_s"] = round(time.perf_counter() - started, 2)
        out["scroll_worst_stall_ms"] = round(beat.worst * 1000, 1)
        out["scroll_worst_callback_cpu_ms"] = beat.cpu_ms()
        out["scroll_stalls_over_50ms"] = beat.over_50ms
        out["scroll_ticks"] = beat.ticks
        out["scroll_requests"] = paged.requests - requests
        out["loaded"] = paged.current_position() + 1
        out["most_rows_in_datatable"] = most_rows
        out["rows_held_after_scroll"] = len(paged.items)
        out["rss_after_scroll_mb"] = round(rss_mb(), 1)

        # filter keystrokes (over the rows held) and a refresh, at the end of 100k rows
        beat.reset()
        for text in ("4", "42", "421", "42", "4", ""):
            paged.set_filter(text)
            await asyncio.sleep(0.05)
        out["filter_worst_stall_ms"] = round(beat.worst * 1000, 1)
        out["filter_worst_callback_cpu_ms"] = beat.cpu_ms()
        beat.reset()
        paged.reload()
        await settle(lambda: not paged.is_loading)
        await asyncio.sleep(0.05)
        out["refresh_worst_stall_ms"] = round(beat.worst * 1000, 1)
        out["refresh_worst_callback_cpu_ms"] = beat.cpu_ms()

        # G from the top of a fresh list: the requests and the time to the true last row
        paged.set_fetch(fetch)
        await settle(lambda: not paged.is_loading and paged.current_position() == 0)
        beat.reset()
        requests = paged.requests
        started = time.perf_counter()
        paged.cursor_bottom()
        await settle(lambda: paged.current_position() == ROWS - 1 and paged.current_item() is not None)
        await settle(lambda: not paged.is_loading)
        out["g_s"] = round(time.perf_counter() - started, 3)
        out["g_requests"] = paged.requests - requests
        out["g_worst_stall_ms"] = round(beat.worst * 1000, 1)
        out["g_worst_callback_cpu_ms"] = beat.cpu_ms()
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
        self.call_after_refresh(lambda: self.run_worker(self.done()))

    async def done(self):
        out = {"rss_mb": round(rss_mb(), 1)}
        # the same page-down scroll over its 100k rows, for the stalls a bare table shows on this
        # machine now (a busy machine stalls both)
        beat = Heartbeat()
        self.set_interval(0.01, beat.tick)
        table = self.query_one(DataTable)
        table.focus()
        await page_through(table, ROWS, lambda: table.cursor_row, lambda: False)
        out["scroll_worst_stall_ms"] = round(beat.worst * 1000, 1)
        out["scroll_worst_callback_cpu_ms"] = beat.cpu_ms()
        out["scroll_stalls_over_50ms"] = beat.over_50ms
        out["scroll_ticks"] = beat.ticks
        report(out)
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
        "bare_scroll_worst_stall_ms": bare["scroll_worst_stall_ms"],
        "bare_scroll_worst_callback_cpu_ms": bare["scroll_worst_callback_cpu_ms"],
        "bare_scroll_stalls_over_50ms": bare["scroll_stalls_over_50ms"],
        "bare_scroll_ticks": bare["scroll_ticks"],
        "memory_ratio": round(ours["rss_after_scroll_mb"] / bare["rss_mb"], 2),
    }
