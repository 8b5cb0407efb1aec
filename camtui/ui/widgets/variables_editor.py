"""Typed variables as rows of name / type / value, checked as they are typed (the CLI's rules).

Reusable wherever variables are given: starting an instance, setting variables, later completing
a task. `values()` returns what is valid or raises `VariableSyntaxError` naming the first problem;
each row shows its own problem under it, so what was typed is never lost.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from camtui.api.models import VariableSyntaxError, VariableValue, parse_variable
from camtui.api.models.variables import SIMPLE_TYPES

# the types the form offers (Short is for scripts; the engine widens what the form sends)
TYPES = tuple(t for t in SIMPLE_TYPES if t != "Short")


def parse_row(name: str, type_name: str, value: str) -> tuple[str, VariableValue] | None:
    """One row as a typed value; None for a row left empty; VariableSyntaxError for a bad one."""
    name = name.strip()
    if not name and not value.strip():
        return None
    if not name:
        raise VariableSyntaxError("give the variable a name")
    if "=" in name:
        raise VariableSyntaxError(f"{name!r}: a name has no '='")
    if type_name == "Null":
        return name, VariableValue(value=None, type="Null")
    return parse_variable(f"{name}={value}:{type_name}")


class VariableRow(Vertical):
    DEFAULT_CSS = """
    VariableRow { height: auto; }
    VariableRow Horizontal { height: auto; }
    VariableRow .var-name { width: 1fr; }
    VariableRow .var-type { width: 16; }
    VariableRow .var-value { width: 2fr; }
    VariableRow .var-problem { color: $error; height: auto; }
    VariableRow .var-remove { width: 3; min-width: 3; }
    """

    def __init__(self, name: str = "", type_name: str = "String", value: str = "") -> None:
        super().__init__(classes="var-row")
        self.initial = (name, type_name if type_name in TYPES else "String", value)

    def compose(self) -> ComposeResult:
        name, type_name, value = self.initial
        with Horizontal():
            yield Input(name, placeholder="name", classes="var-name")
            yield Select([(t, t) for t in TYPES], value=type_name, allow_blank=False, classes="var-type")
            yield Input(value, placeholder="value", classes="var-value")
            yield Button("✕", classes="var-remove", compact=True)
        yield Static("", classes="var-problem")

    @property
    def type_name(self) -> str:
        chosen = self.query_one(".var-type", Select).value
        return chosen if isinstance(chosen, str) else "String"

    def parsed(self) -> tuple[str, VariableValue] | None:
        return parse_row(
            self.query_one(".var-name", Input).value, self.type_name, self.query_one(".var-value", Input).value
        )

    def check(self) -> str:
        """The row's problem in words ("" when fine), shown under it."""
        try:
            self.parsed()
            problem = ""
        except VariableSyntaxError as exc:
            problem = str(exc)
        self.query_one(".var-problem", Static).update(problem)
        self.query_one(".var-value", Input).disabled = self.type_name == "Null"
        return problem


class VariablesEditor(Vertical):
    """Rows of typed variables, one empty row to start with; `+ Variable` adds one."""

    DEFAULT_CSS = """
    VariablesEditor { height: auto; }
    VariablesEditor #var-rows { height: auto; }
    """

    class Changed(Message):
        def __init__(self, editor: VariablesEditor) -> None:
            super().__init__()
            self.editor = editor

    def __init__(self, rows: list[tuple[str, str, str]] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.initial = rows or [("", "String", "")]

    def compose(self) -> ComposeResult:
        yield Label("Variables (name, type, value)")
        with Vertical(id="var-rows"):
            for row in self.initial:
                yield VariableRow(*row)
        yield Button("+ Variable", id="var-add", compact=True)

    def rows(self) -> list[VariableRow]:
        return list(self.query(VariableRow))

    def values(self) -> dict[str, VariableValue]:
        """Every filled row, typed; raises VariableSyntaxError for the first bad or repeated one."""
        out: dict[str, VariableValue] = {}
        for n, row in enumerate(self.rows(), 1):
            try:
                parsed = row.parsed()
            except VariableSyntaxError as exc:
                raise VariableSyntaxError(f"row {n}: {exc}") from None
            if parsed is None:
                continue
            name, value = parsed
            if name in out:
                raise VariableSyntaxError(f"row {n}: {name!r} is given twice")
            out[name] = value
        return out

    def problems(self) -> list[str]:
        return [p for p in (row.check() for row in self.rows()) if p]

    async def add_row(self, name: str = "", type_name: str = "String", value: str = "") -> VariableRow:
        row = VariableRow(name, type_name, value)
        await self.query_one("#var-rows", Vertical).mount(row)
        return row

    @on(Button.Pressed, "#var-add")
    async def add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        row = await self.add_row()
        row.query_one(".var-name", Input).focus()

    @on(Button.Pressed, ".var-remove")
    async def remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        row = next((a for a in event.button.ancestors if isinstance(a, VariableRow)), None)
        if row is not None:
            await row.remove()
            if not self.rows():
                await self.add_row()
            self.post_message(self.Changed(self))

    @on(Input.Changed)
    @on(Select.Changed)
    def edited(self, event: Input.Changed | Select.Changed) -> None:
        row = next((a for a in event.control.ancestors if isinstance(a, VariableRow)), None)
        if row is not None:
            event.stop()
            row.check()
            self.post_message(self.Changed(self))
