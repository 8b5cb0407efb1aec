"""`camtui suspend|activate definition|instance` and `camtui set var` on the real engine: the plan
first, then the engine's state afterwards."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
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


def test_definition_versions_by_tag_and_deleting_one_says_what_a_cascade_takes(
    cli: Any, real_engine: RunningEngine, tmp_path: Path
) -> None:
    key = unique("ver")
    for tag, marker in (("1.0", ""), ("2.0", "!")):
        f = tmp_path / f"{key}-{tag}.bpmn"
        f.write_bytes(
            bpmn(key, marker=marker).replace(
                b'isExecutable="true"', f'isExecutable="true" camunda:versionTag="{tag}"'.encode()
            )
        )
        assert cli("deploy", str(f), "--name", f"{key}-{tag}")[0] == 0
    old, new = sorted(rest(real_engine, "/process-definition", key=key), key=lambda d: d["version"])
    for _ in range(2):
        httpx.post(
            f"{real_engine.url}/process-definition/{old['id']}/start", json={}, auth=("demo", "demo")
        ).raise_for_status()

    code, out, err = cli("get", "definitions", "--key", key, "--version-tag", "1.0", "-o", "json")
    assert code == 0, err
    [row] = json.loads(out)
    assert (row["id"], row["version_tag"], row["running_instances"], row["failed_jobs"]) == (old["id"], "1.0", 2, 0)
    assert row["history_time_to_live"] == 1

    code, out, err = cli("delete", "definition", old["id"], "--dry-run")
    assert code == 0, err
    assert "2 running process instances: without cascade the engine refuses" in out
    assert f"DELETE {real_engine.url}/process-definition/{quote(old['id'], safe='')}?cascade=false" in out
    # without cascade the engine refuses, in its own words, and nothing changes
    code, _, err = cli("delete", "definition", old["id"], "--yes")
    assert code != 0 and "there are 2 dependent process instances" in err
    assert rest(real_engine, "/process-instance/count", processDefinitionId=old["id"])["count"] == 2

    code, out, err = cli("delete", "definition", old["id"], "--cascade", "--dry-run")
    assert code == 0 and "Cascade deletes 2 running process instances" in out, err
    code, _, err = cli("delete", "definition", old["id"], "--cascade", "--yes")
    assert code == 0, err
    assert [d["id"] for d in rest(real_engine, "/process-definition", key=key)] == [new["id"]]
    assert rest(real_engine, "/process-instance/count", processDefinitionKey=key)["count"] == 0


def test_modify_starts_and_cancels_activity_instances_in_order(
    cli: Any, real_engine: RunningEngine, tmp_path: Path
) -> None:
    _, _, key = deploy(cli, tmp_path, instances=1)
    [instance] = instance_ids(real_engine, key)

    def task_instances() -> list[str]:
        tree = rest(real_engine, f"/process-instance/{instance}/activity-instances")
        return [c["id"] for c in tree["childActivityInstances"] if c["activityId"] == "task"]

    [first] = task_instances()
    code, out, err = cli("modify", instance, "--start-before", "task", "--cancel-instance", first, "--dry-run")
    assert code == 0, err
    assert f"start before task; cancel activity instance {first}" in out
    assert f"POST {real_engine.url}/process-instance/{instance}/modification" in out
    assert task_instances() == [first]

    code, _, err = cli("modify", instance, "--start-before", "task", "--start-before", "task", "--annotation", "x2")
    assert code == 0, err
    assert len(task_instances()) == 3 and first in task_instances()
    code, _, err = cli("modify", instance, "--cancel-instance", first)
    assert code == 0, err
    assert len(task_instances()) == 2 and first not in task_instances()

    # a bad activity: the engine's own words, nothing changed
    code, _, err = cli("modify", instance, "--start-before", "nowhere")
    assert code != 0 and "nowhere" in err
    assert len(task_instances()) == 2
    # cancelling every instance of the only waiting activity ends the instance
    assert cli("modify", instance, "--cancel", "task")[0] == 0
    assert rest(real_engine, "/process-instance/count", processInstanceIds=instance)["count"] == 0


def test_migrate_one_then_the_rest_as_a_batch_and_say_what_cannot_move(
    cli: Any, real_engine: RunningEngine, tmp_path: Path
) -> None:
    _, _, key = deploy(cli, tmp_path, instances=3)
    [v1] = rest(real_engine, "/process-definition", key=key)
    f = tmp_path / f"{key}-v2.bpmn"
    f.write_bytes(bpmn(key, marker="!"))
    assert cli("deploy", str(f), "--name", f"{key}-v2")[0] == 0
    v2 = rest(real_engine, f"/process-definition/key/{key}")
    assert v2["version"] == 2
    first, *others = instance_ids(real_engine, key)

    def on(instance: str) -> str:
        return str(rest(real_engine, f"/process-instance/{instance}")["definitionId"])

    code, out, err = cli("migrate", first, "--dry-run")
    assert code == 0, err
    assert f"Migrate 1 process instance: {key} v1 → v2" in out and "task → task" in out
    assert f"POST {real_engine.url}/migration/execute" in out and on(first) == v1["id"]
    code, _, err = cli("migrate", first)
    assert code == 0, err
    assert on(first) == v2["id"]

    # the rest: the query frozen to its ids, one engine batch, each re-read afterwards
    code, out, err = cli("migrate", "--all-of", v1["id"], "--dry-run")
    assert code == 0, err
    assert "Migrate 2 process instances" in out and "As one engine batch" in out and "/migration/executeAsync" in out
    code, _, err = cli("migrate", "--all-of", v1["id"], "--yes")
    assert code == 0, err
    assert "2 done" in err
    assert [on(i) for i in others] == [v2["id"], v2["id"]]

    # a mapping the engine refuses: its words, nothing moves
    code, _, err = cli("migrate", first, "--to-version", "1", "--map", "nowhere->task")
    assert code != 0 and "The engine refuses this mapping" in err and "nowhere" in err
    assert on(first) == v2["id"]

    # a version without the activity they wait in: the plan says so before anything is sent
    v3_xml = bpmn(key, marker="!!").replace(b'id="task"', b'id="other"').replace(b'Ref="task"', b'Ref="other"')
    f3 = tmp_path / f"{key}-v3.bpmn"
    f3.write_bytes(v3_xml)
    assert cli("deploy", str(f3), "--name", f"{key}-v3")[0] == 0
    code, out, err = cli("migrate", first, "--dry-run")
    assert code == 0, err
    assert "v2 → v3" in out and "1 instance waits in activities the mapping leaves out (task)" in out
    code, _, err = cli("migrate", first)
    assert code != 0
    assert on(first) == v2["id"]


def test_cancel_with_skips_and_a_reason_the_report_shows(cli: Any, real_engine: RunningEngine, tmp_path: Path) -> None:
    _, _, key = deploy(cli, tmp_path, instances=2)
    ids = instance_ids(real_engine, key)
    code, out, err = cli("cancel", "instance", ids[0], "--skip-custom-listeners", "--skip-io-mappings", "--dry-run")
    assert code == 0, err
    assert "skipCustomListeners=true&skipIoMappings=true" in out and "side effects undone" in out
    code, _, err = cli("cancel", "instance", *ids, "--reason", "duplicate orders", "--skip-io-mappings", "--yes")
    assert code == 0, err
    # each target's outcome, read back after the batch ran, and the batch's progress on the way
    assert err.count(": cancelled (duplicate orders) (batch ") == 2, err
    assert "of 2 cancelled (duplicate orders)." in err and "2 of 2 jobs done" in err
    assert running_count(real_engine, key) == 0
    with httpx.Client(auth=("demo", "demo")) as client:
        history = client.get(f"{real_engine.url}/history/process-instance", params={"processDefinitionKey": key}).json()
    assert {h["deleteReason"] for h in history} == {"duplicate orders"}


def running_count(real_engine: RunningEngine, key: str) -> int:
    return int(rest(real_engine, "/process-instance/count", processDefinitionKey=key)["count"])


def test_restart_finished_instances_one_then_as_a_batch(cli: Any, real_engine: RunningEngine, tmp_path: Path) -> None:
    _, _, key = deploy(cli, tmp_path)
    for n in range(3):
        assert cli("start", key, "--business-key", f"R-{n}", "--var", f"amount={n + 1}:Long")[0] == 0
    ended = instance_ids(real_engine, key)
    assert cli("cancel", "instance", *ended, "--yes")[0] == 0
    assert running_count(real_engine, key) == 0
    first, *rest_ids = ended

    code, out, err = cli("restart", first, "--start-before", "task", "--dry-run")
    assert code == 0, err
    assert "/restart" in out and "with their last variables: start before task" in out
    assert running_count(real_engine, key) == 0
    code, _, err = cli("restart", first, "--start-before", "task")
    assert code == 0, err
    [again] = rest(real_engine, "/process-instance", processDefinitionKey=key)
    assert again["id"] != first and again["businessKey"] in {"R-0", "R-1", "R-2"}
    amount = rest(real_engine, f"/process-instance/{again['id']}/variables/amount")
    assert amount["type"] == "Long" and amount["value"] in (1, 2, 3)

    code, out, err = cli(
        "restart", *rest_ids, "--start-before", "task", "--initial-variables", "--without-business-key"
    )
    assert code == 0, err
    assert "2 done" in err
    restarted = [i for i in rest(real_engine, "/process-instance", processDefinitionKey=key) if i["id"] != again["id"]]
    assert len(restarted) == 2 and all(i["businessKey"] is None for i in restarted)
    amounts = [rest(real_engine, f"/process-instance/{i['id']}/variables/amount")["value"] for i in restarted]
    assert sorted([*amounts, amount["value"]]) == [1, 2, 3], "each restarted with its own variables"

    # one that still runs: the plan says so, and the engine refuses in its words
    code, out, _ = cli("restart", again["id"], "--start-before", "task", "--dry-run")
    assert code == 0 and "1 of them has not finished" in out


def test_cancel_by_key_or_saved_query_freezes_the_targets_and_reports_each(
    cli: Any, real_engine: RunningEngine, tmp_path: Path
) -> None:
    _, _, key = deploy(cli, tmp_path)
    for business_key in ("keep-1", "go-1", "go-2"):
        assert cli("start", key, "--business-key", business_key)[0] == 0
    by_business_key = {
        i["businessKey"]: i["id"] for i in rest(real_engine, "/process-instance", processDefinitionKey=key)
    }

    # a saved query: its matches now, frozen to ids, in the plan; nothing sent on a dry run
    name = unique("q")
    code, _, err = cli("get", "instances", "--key", key, "--business-key-like", "go-%", "--save-query", name)
    assert code == 0, err
    code, out, err = cli("cancel", "instance", "--query", name, "--dry-run", "-o", "json")
    assert code == 0, err
    plan = json.loads(out)
    assert {t["id"] for t in plan["targets"]} == {by_business_key["go-1"], by_business_key["go-2"]}
    assert running_count(real_engine, key) == 3, "a dry run sends nothing"
    code, _, err = cli("cancel", "instance", "--query", name, "--reason", "by query", "--yes")
    assert code == 0, err
    assert err.count(": cancelled (by query) (batch ") == 2, err
    assert [i["businessKey"] for i in rest(real_engine, "/process-instance", processDefinitionKey=key)] == ["keep-1"]

    # by definition key: every running one; ids and a selector together, or nothing matching, refused in words
    code, _, err = cli("cancel", "instance", by_business_key["keep-1"], "--key", key, "--yes")
    assert code != 0 and "not both" in err and "Traceback" not in err
    code, out, err = cli("cancel", "instance", "--key", key, "--dry-run")
    assert code == 0, err
    assert "Cancel 1 process instance" in out and by_business_key["keep-1"] in out
    code, _, err = cli("cancel", "instance", "--key", key, "--yes")
    assert code == 0, err
    assert f"{by_business_key['keep-1']}" in err and "cancelled" in err
    assert running_count(real_engine, key) == 0
    code, _, err = cli("cancel", "instance", "--key", key, "--yes")
    assert code != 0 and "matches no running process instances" in err
