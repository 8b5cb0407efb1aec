"""Issue 13 (audit): every sort the console offers Camunda 7 for incidents, user tasks, process
definitions and jobs is one the real engine takes (it answers an unknown sortBy with 400), and the
list it gives is in that order."""

from __future__ import annotations

from camtui.api.c7.engine import CAPABILITIES, C7Engine
from camtui.api.models import (
    DefinitionFilter,
    DefinitionSort,
    IncidentFilter,
    IncidentSort,
    JobFilter,
    JobSort,
    NewDeployment,
    SortOrder,
    TaskFilter,
    TaskSort,
)
from camtui.kinds.definitions import DEFINITIONS
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
