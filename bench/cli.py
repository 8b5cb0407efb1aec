"""The command line: `--version`/`--help` against `python -c pass`, and `camtui get deployments
-o json` against a plain httpx script that sends the same request and prints the same JSON, and
(where pycamunda is installed: `pip install pycamunda`) against the pycamunda script of issue 15."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from bench.common import PYTHON, clean_env, paired

RAW_GET = """
import json, os, httpx
URL = os.environ["BENCH_URL"]
rows = httpx.get(f"{URL}/deployment", params={"firstResult": 0, "maxResults": 50}, auth=("demo", "demo")).json()
print(json.dumps(rows, indent=2))
"""

# what a pycamunda user writes for the same list (pycamunda sends it with requests)
PYCAMUNDA_GET = """
import dataclasses, json, os
import pycamunda.deployment
get = pycamunda.deployment.GetList(os.environ["BENCH_URL"], first_result=0, max_results=50)
get.auth = ("demo", "demo")
print(json.dumps([dataclasses.asdict(d) for d in get()], indent=2, default=str))
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
    scripts = {"raw_httpx": [PYTHON, "-c", RAW_GET]}
    if importlib.util.find_spec("pycamunda") is not None:
        scripts["pycamunda"] = [PYTHON, "-c", PYCAMUNDA_GET]
    get = paired(
        {**scripts, "camtui": [*camtui, "-p", "bench", "get", "deployments", "-o", "json"]}, env, rounds, expect="["
    )
    versus_pycamunda = (
        {
            "pycamunda_get_ms": round(get["pycamunda"], 1),
            "get_ratio_vs_pycamunda": round(get["camtui"] / get["pycamunda"], 2),
        }
        if "pycamunda" in get
        else {}
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
        **versus_pycamunda,
    }
