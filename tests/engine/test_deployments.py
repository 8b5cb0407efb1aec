"""Deployments and resources against the real engine."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, timedelta, timezone

import pytest

from camtui.api import errors
from camtui.api.c7.engine import C7Engine
from camtui.api.models import (
    DefinitionFilter,
    DefinitionKind,
    DeploymentFilter,
    DeploymentSort,
    InstanceFilter,
    NewDeployment,
    SortOrder,
)
from camtui.api.paging import all_items
from tests.engine.helpers import bpmn, unique


async def deploy(engine: C7Engine, name: str, *files: tuple[str, bytes], **kwargs: object) -> str:
    result = await engine.deployments.create(NewDeployment(name=name, files=files, **kwargs))
    return result.deployment.id


async def test_paging_walks_every_deployment_once(engine: C7Engine) -> None:
    prefix = unique("page")
    ids = {await deploy(engine, f"{prefix}-{i}", (f"p{i}.bpmn", bpmn(unique("p")))) for i in range(7)}
    f = DeploymentFilter(name_like=f"{prefix}%", sort_by=DeploymentSort.NAME)
    first = await engine.deployments.list(f, limit=3)
    assert first.total == 7
    assert len(first.items) == 3
    assert first.next is not None
    seen = [d.id async for d in all_items(lambda n: engine.deployments.list(f, limit=3, after=n))]
    assert len(seen) == 7
    assert set(seen) == ids
    assert (await engine.deployments.list(f, limit=1)).total == 7
    last = await engine.deployments.list(f, limit=3, after="o6")
    assert len(last.items) == 1
    assert last.next is None


async def test_sort_by_name_descending(engine: C7Engine) -> None:
    prefix = unique("sort")
    for letter in "bca":
        await deploy(engine, f"{prefix}-{letter}", ("x.bpmn", bpmn(unique("s"))))
    page = await engine.deployments.list(
        DeploymentFilter(name_like=f"{prefix}%", sort_by=DeploymentSort.NAME, sort_order=SortOrder.DESC)
    )
    assert [d.name for d in page.items] == [f"{prefix}-c", f"{prefix}-b", f"{prefix}-a"]


async def test_filters_by_name_source_and_tenant(engine: C7Engine) -> None:
    name = unique("flt")
    with_source = await deploy(engine, name, ("a.bpmn", bpmn(unique("f"))), source="ci-pipeline")
    tenant_one = await deploy(engine, name, ("b.bpmn", bpmn(unique("f"))), tenant_id="acme")
    no_source = await deploy(engine, name, ("c.bpmn", bpmn(unique("f"))))

    async def ids(**kw: object) -> set[str]:
        page = await engine.deployments.list(DeploymentFilter(name=name, **kw))
        return {d.id for d in page.items}

    assert await ids() == {with_source, tenant_one, no_source}
    assert await ids(source="ci-pipeline") == {with_source}
    assert await ids(without_source=True) == {tenant_one, no_source}
    assert await ids(tenant_ids=("acme",)) == {tenant_one}
    assert await ids(without_tenant=True) == {with_source, no_source}
    assert await ids(tenant_ids=("acme",), include_without_tenant=True) == {with_source, tenant_one, no_source}
    assert await ids(id=tenant_one) == {tenant_one}


async def test_filter_matching_nothing_is_an_empty_page(engine: C7Engine) -> None:
    page = await engine.deployments.list(DeploymentFilter(name=unique("nothing")))
    assert page.items == ()
    assert page.total == 0
    assert page.next is None


async def test_after_and_before_with_a_non_utc_offset(engine: C7Engine) -> None:
    name = unique("time")
    first = await deploy(engine, name, ("a.bpmn", bpmn(unique("t"))))
    await asyncio.sleep(1.1)  # deployment times have millisecond resolution; make a clear gap
    second = await deploy(engine, name, ("b.bpmn", bpmn(unique("t"))))
    both = (await engine.deployments.list(DeploymentFilter(name=name))).items
    times = {d.id: d.deployment_time for d in both}
    start, end = times[first], times[second]
    assert start is not None and end is not None
    # the midpoint, expressed in a +05:30 zone: the engine must compare instants, not wall clocks
    middle = start + (end - start) / 2
    india = middle.astimezone(timezone(timedelta(hours=5, minutes=30)))
    after = await engine.deployments.list(DeploymentFilter(name=name, after=india))
    before = await engine.deployments.list(DeploymentFilter(name=name, before=india))
    assert [d.id for d in after.items] == [second]
    assert [d.id for d in before.items] == [first]


async def test_get_and_not_found(engine: C7Engine) -> None:
    name = "Überweisung 請求書 ✓"
    dep_id = await deploy(engine, name, ("u.bpmn", bpmn(unique("u"))))
    got = await engine.deployments.get(dep_id)
    assert got.name == name
    assert got.deployment_time is not None and got.deployment_time.tzinfo is not None
    with pytest.raises(errors.NotFound) as info:
        await engine.deployments.get("no-such-deployment")
    assert "no-such-deployment" in info.value.message


async def test_create_reports_deployed_definitions(engine: C7Engine, demo_dir: object) -> None:
    from camtui.localengine.seed import DEMO

    key = unique("proc")
    result = await engine.deployments.create(
        NewDeployment(
            name=unique("defs"),
            files=(("proc.bpmn", bpmn(key)), ("discount.dmn", (DEMO / "discount.dmn").read_bytes())),
        )
    )
    kinds = {(d.kind, d.model_id) for d in result.definitions}
    assert (DefinitionKind.PROCESS, key) in kinds
    assert (DefinitionKind.DECISION, "camtui_discount") in kinds


async def test_duplicate_filtering_and_changed_only(engine: C7Engine) -> None:
    name, key = unique("dup"), unique("dupp")
    files = (("dup.bpmn", bpmn(key)),)
    first = await engine.deployments.create(NewDeployment(name=name, files=files))
    again = await engine.deployments.create(NewDeployment(name=name, files=files, enable_duplicate_filtering=True))
    assert again.definitions == ()  # nothing new was deployed
    # the engine answers with the existing deployment and creates none
    assert again.deployment.id == first.deployment.id
    assert (await engine.deployments.list(DeploymentFilter(name=name), limit=1)).total == 1
    changed = await engine.deployments.create(
        NewDeployment(
            name=name,
            files=(("dup.bpmn", bpmn(key, marker="!")), ("other.bpmn", bpmn(unique("o")))),
            enable_duplicate_filtering=True,
            deploy_changed_only=True,
        )
    )
    assert {d.model_id for d in changed.definitions} >= {key}
    versions = await engine.definitions.list(DefinitionFilter(bpmn_process_id=key))
    assert sorted(d.version for d in versions.items) == [1, 2]


async def test_activation_time_keeps_definitions_suspended(engine: C7Engine) -> None:
    key = unique("later")
    await engine.deployments.create(
        NewDeployment(
            name=unique("act"),
            files=(("later.bpmn", bpmn(key)),),
            activation_time=datetime.now(UTC) + timedelta(days=1),
        )
    )
    page = await engine.definitions.list(DefinitionFilter(bpmn_process_id=key))
    assert [d.suspended for d in page.items] == [True]


async def test_tenant_deployment(engine: C7Engine) -> None:
    result = await engine.deployments.create(
        NewDeployment(name=unique("ten"), files=(("t.bpmn", bpmn(unique("t"))),), tenant_id="acme")
    )
    assert result.deployment.tenant_id == "acme"
    assert all(d.tenant_id == "acme" for d in result.definitions)


async def test_invalid_bpmn_reports_line_and_column(engine: C7Engine) -> None:
    broken = bpmn(unique("bad")).replace(b'targetRef="end"', b'targetRef="nowhere"')
    with pytest.raises(errors.BadRequest) as info:
        await engine.deployments.create(NewDeployment(name=unique("bad"), files=(("broken.bpmn", broken),)))
    assert "nowhere" in info.value.message
    problems = info.value.problems
    assert problems, "the engine's parse details are kept"
    assert problems[0].resource == "broken.bpmn"
    assert problems[0].line is not None and problems[0].line > 0
    assert "line" in str(problems[0])


async def test_not_xml_at_all(engine: C7Engine) -> None:
    # C7 answers 500 for this one; it is still the user's mistake, in the engine's own words
    with pytest.raises(errors.BadRequest) as info:
        await engine.deployments.create(NewDeployment(name=unique("nx"), files=(("x.bpmn", b"this is not xml"),)))
    assert "Could not parse 'x.bpmn'" in info.value.message


async def test_delete_needs_cascade_with_running_instances(engine: C7Engine) -> None:
    key = unique("del")
    dep = await deploy(engine, unique("del"), ("d.bpmn", bpmn(key)))
    await engine.definitions.start(bpmn_process_id=key)
    with pytest.raises(errors.Conflict) as info:
        await engine.deployments.delete(dep)
    assert "cascad" in info.value.message.lower()
    assert "cascade" in info.value.hint
    assert (await engine.instances.list(InstanceFilter(bpmn_process_id=key), limit=1)).total == 1
    await engine.deployments.delete(dep, cascade=True, skip_custom_listeners=True, skip_io_mappings=True)
    with pytest.raises(errors.NotFound):
        await engine.deployments.get(dep)
    assert (await engine.instances.list(InstanceFilter(bpmn_process_id=key), limit=1)).total == 0


async def test_redeploy_makes_a_new_version(engine: C7Engine) -> None:
    key = unique("re")
    dep = await deploy(engine, unique("re"), ("r.bpmn", bpmn(key)))
    result = await engine.deployments.redeploy(dep, source="camtui-test")
    assert result.deployment.id != dep
    assert result.deployment.source == "camtui-test"
    assert [d.version for d in result.definitions if d.model_id == key] == [2]


async def test_resources_round_trip_bytes_unchanged(engine: C7Engine) -> None:
    binary = bytes(range(256)) * 64 + b"\x00\xff\r\n\x1a"
    big = os.urandom(5 * 1024 * 1024)
    text = "Prüfbericht – übersicht ✓\n".encode()
    dep = await deploy(
        engine,
        unique("res"),
        ("proc.bpmn", bpmn(unique("r"))),
        ("image.png", binary),
        ("große-datei.bin", big),
        ("notiz-äöü.txt", text),
    )
    resources = {r.name: r for r in await engine.deployments.resources(dep)}
    assert set(resources) == {"proc.bpmn", "image.png", "große-datei.bin", "notiz-äöü.txt"}
    assert resources["proc.bpmn"].kind == "bpmn"
    meta = await engine.deployments.resource(dep, resources["image.png"].id)
    assert meta.name == "image.png"
    assert meta.deployment_id == dep
    assert await engine.deployments.resource_content(dep, resources["image.png"].id) == binary
    assert await engine.deployments.resource_content(dep, resources["große-datei.bin"].id) == big
    assert await engine.deployments.resource_content(dep, resources["notiz-äöü.txt"].id) == text
    with pytest.raises(errors.NotFound):
        await engine.deployments.resource_content(dep, "no-such-resource")


async def test_read_only_profile_sends_nothing(real_engine: object) -> None:
    from camtui.api import connect

    conn = real_engine.connection(read_only=True)  # type: ignore[attr-defined]
    async with connect(conn) as ro:
        name = unique("ro")
        with pytest.raises(errors.ReadOnlyProfile):
            await ro.deployments.create(NewDeployment(name=name, files=(("r.bpmn", bpmn(unique("r"))),)))
        # reads still work, and nothing was deployed
        assert (await ro.deployments.list(DeploymentFilter(name=name), limit=1)).total == 0
