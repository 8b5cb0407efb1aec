"""The shape every resource list shares: a server-paged table, live filter, marks, sort, refresh.

Subclasses say which columns, how to fetch a page and how to turn an item into cells. Pages are
fetched in a worker and handed over in a message; the table loads the next page when the cursor
comes near the end, so it never holds more than what was scrolled through.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import Worker

from camtui.api.paging import Page
from camtui.ui.engine_access import camtui_app
from camtui.ui.screens.base import CamtuiScreen
from camtui.ui.widgets.status_header import StatusHeader

T = TypeVar("T")
PAGE_SIZE = 100
# load the next page when the cursor is this close to the last loaded row
PREFETCH_ROWS = 15
# a live filter looks this far (in loaded rows) for matches before it asks for a server-side filter
FILTER_FETCH_LIMIT = 2000


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int | None = None


class ListView(CamtuiScreen[None], Generic[T]):
    """Base of every list screen. `VIEW` is the registry name (`:dep` finds `deployments`)."""

    VIEW: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    SORTS: ClassVar[tuple[str, ...]] = ()
    # what `enter` describes (see camtui.api.describe); empty: no detail view
    DESCRIBE: ClassVar[str] = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="list.filter"),
        Binding("ctrl+r", "refresh", "Refresh", id="list.refresh"),
        Binding("enter", "open", "Open", id="list.open"),
        Binding("space", "mark", "Mark", id="list.mark"),
        Binding("s", "cycle_sort", "Sort", id="list.sort"),
        Binding("S", "flip_sort", "Sort ↕", id="list.sort_order", show=False),
        Binding("escape", "back", "Back", id="list.back"),
        # vi keys, as in k9s
        Binding("j", "cursor('down')", "Down", show=False, id="list.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="list.up"),
        Binding("G,ctrl+end", "cursor('bottom')", "Last row", show=False, id="list.bottom"),
        Binding("g,ctrl+home", "cursor('top')", "First row", show=False, id="list.top"),
    ]

    class PageLoaded(Message):
        def __init__(self, page: Page[Any], reset: bool) -> None:
            super().__init__()
            self.page = page
            self.reset = reset

    def __init__(self) -> None:
        super().__init__()
        self.items: list[T] = []
        self.marked: set[str] = set()
        self.next_token: str | None = None
        self.total: int | None = None
        self.total_exact = True
        self.loading_more = False
        self.sort_index = -1
        self.descending = False
        self.filter_text = ""

    # -- what subclasses provide ----------------------------------------------------------------

    async def fetch(self, after: str | None, limit: int) -> Page[T]:
        raise NotImplementedError

    def key_of(self, item: T) -> str:
        return str(getattr(item, "id"))  # noqa: B009 - every model has an id

    def cells(self, item: T) -> tuple[Any, ...]:
        raise NotImplementedError

    def open_item(self, item: T) -> None:
        """Enter on a row: the item described in full, where the list names a kind."""
        if self.DESCRIBE:
            from camtui.ui.screens.describe_view import DescribeScreen

            self.app.push_screen(DescribeScreen(self.DESCRIBE, self.key_of(item), self.breadcrumbs))

    @property
    def breadcrumbs(self) -> list[str]:
        return [self.TITLE]

    # -- layout -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status-header")
        yield Static(id="crumbs")
        table: DataTable[Any] = DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Input(placeholder="filter rows (esc clears)", id="filter")
        yield Static(id="summary")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(" ", key="_mark", width=1)
        for column in self.COLUMNS:
            table.add_column(column.label, key=column.key, width=column.width)
        self.query_one("#filter", Input).display = False
        camtui_app(self).sync_header(self.query_one(StatusHeader))
        self.render_crumbs()
        self.reload()

    def render_crumbs(self) -> None:
        app = camtui_app(self)
        parts = [app.profile_name or "?", *self.breadcrumbs]
        self.query_one("#crumbs", Static).update(Text(" › ".join(parts), style="bold"))

    # -- loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        self.next_token = None
        self.load_page(reset=True)

    @work(exclusive=True, group="page", exit_on_error=False)
    async def load_page(self, reset: bool = False) -> None:
        self.loading_more = True
        self.set_summary("loading…")
        page = await self.fetch(None if reset else self.next_token, PAGE_SIZE)
        self.post_message(self.PageLoaded(page, reset))

    @on(PageLoaded)
    def page_loaded(self, message: PageLoaded) -> None:
        self.loading_more = False
        if message.reset:
            keep = self.current_key()
            self.items = list(message.page.items)
            self.render_rows(keep_key=keep)
        else:
            self.items.extend(message.page.items)
            self.append_rows(list(message.page.items))
        self.next_token = message.page.next
        self.total = message.page.total
        self.total_exact = message.page.total_exact
        self.update_summary()
        camtui_app(self).refreshed(self.VIEW)
        self.page_shown(list(message.page.items))
        self.fill_filtered_view()

    def page_shown(self, items: list[T]) -> None:
        """A page is on screen; subclasses may fetch what is cheaper to show late."""

    def worker_failed(self, worker: Worker[object], error: BaseException) -> None:
        if worker.group == "page":
            # the next refresh must be able to start again; the list keeps what it had
            self.loading_more = False
            self.set_summary(f"could not load: {getattr(error, 'message', error)} (ctrl+r retries)")
        super().worker_failed(worker, error)

    def fill_filtered_view(self) -> None:
        """While a filter hides most rows, fetch further pages (bounded) so matches further down show."""
        table = self.query_one(DataTable)
        wanted = max(10, table.size.height)
        if (
            self.filter_text
            and self.next_token is not None
            and not self.loading_more
            and table.row_count < wanted
            and len(self.items) < FILTER_FETCH_LIMIT
        ):
            self.load_page(reset=False)

    def matches_filter(self, item: T) -> bool:
        if not self.filter_text:
            return True
        needle = self.filter_text.lower()
        return any(needle in str(cell).lower() for cell in self.cells(item))

    def row_cells(self, item: T) -> tuple[Any, ...]:
        mark = Text("✓", style="bold green") if self.key_of(item) in self.marked else ""
        # engine data is never markup: a deployment named "[red]x" shows as typed
        return (mark, *(Text(c) if isinstance(c, str) else c for c in self.cells(item)))

    def render_rows(self, keep_key: str | None = None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.append_rows(self.items)
        if keep_key is not None:
            # the row may be gone after a refresh
            with contextlib.suppress(Exception):
                table.move_cursor(row=table.get_row_index(keep_key))

    def append_rows(self, items: list[T]) -> None:
        table = self.query_one(DataTable)
        for item in items:
            key = self.key_of(item)
            if self.matches_filter(item) and key not in table.rows:
                table.add_row(*self.row_cells(item), key=key)

    def current_key(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        try:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        except Exception:
            return None
        return str(row_key.value)

    def current_item(self) -> T | None:
        key = self.current_key()
        return next((i for i in self.items if self.key_of(i) == key), None)

    @on(DataTable.RowHighlighted)
    def maybe_load_more(self, event: DataTable.RowHighlighted) -> None:
        table = self.query_one(DataTable)
        near_end = event.cursor_row >= table.row_count - PREFETCH_ROWS
        if near_end and self.next_token is not None and not self.loading_more:
            self.load_page(reset=False)

    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def set_summary(self, text: str) -> None:
        self.query_one("#summary", Static).update(Text(text, style="dim"))

    def update_summary(self) -> None:
        shown = self.query_one(DataTable).row_count
        total = "?" if self.total is None else f"{self.total}{'' if self.total_exact else '+'}"
        parts = [f"{len(self.items)} of {total} loaded"]
        if self.filter_text:
            parts.append(f"{shown} match /{self.filter_text}")
        if self.sort_index >= 0:
            parts.append(f"sorted by {self.SORTS[self.sort_index]} {'↓' if self.descending else '↑'}")
        if self.marked:
            parts.append(f"{len(self.marked)} marked")
        if self.next_token is not None:
            parts.append("more below")
        self.set_summary(" · ".join(parts))

    # -- actions ----------------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.reload()

    def action_cursor(self, where: str) -> None:
        table = self.query_one(DataTable)
        if where == "down":
            table.action_cursor_down()
        elif where == "up":
            table.action_cursor_up()
        elif where == "bottom" and table.row_count:
            table.move_cursor(row=table.row_count - 1)
        elif where == "top":
            table.move_cursor(row=0)

    def action_open(self) -> None:
        item = self.current_item()
        if item is not None:
            self.open_item(item)

    def action_mark(self) -> None:
        key = self.current_key()
        if key is None:
            return
        self.marked.symmetric_difference_update({key})
        table = self.query_one(DataTable)
        table.update_cell(key, "_mark", Text("✓", style="bold green") if key in self.marked else "")
        table.action_cursor_down()
        self.update_summary()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.render_rows(keep_key=self.current_key())
        self.update_summary()
        self.fill_filtered_view()

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if box.display:
            box.value = ""
            box.display = False
            self.query_one(DataTable).focus()
            return
        camtui_app(self).go_back()

    def action_cycle_sort(self) -> None:
        if not self.SORTS:
            self.notify("This list has no server-side sort.", severity="warning")
            return
        self.sort_index = (self.sort_index + 1) % len(self.SORTS)
        self.reload()

    def action_flip_sort(self) -> None:
        if self.sort_index < 0:
            self.action_cycle_sort()
            return
        self.descending = not self.descending
        self.reload()
