"""`camtui get|describe|deploy|delete|start|cancel|task` in -o json, compared with the engine's own REST answers."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from camtui.cli import main
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique


@pytest.fixture
def cli(real_engine: RunningEngine, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from camtui.api.connection import AuthKind
    from camtui.config import store
    from camtui.config.profiles import Profile

    store.save_profile(Profile(name="t", url=real_engine.url, auth=AuthKind.BASIC, username="demo"))
    store.save_profile(Profile(name="ro", url=real_engine.url, auth=AuthKind.BASIC, username="demo", read_only=True))
    monkeypatch.setenv("CAMTUI_T_PASSWORD", "demo")
    monkeypatch.setenv("CAMTUI_RO_PASSWORD", "demo")

    def run(*argv: str, profile: str = "t", stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(["--profile", profile, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def rest(real_engine: RunningEngine, path: str, **params: Any) -> Any:
    with httpx.Client(auth=("demo", "demo")) as client:
        response = client.get(f"{real_engine.url}{path}", params=params)
        response.raise_for_status()
        return response.json()


def deploy_many(cli: Any, tmp_path: Path, prefix: str, n: int) -> list[str]:
    ids = []
    for i in range(n):
        f = tmp_path / f"{prefix}-{i}.bpmn"
        f.write_bytes(bpmn(unique("c")))
        code, out, err = cli("deploy", str(f), "--name", f"{prefix}-{i}", "-o", "json")
        assert code == 0, err
        ids.append(json.loads(out)["deployment"]["id"])
    return ids


def test_get_deployments_json_matches_rest_with_all_pages(cli: Any, real_engine: RunningEngine, tmp_path: Path) -> None:
    prefix = unique("cli")
    ids = deploy_many(cli, tmp_path, prefix, 7)
    code, out, _ = cli(
        "get", "deployments", "--name-like", f"{prefix}%", "--sort-by", "name", "--desc", "--all", "-o", "json"
    )
    assert code == 0
    got = json.loads(out)
    expected = rest(real_engine, "/deployment", nameLike=f"{prefix}%", sortBy="name", sortOrder="desc")
    assert [d["id"] for d in got] == [d["id"] for d in expected]
    assert {d["id"] for d in got} == set(ids)
    assert set(got[0]) >= {"id", "name", "source", "tenant_id", "deployment_time"}
    code, out, _ = cli("get", "deployments", "--name-like", f"{prefix}%", "--limit", "3", "-o", "json")
    assert len(json.loads(out)) == 3


def test_times_with_a_non_utc_offset(cli: Any, real_engine: RunningEngine, tmp_path: Path) -> None:
    prefix = unique("tz")
    ids = deploy_many(cli, tmp_path, prefix, 1)
    first = rest(real_engine, f"/deployment/{ids[0]}")
    when = datetime.fromisoformat(first["deploymentTime"]) - timedelta(seconds=1)
    tokyo = when.astimezone(timezone(timedelta(hours=9))).isoformat()
    code, out, _ = cli("get", "deployments", "--name-like", f"{prefix}%", "--after", tokyo, "-o", "json")
    assert [d["id"] for d in json.loads(out)] == ids
    code, out, _ = cli("get", "deployments", "--name-like", f"{prefix}%", "--before", tokyo, "-o", "json")
    assert json.loads(out) == []


def test_invalid_date_exits_2(cli: Any) -> None:
    with pytest.raises(SystemExit) as info:
        cli("get", "deployments", "--after", "yesterday")
    assert info.value.code == 2


def test_unicode_names_yaml_csv_and_table(cli: Any, tmp_path: Path) -> None:
    name = f"Zahlungsfreigabe ✓ {unique('u')}"
    f = tmp_path / "u.bpmn"
    f.write_bytes(bpmn(unique("u")))
    assert cli("deploy", str(f), "--name", name)[0] == 0
    code, out, _ = cli("get", "deployments", "--name", name, "-o", "yaml")
    assert f"name: {name}" in out
    code, out, _ = cli("get", "deployments", "--name", name, "-o", "csv")
    assert out.splitlines()[0].startswith("id,name") and name in out
    code, out, _ = cli("get", "deployments", "--name", name)
    assert "NAME" in out.splitlines()[0] and name in out


def test_rejected_bpmn_exits_1_with_the_engine_message(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "broken.bpmn"
    f.write_bytes(bpmn(unique("b")).replace(b'targetRef="end"', b'targetRef="nowhere"'))
    code, _, err = cli("deploy", str(f), "--name", unique("broken"))
    assert code == 1
    assert "nowhere" in err and "broken.bpmn (line" in err


def test_resources_and_binary_download(cli: Any, real_engine: RunningEngine, tmp_path: Path) -> None:
    blob = bytes(range(256)) * 10
    proc, data = tmp_path / "p.bpmn", tmp_path / "daten-ü.bin"
    proc.write_bytes(bpmn(unique("r")))
    data.write_bytes(blob)
    code, out, _ = cli("deploy", str(proc), str(data), "--name", unique("res"), "-o", "json")
    dep = json.loads(out)["deployment"]["id"]
    code, out, _ = cli("get", "resources", dep, "-o", "json")
    assert sorted(r["name"] for r in json.loads(out)) == sorted(
        r["name"] for r in rest(real_engine, f"/deployment/{dep}/resources")
    )
    target = tmp_path / "out.bin"
    assert cli("get", "resource", dep, "daten-ü.bin", "--out", str(target))[0] == 0
    assert target.read_bytes() == blob


def test_delete_needs_cascade_and_yes(cli: Any, real_engine: RunningEngine, tmp_path: Path) -> None:
    key = unique("dk")
    f = tmp_path / "d.bpmn"
    f.write_bytes(bpmn(key))
    code, out, _ = cli("deploy", str(f), "--name", unique("del"), "-o", "json")
    dep = json.loads(out)["deployment"]["id"]
    assert cli("start", key, "--business-key", "B1", "--var", "amount=5:Integer")[0] == 0
    code, _, err = cli("delete", "deployment", dep)
    assert code == 2 and "--yes" in err
    code, _, err = cli("delete", "deployment", dep, "--yes")
    assert code == 1 and "cascade" in err
    assert rest(real_engine, f"/deployment/{dep}")["id"] == dep
    code, _, err = cli("delete", "deployment", dep, "--cascade", "--yes")
    assert code == 0 and "Cascade deletes 1 running process instance" in err
    assert rest(real_engine, "/deployment/count", id=dep)["count"] == 0


def test_read_only_profile_exits_3_and_sends_nothing(cli: Any, real_engine: RunningEngine, tmp_path: Path) -> None:
    f = tmp_path / "ro.bpmn"
    f.write_bytes(bpmn(unique("ro")))
    name = unique("ro")
    code, _, err = cli("deploy", str(f), "--name", name, profile="ro")
    assert code == 3 and "read-only" in err
    assert rest(real_engine, "/deployment/count", name=name)["count"] == 0
    code, _, err = cli("--readonly", "start", "camtui_invoice")
    assert code == 3


def test_start_instances_and_cancel(cli: Any, real_engine: RunningEngine) -> None:
    bk = unique("BK")
    code, out, _ = cli(
        "start",
        "camtui_invoice",
        "--business-key",
        bk,
        "--var",
        "amount=7:Integer",
        "--var",
        "note=héllo",
        "-o",
        "json",
    )
    assert code == 0
    started = json.loads(out)
    code, out, _ = cli("get", "instances", "--business-key", bk, "-o", "json")
    assert [i["id"] for i in json.loads(out)] == [started["id"]]
    code, out, _ = cli("get", "instances", "--key", "camtui_invoice", "--var", "amount_eq_7", "--all", "-o", "json")
    assert started["id"] in {i["id"] for i in json.loads(out)}
    with httpx.Client(auth=("demo", "demo")) as client:
        expected = client.post(
            f"{real_engine.url}/process-instance",
            json={
                "processDefinitionKey": "camtui_invoice",
                "variables": [{"name": "amount", "operator": "eq", "value": 7}],
            },
        ).json()
    assert {i["id"] for i in json.loads(out)} == {i["id"] for i in expected}
    code, out, _ = cli("describe", "instance", started["id"], "-o", "json")
    described = json.loads(out)
    assert {v["name"]: v["value"] for v in described["variables"]}["note"] == "héllo"
    assert described["activities"] == ["approve_invoice"]
    second = json.loads(cli("start", "camtui_invoice", "-o", "json")[1])["id"]
    code, _, err = cli("cancel", "instance", started["id"], second, "--yes", "--reason", "test")
    assert code == 0
    assert rest(real_engine, "/process-instance/count", processInstanceIds=f"{started['id']},{second}")["count"] == 0


def test_tasks_claim_assign_complete(cli: Any, real_engine: RunningEngine) -> None:
    bk = unique("TK")
    cli("start", "camtui_invoice", "--business-key", bk)
    instance = rest(real_engine, "/process-instance", businessKey=bk)[0]["id"]
    code, out, _ = cli("get", "tasks", "--instance", instance, "--candidate-group", "accounting", "-o", "json")
    [task] = json.loads(out)
    assert task["name"] == "Approve invoice"
    assert cli("task", "claim", task["id"])[0] == 0
    assert rest(real_engine, f"/task/{task['id']}")["assignee"] == "demo"
    assert cli("task", "unclaim", task["id"])[0] == 0
    assert cli("task", "assign", task["id"], "--user", "mary")[0] == 0
    assert rest(real_engine, f"/task/{task['id']}")["assignee"] == "mary"
    with pytest.raises(SystemExit) as info:
        cli("task", "complete", task["id"], "--var", "approved=maybe:Boolean")
    assert info.value.code == 2
    assert rest(real_engine, f"/task/{task['id']}")["id"] == task["id"], "nothing was completed"
    assert cli("task", "complete", task["id"], "--var", "approved=true:Boolean")[0] == 0
    variables = rest(real_engine, f"/process-instance/{instance}/variables")
    assert variables["approved"]["value"] is True


def test_other_lists_match_rest(cli: Any, real_engine: RunningEngine) -> None:
    checks = [
        (("get", "definitions", "--latest", "--all"), "/process-definition", {"latestVersion": "true"}, "id"),
        (
            ("get", "incidents", "--key", "camtui_payment", "--all"),
            "/incident",
            {"processDefinitionKeyIn": "camtui_payment"},
            "id",
        ),
        (("get", "users", "--all"), "/user", {}, "id"),
        (("get", "groups", "--all"), "/group", {}, "id"),
        (("get", "tenants", "--all"), "/tenant", {}, "id"),
        (("get", "authorizations", "--user", "mary", "--all"), "/authorization", {"userIdIn": "mary"}, "id"),
    ]
    for argv, path, params, key in checks:
        code, out, err = cli(*argv, "-o", "json")
        assert code == 0, err
        assert {x[key] for x in json.loads(out)} == {x[key] for x in rest(real_engine, path, **params)}, argv
    code, out, _ = cli("get", "authorizations", "--user", "mary", "-o", "json")
    assert "PROCESS_DEFINITION" in {a["resource_type"] for a in json.loads(out)}


def test_describe_deployment_user_incident(cli: Any) -> None:
    code, out, _ = cli("get", "deployments", "--name", "order fulfilment", "-o", "json")
    dep = json.loads(out)[0]["id"]
    described = json.loads(cli("describe", "deployment", dep, "-o", "json")[1])
    assert {r["name"] for r in described["resources"]} == {"order-fulfilment.bpmn", "discount.dmn", "README.txt"}
    assert [d["bpmn_process_id"] for d in described["definitions"]] == ["camtui_order"]
    user = json.loads(cli("describe", "user", "mary", "-o", "json")[1])
    assert user["groups"] == ["accounting"]
    incident_id = json.loads(cli("get", "incidents", "--key", "camtui_payment", "--limit", "1", "-o", "json")[1])[0][
        "id"
    ]
    incident = json.loads(cli("describe", "incident", incident_id, "-o", "json")[1])
    assert "paymentGateway" in incident["stacktrace"]
    code, _, err = cli("describe", "deployment", "nope")
    assert code == 1 and "nope" in err
