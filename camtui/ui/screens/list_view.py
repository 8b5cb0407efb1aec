"""The list every kind gets: a server-paged table, live filter, marks, sort, wide mode, actions.

A `ListView` is made from a kind declaration (camtui.kinds) and the session it shows. The kind's
actions become keys, offered only where the engine has the capability and the profile may change
things; every action runs through the one runner (camtui.ui.action_flow).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from camtui.api.models import EngineKind
from camtui.api.paging import Page, offset_token
from camtui.api.plan import OutcomeStatus
from camtui.kinds.base import Action, Column, Kind, Scope
from camtui.kinds.format import safe
from camtui.kinds.head_start import FIRST_PAGE, HeadStart
from camtui.ui.action_flow import run_action
from camtui.ui.context import context
from camtui.ui.keys_order import own_keys_first
from camtui.ui.screens.base import CamtuiScreen
from camtui.ui.session import Session
from camtui.ui.widgets.keys_footer import KeysFooter
from camtui.ui.widgets.paged_table import PagedTable
from camtui.ui.widgets.status_header import StatusHeader

T = TypeVar("T")
PAGE_SIZE = FIRST_PAGE
# an action over the whole query acts on at most this many (frozen when planned)
QUERY_LIMIT = 10_000


class ListView(CamtuiScreen[None], Generic[T]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority, and focus moved at once: keys typed right after `/` belong to the filter box, not
        # to the table's single-letter keys (Widget.focus() would move it only after they are handled)
        Binding("slash", "filter", "Filter", id="list.filter", priority=True),
        Binding("ctrl+r", "refresh", "Refresh", id="list.refresh"),
        Binding("enter", "open", "Open", id="list.open"),
        Binding("space", "mark", "Mark", id="list.mark"),
        Binding("s", "cycle_sort", "Sort", id="list.sort"),
        Binding("S", "flip_sort", "Sort ↕", id="list.sort_order", show=False),
        Binding("ctrl+w", "wide", "Wide", id="list.wide", show=False),
        Binding("escape", "back", "Back", id="list.back"),
        # vi keys, as in k9s
        Binding("j", "cursor('down')", "Down", show=False, id="list.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="list.up"),
        Binding("G,ctrl+end", "cursor('bottom')", "Last row", show=False, id="list.bottom"),
        Binding("g,ctrl+home", "cursor('top')", "First row", show=False, id="list.top"),
    ]

    def __init__(self, kind: Kind[T], session: Session, query: Any = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self.page_size = page_size
        self.kind = kind
        self.session = session
        self.title = kind.title
        self.query_filter = query if query is not None else kind.new_query()
        self.sort_index = -1
        self.descending = False
        # the first page, asked for before the screen is shown (see prefetch)
        self._first_page: asyncio.Task[Page[T]] | None = None
        self.offered: dict[str, Action[Any]] = {}
        for action in kind.supported_actions(session.capabilities, read_only=session.read_only):
            self.offer(action)
        for index, view in enumerate(kind.views):
            if view.capability in session.capabilities:
                binding_id = f"{kind.name}.{view.label.lower()}"
                self._bindings._add_binding(Binding(view.key, f"open_view({index})", view.label, id=binding_id))
        create = kind.create
        if create is not None and create.capability in session.capabilities and not session.read_only:
            self.offer(create)
        # the footer shows what this list is for before the keys every list has
        views = {f"{kind.name}.{view.label.lower()}" for view in kind.views}
        common = {b.id for b in ListView.BINDINGS if isinstance(b, Binding) and b.id}
        own_keys_first(self._bindings, {*self.offered, *views}, common)

    def offer(self, action: Action[Any]) -> None:
        """A key for the action, with the action's id as the binding id (remappable in [keys])."""
        self.offered[action.id] = action
        self._bindings._add_binding(Binding(action.key, f"run('{action.id}')", action.label, id=action.id))

    # -- what the screen shows --------------------------------------------------------------------

    @property
    def VIEW(self) -> str:
        return self.kind.name

    @property
    def breadcrumbs(self) -> list[str]:
        return [self.kind.title.lower()]

    @property
    def table(self) -> PagedTable[T]:
        return self.query_one("#paged", PagedTable)

    @property
    def items(self) -> list[T]:
        return self.table.items

    @property
    def loading_more(self) -> bool:
        return self.table.is_loading

    def columns(self) -> tuple[Column[T], ...]:
        return self.kind.columns

    def key_of(self, item: T) -> str:
        return self.kind.key_of(item)

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status-header")
        yield Static(id="crumbs")
        yield PagedTable(
            self.columns(), self.fetch, key_of=self.kind.key_of, page_size=self.page_size, seek=self.seek(), id="paged"
        )
        yield Input(placeholder="filter rows (esc clears)", id="filter")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        table = self.table
        table.summary_extra = self.summary_extra
        context(self).sync_header(self.query_one(StatusHeader))
        self.render_crumbs()
        first, self._first_page = self._first_page, None
        if first is not None:
            table.load_first(first)
        else:
            table.reload()

    def prefetch(self, start: HeadStart | None = None) -> None:
        """Ask for the first page now, before the screen is shown (at start-up, with the engine and
        the user): the list paints one round trip sooner. Where `start` (camtui.console, before the
        console was imported) asked for this very page, its answer is taken instead."""
        generic = type(self).fetch is ListView.fetch
        taken = start.page_for(self.kind, self.effective_query(), self.page_size) if start and generic else None
        if taken is not None:
            self._first_page = asyncio.ensure_future(taken)
            return
        self._first_page = asyncio.ensure_future(self.fetch(None, self.page_size))

    async def cancel_prefetch(self) -> None:
        first, self._first_page = self._first_page, None
        if first is not None:
            first.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await first

    def render_crumbs(self) -> None:
        parts = [self.session.name, *self.breadcrumbs]
        self.query_one("#crumbs", Static).update(Text(safe(" › ".join(parts), layout=False), style="bold"))

    def summary_extra(self) -> list[str]:
        if self.sort_index < 0:
            return []
        return [f"sorted by {self.sorts[self.sort_index]} {'↓' if self.descending else '↑'}"]

    # -- loading ----------------------------------------------------------------------------------

    def effective_query(self) -> Any:
        if self.kind.sorted_query is None:
            return self.query_filter
        field = self.sorts[self.sort_index] if self.sort_index >= 0 else None
        return self.kind.sorted_query(self.query_filter, field, self.descending)

    def seek(self) -> Callable[[int], str] | None:
        """How to make the token for any offset, where the engine pages by offset (Camunda 7): then
        `G` fetches the last page at once. None (Camunda 8's cursors): pages one after another."""
        return offset_token if self.session.engine_kind is EngineKind.C7 else None

    async def fetch(self, after: str | None, limit: int) -> Page[T]:
        page: Page[T] = await self.kind.fetch(self.session.engine, self.effective_query(), after, limit)
        return page

    def reload(self) -> None:
        self.table.reload()

    @on(PagedTable.PageLoaded)
    def page_loaded(self, message: PagedTable.PageLoaded) -> None:
        context(self).refreshed(self.kind.name)
        self.page_shown(list(message.items))

    def page_shown(self, items: list[T]) -> None:
        """A page is on screen; subclasses may fetch what is cheaper to show late."""

    @on(PagedTable.LoadFailed)
    def load_failed(self, message: PagedTable.LoadFailed) -> None:
        context(self).handle_error(message.error)

    @on(PagedTable.Opened)
    def opened(self, message: PagedTable.Opened) -> None:
        self.open_item(message.item)

    def open_item(self, item: T) -> None:
        """Enter on a row: everything about it, where the kind can describe one."""
        if self.kind.describe is not None:
            from camtui.ui.screens.describe_view import DescribeScreen

            self.app.push_screen(
                DescribeScreen(self.session, self.kind.singular, self.kind.key_of(item), self.breadcrumbs)
            )

    # -- actions ----------------------------------------------------------------------------------

    def action_run(self, action_id: str) -> None:
        action = self.offered.get(action_id)
        if action is None:
            return
        if action.scope is Scope.NONE:
            self.start_create(action)
            return
        if action.scope is Scope.QUERY:
            self.run_on_query(action)
            return
        if action.scope is Scope.FILTER:
            # the query itself goes to the engine (Camunda 8's batch operations): the form starts from it
            self.run_flow(action, [self.query_filter], action.prefill(self.query_filter) if action.prefill else None)
            return
        if action.scope is Scope.CURSOR:
            current = self.table.current_item()
            items = [current] if current is not None else []
        else:
            items = self.table.targets()
        if not items:
            self.notify("Nothing to act on: move the cursor to a row, or mark rows with space.", severity="warning")
            return
        # an edit starts from what the row holds
        self.run_flow(action, items, action.prefill(items[0]) if action.prefill is not None else None)

    def start_create(self, action: Action[Any]) -> None:
        """An action that makes something new asks for it in its own form (subclasses)."""
        self.run_flow(action, [None])

    @work(group="action", exit_on_error=False)
    async def run_on_query(self, action: Action[Any], options: dict[str, Any] | None = None) -> None:
        """Everything the current query matches, frozen now: later changes to the list change nothing."""
        items: list[Any] = []
        token: str | None = None
        while len(items) < QUERY_LIMIT:
            page = await self.fetch(token, min(500, QUERY_LIMIT - len(items)))
            items.extend(page.items)
            if page.next is None:
                break
            token = page.next
        else:
            self.notify(f"The query matches more than {QUERY_LIMIT}; narrow it first.", severity="warning")
            return
        if not items:
            self.notify("The query matches nothing.", severity="warning")
            return
        await self.run_flow(action, items, options).wait()

    @work(group="action", exit_on_error=False)
    async def run_flow(self, action: Action[Any], items: list[Any], options: dict[str, Any] | None = None) -> None:
        report = await run_action(self, self.session, action, items, options)
        if report is None:
            return
        done = {o.target.id for o in report.outcomes if o.status is OutcomeStatus.DONE}
        # what is gone is no longer marked; what failed stays marked, to try again
        self.table.unmark(done)
        if action.reloads:
            self.table.reload()

    def action_refresh(self) -> None:
        self.table.reload()

    def action_cursor(self, where: str) -> None:
        table = self.table
        {"down": table.cursor_down, "up": table.cursor_up, "bottom": table.cursor_bottom, "top": table.cursor_top}[
            where
        ]()

    def action_open(self) -> None:
        item = self.table.current_item()
        if item is not None:
            self.open_item(item)

    def action_open_view(self, index: int) -> None:
        item = self.table.current_item()
        if item is not None:
            from camtui.ui.views import view_screen

            self.app.push_screen(view_screen(self.kind.views[index], self.session, self.kind, self.kind.key_of(item)))

    def action_mark(self) -> None:
        self.table.toggle_mark()

    def action_wide(self) -> None:
        self.table.toggle_wide()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # a `/` typed into any text box on this screen is text
        return not (action == "filter" and isinstance(self.focused, Input))

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        self.set_focus(box)

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.table.set_filter(event.value.strip())

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.table.focus()

    def action_back(self) -> None:
        if self.table.stop_loading():
            # esc stops a walk to the last row first
            return
        box = self.query_one("#filter", Input)
        if box.display:
            box.value = ""
            box.display = False
            self.table.focus()
            return
        context(self).go_back()

    @property
    def sorts(self) -> tuple[str, ...]:
        """The sort fields this engine offers for the kind."""
        return self.kind.sorts_for(self.session.capabilities)

    def action_cycle_sort(self) -> None:
        if not self.sorts or self.kind.sorted_query is None:
            self.notify("This list has no server-side sort.", severity="warning")
            return
        self.sort_index = (self.sort_index + 1) % len(self.sorts)
        self.table.reload()

    def action_flip_sort(self) -> None:
        if self.sort_index < 0:
            self.action_cycle_sort()
            return
        self.descending = not self.descending
        self.table.reload()
