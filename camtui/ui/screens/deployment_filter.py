"""The deployment filter form: every filter the service layer has."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from camtui.api.models import DeploymentFilter


def parse_time(text: str, field: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{field}: {text!r} is not an ISO 8601 time, e.g. 2026-11-23T10:00:00+01:00") from None
    return value if value.tzinfo else value.astimezone()


class DeploymentFilterModal(ModalScreen[DeploymentFilter | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="filter.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filter.apply"),
    ]

    def __init__(self, current: DeploymentFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        c = self.current
        with VerticalScroll(id="dialog", classes="dialog form"):
            yield Label("Filter deployments    enter applies · esc cancels", classes="title")
            yield Label("Name (exact)")
            yield Input(c.name or "", id="name")
            yield Label("Name like (% matches anything)")
            yield Input(c.name_like or "", id="name_like")
            yield Label("Id")
            yield Input(c.id or "", id="id")
            yield Label("Source")
            yield Input(c.source or "", id="source")
            yield Checkbox("Without source", c.without_source, id="without_source")
            yield Label("Tenant ids (comma separated)")
            yield Input(",".join(c.tenant_ids), id="tenant_ids")
            yield Checkbox("Without tenant", c.without_tenant, id="without_tenant")
            yield Checkbox("Include deployments without tenant", c.include_without_tenant, id="include_without_tenant")
            yield Label("Deployed after (ISO 8601, any offset)")
            yield Input(c.after.isoformat() if c.after else "", id="after")
            yield Label("Deployed before")
            yield Input(c.before.isoformat() if c.before else "", id="before")
            yield Static("", id="form-error", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button("Apply", id="apply", variant="primary")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def flag(self, widget_id: str) -> bool:
        return self.query_one(f"#{widget_id}", Checkbox).value

    @on(Button.Pressed, "#apply")
    @on(Input.Submitted)
    def action_apply(self) -> None:
        try:
            result = DeploymentFilter(
                name=self.value("name") or None,
                name_like=self.value("name_like") or None,
                id=self.value("id") or None,
                source=self.value("source") or None,
                without_source=self.flag("without_source"),
                tenant_ids=tuple(t.strip() for t in self.value("tenant_ids").split(",") if t.strip()),
                without_tenant=self.flag("without_tenant"),
                include_without_tenant=self.flag("include_without_tenant"),
                after=parse_time(self.value("after"), "after"),
                before=parse_time(self.value("before"), "before"),
            )
        except ValueError as exc:
            # keep everything typed; say what is wrong
            self.query_one("#form-error", Static).update(Text(str(exc)))
            return
        self.dismiss(result)

    @on(Button.Pressed, "#clear")
    def clear(self) -> None:
        self.dismiss(DeploymentFilter())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
