"""`?`: the keys of the current view, generated from its bindings (and the app's)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def key_table(screen: Screen[object], app_bindings: list[tuple[Binding, str]]) -> Table:
    title = screen.title or getattr(screen, "TITLE", "") or type(screen).__name__
    table = Table(title=f"Keys: {title}", expand=True)
    table.add_column("key", style="bold cyan", no_wrap=True)
    table.add_column("action")
    table.add_column("binding id", style="dim")
    seen: set[str] = set()
    for _, binding in screen._bindings:
        for key_binding in binding if isinstance(binding, list) else [binding]:
            b: Binding = key_binding
            if b.key in seen:
                continue
            seen.add(b.key)
            table.add_row(screen.app.get_key_display(b), b.description or b.action, b.id or "")
    for b, display in app_bindings:
        if b.key not in seen:
            table.add_row(display, b.description, b.id or "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("question_mark", "close", "Close", show=False, id="help.close_q"),
    ]

    def __init__(self, table: Table) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog tall"):
            yield Static(self.table)
            yield Static(Text('Remap any key in config.toml: [keys] binding-id = "key"', style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
