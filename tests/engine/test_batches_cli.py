"""`camtui get batches`, `camtui batch watch|suspend|resume|delete` on the real engine's batches."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import RunningEngine
from tests.engine.test_cli_commands import cli, rest
from tests.engine.test_cli_plans import deploy
from tests.waiting import eventually

__all__ = ["cli"]


def held_batch(real_engine: RunningEngine, ids: list[str]) -> str:
    """A deletion batch over `ids`, suspended before the job executor gets to it (tried a few times),
    and with none of its jobs still in the executor's hands (one taken before the suspension still
    runs to its end: what is left is only known once it has)."""
    with httpx.Client(auth=("demo", "demo"), base_url=real_engine.url) as client:
        for _ in range(5):
            batch = client.post("/process-instance/delete", json={"processInstanceIds": ids}).raise_for_status().json()
            if client.put(f"/batch/{batch['id']}/suspended", json={"suspended": True}).status_code == 204:
                definitions = (batch["seedJobDefinitionId"], batch["batchJobDefinitionId"])

                def in_hand(definitions: tuple[str, str] = definitions) -> int:
                    return sum(
                        int(client.get("/job/count", params={"jobDefinitionId": d, "acquired": "true"}).json()["count"])
                        for d in definitions
                    )

                eventually(lambda: in_hand() == 0, "the batch's jobs taken before the suspension to end")
                return str(batch["id"])
    raise AssertionError("every batch finished before it could be suspended")


def running(real_engine: RunningEngine, key: str) -> int:
    return int(rest(real_engine, "/process-instance/count", processDefinitionKey=key)["count"])


def test_list_resume_and_watch_a_batch_to_its_end(cli: Any, real_engine: RunningEngine, tmp_path: Path) -> None:
    _, _, key = deploy(cli, tmp_path, instances=20)
    ids = [i["id"] for i in rest(real_engine, "/process-instance", processDefinitionKey=key)]
    batch_id = held_batch(real_engine, ids)

    code, out, err = cli("get", "batches", "-o", "json")
    assert code == 0, err
    [row] = [b for b in json.loads(out) if b["id"] == batch_id]
    assert (row["type"], row["suspended"], row["finished"]) == ("instance-deletion", True, False)
    assert row["total_jobs"] == 20 and row["create_user_id"] == "demo"
    # watching a suspended batch says so and does not wait for it
    code, _, err = cli("batch", "watch", batch_id, "--interval", "0.2")
    assert code != 0 and "suspended" in err

    code, out, err = cli("batch", "resume", batch_id, "--dry-run")
    assert code == 0 and f"PUT {real_engine.url}/batch/{batch_id}/suspended" in out, err
    assert cli("batch", "resume", batch_id)[0] == 0
    code, out, err = cli("batch", "watch", batch_id, "--interval", "0.2", "-o", "json")
    assert code == 0, err
    done = json.loads(out)
    assert (done["id"], done["finished"], done["total_jobs"], done["failed_jobs"]) == (batch_id, True, 20, 0)
    assert "20/20 done" in err
    assert running(real_engine, key) == 0, "the batch really deleted the 20"
    code, out, _ = cli("get", "batches", "--finished", "--type", "instance-deletion", "-o", "json", "--all")
    assert batch_id in [b["id"] for b in json.loads(out)]


def test_delete_a_running_batch_leaves_what_it_did_not_do(cli: Any, real_engine: RunningEngine, tmp_path: Path) -> None:
    _, _, key = deploy(cli, tmp_path, instances=5)
    ids = [i["id"] for i in rest(real_engine, "/process-instance", processDefinitionKey=key)]
    batch_id = held_batch(real_engine, ids)
    # suspended, it does nothing more: what is left now is what the delete must leave
    left = running(real_engine, key)
    code, out, err = cli("batch", "delete", batch_id, "--dry-run")
    assert code == 0 and "1 running batch stop" in out, err
    code, _, err = cli("batch", "delete", batch_id, "--yes")
    assert code == 0, err
    with httpx.Client(auth=("demo", "demo")) as client:
        assert client.get(f"{real_engine.url}/batch/{batch_id}").status_code == 404
    assert running(real_engine, key) == left, "a deleted batch does no more of its work"
