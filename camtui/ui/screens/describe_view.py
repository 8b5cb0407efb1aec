"""Enter on a definition, instance, incident, task, user, group or tenant: everything about it."""

from __future__ import annotations

from typing import Any, ClassVar

import yaml
from rich.syntax import Syntax
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Static

from camtui.api.describe import describe
from camtui.ui.engine_access import camtui_app
from camtui.ui.screens.base import CamtuiScreen
from camtui.ui.widgets.status_header import StatusHeader


class DescribeScreen(CamtuiScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="describe.back"),
        Binding("ctrl+r", "refresh", "Refresh", id="describe.refresh"),
    ]

    class Loaded(Message):
        def __init__(self, data: dict[str, Any]) -> None:
            super().__init__()
            self.data = data

    def __init__(self, kind: str, item_id: str, crumbs: list[str]) -> None:
        super().__init__()
        self.kind = kind
        self.item_id = item_id
        self.crumbs = crumbs

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status-header")
        yield Static(id="crumbs")
        with VerticalScroll(id="viewer"):
            yield Static("loading…", id="content")
        yield Footer()

    def on_mount(self) -> None:
        app = camtui_app(self)
        app.sync_header(self.query_one(StatusHeader))
        self.query_one("#crumbs", Static).update(
            Text(" › ".join([app.profile_name or "?", *self.crumbs, self.item_id]), style="bold")
        )
        self.load()

    @work(exclusive=True, group="describe", exit_on_error=False)
    async def load(self) -> None:
        self.post_message(self.Loaded(await describe(camtui_app(self).engine, self.kind, self.item_id)))

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        text = yaml.safe_dump(message.data, allow_unicode=True, sort_keys=False, width=200)
        self.query_one("#content", Static).update(Syntax(text, "yaml", theme="ansi_dark", word_wrap=True))

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        camtui_app(self).go_back()
