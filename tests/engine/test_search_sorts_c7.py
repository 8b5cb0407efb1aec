"""Issue 13 (audit): every sort the console offers Camunda 7 for incidents, user tasks, process
definitions, jobs, users, groups and tenants is one the real engine takes (it answers an unknown
sortBy with 400), and the list it gives is in that order."""

from __future__ import annotations

import pytest

from camtui.api.c7.engine import CAPABILITIES, C7Engine
from camtui.api.errors import BadRequest
from camtui.api.models import (
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
from camtui.kinds.definitions import DEFINITIONS
from camtui.kinds.identity import GROUP_C7_SORTS, GROUPS, TENANTS, USER_C7_SORTS, USERS
from camtui.kinds.incidents import INCIDENTS
from camtui.kinds.jobs import JOBS
from camtui.kinds.tasks import TASKS
from tests.engine.helpers import bpmn, unique
from tests.engine.test_incidents_tasks import failing_instance


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
