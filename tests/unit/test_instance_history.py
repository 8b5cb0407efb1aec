"""Deleting from history where faults are made (the fakes): running targets refused with nothing sent,
a lost batch answer reported unknown, read-only and Camunda 8 refused before anything is sent."""

from __future__ import annotations

import pytest

from camtui.api import errors
from camtui.api.capabilities import Capability
from camtui.api.models import InstanceFilter, ProcessInstance
from camtui.api.plan import OutcomeStatus
from camtui.kinds import runner
from camtui.kinds.instance_batches import BATCH_FROM
from camtui.kinds.instance_history import DELETE_HISTORY, RUNNING
from camtui.kinds.instances import INSTANCES
from tests.fakes import FakeEngine

pytestmark = pytest.mark.unit


async def running(fake: FakeEngine, n: int = BATCH_FROM) -> list[ProcessInstance]:
    key = (await fake.definitions.list()).items[0].bpmn_process_id or ""
    for i in range(n):
        await fake.definitions.start(bpmn_process_id=key, business_key=f"h{i}")
    page = await INSTANCES.fetch(fake, InstanceFilter(bpmn_process_id=key), None, 1000)
    return list(page.items)[:n]


def history_calls(fake: FakeEngine) -> list[str]:
    return [name for name, _ in fake.calls if name.startswith("instances.delete_history")]


@pytest.mark.parametrize("n", [2, BATCH_FROM])
async def test_running_targets_are_refused_in_words_and_nothing_is_sent(n: int) -> None:
    fake = FakeEngine("c7")
    items = await running(fake, n)
    plan = await runner.make_plan(fake, DELETE_HISTORY, items, {})
    assert plan.requests == () and f"{n} of them are still running" in plan.warnings[0]
    report = await runner.execute(fake, DELETE_HISTORY, plan, items, {})
    assert [o.status for o in report.outcomes] == [OutcomeStatus.FAILED] * n
    assert all(o.message.startswith(RUNNING) for o in report.outcomes)
    assert [o.target.id for o in report.outcomes] == [i.id for i in items], "each target, in order"
    assert history_calls(fake) == []


async def test_a_lost_batch_answer_is_unknown_and_says_where_to_look() -> None:
    fake = FakeEngine("c7")
    ended = [i.model_copy(update={"ended": True}) for i in await running(fake)]
    fake.fail("instances.delete_history_many", "*", errors.OutcomeUnknown("The answer was lost."))
    plan = await runner.make_plan(fake, DELETE_HISTORY, ended, {})
    [request] = plan.requests
    assert request.url.endswith("/history/process-instance/delete")
    report = await runner.execute(fake, DELETE_HISTORY, plan, ended, {})
    assert {o.status for o in report.outcomes} == {OutcomeStatus.UNKNOWN}
    assert ":batch" in report.outcomes[0].message


async def test_read_only_and_camunda8_are_refused_before_anything_is_sent() -> None:
    read_only = FakeEngine("c7", read_only=True)
    items = await running(FakeEngine("c7"), 1)
    with pytest.raises(errors.ReadOnlyProfile):
        await runner.make_plan(read_only, DELETE_HISTORY, items, {})
    c8 = FakeEngine("c8")
    with pytest.raises(errors.UnsupportedByEngine) as refused:
        await runner.make_plan(c8, DELETE_HISTORY, items, {})
    assert refused.value.capability == Capability.INSTANCE_HISTORY_DELETE
    assert read_only.calls == [] and c8.calls == []
