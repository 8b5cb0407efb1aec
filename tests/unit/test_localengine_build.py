"""The local engine's build: what it says when tools are missing, and when it rebuilds."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from camtui.localengine import build


def test_missing_java_and_maven_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("camtui.localengine.build.shutil.which", lambda _: None)
    with pytest.raises(build.BuildError) as info:
        build.check_toolchain()
    text = str(info.value)
    assert "Java 17 or newer" in text
    assert "Maven" in text
    assert "apt-get install" in text


def test_too_old_java_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("camtui.localengine.build.shutil.which", lambda name: f"/usr/bin/{name}")

    def fake_run(cmd: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(cmd, 0, stdout="", stderr='openjdk version "11.0.22" 2024-01-16\n')

    monkeypatch.setattr("camtui.localengine.build.subprocess.run", fake_run)
    with pytest.raises(build.BuildError, match=r"found Java 11"):
        build.check_toolchain()


@pytest.mark.parametrize(("banner", "major"), [('openjdk version "17.0.15"', 17), ('java version "1.8.0_391"', 8)])
def test_java_version_parsing(monkeypatch: pytest.MonkeyPatch, banner: str, major: int) -> None:
    monkeypatch.setattr(
        "camtui.localengine.build.subprocess.run",
        lambda cmd, **_: subprocess.CompletedProcess(cmd, 0, stdout="", stderr=banner),
    )
    assert build.java_major_version("java") == major


def test_builds_are_cached_per_source_hash(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CAMTUI_ENGINE_CACHE", str(tmp_path))
    camunda = build.build_dir(build.Variant.CAMUNDA)
    assert camunda.parent == tmp_path
    assert camunda != build.build_dir(build.Variant.OPERATON)
    assert camunda == build.build_dir(build.Variant.CAMUNDA), "the same sources give the same place"
    # a finished build is used as it is, without Maven
    camunda.mkdir()
    (camunda / build.JAR_NAME).write_bytes(b"jar")
    (camunda / "openapi.json").write_text("{}")
    monkeypatch.setattr("camtui.localengine.build.shutil.which", lambda _: None)
    assert build.ensure_built(build.Variant.CAMUNDA).jar == camunda / build.JAR_NAME
