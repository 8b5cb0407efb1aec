"""`camtui get incidents --group-by`, `retry incidents`, `get jobs|external-tasks`, `job ...`, `external-task ...`
on the real engine, in -o json, with the engine's state checked afterwards."""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any

import httpx
import pytest

from camtui.cli import main
from tests.conftest import RunningEngine
from tests.engine.helpers import unique
from tests.engine.test_incident_repair import failing_process, timer_process


@pytest.fixture
def cli(real_engine: RunningEngine, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from camtui.api.connection import AuthKind
    from camtui.config import store
    from camtui.config.profiles import Profile

    store.save_profile(Profile(name="t", url=real_engine.url, auth=AuthKind.BASIC, username="demo"))
    monkeypatch.setenv("CAMTUI_T_PASSWORD", "demo")

    def run(*argv: str) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        code = main(["--profile", "t", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


class Rest:
    """The engine's own REST answers, to check what a command did."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, auth=("demo", "demo"))

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def send(self, method: str, path: str, body: Any = None) -> Any:
        response = self.client.request(method, path, json=body)
        response.raise_for_status()
        return response.json() if response.content else None

    def deploy(self, name: str, xml: bytes) -> None:
        files = {"file": (f"{name}.bpmn", xml)}
        self.client.post("/deployment/create", data={"deployment-name": name}, files=files).raise_for_status()

    def start(self, key: str, **variables: Any) -> str:
        body = {"variables": {k: {"value": v} for k, v in variables.items()}}
        return str(self.send("POST", f"/process-definition/key/{key}/start", body)["id"])

    def wait(self, what: str, check: Any, seconds: float = 90) -> None:
        async def poll() -> None:
            async with asyncio.timeout(seconds):
                while not check():
                    await asyncio.sleep(0.3)

        try:
            asyncio.run(poll())
        except TimeoutError:
            raise AssertionError(f"timed out waiting for {what}") from None


@pytest.fixture
def rest(real_engine: RunningEngine) -> Rest:
    return Rest(real_engine.url)


def failing(rest: Rest, causes: list[str]) -> str:
    key = unique("clifail")
    rest.deploy(key, failing_process(key))
    for n, cause in enumerate(causes):
        rest.start(key, cause=cause, text="y" * (n + 2))
    rest.wait("incidents", lambda: rest.get("/incident/count", processDefinitionKeyIn=key)["count"] == len(causes))
    return key


def test_get_incidents_grouped_by_message_and_retry_one_group_verified(cli: Any, rest: Rest) -> None:
    key = failing(rest, ["a", "a", "a", "b", "b"])
    code, out, err = cli("get", "incidents", "--key", key, "--group-by", "message", "-o", "json")
    assert code == 0, err
    groups = json.loads(out)
    assert [g["count"] for g in groups] == [3, 2]
    assert all(g["oldest"] and g["newest"] for g in groups)
    code, out, _ = cli("get", "incidents", "--key", key, "--group-by", "message")
    assert code == 0 and out.splitlines()[0].split() == ["COUNT", "OLDEST", "NEWEST", "MESSAGE"]

    before = {i["id"] for i in rest.get("/incident", processDefinitionKeyIn=key)}
    # a dry run over everything the filter matches: one engine batch of 5 jobs, nothing sent
    code, out, err = cli("retry", "incidents", "--key", key, "--all-matching", "--dry-run", "-o", "json")
    assert code == 0, err
    plan = json.loads(out)
    assert len(plan["targets"]) == 5
    (request,) = plan["requests"]
    assert request["method"] == "POST" and request["url"].endswith("/job/retries")
    assert len(request["json_body"]["jobIds"]) == 5
    assert {i["id"] for i in rest.get("/incident", processDefinitionKeyIn=key)} == before

    # retry group b only, verified: both fail again with their new message; group a is untouched
    b_key = groups[1]["key"]
    args = ("retry", "incidents", "--key", key, "--group-by", "message", "--group", b_key, "--verify", "--yes")
    code, out, err = cli(*args, "-o", "json")
    assert code == 1, err  # failures make the exit code say so
    report = json.loads(out)
    assert [o["status"] for o in report["outcomes"]] == ["failed", "failed"]
    assert all("failed again" in o["message"] and "99" in o["message"] for o in report["outcomes"])
    assert report["notes"][0] == "Verified after the retry: 0 resolved, 2 failed again, 0 pending."
    retried = {o["target"]["id"] for o in report["outcomes"]}
    after = {i["id"] for i in rest.get("/incident", processDefinitionKeyIn=key)}
    assert before - after == retried and len(after) == 5


def test_jobs_and_timers_from_the_command_line(cli: Any, rest: Rest) -> None:
    key = unique("clitimer")
    rest.deploy(key, timer_process(key))
    first, second = rest.start(key), rest.start(key)
    code, out, err = cli("get", "jobs", "--key", key, "--timers", "-o", "json")
    assert code == 0, err
    jobs = {j["process_instance_id"]: j for j in json.loads(out)}
    assert set(jobs) == {first, second}
    assert all(j["type"] == "timer" and j["activity_id"] == "wait_an_hour" for j in jobs.values())

    code, _, err = cli("job", "priority", jobs[first]["id"], "--priority", "7", "-o", "json")
    assert code == 0, err
    assert rest.get(f"/job/{jobs[first]['id']}")["priority"] == 7

    code, out, _ = cli("job", "due", jobs[first]["id"], "--dry-run", "-o", "json")
    assert json.loads(out)["requests"][0]["url"].endswith(f"/job/{jobs[first]['id']}/duedate")
    code, _, err = cli("job", "due", jobs[first]["id"], "-o", "json")
    assert code == 0, err
    code, _, err = cli("job", "exec", jobs[second]["id"], "-o", "json")
    assert code == 0, err
    for instance in (first, second):
        rest.wait("the timer to pass", lambda i=instance: rest.get("/task/count", processInstanceId=i)["count"] == 1)


def test_external_tasks_from_the_command_line(cli: Any, rest: Rest) -> None:
    instance = rest.start("camtui_order")
    worker = unique("w")
    locked = rest.send(
        "POST",
        "/external-task/fetchAndLock",
        {
            "workerId": worker,
            "maxTasks": 50,
            "topics": [{"topicName": "ship-order", "lockDuration": 600000, "processInstanceId": instance}],
        },
    )
    (task,) = [t for t in locked if t["processInstanceId"] == instance]
    code, out, err = cli("get", "external-tasks", "--worker", worker, "--locked", "-o", "json")
    assert code == 0, err
    assert task["id"] in [t["id"] for t in json.loads(out)]
    code, out, err = cli("get", "external-tasks", "--instance", instance, "--topic", "ship-order", "-o", "json")
    assert [(t["id"], t["worker_id"]) for t in json.loads(out)] == [(task["id"], worker)]

    code, _, err = cli("external-task", "unlock", task["id"], "-o", "json")
    assert code == 0, err
    assert rest.get(f"/external-task/{task['id']}")["workerId"] is None
    code, _, err = cli("external-task", "priority", task["id"], "--priority", "5", "-o", "json")
    assert code == 0, err
    code, _, err = cli("external-task", "retries", task["id"], "--retries", "4", "-o", "json")
    assert code == 0, err
    now = rest.get(f"/external-task/{task['id']}")
    assert (now["priority"], now["retries"]) == (5, 4)
