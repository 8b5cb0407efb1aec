"""The view registry: `:alias` names a view; later views plug in here.

A view's screen class is named by import path and loaded on first use, so start-up imports only
the view it opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import cast

from textual.screen import Screen


@dataclass(frozen=True)
class ViewSpec:
    name: str
    aliases: tuple[str, ...]
    description: str
    # "module:Class" of a screen that takes no arguments
    screen: str

    def factory(self) -> Screen[None]:
        module, _, cls = self.screen.partition(":")
        return cast(Screen[None], getattr(import_module(module), cls)())


_RUNTIME = "camtui.ui.screens.runtime_lists"
_IDENTITY = "camtui.ui.screens.identity_lists"

VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec(
        "deployments",
        ("dep", "deployments", "res", "resources"),
        "Deployments and resources",
        "camtui.ui.screens.deployments:DeploymentsScreen",
    ),
    ViewSpec(
        "definitions", ("pd", "def", "processdefinitions"), "Process definitions", f"{_RUNTIME}:DefinitionsScreen"
    ),
    ViewSpec("instances", ("pi", "inst", "processinstances"), "Process instances", f"{_RUNTIME}:InstancesScreen"),
    ViewSpec("incidents", ("inc",), "Incidents", f"{_RUNTIME}:IncidentsScreen"),
    ViewSpec("tasks", ("ut", "task", "usertasks"), "User tasks", f"{_RUNTIME}:TasksScreen"),
    ViewSpec("users", ("user", "usr"), "Users", f"{_IDENTITY}:UsersScreen"),
    ViewSpec("groups", ("group", "grp"), "Groups", f"{_IDENTITY}:GroupsScreen"),
    ViewSpec("tenants", ("tenant", "ten"), "Tenants", f"{_IDENTITY}:TenantsScreen"),
    ViewSpec("authorizations", ("auth", "authz"), "Authorizations", f"{_IDENTITY}:AuthorizationsScreen"),
)


def find_view(word: str) -> ViewSpec | None:
    """Exact name or alias first, then the one view whose name or alias starts with `word`."""
    word = word.lower().strip()
    for view in VIEWS:
        if word == view.name or word in view.aliases:
            return view
    matches = [v for v in VIEWS if any(a.startswith(word) for a in (v.name, *v.aliases))]
    return matches[0] if len(matches) == 1 else None


def command_words() -> list[str]:
    """Everything `:` completes: view names, aliases and the built-in commands."""
    words = {a for v in VIEWS for a in (v.name, *v.aliases)}
    return sorted(words | {"profile", "q", "quit", "help", "theme"})
