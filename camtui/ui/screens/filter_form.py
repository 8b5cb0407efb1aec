"""A filter form for any kind: labelled text fields read into the kind's filter model by a pure
function (camtui.kinds.*_query), inline errors that keep what was typed, and `Save as` (a named
query in camtui.config.queries). A kind's form names its fields and may add widgets of its own
(`extra` above the text fields, `typed_extra` reads them back)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar, Generic, TypeVar

from pydantic import BaseModel
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Static

from camtui.api.errors import BadRequest
from camtui.config import queries

F = TypeVar("F", bound=BaseModel)


class FilterForm(ModalScreen[F | None], Generic[F]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="filter_form.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filter_form.apply"),
    ]

    def __init__(
        self,
        *,
        title: str,
        kind: str,
        fields: tuple[tuple[str, str], ...],
        text: Mapping[str, str],
        read: Callable[[Mapping[str, str]], F],
    ) -> None:
        super().__init__()
        self.form_title = title
        self.kind = kind
        self.fields = fields
        self.text = dict(text)
        self.read = read

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog form tall"):
            yield Label(f"{self.form_title}    enter or ctrl+s applies · esc cancels", classes="title")
            yield from self.extra()
            for key, label in self.fields:
                yield Label(label)
                yield Input(self.text.get(key, ""), id=key)
            yield Label(f"Save as (a name: kept as a file under {queries.folder(self.kind)})")
            yield Input("", id="save_as", placeholder="e.g. stuck-orders")
            yield Static("", id="form-error", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button("Apply", id="apply", variant="primary")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def extra(self) -> list[Widget]:
        """Widgets of the kind's own above the text fields (choices, boxes)."""
        return []

    def typed_extra(self) -> dict[str, str]:
        """What the extra widgets hold, as text for `read`."""
        return {}

    def clear_extra(self) -> None:
        """Set the extra widgets back to their empty value."""

    def on_mount(self) -> None:
        if self.fields:
            self.query_one(f"#{self.fields[0][0]}", Input).focus()

    def typed(self) -> dict[str, str]:
        return {i.id: i.value for i in self.query(Input) if i.id} | self.typed_extra()

    @on(Input.Submitted)
    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        typed = self.typed()
        try:
            result = self.read(typed)
            name = typed.get("save_as", "").strip()
            if name:
                path = queries.save(self.kind, name, result)
                self.notify(f"Saved as {path}")
        except (BadRequest, queries.QueryError, OSError) as exc:
            # keep everything typed; say what is wrong, where it is seen
            error = self.query_one("#form-error", Static)
            error.update(Text(str(exc)))
            # after the error has its height (it may wrap): the foot of the form, error and buttons
            self.call_after_refresh(self.query_one("#dialog", VerticalScroll).scroll_end, animate=False)
            return
        self.dismiss(result)

    @on(Button.Pressed, "#clear")
    def clear(self) -> None:
        for box in self.query(Input):
            box.value = ""
        self.clear_extra()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class SavedQueries(ModalScreen[str | None]):
    """One kind's saved queries by name; enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="saved_queries.cancel")]

    def __init__(self, kind: str, what: str) -> None:
        super().__init__()
        self.kind = kind
        self.what = what

    def compose(self) -> ComposeResult:
        found = queries.names(self.kind)
        with VerticalScroll(id="dialog", classes="dialog"):
            yield Label(f"Saved {self.what} queries ({queries.folder(self.kind)})", classes="title")
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
