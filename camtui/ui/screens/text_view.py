"""A long text (a stack trace, error details) with its real line breaks: scroll, `/` search, `n`/`N`.

The text comes from the engine: it is shown through `safe()` as plain Text (never markup), one
numbered line per line of the original.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Input, Static

from camtui.kinds.format import safe
from camtui.ui.screens.base import ViewerScreen
from camtui.ui.session import Session
from camtui.ui.widgets.status_header import StatusHeader

# the viewer lays out at most this many lines (a stack trace is far shorter)
MAX_LINES = 20_000


class TextScreen(ViewerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="text.search"),
        Binding("n", "next_match", "Next", id="text.next"),
        Binding("N", "previous_match", "Previous", id="text.previous", show=False),
        Binding("g", "top", "Top", id="text.top", show=False),
        Binding("G", "bottom", "Bottom", id="text.bottom", show=False),
    ]

    class Loaded(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, session: Session, crumbs: list[str], load: Callable[[], Awaitable[str]]) -> None:
        super().__init__(session)
        self._crumbs = crumbs
        self._load = load
        self.lines: list[str] = []
        self.term = ""
        self.matches: list[int] = []
        self.current = -1

    def crumbs(self) -> list[str]:
        return self._crumbs

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status-header")
        yield Static(id="crumbs")
        with VerticalScroll(id="viewer"):
            yield Static("loading…", id="content")
        yield Input(placeholder="search (enter: first match, n/N: next/previous, esc: close)", id="search")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        super().on_mount()

    def start_loading(self) -> None:
        self.load()

    @work(exclusive=True, group="text", exit_on_error=False)
    async def load(self) -> None:
        self.post_message(self.Loaded(await self._load()))

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        # real line breaks: CRLF and lone CR too; tabs as spaces so columns stay put
        self.lines = message.text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4).split("\n")[:MAX_LINES]
        self.render_text()

    def render_text(self) -> None:
        width = len(str(len(self.lines)))
        out = Text(no_wrap=True)
        term = self.term.lower()
        hit = self.matches[self.current] if 0 <= self.current < len(self.matches) else -1
        for index, line in enumerate(self.lines):
            out.append(f"{index + 1:>{width}} ", style="dim")
            shown = safe(line, layout=False)
            style = "reverse" if index == hit else ("bold yellow" if term and term in line.lower() else "")
            out.append(shown, style=style)
            if index < len(self.lines) - 1:
                out.append("\n")
        if not self.lines or self.lines == [""]:
            out = Text("(empty)", style="dim")
        self.query_one("#content", Static).update(out)

    # -- search -------------------------------------------------------------------------------------

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.display = True
        box.focus()

    @on(Input.Submitted, "#search")
    def searched(self, event: Input.Submitted) -> None:
        self.term = event.value.strip()
        self.matches = [i for i, line in enumerate(self.lines) if self.term and self.term.lower() in line.lower()]
        self.current = 0 if self.matches else -1
        self.query_one("#search", Input).display = False
        self.query_one("#viewer", VerticalScroll).focus()
        if self.term and not self.matches:
            self.notify(f"No line holds {safe(self.term)!r}.", severity="warning")
        self.show_match()

    def action_next_match(self) -> None:
        if self.matches:
            self.current = (self.current + 1) % len(self.matches)
            self.show_match()

    def action_previous_match(self) -> None:
        if self.matches:
            self.current = (self.current - 1) % len(self.matches)
            self.show_match()

    def show_match(self) -> None:
        self.render_text()
        if 0 <= self.current < len(self.matches):
            line = self.matches[self.current]
            self.query_one("#viewer", VerticalScroll).scroll_to(y=max(0, line - 3), animate=False)
            self.sub_title = f"match {self.current + 1} of {len(self.matches)}"

    def action_top(self) -> None:
        self.query_one("#viewer", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#viewer", VerticalScroll).scroll_end(animate=False)

    def action_back(self) -> None:
        box = self.query_one("#search", Input)
        if box.display:
            box.display = False
            self.query_one("#viewer", VerticalScroll).focus()
            return
        super().action_back()
