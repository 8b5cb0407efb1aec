"""A URL with credentials in it, or without a scheme, is refused in words that never echo it."""

from __future__ import annotations

import pytest

from camtui.cli import main
from camtui.config.settings import ConfigError, Settings

SECRET = "hunter2-Secret"


@pytest.mark.parametrize(
    ("url", "why"),
    [(f"http://ops:{SECRET}@bpm.example/engine-rest", "user:password@"), ("bpm.example/engine-rest", "http://")],
)
def test_a_broken_env_profile_is_listed_and_explained_without_its_url(
    url: str, why: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAMUNDA_ENGINE_REST_URL", url)
    settings = Settings()
    assert settings.profile_names() == ["env"]
    with pytest.raises(ConfigError) as info:
        settings.profile("env")
    assert why in str(info.value) and "CAMUNDA_ENGINE_REST_URL" in str(info.value)
    assert SECRET not in str(info.value)
    # the CLI: one line, exit 2, no traceback, no password
    assert main(["-p", "env", "get", "deployments"]) == 2
    assert main(["get", "deployments"]) == 2
    code = main(["profile", "list"])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in err
    assert "env" in out and "not usable" in out and why in out and SECRET not in out + err


def test_profile_add_refuses_credentials_in_the_url_without_echoing_them(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["profile", "add", "x", "--url", f"https://ops:{SECRET}@bpm.example/engine-rest"])
    out, err = capsys.readouterr()
    assert code == 2 and "user:password@" in err and SECRET not in out + err
