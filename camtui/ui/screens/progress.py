"""A running action: progress per target, `esc` cancels what has not started, then the report."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Label, ProgressBar, Static

from camtui.api.plan import Outcome, OutcomeStatus, Plan, Report
from camtui.kinds.format import safe
from camtui.ui.screens.base import CamtuiModal

STYLE = {
    OutcomeStatus.DONE: "green",
    OutcomeStatus.FAILED: "bold red",
    OutcomeStatus.SKIPPED: "yellow",
    OutcomeStatus.UNKNOWN: "bold magenta",
    OutcomeStatus.PENDING: "yellow",
}


def outcome_line(o: Outcome) -> Text:
    line = Text(f"{o.status.value:8}", style=STYLE[o.status])
    line.append(safe(f"{o.target}" + (f": {o.message}" if o.message else "")))
    return line


class ProgressModal(CamtuiModal[Report | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "stop_or_close", "Cancel / close", id="progress.cancel")]

    class Step(Message):
        def __init__(self, index: int, outcome: Outcome) -> None:
            super().__init__()
            self.index = index
            self.outcome = outcome

    class Finished(Message):
        def __init__(self, report: Report) -> None:
            super().__init__()
            self.report = report

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan
        self.cancelled = False
        self.report: Report | None = None
        self.lines: list[Text] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(Text(self.plan.title, style="bold"), id="progress-title")
            yield ProgressBar(total=max(1, self.plan.count), show_eta=False, id="bar")
            with VerticalScroll(id="outcomes"):
                yield Static(id="outcome-lines")
            yield Static(Text("esc cancels what has not started", style="dim"), id="progress-summary")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close", variant="primary", disabled=True)

    def step(self, index: int, outcome: Outcome) -> None:
        """Called from the worker that runs the action: hand over by message."""
        self.post_message(self.Step(index, outcome))

    def finish(self, report: Report) -> None:
        self.post_message(self.Finished(report))

    class Noted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def note(self, text: str) -> None:
        """How a long step goes (watching retried jobs); from the worker, by message."""
        self.post_message(self.Noted(text))

    @on(Noted)
    def show_note(self, message: Noted) -> None:
        self.query_one("#progress-summary", Static).update(Text(safe(message.text), style="dim"))

    @on(Step)
    def show_step(self, message: Step) -> None:
        self.lines.append(outcome_line(message.outcome))
        self.query_one("#outcome-lines", Static).update(Text("\n").join(self.lines[-200:]))
        self.query_one("#bar", ProgressBar).advance(1)

    @on(Finished)
    def show_report(self, message: Finished) -> None:
        self.report = message.report
        report = message.report
        if report.notes or len(report.outcomes) != len(self.lines):
            # a verified report (a retry watched to its end) says more than the steps did
            lines = [Text(safe(n), style="bold") for n in report.notes] + [outcome_line(o) for o in report.outcomes]
            self.query_one("#outcome-lines", Static).update(Text("\n").join(lines[-200:]))
        style = "green" if report.ok else "bold red"
        self.query_one("#progress-summary", Static).update(Text(safe(report.summary()), style=style))
        self.query_one("#bar", ProgressBar).update(total=max(1, len(report.outcomes)), progress=len(report.outcomes))
        close = self.query_one("#close", Button)
        close.disabled = False
        close.focus()

    def action_stop_or_close(self) -> None:
        if self.report is not None:
            self.dismiss(self.report)
        elif not self.cancelled:
            self.cancelled = True
            self.query_one("#progress-summary", Static).update(Text("cancelling: what has not started is skipped"))

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.dismiss(self.report)
