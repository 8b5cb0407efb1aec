"""The user task filter form (`f` in :ut): every filter of the task query, typed as text."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static

from camtui.api.errors import BadRequest
from camtui.api.models import TaskFilter
from camtui.config import queries
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
            yield Label("Save as (a name; the query is kept as a file, `o` opens it again)")
            yield Input("", id="save_as", placeholder="e.g. big-invoices")
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
            name = typed.get("save_as", "").strip()
            if name:
                path = queries.save("tasks", name, result)
                self.notify(f"Saved as {path}")
        except (BadRequest, queries.QueryError, OSError) as exc:
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


class SavedQueryPicker(ModalScreen[str | None]):
    """The saved task queries by name; enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="saved.cancel")]

    def compose(self) -> ComposeResult:
        found = queries.names("tasks")
        with VerticalScroll(id="dialog", classes="dialog"):
            yield Label(f"Saved task queries ({queries.folder('tasks')})", classes="title")
            if not found:
                yield Label("None yet: f opens the filter form, where `Save as` keeps one.")
            yield OptionList(*found, id="saved")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(str(event.option.prompt))

    def action_cancel(self) -> None:
        self.dismiss(None)
