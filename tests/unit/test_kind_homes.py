"""issue 15: the tables that let one command load one kind or one model module stay true."""

from __future__ import annotations

import ast
import importlib
import inspect
from typing import Any

import pytest

import camtui.api.models as models
from camtui.api.c7.engine import CAPABILITIES as C7_CAPABILITIES
from camtui.api.c8.engine import CAPABILITIES as C8_CAPABILITIES
from camtui.api.capabilities import Capability
from camtui.api.models import EngineKind
from camtui.kinds import homes, registry
from camtui.kinds.base import Kind
from camtui.kinds.registry import KINDS, kind


def test_every_kind_get_lists_is_in_the_table_and_loads_as_the_registry_has_it() -> None:
    listed = {k.name for k in KINDS if k.cli_query is not None}
    assert listed <= set(homes.HOMES)
    for name in homes.HOMES:
        assert homes.load(name) is kind(name), name


def test_a_name_no_kind_has_is_refused_as_the_registry_refuses_it() -> None:
    with pytest.raises(KeyError):
        homes.load("no-such-kind")


def test_every_model_name_is_where_the_lazy_table_says_and_the_checker_reads_it_there() -> None:
    tree = ast.parse(inspect.getsource(models))
    checked = {
        alias.asname or alias.name: node.module
        for block in tree.body
        if isinstance(block, ast.If)
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert checked == models._HOME
    assert set(models.__all__) == set(models._HOME)
    for name, home in models._HOME.items():
        assert getattr(models, name) is getattr(importlib.import_module(home), name)


def searched(word: str, capabilities: frozenset[Capability]) -> Kind[Any] | None:
    """The registry's search over every kind, as it was before its shortcut by name (issue 15)."""
    word = word.lower().strip()
    kinds = (*registry.supported(capabilities), *KINDS)
    for k in kinds:
        if word == k.name or word in k.aliases:
            return k
    matches = list(dict.fromkeys(k for k in kinds if any(a.startswith(word) for a in (k.name, *k.aliases))))
    matches = [k for k in matches if k.capability in capabilities] or matches
    return matches[0] if len(matches) == 1 else None


@pytest.mark.parametrize("engine", [EngineKind.C7, EngineKind.C8])
def test_finding_a_kind_by_its_name_loads_it_alone_and_finds_what_the_whole_search_finds(engine: EngineKind) -> None:
    capabilities = C7_CAPABILITIES if engine is EngineKind.C7 else C8_CAPABILITIES
    words = {w for k in KINDS for w in (k.name, *k.aliases)}
    for word in sorted(words):
        assert registry.find(word, capabilities) is searched(word, capabilities), word
    offered = registry.supported(capabilities)
    expected = registry.DEFAULT_VIEW[engine] if any(k.name == registry.DEFAULT_VIEW[engine] for k in offered) else None
    assert registry.default_view(engine, capabilities) == (expected or offered[0].name)
    for k in KINDS:
        assert registry.offers(k, capabilities) == (k in offered)
