"""The incident filter form: type, message (like), activity, definition, tenant, time range."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from camtui.api.models import IncidentFilter
from camtui.ui.screens.deployment_filter import parse_time


class IncidentFilterModal(ModalScreen[IncidentFilter | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="incident_filter.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="incident_filter.apply"),
    ]

    def __init__(self, current: IncidentFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        c = self.current
        with VerticalScroll(id="dialog", classes="dialog form"):
            yield Label("Filter incidents    enter applies · esc cancels", classes="title")
            yield Label("Type (failedJob, failedExternalTask, ...)")
            yield Input(c.type or "", id="type")
            yield Label("Message like (% matches anything)")
            yield Input(c.message_like or "", id="message_like")
            yield Label("Activity id")
            yield Input(c.activity_id or "", id="activity_id")
            yield Label("Process definition key")
            yield Input(",".join(c.bpmn_process_ids), id="keys")
            yield Label("Process definition id")
            yield Input(c.process_definition_id or "", id="definition_id")
            yield Label("Tenant ids (comma separated)")
            yield Input(",".join(c.tenant_ids), id="tenant_ids")
            yield Label("Since (ISO 8601, any offset)")
            yield Input(c.after.isoformat() if c.after else "", id="after")
            yield Label("Until")
            yield Input(c.before.isoformat() if c.before else "", id="before")
            yield Static("", id="form-error", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button("Apply", id="apply", variant="primary")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def values(self, widget_id: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in self.value(widget_id).split(",") if v.strip())

    @on(Button.Pressed, "#apply")
    @on(Input.Submitted)
    def action_apply(self) -> None:
        try:
            result = self.current.model_copy(
                update={
                    "type": self.value("type") or None,
                    "message_like": self.value("message_like") or None,
                    "activity_id": self.value("activity_id") or None,
                    "bpmn_process_ids": self.values("keys"),
                    "process_definition_id": self.value("definition_id") or None,
                    "tenant_ids": self.values("tenant_ids"),
                    "after": parse_time(self.value("after"), "since"),
                    "before": parse_time(self.value("before"), "until"),
                }
            )
        except ValueError as exc:
            # keep everything typed; say what is wrong
            self.query_one("#form-error", Static).update(Text(str(exc)))
            return
        self.dismiss(result)

    @on(Button.Pressed, "#clear")
    def clear(self) -> None:
        self.dismiss(IncidentFilter())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
