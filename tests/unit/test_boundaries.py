"""Architecture rules that keep start-up fast and layers apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_ui_imports_textual_so_the_check_below_can_fail() -> None:
    code = "import sys, camtui.ui.app; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "True"


@pytest.mark.parametrize("module", ["camtui.api", "camtui.config", "camtui.cli", "camtui.localengine.seed"])
def test_service_layer_and_cli_do_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_ui_never_imports_httpx() -> None:
    ui = ROOT / "camtui" / "ui"
    assert len(list(ui.rglob("*.py"))) > 10
    offenders = [str(p) for p in ui.rglob("*.py") if "import httpx" in p.read_text() or "from httpx" in p.read_text()]
    assert offenders == []
