"""The view registry: `:alias` names a view; later views plug in here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen


@dataclass(frozen=True)
class ViewSpec:
    name: str
    aliases: tuple[str, ...]
    description: str
    factory: Callable[[], Screen[None]]


def _deployments() -> Screen[None]:
    from camtui.ui.screens.deployments import DeploymentsScreen

    return DeploymentsScreen()


def _definitions() -> Screen[None]:
    from camtui.ui.screens.runtime_lists import DefinitionsScreen

    return DefinitionsScreen()


def _instances() -> Screen[None]:
    from camtui.ui.screens.runtime_lists import InstancesScreen

    return InstancesScreen()


def _incidents() -> Screen[None]:
    from camtui.ui.screens.runtime_lists import IncidentsScreen

    return IncidentsScreen()


def _tasks() -> Screen[None]:
    from camtui.ui.screens.runtime_lists import TasksScreen

    return TasksScreen()


def _users() -> Screen[None]:
    from camtui.ui.screens.identity_lists import UsersScreen

    return UsersScreen()


def _groups() -> Screen[None]:
    from camtui.ui.screens.identity_lists import GroupsScreen

    return GroupsScreen()


def _tenants() -> Screen[None]:
    from camtui.ui.screens.identity_lists import TenantsScreen

    return TenantsScreen()


def _authorizations() -> Screen[None]:
    from camtui.ui.screens.identity_lists import AuthorizationsScreen

    return AuthorizationsScreen()


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec(
        "deployments",
        ("dep", "deploy", "deployments", "res", "resources"),
        "Deployments and their resources",
        _deployments,
    ),
    ViewSpec("definitions", ("pd", "def", "definitions", "processdefinitions"), "Process definitions", _definitions),
    ViewSpec("instances", ("pi", "inst", "instances", "processinstances"), "Process instances", _instances),
    ViewSpec("incidents", ("inc", "incidents"), "Incidents", _incidents),
    ViewSpec("tasks", ("ut", "task", "tasks", "usertasks"), "User tasks", _tasks),
    ViewSpec("users", ("users", "user", "usr"), "Users", _users),
    ViewSpec("groups", ("groups", "group", "grp"), "Groups", _groups),
    ViewSpec("tenants", ("tenants", "tenant", "ten"), "Tenants", _tenants),
    ViewSpec("authorizations", ("auth", "authorizations", "authz"), "Authorizations", _authorizations),
)


def find_view(word: str) -> ViewSpec | None:
    """Exact alias first, then the one view whose alias starts with `word`."""
    word = word.lower().strip()
    for view in VIEWS:
        if word == view.name or word in view.aliases:
            return view
    matches = [v for v in VIEWS if any(a.startswith(word) for a in (v.name, *v.aliases))]
    return matches[0] if len(matches) == 1 else None


def command_words() -> list[str]:
    """Everything `:` completes: view aliases and the built-in commands."""
    words = {a for v in VIEWS for a in (v.name, *v.aliases)}
    return sorted(words | {"profile", "q", "quit", "help", "theme"})
