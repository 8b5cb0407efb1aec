"""Smaller hardening: parse problems said once, timeouts of 0 refused, a wrong base path replaced,
the env profile's hint, and a warning for profiles that do not verify TLS."""

from __future__ import annotations

import pytest

from camtui.api import errors
from camtui.api.models.info import EngineKind
from camtui.cli import main
from camtui.commands.profile import _base_path_hint
from camtui.config.profiles import Profile
from camtui.config.secrets import SecretError, resolve_secret


def test_parse_problems_are_said_once_and_without_line_zero() -> None:
    details = {
        "broken.bpmn": {
            "errors": [
                {"message": "Invalid destination 'nowhere'", "line": 5, "column": 71, "elementIds": ["f1"]},
                {"message": "no location known", "line": 0, "column": 0, "elementIds": []},
            ]
        }
    }
    message = (
        "ENGINE-09005 Could not parse BPMN process. Errors: \n"
        "* Invalid destination 'nowhere' | resource broken.bpmn | line 5 | column 71\n"
        "* no location known | resource broken.bpmn | line 0 | column 0"
    )
    text = errors.BadRequest(message, status=400, details=details).describe()
    assert text.count("Invalid destination") == 1 and text.count("no location known") == 1
    assert "broken.bpmn (line 5, column 71)" in text and "line 0" not in text


def test_a_timeout_of_zero_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["profile", "add", "t", "--url", "http://h/engine-rest", "--read-timeout", "0"])
    assert code == 2 and "greater than 0" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("url", "engine", "suggestion"),
    [
        ("https://bpm.example/api", EngineKind.C7, "https://bpm.example/engine-rest"),
        ("https://bpm.example", EngineKind.C7, "https://bpm.example/engine-rest"),
        (
            "https://bpm.example/camunda/engine-rest/engine/default",
            EngineKind.C7,
            "https://bpm.example/camunda/engine-rest",
        ),
        ("https://zeebe.example/api", EngineKind.C8, "https://zeebe.example/v2"),
    ],
)
def test_the_base_path_hint_replaces_a_wrong_path(url: str, engine: EngineKind, suggestion: str | None) -> None:
    hint = _base_path_hint(Profile(name="p", url=url, engine=engine), errors.NotFound("404"))
    assert hint is not None
    if suggestion is not None:
        assert hint.endswith(f"try {suggestion}")
        assert "/api/" not in hint


def test_the_env_profile_hint_names_the_camunda_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMUNDA_ENGINE_REST_URL", "http://127.0.0.1:1/engine-rest")
    monkeypatch.setenv("CAMUNDA_BASIC_AUTH_USERNAME", "ops")
    from camtui.config.settings import Settings

    with pytest.raises(SecretError) as info:
        resolve_secret(Settings().profile("env"), interactive=False)
    assert "CAMUNDA_BASIC_AUTH_PASSWORD" in str(info.value) and "profile edit" not in str(info.value)


def test_a_profile_that_does_not_verify_tls_is_warned_about(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "add", "lax", "--url", "https://127.0.0.1:1/engine-rest", "--insecure"]) == 0
    capsys.readouterr()
    main(["-p", "lax", "get", "deployments"])
    assert "does not verify TLS certificates" in capsys.readouterr().err


def test_settings_for_the_env_profile_from_the_environment_apply_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from camtui.config.settings import Settings

    monkeypatch.setenv("CAMUNDA_ENGINE_REST_URL", "http://127.0.0.1:1/engine-rest")
    monkeypatch.setenv("CAMTUI_PROFILES__ENV__READ_ONLY", "true")
    monkeypatch.setenv("CAMTUI_PROFILES__ENV__PRODUCTION", "true")
    settings = Settings()
    assert settings.profile_names() == ["env"]
    env = settings.profile("env")
    assert env.read_only and env.production and env.url == "http://127.0.0.1:1/engine-rest"
    # and a read-only env profile refuses changes before anything is sent (exit 3)
    assert main(["-p", "env", "delete", "deployment", "x", "--yes"]) == 3
