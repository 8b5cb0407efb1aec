"""What every camtui screen shares: worker errors go to the app's one error handler.

Textual posts a worker's state changes to the node that runs it only (they do not bubble), so a
screen that runs workers must hand failures on, or they would vanish without a word.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from camtui.kinds.format import safe
from camtui.ui.context import context
from camtui.ui.session import Session
from camtui.ui.widgets.status_header import StatusHeader

R = TypeVar("R")


class ForwardWorkerErrors:
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.worker_failed(event.worker, event.worker.error)

    def worker_failed(self, worker: Worker[object], error: BaseException) -> None:
        context(self).handle_error(error)  # type: ignore[arg-type]


class CamtuiScreen(ForwardWorkerErrors, Screen[R]):
    pass


class CamtuiModal(ForwardWorkerErrors, ModalScreen[R]):
    pass


class ViewerScreen(CamtuiScreen[None]):
    """A scrollable page of text below the header and breadcrumbs; `start_loading` fills `#content`."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back", id="viewer.back")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def crumbs(self) -> list[str]:
        raise NotImplementedError

    def start_loading(self) -> None:
        """Start the worker that fetches what the page shows."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status-header")
        yield Static(id="crumbs")
        with VerticalScroll(id="viewer"):
            yield Static("loading…", id="content")
        yield Footer()

    def on_mount(self) -> None:
        context(self).sync_header(self.query_one(StatusHeader))
        text = " › ".join([self.session.name, *self.crumbs()])
        self.query_one("#crumbs", Static).update(Text(safe(text, layout=False), style="bold"))
        self.start_loading()

    def action_back(self) -> None:
        context(self).go_back()


def back_showing_changes(screen: Screen[Any]) -> None:
    """Close `screen` after it changed something: the screen below (the list it was opened from)
    is read again, so it shows the change (a claimed task's assignee, a resolved incident gone)."""
    stack = screen.app.screen_stack
    below = stack[-2] if len(stack) >= 2 else None
    context(screen).go_back()
    refresh = getattr(below, "action_refresh", None)
    if screen.app.screen is below and callable(refresh):
        refresh()
