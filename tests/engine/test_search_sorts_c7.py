"""Issue 13 (audit): every sort the console offers Camunda 7 for incidents, user tasks, process
definitions, jobs, users, groups, tenants and batches is one the real engine takes (it answers an
unknown sortBy with 400), and the list it gives is in that order."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

import pytest

from camtui.api.c7.engine import CAPABILITIES, C7Engine
from camtui.api.errors import BadRequest, NotFound
from camtui.api.models import (
    BatchFilter,
    DefinitionFilter,
    DefinitionSort,
    Group,
    GroupFilter,
    IncidentFilter,
    IncidentSort,
    JobFilter,
    JobSort,
    NewDeployment,
    SortOrder,
    TaskFilter,
    TaskSort,
    Tenant,
    TenantFilter,
    User,
    UserFilter,
)
from camtui.kinds.batches import BATCHES, FINISHED_BATCH_SORTS
from camtui.kinds.definitions import DEFINITIONS
from camtui.kinds.identity import GROUP_C7_SORTS, GROUPS, TENANTS, USER_C7_SORTS, USERS
from camtui.kinds.incidents import INCIDENTS
from camtui.kinds.jobs import JOBS
from camtui.kinds.tasks import TASKS
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.engine.test_batches_cli import cli, held_batch
from tests.engine.test_incidents_tasks import failing_instance
from tests.recording import Recorder
from tests.waiting import until

__all__ = ["cli"]


async def test_camunda7_takes_every_sort_the_console_offers_it(engine: C7Engine) -> None:
    instance_id = await failing_instance(engine)
    key = unique("srt")
    await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
    for _ in range(2):
        await engine.definitions.start(bpmn_process_id=key)

    for field in INCIDENTS.sorts_for(CAPABILITIES):
        fi = IncidentFilter(process_instance_id=instance_id, sort_by=IncidentSort(field), sort_order=SortOrder.DESC)
        assert (await engine.incidents.list(fi)).total == 1, field
    for field in TASKS.sorts_for(CAPABILITIES):
        ft = TaskFilter(bpmn_process_id=key, sort_by=TaskSort(field), sort_order=SortOrder.DESC)
        assert len((await engine.tasks.list(ft)).items) == 2, field
    for field in DEFINITIONS.sorts_for(CAPABILITIES):
        fd = DefinitionFilter(bpmn_process_id=key, sort_by=DefinitionSort(field))
        assert len((await engine.definitions.list(fd)).items) == 1, field
    for field in (*JOBS.sorts_for(CAPABILITIES), "due_date"):
        fj = JobFilter(process_instance_id=instance_id, sort_by=JobSort(field), sort_order=SortOrder.DESC)
        assert len((await engine.jobs.list(fj)).items) == 1, field

    # the order is the engine's: newest task first when sorted by creation descending
    tasks = (await engine.tasks.list(TaskFilter(bpmn_process_id=key, sort_by=TaskSort.CREATED))).items
    newest_first = await engine.tasks.list(
        TaskFilter(bpmn_process_id=key, sort_by=TaskSort.CREATED, sort_order=SortOrder.DESC)
    )
    assert [t.created for t in newest_first.items] == sorted((t.created for t in tasks if t.created), reverse=True)


async def test_camunda7_sorts_users_groups_and_tenants_by_each_field_the_console_offers_it(engine: C7Engine) -> None:
    key = unique("idsrt")
    for n, (first, last) in enumerate((("Zoe", "Adams"), ("Adam", "Young"))):
        user = User(id=f"{key}{n}", first_name=f"{key}{first}", last_name=last, email=f"{first}@x.io")
        await engine.users.create(user, "pw-12345")
        await engine.groups.create(Group(id=f"{key}{n}", name=f"{key}{first}", type=last))
        await engine.tenants.create(Tenant(id=f"{key}{n}", name=f"{key}{first}"))
    mine = f"{key}%"
    for field in (*USERS.sorts_for(CAPABILITIES), *USER_C7_SORTS):
        assert len((await engine.users.list(UserFilter(first_name_like=mine, sort_by=field))).items) == 2, field
    for field in (*GROUPS.sorts_for(CAPABILITIES), *GROUP_C7_SORTS):
        assert len((await engine.groups.list(GroupFilter(name_like=mine, sort_by=field))).items) == 2, field
    for field in TENANTS.sorts_for(CAPABILITIES):
        assert len((await engine.tenants.list(TenantFilter(name_like=mine, sort_by=field))).items) == 2, field

    # the order is the engine's
    by_last = await engine.users.list(UserFilter(first_name_like=mine, sort_by="last_name", sort_order=SortOrder.DESC))
    assert [u.last_name for u in by_last.items] == ["Young", "Adams"]
    by_name = await engine.groups.list(GroupFilter(name_like=mine, sort_by="name"))
    assert [g.name for g in by_name.items] == [f"{key}Adam", f"{key}Zoe"]
    by_default = await engine.tenants.list(TenantFilter(name_like=mine))
    assert [t.id for t in by_default.items] == [f"{key}0", f"{key}1"]
    # a sort only Camunda 8 has is refused in words before sending
    with pytest.raises(BadRequest, match="Camunda 7 sorts this list by id, name, not key"):
        await engine.tenants.list(TenantFilter(sort_by="key"))


async def test_camunda7_sorts_and_filters_batches_as_the_console_and_cli_offer_it(
    engine: C7Engine, real_engine: RunningEngine, sent_requests: Recorder
) -> None:
    key = unique("btsrt")
    await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
    ids = [(await engine.definitions.start(bpmn_process_id=key)).id for _ in range(21)]
    # two batches held running (suspended); one of a few instances could end before it is held
    held = [held_batch(real_engine, ids[0:10]), held_batch(real_engine, ids[10:20])]
    try:
        # running batches: the console's sorts, with the suspended filter
        for field in BATCHES.sorts_for(CAPABILITIES):
            for order in SortOrder:
                page = await engine.instances.batches(
                    BatchFilter(suspended=True, sort_by=field, sort_order=order), limit=1000
                )
                mine = [b.id for b in page.items if b.id in held]
                assert len(mine) == 2, field
                if field == "id":
                    assert mine == sorted(held, reverse=order is SortOrder.DESC)
        active = await engine.instances.batches(BatchFilter(suspended=False), limit=1000)
        assert not {b.id for b in active.items} & set(held)

        # finished batches (history): its sorts too, newest first by default
        done = (await engine.instances.delete_many((ids[20],))).id

        async def finished() -> bool:
            page = await engine.instances.batches(BatchFilter(finished=True, type="instance-deletion"), limit=1000)
            return done in {b.id for b in page.items}

        await until(finished, "the deletion batch in the engine's history", seconds=30)
        for field in (*BATCHES.sorts_for(CAPABILITIES), *FINISHED_BATCH_SORTS):
            f = BatchFilter(finished=True, type="instance-deletion", sort_by=field, sort_order=SortOrder.DESC)
            assert done in {b.id for b in (await engine.instances.batches(f, limit=1000)).items}, field
        by_end = await engine.instances.batches(
            BatchFilter(finished=True, sort_by="end_time", sort_order=SortOrder.ASC), limit=1000
        )
        ends = [b.end_time for b in by_end.items if b.end_time]
        assert ends == sorted(ends) and len(ends) == len(by_end.items)

        # what the engine does not sort or filter by is refused in words before sending
        asked = len(sent_requests.sent)
        with pytest.raises(BadRequest, match="sorts running batches by id, tenant_id; start_time sorts the finished"):
            await engine.instances.batches(BatchFilter(sort_by="start_time"))
        with pytest.raises(BadRequest, match="Camunda 7 sorts this list by id, tenant_id, not state"):
            await engine.instances.batches(BatchFilter(sort_by="state"))
        with pytest.raises(BadRequest, match="batch history has no such filter"):
            await engine.instances.batches(BatchFilter(finished=True, suspended=True))
        assert len(sent_requests.sent) == asked
    finally:
        for batch_id in held:
            # not left to the other tests' lists (one that ended is gone already)
            with contextlib.suppress(BadRequest, NotFound):
                await engine.instances.delete_batch(batch_id, cascade=True)


def test_get_batches_sorts_and_refuses_in_words_from_the_cli(cli: Any) -> None:
    import json

    code, out, err = cli("get", "batches", "--finished", "--sort", "start_time", "--desc", "-o", "json")
    assert code == 0, err
    # compared as times: the JSON drops a zero fraction ("…:58Z"), so the strings do not sort as times
    starts = [datetime.fromisoformat(b["start_time"]) for b in json.loads(out)]
    assert starts == sorted(starts, reverse=True)
    code, out, err = cli("get", "batches", "--active", "--sort", "tenant_id", "-o", "json")
    assert code == 0, err
    assert not any(b["suspended"] for b in json.loads(out))
    code, out, err = cli("get", "batches", "--sort", "end_time")
    assert code != 0 and "Traceback" not in err
    assert "Camunda 7 sorts running batches by id, tenant_id; end_time sorts the finished ones (--finished)" in err
    code, out, err = cli("get", "batches", "--finished", "--suspended")
    assert code != 0 and "batch history has no such filter" in err and "Traceback" not in err
