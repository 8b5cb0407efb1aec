"""issue 15: `camtui get KIND` loads its one kind and runs its reads without an event loop, and
answers exactly what the asyncio path answers; work that needs asyncio after all is read again there."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
from typing import Any

import pytest

from camtui.api import blocking
from camtui.api.protocol import Engine
from camtui.commands.common import run_with_engine
from tests.conftest import RunningEngine

# what the command's process imported, next to what it printed
PROBE = """
import contextlib, io, json, sys
from camtui.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


@pytest.fixture
def profile(real_engine: RunningEngine, monkeypatch: pytest.MonkeyPatch) -> str:
    from camtui.api.connection import AuthKind
    from camtui.config import store
    from camtui.config.profiles import Profile

    store.save_profile(Profile(name="lean", url=real_engine.url, auth=AuthKind.BASIC, username="demo"))
    monkeypatch.setenv("CAMTUI_LEAN_PASSWORD", "demo")
    return "lean"


def probe(*argv: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=120, env=dict(os.environ)
    )
    assert done.returncode == 0, done.stderr
    seen: dict[str, Any] = json.loads(done.stdout)
    return seen


def test_get_deployments_loads_one_kind_no_event_loop_and_answers_as_asyncio_does(profile: str) -> None:
    seen = probe("-p", profile, "get", "deployments", "--limit", "500", "-o", "json")
    assert seen["code"] == 0
    modules = set(seen["modules"])
    assert "asyncio" not in modules  # the reads ran without an event loop
    assert "camtui.kinds.deployments" in modules
    assert {"camtui.kinds.registry", "camtui.kinds.instances", "camtui.api.operations"} & modules == set()
    assert {"camtui.api.models.instances", "camtui.api.models.cluster", "camtui.api.c7.instances"} & modules == set()

    # the same list through the event loop, in this process: the same JSON
    async def listed(engine: Engine) -> list[dict[str, Any]]:
        page = await engine.deployments.list(limit=500)
        return [d.model_dump(mode="json") for d in page.items]

    args = argparse.Namespace(profile=profile, readonly=False)
    assert json.loads(seen["out"]) == run_with_engine(args, listed)
    assert json.loads(seen["out"])  # the demo data is there: the comparison compared something


def test_work_that_needs_asyncio_is_read_again_on_it(profile: str) -> None:
    loops: list[bool] = []

    async def needs_asyncio(engine: Engine) -> int:
        page = await engine.deployments.list(limit=1)
        loops.append(blocking.active())
        await asyncio.sleep(0)  # suspends: only an event loop finishes it
        return len(page.items)

    args = argparse.Namespace(profile=profile, readonly=False)
    assert run_with_engine(args, needs_asyncio, reads_only=True) == 1
    assert loops == [True, False]  # tried without a loop, stopped at the sleep, then done on asyncio
