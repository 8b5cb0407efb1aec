"""Typed variables in a small form (the variables editor), for setting them on an instance."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, Static

from camtui.api.models import VariableSyntaxError, VariableValue
from camtui.kinds.format import safe
from camtui.ui.screens.base import CamtuiModal
from camtui.ui.widgets.variables_editor import VariablesEditor


class VariablesModal(CamtuiModal[dict[str, VariableValue] | None]):
    """Dismisses with the typed values (then planned and confirmed), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="variables.cancel"),
        Binding("ctrl+s", "ok", "Continue", id="variables.ok"),
    ]

    def __init__(self, title: str, rows: list[tuple[str, str, str]] | None = None) -> None:
        super().__init__()
        self.heading = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog form tall"):
            yield Label(Text(safe(self.heading) + "    ctrl+s continues · esc cancels"), classes="title")
            yield VariablesEditor(self.rows, id="variables")
            yield Static("", id="variables-error", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button("Continue", id="go", variant="primary")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#go")
    def action_ok(self) -> None:
        editor = self.query_one(VariablesEditor)
        editor.problems()
        try:
            values = editor.values()
        except VariableSyntaxError as exc:
            self.query_one("#variables-error", Static).update(Text(str(exc), style="red"))
            return
        if not values:
            self.query_one("#variables-error", Static).update(Text("Give at least one variable.", style="red"))
            return
        self.dismiss(values)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
