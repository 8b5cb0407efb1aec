"""How camtui's Camunda 8 client behaves on the wire: eventual consistency, back-pressure, problem
details, read-only profiles, authentication, previews, capabilities, version gating."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

import pytest
from pydantic import SecretStr

import camtui.api.c8
from camtui.api import errors, events
from camtui.api import operations as op
from camtui.api.c8 import compat, wire
from camtui.api.c8.engine import CAPABILITIES, C8Engine
from camtui.api.capabilities import Capability
from camtui.api.connection import AuthKind, Connection, Credentials
from camtui.api.factory import connect
from camtui.api.models import EngineKind, InstanceFilter, NewDeployment, User
from tests.c8.fake_cluster import FakeCluster
from tests.c8.helpers import deploy, files, start, until
from tests.c8.spec import NO_BODY, load_spec
from tests.fakes import C8_CAPABILITIES
from tests.fakes.preview import OPERATION_CAPABILITIES
from tests.unit.test_capabilities import OPERATIONS, raised_capabilities


def notices() -> tuple[list[events.Retrying], object]:
    seen: list[events.Retrying] = []
    return seen, events.on_retry(seen.append)


async def test_a_new_instance_is_read_again_until_the_cluster_has_indexed_it(
    c8: C8Engine, cluster: FakeCluster
) -> None:
    await deploy(c8, "order.bpmn")
    seen, stop = notices()
    try:
        with cluster.indexing_held():
            instance = (await start(c8, "order"))[0]
            reading = asyncio.ensure_future(c8.instances.get(instance.id))
            await until(lambda: any(e.status == 404 for e in cluster.requests("GET")), "a first 404")
            assert not reading.done()
            # a list waits for it too (issue 13), never showing the list without it
            listing = asyncio.ensure_future(c8.instances.list(InstanceFilter(bpmn_process_id="order")))
            await until(lambda: len(cluster.requests("POST", "/process-instances/search")) >= 4, "the list waiting")
            assert not listing.done()
        assert (await reading).id == instance.id
        assert [i.id for i in (await listing).items] == [instance.id]
    finally:
        stop()  # type: ignore[operator]
    assert any(n.reason == wire.INDEXING for n in seen)


async def test_the_wait_for_indexing_ends_and_says_why(
    c8: C8Engine, cluster: FakeCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    await deploy(c8, "order.bpmn")
    monkeypatch.setattr(wire, "INDEX_WAIT", 0.3)
    cluster.hold_indexing()
    instance = (await start(c8, "order"))[0]
    with pytest.raises(errors.NotFound) as info:
        await c8.instances.get(instance.id)
    assert "not indexed it yet" in info.value.hint
    # a key this client did not create is "not found" at once, without waiting
    with pytest.raises(errors.NotFound, match="not found"):
        await c8.instances.get("2251799813699999")
    assert len([e for e in cluster.requests("GET") if e.path.endswith("2251799813699999")]) == 1


async def test_reads_are_retried_under_back_pressure_and_writes_are_not(c8: C8Engine, cluster: FakeCluster) -> None:
    await deploy(c8, "order.bpmn")
    seen, stop = notices()
    try:
        cluster.overload(2, retry_after="0")
        assert (await c8.instances.list()).items == ()
        cluster.overload(1, status=429)
        assert (await c8.incidents.list()).items == ()
    finally:
        stop()  # type: ignore[operator]
    assert [n.attempt for n in seen] == [2, 3, 2]
    cluster.overload(1)
    before = len(cluster.requests("POST", "/process-instances"))
    with pytest.raises(errors.Unavailable) as info:
        await c8.definitions.start(bpmn_process_id="order")
    assert info.value.engine_type == "RESOURCE_EXHAUSTED" and "back-pressure" in info.value.hint
    assert len(cluster.requests("POST", "/process-instances")) == before + 1
    assert cluster.state.instances == {}


async def test_problem_details_reach_the_error_with_the_clusters_words(c8: C8Engine, cluster: FakeCluster) -> None:
    with pytest.raises(errors.BadRequest) as info:
        await c8.definitions.start(bpmn_process_id="nope")
    assert "process ID 'nope'" in info.value.message and info.value.engine_type == "NOT_FOUND"
    with pytest.raises(errors.BadRequest, match="Content is not allowed in prolog"):
        await c8.deployments.create(NewDeployment(name="x", files=(("broken.bpmn", b"not xml"),)))
    await c8.users.create(User(id="demo"), "pw")
    with pytest.raises(errors.Conflict, match="already exists"):
        await c8.users.create(User(id="demo"), "pw")


async def test_a_read_only_profile_sends_no_change(cluster: FakeCluster) -> None:
    connection = Connection(base_url=cluster.url, engine=EngineKind.C8, read_only=True)
    async with C8Engine(connection) as engine:
        assert (await engine.instances.list()).items == ()
        with pytest.raises(errors.ReadOnlyProfile):
            await engine.deployments.create(NewDeployment(name="d", files=files("order.bpmn")))
        with pytest.raises(errors.ReadOnlyProfile):
            await engine.instances.delete("2251799813685249")
    assert [e.path for e in cluster.exchanges] == ["/process-instances/search"]


async def test_basic_auth_and_a_wrong_password() -> None:
    with FakeCluster(basic_auth=("demo", "demo")) as cluster:
        good = Credentials(kind=AuthKind.BASIC, username="demo", password=SecretStr("demo"))
        async with C8Engine(Connection(base_url=cluster.url, engine=EngineKind.C8, credentials=good)) as engine:
            assert (await engine.info.current_user()).id == "demo"
        bad = Credentials(kind=AuthKind.BASIC, username="demo", password=SecretStr("nope"))
        async with C8Engine(Connection(base_url=cluster.url, engine=EngineKind.C8, credentials=bad)) as engine:
            with pytest.raises(errors.Unauthorized, match="authentication is required"):
                await engine.instances.list()
        assert cluster.violations == []


async def test_the_factory_picks_camunda8(cluster: FakeCluster) -> None:
    engine = connect(Connection(base_url=cluster.url, engine=EngineKind.C8))
    assert isinstance(engine, C8Engine)
    await engine.aclose()


KEY = "2251799813685249"
# what Camunda 8 can not do at all (and every change whose capability it lacks): its preview names
# the missing capability
REFUSED = (op.DeleteDeployment, op.Redeploy, op.DeleteInstances)
KEYED = ("task_id", "instance_id", "definition_id", "incident_id", "authorization_id")


def keyed(o: op.Operation) -> op.Operation:
    """The sample with Camunda 8's numeric keys where the spec wants them (also inside a task or an
    authorization the operation carries whole)."""
    update: dict[str, object] = {f: KEY for f in KEYED if getattr(o, f, None)}
    for field in ("task", "authorization"):
        inner = getattr(o, field, None)
        if inner is not None:
            update[field] = inner.model_copy(update={"id": KEY})
    return o.model_copy(update=update)


C8_OPERATIONS = [keyed(o) for o in OPERATIONS]


@pytest.mark.parametrize("operation", C8_OPERATIONS, ids=lambda o: type(o).__name__)
async def test_every_operation_is_previewed_or_refused_by_capability(operation: op.Operation) -> None:
    """Each preview is a request the spec allows (the area method sends exactly it)."""
    secret = "s3cr3t-Pa55"
    connection = Connection(
        base_url="http://127.0.0.1:1/v2",
        engine=EngineKind.C8,
        credentials=Credentials(kind=AuthKind.BASIC, username="demo", password=SecretStr(secret)),
    )
    async with C8Engine(connection) as engine:
        if type(operation) in REFUSED or OPERATION_CAPABILITIES[type(operation)] not in engine.capabilities:
            with pytest.raises(errors.UnsupportedByEngine) as info:
                engine.preview(operation)
            assert Capability(str(info.value.capability)) not in engine.capabilities
            return
        requests = engine.preview(operation)
    spec = load_spec()
    for request in requests:
        assert request.url.startswith("http://127.0.0.1:1/v2/")
        for text in (request.line(), request.curl(), repr(request)):
            assert secret not in text
        path = request.url.removeprefix("http://127.0.0.1:1/v2")
        if request.files:
            spec.check_request(request.method, path, content_type="multipart/form-data", form_fields=["resources"])
        else:
            spec.check_request(
                request.method, path, body=request.json_body if request.json_body is not None else NO_BODY
            )


def test_what_camunda8_refuses_is_a_capability_it_does_not_declare() -> None:
    for file, capability in raised_capabilities(Path(camtui.api.c8.__file__).parent):
        if capability is not None:
            assert Capability[capability] not in CAPABILITIES, f"{file}: {capability} is declared but refused"


def test_the_in_memory_fake_declares_what_the_real_client_does() -> None:
    assert C8_CAPABILITIES == CAPABILITIES


def test_the_version_table_agrees_with_the_spec() -> None:
    spec = load_spec()
    for (method, template), version in compat.ADDED_IN.items():
        [operation] = [o for o in spec.operations if o.method == method and o.template == template]
        assert operation.added_in == version, (method, template)
    assert compat.supports("8.8.0", "POST", "/process-instances/cancellation")
    assert not compat.supports("8.8.3", "POST", "/process-instances/deletion")
    assert compat.supports("8.9.0-alpha2", "POST", "/process-instances/deletion")


def test_no_module_of_the_client_reads_the_spec() -> None:
    for path in Path(camtui.api.c8.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        names = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not any(name and name.startswith("tests") for name in names), path
        assert "openapi" not in path.read_text().lower() or path.name == "compat.py", path


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: type(o).__name__)
async def test_the_in_memory_fake_previews_what_the_real_client_sends(operation: op.Operation) -> None:
    from tests.fakes import FakeEngine

    fake = FakeEngine("c8")
    async with C8Engine(Connection(base_url=fake.connection.base_url, engine=EngineKind.C8)) as real:
        if type(operation) in REFUSED or OPERATION_CAPABILITIES[type(operation)] not in real.capabilities:
            for engine in (fake, real):
                with pytest.raises(errors.UnsupportedByEngine):
                    engine.preview(operation)
            return
        assert fake.preview(operation) == real.preview(operation)


async def test_a_lost_cancel_is_verified_by_the_instance_having_ended(c8: C8Engine, cluster: FakeCluster) -> None:
    from datetime import UTC, datetime

    from camtui.kinds.instances import verify_cancel

    await deploy(c8, "order.bpmn")
    instance = (await start(c8, "order"))[0]
    assert await verify_cancel(c8, instance, {}, datetime.now(UTC)) is False
    await c8.instances.delete(instance.id)
    assert await verify_cancel(c8, instance, {}, datetime.now(UTC)) is True
