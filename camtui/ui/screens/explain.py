""" "Can USER do PERMISSION on RESOURCE?" — the answer, the authorizations that apply in the engine's
order, the one that decides, and what to add or remove to change it (camtui.kinds.explain)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Static

from camtui.api.errors import BadRequest
from camtui.kinds.explain import Explanation, explain_on
from camtui.kinds.format import safe
from camtui.kinds.permissions import PERMISSIONS, permissions, resource_type
from camtui.ui.screens.base import CamtuiModal
from camtui.ui.session import Session
from camtui.ui.widgets.id_suggester import IdSuggester

ALL_PERMISSIONS = sorted({p for ps in PERMISSIONS.values() for p in ps})


class ExplainModal(CamtuiModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="explain.close"),
        Binding("ctrl+s", "explain", "Explain", id="explain.go"),
    ]

    class Answered(Message):
        def __init__(self, answer: Explanation) -> None:
            super().__init__()
            self.answer = answer

    def __init__(
        self, session: Session, *, user: str = "", permission: str = "", rtype: str = "", resource_id: str = "*"
    ) -> None:
        super().__init__()
        self.session = session
        self.start = (user, permission, rtype, resource_id or "*")

    def compose(self) -> ComposeResult:
        user, permission, rtype, resource_id = self.start
        with VerticalScroll(id="dialog", classes="dialog form tall explain"):
            yield Label("Can a user do something? enter explains · esc closes", classes="title")
            yield Label("User")
            yield Input(user, id="user", suggester=IdSuggester(self.session.engine, "users"))
            yield Label("Permission (READ, UPDATE, CREATE_INSTANCE, ...)")
            yield Input(permission, id="permission", suggester=SuggestFromList(ALL_PERMISSIONS, case_sensitive=False))
            yield Label("Resource type (PROCESS_DEFINITION, DEPLOYMENT, TASK, ...)")
            yield Input(rtype, id="resource_type", suggester=SuggestFromList(list(PERMISSIONS), case_sensitive=False))
            yield Label("Resource id (* for every one)")
            yield Input(resource_id, id="resource_id")
            with Horizontal(classes="buttons"):
                yield Button("Explain", id="go", variant="primary")
                yield Button("Close", id="close")
            yield Static("", id="answer")

    def on_mount(self) -> None:
        first_empty = next((i for i in self.query(Input) if not i.value), None)
        (first_empty or self.query_one("#go")).focus()
        if all(self.start):
            self.action_explain()

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def action_explain(self) -> None:
        answer = self.query_one("#answer", Static)
        values = {i.id: i.value.strip() for i in self.query(Input) if i.id}
        try:
            rtype = resource_type(values["resource_type"] or "?")
            (permission,) = permissions(rtype, [values["permission"]], allow_all=False)
            if not values["user"]:
                raise BadRequest("Give a user id.")
        except BadRequest as exc:
            answer.update(Text(str(exc), style="yellow"))
            return
        answer.update(Text("asking the engine…", style="dim"))
        self.explain(values["user"], permission, rtype, values["resource_id"] or "*")

    @work(exclusive=True, group="explain", exit_on_error=False)
    async def explain(self, user: str, permission: str, rtype: str, resource_id: str) -> None:
        self.post_message(self.Answered(await explain_on(self.session.engine, user, permission, rtype, resource_id)))

    @on(Answered)
    def show(self, message: Answered) -> None:
        lines = message.answer.lines()
        text = Text()
        text.append(safe(lines[0], layout=False) + "\n", style="bold green" if message.answer.allowed else "bold red")
        for line in lines[1:]:
            style = "bold" if line.startswith("decided by") else ("cyan" if line.startswith("  add") else "")
            text.append(safe(line, layout=False) + "\n", style=style)
        self.query_one("#answer", Static).update(text)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
