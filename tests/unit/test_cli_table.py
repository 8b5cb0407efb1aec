"""The CLI's command table: every command is where the table says, and `--help`/`--version` stay light."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

import pytest

from camtui.cli import COMMANDS, command_of


def declared_by(module_name: str) -> dict[str, str]:
    """The subcommands a module declares, with their help lines."""
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    module = importlib.import_module(module_name)
    (getattr(module, "add_parser", None) or module.add_parsers)(sub)
    return {action.dest: action.help or "" for action in sub._choices_actions}


def test_every_command_is_declared_by_its_module_with_the_same_help_line() -> None:
    for module_name in {m for m, _ in COMMANDS.values()}:
        declared = declared_by(module_name)
        listed = {name: line for name, (m, line) in COMMANDS.items() if m == module_name}
        assert declared == listed, module_name


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["get", "deployments"], "get"),
        (["-p", "prod", "get", "x"], "get"),
        (["--profile", "get", "describe", "x"], "describe"),
        (["--readonly", "-c", "pi"], None),
        (["--help"], None),
        ([], None),
    ],
)
def test_the_command_is_found_past_the_global_options(argv: list[str], command: str | None) -> None:
    assert command_of(argv) == command


PROBE = """
import contextlib, io, json, sys
from camtui.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main([{arg!r}])
    except SystemExit:
        pass
print(json.dumps({{"out": out.getvalue(), "modules": sorted(sys.modules)}}))
"""


@pytest.mark.parametrize("arg", ["--help", "--version"])
def test_help_and_version_load_no_command_and_no_engine_code(arg: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(arg=arg)], capture_output=True, text=True, check=True, timeout=60
    )
    seen = json.loads(done.stdout)
    heavy = [m for m in seen["modules"] if m.split(".")[0] in ("pydantic", "httpx", "textual", "keyring", "yaml")]
    loaded_commands = [m for m in seen["modules"] if m.startswith("camtui.commands.") and m != "camtui.commands.exits"]
    assert heavy == [] and loaded_commands == []
    if arg == "--help":
        for name in COMMANDS:
            assert name in seen["out"]
    else:
        assert seen["out"].startswith("camtui ")
