"""Bulk cancel: 2,000 instances cancelled by camtui (query frozen to ids, one engine batch, progress
polls, a verifying re-read) against a plain loop of single DELETEs. Reports the HTTP requests each
sent and the wall time. `python -m bench.bulk_cancel [N]`."""

from __future__ import annotations

import asyncio
import json
import sys
import time
import uuid
from collections import Counter
from typing import Any

import httpx
from pydantic import SecretStr

from bench.engine import engine_url
from camtui.api import AuthKind, Connection, Credentials
from camtui.api.c7.engine import C7Engine
from camtui.api.models import InstanceFilter
from camtui.kinds import runner
from camtui.kinds.bulk import freeze
from camtui.kinds.instances import CANCEL_ALL, INSTANCES

PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="bench">
  <process id="{key}" isExecutable="true" camunda:historyTimeToLive="1"
      xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
    <startEvent id="start"/><sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
    <userTask id="wait"/><sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>
"""


class Counting(httpx.AsyncBaseTransport):
    """Counts every request camtui sends, by method and path."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.sent: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.split("/engine-rest", 1)[-1]
        self.sent[f"{request.method} {'/history/batch/{id}' if path.startswith('/history/batch/') else path}"] += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def deploy(client: httpx.AsyncClient, url: str) -> str:
    key = f"bench_cancel_{uuid.uuid4().hex[:8]}"
    files = {"process": (f"{key}.bpmn", PROCESS.format(key=key).encode(), "application/xml")}
    response = await client.post(f"{url}/deployment/create", data={"deployment-name": key}, files=files)
    response.raise_for_status()
    return key


async def start(client: httpx.AsyncClient, url: str, key: str, n: int) -> list[str]:
    ids: list[str] = []
    path = f"{url}/process-definition/key/{key}/start"
    for first in range(0, n, 50):
        answers = await asyncio.gather(*(client.post(path, json={}) for _ in range(first, min(n, first + 50))))
        ids += [a.raise_for_status().json()["id"] for a in answers]
    return ids


async def running(client: httpx.AsyncClient, url: str, key: str) -> int:
    answer = await client.get(f"{url}/process-instance/count", params={"processDefinitionKey": key})
    return int(answer.json()["count"])


async def with_camtui(conn: Connection, key: str) -> dict[str, Any]:
    counting = Counting()
    started = time.perf_counter()
    async with C7Engine(conn, transport=counting) as engine:
        items = await freeze(engine, INSTANCES, InstanceFilter(bpmn_process_id=key))
        plan = await runner.make_plan(engine, CANCEL_ALL, items, {"reason": "bench"})
        report = await runner.execute(engine, CANCEL_ALL, plan, items, {"reason": "bench"})
    return {
        "targets": plan.count,
        "verified_done": report.done,
        "failed": report.failed,
        "seconds": round(time.perf_counter() - started, 2),
        "requests": sum(counting.sent.values()),
        "requests_by_kind": dict(counting.sent),
    }


async def with_loop(client: httpx.AsyncClient, url: str, ids: list[str]) -> dict[str, Any]:
    started = time.perf_counter()
    for instance_id in ids:
        (await client.delete(f"{url}/process-instance/{instance_id}")).raise_for_status()
    return {"targets": len(ids), "seconds": round(time.perf_counter() - started, 2), "requests": len(ids)}


async def main_async(url: str, n: int) -> dict[str, Any]:
    conn = Connection(
        base_url=url, credentials=Credentials(kind=AuthKind.BASIC, username="demo", password=SecretStr("demo"))
    )
    async with httpx.AsyncClient(auth=("demo", "demo"), timeout=60) as client:
        ours_key, loop_key = await deploy(client, url), await deploy(client, url)
        await start(client, url, ours_key, n)
        loop_ids = await start(client, url, loop_key, n)
        ours = await with_camtui(conn, ours_key)
        assert await running(client, url, ours_key) == 0, "camtui left instances running"
        plain = await with_loop(client, url, loop_ids)
        assert await running(client, url, loop_key) == 0
    return {
        "instances": n,
        "camtui_batch": ours,
        "plain_delete_loop": plain,
        "request_ratio": round(ours["requests"] / plain["requests"], 4),
        "time_ratio": round(ours["seconds"] / plain["seconds"], 2),
    }


def run(url: str, n: int = 2000) -> dict[str, Any]:
    return asyncio.run(main_async(url, n))


if __name__ == "__main__":
    with engine_url() as (url, owned):
        if not owned and "--may-write" not in sys.argv:
            # it starts and cancels thousands of instances: never in someone's engine unasked
            sys.exit(f"bench.bulk_cancel writes to the engine; {url} is not this run's: add --may-write to go on")
        counts = [int(a) for a in sys.argv[1:] if a.isdigit()]
        print(json.dumps(run(url, counts[0] if counts else 2000), indent=2))
