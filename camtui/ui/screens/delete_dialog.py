"""Delete deployments: what goes, how many running instances a cascade takes along, and the request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from camtui.api.models import Deployment


@dataclass(frozen=True)
class DeleteOptions:
    cascade: bool
    skip_custom_listeners: bool
    skip_io_mappings: bool


class DeleteDeploymentsModal(ModalScreen[DeleteOptions | None]):
    """Typed confirmation when a cascade would delete running instances, or on a production profile."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="delete.cancel")]

    def __init__(self, targets: list[Deployment], running: dict[str, int], production: bool) -> None:
        super().__init__()
        self.targets = targets
        self.running = running
        self.production = production

    @property
    def instances(self) -> int:
        return sum(self.running.values())

    @property
    def confirm_word(self) -> str | None:
        if self.instances > 0 or self.production:
            return (
                self.targets[0].name or self.targets[0].id if len(self.targets) == 1 else f"delete {len(self.targets)}"
            )
        return None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog danger"):
            n = len(self.targets)
            yield Label(Text(f"Delete {n} deployment{'s' if n != 1 else ''}", style="bold"))
            lines = [f"  • {d.name or '(no name)'}  {d.id}  ({self.running[d.id]} running)" for d in self.targets[:10]]
            if n > 10:
                lines.append(f"  … and {n - 10} more")
            yield Static(Text("\n".join(lines)))
            yield Static(self.impact_text(cascade=False), id="impact")
            yield Checkbox("Cascade: also delete running instances and history", False, id="cascade")
            yield Checkbox("Skip custom listeners", False, id="skip_listeners")
            yield Checkbox("Skip input/output mappings", False, id="skip_io")
            yield Static("", id="request", classes="dim")
            if self.confirm_word:
                yield Label(Text(f"Type {self.confirm_word!r} to confirm:"))
                yield Input(id="typed", placeholder=self.confirm_word)
            with Horizontal(classes="buttons"):
                yield Button("Delete", id="go", variant="error", disabled=self.confirm_word is not None)
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.update_request()
        self.query_one("#cancel").focus()

    def impact_text(self, cascade: bool) -> Text:
        if self.instances == 0:
            return Text("No running process instances are affected.", style="green")
        if cascade:
            return Text(f"Cascade will delete {self.instances} running process instance(s).", style="bold red")
        return Text(
            f"{self.instances} running process instance(s): without cascade the engine refuses to delete.",
            style="yellow",
        )

    def options(self) -> DeleteOptions:
        return DeleteOptions(
            cascade=self.query_one("#cascade", Checkbox).value,
            skip_custom_listeners=self.query_one("#skip_listeners", Checkbox).value,
            skip_io_mappings=self.query_one("#skip_io", Checkbox).value,
        )

    @on(Checkbox.Changed)
    def update_request(self) -> None:
        o = self.options()
        params = f"cascade={str(o.cascade).lower()}&skipCustomListeners={str(o.skip_custom_listeners).lower()}"
        params += f"&skipIoMappings={str(o.skip_io_mappings).lower()}"
        self.query_one("#request", Static).update(Text(f"DELETE /deployment/{{id}}?{params}  × {len(self.targets)}"))
        self.query_one("#impact", Static).update(self.impact_text(o.cascade))

    @on(Input.Changed, "#typed")
    def typed_changed(self, event: Input.Changed) -> None:
        self.query_one("#go", Button).disabled = event.value.strip() != self.confirm_word

    @on(Button.Pressed, "#go")
    def go(self) -> None:
        self.dismiss(self.options())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
