"""The command line: `--version`/`--help` against `python -c pass`, and `camtui get deployments
-o json` against a plain httpx script that sends the same request and prints the same JSON."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.common import PYTHON, clean_env, paired

RAW_GET = """
import json, os, httpx
URL = os.environ["BENCH_URL"]
rows = httpx.get(f"{URL}/deployment", params={"firstResult": 0, "maxResults": 50}, auth=("demo", "demo")).json()
print(json.dumps(rows, indent=2))
"""


def camtui_command() -> list[str]:
    """The installed console script, as a user runs it."""
    script = Path(PYTHON).with_name("camtui")
    return [str(script)] if script.exists() else [shutil.which("camtui") or "camtui"]


def run(url: str, tmp: Path, rounds: int = 15) -> dict[str, float]:
    config = tmp / "cli.toml"
    config.write_text(f'[profiles.bench]\nurl = "{url}"\nauth = "basic"\nusername = "demo"\n')
    env = clean_env(
        {
            "CAMTUI_CONFIG_FILE": str(config),
            "CAMTUI_BENCH_PASSWORD": "demo",
            "CAMTUI_LOG_FILE": str(tmp / "camtui.log"),
            "CAMTUI_STATE_DIR": str(tmp / "state"),
            "BENCH_URL": url,
        }
    )
    camtui = camtui_command()
    small = paired(
        {"python": [PYTHON, "-c", "pass"], "version": [*camtui, "--version"], "help": [*camtui, "--help"]},
        env,
        rounds,
    )
    get = paired(
        {"raw_httpx": [PYTHON, "-c", RAW_GET], "camtui": [*camtui, "-p", "bench", "get", "deployments", "-o", "json"]},
        env,
        rounds,
        expect="[",
    )
    return {
        "python_pass_ms": round(small["python"], 1),
        "version_ms": round(small["version"], 1),
        "help_ms": round(small["help"], 1),
        "version_ratio": round(small["version"] / small["python"], 2),
        "help_ratio": round(small["help"] / small["python"], 2),
        "raw_httpx_get_ms": round(get["raw_httpx"], 1),
        "camtui_get_ms": round(get["camtui"], 1),
        "get_ratio": round(get["camtui"] / get["raw_httpx"], 2),
    }
