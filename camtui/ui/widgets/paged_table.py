"""A server-paged table: pages fetched in a worker, marks, a live filter, columns fitted to the width.

A list screen embeds one, and so can a detail screen (an instance's variables, a group's members).
The owner gives the columns, a `fetch(after, limit)` that returns one `Page`, and how to key an
item; the widget loads the first page when mounted and the next one when the cursor comes near
the end, so it never holds more than what was scrolled through.

Workers never touch widgets: they post `_Arrived`, and its handler changes the table. A failed load
keeps what was loaded and posts `LoadFailed`, which bubbles to the screen (worker state changes
reach only the node that runs the worker, so the screen would not hear of it otherwise).

The table holds a prefix of what is loaded (or of what matches the filter), and takes in more as
the cursor nears its end. So a reload, a resize or a keystroke in the filter rebuilds only the rows
up to the cursor and a screenful, never all of 10,000 loaded rows.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, Self, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.widgets.data_table import CellDoesNotExist
from textual.worker import Worker, WorkerState

from camtui.ui.widgets.fit import MARK_WIDTH, SEPARATOR, fit_columns, safe_text, shorten

if TYPE_CHECKING:
    from camtui.api.paging import Page
    from camtui.kinds.base import Column

T = TypeVar("T")

# load the next page when the cursor is this close to the last row
PREFETCH_ROWS = 15
# a live filter fetches further pages for matches until this many items are loaded
FILTER_FETCH_LIMIT = 2000
# rows put into the table at once (a rebuild, a filter keystroke); more as the cursor nears the end
SHOWN_LIMIT = 200
# a reload fetches again what the cursor and the screen cover, up to this many rows
RELOAD_ROW_LIMIT = 2000
# clearing the filter keeps the cursor on its item if it is within this many rows (else the top):
# the rows above it must all go into the table
CLEAR_FILTER_ROW_LIMIT = 2000
# a resize with many rows in the table refits once the size has been still this long (seconds)
REFIT_DELAY = 0.15
MARK = "_mark"

Mode = Literal["reload", "refetch", "append"]


def _mark_cell(marked: bool) -> Text:
    return Text("✓", style="bold green") if marked else Text(" ")


def _describe(error: BaseException) -> str:
    return safe_text(str(getattr(error, "message", None) or error) or type(error).__name__)


class PagedTable(Widget, Generic[T]):
    """A DataTable over server pages of `T`, with a summary line below it."""

    DEFAULT_CSS = """
    PagedTable {
        height: 1fr;
    }
    PagedTable > DataTable {
        height: 1fr;
        scrollbar-gutter: stable;
    }
    PagedTable > .paged-summary {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    # every column (WIDE ones too) at the width it wants; the table scrolls sideways
    wide: var[bool] = var(False, init=False)

    class PageLoaded(Message):
        """A page is on screen. `reset`: it replaced what was there (a reload, a new fetch)."""

        def __init__(self, items: Sequence[Any], reset: bool, *, table: PagedTable[Any] | None = None) -> None:
            super().__init__()
            self.items = list(items)
            self.reset = reset
            self.paged_table = table

        @property
        def control(self) -> PagedTable[Any] | None:
            return self.paged_table

    class Opened(Message):
        """Enter (or a click on the cursor row) on a row."""

        def __init__(self, item: Any, *, table: PagedTable[Any] | None = None) -> None:
            super().__init__()
            self.item = item
            self.paged_table = table

        @property
        def control(self) -> PagedTable[Any] | None:
            return self.paged_table

    class LoadFailed(Message):
        """A fetch raised; the table keeps what it had. Hand `error` to the app's error handler."""

        def __init__(self, error: BaseException, *, table: PagedTable[Any] | None = None) -> None:
            super().__init__()
            self.error = error
            self.paged_table = table

        @property
        def control(self) -> PagedTable[Any] | None:
            return self.paged_table

    class _Arrived(Message, bubble=False):
        """From the worker: what it fetched, for the handler to show."""

        def __init__(
            self,
            generation: int,
            mode: Mode,
            items: list[Any],
            next_token: str | None,
            total: int | None,
            total_exact: bool,
        ) -> None:
            super().__init__()
            self.generation = generation
            self.mode: Mode = mode
            self.items = items
            self.next_token = next_token
            self.total = total
            self.total_exact = total_exact

    def __init__(
        self,
        columns: Sequence[Column[T]],
        fetch: Callable[[str | None, int], Awaitable[Page[T]]],
        *,
        key_of: Callable[[T], str],
        page_size: int = 100,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns: tuple[Column[T], ...] = tuple(c for c in columns if c.key != MARK)
        self.key_of = key_of
        self.page_size = max(1, page_size)
        # words the owner adds to the summary line ("sorted by name ↑")
        self.summary_extra: Callable[[], list[str]] | None = None
        self.items: list[T] = []
        # marked items by key: they stay marked while they are not loaded (other sort, filter, reload)
        self.marked: dict[str, T] = {}
        self.total: int | None = None
        self.total_exact = True
        self.next_token: str | None = None
        self.filter_text = ""
        self.table: DataTable[Any] = DataTable(cursor_type="row", zebra_stripes=True, cell_padding=0)
        self._summary = Static(classes="paged-summary")
        self._fetch = fetch
        self._keys: list[str] = []
        self._index: dict[str, int] = {}
        # each loaded item's cell texts (all columns, made safe), computed once when it arrives
        self._texts: dict[str, tuple[str, ...]] = {}
        # lower-cased text of the shown columns, for the filter; cleared when the columns change
        self._haystacks: dict[str, str] = {}
        # keys that pass the filter, in load order; the table shows the first `_shown` of them
        self._view: list[str] = []
        self._shown = 0
        # (index into self.columns, width) of the columns on screen
        self._fitted: list[tuple[int, int]] = []
        self._loading = False
        self._refit_timer: Timer | None = None
        self._last_page_empty = False
        self._generation = 0
        self._worker: Worker[None] | None = None
        self._error: str | None = None

    # -- state ------------------------------------------------------------------------------------

    @property
    def has_more(self) -> bool:
        return self.next_token is not None

    @property
    def is_loading(self) -> bool:
        return self._loading

    @property
    def shown_column_keys(self) -> list[str]:
        return [self.columns[i].key for i, _ in self._fitted]

    def current_key(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        try:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        except CellDoesNotExist:
            return None
        return row_key.value

    def current_item(self) -> T | None:
        key = self.current_key()
        index = None if key is None else self._index.get(key)
        return None if index is None else self.items[index]

    def visible_items(self) -> list[T]:
        """The loaded items whose rows are on screen now (for work worth doing only for what is seen)."""
        table = self.table
        first = int(table.scroll_y)
        rows = table.ordered_rows[first : first + max(table.scrollable_content_region.height, 1)]
        found = (self._index.get(row.key.value or "") for row in rows)
        return [self.items[i] for i in found if i is not None]

    def marked_items(self) -> list[T]:
        return list(self.marked.values())

    def targets(self) -> list[T]:
        """What an action acts on: the marked items, or the cursor's item when none is marked."""
        if self.marked:
            return self.marked_items()
        item = self.current_item()
        return [] if item is None else [item]

    # -- layout -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self.table
        yield self._summary

    def on_mount(self) -> None:
        self._fitted = self._fit()
        self._rebuild(columns=True)
        # the first page, unless the owner has asked for one by then (its on_mount may call reload)
        self.call_after_refresh(self._autoload)

    def _autoload(self) -> None:
        if self._generation == 0:
            self.reload()

    def on_resize(self) -> None:
        if self._refit_timer is not None:
            self._refit_timer.stop()
            self._refit_timer = None
        if self._shown <= SHOWN_LIMIT:
            self._refit()
        else:
            # many rows to build again: once the terminal has stopped changing size
            self._refit_timer = self.set_timer(REFIT_DELAY, self._refit)

    def focus(self, scroll_visible: bool = True) -> Self:
        """Focus goes to the table inside."""
        self.table.focus(scroll_visible)
        return self

    def watch_wide(self) -> None:
        if self.is_mounted:
            self._refit()

    def toggle_wide(self) -> None:
        self.wide = not self.wide

    def _available(self) -> int:
        width = self.size.width or self.app.size.width
        return max(0, width - self.table.styles.scrollbar_size_vertical)

    def _fit(self) -> list[tuple[int, int]]:
        where = {c.key: i for i, c in enumerate(self.columns)}
        return [(where[key], width) for key, width in fit_columns(self.columns, self._available(), wide=self.wide)]

    def _refit(self) -> None:
        fitted = self._fit()
        if fitted == self._fitted and self.table.columns:
            return
        keep_key, keep_row, (_, scroll_y) = self._position()
        if [i for i, _ in fitted] != [i for i, _ in self._fitted]:
            # other columns shown: the filter searches other text (widths alone change nothing)
            self._haystacks.clear()
        self._fitted = fitted
        self._rebuild(columns=True, keep_key=keep_key, keep_row=keep_row, scroll=(0, scroll_y))
        self.refresh_summary()

    # -- rows -------------------------------------------------------------------------------------

    def _cells(self, key: str) -> tuple[Text, ...]:
        texts = self._texts[key]
        columns = self.columns
        return (
            _mark_cell(key in self.marked),
            *(Text(" " + shorten(texts[i], width, columns[i].shorten)) for i, width in self._fitted),
        )

    def _haystack(self, key: str) -> str:
        hay = self._haystacks.get(key)
        if hay is None:
            texts = self._texts[key]
            hay = self._haystacks[key] = "\n".join(texts[i] for i, _ in self._fitted).lower()
        return hay

    def _matches(self, keys: list[str]) -> list[str]:
        if not self.filter_text:
            return list(keys)
        needle = self.filter_text.lower()
        return [k for k in keys if needle in self._haystack(k)]

    def _show_more(self, upto: int) -> None:
        """Put rows of the view into the table up to `upto` (they are added after the last row)."""
        upto = min(upto, len(self._view))
        table = self.table
        for key in self._view[self._shown : upto]:
            table.add_row(*self._cells(key), key=key)
        self._shown = max(self._shown, upto)

    def _rebuild(
        self,
        *,
        columns: bool = False,
        keep_key: str | None = None,
        keep_row: int = 0,
        scroll: tuple[float, float] | None = None,
        limit: int | None = None,
    ) -> None:
        """Fill the table again from the loaded items: the cursor on `keep_key` if it is still
        there, else on row `keep_row` (clamped); the scroll offset `scroll` where possible.

        Without a filter the rows up to the cursor and the screen go in, but no more than `limit`
        (the cursor goes to the top if its item is further down); with a filter, the first
        SHOWN_LIMIT matches only."""
        table = self.table
        view = self._view = self._matches(self._keys)
        try:
            target = -1 if keep_key is None else view.index(keep_key)
        except ValueError:
            target = -1
        if target < 0 and view:
            target = min(max(keep_row, 0), len(view) - 1)
        if self.filter_text:
            limit = SHOWN_LIMIT
        if limit is not None and target >= limit:
            target, scroll = 0, None
        bottom = int(scroll[1]) + table.size.height if scroll else 0
        wanted = max(SHOWN_LIMIT, max(target + 1, bottom) + PREFETCH_ROWS)
        if limit is not None:
            wanted = min(wanted, limit)
        with self.app.batch_update():
            table.clear(columns=columns or not table.columns)
            if not table.columns:
                self._add_columns()
            self._shown = 0
            self._show_more(wanted)
            if target >= 0:
                table.move_cursor(row=target, scroll=False)
        table.call_after_refresh(self._settle_scroll, scroll)

    def _add_columns(self) -> None:
        table = self.table
        table.add_column(Text(" "), key=MARK, width=MARK_WIDTH)
        for i, width in self._fitted:
            column = self.columns[i]
            label = Text(" " + shorten(safe_text(column.label), width), style="bold")
            table.add_column(label, key=column.key, width=width + SEPARATOR)

    def _settle_scroll(self, scroll: tuple[float, float] | None) -> None:
        table = self.table
        if scroll is not None:
            table.scroll_to(x=scroll[0], y=scroll[1], animate=False, immediate=True)
        if table.row_count:
            # the cursor row in view, moving as little as possible from the kept offset
            table.move_cursor(row=table.cursor_row, scroll=True)

    def _position(self) -> tuple[str | None, int, tuple[float, float]]:
        table = self.table
        return self.current_key(), table.cursor_row, (table.scroll_x, table.scroll_y)

    def _take(self, items: Sequence[T]) -> list[str]:
        """Add arrived items to what is loaded; returns the keys that are new. An item already
        loaded (offset paging shifts when rows are added) replaces the old one in place."""
        new: list[str] = []
        table = self.table
        columns = self.columns
        for item in items:
            key = self.key_of(item)
            if key in self.marked:
                self.marked[key] = item
            self._texts[key] = tuple(safe_text(column.text(item)) for column in columns)
            # made now, a page at a time, so a filter keystroke over 100k rows only searches
            self._haystacks.pop(key, None)
            self._haystack(key)
            index = self._index.get(key)
            if index is not None:
                self.items[index] = item
                if key in table.rows:
                    self._redraw(key)
                continue
            self._index[key] = len(self.items)
            self.items.append(item)
            self._keys.append(key)
            new.append(key)
        return new

    def refresh_rows(self, keys: Iterable[str]) -> None:
        """Take the cell texts of these loaded items again (what a column shows has changed, say a
        count that arrived late) and redraw their rows if they are in the table."""
        table = self.table
        columns = self.columns
        for key in keys:
            index = self._index.get(key)
            if index is None:
                continue
            item = self.items[index]
            self._texts[key] = tuple(safe_text(column.text(item)) for column in columns)
            self._haystacks.pop(key, None)
            if key in table.rows:
                self._redraw(key)

    def _redraw(self, key: str) -> None:
        table = self.table
        for column_key, cell in zip(self.shown_column_keys, self._cells(key)[1:], strict=True):
            table.update_cell(key, column_key, cell)

    # -- loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch again from the first page, as many pages as the cursor and the screen cover; the
        cursor stays on its item (or its row, if the item is gone), the scroll offset stays."""
        self._start(self._fetch, "reload", self._pages_to_cover())

    def load_first(self, first: Awaitable[Page[T]]) -> None:
        """Load as `reload` does, with the first page from a request already under way."""
        pending = [first]

        async def fetch(after: str | None, limit: int) -> Page[T]:
            if after is None and pending:
                return await pending.pop()
            return await self._fetch(after, limit)

        self._start(fetch, "reload", 1)

    def set_fetch(self, fetch: Callable[[str | None, int], Awaitable[Page[T]]]) -> None:
        """Another query (a sort, a server-side filter): its first page replaces the rows. Marks stay."""
        self._fetch = fetch
        self._start(fetch, "refetch", 1)

    def load_next(self) -> None:
        """The next page, unless one is being loaded or there is none."""
        if self._loading or self.next_token is None:
            return
        self._start(self._fetch, "append", 1, self.next_token)

    def _pages_to_cover(self) -> int:
        if not self.items:
            return 1
        if self.filter_text:
            rows = len(self.items)
        else:
            table = self.table
            rows = max(table.cursor_row + 1, int(table.scroll_y) + table.size.height) + PREFETCH_ROWS
            rows = min(rows, len(self.items))
        return max(1, math.ceil(min(rows, RELOAD_ROW_LIMIT) / self.page_size))

    def _start(
        self,
        fetch: Callable[[str | None, int], Awaitable[Page[T]]],
        mode: Mode,
        pages: int,
        token: str | None = None,
    ) -> None:
        if mode != "append":
            # what an older request brings after this is dropped
            self._generation += 1
        self._loading = True
        self._error = None
        self.refresh_summary()
        self._worker = self._load(fetch, self._generation, mode, pages, token)

    @work(exclusive=True, group="page", exit_on_error=False)
    async def _load(
        self,
        fetch: Callable[[str | None, int], Awaitable[Page[T]]],
        generation: int,
        mode: Mode,
        pages: int,
        token: str | None,
    ) -> None:
        items: list[T] = []
        total: int | None = None
        exact = True
        for _ in range(pages):
            page = await fetch(token, self.page_size)
            items.extend(page.items)
            token, total, exact = page.next, page.total, page.total_exact
            if token is None:
                break
        self.post_message(self._Arrived(generation, mode, items, token, total, exact))

    @on(_Arrived)
    def _arrived(self, message: _Arrived) -> None:
        if message.generation != self._generation:
            return
        self._loading = False
        self._last_page_empty = not message.items
        items: list[T] = message.items
        reset = message.mode != "append"
        if reset:
            keep_key, keep_row, scroll = self._position()
            self.items, self._keys, self._index, self._texts, self._haystacks = [], [], {}, {}, {}
            self._take(items)
            if message.mode == "reload":
                self._rebuild(keep_key=keep_key, keep_row=keep_row, scroll=scroll)
            else:
                self._rebuild(keep_key=keep_key)
        else:
            all_shown = self._shown == len(self._view)
            matching = self._matches(self._take(items))
            self._view.extend(matching)
            if all_shown:
                with self.app.batch_update():
                    self._show_more(len(self._view))
        self.next_token = message.next_token
        self.total = message.total
        self.total_exact = message.total_exact
        self.refresh_summary()
        self.post_message(self.PageLoaded(items, reset, table=self))
        self._keep_going()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "page" or worker is not self._worker:
            return
        if event.state is WorkerState.ERROR and worker.error is not None:
            self._loading = False
            self._error = f"could not load: {_describe(worker.error)} (ctrl+r retries)"
            self.refresh_summary()
            self.post_message(self.LoadFailed(worker.error, table=self))
        elif event.state is WorkerState.CANCELLED:
            self._loading = False

    def _keep_going(self) -> None:
        """After a page or a filter change: while a filter leaves few rows, look further (bounded);
        and load on while the cursor is near the end (a page smaller than the screen)."""
        if self._last_page_empty:
            return
        few = len(self._view) < max(10, self.table.size.height)
        if self.filter_text and few and len(self.items) < FILTER_FETCH_LIMIT:
            self.load_next()
        else:
            self._near_end(by_user=False)

    def _near_end(self, *, by_user: bool) -> None:
        table = self.table
        if table.row_count and table.cursor_row < table.row_count - PREFETCH_ROWS:
            return
        if self._shown < len(self._view):
            with self.app.batch_update():
                self._show_more(self._shown + SHOWN_LIMIT)
            self.refresh_summary()
        elif by_user or not self.filter_text or len(self.items) < FILTER_FETCH_LIMIT:
            self.load_next()

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is self.table:
            self._near_end(by_user=True)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table is not self.table:
            return
        event.stop()
        self.open_current()

    def open_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self.post_message(self.Opened(item, table=self))

    # -- filter -----------------------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        """Show only rows whose shown cells contain `text` (any case); "" shows all again."""
        text = text.strip()
        if text == self.filter_text:
            return
        keep_key = self.current_key()
        self.filter_text = text
        self._rebuild(keep_key=keep_key, limit=CLEAR_FILTER_ROW_LIMIT)
        self.refresh_summary()
        self._keep_going()

    # -- marks ------------------------------------------------------------------------------------

    def toggle_mark(self) -> None:
        """Mark or unmark the cursor's item, and move down a row."""
        key = self.current_key()
        item = self.current_item()
        if key is None or item is None:
            return
        if self.marked.pop(key, None) is None:
            self.marked[key] = item
        self.table.update_cell(key, MARK, _mark_cell(key in self.marked))
        self.table.action_cursor_down()
        self.refresh_summary()

    def unmark(self, keys: Iterable[str]) -> None:
        """Unmark these (say, what an action has deleted); keys not marked are ignored."""
        table = self.table
        for key in keys:
            if self.marked.pop(key, None) is not None and key in table.rows:
                table.update_cell(key, MARK, _mark_cell(False))
        self.refresh_summary()

    def clear_marks(self) -> None:
        self.unmark(list(self.marked))

    # -- cursor -----------------------------------------------------------------------------------

    def cursor_down(self) -> None:
        self.table.action_cursor_down()

    def cursor_up(self) -> None:
        self.table.action_cursor_up()

    def cursor_top(self) -> None:
        self.table.move_cursor(row=0)

    def cursor_bottom(self) -> None:
        """The last row in the table (reaching it brings in more)."""
        if self.table.row_count:
            self.table.move_cursor(row=self.table.row_count - 1)

    # -- summary ----------------------------------------------------------------------------------

    def summary_parts(self) -> list[str]:
        loaded = len(self.items)
        if self.total is None:
            parts = [f"{loaded} loaded"]
        else:
            parts = [f"{loaded} of {self.total}{'' if self.total_exact else '+'} loaded"]
        if self.filter_text:
            matches = len(self._view)
            what = safe_text(self.filter_text)
            if self._shown < matches:
                parts.append(f"first {self._shown} of {matches} matches /{what}")
            else:
                parts.append(f"{matches} {'match' if matches == 1 else 'matches'} /{what}")
        if self.marked:
            parts.append(f"{len(self.marked)} marked")
        if self.summary_extra is not None:
            parts.extend(self.summary_extra())
        if self._loading:
            parts.append("loading…")
        elif self.next_token is not None:
            parts.append("more below")
        if self._error:
            parts.insert(0, self._error)
        return parts

    def refresh_summary(self) -> None:
        """Redraw the summary line (the owner calls it when what `summary_extra` says changes)."""
        self._summary.update(Text(" · ".join(self.summary_parts())))
