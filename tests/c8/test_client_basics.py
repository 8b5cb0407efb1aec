"""camtui's Camunda 8 client against the fake cluster: info, deploy, definitions, start, instances."""

from __future__ import annotations

from pathlib import Path

from camtui.api.c8.engine import C8Engine
from camtui.api.models import DefinitionFilter, EngineKind, NewDeployment
from tests.c8.fake_cluster import FakeCluster

HERE = Path(__file__).parent


def files(*names: str) -> tuple[tuple[str, bytes], ...]:
    return tuple((name, (HERE / name).read_bytes()) for name in names)


async def test_info_reads_the_topology_and_the_version(c8: C8Engine, cluster: FakeCluster) -> None:
    info = await c8.info.engine()
    assert (info.kind, info.product, info.version) == (EngineKind.C8, "Camunda 8", "8.8.0")
    topology = await c8.info.topology()
    assert topology.brokers[0].partitions[0].role == "leader"
    assert await c8.info.health() is True
    assert (await c8.info.license()).valid is False
    assert (await c8.info.current_user()).id == "demo"


async def test_deploy_then_list_definitions_and_start(c8: C8Engine, cluster: FakeCluster) -> None:
    result = await c8.deployments.create(NewDeployment(name="d", files=files("order.bpmn", "payment.bpmn")))
    assert sorted(d.model_id for d in result.definitions) == ["order", "payment"]
    page = await c8.definitions.list(DefinitionFilter(bpmn_process_id="order"))
    assert [d.bpmn_process_id for d in page.items] == ["order"]
    assert page.total == 1 and page.total_exact
    xml = await c8.definitions.xml(page.items[0].id)
    assert 'id="order"' in xml
    started = await c8.definitions.start(bpmn_process_id="order")
    assert started.bpmn_process_id == "order"
    # the cluster holds what the client said
    assert cluster.state.instances[started.id]["state"] == "ACTIVE"
    fetched = await c8.instances.get(started.id)
    assert fetched.id == started.id and not fetched.ended
