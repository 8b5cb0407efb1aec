"""`camtui get var`, `camtui set var --delete` and the batch forms of `suspend instance` / `set var` on
the real engine: bytes compared, the engine's state checked afterwards."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from camtui.kinds.instance_batches import BATCH_FROM
from tests.conftest import RunningEngine
from tests.engine.test_cli_commands import cli, rest
from tests.engine.test_cli_plans import deploy
from tests.engine.test_operate_cli import instance_ids

__all__ = ["cli"]

# every byte value, a NUL run and bytes that are no UTF-8: nothing may be decoded or re-encoded on the way
CONTENT = bytes(range(256)) + b"\x00" * 64 + "grüße\r\n".encode("latin-1") + os.urandom(4096)


def upload_file(real_engine: RunningEngine, instance: str, name: str, content: bytes) -> None:
    """The engine's own multipart upload of a File variable."""
    httpx.post(
        f"{real_engine.url}/process-instance/{instance}/variables/{name}/data",
        files={"data": ("scan.bin", content, "application/octet-stream")},
        data={"valueType": "File"},
        auth=("demo", "demo"),
    ).raise_for_status()


def test_a_file_variable_is_downloaded_byte_for_byte(cli: Any, real_engine: RunningEngine, tmp_path: Path) -> None:
    _, _, key = deploy(cli, tmp_path, instances=1)
    [instance] = instance_ids(real_engine, key)
    upload_file(real_engine, instance, "scan", CONTENT)
    target = tmp_path / "out" / "scan.bin"
    target.parent.mkdir()

    code, _, err = cli("get", "var", instance, "scan", "--output", str(target))
    assert code == 0, err
    assert target.read_bytes() == CONTENT
    assert f"Wrote {len(CONTENT)} bytes" in err
    assert sorted(p.name for p in target.parent.iterdir()) == ["scan.bin"], "no temporary file left behind"

    # a plain variable comes as JSON with its type
    httpx.put(
        f"{real_engine.url}/process-instance/{instance}/variables/label",
        json={"value": "hello", "type": "String"},
        auth=("demo", "demo"),
    ).raise_for_status()
    code, out, err = cli("get", "var", instance, "label")
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["name"], shown["type"], shown["value"]) == ("label", "String", "hello")
    # a variable that is not there: the engine's words, and no file
    missing = tmp_path / "missing.bin"
    code, _, err = cli("get", "var", instance, "nothing", "--out", str(missing))
    assert code != 0 and "nothing" in err
    assert not missing.exists()


def test_delete_a_variable_with_its_plan(cli: Any, real_engine: RunningEngine, tmp_path: Path) -> None:
    _, _, key = deploy(cli, tmp_path, instances=1)
    [instance] = instance_ids(real_engine, key)
    assert cli("set", "var", instance, "--var", "label=x", "--var", "keep=1:Integer")[0] == 0

    code, out, err = cli("set", "var", instance, "--delete", "label", "--dry-run")
    assert code == 0, err
    assert f"DELETE {real_engine.url}/process-instance/{instance}/variables/label" in out
    assert "nothing was sent" in out
    assert "label" in rest(real_engine, f"/process-instance/{instance}/variables")

    code, _, err = cli("set", "var", instance, "--delete", "label", "--yes")
    assert code == 0, err
    assert set(rest(real_engine, f"/process-instance/{instance}/variables")) == {"keep"}

    # a variable that is not there is refused before anything is sent
    code, _, err = cli("set", "var", instance, "--delete", "label", "--yes")
    assert code != 0 and "label" in err
    assert set(rest(real_engine, f"/process-instance/{instance}/variables")) == {"keep"}


def test_suspend_and_set_var_by_key_run_as_one_batch(
    cli: Any, real_engine: RunningEngine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, key = deploy(cli, tmp_path)
    for _ in range(BATCH_FROM):
        httpx.post(
            f"{real_engine.url}/process-definition/key/{key}/start", json={}, auth=("demo", "demo")
        ).raise_for_status()
    ids = instance_ids(real_engine, key)

    code, out, err = cli("suspend", "instance", "--key", key, "--dry-run", "-o", "json")
    assert code == 0, err
    [request] = json.loads(out)["requests"]
    assert (request["method"], request["url"]) == ("POST", f"{real_engine.url}/process-instance/suspended-async")
    assert sorted(request["json_body"]["processInstanceIds"]) == ids
    assert not any(i["suspended"] for i in rest(real_engine, "/process-instance", processDefinitionKey=key))

    code, _, err = cli("suspend", "instance", "--key", key, "--yes")
    assert code == 0, err
    assert "jobs done" in err and f"{BATCH_FROM} of {BATCH_FROM} suspended" in err
    assert all(i["suspended"] for i in rest(real_engine, "/process-instance", processDefinitionKey=key))

    # a saved query names them as well
    saved = f"q{key}"
    assert cli("get", "instances", "--key", key, "--save-query", saved)[0] == 0
    code, out, err = cli("set", "var", "--query", saved, "--var", "stage=2:Integer", "--dry-run")
    assert code == 0, err
    assert f"POST {real_engine.url}/process-instance/variables-async" in out
    code, _, err = cli("set", "var", "--query", saved, "--var", "stage=2:Integer")
    assert code == 0, err
    for instance in ids:
        assert rest(real_engine, f"/process-instance/{instance}/variables/stage")["value"] == 2

    # ids and a query at once are refused
    code, _, err = cli("suspend", "instance", ids[0], "--key", key)
    assert code != 0 and "not both" in err
