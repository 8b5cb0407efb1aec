"""Switch profile at runtime: each with its engine kind and URL."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from camtui.config.profiles import Profile


class ProfilePicker(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="profiles.cancel")]

    def __init__(self, profiles: list[Profile], current: str | None) -> None:
        super().__init__()
        self.profiles = profiles
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label("Switch profile")
            options = []
            for p in self.profiles:
                label = Text()
                label.append("● " if p.name == self.current else "  ", style="green")
                label.append(f"{p.name:<16}", style=f"bold {p.colour or ''}")
                label.append(f" {p.engine.value}  {p.url}")
                if p.read_only:
                    label.append("  read-only", style="yellow")
                if p.production:
                    label.append("  PRODUCTION", style="bold red")
                options.append(Option(label, id=p.name))
            yield OptionList(*options, id="profiles")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
