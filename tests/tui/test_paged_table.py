"""PagedTable on its own: a tiny app over 1,000 in-memory items, paged with offset tokens. No engine."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict
from textual import on
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._data_table import ColumnKey

from camtui.api.paging import Page, next_offset, offset_token, read_offset_token, wants_total
from camtui.kinds.base import Column, Priority
from camtui.ui.widgets.paged_table import FILTER_FETCH_LIMIT, KEEP_ROWS, WINDOW, PagedTable
from tests.tui.conftest import wait_for

SIZE = (80, 24)


class Thing(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    source: str = "camtui-test"
    tenant: str = "acme"
    time: str = "2026-11-23 21:04:10 (5m)"


def thing(n: int) -> Thing:
    return Thing(id=f"{n:08x}-0000-4000-8000-{n:012x}", name=f"item-{n:04d}")


def things(count: int) -> list[Thing]:
    return [thing(n) for n in range(count)]


# like deployments: a growing name, a long id cut in the middle, low-priority extras
COLUMNS: tuple[Column[Thing], ...] = (
    Column("name", "NAME", lambda t: t.name, 28, 12, Priority.ALWAYS, grow=True),
    Column("id", "ID", lambda t: t.id, 36, 13, Priority.HIGH, shorten="middle"),
    Column("source", "SOURCE", lambda t: t.source, 16, 8, Priority.LOW),
    Column("tenant", "TENANT", lambda t: t.tenant, 10, 6, Priority.NORMAL),
    Column("time", "DEPLOYED", lambda t: t.time, 28, 19, Priority.NORMAL),
    Column("resources", "RES", lambda t: "3", 4, 3, Priority.LOW),
)


class Source:
    """Offset paging over a list, as the C7 service layer pages; remembers every token it was asked for."""

    def __init__(self, items: list[Thing]) -> None:
        self.items = items
        self.calls: list[str | None] = []
        self.error: Exception | None = None
        # while set and not open, a fetch waits for it (a slow engine)
        self.gate: asyncio.Event | None = None

    async def fetch(self, after: str | None, limit: int) -> Page[Thing]:
        self.calls.append(after)
        if self.gate is not None:
            await self.gate.wait()
        if self.error is not None:
            raise self.error
        offset = read_offset_token(after)
        chunk = self.items[offset : offset + limit]
        # counted with the first page only, as the C7 service layer does
        total = len(self.items) if wants_total(offset) else None
        return Page[Thing](items=tuple(chunk), total=total, next=next_offset(offset, len(chunk), limit, total))


class TableApp(App[None]):
    def __init__(
        self,
        source: Source,
        page_size: int = 50,
        columns: tuple[Column[Thing], ...] = COLUMNS,
        seek: Callable[[int], str] | None = None,
    ) -> None:
        super().__init__()
        self.seek = seek
        self.source = source
        self.page_size = page_size
        self.columns = columns
        self.loaded: list[PagedTable.PageLoaded] = []
        self.failed: list[BaseException] = []
        self.opened: list[Any] = []

    def compose(self) -> ComposeResult:
        yield PagedTable(
            self.columns, self.source.fetch, key_of=lambda t: t.id, page_size=self.page_size, seek=self.seek, id="paged"
        )

    @property
    def paged(self) -> PagedTable[Thing]:
        return self.query_one("#paged", PagedTable)

    @on(PagedTable.PageLoaded)
    def page_loaded(self, message: PagedTable.PageLoaded) -> None:
        self.loaded.append(message)

    @on(PagedTable.LoadFailed)
    def load_failed(self, message: PagedTable.LoadFailed) -> None:
        self.failed.append(message.error)

    @on(PagedTable.Opened)
    def opened_item(self, message: PagedTable.Opened) -> None:
        self.opened.append(message.item)


def summary(paged: PagedTable[Thing]) -> str:
    return str(paged.query_one(".paged-summary", Static).content)


def shown(paged: PagedTable[Thing]) -> list[str]:
    """The row keys in the table, top to bottom."""
    return [str(key.value) for key in paged.table.rows]


def last_row(paged: PagedTable[Thing]) -> None:
    """The cursor on the last row the table holds (as j held down gets there): the next page loads."""
    paged.table.move_cursor(row=paged.table.row_count - 1)


def mark_of(paged: PagedTable[Thing], key: str) -> str:
    return str(paged.table.get_cell(key, "_mark")).strip()


def cell(paged: PagedTable[Thing], key: str, column: str) -> str:
    return str(paged.table.get_cell(key, column))


async def loaded(pilot: Pilot[None], app: TableApp, count: int, what: str = "") -> None:
    await wait_for(pilot, lambda: len(app.loaded) >= count and not app.paged.is_loading, what=what or f"{count} loads")


async def first_page(pilot: Pilot[None], app: TableApp) -> PagedTable[Thing]:
    await loaded(pilot, app, 1, "the first page")
    return app.paged


async def test_first_page_then_the_next_as_the_cursor_nears_the_end() -> None:
    source = Source(things(1000))
    app = TableApp(source)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        assert source.calls == [None]
        assert paged.table.row_count == 50 and len(paged.items) == 50
        assert (paged.total, paged.total_exact, paged.has_more) == (1000, True, True)
        assert app.loaded[0].reset and app.loaded[0].items == source.items[:50]
        assert summary(paged) == "row 1 of 1,000 · 50 loaded · more below"

        # 15 rows from the end is not yet near it
        paged.table.move_cursor(row=50 - 16)
        await pilot.pause()
        assert source.calls == [None]
        paged.focus()
        await pilot.press("down")
        await loaded(pilot, app, 2, "the second page")
        assert source.calls == [None, "o50"]
        assert shown(paged) == [t.id for t in source.items[:100]]
        assert app.loaded[1].reset is False and app.loaded[1].items == source.items[50:100]
        assert paged.current_key() == source.items[35].id

        await pilot.press("enter")
        await wait_for(pilot, lambda: app.opened != [], what="Opened")
        assert app.opened == [source.items[35]]


async def test_marks_survive_reload_and_a_new_order_and_follow_fresh_items() -> None:
    items = things(1000)
    source = Source(items)
    app = TableApp(source)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        paged.table.move_cursor(row=2)
        paged.toggle_mark()
        assert paged.current_key() == items[3].id
        # page 3
        for pages in (2, 3):
            last_row(paged)
            await loaded(pilot, app, pages)
        assert len(paged.items) == 150
        paged.table.move_cursor(row=120)
        await pilot.pause()
        paged.toggle_mark()
        marked = [items[2].id, items[120].id]
        assert [t.id for t in paged.marked_items()] == marked
        assert paged.targets() == paged.marked_items()
        assert "2 marked" in summary(paged)

        paged.reload()
        await loaded(pilot, app, 4, "the reload")
        assert app.loaded[-1].reset
        assert [mark_of(paged, k) for k in marked] == ["✓", "✓"]
        assert [t.id for t in paged.marked_items()] == marked

        # another order: the marked items are not loaded, and still marked
        backwards = Source([t.model_copy() for t in reversed(items)])
        paged.set_fetch(backwards.fetch)
        await loaded(pilot, app, 5, "the reversed first page")
        assert paged.items[0].id == items[999].id and len(paged.items) == 50
        assert not set(marked) & set(shown(paged))
        assert [t.id for t in paged.marked_items()] == marked
        assert all(mark_of(paged, k) == "" for k in shown(paged))

        # and shown as marked when they are loaded again, the mark holding the fresh item
        again = Source([t.model_copy() for t in items])
        paged.set_fetch(again.fetch)
        await loaded(pilot, app, 6, "the first page again")
        assert mark_of(paged, items[2].id) == "✓"
        assert [mark_of(paged, t.id) for t in items[:5]] == ["", "", "✓", "", ""]
        assert paged.marked[items[2].id] is again.items[2]
        assert paged.marked[items[120].id] is items[120]
        assert paged.marked_items() == [again.items[2], items[120]]

        paged.clear_marks()
        assert paged.marked == {} and mark_of(paged, items[2].id) == ""
        paged.table.move_cursor(row=7)
        assert paged.targets() == [again.items[7]]


async def test_reload_keeps_the_cursor_on_its_item_and_the_scroll_offset() -> None:
    items = things(1000)
    source = Source(items)
    app = TableApp(source)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        last_row(paged)
        await loaded(pilot, app, 2)
        table = paged.table
        table.move_cursor(row=60)
        table.scroll_to(y=50, animate=False)
        await wait_for(pilot, lambda: table.scroll_y == 50, what="scrolled")

        paged.reload()
        await loaded(pilot, app, 3, "the reload")
        await wait_for(pilot, lambda: table.scroll_y == 50, what="the scroll offset back", seconds=5)
        assert paged.current_key() == items[60].id and table.cursor_row == 60
        # the pages the cursor covered were fetched again, not just the first
        assert source.calls[-2:] == [None, "o50"]

        # a new item at the top: the cursor follows its item one row down
        source.items = [thing(5000), *items]
        paged.reload()
        await loaded(pilot, app, 4, "the reload after an insert")
        assert paged.current_key() == items[60].id and table.cursor_row == 61
        await wait_for(pilot, lambda: abs(table.scroll_y - 50) <= 1, what="the scroll offset kept", seconds=5)

        # the item gone: the cursor stays on the same row
        source.items = [t for t in source.items if t.id != items[60].id]
        paged.reload()
        await loaded(pilot, app, 5, "the reload after a delete")
        assert table.cursor_row == 61 and paged.current_key() == items[61].id


async def test_the_total_is_counted_once_and_again_when_a_reload_further_down_may_have_moved_it() -> None:
    items = things(1000)
    source = Source(items)
    app = TableApp(source, page_size=100)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        for pages in range(2, 5):
            last_row(paged)
            await loaded(pilot, app, pages)
        # the later pages came without a total: the first page's stays
        assert source.calls == [None, "o100", "o200", "o300"]
        assert " of 1,000" in summary(paged)

        # 400 rows gone from the engine, the cursor far down: the reload fetches the pages the
        # window covers and asks the first page for the total the change moved
        paged.table.move_cursor(row=350)
        await pilot.pause()
        source.items = items[:600]
        asked = len(source.calls)
        paged.reload()
        await loaded(pilot, app, 5, "the reload")
        assert source.calls[-1] is None and "o300" in source.calls[asked:]
        await wait_for(pilot, lambda: " of 600" in summary(paged), what="the new total")

        # to the end: the total says page 6 is the last, so nothing past it is asked for
        paged.cursor_bottom()
        await wait_for(pilot, lambda: paged.current_key() == items[599].id, what="the last row", seconds=30)
        assert "o600" not in source.calls


async def test_the_filter_shows_matches_and_fetches_further_pages_for_them() -> None:
    items = things(1000)
    source = Source(items)
    app = TableApp(source)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        # the matches are on pages 19 and 20: it fetches until a screenful matches
        paged.set_filter("ITEM-09")
        await wait_for(pilot, lambda: paged.table.row_count == 50 and not paged.is_loading, what="50 matches")
        assert shown(paged) == [t.id for t in items[900:950]]
        assert source.calls == [None, *(f"o{n}" for n in range(50, 950, 50))]
        assert summary(paged) == "50 matches /ITEM-09 · in 950 loaded of 1,000 · more below"
        assert paged.current_key() == items[900].id
        # and, as without a filter, more as the cursor nears the end
        paged.cursor_bottom()
        await wait_for(pilot, lambda: paged.table.row_count == 100 and not paged.is_loading, what="100 matches")
        assert shown(paged) == [t.id for t in items[900:1000]]
        assert source.calls[-1] == "o950" and len(paged.items) == 1000
        assert summary(paged) == "100 matches /ITEM-09 · in 1,000 loaded of 1,000"

        # hidden cells do not match: at 50 columns the source column ("camtui-test") is left out
        await pilot.resize_terminal(50, 24)
        await wait_for(pilot, lambda: "source" not in paged.shown_column_keys, what="the source column gone")
        paged.set_filter("camtui-test")
        assert paged.table.row_count == 0 and "0 matches" in summary(paged)
        await pilot.resize_terminal(*SIZE)

        # a filter that matches everything puts a window of the matches in the table, no more
        paged.set_filter("")
        paged.cursor_top()
        paged.set_filter("item")
        assert paged.table.row_count == WINDOW and paged.window == (0, WINDOW)
        assert summary(paged).startswith("1,000 matches /item · in 1,000 loaded")
        paged.cursor_bottom()
        assert paged.current_key() == items[999].id and paged.window == (1000 - WINDOW, 1000)
        assert shown(paged) == [t.id for t in items[1000 - WINDOW :]]
        calls = len(source.calls)

        # no filter: the cursor on its item, the window around it
        paged.table.move_cursor(row=WINDOW - 50)
        assert paged.current_key() == items[950].id
        paged.set_filter("")
        assert paged.current_key() == items[950].id and paged.table.row_count <= WINDOW
        assert len(source.calls) == calls

        # a filter keeps the cursor on its item when it matches, however far down
        paged.set_filter("item-0")
        assert paged.table.row_count <= WINDOW and paged.current_key() == items[950].id


async def test_the_filter_looks_no_further_than_its_bound() -> None:
    source = Source(things(5000))
    app = TableApp(source, page_size=100)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        paged.set_filter("nothing like this")
        await wait_for(pilot, lambda: len(paged.items) >= FILTER_FETCH_LIMIT and not paged.is_loading, what="bound")
        for _ in range(5):
            await pilot.pause()
        assert len(paged.items) == FILTER_FETCH_LIMIT and len(source.calls) == FILTER_FETCH_LIMIT // 100
        assert paged.has_more and paged.table.row_count == 0


async def test_columns_fit_80_columns_sized_to_their_values_and_wide_mode_shows_them_whole() -> None:
    source = Source(things(1000))
    app = TableApp(source)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        table = paged.table
        # the names ("item-0000") take the 12 cells the column can do with, not the 28 it asks
        # for: every column fits
        assert paged.shown_column_keys == ["name", "id", "source", "tenant", "time", "resources"]
        assert table.columns[ColumnKey("name")].width == 12 + 1
        assert sum(c.width for c in table.columns.values()) <= 80 - 2
        first = source.items[0]
        assert cell(paged, first.id, "name").strip() == first.name
        short_id = cell(paged, first.id, "id").strip()
        assert "…" in short_id and short_id.startswith(first.id[:4]) and short_id.endswith(first.id[-4:])
        assert cell(paged, first.id, "time").strip() == "2026-11-23 21:04:1…"

        paged.table.move_cursor(row=7)
        paged.toggle_wide()
        await wait_for(pilot, lambda: cell(paged, first.id, "id").strip() == first.id, what="wide mode")
        assert cell(paged, first.id, "time").strip() == first.time
        assert paged.current_key() == source.items[7].id
        await wait_for(pilot, lambda: table.virtual_size.width > table.size.width, what="a table to scroll sideways")

        paged.toggle_wide()
        await wait_for(pilot, lambda: "…" in cell(paged, first.id, "id"), what="narrow again")
        await pilot.resize_terminal(160, 24)
        await wait_for(pilot, lambda: cell(paged, first.id, "id").strip() == first.id, what="ids whole at 160")
        assert cell(paged, first.id, "time").strip() == first.time
        assert sum(c.width for c in table.columns.values()) <= 160 - 2
        assert paged.current_key() == source.items[7].id

        # a wider value arriving widens its column
        source.items[0] = first.model_copy(update={"name": "a much longer name than the rest"})
        paged.reload()
        await wait_for(
            pilot, lambda: cell(paged, first.id, "name").strip() == "a much longer name than the rest", what="widened"
        )


async def test_a_failed_load_keeps_the_rows_and_says_so() -> None:
    source = Source(things(1000))
    app = TableApp(source)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        source.error = RuntimeError("engine down")
        paged.reload()
        await wait_for(pilot, lambda: app.failed != [], what="LoadFailed")
        assert app.failed == [source.error]
        assert paged.table.row_count == 50 and len(paged.items) == 50 and not paged.is_loading
        assert summary(paged).startswith("could not load: engine down (ctrl+r retries) · row 1 of 1,000 · 50 loaded")

        # the next page too
        last_row(paged)
        await wait_for(pilot, lambda: len(app.failed) == 2, what="the second LoadFailed")
        assert paged.table.row_count == 50 and paged.has_more

        source.error = None
        paged.cursor_top()
        paged.reload()
        await wait_for(pilot, lambda: "could not load" not in summary(paged) and not paged.is_loading, what="retry")
        assert paged.table.row_count == 50


async def test_engine_text_is_shown_as_text_never_obeyed() -> None:
    evil = Thing(id="evil", name="\x1b]0;pwned\x07[red]x[/red]", tenant="a\nb")
    source = Source([evil, *things(10)])
    app = TableApp(source)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        name = cell(paged, "evil", "name")
        assert "\x1b" not in name and "\x07" not in name
        # shown escaped and as text (or cut visibly where the column ends), markup not read
        escaped, visible = "\\x1b]0;pwned\\x07[red]x[/red]", name.strip()
        assert visible == escaped or (visible.endswith("…") and escaped.startswith(visible[:-1])), visible
        assert cell(paged, "evil", "tenant").strip() == "a\\x0ab"
        assert paged.has_more is False and summary(paged) == "row 1 of 11 · 11 loaded"


async def test_a_page_overlapping_the_last_keeps_each_item_once() -> None:
    items = things(200)
    source = Source(items)
    app = TableApp(source)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        # a new item at the top shifts offset paging by one: page 2 starts with item 49 again
        renamed = items[49].model_copy(update={"name": "renamed"})
        source.items = [thing(5000), *items[:49], renamed, *items[50:]]
        last_row(paged)
        await loaded(pilot, app, 2)
        assert [t.id for t in paged.items] == [t.id for t in items[:99]]
        assert shown(paged) == [t.id for t in items[:99]]
        assert paged.items[49] is renamed and cell(paged, renamed.id, "name").strip() == "renamed"


async def test_refresh_rows_redraws_cells_that_come_late() -> None:
    counts: dict[str, int] = {}
    columns = (COLUMNS[0], Column[Thing]("count", "N", lambda t: str(counts.get(t.id, "")), 4, 3, Priority.ALWAYS))
    source = Source(things(100))
    app = TableApp(source, columns=columns)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        first = source.items[0]
        assert cell(paged, first.id, "count").strip() == ""
        counts[first.id] = 4711
        paged.refresh_rows([first.id, "not loaded"])
        assert cell(paged, first.id, "count").strip() == "4711"
        paged.set_filter("4711")
        assert shown(paged) == [first.id]


# -- the window: what the DataTable holds follows the cursor ----------------------------------------


def loading_rows(paged: PagedTable[Thing]) -> int:
    return sum(1 for key in shown(paged) if key.startswith("\x00"))


async def step_down(pilot: Pilot[None], paged: PagedTable[Thing]) -> None:
    """One row down, as j does; on the last row there is, once the next rows have come."""
    table = paged.table
    if table.cursor_row == table.row_count - 1 or paged.current_key() is None:
        await wait_for(
            pilot,
            lambda: table.cursor_row < table.row_count - 1 and not paged.is_loading and paged.current_key() is not None,
            what="the rows below",
        )
    paged.cursor_down()


async def test_the_table_holds_a_window_that_follows_the_cursor_through_5000_rows() -> None:
    items = things(5000)
    source = Source(items)
    app = TableApp(source, page_size=100)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        paged.focus()
        most = 0
        # the first rows by key (j held down), the rest by the same action a key runs
        for n in range(1, 5000):
            if n < 60:
                await pilot.press("down")
            else:
                await step_down(pilot, paged)
            assert paged.current_key() == items[n].id
            most = max(most, paged.table.row_count)
            if n % 100 == 0:
                await pilot.pause()
                assert summary(paged).startswith(f"row {n + 1:,} of 5,000")
        assert most <= WINDOW and paged.window == (5000 - WINDOW, 5000)
        assert shown(paged) == [t.id for t in items[5000 - WINDOW :]]
        # each page fetched once, and the first ones dropped: no more than KEEP_ROWS are held
        assert source.calls == [None, *(f"o{n}" for n in range(100, 5000, 100))]
        await wait_for(pilot, lambda: not paged.is_loading)
        assert len(paged.items) <= KEEP_ROWS and items[0].id not in {t.id for t in paged.items}

        # back to the top (g): the first page is fetched again, once, and the window is there
        paged.cursor_top()
        assert paged.window == (0, WINDOW) and paged.current_position() == 0
        await wait_for(pilot, lambda: paged.current_key() == items[0].id, what="the first page again")
        assert source.calls[50:] == [None] and loading_rows(paged) > 0
        await wait_for(pilot, lambda: not paged.is_loading)
        # the rows of the window below the screen load when the cursor comes near them
        for _ in range(150):
            paged.cursor_down()
        await wait_for(pilot, lambda: paged.current_key() == items[150].id, what="row 150")
        await wait_for(pilot, lambda: not paged.is_loading)
        assert source.calls[50:] == [None, "o100"]
        assert paged.table.row_count <= WINDOW


async def test_marks_hold_their_items_when_the_pages_are_dropped() -> None:
    items = things(6000)
    source = Source(items)
    app = TableApp(source, page_size=100)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        paged.table.move_cursor(row=3)
        paged.toggle_mark()
        for n in range(5, 5500):
            await step_down(pilot, paged)
            assert paged.current_key() == items[n].id
        await wait_for(pilot, lambda: not paged.is_loading)
        assert items[3].id not in {t.id for t in paged.items}
        assert paged.marked_items() == [items[3]] and paged.targets() == [items[3]]
        paged.cursor_top()
        await wait_for(pilot, lambda: paged.current_key() == items[0].id, what="the top again")
        assert mark_of(paged, items[3].id) == "✓"


async def test_g_goes_to_the_last_of_100k_rows_in_one_request_on_an_offset_source() -> None:
    items = things(100_000)
    source = Source(items)
    app = TableApp(source, page_size=100, seek=offset_token)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        paged.focus()
        await pilot.press("ctrl+end")
        await wait_for(pilot, lambda: paged.current_key() == items[-1].id, what="the last row")
        assert source.calls == [None, "o99900"]
        assert summary(paged).startswith("row 100,000 of 100,000 · 200 loaded")
        assert paged.window == (100_000 - WINDOW, 100_000) and paged.table.row_count == WINDOW
        # the rows between are not fetched: they show as loading until the cursor comes
        assert loading_rows(paged) == WINDOW - 100
        assert cell(paged, "\x0099850", "name").strip() == "loading…"
        # up into the gap: the page there loads (one request), the cursor on the row expected
        for _ in range(120):
            await pilot.press("up")
        await wait_for(pilot, lambda: paged.current_key() == items[100_000 - 121].id, what="row 99,879")
        await wait_for(pilot, lambda: not paged.is_loading)
        assert source.calls == [None, "o99900", "o99800"]
        assert summary(paged).startswith("row 99,880 of 100,000")

        # and g (ctrl+home) back to the top: the first page is still loaded, nothing is fetched
        await pilot.press("ctrl+home")
        assert paged.current_key() == items[0].id and paged.window == (0, WINDOW)
        assert len(source.calls) == 3


async def test_g_walks_the_pages_of_a_cursor_paged_source_and_esc_stops_it() -> None:
    items = things(2000)
    source = Source(items)
    app = TableApp(source, page_size=100)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        source.gate = asyncio.Event()
        paged.cursor_bottom()
        await wait_for(pilot, lambda: len(source.calls) == 2, what="the walk's first request")
        assert "loading page 2… (esc stops)" in summary(paged)
        assert paged.stop_loading() and "esc stops" not in summary(paged)
        source.gate.set()
        await wait_for(pilot, lambda: not paged.is_loading, what="the page on its way")
        for _ in range(5):
            await pilot.pause()
        assert source.calls == [None, "o100"] and len(paged.items) == 200

        # again, to the end: page after page, each once, the cursor on the last row
        paged.cursor_bottom()
        await wait_for(pilot, lambda: paged.current_key() == items[-1].id, what="the last row", seconds=30)
        assert source.calls == [None, *(f"o{n}" for n in range(100, 2000, 100))]
        assert summary(paged).startswith("row 2,000 of 2,000") and paged.table.row_count <= WINDOW
        assert not paged.stop_loading()


async def test_the_mouse_wheel_moves_the_window_with_the_screen() -> None:
    items = things(1000)
    source = Source(items)
    app = TableApp(source, page_size=100)
    async with app.run_test(size=SIZE) as pilot:
        paged = await first_page(pilot, app)
        table = paged.table
        while len(paged.items) < 1000:
            last_row(paged)
            await wait_for(pilot, lambda: not paged.is_loading)
        paged.cursor_top()
        await pilot.pause()
        # the wheel scrolls the screen, not the cursor: well past the first window, the rows on
        # screen are always in the table
        for n in range(500):
            table.scroll_down(animate=False)
            if n % 5 == 0:
                await pilot.pause()
            first, end = paged.window
            assert first <= first + int(table.scroll_y) < end and table.row_count <= WINDOW
        await pilot.pause()
        first, end = paged.window
        top = first + int(table.scroll_y)
        assert top > WINDOW and first <= top < end and table.row_count <= WINDOW
        assert str(table.get_row_at(int(table.scroll_y))[1]).strip() == items[top].name
