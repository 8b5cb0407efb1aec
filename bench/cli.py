"""The command line: `--version`/`--help` against `python -c pass`, and `camtui get deployments
-o json` against a plain httpx script that sends the same request and prints the same JSON, the
floor of camtui's own stack (httpx's sync client and a pydantic model, nothing of camtui), and
(where pycamunda is installed: `pip install pycamunda`) the pycamunda script of issue 15."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from bench.common import DEPLOYMENT_MODEL, PYTHON, clean_env, paired

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


# the least any camtui command can cost (issue 15): httpx without its own CLI (camtui.cli does
# the same), its sync client, and the answer turned into a pydantic model like camtui's and
# dumped as JSON; the stack camtui keeps (httpx, pydantic) costs this much before camtui's code
PYDANTIC_FLOOR_GET = (
    """
import sys
sys.modules["httpx._main"] = None
import json, os, httpx
"""
    + DEPLOYMENT_MODEL
    + """
URL = os.environ["BENCH_URL"]
# the CA store only where TLS is spoken (camtui does the same): loading it costs ~30 ms
with httpx.Client(auth=("demo", "demo"), verify=URL.startswith("https:")) as client:
    rows = client.get(f"{URL}/deployment", params={"firstResult": 0, "maxResults": 50}).json()
print(json.dumps([d.model_dump(mode="json") for d in deployments(rows)], indent=2))
"""
)


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
    scripts = {"raw_httpx": [PYTHON, "-c", RAW_GET], "pydantic_floor": [PYTHON, "-c", PYDANTIC_FLOOR_GET]}
    if importlib.util.find_spec("pycamunda") is not None:
        scripts["pycamunda"] = [PYTHON, "-c", PYCAMUNDA_GET]
    get = paired(
        {**scripts, "camtui": [*camtui, "-p", "bench", "get", "deployments", "-o", "json"]}, env, rounds, expect="["
    )
    versus_pycamunda = (
        {
            "pycamunda_get_ms": round(get["pycamunda"], 1),
            "get_ratio_vs_pycamunda": round(get["camtui"] / get["pycamunda"], 2),
            "pydantic_floor_ratio_vs_pycamunda": round(get["pydantic_floor"] / get["pycamunda"], 2),
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
        "pydantic_floor_get_ms": round(get["pydantic_floor"], 1),
        "get_ratio_vs_pydantic_floor": round(get["camtui"] / get["pydantic_floor"], 2),
        **versus_pycamunda,
    }
