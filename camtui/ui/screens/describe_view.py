"""Enter on a definition, instance, incident, task, user, group or tenant: everything about it, and
the lists under it (a group's members, an instance's incidents and tasks), each a paged table.

`tab` moves between the lists; `enter` on a row opens that one the same way.

Where its list acts on rows (a task's claim, a batch's suspend: `ITEM_ACTIONS`), the detail offers
the same actions on the item it shows, on the same keys, through the same runner; afterwards it reads
the item again, or, when the change took it away (a completed task), goes back to the list.
"""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Label, Static

from camtui.api.errors import NotFound
from camtui.api.plan import OutcomeStatus
from camtui.kinds.base import Action, Child, Kind, Scope
from camtui.kinds.registry import by_singular, kind
from camtui.ui.action_flow import run_action
from camtui.ui.context import context
from camtui.ui.keys_order import own_keys_first
from camtui.ui.screens.base import ViewerScreen, back_showing_changes
from camtui.ui.session import Session
from camtui.ui.widgets.description import render_description
from camtui.ui.widgets.paged_table import PagedTable
from camtui.ui.widgets.status_header import StatusHeader

CHILD_PAGE = 50
# kinds whose detail does what their list does to a row (claim, suspend, retries, ...)
ITEM_ACTIONS = frozenset({"tasks", "batches", "batch-operations", "jobs", "job-definitions", "external-tasks"})
ON_ITEM = (Scope.CURSOR, Scope.MARKED)


def detail_screen(session: Session, singular: str, item_id: str, crumbs: list[str]) -> DescribeScreen:
    """The detail enter opens for one item: a task's has its form to complete it with."""
    if singular == "task":
        from camtui.ui.screens.task_detail import TaskDetailScreen

        return TaskDetailScreen(session, item_id, crumbs)
    return DescribeScreen(session, singular, item_id, crumbs)


class DescribeScreen(ViewerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+r", "refresh", "Refresh", id="describe.refresh")]

    class Loaded(Message):
        def __init__(self, data: dict[str, Any]) -> None:
            super().__init__()
            self.data = data

    def __init__(self, session: Session, kind_name: str, item_id: str, crumbs: list[str]) -> None:
        super().__init__(session)
        self.kind = by_singular(kind_name)
        self.item_id = item_id
        self.parents = crumbs
        # the lists the engine can serve
        self.child_lists: list[tuple[Child, Kind[Any]]] = [
            (c, kind(c.kind))
            for c in self.kind.children
            if kind(c.kind).capability in session.capabilities and c.unless not in session.capabilities
        ]
        # the child lists' actions (add or remove a member), keyed once; each runs on the focused list
        self.child_actions: dict[str, Action[Any]] = {}
        for child, _ in self.child_lists:
            for action in child.actions:
                offered = action.capability in session.capabilities and not (session.read_only and action.mutates)
                if offered and action.id not in self.child_actions:
                    self.child_actions[action.id] = action
                    binding = Binding(action.key, f"child_action('{action.id}')", action.label, id=action.id)
                    self._bindings._add_binding(binding)
        for index, view in enumerate(self.kind.views):
            if view.capability in session.capabilities:
                binding_id = f"{self.kind.name}.{view.label.lower()}"
                self._bindings._add_binding(Binding(view.key, f"open_view({index})", view.label, id=binding_id))
        # the list's actions on this one item, with the list's keys and binding ids
        self.offered: dict[str, Action[Any]] = {}
        # a change was made here: the screen below shows it when this one closes
        self.changed = False
        if self.kind.name in ITEM_ACTIONS and self.kind.get is not None:
            taken = {b.key for bindings in self._bindings.key_to_bindings.values() for b in bindings}
            for action in self.kind.supported_actions(session.capabilities, read_only=session.read_only):
                if action.scope in ON_ITEM and action.key not in taken:
                    self.offered[action.id] = action
                    self._bindings._add_binding(Binding(action.key, f"run('{action.id}')", action.label, id=action.id))
        if self.offered:
            # the footer shows what can be done to it before how to move around
            own_keys_first(self._bindings, self.offered, {"viewer.back", "describe.refresh"})

    def crumbs(self) -> list[str]:
        return [*self.parents, self.item_id]

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status-header")
        yield Static(id="crumbs")
        with VerticalScroll(id="viewer", classes="with-children" if self.child_lists else ""):
            yield Static("loading…", id="content")
        engine = self.session.engine
        for index, (child, child_kind) in enumerate(self.child_lists):
            yield Label(Text(child.title, style="bold"), classes="section")
            fetch = partial(child_kind.fetch, engine, child.query(self.item_id))
            yield PagedTable(
                child_kind.columns,
                fetch,
                key_of=child_kind.key_of,
                page_size=CHILD_PAGE,
                id=f"child-{index}",
                classes="child-list",
            )
        yield Footer()

    def start_loading(self) -> None:
        self.load()

    @work(exclusive=True, group="describe", exit_on_error=False)
    async def load(self) -> None:
        describe = self.kind.describe
        assert describe is not None
        self.post_message(self.Loaded(await describe(self.session.engine, self.item_id)))

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        # labels and values, lists as tables: the way the instance detail reads (not the CLI's YAML)
        self.query_one("#content", Static).update(render_description(message.data))

    @on(PagedTable.Opened)
    def child_opened(self, message: PagedTable.Opened) -> None:
        table = message.control
        if table is None or not (table.id or "").startswith("child-"):
            return
        _, child_kind = self.child_lists[int((table.id or "child-0").removeprefix("child-"))]
        if child_kind.describe is not None:
            key = child_kind.key_of(message.item)
            self.app.push_screen(detail_screen(self.session, child_kind.singular, key, self.crumbs()))

    @on(PagedTable.LoadFailed)
    def child_failed(self, message: PagedTable.LoadFailed) -> None:
        context(self).handle_error(message.error)

    def focused_child(self) -> tuple[Child, PagedTable[Any]] | None:
        """The child list that has the focus (or holds the focused widget)."""
        node = self.focused
        while node is not None:
            if isinstance(node, PagedTable) and (node.id or "").startswith("child-"):
                return self.child_lists[int((node.id or "").removeprefix("child-"))][0], node
            node = node.parent  # type: ignore[assignment]
        return None

    def action_child_action(self, action_id: str) -> None:
        action = self.child_actions[action_id]
        found = self.focused_child()
        if found is None or action not in found[0].actions:
            self.notify(f"{action.label}: move to one of the lists below first (tab).", severity="warning")
            return
        child, table = found
        if action.scope is Scope.NONE:
            query = child.query(self.item_id)
            # the list's query says what to add to (the owner, its id, the kind of member)
            self.run_child_flow(action, table, [None], query.model_dump() if hasattr(query, "model_dump") else {})
            return
        current = table.current_item()
        items = table.targets() if action.scope is not Scope.CURSOR else ([current] if current is not None else [])
        if not items:
            self.notify("Nothing to act on: move the cursor to a row, or mark rows with space.", severity="warning")
            return
        self.run_child_flow(action, table, items, None)

    @work(group="action", exit_on_error=False)
    async def run_child_flow(
        self, action: Action[Any], table: PagedTable[Any], items: list[Any], options: dict[str, Any] | None
    ) -> None:
        report = await run_action(self, self.session, action, items, options)
        if report is None:
            return
        table.unmark({o.target.id for o in report.outcomes if o.status is OutcomeStatus.DONE})
        table.reload()

    def action_open_view(self, index: int) -> None:
        from camtui.ui.views import view_screen

        self.app.push_screen(view_screen(self.kind.views[index], self.session, self.kind, self.item_id))

    def action_refresh(self) -> None:
        self.load()
        for table in self.query(PagedTable):
            table.reload()

    # -- the list's actions on the item shown -------------------------------------------------------

    def action_run(self, action_id: str) -> None:
        action = self.offered.get(action_id)
        if action is not None:
            self.act(action)

    @work(group="action", exit_on_error=False)
    async def act(self, action: Action[Any]) -> None:
        item = await self.current()
        # an edit starts from what the item holds, as on the list
        options = action.prefill(item) if action.prefill is not None else None
        if await run_action(self, self.session, action, [item], options) is not None:
            await self.changed_here()

    async def current(self) -> Any:
        """The item as the engine has it now (the plan starts from that, not from an older read)."""
        get = self.kind.get
        assert get is not None
        return await get(self.session.engine, self.item_id)

    async def changed_here(self) -> None:
        """After a change: the item read again, or, gone (a completed task), back to the list."""
        self.changed = True
        try:
            await self.current()
        except NotFound:
            self.action_back()
            return
        self.action_refresh()

    def action_back(self) -> None:
        if self.changed:
            back_showing_changes(self)
        else:
            context(self).go_back()
