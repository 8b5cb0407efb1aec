"""`camtui local status|logs|up|seed` on the session's engine (never `down`: other tests use it)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from camtui.cli import main
from tests.conftest import RunningEngine


@pytest.fixture
def local_cli(real_engine: RunningEngine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    if real_engine.state_dir is None:
        pytest.skip("an external engine (CAMTUI_TEST_ENGINE_URL) was not started by `camtui local`")
    monkeypatch.setenv("CAMTUI_STATE_DIR", str(real_engine.state_dir))

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["local", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_status_logs_up_and_seed_are_idempotent(local_cli, real_engine: RunningEngine) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = local_cli("status")
    assert code == 0 and real_engine.url in out and "camunda" in out
    code, out, _ = local_cli("logs", "-n", "100000")
    assert code == 0 and "Started CamtuiTestEngine" in out
    port = real_engine.url.split(":")[2].split("/")[0]
    code, out, _ = local_cli("up", "--port", port, "--seed")
    assert code == 0
    assert "already running" in out
    assert "0 created" in out
    assert "profile    local" in out


def test_the_demo_engine_needs_credentials_and_has_the_demo_data(real_engine: RunningEngine) -> None:
    assert httpx.get(f"{real_engine.url}/deployment").status_code == 401
    with httpx.Client(auth=("demo", "demo")) as client:
        names = {
            d["name"] for d in client.get(f"{real_engine.url}/deployment", params={"source": "camtui-demo"}).json()
        }
        assert names == {"invoice", "invoice v2", "order fulfilment", "payments", "reminders", "acme onboarding"}
        assert client.get(f"{real_engine.url}/incident/count").json()["count"] >= 1
        assert client.get(f"{real_engine.url}/task/count").json()["count"] >= 1
        assert client.get(f"{real_engine.url}/tenant/acme").status_code == 200
        assert client.get(f"{real_engine.url}/job/count", params={"timers": "true"}).json()["count"] >= 1


def test_status_without_an_engine(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAMTUI_STATE_DIR", str(tmp_path))
    assert main(["local", "status"]) == 3
    assert "No local engine" in capsys.readouterr().out
    assert main(["local", "down"]) == 0
    assert main(["local", "seed"]) == 1
