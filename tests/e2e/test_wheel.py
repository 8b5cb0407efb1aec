"""The wheel people install: built from this tree, installed into a fresh venv, started from there."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("camtui-*.whl")
    return built


def test_wheel_carries_the_stylesheet_and_the_engine_sources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "camtui/camtui.tcss" in names
    assert "camtui/localengine/engine/pom.xml" in names
    assert "camtui/localengine/engine/src/main/java/camtui/testengine/CamtuiTestEngine.java" in names
    assert "camtui/localengine/engine/src/main/resources/application.yaml" in names
    assert "camtui/localengine/demo/invoice-v1.bpmn" in names
    assert not any("/target/" in n for n in names)


def test_installed_wheel_runs_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    pip = env_dir / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", str(wheel)], check=True, capture_output=True)
    camtui = env_dir / "bin" / "camtui"
    version = subprocess.run([str(camtui), "--version"], check=True, capture_output=True, text=True)
    assert version.stdout.startswith("camtui ")
    helptext = subprocess.run([str(camtui), "--help"], check=True, capture_output=True, text=True).stdout
    assert "local" in helptext
    # a headless start of the console from the installed package, stylesheet included
    smoke = subprocess.run(
        [str(camtui), "ui-smoke"], check=True, capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert "camtui started" in smoke.stdout
