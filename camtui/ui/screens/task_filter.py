"""The user task filter form (`f` in :ut): every filter of the task query, typed as text."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from camtui.api.errors import BadRequest
from camtui.api.models import TaskFilter
from camtui.kinds.task_query import FIELDS, to_filter, to_text


class TaskFilterModal(ModalScreen[TaskFilter | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="task_filter.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="task_filter.apply"),
    ]

    def __init__(self, current: TaskFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        now = to_text(self.current)
        with VerticalScroll(id="dialog", classes="dialog form tall"):
            yield Label("Filter user tasks    enter or ctrl+s applies · esc cancels", classes="title")
            for key, label in FIELDS:
                yield Label(label)
                yield Input(now[key], id=key)
            yield Static("", id="filter-error", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button("Apply", id="apply", variant="primary")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(f"#{FIELDS[0][0]}", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        typed = {i.id: i.value for i in self.query(Input) if i.id}
        try:
            result = to_filter(typed, self.current)
        except BadRequest as exc:
            self.query_one("#filter-error", Static).update(Text(str(exc)))
            return
        self.dismiss(result)

    @on(Button.Pressed, "#clear")
    def clear(self) -> None:
        for box in self.query(Input):
            box.value = ""

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
