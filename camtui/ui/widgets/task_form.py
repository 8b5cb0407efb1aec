"""The form that completes a user task: one input per field of its Camunda Form or form variables.

What is typed is checked field by field before anything is sent (camtui.kinds.task_form.read), the
problems are shown under their fields, and the form stays open with everything typed when the engine
refuses (a 400, a 401, a lost connection). `typed` is the caller's dict, so what was typed also
survives closing the form: opening it again for the same task shows it again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Select, Static, TextArea

from camtui.api import errors
from camtui.api.models import VariableValue
from camtui.api.plan import Report
from camtui.kinds.format import safe
from camtui.kinds.task_form import FieldKind, FormField, FormProblems, TaskForm, read
from camtui.ui.screens.base import CamtuiModal
from camtui.ui.screens.modals import describe

# runs the complete action (camtui.ui.action_flow) while the form stays open; None: the user said no
Submit = Callable[["TaskFormModal", dict[str, VariableValue]], Awaitable[Report | None]]

PLACEHOLDERS = {
    FieldKind.NUMBER: "a number",
    FieldKind.DATE: "2026-12-01",
    FieldKind.TIME: "17:30",
    FieldKind.DATETIME: "2026-12-01T17:30",
}


# what the form gives back: the report of a completion it ran, or (without `submit`: marked tasks,
# whose progress and report the caller shows) the variables to complete them with
FormResult = Report | dict[str, VariableValue] | None


class TaskFormModal(CamtuiModal[FormResult]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="task_form.cancel"),
        Binding("ctrl+s", "complete", "Complete", id="task_form.complete"),
    ]

    def __init__(self, form: TaskForm, title: str, submit: Submit | None, typed: dict[str, str | bool]) -> None:
        super().__init__()
        self.form = form
        self.heading = title
        self.submit = submit
        self.typed = typed

    # -- building ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog form task-form"):
            yield Label(Text(safe(self.heading, layout=False), style="bold"), classes="title")
            yield Label(Text("ctrl+s completes · esc cancels (what you typed is kept)", style="dim"))
            if not self.form.fields:
                yield Label(Text("This task asks for nothing: complete it as it is.", style="dim"))
            for index, f in enumerate(self.form.fields):
                if f.kind is not FieldKind.CHECKBOX:  # a checkbox carries its own label
                    yield Label(Text(safe(f.label, layout=False) + (" *" if f.required else "")), id=f"label-{index}")
                yield self.field_widget(index, f)
                yield Static("", id=f"problem-{index}", classes="error-text")
            if self.form.skipped:
                left = ", ".join(self.form.skipped)
                yield Label(Text(safe(f"Not shown (left as they are): {left}", layout=False), style="dim"))
            yield Static("", id="form-error", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button("Complete", id="go", variant="primary")
                yield Button("Cancel", id="cancel")

    def field_widget(self, index: int, f: FormField) -> Widget:
        wid = f"field-{index}"
        start = self.typed.get(f.key, f.initial_text())
        match f.kind:
            case FieldKind.CHECKBOX:
                return Checkbox(safe(f.label, layout=False), bool(start), id=wid, disabled=f.read_only)
            case FieldKind.SELECT:
                options = [(safe(label, layout=False), str(value)) for label, value in f.choices]
                chosen = str(start) if str(start) in {v for _, v in options} else Select.BLANK
                return Select(options, value=chosen, id=wid, allow_blank=not f.required, disabled=f.read_only)
            case FieldKind.RADIO:
                radio = RadioSet(
                    *(
                        RadioButton(safe(label, layout=False), value=str(value) == str(start))
                        for label, value in f.choices
                    ),
                    id=wid,
                    disabled=f.read_only,
                )
                return radio
            case FieldKind.TEXTAREA:
                area = TextArea(str(start), id=wid, read_only=f.read_only)
                area.styles.height = 5
                return area
        return Input(str(start), id=wid, placeholder=PLACEHOLDERS.get(f.kind, ""), disabled=f.read_only)

    def on_mount(self) -> None:
        first = next((w for w in self.query(".task-form *") if w.id and w.id.startswith("field-")), None)
        (first or self.query_one("#go")).focus()

    # -- what was typed ---------------------------------------------------------------------------

    def value_of(self, index: int, f: FormField) -> str | bool:
        widget = self.query_one(f"#field-{index}")
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, Select):
            return "" if widget.value is Select.BLANK else str(widget.value)
        if isinstance(widget, RadioSet):
            pressed = widget.pressed_index
            return "" if pressed < 0 else str(f.choices[pressed][1])
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    def remember(self) -> dict[str, str | bool]:
        for index, f in enumerate(self.form.fields):
            self.typed[f.key] = self.value_of(index, f)
        return self.typed

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    @on(RadioSet.Changed)
    @on(TextArea.Changed)
    def changed(self, event: Any) -> None:
        self.remember()

    def show_problems(self, problems: dict[str, str]) -> None:
        for index, f in enumerate(self.form.fields):
            self.query_one(f"#problem-{index}", Static).update(Text(problems.get(f.key, "")))

    # -- completing -------------------------------------------------------------------------------

    @on(Button.Pressed, "#go")
    def action_complete(self) -> None:
        go = self.query_one("#go", Button)
        if go.disabled:
            return  # a completion is on its way
        error = self.query_one("#form-error", Static)
        try:
            variables = read(self.form, self.remember())
        except FormProblems as exc:
            self.show_problems(exc.problems)
            error.update(Text(f"Check {len(exc.problems)} field(s) above; nothing was sent.", style="red"))
            return
        self.show_problems({})
        if self.submit is None:
            self.dismiss(variables)
            return
        error.update("Completing…")
        go.disabled = True
        self.complete(variables)

    @work(exclusive=True, group="complete", exit_on_error=False)
    async def complete(self, variables: dict[str, VariableValue]) -> None:
        error = self.query_one("#form-error", Static)
        assert self.submit is not None
        try:
            report = await self.submit(self, variables)
        except errors.EngineError as exc:
            # refused before anything was sent (read-only), or the connection is gone
            error.update(Text(safe(describe(exc)), style="red"))
            report = None
        else:
            if report is None:
                error.update(Text("Not completed: the confirmation was cancelled.", style="yellow"))
            elif not report.ok:
                failure = "\n".join(o.message for o in report.outcomes if o.message) or report.summary()
                error.update(
                    Text(safe(f"The engine refused: {failure}\nWhat you typed is kept; try again."), style="red")
                )
        if report is None or not report.ok:
            self.query_one("#go", Button).disabled = False
            return
        self.dismiss(report)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.remember()
        self.dismiss(None)
