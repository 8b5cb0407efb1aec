"""The kind registry: aliases and prefixes find the right kind; views, CLI and describe derive from it."""

from __future__ import annotations

import argparse

import pytest

from camtui.api.capabilities import Capability
from camtui.api.models import EngineKind
from camtui.commands.describe import DESCRIBED
from camtui.commands.get import add_parser
from camtui.kinds.registry import KINDS, all_actions, command_words, default_view, find, supported


@pytest.mark.parametrize(
    ("word", "name"),
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
def test_aliases_and_prefixes(word: str, name: str) -> None:
    found = find(word)
    assert found is not None and found.name == name


def test_ambiguous_or_unknown_words_find_nothing() -> None:
    assert find("t") is None  # tasks, tenants, ...
    assert find("spaceships") is None


def test_every_kind_is_listed_by_the_cli_and_completed_in_the_console() -> None:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    words = command_words()
    for kind in KINDS:
        args = parser.parse_args(["get", kind.name])
        assert args.kind == kind.name
        assert kind.cli_query is not None and kind.cli_query(args) is not None
        assert kind.aliases[0] in words
        assert set(kind.fields), kind.name
    assert set(DESCRIBED) == {k.singular for k in KINDS if k.describe is not None}


def test_an_engine_without_deployments_is_offered_neither_the_view_nor_its_completion() -> None:
    caps = frozenset(Capability) - {Capability.DEPLOYMENT_LIST, Capability.DEPLOYMENT_RESOURCES}
    assert "deployments" not in {k.name for k in supported(caps)}
    assert "dep" not in command_words(caps) and "pi" in command_words(caps)
    # Camunda 8 has its own: deployments assembled from their resources (issue 13)
    c8 = caps | {Capability.DEPLOYMENT_RESOURCES}
    found = find("dep", c8)
    assert found is not None and found.name == "resource-deployments"
    assert default_view(EngineKind.C8, caps) == "instances"
    assert default_view(EngineKind.C7, frozenset(Capability)) == "deployments"
    # Camunda 7 without deployments (say, a restricted gateway) opens on the first kind it has
    assert default_view(EngineKind.C7, caps) == "definitions"


def test_action_ids_are_unique_and_read_only_offers_no_change() -> None:
    ids = [a.id for a in all_actions()]
    assert len(ids) == len(set(ids))
    for kind in KINDS:
        assert all(not a.mutates for a in kind.supported_actions(frozenset(Capability), read_only=True))
        assert kind.supported_actions(frozenset(), read_only=False) == ()
