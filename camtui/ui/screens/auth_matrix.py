"""`:auth` — authorizations: the generic list (`m` the matrix, `x` the explainer), and the matrix of
one resource type: a row per user or group and resource id, a column per permission, each cell
grant (✓), revoke (✗) or nothing; global authorizations in their own table below.

In the matrix `[` and `]` change the resource type, `/` filters rows by user, group or resource id,
`n` creates, `e` edits and `ctrl+d` deletes the authorization of the row, through the one runner.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Label, Static

from camtui.api.models import Authorization, AuthorizationFilter
from camtui.kinds.auth_matrix import GRANT, Matrix, MatrixRow, build
from camtui.kinds.base import Action
from camtui.kinds.explain import all_pages
from camtui.kinds.format import safe
from camtui.kinds.identity import AUTHORIZATIONS
from camtui.kinds.identity_actions import AUTH_ACTIONS, AUTH_CREATE
from camtui.kinds.permissions import PERMISSIONS
from camtui.ui.action_flow import run_action
from camtui.ui.context import context
from camtui.ui.screens.base import CamtuiScreen
from camtui.ui.screens.list_view import PAGE_SIZE, ListView
from camtui.ui.session import Session
from camtui.ui.widgets.status_header import StatusHeader

TYPES = tuple(PERMISSIONS)


class AuthorizationsScreen(ListView[Authorization]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "matrix", "Matrix", id="authorizations.matrix"),
        Binding("x", "explain", "Explain", id="authorizations.explain"),
    ]

    def __init__(self, session: Session, query: AuthorizationFilter | None = None, *, page_size: int = PAGE_SIZE):
        super().__init__(AUTHORIZATIONS, session, query, page_size=page_size)

    def action_matrix(self) -> None:
        current = self.table.current_item()
        self.app.push_screen(AuthMatrixScreen(self.session, current.resource_type if current else "PROCESS_DEFINITION"))

    def action_explain(self) -> None:
        from camtui.ui.screens.explain import ExplainModal

        a = self.table.current_item()
        if a is None:
            self.app.push_screen(ExplainModal(self.session))
            return
        self.app.push_screen(
            ExplainModal(
                self.session,
                user=a.user_id if a.user_id and a.user_id != "*" else "",
                rtype=a.resource_type,
                resource_id=a.resource_id,
            )
        )


class AuthMatrixScreen(CamtuiScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "type(-1)", "Prev type", id="matrix.prev"),
        Binding("right_square_bracket", "type(1)", "Next type", id="matrix.next"),
        Binding("slash", "filter", "Filter", id="matrix.filter"),
        Binding("ctrl+r", "refresh", "Refresh", id="matrix.refresh"),
        Binding("n", "change('create')", "New", id="matrix.new"),
        Binding("e", "change('authorizations.edit')", "Edit", id="matrix.edit"),
        Binding("ctrl+d", "change('authorizations.delete')", "Delete", id="matrix.delete"),
        Binding("x", "explain", "Explain", id="matrix.explain"),
        Binding("escape", "back", "Back", id="matrix.back"),
    ]

    class Loaded(Message):
        def __init__(self, authorizations: list[Authorization]) -> None:
            super().__init__()
            self.authorizations = authorizations

    def __init__(self, session: Session, resource_type: str = "PROCESS_DEFINITION") -> None:
        super().__init__()
        self.session = session
        self.resource_type = resource_type.upper() if resource_type.upper() in PERMISSIONS else TYPES[0]
        self.authorizations: list[Authorization] = []
        self.contains = ""
        self.matrix: Matrix | None = None

    @property
    def VIEW(self) -> str:
        return "authorizations"

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status-header")
        yield Static(id="crumbs")
        yield Label(id="type-line")
        yield DataTable(id="matrix", cursor_type="row", zebra_stripes=True)
        yield Label(Text("Global (everyone)", style="bold"), id="globals-title")
        yield DataTable(id="globals", cursor_type="row")
        yield Input(placeholder="filter rows by user, group or resource id (esc clears)", id="filter")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        context(self).sync_header(self.query_one(StatusHeader))
        self.query_one("#crumbs", Static).update(
            Text(safe(f"{self.session.name} › authorizations › matrix", layout=False), style="bold")
        )
        self.load()

    @work(exclusive=True, group="matrix", exit_on_error=False)
    async def load(self) -> None:
        self.query_one("#type-line", Label).update(Text(f"{self.resource_type}: loading…"))
        engine = self.session.engine
        found = await all_pages(
            lambda after: engine.authorizations.list(
                AuthorizationFilter(resource_type=self.resource_type), limit=500, after=after
            )
        )
        self.post_message(self.Loaded(found))

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        self.authorizations = message.authorizations
        self.draw()

    def draw(self) -> None:
        matrix = build(self.resource_type, self.authorizations, contains=self.contains)
        self.matrix = matrix
        where = TYPES.index(self.resource_type) + 1
        filtered = f" · rows with {self.contains!r}" if self.contains else ""
        self.query_one("#type-line", Label).update(
            Text(
                f"{self.resource_type} ({where}/{len(TYPES)}, [ ] change) · {len(matrix.rows)} rows · "
                f"{GRANT} grant  ✗ revoke{filtered}"
            )
        )
        for table_id, rows in (("#matrix", matrix.rows), ("#globals", matrix.globals)):
            table = self.query_one(table_id, DataTable)
            table.clear(columns=True)
            table.add_columns("WHO", "RESOURCE ID", *matrix.permissions)
            for index, row in enumerate(rows):
                cells = [Text(c, style="green" if c == GRANT else "red") for c in row.cells]
                table.add_row(Text(safe(row.who)), Text(safe(row.resource_id)), *cells, key=str(index))
        self.query_one("#globals-title", Label).display = bool(matrix.globals)
        self.query_one("#globals", DataTable).display = bool(matrix.globals)

    def current_row(self) -> MatrixRow | None:
        if self.matrix is None:
            return None
        focused = self.focused
        table_id = "globals" if isinstance(focused, DataTable) and focused.id == "globals" else "matrix"
        table = self.query_one(f"#{table_id}", DataTable)
        rows = self.matrix.globals if table_id == "globals" else self.matrix.rows
        if not rows or table.cursor_row < 0 or table.cursor_row >= len(rows):
            return None
        return rows[table.cursor_row]

    def action_type(self, step: int) -> None:
        self.resource_type = TYPES[(TYPES.index(self.resource_type) + step) % len(TYPES)]
        self.load()

    def action_refresh(self) -> None:
        self.load()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.contains = event.value
        self.draw()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.query_one("#matrix", DataTable).focus()

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if box.display:
            box.value = ""
            box.display = False
            self.query_one("#matrix", DataTable).focus()
            return
        context(self).go_back()

    def action_explain(self) -> None:
        from camtui.ui.screens.explain import ExplainModal

        row = self.current_row()
        user = row.authorization.user_id if row and row.authorization.user_id not in (None, "*") else ""
        self.app.push_screen(
            ExplainModal(
                self.session, user=user or "", rtype=self.resource_type, resource_id=row.resource_id if row else "*"
            )
        )

    def action_change(self, which: str) -> None:
        if self.session.read_only:
            self.notify("The profile is read-only: nothing can be changed here.", severity="warning")
            return
        if which == "create":
            self.change(AUTH_CREATE, [None], {"resource_type": self.resource_type})
            return
        row = self.current_row()
        if row is None:
            self.notify("Move the cursor to an authorization first.", severity="warning")
            return
        action = next(a for a in AUTH_ACTIONS if a.id == which)
        options = action.prefill(row.authorization) if action.prefill else None
        self.change(action, [row.authorization], options)

    @work(group="action", exit_on_error=False)
    async def change(self, action: Action[Any], items: list[Any], options: dict[str, Any] | None) -> None:
        if action.capability not in self.session.capabilities:
            self.notify(f"{action.label} is not offered by this engine.", severity="warning")
            return
        report = await run_action(self, self.session, action, items, options)
        if report is not None:
            self.load()
