"""Paging: walking every deployment page by page through the service layer, against raw httpx
sending the same requests (list per page, count with the first) on one client. Ratio of medians."""

from __future__ import annotations

import asyncio
import statistics
import time

import httpx
from pydantic import SecretStr

from camtui.api import AuthKind, Connection, Credentials, connect
from camtui.api.models import DeploymentFilter, NewDeployment
from camtui.api.paging import all_items

PAGE = 50


async def ensure_deployments(url: str, conn: Connection, at_least: int) -> int:
    async with connect(conn) as engine:
        total = (await engine.deployments.list(DeploymentFilter(), limit=1)).total or 0
        for i in range(max(0, at_least - total)):
            await engine.deployments.create(NewDeployment(name=f"bench-{i}", files=((f"b{i}.txt", b"x"),)))
        return (await engine.deployments.list(DeploymentFilter(), limit=1)).total or 0


async def with_camtui(conn: Connection, page: int = PAGE) -> int:
    async with connect(conn) as engine:
        return len([d async for d in all_items(lambda n: engine.deployments.list(limit=page, after=n))])


async def with_httpx(url: str, page: int = PAGE) -> int:
    seen = 0
    async with httpx.AsyncClient(auth=("demo", "demo")) as client:
        # the first page with its count, the later ones alone (as camtui asks)
        rows, count = await asyncio.gather(
            client.get(f"{url}/deployment", params={"firstResult": 0, "maxResults": page}),
            client.get(f"{url}/deployment/count"),
        )
        total = count.json()["count"]
        batch = rows.json()
        while True:
            seen += len(batch)
            if len(batch) < page or seen >= total:
                return seen
            rows = await client.get(f"{url}/deployment", params={"firstResult": seen, "maxResults": page})
            batch = rows.json()


def run(url: str, rounds: int = 7, *, may_write: bool = False) -> dict[str, float]:
    """Walk the deployments; only an engine this run started gets 500 of them made first (an
    engine someone pointed the benchmark at is measured as it is, never written to)."""
    conn = Connection(
        base_url=url, credentials=Credentials(kind=AuthKind.BASIC, username="demo", password=SecretStr("demo"))
    )
    total = asyncio.run(ensure_deployments(url, conn, 500 if may_write else 0))

    def timed(fn: object) -> float:
        started = time.perf_counter()
        count = asyncio.run(fn())  # type: ignore[operator]
        assert count == total, (count, total)
        return (time.perf_counter() - started) * 1000

    raw: list[float] = []
    ours: list[float] = []
    # in turns, after one unmeasured walk each (connections, JIT). H2 caches identical queries, so
    # each round pages by a size no round before used, and the side that goes first (to a cold
    # cache; the second finds it warm) alternates
    timed(lambda: with_httpx(url, PAGE - 1))
    timed(lambda: with_camtui(conn, PAGE - 1))
    for round_ in range(rounds):
        page = PAGE + round_
        sides = [(raw, lambda p=page: with_httpx(url, p)), (ours, lambda p=page: with_camtui(conn, p))]
        for times, walk in sides if round_ % 2 == 0 else reversed(sides):
            times.append(timed(walk))
    return {
        "deployments": total,
        "raw_httpx_ms": statistics.median(raw),
        "camtui_ms": statistics.median(ours),
        "ratio": statistics.median(ours) / statistics.median(raw),
    }
