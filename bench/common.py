"""What every benchmark shares: a clean environment for subprocesses, and medians of paired runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment without the user's Camunda settings: `CAMUNDA_*`/`ZEEBE_*` would add an
    implicit `env` profile (and a password prompt) to what is measured. camtui's bytecode is
    compiled first and kept, as an installed package has it: with PYTHONDONTWRITEBYTECODE set
    and no `__pycache__`, every run would compile camtui's sources again (and only camtui's,
    since the baselines' libraries come with bytecode)."""
    compile_camtui()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CAMUNDA_", "ZEEBE_", "CAMTUI_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra or {})
    return env


def compile_camtui() -> None:
    import compileall
    from pathlib import Path

    import camtui

    compileall.compile_dir(Path(camtui.__file__).parent, quiet=1)


def run_ms(argv: list[str], env: Mapping[str, str], *, expect: str = "") -> float:
    """Wall time of one process, start to exit, in ms; it must succeed (and print `expect`)."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=dict(env), capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0 or expect not in done.stdout + done.stderr:
        raise RuntimeError(f"{argv[:3]} failed ({done.returncode}): {done.stderr[-500:] or done.stdout[-500:]}")
    return elapsed


def paired(runs: Mapping[str, list[str]], env: Mapping[str, str], rounds: int, expect: str = "") -> dict[str, float]:
    """Median ms of each command, run in turns (a, b, a, b, ...) so drift hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, argv in runs.items():
            times[name].append(run_ms(argv, env, expect=expect))
    return {name: statistics.median(values) for name, values in times.items()}


PYTHON = sys.executable


# for the floors that measure camtui's stack without camtui (`bench/cli.py`, `bench/startup.py`):
# a pydantic model like camtui's Deployment, and the answer's rows made into it
DEPLOYMENT_MODEL = """
from datetime import datetime
from pydantic import BaseModel, ConfigDict

class Deployment(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)
    id: str
    name: str | None = None
    source: str | None = None
    tenant_id: str | None = None
    deployment_time: datetime | None = None

def deployments(rows):
    return [
        Deployment(id=r["id"], name=r.get("name"), source=r.get("source"), tenant_id=r.get("tenantId"),
                   deployment_time=r.get("deploymentTime"))
        for r in rows
    ]
"""
