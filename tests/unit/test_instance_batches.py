"""The batch suspend / set-variables flow and the variable helpers, on the fake where faults are made."""

from __future__ import annotations

from pathlib import Path

import pytest

from camtui.api import errors
from camtui.api.models import InstanceFilter, ProcessInstance, Variable, VariableSyntaxError
from camtui.api.plan import OutcomeStatus
from camtui.kinds import runner
from camtui.kinds.instance_batches import BATCH_FROM
from camtui.kinds.instance_variables import editable_text, edited_value, write_atomically
from camtui.kinds.instances import INSTANCES, SUSPEND
from tests.fakes import FakeEngine

pytestmark = pytest.mark.unit


async def many(fake: FakeEngine) -> list[ProcessInstance]:
    key = (await fake.definitions.list()).items[0].bpmn_process_id or ""
    for n in range(BATCH_FROM):
        await fake.definitions.start(bpmn_process_id=key, business_key=f"b{n}")
    page = await INSTANCES.fetch(fake, InstanceFilter(bpmn_process_id=key), None, 1000)
    return list(page.items)


async def test_a_lost_batch_answer_is_unknown_not_failed() -> None:
    fake = FakeEngine("c7")
    items = await many(fake)
    fake.fail("instances.set_suspended_many", "*", errors.OutcomeUnknown("The answer was lost."))
    plan = await runner.make_plan(fake, SUSPEND, items, {})
    report = await runner.execute(fake, SUSPEND, plan, items, {})
    assert {o.status for o in report.outcomes} == {OutcomeStatus.UNKNOWN}
    assert "running it again is harmless" in report.outcomes[0].message


async def test_a_target_gone_before_the_batch_ran_is_reported_as_such() -> None:
    fake = FakeEngine("c7")
    items = await many(fake)
    plan = await runner.make_plan(fake, SUSPEND, items, {})
    await fake.instances.delete(items[0].id)
    report = await runner.execute(fake, SUSPEND, plan, items, {})
    assert report.done == len(items) - 1 and report.failed == 1
    [gone] = [o for o in report.outcomes if o.status is OutcomeStatus.FAILED]
    assert gone.target.id == items[0].id and gone.message == "no longer running"
    assert any(f"{len(items) - 1} of {len(items)} suspended" in n for n in report.notes)


def test_json_is_edited_indented_and_sent_compact_and_invalid_json_says_where() -> None:
    doc = Variable(name="doc", type="Json", value='{"a":[1,2]}')
    assert editable_text(doc) == '{\n  "a": [\n    1,\n    2\n  ]\n}\n'
    assert edited_value(doc, '{"a": 3}\n').model_dump(exclude_none=True) == {"value": '{"a":3}', "type": "Json"}
    with pytest.raises(VariableSyntaxError, match="not valid JSON"):
        edited_value(doc, '{"a": ')
    order = Variable(
        name="order", type="Object", value="{}", object_type_name="x.Order", serialization_format="application/json"
    )
    sent = edited_value(order, '{"id": 1}')
    assert (sent.type, sent.object_type_name, sent.serialization_format) == ("Object", "x.Order", "application/json")


def test_write_atomically_leaves_no_half_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "f.bin"
    target.write_bytes(b"old")

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]
    monkeypatch.undo()
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
