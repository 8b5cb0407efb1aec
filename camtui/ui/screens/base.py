"""What every camtui screen shares: worker errors go to the app's one error handler.

Textual posts a worker's state changes to the node that runs it only (they do not bubble), so a
screen that runs workers must hand failures on, or they would vanish without a word.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from camtui.ui.engine_access import camtui_app

R = TypeVar("R")


class ForwardWorkerErrors:
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.worker_failed(event.worker, event.worker.error)

    def worker_failed(self, worker: Worker[object], error: BaseException) -> None:
        camtui_app(self).handle_error(error)  # type: ignore[arg-type]


class CamtuiScreen(ForwardWorkerErrors, Screen[R]):
    pass


class CamtuiModal(ForwardWorkerErrors, ModalScreen[R]):
    pass
