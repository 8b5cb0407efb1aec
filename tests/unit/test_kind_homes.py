"""issue 15: the tables that let one command load one kind or one model module stay true."""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest

import camtui.api.models as models
from camtui.kinds import homes
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
