"""Views in the console: one per kind (camtui.kinds.registry), offered where the engine can list it.

A kind with a screen of its own names it by import path ("module:Class"), loaded on first use, so
start-up imports only the view it opens; every other kind gets the generic list.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from textual.screen import Screen

from camtui.kinds.base import Kind, View
from camtui.ui.session import Session


def make_screen(kind: Kind[Any], session: Session, query: Any = None) -> Screen[None]:
    """The kind's view; `query` (a saved query, `:pi @NAME`) replaces its default filter."""
    if kind.screen:
        module, _, cls = kind.screen.partition(":")
        screen: Screen[None] = getattr(import_module(module), cls)(session, *([query] if query is not None else []))
        return screen
    from camtui.ui.screens.list_view import ListView

    return ListView(kind, session, query)


def screen_modules(kind: Kind[Any] | None) -> tuple[str, ...]:
    """The modules `make_screen` imports for `kind` (to load them ahead, in a thread, at start)."""
    if kind is not None and kind.screen:
        return (kind.screen.partition(":")[0],)
    return ("camtui.ui.screens.list_view",)


def view_screen(view: View, session: Session, kind: Kind[Any], item_id: str) -> Screen[None]:
    """The screen a kind's view opens for one item (a definition's diagram)."""
    module, _, cls = view.screen.partition(":")
    screen: Screen[None] = getattr(import_module(module), cls)(session, kind.singular, item_id)
    return screen


def saved_query(kind: Kind[Any], word: str) -> Any:
    """`@NAME` after a view's name: the saved query of that kind (ConfigError says why not)."""
    from camtui.config import queries

    return queries.load(kind.name, word.removeprefix("@"), type(kind.new_query()))
