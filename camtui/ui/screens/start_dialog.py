"""Start a process instance: business key and typed variables, checked before anything is sent.

The engine's refusal shows in the form with everything typed kept. Once started, the form says
which instance it made and offers to open it (enter), or to close (esc).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from camtui.api import errors
from camtui.api.models import ProcessDefinition, VariableSyntaxError, VariableValue
from camtui.api.plan import Report
from camtui.kinds.format import safe
from camtui.ui.screens.base import CamtuiModal
from camtui.ui.screens.modals import describe
from camtui.ui.widgets.variables_editor import VariablesEditor

Submit = Callable[["StartModal", str | None, dict[str, VariableValue]], Awaitable[Report | None]]


class StartModal(CamtuiModal[str | None]):
    """Dismisses with the new instance's id to open it, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="start.cancel"),
        Binding("ctrl+s", "start", "Start", id="start.go"),
    ]

    def __init__(self, definition: ProcessDefinition, submit: Submit) -> None:
        super().__init__()
        self.definition = definition
        self.submit = submit
        self.started: str | None = None

    def compose(self) -> ComposeResult:
        d = self.definition
        with VerticalScroll(id="dialog", classes="dialog form tall"):
            title = Text(f"Start {safe(d.bpmn_process_id)} v{d.version}    ctrl+s starts · esc closes")
            yield Label(title, classes="title")
            yield Label("Business key (optional)")
            yield Input(id="business-key")
            yield VariablesEditor(id="variables")
            yield Static("", id="start-error", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button("Start", id="go", variant="primary")
                yield Button("Open instance", id="open", variant="success")
                yield Button("Close", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#open", Button).display = False
        self.query_one("#business-key").focus()

    @on(Button.Pressed, "#go")
    def action_start(self) -> None:
        go = self.query_one("#go", Button)
        if go.disabled or self.started:
            return
        message = self.query_one("#start-error", Static)
        editor = self.query_one(VariablesEditor)
        editor.problems()
        try:
            variables = editor.values()
        except VariableSyntaxError as exc:
            message.update(Text(f"Not started: {exc}", style="red"))
            return
        message.update("Starting…")
        go.disabled = True
        self.start(self.query_one("#business-key", Input).value.strip() or None, variables)

    @work(exclusive=True, group="start", exit_on_error=False)
    async def start(self, business_key: str | None, variables: dict[str, VariableValue]) -> None:
        message = self.query_one("#start-error", Static)
        try:
            report = await self.submit(self, business_key, variables)
        except errors.EngineError as exc:
            # refused before anything was sent (read-only, a capability the engine lacks)
            message.update(Text(safe(describe(exc)), style="red"))
            report = None
        else:
            if report is None:
                message.update(Text("Not started: the confirmation was cancelled.", style="yellow"))
            elif not report.ok:
                # stay open with everything typed; the engine's own words
                failure = "\n".join(o.message for o in report.outcomes if o.message) or report.summary()
                message.update(Text(safe(failure), style="red"))
        if report is None or not report.ok:
            self.query_one("#go", Button).disabled = False
            return
        result: Any = report.outcomes[0].result if report.outcomes else None
        self.started = str(result.get("id")) if isinstance(result, dict) and result.get("id") else None
        if self.started is None:
            self.dismiss(None)
            return
        message.update(Text(f"Started instance {safe(self.started)}. Open it?", style="green"))
        self.query_one("#go", Button).display = False
        opener = self.query_one("#open", Button)
        opener.display = True
        opener.focus()

    @on(Button.Pressed, "#open")
    def open_started(self) -> None:
        self.dismiss(self.started)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
