"""A server-paged table: pages fetched in a worker, marks, a live filter, columns fitted to the width.

A list screen embeds one, and so can a detail screen (an instance's variables, a group's members).
The owner gives the columns, a `fetch(after, limit)` that returns one `Page`, how to key an item and,
for an engine that pages by offset, a `seek(offset)` that makes the token for any offset.

The result is a sequence of pages. The DataTable holds only a WINDOW of it around the cursor (at most
WINDOW rows), built again around the cursor when it comes near the window's edge, so a move, a
keystroke in the filter or a reload costs the same at 100k rows as at 100. Pages far from the window
are dropped (KEEP_ROWS at most are held) and fetched again when the cursor comes back; marked items
are kept apart. With `seek`, `G` goes to the true last row in one or two requests and the rows
between load only if the cursor enters them (they show as "loading…" until then); without it (cursor
paging), `G` walks page by page, saying so, and esc stops it.

The filter searches the rows that are loaded (it fetches further pages while few match, bounded),
and the summary says so.

Workers never touch widgets: they post `_Arrived`, and its handler changes the table. A failed load
keeps what was loaded and posts `LoadFailed`, which bubbles to the screen (worker state changes
reach only the node that runs the worker, so the screen would not hear of it otherwise).
"""

from __future__ import annotations

import gc
import math
from bisect import bisect_right
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, Self, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.widgets.data_table import CellDoesNotExist
from textual.worker import Worker, WorkerState

from camtui.ui.widgets.fit import MARK_WIDTH, SEPARATOR, fit_columns, safe_text, shorten, sized_to_content

if TYPE_CHECKING:
    from camtui.api.paging import Page
    from camtui.kinds.base import Column

T = TypeVar("T")

# load the next page when the cursor is this close to the last row
PREFETCH_ROWS = 15
# a live filter fetches further pages for matches until this many items are loaded
FILTER_FETCH_LIMIT = 2000
# the most rows the DataTable holds: a few screens around the cursor
WINDOW = 200
# the window is built again around the cursor when the cursor (or the screen) comes this close to its edge
MARGIN = 50
# pages beyond this many rows are dropped, the farthest from the cursor first
KEEP_ROWS = 4000
# pages one load fetches at most (the window, a reload)
RUN_PAGES = 8
# a resize refits once the size has been still this long (seconds)
REFIT_DELAY = 0.15
MARK = "_mark"
# row keys of rows not loaded yet start with this (no engine id does)
GAP = "\x00"

Mode = Literal["reload", "refetch", "fill"]


_frozen = False


def _freeze_startup_objects() -> None:
    """Once, when the first list appears: what is alive by then (modules, the app, its styles; ~80k
    objects) lives as long as the process, so the collector stops walking it. A list paging through
    100k rows makes and drops objects all the time, and each full collection walked all of those too:
    200 ms frozen on a busy machine, now a fraction of that."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def _mark_cell(marked: bool) -> Text:
    return Text("✓", style="bold green") if marked else Text(" ")


def _describe(error: BaseException) -> str:
    return safe_text(str(getattr(error, "message", None) or error) or type(error).__name__)


class _WindowTable(DataTable[Any]):
    """A DataTable whose top and bottom keys mean the whole result's, not the window's."""

    def _clear_caches(self) -> None:
        # Textual's LRUCache.clear lets go of its ring of links whole: a cycle that only the garbage
        # collector frees. A window rebuilt a few hundred times leaves ~100k such objects, and the
        # full collection that frees them froze the screen for 300+ ms. Unlinked here, they go at once.
        caches: tuple[LRUCache[Any, Any], ...] = (
            self._row_render_cache,
            self._cell_render_cache,
            self._row_renderable_cache,
            self._line_cache,
            self._offset_cache,
            self._ordered_row_cache,
        )
        links = [link for cache in caches for link in cache._cache.values()]
        super()._clear_caches()
        for link in links:
            link.clear()

    def watch_cursor_coordinate(self, old_coordinate: Coordinate, new_coordinate: Coordinate) -> None:
        super().watch_cursor_coordinate(old_coordinate, new_coordinate)
        owner = self.parent
        if old_coordinate != new_coordinate and isinstance(owner, PagedTable):
            # at once, not when the RowHighlighted message comes: keys held down (page up, page
            # down) would otherwise pile up against the window's edge before it moves
            owner.follow_cursor()

    def action_scroll_top(self) -> None:
        owner = self.parent
        if isinstance(owner, PagedTable):
            owner.cursor_top()
        else:
            super().action_scroll_top()

    def action_scroll_bottom(self) -> None:
        owner = self.parent
        if isinstance(owner, PagedTable):
            owner.cursor_bottom()
        else:
            super().action_scroll_bottom()


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
        """From the worker: the pages it fetched (number, items, token of the next), for the handler."""

        def __init__(
            self,
            generation: int,
            mode: Mode,
            pages: list[tuple[int, list[Any], str | None]],
            total: int | None,
            total_exact: bool,
        ) -> None:
            super().__init__()
            self.generation = generation
            self.mode: Mode = mode
            self.pages = pages
            self.total = total
            self.total_exact = total_exact

    def __init__(
        self,
        columns: Sequence[Column[T]],
        fetch: Callable[[str | None, int], Awaitable[Page[T]]],
        *,
        key_of: Callable[[T], str],
        page_size: int = 100,
        seek: Callable[[int], str] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns: tuple[Column[T], ...] = tuple(c for c in columns if c.key != MARK)
        self.key_of = key_of
        self.page_size = max(1, page_size)
        # the token for any offset (offset paging); None: pages come one after another (cursor paging)
        self.seek = seek
        # words the owner adds to the summary line ("sorted by name ↑")
        self.summary_extra: Callable[[], list[str]] | None = None
        # marked items by key: they stay marked while they are not loaded (other sort, filter, reload)
        self.marked: dict[str, T] = {}
        self.total: int | None = None
        self.total_exact = True
        self.filter_text = ""
        self.table: DataTable[Any] = _WindowTable(cursor_type="row", zebra_stripes=True, cell_padding=0)
        self._summary = Static(classes="paged-summary")
        self._fetch = fetch
        # loaded pages: their keys in order; the length of every page seen (dropped ones too);
        # the token that fetches a page (page 0: None)
        self._pages: dict[int, list[str]] = {}
        self._lengths: dict[int, int] = {}
        self._tokens: dict[int, str | None] = {0: None}
        # the page after the last one, once a page came without a next token
        self._end: int | None = None
        self._items: dict[str, T] = {}
        self._page_of: dict[str, int] = {}
        # each loaded item's cell texts (all columns, made safe), computed once when it arrives
        self._texts: dict[str, tuple[str, ...]] = {}
        # lower-cased text of the shown columns, for the filter; cleared when the columns change
        self._haystacks: dict[str, str] = {}
        # where each page starts in the sequence (one more entry than pages: the end)
        self._starts: list[int] = [0]
        # with a filter: the keys that pass it, in sequence order, and where each is
        self._view: list[str] = []
        self._view_at: dict[str, int] = {}
        # the sequence positions [first, end) whose rows are in the DataTable
        self._window = (0, 0)
        # (index into self.columns, width) of the columns on screen
        self._fitted: list[tuple[int, int]] = []
        # the widest value of each column (by index) among the rows ever loaded: columns are sized
        # to it, so a short one leaves its space to the others
        self._widest: dict[int, int] = {}
        self._loading = False
        # G without seek: fetching page after page to the end
        self._walking = False
        # G with seek: the last page is on its way, the cursor goes to it when it comes
        self._to_end = False
        # set while the window is being built (the DataTable's own events then mean nothing)
        self._building = False
        # windows built whose scroll offset is not set yet
        self._settling = 0
        # the last load brought only empty pages: do not ask again unless the user moves
        self._empty_pages = False
        self._refit_timer: Timer | None = None
        self._generation = 0
        self._worker: Worker[None] | None = None
        self._error: str | None = None
        # fetches sent (for tests and the benchmark)
        self.requests = 0

    # -- state ------------------------------------------------------------------------------------

    @property
    def items(self) -> list[T]:
        """The loaded items, in order (pages far from the cursor are not loaded)."""
        return [self._items[k] for p in sorted(self._pages) for k in self._pages[p]]

    @property
    def next_token(self) -> str | None:
        """The token of the page after the last one seen, if there is one."""
        return self._tokens.get(self._last_seen() + 1)

    @property
    def has_more(self) -> bool:
        return self.next_token is not None

    @property
    def is_loading(self) -> bool:
        return self._loading

    @property
    def shown_column_keys(self) -> list[str]:
        return [self.columns[i].key for i, _ in self._fitted]

    @property
    def window(self) -> tuple[int, int]:
        """The positions [first, end) of the rows the DataTable holds."""
        return self._window

    def current_position(self) -> int | None:
        """The cursor's position in the whole result (or among the matches, with a filter)."""
        if self.table.row_count == 0:
            return None
        return self._window[0] + self.table.cursor_row

    def current_key(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        try:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        except CellDoesNotExist:
            return None
        key = row_key.value
        return None if key is None or key.startswith(GAP) else key

    def current_item(self) -> T | None:
        key = self.current_key()
        return None if key is None else self._items.get(key)

    def visible_items(self) -> list[T]:
        """The loaded items whose rows are on screen now (for work worth doing only for what is seen)."""
        table = self.table
        first = int(table.scroll_y)
        rows = table.ordered_rows[first : first + max(table.scrollable_content_region.height, 1)]
        found = (self._items.get(row.key.value or "") for row in rows)
        return [item for item in found if item is not None]

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
        _freeze_startup_objects()
        self._fitted = self._fit()
        self._show(None, columns=True)
        self.watch(self.table, "scroll_y", self._scrolled, init=False)
        # the first page, unless the owner has asked for one by then (its on_mount may call reload)
        self.call_after_refresh(self._autoload)

    def _autoload(self) -> None:
        if self._generation == 0:
            self.reload()

    def on_resize(self) -> None:
        if self._refit_timer is not None:
            self._refit_timer.stop()
            self._refit_timer = None
        if not self.table.columns:
            self._refit()
        else:
            # rows to build again: once the terminal has stopped changing size
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
        columns = sized_to_content(self.columns, self._widest) if self._widest else self.columns
        return [(where[key], width) for key, width in fit_columns(columns, self._available(), wide=self.wide)]

    def _refit(self) -> None:
        if not self._take_fit(self._fit()) and self.table.columns:
            return
        if self.filter_text:
            self._filter_view()
        self._show(self.current_position(), columns=True, keep_key=self.current_key(), top=self._top())
        self.refresh_summary()

    def _take_fit(self, fitted: list[tuple[int, int]]) -> bool:
        """Take these columns and widths; False if they are the ones shown already."""
        if fitted == self._fitted:
            return False
        if [i for i, _ in fitted] != [i for i, _ in self._fitted]:
            # other columns shown: the filter searches their text (widths alone change nothing)
            self._haystacks.clear()
        self._fitted = fitted
        return True

    # -- the sequence -----------------------------------------------------------------------------

    def _last_seen(self) -> int:
        return max(self._lengths, default=-1)

    def _page_count(self) -> int:
        # up to the last page seen: after a jump to the end, the pages between are laid out too
        return self._end if self._end is not None else self._last_seen() + 1

    def _page_length(self, page: int) -> int:
        seen = self._lengths.get(page)
        if seen is not None:
            return seen
        if self.total is not None and self.total_exact:
            return max(0, min(self.page_size, self.total - page * self.page_size))
        return self.page_size

    def _layout(self) -> None:
        starts = [0]
        for page in range(self._page_count()):
            starts.append(starts[-1] + self._page_length(page))
        self._starts = starts

    def _length(self) -> int:
        """How many rows the sequence has: the whole result's (or the matches among the loaded)."""
        return len(self._view) if self.filter_text else self._starts[-1]

    def _page_at(self, position: int) -> int:
        return bisect_right(self._starts, position) - 1

    def _keys_between(self, first: int, end: int) -> list[str]:
        if self.filter_text:
            return self._view[first:end]
        keys: list[str] = []
        page = self._page_at(first)
        starts = self._starts
        while page < len(starts) - 1 and starts[page] < end:
            loaded = self._pages.get(page)
            start = starts[page]
            rows = [f"{GAP}{start + i}" for i in range(starts[page + 1] - start)] if loaded is None else loaded
            keys.extend(rows[max(0, first - start) : end - start])
            page += 1
        return keys

    def _position_of(self, key: str) -> int | None:
        if self.filter_text:
            return self._view_at.get(key)
        page = self._page_of.get(key)
        if page is None or page >= len(self._starts) - 1:
            return None
        return self._starts[page] + self._pages[page].index(key)

    def _token(self, page: int) -> str | None:
        """The token that fetches `page`; raises KeyError when it cannot be fetched yet."""
        if page in self._tokens:
            return self._tokens[page]
        if self.seek is None:
            raise KeyError(page)
        return self.seek(page * self.page_size)

    def _fetchable(self, page: int) -> bool:
        return page in self._tokens or self.seek is not None

    # -- rows -------------------------------------------------------------------------------------

    def _cells(self, key: str) -> tuple[Text, ...]:
        texts = self._texts.get(key)
        if texts is None:
            # a row not loaded yet
            blank = [Text(" ") for _ in self._fitted[1:]]
            return (Text(" "), Text(" loading…", style="dim"), *blank)
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

    def _filter_view(self) -> None:
        needle = self.filter_text.lower()
        self._view = [k for p in sorted(self._pages) for k in self._pages[p] if needle in self._haystack(k)]
        self._view_at = {k: i for i, k in enumerate(self._view)}

    def _top(self) -> int:
        """The position of the row at the top of the screen."""
        return self._window[0] + int(self.table.scroll_y)

    def _show(
        self,
        position: int | None,
        *,
        columns: bool = False,
        keep_key: str | None = None,
        top: int | None = None,
        center: int | None = None,
        cursor_in_view: bool = True,
    ) -> None:
        """Fill the DataTable with the window around the cursor: the cursor on `keep_key` if it is
        in the sequence, else at `position` (clamped); the window around `center` (default: the
        cursor); the row at `position` `top` at the top of the screen where possible."""
        table = self.table
        if keep_key is not None:
            found = self._position_of(keep_key)
            if found is not None:
                position = found
        length = self._length()
        first = end = 0
        if length == 0:
            position = None
        else:
            position = min(max(position or 0, 0), length - 1)
            middle = position if center is None else min(max(center, 0), length - 1)
            first = max(0, middle - WINDOW // 2)
            end = min(length, first + WINDOW)
            first = max(0, end - WINDOW)
            low, high = first, end - 1
            if center is not None:
                # the cursor kept off the window's edges, or it would pull the window back to it
                low = first + MARGIN if first > 0 else first
                high = end - 1 - MARGIN if end < length else end - 1
            position = min(max(position, low), high)
        keys = self._keys_between(first, end)
        scroll_x = table.scroll_x
        self._building = True
        try:
            with self.app.batch_update():
                table.clear(columns=columns or not table.columns)
                if not table.columns:
                    self._add_columns()
                for key in keys:
                    table.add_row(*self._cells(key), key=key)
                self._window = (first, end)
                if position is not None:
                    table.move_cursor(row=position - first, scroll=False)
        finally:
            self._building = False
        scroll_y = None if top is None else float(max(0, top - first))
        # until the scroll offset is set, what the DataTable says about it is stale
        self._settling += 1
        table.call_after_refresh(self._settle_scroll, scroll_x, scroll_y, cursor_in_view)

    def _add_columns(self) -> None:
        table = self.table
        table.add_column(Text(" "), key=MARK, width=MARK_WIDTH)
        for i, width in self._fitted:
            column = self.columns[i]
            label = Text(" " + shorten(safe_text(column.label), width), style="bold")
            table.add_column(label, key=column.key, width=width + SEPARATOR)

    def _settle_scroll(self, scroll_x: float, scroll_y: float | None, cursor_in_view: bool) -> None:
        table = self.table
        try:
            table.scroll_to(x=scroll_x, y=scroll_y, animate=False, immediate=True)
            if table.row_count and cursor_in_view:
                # the cursor row in view, moving as little as possible from the kept offset
                table.move_cursor(row=table.cursor_row, scroll=True)
        finally:
            self._settling -= 1
        if not self._settling:
            self._pump(by_user=False)

    def _table_keys(self) -> list[str]:
        return [str(row.key.value) for row in self.table.ordered_rows]

    def _update_window(self, changed: Iterable[str]) -> None:
        """After pages arrived: the rows of the window again; rows added below where only that
        changed (the common case: the next page), else the window built anew."""
        position = self.current_position()
        if position is None:
            self._show(None)
            return
        first, end = self._window
        old = self._table_keys()
        grown = min(self._length(), max(end, first + WINDOW))
        keys = self._keys_between(first, grown)
        if keys[: len(old)] != old:
            self._show(position, keep_key=self.current_key(), top=self._top())
            return
        if len(keys) > len(old):
            with self.app.batch_update():
                for key in keys[len(old) :]:
                    self.table.add_row(*self._cells(key), key=key)
            self._window = (first, grown)
        self._redraw_all(changed)

    def _redraw_all(self, keys: Iterable[str]) -> None:
        rows = self.table.rows
        for key in keys:
            if key in rows:
                self._redraw(key)

    def _redraw(self, key: str) -> None:
        table = self.table
        for column_key, cell in zip((MARK, *self.shown_column_keys), self._cells(key), strict=True):
            table.update_cell(key, column_key, cell)

    def refresh_rows(self, keys: Iterable[str]) -> None:
        """Take the cell texts of these loaded items again (what a column shows has changed, say a
        count that arrived late) and redraw their rows if they are in the table."""
        table = self.table
        for key in keys:
            item = self._items.get(key)
            if item is None:
                continue
            self._texts[key] = self._row_texts(item)
            self._haystacks.pop(key, None)
            if key in table.rows:
                self._redraw(key)
        self._refit()

    # -- pages ------------------------------------------------------------------------------------

    def _row_texts(self, item: T) -> tuple[str, ...]:
        """The cell texts of a row, its widths taken into the widest of each column."""
        texts = tuple(safe_text(column.text(item)) for column in self.columns)
        widest = self._widest
        for i, text in enumerate(texts):
            widest[i] = max(widest.get(i, 0), cell_len(text))
        return texts

    def _drop(self, key: str) -> None:
        self._items.pop(key, None)
        self._page_of.pop(key, None)
        self._texts.pop(key, None)
        self._haystacks.pop(key, None)

    def _put(self, page: int, items: Sequence[T], next_token: str | None) -> list[str]:
        """Take in one page (replacing it if it was loaded). An item loaded on another page (offset
        paging shifts when rows are added) stays where it is, the fresh item in its place."""
        for key in self._pages.pop(page, ()):
            self._drop(key)
        keys: list[str] = []
        changed: list[str] = []
        for item in items:
            key = self.key_of(item)
            if key in self.marked:
                self.marked[key] = item
            elsewhere = key in self._page_of
            if elsewhere or key in self._items:
                self._items[key] = item
                self._texts[key] = self._row_texts(item)
                self._haystacks.pop(key, None)
                changed.append(key)
                continue
            self._items[key] = item
            self._page_of[key] = page
            self._texts[key] = self._row_texts(item)
            # made now, a page at a time, so a filter keystroke only searches
            self._haystacks.pop(key, None)
            self._haystack(key)
            keys.append(key)
        self._pages[page] = keys
        self._lengths[page] = len(keys)
        # a later C7 page is not counted, so a full last page still offers a next one: the total
        # says there is none (`r` counts again, and so does a reload)
        beyond = self.total is not None and self.total_exact and (page + 1) * self.page_size >= self.total
        if beyond:
            next_token = None
        if next_token is None:
            self._end = page + 1
            for later in [p for p in self._lengths if p > page]:
                for key in self._pages.pop(later, ()):
                    self._drop(key)
                del self._lengths[later]
            for later in [p for p in self._tokens if p > page]:
                del self._tokens[later]
        else:
            self._tokens[page + 1] = next_token
            if self._end is not None and self._end <= page + 1:
                self._end = None
        return [*keys, *changed]

    def _evict(self, keep_page: int | None) -> None:
        """Drop the pages farthest from the cursor while more than KEEP_ROWS rows are loaded."""
        loaded = len(self._items)
        if loaded <= KEEP_ROWS or keep_page is None:
            return
        first, end = self._window
        protected = set()
        if not self.filter_text and end > first:
            protected = set(range(self._page_at(first), self._page_at(end - 1) + 1))
        for page in sorted(self._pages, key=lambda p: abs(p - keep_page), reverse=True):
            if loaded <= KEEP_ROWS:
                break
            if page in protected or page == keep_page:
                continue
            keys = self._pages.pop(page)
            for key in keys:
                self._drop(key)
            loaded -= len(keys)

    def _cursor_page(self) -> int | None:
        key = self.current_key()
        if key is not None and key in self._page_of:
            return self._page_of[key]
        position = self.current_position()
        if position is None or self.filter_text:
            return None
        return self._page_at(position)

    # -- loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch again the pages the window, the cursor and the screen cover; the cursor stays on its
        item (or its row, if the item is gone), the scroll offset stays."""
        first_page, count = self._pages_to_reload()
        self._start("reload", first_page, count)

    def load_first(self, first: Awaitable[Page[T]]) -> None:
        """Load as `reload` does, with the first page from a request already under way."""
        pending = [first]

        async def fetch(after: str | None, limit: int) -> Page[T]:
            if after is None and pending:
                return await pending.pop()
            return await self._fetch(after, limit)

        self._start("reload", 0, 1, fetch)

    def set_fetch(self, fetch: Callable[[str | None, int], Awaitable[Page[T]]]) -> None:
        """Another query (a sort, a server-side filter): its first page replaces the rows. Marks stay."""
        self._fetch = fetch
        self._start("refetch", 0, 1)

    def load_next(self) -> None:
        """The page after the last one seen, unless one is being loaded or there is none."""
        if self._loading or self.next_token is None:
            return
        self._start("fill", self._last_seen() + 1, 1)

    def stop_loading(self) -> bool:
        """Stop a walk to the end (esc); True if there was one."""
        if not self._walking:
            return False
        self._walking = False
        self.refresh_summary()
        return True

    def _pages_to_reload(self) -> tuple[int, int]:
        if not self._pages:
            return 0, 1
        if self.filter_text:
            first = min(self._pages)
            last = min(max(self._pages), first + FILTER_FETCH_LIMIT // self.page_size - 1)
        else:
            table = self.table
            position = self.current_position() or 0
            bottom = max(position, self._top() + table.size.height) + PREFETCH_ROWS
            first = self._page_at(self._window[0])
            last = self._page_at(min(bottom, self._length() - 1))
            last = min(last, self._last_seen(), first + RUN_PAGES - 1)
        while first > 0 and not self._fetchable(first):
            first -= 1
        return first, max(1, last - first + 1)

    def _start(
        self,
        mode: Mode,
        first_page: int,
        pages: int,
        fetch: Callable[[str | None, int], Awaitable[Page[T]]] | None = None,
    ) -> None:
        if mode != "fill":
            # what an older request brings after this is dropped
            self._generation += 1
        if mode == "refetch":
            token: str | None = None
        else:
            token = self._token(first_page)
        self._loading = True
        self._error = None
        self.refresh_summary()
        self._worker = self._load(fetch or self._fetch, self._generation, mode, first_page, pages, token)

    @work(exclusive=True, group="page", exit_on_error=False)
    async def _load(
        self,
        fetch: Callable[[str | None, int], Awaitable[Page[T]]],
        generation: int,
        mode: Mode,
        first_page: int,
        pages: int,
        token: str | None,
    ) -> None:
        got: list[tuple[int, list[Any], str | None]] = []
        total: int | None = None
        exact = True
        for page_number in range(first_page, first_page + pages):
            self.requests += 1
            page = await fetch(token, self.page_size)
            got.append((page_number, list(page.items), page.next))
            token = page.next
            if page.total is not None:
                total, exact = page.total, page.total_exact
            if token is None:
                break
        if total is None and mode == "reload" and first_page > 0:
            # C7 counts with the first page only: a reload further down asks for the total the
            # change may have moved with one row of the first page
            self.requests += 1
            counted = await fetch(None, 1)
            total, exact = counted.total, counted.total_exact
        self.post_message(self._Arrived(generation, mode, got, total, exact))

    @on(_Arrived)
    def _arrived(self, message: _Arrived) -> None:
        if message.generation != self._generation:
            return
        self._loading = False
        keep_key, position, top = self.current_key(), self.current_position(), self._top()
        mode = message.mode
        if mode != "fill":
            for key in list(self._items):
                self._drop(key)
            self._pages.clear()
            if mode == "refetch":
                self._lengths.clear()
                self._tokens = {0: None}
                self._end = None
                self._walking = self._to_end = False
        if message.total is not None or mode != "fill":
            # a later page comes without the total (C7 counts the first only): the one we have stays
            self.total = message.total
            self.total_exact = message.total_exact
        changed: list[str] = []
        arrived: list[T] = []
        if mode == "refetch":
            # another query: its values size the columns
            self._widest.clear()
        widest = dict(self._widest)
        for page, items, next_token in message.pages:
            changed.extend(self._put(page, items, next_token))
            arrived.extend(items)
        self._empty_pages = all(not items for _, items, _ in message.pages)
        self._layout()
        # wider values: the columns fitted again before the rows are shown (once)
        columns = self._widest != widest and self._take_fit(self._fit())
        if self.filter_text:
            self._filter_view()
        if mode == "refetch":
            self._show(0, keep_key=keep_key, columns=columns)
        elif mode == "reload":
            self._show(position, keep_key=keep_key, top=top, columns=columns)
        elif self._walking or self._to_end:
            self._to_end = False
            self._show(self._length() - 1, columns=columns)
        elif columns:
            self._show(position, keep_key=keep_key, top=top, columns=True)
        else:
            self._update_window(changed)
            self._follow()
        self._evict(self._cursor_page())
        if self.filter_text and len(self._view) != len(self._view_at):
            self._filter_view()
        self.refresh_summary()
        self.post_message(self.PageLoaded(arrived, mode != "fill", table=self))
        self._pump(by_user=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "page" or worker is not self._worker:
            return
        if event.state is WorkerState.ERROR and worker.error is not None:
            self._loading = False
            self._walking = self._to_end = False
            self._error = f"could not load: {_describe(worker.error)} (ctrl+r retries)"
            self.refresh_summary()
            self.post_message(self.LoadFailed(worker.error, table=self))
        elif event.state is WorkerState.CANCELLED:
            self._loading = False

    def _wanted(self) -> list[int]:
        """Pages not loaded that the cursor or the screen is on or near."""
        position = self.current_position()
        if position is None or self.filter_text:
            return []
        # while the window settles the scroll offset is stale: the cursor alone says where the screen is
        top = position if self._settling else self._top()
        height = max(self.table.size.height, 1)
        first = max(0, min(top, position) - PREFETCH_ROWS)
        last = min(self._length() - 1, max(top + height, position) + PREFETCH_ROWS)
        if last < first:
            return []
        pages = range(self._page_at(first), self._page_at(last) + 1)
        return [p for p in pages if p not in self._pages and self._fetchable(p)]

    def _pump(self, *, by_user: bool) -> None:
        """Start the next load the cursor needs, if none is running: the rows it is near, the next
        page near the end, more pages while a filter finds few matches, the next page of a walk."""
        if self._loading or (self._error and not by_user):
            return
        if self._walking:
            if self.next_token is None or self._end is not None:
                self._walking = False
                self.refresh_summary()
            else:
                self._start("fill", self._last_seen() + 1, 1)
            return
        wanted = self._wanted()
        if wanted:
            here = self._cursor_page()
            nearest = min(wanted, key=lambda p: abs(p - (here or 0)))
            first = nearest
            while first - 1 in wanted and nearest - first < RUN_PAGES - 1:
                first -= 1
            count = 1
            while first + count in wanted and count < RUN_PAGES:
                count += 1
            self._start("fill", first, count)
            return
        if self._empty_pages and not by_user:
            # a page with nothing on it: do not ask again on our own
            return
        position = self.current_position()
        near_end = position is None or position >= self._length() - PREFETCH_ROWS
        if self.filter_text:
            few = len(self._view) < max(10, self.table.size.height)
            if (few or near_end) and ((by_user and near_end) or len(self._items) < FILTER_FETCH_LIMIT):
                self.load_next()
        elif near_end:
            self.load_next()

    def _moved(self) -> None:
        """The cursor moved: the window follows it near its edge, and what it needs is loaded."""
        self._follow()
        self._pump(by_user=True)
        self.refresh_summary()

    def follow_cursor(self) -> None:
        """The DataTable's cursor moved: the window follows it (unless the window is being built)."""
        if not self._building:
            self._follow()

    def _follow(self) -> None:
        """The window built again around the cursor when the cursor is near its edge (and there
        are rows beyond that edge)."""
        table = self.table
        if not table.row_count:
            return
        first, end = self._window
        row = table.cursor_row
        if (row < MARGIN and first > 0) or (row >= end - first - MARGIN and end < self._length()):
            self._show(first + row, top=self._top())

    def _scrolled(self, _: float) -> None:
        """The screen scrolled (the mouse wheel): the window follows the screen near its edge."""
        if self._building or self._settling:
            return
        table = self.table
        first, end = self._window
        top = int(table.scroll_y)
        height = max(table.size.height, 1)
        if (top < MARGIN // 2 and first > 0) or (top + height > end - first - MARGIN // 2 and end < self._length()):
            position = self.current_position()
            # the screen stays where the wheel took it, the cursor (kept in the window) need not be on it
            self._show(position, top=first + top, center=first + top + height // 2, cursor_in_view=False)
        self._pump(by_user=False)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is self.table and not self._building:
            self._moved()

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
        """Show only loaded rows whose shown cells contain `text` (any case); "" shows all again."""
        text = text.strip()
        if text == self.filter_text:
            return
        keep_key = self.current_key()
        self.filter_text = text
        if text:
            self._filter_view()
        else:
            self._view, self._view_at = [], {}
        self._show(0, keep_key=keep_key)
        self.refresh_summary()
        self._pump(by_user=False)

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
        """The first row of the whole result."""
        self._walking = False
        if self._window[0] > 0:
            self._show(0, top=0)
            self._pump(by_user=True)
        elif self.table.row_count:
            self.table.move_cursor(row=0)

    def cursor_bottom(self) -> None:
        """The last row of the whole result: at once where any page can be fetched on its own (the
        rows between load when the cursor comes to them), else page after page (esc stops)."""
        length = self._length()
        if not length:
            return
        if not self.filter_text and self.next_token is not None and self._end is None:
            if self.seek is not None and self.total is not None and self.total_exact:
                # the last page at once; the rows between show as loading until the cursor comes
                self._to_end = True
                self._start("fill", max(0, math.ceil(self.total / self.page_size) - 1), 1)
                self.refresh_summary()
                return
            self._walking = True
        if self._window[1] < length:
            self._show(length - 1)
        else:
            self.table.move_cursor(row=self.table.row_count - 1)
        self._pump(by_user=True)
        self.refresh_summary()

    # -- summary ----------------------------------------------------------------------------------

    def summary_parts(self) -> list[str]:
        loaded = len(self._items)
        more = "+" if not self.total_exact or (self.total is None and self.has_more) else ""
        whole = self.total if self.total is not None else self._starts[-1]
        position = self.current_position()
        parts: list[str] = []
        if self.filter_text:
            matches = len(self._view)
            what = safe_text(self.filter_text)
            parts.append(f"{matches:,} {'match' if matches == 1 else 'matches'} /{what}")
            parts.append(f"in {loaded:,} loaded of {whole:,}{more}")
        else:
            if position is not None:
                parts.append(f"row {position + 1:,} of {whole:,}{more}")
            parts.append(f"{loaded:,} loaded")
        if self.marked:
            parts.append(f"{len(self.marked)} marked")
        if self.summary_extra is not None:
            parts.extend(self.summary_extra())
        if self._walking:
            parts.append(f"loading page {self._last_seen() + 2:,}… (esc stops)")
        elif self._loading:
            parts.append("loading…")
        elif self.has_more:
            parts.append("more below")
        if self._error:
            parts.insert(0, self._error)
        return parts

    def refresh_summary(self) -> None:
        """Redraw the summary line (the owner calls it when what `summary_extra` says changes)."""
        self._summary.update(Text(" · ".join(self.summary_parts())))
