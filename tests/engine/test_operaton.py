"""`camtui local up --engine operaton`: the Apache-2.0 fork, built and run the same way."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from camtui.api import connect
from camtui.api.models import DeploymentFilter, InstanceFilter
from camtui.localengine.build import Variant
from camtui.localengine.process import LocalEngine, free_port
from camtui.localengine.seed import SOURCE, demo_connection, seed


def test_operaton_engine_runs_seeds_and_serves_the_same_api(tmp_path: Path) -> None:
    local = LocalEngine(tmp_path / "operaton")
    state, started = local.up(port=free_port(), variant=Variant.OPERATON)
    try:
        assert started
        assert httpx.get(f"{state.url}/deployment").status_code == 401
        report = asyncio.run(seed(state.url))
        assert report.created and not report.existing
        assert not asyncio.run(seed(state.url)).created, "seeding twice changes nothing"

        async def check() -> tuple[str, int, int]:
            async with connect(demo_connection(state.url)) as engine:
                info = await engine.info.engine()
                deployments = (await engine.deployments.list(DeploymentFilter(source=SOURCE), limit=1)).total
                instances = (await engine.instances.list(InstanceFilter(business_key_like="INV-%"), limit=1)).total
                assert deployments is not None and instances is not None
                return info.product, deployments, instances

        product, deployments, instances = asyncio.run(check())
        assert product == "Operaton"
        assert deployments == 6
        assert instances == 3
    finally:
        assert local.down()
    assert local.state() is None
