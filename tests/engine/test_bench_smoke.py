"""The benchmarks run (one round each, small sizes), so `python -m bench.run` cannot rot unnoticed,
and a benchmark pointed at someone's engine never writes to it."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx

from bench import cli, paging, startup, table
from bench.latency import delayed
from camtui.api.c7.engine import C7Engine
from camtui.api.models import DeploymentFilter
from tests.conftest import RunningEngine


async def deployments(engine: RunningEngine) -> int:
    async with C7Engine(engine.connection()) as e:
        return (await e.deployments.list(DeploymentFilter(), limit=1)).total or 0


def test_startup_and_cli_benchmarks_measure_against_their_baselines(real_engine: RunningEngine, tmp_path: Path) -> None:
    started = startup.run(real_engine.url, tmp_path, rounds=1, rtts=(0, 50))
    assert set(started) == {"rtt_0ms", "rtt_50ms"}
    assert all(v > 0 for row in started.values() for v in row.values())
    measured = cli.run(real_engine.url, tmp_path, rounds=1)
    assert measured["help_ratio"] > 0 and measured["get_ratio"] > 0


def test_the_delaying_proxy_adds_its_round_trip(real_engine: RunningEngine) -> None:
    with delayed(real_engine.url, 200) as url:
        started = time.perf_counter()
        answer = httpx.get(f"{url}/version", auth=("demo", "demo"))
        elapsed = time.perf_counter() - started
    assert answer.status_code == 200 and answer.json()["version"] and elapsed >= 0.2


def test_paging_benchmark_leaves_an_engine_it_does_not_own_as_it_was(real_engine: RunningEngine) -> None:
    before = asyncio.run(deployments(real_engine))
    result = paging.run(real_engine.url, rounds=1)
    assert result["deployments"] == before == asyncio.run(deployments(real_engine))


def test_table_benchmark_reports_stalls_and_memory() -> None:
    result = table.run(rows=3000)
    assert result["loaded"] == 3000 and result["rss_mb"] > 0 and result["filter_worst_stall_ms"] > 0
