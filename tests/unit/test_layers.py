"""The import-linter contracts hold for the tree, and would catch a screen that reaches an engine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).parent / "lint-imports"


def lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_of_the_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "camtui", tree / "camtui", ignore=shutil.ignore_patterns("__pycache__", "target"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_contracts_hold(tmp_path: Path) -> None:
    result = lint(copy_of_the_tree(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_screen_that_imports_the_camunda7_implementation_breaks_the_build(tmp_path: Path) -> None:
    tree = copy_of_the_tree(tmp_path)
    screen = tree / "camtui" / "ui" / "screens" / "deployments.py"
    screen.write_text(screen.read_text() + "\nfrom camtui.api.c7.engine import C7Engine  # noqa\n")
    result = lint(tree)
    assert result.returncode != 0
    assert "camtui.ui.screens.deployments -> camtui.api.c7.engine" in result.stdout


def test_a_kind_that_imports_textual_breaks_the_build(tmp_path: Path) -> None:
    tree = copy_of_the_tree(tmp_path)
    kind = tree / "camtui" / "kinds" / "identity.py"
    kind.write_text(kind.read_text() + "\nimport textual  # noqa\n")
    result = lint(tree)
    assert result.returncode != 0 and "camtui.kinds.identity" in result.stdout
