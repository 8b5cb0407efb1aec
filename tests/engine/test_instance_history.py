"""Deleting ended instances from history on the real engine: a history search frozen to its ids, one
engine batch for the ended ones, a running one among them refused in words (and still running), then
history read again: exactly the frozen ended ones are gone. The CLI by id and by query, its dry run,
its JSON report and the read-only refusal, each checked against the engine's history afterwards."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx

from camtui.api.c7.engine import C7Engine
from camtui.api.models import InstanceFilter
from camtui.api.plan import OutcomeStatus, Risk
from camtui.kinds import runner
from camtui.kinds.bulk import freeze
from camtui.kinds.instance_batches import BATCH_FROM
from camtui.kinds.instance_history import DELETE_HISTORY_ALL, RUNNING
from camtui.kinds.instances import INSTANCES
from tests.conftest import RunningEngine
from tests.engine.cli_runner import post, rest
from tests.engine.helpers import bpmn, unique
from tests.engine.test_bulk_frozen import start_many
from tests.engine.test_cli_commands import cli
from tests.engine.test_instance_batches import deployed
from tests.recording import Recorder

__all__ = ["cli"]

N = BATCH_FROM + 5


async def cancel_all(engine: C7Engine, ids: set[str]) -> None:
    await asyncio.gather(*(engine.instances.delete(i) for i in ids))


async def in_history(engine: C7Engine, key: str) -> set[str]:
    page = await engine.instances.list(InstanceFilter(bpmn_process_id=key, with_ended=True), limit=1000)
    return {i.id for i in page.items}


async def test_a_history_search_goes_as_one_batch_and_exactly_the_frozen_ended_ones_are_gone(
    engine: C7Engine, real_engine: RunningEngine, sent_requests: Recorder
) -> None:
    key = await deployed(engine, "hdel")
    first = await start_many(engine, key, N, "first")
    await cancel_all(engine, first)
    running = (await engine.definitions.start(bpmn_process_id=key, business_key="still")).id
    # a history search: the ended ones and the running one alike, frozen to their ids
    frozen = await freeze(engine, INSTANCES, InstanceFilter(bpmn_process_id=key, with_ended=True))
    assert {i.id for i in frozen} == first | {running}

    plan = await runner.make_plan(engine, DELETE_HISTORY_ALL, frozen, {})
    assert plan.count == N + 1 and plan.risk is Risk.DESTROY
    assert "for good" in plan.impact and "As one engine batch" in plan.impact
    assert plan.warnings == (
        "1 of them is still running: refused, nothing is sent for it (only an ended instance's history can be deleted).",
    )
    [request] = plan.requests
    assert (request.method, request.url) == ("POST", f"{real_engine.url}/history/process-instance/delete")
    assert isinstance(request.json_body, dict)
    assert set(request.json_body["historicProcessInstanceIds"]) == first, "only the ended ones are sent"
    assert runner.confirmation(plan, production=True).level == "typed"

    # ended after the freeze: they match the search too, and are not touched
    later = await start_many(engine, key, 3, "later")
    await cancel_all(engine, later)
    notes: list[str] = []
    before = len(sent_requests.sent)
    report = await runner.execute(engine, DELETE_HISTORY_ALL, plan, frozen, {}, on_note=notes.append)

    assert report.done == N and report.failed == 1, report.outcomes
    [refused] = [o for o in report.outcomes if o.target.id == running]
    assert refused.status is OutcomeStatus.FAILED and refused.message == RUNNING
    assert all("verified" in o.message for o in report.outcomes if o.target.id != running)
    assert any(f"{N} of {N} deleted from history" in n for n in report.notes), report.notes
    assert any("jobs done" in n for n in notes), "the batch's progress was told while it ran"
    # the reads of history are POSTs too: the changes are the deletes
    changes = [s for s in sent_requests.sent[before:] if s.method == "DELETE" or s.path.endswith("/delete")]
    assert [(s.method, s.path) for s in changes] == [("POST", "/history/process-instance/delete")]

    # the engine: exactly the frozen ended ones are gone from history; the running one still runs
    assert await in_history(engine, key) == later | {running}
    assert not (await engine.instances.get(running)).ended


def history_of(real_engine: RunningEngine, key: str) -> set[str]:
    return {r["id"] for r in rest(real_engine, "/history/process-instance", processDefinitionKey=key)}


def test_cli_deletes_history_by_id_and_by_query_and_refuses_running_ones(
    cli: Any, real_engine: RunningEngine, tmp_path: Path
) -> None:
    key = unique("hcli")
    f = tmp_path / f"{key}.bpmn"
    f.write_bytes(bpmn(key))
    assert cli("deploy", str(f), "--name", key)[0] == 0
    ids = [post(real_engine, f"/process-definition/key/{key}/start", {"businessKey": f"H-{n}"})["id"] for n in range(4)]
    with httpx.Client(auth=("demo", "demo")) as client:
        for instance in ids[:3]:
            client.delete(f"{real_engine.url}/process-instance/{instance}").raise_for_status()
    ended, running = ids[:3], ids[3]
    everything = set(ids)

    # a dry run over the query: the ended ones it matches, the exact requests, nothing sent
    code, out, err = cli("delete", "instance-history", "--key", key, "--dry-run", "-o", "json")
    assert code == 0, err
    plan = json.loads(out)
    assert {t["id"] for t in plan["targets"]} == set(ended) and plan["risk"] == Risk.DESTROY
    assert {r["url"] for r in plan["requests"]} == {f"{real_engine.url}/history/process-instance/{i}" for i in ended}
    assert all(r["method"] == "DELETE" for r in plan["requests"])
    assert history_of(real_engine, key) == everything

    # read-only: refused before anything is sent
    code, _, err = cli("delete", "instance-history", ended[0], "-y", profile="ro")
    assert code == 3 and "read-only" in err
    assert history_of(real_engine, key) == everything

    # by id, an ended one with the running one: the first gone, the other refused in words and still running
    code, out, err = cli("delete", "instance-history", ended[0], running, "-y", "-o", "json")
    assert code == 1, err
    report = json.loads(out)
    outcomes = {o["target"]["id"]: o for o in report["outcomes"]}
    assert outcomes[ended[0]]["status"] == "done"
    assert outcomes[running]["status"] == "failed" and "still running" in outcomes[running]["message"]
    assert history_of(real_engine, key) == everything - {ended[0]}
    assert rest(real_engine, f"/process-instance/{running}")["id"] == running

    # an id the engine does not know: said in the engine's words, nothing deleted
    code, _, err = cli("delete", "instance-history", "no-such-instance", "-y")
    assert code == 1 and "no-such-instance" in err
    # by query: every cancelled one left (--state finished would say the same)
    code, out, err = cli("delete", "instance-history", "--state", "cancelled", "--key", key, "-y", "-o", "json")
    assert code == 0, err
    assert {o["target"]["id"] for o in json.loads(out)["outcomes"]} == set(ended[1:])
    assert history_of(real_engine, key) == {running}

    # nothing left to match, or nothing selected: usage errors in words
    code, _, err = cli("delete", "instance-history", "--key", key, "-y")
    assert code == 2 and "No ended process instances match" in err
    code, _, err = cli("delete", "instance-history", "-y")
    assert code == 2 and "Name the instances by id" in err
    code, _, err = cli("delete", "instance-history", "--key", key, "--state", "active", "-y")
    assert code == 2 and "Only ended instances" in err
    assert history_of(real_engine, key) == {running}
