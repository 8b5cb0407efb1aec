"""`:` command mode: a one-line prompt with completion of views and commands (k9s style)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from camtui.api.capabilities import Capability
from camtui.kinds.registry import command_words, supported


class CommandPrompt(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="command.cancel"),
        # an enter typed before the console set the terminal to raw mode (keys waiting at start)
        # arrives as a line feed
        Binding("ctrl+j", "submit", show=False),
    ]
    DEFAULT_CSS = """
    CommandPrompt { align: center bottom; background: $background 0%; }
    CommandPrompt > Vertical { height: auto; width: 100%; background: $panel; }
    """

    def __init__(self, profiles: list[str], capabilities: frozenset[Capability] | None = None) -> None:
        super().__init__()
        # only what the connected engine can show is completed and listed
        self.kinds = supported(capabilities)
        words = command_words(capabilities) + [f"profile {p}" for p in profiles]
        self.suggester = SuggestFromList(words, case_sensitive=False)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                # the built-ins first: the list of views is cut where the terminal ends
                ":profile NAME   :q   views: " + "  ".join(f":{k.aliases[0]}" for k in self.kinds),
                classes="dim",
            )
            yield Input(placeholder=":", id="command", suggester=self.suggester)

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    @on(Input.Submitted)
    def action_submit(self) -> None:
        self.dismiss(self.query_one(Input).value.strip().lstrip(":") or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
