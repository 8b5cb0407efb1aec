"""`camtui profile ...` against the real engine, in-process, with a temp config and in-memory keyring."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from camtui.cli import main
from camtui.config.paths import config_file, log_file
from tests.conftest import RunningEngine
from tests.memory_keyring import MemoryKeyring

SECRET = "demo"


def run(
    capsys: pytest.CaptureFixture[str],
    *argv: str,
    stdin: str | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def scan_for(secret: str, *paths: Path) -> list[str]:
    hits = []
    for root in paths:
        for path in [root] if root.is_file() else (root.rglob("*") if root.exists() else []):
            if path.is_file() and secret.encode() in path.read_bytes():
                hits.append(str(path))
    return hits


def test_add_test_use_and_no_secret_on_disk(
    real_engine: RunningEngine,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    isolated_config: MemoryKeyring,
) -> None:
    secret = "s3cr3t-for-scan"
    # a user whose password is unusual enough to search for
    code, _, err = run(
        capsys,
        "profile",
        "add",
        "admin",
        "--url",
        real_engine.url,
        "--username",
        "demo",
        "--password-stdin",
        stdin="demo\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0, err
    assert isolated_config.store[("camtui", "admin:password")] == "demo"
    code, out, _ = run(capsys, "profile", "test", "admin")
    assert code == 0
    assert "OK admin: Camunda 7 7.24.0" in out and "user demo" in out and "round trip" in out

    code, _, err = run(
        capsys,
        "profile",
        "add",
        "other",
        "--url",
        real_engine.url,
        "--username",
        "demo",
        "--password-stdin",
        "--readonly",
        "--production",
        "--colour",
        "red",
        stdin=f"{secret}\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0, err
    code, out, err = run(capsys, "profile", "test", "other")
    assert code == 1
    assert "401" in err and "hint:" in err and "Traceback" not in err
    code, out, _ = run(capsys, "profile", "show", "other")
    shown = json.loads(out)
    assert shown["read_only"] is True and shown["production"] is True and shown["colour"] == "red"
    assert secret not in out
    code, out, _ = run(capsys, "profile", "list")
    assert "* admin" in out and "other" in out and "read-only" in out and "PRODUCTION" in out
    code, _, _ = run(capsys, "profile", "use", "other")
    assert code == 0
    code, out, _ = run(capsys, "profile", "list")
    assert "* other" in out
    log = log_file().read_text()
    assert "401" in log and "/version" in log, "the failed login is in the log"
    assert scan_for(secret, config_file().parent, log_file().parent) == []
    code, _, _ = run(capsys, "profile", "remove", "other")
    assert code == 0
    assert ("camtui", "other:password") not in isolated_config.store


def test_wrong_base_path_gets_a_precise_hint(
    real_engine: RunningEngine, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = real_engine.url.removesuffix("/engine-rest")
    code, _, _ = run(
        capsys,
        "profile",
        "add",
        "nopath",
        "--url",
        root,
        "--username",
        "demo",
        "--password-stdin",
        stdin="demo\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0
    code, _, err = run(capsys, "profile", "test", "nopath")
    assert code == 1
    assert f"try {root}/engine-rest" in err
    assert "<html" not in err.lower()


def test_refused_connection_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    from camtui.localengine.process import free_port

    url = f"http://127.0.0.1:{free_port()}/engine-rest"
    assert run(capsys, "profile", "add", "down", "--url", url)[0] == 0
    code, _, err = run(capsys, "profile", "test", "down")
    assert code == 1 and "refused" in err.lower() and "hint:" in err


def test_missing_secret_without_a_terminal_names_three_ways(
    real_engine: RunningEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "profile", "add", "nosecret", "--url", real_engine.url, "--username", "demo")[0] == 0
    code, _, err = run(capsys, "profile", "test", "nosecret")
    assert code == 2
    assert "CAMTUI_NOSECRET_PASSWORD" in err and "keyring" in err and "terminal" in err


def test_broken_config_exits_2_naming_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    path = config_file()
    path.parent.mkdir(parents=True)
    path.write_text("[profiles.x\nurl = 1\n")
    code, _, err = run(capsys, "profile", "list")
    assert code == 2 and str(path) in err and "line 1" in err
    assert path.read_text() == "[profiles.x\nurl = 1\n"


def test_import_c8ctl_profiles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_config: MemoryKeyring
) -> None:
    source = tmp_path / "profiles.json"
    source.write_text(
        json.dumps(
            [
                {
                    "name": "saas",
                    "baseUrl": "https://bru-2.zeebe.camunda.io/abc/v2",
                    "clientId": "cid",
                    "clientSecret": "c8-secret-value",
                    "audience": "zeebe.camunda.io",
                    "oAuthUrl": "https://login.cloud.camunda.io/oauth/token",
                },
            ]
        )
    )
    code, out, _ = run(capsys, "profile", "import", str(source))
    assert code == 0 and "Imported saas" in out
    assert isolated_config.store[("camtui", "saas:client_secret")] == "c8-secret-value"
    assert "c8-secret-value" not in config_file().read_text()
    code, out, _ = run(capsys, "profile", "show", "saas")
    assert json.loads(out)["audience"] == "zeebe.camunda.io"


def test_import_camunda_modeler_connections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_config: MemoryKeyring
) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text(
        json.dumps(
            {
                "app.theme": "dark",
                "connectionManagerPlugin.c8connections": [
                    {
                        "id": "a1",
                        "name": "Local c8run",
                        "targetType": "selfHosted",
                        "contactPoint": "http://localhost:8080/v2",
                        "authType": "none",
                    },
                    {
                        "id": "b2",
                        "name": "SM basic",
                        "targetType": "selfHosted",
                        "contactPoint": "https://sm.example/v2",
                        "authType": "basic",
                        "basicAuthUsername": "ops",
                        "basicAuthPassword": "modeler-pw",
                    },
                    {
                        "id": "c3",
                        "name": "SaaS prod",
                        "targetType": "camundaCloud",
                        "camundaCloudClusterUrl": "https://bru-2.zeebe.camunda.io/abc",
                        "camundaCloudClientId": "cid",
                        "camundaCloudClientSecret": "cloud-secret",
                    },
                ],
            }
        )
    )
    code, out, _ = run(capsys, "profile", "import", str(settings))
    assert code == 0
    assert "Imported Local-c8run" in out and "Imported SM-basic" in out and "Imported SaaS-prod" in out
    shown = json.loads(run(capsys, "profile", "show", "SaaS-prod")[1])
    assert shown["auth"] == "oauth2" and shown["client_id"] == "cid" and shown["engine"] == "c8"
    assert json.loads(run(capsys, "profile", "show", "SM-basic")[1])["username"] == "ops"
    assert isolated_config.store[("camtui", "SM-basic:password")] == "modeler-pw"
    assert isolated_config.store[("camtui", "SaaS-prod:client_secret")] == "cloud-secret"
    text = config_file().read_text()
    assert "modeler-pw" not in text and "cloud-secret" not in text
