"""Settings from the file and the environment: pydantic-settings reads `CAMTUI_*`, and is imported
only when such a variable is set (it costs every start ~45 ms otherwise)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from camtui.config.settings import ConfigError, settings_from

FILE: dict[str, Any] = {
    "theme": "from-file",
    "keys": {"quit": "q"},
    "profiles": {"a": {"url": "http://a.example/engine-rest", "username": "u"}},
}


@pytest.mark.parametrize(
    ("env", "expect"),
    [
        ({}, {"theme": "from-file", "keys": {"quit": "q"}}),
        ({"CAMTUI_THEME": "nord"}, {"theme": "nord"}),
        ({"camtui_auto_refresh": "5"}, {"auto_refresh": 5.0}),
        # nested with `__`, merged key by key with the file's table
        ({"CAMTUI_KEYS__REFRESH": "f5"}, {"keys": {"quit": "q", "refresh": "f5"}}),
        ({"CAMTUI_KEYS": '{"refresh": "f5"}'}, {"keys": {"quit": "q", "refresh": "f5"}}),
        ({"CAMTUI_PROFILES__A__READ_ONLY": "true"}, {"a_read_only": True, "a_username": "u"}),
        # not settings: a profile's password, the profile to use, something unknown
        ({"CAMTUI_A_PASSWORD": "x", "CAMTUI_PROFILE": "a", "CAMTUI_BOGUS": "1"}, {"theme": "from-file"}),
    ],
)
def test_the_environment_overrides_the_file(
    env: dict[str, str], expect: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = settings_from(FILE, Path("/etc/camtui.toml"))
    for key, value in expect.items():
        if key.startswith("a_"):
            assert getattr(settings.profiles["a"], key[2:]) == value
        else:
            assert getattr(settings, key) == value


def test_the_env_profile_takes_its_overrides_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMUNDA_ENGINE_REST_URL", "http://e.example/engine-rest")
    monkeypatch.setenv("CAMTUI_PROFILES__ENV__READ_ONLY", "true")
    settings = settings_from({}, Path("/etc/camtui.toml"))
    assert settings.profile_names() == ["env"] and settings.profile("env").read_only


def test_a_bad_value_from_the_environment_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMTUI_AUTO_REFRESH", "soon")
    with pytest.raises(ConfigError, match="auto_refresh"):
        settings_from({}, Path("/etc/camtui.toml"))


@pytest.mark.parametrize(("env", "imported"), [({}, False), ({"CAMTUI_THEME": "nord"}, True)])
def test_pydantic_settings_is_imported_only_for_the_environment(
    env: dict[str, str], imported: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[profiles.a]\nurl = "http://a.example/engine-rest"\n')
    for name in [n for n in os.environ if n.upper().startswith("CAMTUI_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("CAMTUI_CONFIG_FILE", str(config))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = "import sys; from camtui.config.settings import load_settings; load_settings(); "
    code += "print('pydantic_settings' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == str(imported)
