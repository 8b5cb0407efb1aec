"""What a screen may ask of the console around it: navigation, errors, the header.

Screens are typed against this, not against the app, so they can live beside other sessions and
be tested on their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from textual.dom import DOMNode

from camtui.config.settings import Settings

if TYPE_CHECKING:
    from camtui.ui.session import Session
    from camtui.ui.widgets.status_header import StatusHeader


class Context(Protocol):
    @property
    def settings(self) -> Settings: ...

    @property
    def session(self) -> Session | None: ...

    def handle_error(self, error: BaseException) -> None: ...

    def go_back(self) -> None: ...

    def show_view(self, name: str) -> None: ...

    def refreshed(self, view: str) -> None: ...

    def sync_header(self, header: StatusHeader) -> None: ...

    def notify(
        self, message: str, *, title: str = "", severity: str = "information", timeout: float | None = None
    ) -> None: ...


def context(node: DOMNode) -> Context:
    """The context of the app a widget lives in."""
    return cast(Context, node.app)
