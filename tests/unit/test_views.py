"""The view registry: aliases and prefixes find the right view, every view's screen loads."""

from __future__ import annotations

import pytest

from camtui.ui.screens.list_view import ListView
from camtui.ui.views import VIEWS, command_words, find_view


@pytest.mark.parametrize(
    ("word", "view"),
    [
        ("dep", "deployments"),
        ("pd", "definitions"),
        ("pi", "instances"),
        ("inc", "incidents"),
        ("ut", "tasks"),
        ("users", "users"),
        ("groups", "groups"),
        ("tenants", "tenants"),
        ("auth", "authorizations"),
        ("DEP", "deployments"),
        ("incid", "incidents"),
        ("res", "deployments"),
    ],
)
def test_aliases_and_prefixes(word: str, view: str) -> None:
    found = find_view(word)
    assert found is not None and found.name == view


def test_ambiguous_or_unknown_words_find_nothing() -> None:
    assert find_view("t") is None  # tasks, tenants, ...
    assert find_view("spaceships") is None


def test_every_view_builds_its_screen_and_is_completed() -> None:
    words = command_words()
    for view in VIEWS:
        screen = view.factory()
        assert isinstance(screen, ListView)
        assert view.name == screen.VIEW
        assert view.aliases[0] in words
