"""Camunda 8 fixtures: the fake Orchestration Cluster (every exchange checked against the spec) and
camtui's Camunda 8 engine connected to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from camtui.api.c8.engine import C8Engine
from camtui.api.connection import Connection
from camtui.api.models import EngineKind
from tests.c8.fake_cluster import FakeCluster
from tests.c8.spec import spec_available
from tests.conftest import IN_CI

ORDER_BPMN = (Path(__file__).parent / "order.bpmn").read_bytes()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/c8/" in str(item.fspath).replace("\\", "/"):
            item.add_marker("contract")
            # in CI the spec is there (../shared): missing, every contract test fails loading it
            if not spec_available() and not IN_CI:
                item.add_marker(pytest.mark.skip(reason="the Camunda 8 OpenAPI spec is not beside the repository"))


@pytest.fixture
def cluster() -> Iterator[FakeCluster]:
    """A fresh fake cluster per test; the test fails if any exchange broke the spec."""
    with FakeCluster() as fake:
        yield fake
        assert fake.violations == [], "\n".join(fake.violations)


@pytest.fixture
async def c8(cluster: FakeCluster) -> AsyncIterator[C8Engine]:
    async with C8Engine(Connection(base_url=cluster.url, engine=EngineKind.C8, retries=3)) as engine:
        yield engine
