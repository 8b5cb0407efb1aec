"""`:jobs` and `:ext`: the generic lists plus a filter form each (`f`)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from camtui.api.models import ExternalTaskFilter, JobFilter
from camtui.api.models.base import Filter
from camtui.kinds.external_tasks import EXTERNAL_TASKS
from camtui.kinds.jobs import JOBS
from camtui.ui.screens.deployment_filter import parse_time
from camtui.ui.screens.list_view import PAGE_SIZE, ListView
from camtui.ui.session import Session


class FilterForm(ModalScreen[Any]):
    """Text fields and check boxes over a filter model; `build` makes the new filter (or raises ValueError)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="filter_form.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filter_form.apply"),
    ]
    title_text = ""
    fields: tuple[tuple[str, str], ...] = ()
    flags: tuple[tuple[str, str], ...] = ()

    def __init__(self, current: Filter) -> None:
        super().__init__()
        self.current = current

    def shown(self, name: str) -> str:
        value = getattr(self.current, name)
        return value.isoformat() if hasattr(value, "isoformat") else str(value or "")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog form"):
            yield Label(f"{self.title_text}    enter applies · esc cancels", classes="title")
            for name, label in self.fields:
                yield Label(label)
                yield Input(self.shown(name), id=name)
            for name, label in self.flags:
                yield Checkbox(label, bool(getattr(self.current, name)), id=name)
            yield Static("", id="form-error", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button("Apply", id="apply", variant="primary")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def update(self) -> dict[str, Any]:
        update: dict[str, Any] = {name: self.query_one(f"#{name}", Checkbox).value for name, _ in self.flags}
        for name, label in self.fields:
            text = self.value(name)
            update[name] = parse_time(text, label) if name.startswith("due_") else (text or None)
        return update

    @on(Button.Pressed, "#apply")
    @on(Input.Submitted)
    def action_apply(self) -> None:
        try:
            result = self.current.model_copy(update=self.update())
        except ValueError as exc:
            # keep everything typed; say what is wrong
            self.query_one("#form-error", Static).update(Text(str(exc)))
            return
        self.dismiss(result)

    @on(Button.Pressed, "#clear")
    def clear(self) -> None:
        self.dismiss(type(self.current)())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class JobFilterForm(FilterForm):
    title_text = "Filter jobs"
    fields = (
        ("bpmn_process_id", "Process definition key"),
        ("activity_id", "Activity id"),
        ("process_instance_id", "Process instance id"),
        ("due_after", "Due after (ISO 8601, any offset)"),
        ("due_before", "Due before"),
    )
    flags = (
        ("failed", "Failed (no retries left)"),
        ("timers", "Timers only"),
        ("messages", "Messages only"),
        ("with_retries_left", "With retries left"),
    )


class ExternalTaskFilterForm(FilterForm):
    title_text = "Filter external tasks"
    fields = (("topic", "Topic"), ("worker_id", "Worker"), ("bpmn_process_id", "Process definition key"))
    flags = (("locked", "Locked"), ("not_locked", "Not locked"), ("no_retries_left", "No retries left"))


class FilteredList(ListView[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f", "filter_form", "Filters", id="list.filter_form")]
    form: type[FilterForm] = FilterForm

    @property
    def breadcrumbs(self) -> list[str]:
        active = list(self.query_filter.model_dump(exclude_defaults=True))
        return [self.kind.title.lower() + (f" [{', '.join(active)}]" if active else "")]

    def action_filter_form(self) -> None:
        def apply(result: Filter | None) -> None:
            if result is not None:
                self.query_filter = result
                self.render_crumbs()
                self.table.reload()

        self.app.push_screen(self.form(self.query_filter), apply)


class JobsView(FilteredList):
    form = JobFilterForm

    def __init__(self, session: Session, query: JobFilter | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(JOBS, session, query, page_size=page_size)


class ExternalTasksView(FilteredList):
    form = ExternalTaskFilterForm

    def __init__(
        self, session: Session, query: ExternalTaskFilter | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(EXTERNAL_TASKS, session, query, page_size=page_size)
