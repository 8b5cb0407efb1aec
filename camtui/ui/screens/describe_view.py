"""Enter on a definition, instance, incident, task, user, group or tenant: everything about it."""

from __future__ import annotations

from typing import Any, ClassVar

import yaml
from rich.syntax import Syntax
from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from camtui.kinds.registry import by_singular
from camtui.ui.screens.base import ViewerScreen
from camtui.ui.session import Session


class DescribeScreen(ViewerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+r", "refresh", "Refresh", id="describe.refresh")]

    class Loaded(Message):
        def __init__(self, data: dict[str, Any]) -> None:
            super().__init__()
            self.data = data

    def __init__(self, session: Session, kind: str, item_id: str, crumbs: list[str]) -> None:
        super().__init__(session)
        self.kind = kind
        self.item_id = item_id
        self.parents = crumbs

    def crumbs(self) -> list[str]:
        return [*self.parents, self.item_id]

    def start_loading(self) -> None:
        self.load()

    @work(exclusive=True, group="describe", exit_on_error=False)
    async def load(self) -> None:
        describe = by_singular(self.kind).describe
        assert describe is not None
        self.post_message(self.Loaded(await describe(self.session.engine, self.item_id)))

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        text = yaml.safe_dump(message.data, allow_unicode=True, sort_keys=False, width=200)
        self.query_one("#content", Static).update(Syntax(text, "yaml", theme="ansi_dark", word_wrap=True))

    def action_refresh(self) -> None:
        self.load()
