"""The CLI against the real engine, as a test calls it: profiles `t` (demo) and `ro` (read-only demo)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from camtui.cli import main
from tests.conftest import RunningEngine

Cli = Callable[..., tuple[int, str, str]]


def cli_runner(real_engine: RunningEngine, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    from camtui.api.connection import AuthKind
    from camtui.config import store
    from camtui.config.profiles import Profile

    store.save_profile(Profile(name="t", url=real_engine.url, auth=AuthKind.BASIC, username="demo"))
    store.save_profile(Profile(name="ro", url=real_engine.url, auth=AuthKind.BASIC, username="demo", read_only=True))
    monkeypatch.setenv("CAMTUI_T_PASSWORD", "demo")
    monkeypatch.setenv("CAMTUI_RO_PASSWORD", "demo")

    def run(*argv: str, profile: str = "t", stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            code = main(["--profile", profile, *argv])
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def rest(real_engine: RunningEngine, path: str, user: str = "demo", password: str = "demo", **params: Any) -> Any:
    with httpx.Client(auth=(user, password)) as client:
        response = client.get(f"{real_engine.url}{path}", params=params)
        response.raise_for_status()
        return response.json()


def post(real_engine: RunningEngine, path: str, body: Any) -> Any:
    with httpx.Client(auth=("demo", "demo")) as client:
        response = client.post(f"{real_engine.url}{path}", json=body)
        response.raise_for_status()
        return response.json() if response.content else None


def invoice_tasks(real_engine: RunningEngine, n: int, prefix: str = "TV") -> list[str]:
    """`n` fresh "Approve invoice" tasks (candidate group accounting), by id."""
    import uuid

    ids = []
    for _ in range(n):
        started = post(
            real_engine,
            "/process-definition/key/camtui_invoice/start",
            {"businessKey": f"{prefix}{uuid.uuid4().hex[:8]}"},
        )
        ids.append(rest(real_engine, "/task", processInstanceId=started["id"])[0]["id"])
    return ids
