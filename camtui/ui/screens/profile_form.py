"""Create a profile from inside the console: the secret goes to the OS keyring, never the file."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from camtui.api.connection import AuthKind
from camtui.api.models.info import EngineKind
from camtui.config.profiles import Profile, check_name, problems
from camtui.kinds.format import safe


class NewProfile:
    """What the form gives back: the profile, and the secret typed for it (if any)."""

    def __init__(self, profile: Profile, secret: str | None) -> None:
        self.profile = profile
        self.secret = secret

    def __repr__(self) -> str:
        return f"NewProfile({self.profile.name!r})"


# saves the new profile while the form stays open: None when saved, else what went wrong
Save = Callable[[NewProfile], Awaitable[str | None]]


class ProfileForm(ModalScreen[NewProfile | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="profile_form.cancel"),
        Binding("ctrl+s", "save", "Save", id="profile_form.save"),
    ]

    def __init__(self, save: Save | None = None) -> None:
        super().__init__()
        self.save = save

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog form"):
            yield Label("New profile    ctrl+s saves and connects · esc cancels", classes="title")
            yield Label("Name")
            yield Input(id="name", placeholder="prod-eu")
            yield Label("Engine")
            yield Select(
                [("Camunda 7 / Operaton", "c7"), ("Camunda 8", "c8")], value="c7", id="engine", allow_blank=False
            )
            yield Label("Base URL (Camunda 7 ends in /engine-rest, Camunda 8 in /v2)")
            yield Input(id="url", placeholder="https://bpm.example.com/engine-rest")
            yield Label("Authentication")
            yield Select(
                [("none", "none"), ("basic (user + password)", "basic"), ("bearer token", "bearer")],
                value="basic",
                id="auth",
                allow_blank=False,
            )
            yield Label("User name")
            yield Input(id="username")
            yield Label("Password or token (kept in the OS keyring)")
            yield Input(id="secret", password=True)
            yield Checkbox("Read-only: refuse every change", id="read_only")
            yield Checkbox("Production: typed confirmations, red banner", id="production")
            yield Static("", id="form-error", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button("Save and connect", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name").focus()

    def value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        error = self.query_one("#form-error", Static)
        auth = AuthKind(str(self.query_one("#auth", Select).value))
        secret = self.query_one("#secret", Input).value or None
        try:
            profile = Profile(
                name=check_name(self.value("name")),
                engine=EngineKind(str(self.query_one("#engine", Select).value)),
                url=self.value("url"),
                auth=auth,
                username=self.value("username") or None,
                read_only=self.query_one("#read_only", Checkbox).value,
                production=self.query_one("#production", Checkbox).value,
            )
        except ValueError as exc:
            # pydantic's message names the field; everything typed stays in the form
            error.update(Text(safe(problems(exc), layout=False)))
            return
        if auth is AuthKind.BASIC and not profile.username:
            error.update("Basic authentication needs a user name.")
            return
        new = NewProfile(profile, secret if auth is not AuthKind.NONE else None)
        if self.save is None:
            self.dismiss(new)
            return
        error.update("Saving…")
        self.query_one("#save", Button).disabled = True
        self.save_now(new)

    @work(exclusive=True, group="save-profile", exit_on_error=False)
    async def save_now(self, new: NewProfile) -> None:
        assert self.save is not None
        problem = await self.save(new)
        if problem is None:
            self.dismiss(new)
            return
        # not saved: say why, and keep everything typed for another try
        self.query_one("#form-error", Static).update(Text(safe(problem)))
        self.query_one("#save", Button).disabled = False

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
