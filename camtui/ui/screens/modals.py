"""Questions the app asks: confirm (typed for high risk), errors, passwords."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from camtui.api import errors
from camtui.kinds.format import safe


class ConfirmModal(ModalScreen[bool]):
    """States what will happen; with `typed`, the user must type that word to go ahead."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="confirm.cancel")]

    def __init__(
        self, title: str, details: str, *, action: str = "Delete", typed: str | None = None, danger: bool = True
    ) -> None:
        super().__init__()
        self.title_text = title
        self.details = details
        self.action_label = action
        self.typed = typed
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog danger" if self.danger else "dialog"):
            yield Label(Text(self.title_text, style="bold"))
            yield Static(Text(safe(self.details)), id="details")
            if self.typed:
                yield Label(Text(f"Type {self.typed!r} to confirm:"))
                yield Input(id="typed", placeholder=self.typed)
            with Horizontal(classes="buttons"):
                yield Button(
                    self.action_label, id="go", variant="error" if self.danger else "primary", disabled=bool(self.typed)
                )
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        # a destructive action starts on Cancel; a harmless question on its answer
        self.query_one("#typed" if self.typed else ("#cancel" if self.danger else "#go")).focus()

    @on(Input.Changed, "#typed")
    def typed_changed(self, event: Input.Changed) -> None:
        self.query_one("#go", Button).disabled = event.value.strip() != self.typed

    @on(Input.Submitted, "#typed")
    def typed_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() == self.typed:
            self.dismiss(True)

    @on(Button.Pressed, "#go")
    def go(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class ErrorModal(ModalScreen[None]):
    """An actionable error: the engine's own message, what to do, and details to copy."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="error.close"),
        Binding("enter", "close", "Close", show=False, id="error.close_enter"),
    ]

    def __init__(self, title: str, error: BaseException) -> None:
        super().__init__()
        self.title_text = title
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog error"):
            yield Label(Text(self.title_text, style="bold red"))
            with VerticalScroll(id="error-body"):
                yield Static(Text(safe(describe(self.error))), id="error-message")
            yield Button("Close", id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close").focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


def describe(error: BaseException) -> str:
    if isinstance(error, errors.EngineError):
        return error.describe()
    return f"{type(error).__name__}: {error}"


class PasswordModal(ModalScreen[str | None]):
    """Asks for a profile's secret inside the TUI; the value goes nowhere but the connection."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="password.cancel")]

    def __init__(self, profile: str, what: str, reason: str = "") -> None:
        super().__init__()
        self.profile = profile
        self.what = what
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(Text(f"{self.what.capitalize()} for profile {self.profile!r}", style="bold"))
            if self.reason:
                yield Static(Text(safe(self.reason)), classes="dim")
            yield Input(password=True, id="secret")
            with Horizontal(classes="buttons"):
                yield Button("Connect", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#secret").focus()

    @on(Input.Submitted, "#secret")
    @on(Button.Pressed, "#ok")
    def ok(self) -> None:
        value = self.query_one("#secret", Input).value
        if value:
            self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
