"""Typed access to the app's current engine and profile from any widget."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from camtui.ui.app import CamtuiApp


def camtui_app(node: DOMNode) -> CamtuiApp:
    from camtui.ui.app import CamtuiApp

    return cast(CamtuiApp, node.app)
