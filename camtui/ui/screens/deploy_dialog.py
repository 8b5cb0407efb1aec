"""Deploy files: pick them (path field with completion, or a file browser), set the options,
see what was deployed or the engine's error with line and column. A failure keeps what was typed."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Checkbox, DirectoryTree, Input, Label, ListItem, ListView, Static

from camtui.api import errors
from camtui.api.models import NewDeployment
from camtui.api.plan import Report
from camtui.kinds.format import safe
from camtui.ui.screens.base import CamtuiModal
from camtui.ui.screens.deployment_filter import parse_time
from camtui.ui.screens.modals import describe


class PathSuggester(Suggester):
    """Completes the last path component from the file system, like a shell's tab."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        # a directory listing is quick; a thread per keystroke would cost more than it saves
        return complete_path(value)


def complete_path(value: str) -> str | None:
    """`./proc` -> `./process.bpmn`: the first visible entry that starts with what was typed."""
    if not value:
        return None
    path = Path(os.path.expanduser(value))
    folder, stem = (path, "") if value.endswith(os.sep) else (path.parent, path.name)
    try:
        names = sorted(p.name + (os.sep if p.is_dir() else "") for p in folder.iterdir())
    except OSError:
        return None
    match = next((n for n in names if n.startswith(stem) and not n.startswith(".")), None)
    if match is None:
        return None
    return value + match[len(stem) :]


class FilePicker(ModalScreen[Path | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="picker.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog tall"):
            yield Label("Pick a file (enter selects)")
            yield DirectoryTree(Path.cwd(), id="tree")

    @on(DirectoryTree.FileSelected)
    def picked(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(event.path)

    def action_cancel(self) -> None:
        self.dismiss(None)


# runs the deploy action (camtui.ui.action_flow) while the form stays open; None: the user said no
Submit = Callable[["DeployModal", NewDeployment], Awaitable[Report | None]]


class DeployModal(CamtuiModal[Report | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="deploy.cancel"),
        Binding("ctrl+s", "deploy", "Deploy", id="deploy.go"),
    ]

    def __init__(self, submit: Submit, files: list[Path] | None = None) -> None:
        super().__init__()
        self.submit = submit
        self.files: list[Path] = list(files or [])

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog form"):
            yield Label("Deploy    ctrl+s deploys · esc cancels", classes="title")
            yield Label("Files (type a path, tab completes, enter adds; or Browse)")
            with Horizontal(classes="row"):
                yield Input(id="path", suggester=PathSuggester(), placeholder="./process.bpmn")
                yield Button("Browse…", id="browse")
            yield ListView(id="files")
            yield Label("Deployment name")
            yield Input(id="name")
            yield Label("Source")
            yield Input("camtui", id="source")
            yield Label("Tenant id")
            yield Input(id="tenant")
            yield Label("Activation time (ISO 8601; empty: now)")
            yield Input(id="activation")
            yield Checkbox("Enable duplicate filtering", id="duplicates")
            yield Checkbox("Deploy changed resources only", id="changed_only")
            yield Static("", id="deploy-error", classes="error-text")
            with Horizontal(classes="buttons"):
                yield Button("Deploy", id="go", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        for path in self.files:
            self.query_one("#files", ListView).append(ListItem(Label(Text(str(path)))))
        self.query_one("#path").focus()

    def add_file(self, path: Path) -> None:
        error = self.query_one("#deploy-error", Static)
        if not path.is_file():
            error.update(Text(f"Not a file: {path}"))
            return
        if path not in self.files:
            self.files.append(path)
            self.query_one("#files", ListView).append(ListItem(Label(Text(str(path)))))
        name = self.query_one("#name", Input)
        if not name.value:
            name.value = path.stem
        error.update("")

    @on(Input.Submitted, "#path")
    def path_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.add_file(Path(os.path.expanduser(event.value.strip())))
            event.input.value = ""

    @on(Button.Pressed, "#browse")
    def browse(self) -> None:
        self.app.push_screen(FilePicker(), lambda p: self.add_file(p) if p else None)

    @on(Button.Pressed, "#go")
    def action_deploy(self) -> None:
        if self.query_one("#go", Button).disabled:
            return  # a deployment is on its way
        error = self.query_one("#deploy-error", Static)
        pending = self.query_one("#path", Input).value.strip()
        if pending:
            self.add_file(Path(os.path.expanduser(pending)))
            self.query_one("#path", Input).value = ""
        name = self.query_one("#name", Input).value.strip()
        if not self.files:
            error.update("Add at least one file.")
            return
        if not name:
            error.update("Give the deployment a name.")
            return
        try:
            activation = parse_time(self.query_one("#activation", Input).value, "activation time")
            new = NewDeployment(
                name=name,
                files=tuple((p.name, p.read_bytes()) for p in self.files),
                source=self.query_one("#source", Input).value.strip() or None,
                tenant_id=self.query_one("#tenant", Input).value.strip() or None,
                activation_time=activation,
                enable_duplicate_filtering=self.query_one("#duplicates", Checkbox).value,
                deploy_changed_only=self.query_one("#changed_only", Checkbox).value,
            )
        except (ValueError, OSError) as exc:
            error.update(Text(str(exc)))
            return
        error.update("Deploying…")
        self.query_one("#go", Button).disabled = True
        self.deploy(new)

    @work(exclusive=True, group="deploy", exit_on_error=False)
    async def deploy(self, new: NewDeployment) -> None:
        error = self.query_one("#deploy-error", Static)
        try:
            report = await self.submit(self, new)
        except errors.EngineError as exc:
            # a refusal before anything was sent (read-only, an incomplete form)
            error.update(Text(safe(describe(exc)), style="red"))
            report = None
        else:
            if report is None:
                error.update(Text("Not deployed: the confirmation was cancelled.", style="yellow"))
            elif not report.ok:
                # stay open with everything typed; show the engine's words (and line/column)
                failure = "\n".join(o.message for o in report.outcomes if o.message) or report.summary()
                error.update(Text(safe(failure), style="red"))
        if report is None or not report.ok:
            self.query_one("#go", Button).disabled = False
            return
        self.dismiss(report)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
