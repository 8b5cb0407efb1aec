"""View one resource: highlighted text (BPMN, DMN, XML, JSON, forms), a BPMN outline, save, pager/editor."""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import ClassVar

from rich.syntax import Syntax
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from camtui.api.models import Deployment, Resource
from camtui.bpmn_outline import OutlineError, render
from camtui.kinds.format import safe
from camtui.kinds.instance_variables import write_atomically
from camtui.ui.screens.base import ViewerScreen
from camtui.ui.session import Session

LEXERS = {
    "bpmn": "xml",
    "dmn": "xml",
    "cmmn": "xml",
    "xml": "xml",
    "html": "html",
    "json": "json",
    "form": "json",
    "script": "javascript",
    "text": "text",
}
# beyond this, highlighting a resource costs more than it helps
MAX_HIGHLIGHT = 256 * 1024
# the viewer shows at most this much (laying out more would stall the console); `p` and `w` have it all
MAX_SHOWN = 256 * 1024


class ResourceScreen(ViewerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "toggle_outline", "Outline", id="resource.outline"),
        Binding("w", "save", "Save", id="resource.save"),
        Binding("p", "pager", "Pager", id="resource.pager"),
        Binding("e", "editor", "Editor", id="resource.editor"),
    ]

    class Loaded(Message):
        def __init__(self, content: bytes) -> None:
            super().__init__()
            self.content = content

    class Ready(Message):
        """What to show, prepared off the event loop."""

        def __init__(self, renderable: Text) -> None:
            super().__init__()
            self.renderable = renderable

    def __init__(self, session: Session, deployment: Deployment, resource: Resource) -> None:
        super().__init__(session)
        self.deployment = deployment
        self.resource = resource
        self.content: bytes | None = None
        self.outline = False

    def crumbs(self) -> list[str]:
        return ["deployments", self.deployment.name or self.deployment.id, self.resource.name]

    def start_loading(self) -> None:
        self.load()

    @work(exclusive=True, group="resource", exit_on_error=False)
    async def load(self) -> None:
        data = await self.session.engine.deployments.resource_content(self.deployment.id, self.resource.id)
        self.post_message(self.Loaded(data))

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        self.content = message.content
        self.show()

    def text(self) -> str | None:
        if self.content is None:
            return None
        try:
            return self.content.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def show(self) -> None:
        if self.content is not None:
            self.prepare(self.content, self.outline)

    @work(exclusive=True, group="render", exit_on_error=False)
    async def prepare(self, content: bytes, outline: bool) -> None:
        # decoding, escaping and highlighting megabytes take seconds: never on the event loop
        self.post_message(self.Ready(await asyncio.to_thread(self.renderable, content, outline)))

    @on(Ready)
    def ready(self, message: Ready) -> None:
        self.query_one("#content", Static).update(message.renderable)

    def renderable(self, content: bytes, outline: bool) -> Text:
        """What the viewer shows for `content` (runs in a thread)."""
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return Text(f"Binary resource, {len(content):,} bytes. Save it with w.", style="italic")
        if outline:
            try:
                return Text(safe(render(content)))
            except OutlineError as exc:
                return Text(safe(f"No outline: {exc}"), style="yellow")
        note = None
        if len(content) > MAX_SHOWN:
            cut = text.encode("utf-8")[:MAX_SHOWN].decode("utf-8", errors="ignore")
            text = cut[: cut.rfind("\n") + 1] or cut
            note = Text(
                f"Showing the first {MAX_SHOWN // 1024} KB of {len(content) / 1_048_576:.1f} MB: "
                "p opens all of it in $PAGER, w saves it.\n",
                style="bold yellow",
            )
        # shown with its control characters visible; `w` and `p` still hand over the bytes unchanged
        text = safe(text)
        lexer = LEXERS.get(self.resource.kind, "text")
        highlighted = (
            Syntax(text, lexer, theme="ansi_dark").highlight(text)
            if len(text) <= MAX_HIGHLIGHT and lexer != "text"
            else Text(text)
        )
        # line numbers, as the engine's parse errors name lines
        lines = highlighted.split("\n")
        width = len(str(len(lines)))
        shown = Text(no_wrap=True)
        if note is not None:
            shown.append_text(note)
        for number, line in enumerate(lines, 1):
            shown.append(f"{number:>{width}} ", style="dim")
            shown.append_text(line)
            shown.append("\n")
        return shown

    def action_toggle_outline(self) -> None:
        if self.resource.kind != "bpmn":
            self.notify("Outlines are for BPMN resources.", severity="warning")
            return
        self.outline = not self.outline
        self.show()

    def action_save(self) -> None:
        if self.content is not None:
            self.app.push_screen(SaveModal(self.resource.name, self.content))

    def _external(self, variable: str, fallback: str) -> None:
        if self.content is None:
            return
        suffix = Path(self.resource.name).suffix
        with tempfile.NamedTemporaryFile("wb", suffix=suffix, delete=False) as f:
            f.write(self.content)
        command = [*shlex.split(os.environ.get(variable) or fallback), f.name]
        try:
            with self.app.suspend():
                subprocess.run(command, check=False)
        except Exception as exc:
            self.notify(f"Could not run {command[0]}: {exc}", severity="error")
        finally:
            Path(f.name).unlink(missing_ok=True)

    def action_pager(self) -> None:
        self._external("PAGER", "less")

    def action_editor(self) -> None:
        self._external("EDITOR", "vi")


class SaveModal(ModalScreen[Path | None]):
    """Write the bytes unchanged; an existing file needs an explicit overwrite."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="save.cancel")]

    def __init__(self, name: str, content: bytes) -> None:
        super().__init__()
        self.name_hint = name
        self.content = content
        self.overwrite = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(Text(f"Save {self.name_hint} ({len(self.content):,} bytes) to:"))
            yield Input(str(Path.cwd() / Path(self.name_hint).name), id="target")
            yield Static("", id="save-error", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="go", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#target").focus()

    @on(Input.Changed, "#target")
    def changed(self) -> None:
        self.overwrite = False
        self.query_one("#go", Button).label = "Save"

    @on(Input.Submitted, "#target")
    @on(Button.Pressed, "#go")
    def go(self) -> None:
        target = Path(os.path.expanduser(self.query_one("#target", Input).value.strip()))
        error = self.query_one("#save-error", Static)
        if target.is_dir():
            target = target / Path(self.name_hint).name
        if target.exists() and not self.overwrite:
            self.overwrite = True
            self.query_one("#go", Button).label = "Overwrite"
            error.update(Text(f"{target} exists: press Overwrite to replace it."))
            return
        try:
            # a temp file beside it, then one rename: never a half-written file
            write_atomically(target, self.content)
        except OSError as exc:
            error.update(Text(f"Cannot write {target}: {exc.strerror}"))
            return
        self.notify(f"Saved {target}")
        self.dismiss(target)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
