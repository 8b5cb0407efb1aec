"""`camtui suspend|activate definition|instance` and `camtui set var` on the real engine: the plan
first, then the engine's state afterwards."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RunningEngine
from tests.engine.test_cli_commands import cli, rest
from tests.engine.test_cli_plans import deploy

__all__ = ["cli"]


def instance_ids(real_engine: RunningEngine, key: str) -> list[str]:
    return sorted(i["id"] for i in rest(real_engine, "/process-instance", processDefinitionKey=key))


def test_suspend_and_activate_instances(cli: Any, real_engine: RunningEngine, tmp_path: Path) -> None:
    _, _, key = deploy(cli, tmp_path, instances=3)
    first, second, third = instance_ids(real_engine, key)
    code, out, err = cli("suspend", "instance", first, second, "--dry-run")
    assert code == 0, err
    assert f"PUT {real_engine.url}/process-instance/{first}/suspended" in out and "nothing was sent" in out
    assert rest(real_engine, f"/process-instance/{first}")["suspended"] is False

    code, out, err = cli("suspend", "instance", first, second)
    assert code == 0, err
    assert err.count(": suspended") == 2
    assert rest(real_engine, f"/process-instance/{first}")["suspended"] is True
    assert rest(real_engine, f"/process-instance/{second}")["suspended"] is True
    assert rest(real_engine, f"/process-instance/{third}")["suspended"] is False, "only the named ones"

    assert cli("activate", "instance", second)[0] == 0
    assert rest(real_engine, f"/process-instance/{second}")["suspended"] is False
    assert rest(real_engine, f"/process-instance/{first}")["suspended"] is True


def test_suspend_a_definition_with_its_instances_says_how_many_first(
    cli: Any, real_engine: RunningEngine, tmp_path: Path
) -> None:
    _, _, key = deploy(cli, tmp_path, instances=2)
    [definition] = rest(real_engine, "/process-definition", key=key)
    code, out, err = cli("suspend", "definition", definition["id"], "--include-instances", "--dry-run")
    assert code == 0, err
    assert "2 running process instances are suspended too" in out
    assert '"includeProcessInstances":true' in out

    # without the flag: the definition only
    assert cli("suspend", "definition", definition["id"])[0] == 0
    assert rest(real_engine, f"/process-definition/{definition['id']}")["suspended"] is True
    assert not any(i["suspended"] for i in rest(real_engine, "/process-instance", processDefinitionKey=key))
    code, _, err = cli("start", key)
    assert code != 0 and "suspended" in err.lower()

    assert cli("activate", "definition", definition["id"])[0] == 0
    assert cli("suspend", "definition", definition["id"], "--include-instances")[0] == 0
    assert all(i["suspended"] for i in rest(real_engine, "/process-instance", processDefinitionKey=key))
    assert cli("activate", "definition", definition["id"], "--include-instances")[0] == 0
    assert rest(real_engine, f"/process-definition/{definition['id']}")["suspended"] is False
    assert not any(i["suspended"] for i in rest(real_engine, "/process-instance", processDefinitionKey=key))


def test_set_typed_variables_on_many_instances(
    cli: Any, real_engine: RunningEngine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, key = deploy(cli, tmp_path, instances=2)
    ids = instance_ids(real_engine, key)
    args = ["--var", "amount=1200:Long", "--var", "approved=true:Boolean", "--var", "note=hello"]
    code, out, err = cli("set", "var", *ids, *args, "--dry-run")
    assert code == 0, err
    assert f"POST {real_engine.url}/process-instance/{ids[0]}/variables" in out
    assert rest(real_engine, f"/process-instance/{ids[0]}/variables") == {}

    code, out, err = cli("set", "var", *ids, *args, "--var", 'payload={"a": [1, 2]}:Json')
    assert code == 0, err
    assert err.count("set amount, approved, note, payload") == 2
    for instance in ids:
        now = rest(real_engine, f"/process-instance/{instance}/variables")
        assert now["amount"] == {"type": "Long", "value": 1200, "valueInfo": {}}
        assert now["approved"]["type"] == "Boolean" and now["approved"]["value"] is True
        assert now["note"]["type"] == "String" and now["note"]["value"] == "hello"
        payload = rest(real_engine, f"/process-instance/{instance}/variables/payload", deserializeValue="false")
        assert payload["type"] == "Json" and json.loads(payload["value"]) == {"a": [1, 2]}

    # a value that is not of its type is refused before anything is sent
    with pytest.raises(SystemExit) as usage:
        cli("set", "var", ids[0], "--var", "amount=lots:Long")
    assert usage.value.code == 2
    assert "'lots' is not a valid Long" in capsys.readouterr().err
    assert rest(real_engine, f"/process-instance/{ids[0]}/variables/amount")["value"] == 1200
