"""Issue 13: one Job model and one jobs area on Camunda 8 as on Camunda 7: the shared list, get and
stack trace (the worker's message), the Camunda 7 filter's words where they mean the same, a refusal
in words where Camunda 8 has no such filter."""

from __future__ import annotations

import pytest

from camtui.api import errors
from camtui.api.c8.engine import C8Engine
from camtui.api.capabilities import Capability
from camtui.api.models import Job, JobFilter
from camtui.api.protocol import Engine
from camtui.kinds.registry import find
from tests.c8.fake_cluster import FakeCluster
from tests.c8.helpers import deploy, start


async def test_the_shared_jobs_area_lists_camunda8_jobs(c8: C8Engine, cluster: FakeCluster) -> None:
    engine: Engine = c8
    await deploy(c8, "payment.bpmn")
    failing, waiting = await start(c8, "payment", 2)
    job = next(j for j in cluster.state.jobs.values() if j["processInstanceKey"] == failing.id)
    cluster.fail_job(job["jobKey"], "card declined")

    failed = (await engine.jobs.list(JobFilter(failed=True))).items
    assert [(j.id, j.retries, j.state, j.exception_message) for j in failed] == [
        (job["jobKey"], 0, "FAILED", "card declined")
    ]
    assert isinstance(failed[0], Job) and failed[0].type == "charge" and failed[0].activity_id
    assert cluster.requests("POST", "/jobs/search")[-1].body["filter"]["retries"] == 0
    one = await engine.jobs.get(job["jobKey"])
    assert one.process_instance_id == failing.id
    assert await engine.jobs.stacktrace(job["jobKey"]) == "card declined"
    with pytest.raises(errors.NotFound, match="no job"):
        await engine.jobs.get("2251799813699999")
    both = await engine.jobs.list(JobFilter(ids=(job["jobKey"],), type="charge"))
    assert [j.id for j in both.items] == [job["jobKey"]]
    assert waiting.id != failing.id


async def test_what_camunda8_can_not_filter_is_refused_in_words(c8: C8Engine, cluster: FakeCluster) -> None:
    with pytest.raises(errors.BadRequest, match="timers"):
        await c8.jobs.list(JobFilter(timers=True))
    assert not cluster.requests("POST", "/jobs/search"), "nothing was sent"


def test_one_jobs_kind_answers_to_its_old_camunda8_name() -> None:
    from camtui.api.c7.engine import CAPABILITIES as C7
    from camtui.api.c8.engine import CAPABILITIES as C8

    assert Capability.JOB_LIST in C8 and Capability.JOB_LIST in C7
    for word in ("jobs", "c8jobs"):
        found = find(word, C8)
        assert found is not None and found.name == "jobs"
    kind = find("jobs", C8)
    assert kind is not None
    offered = {a.id for a in kind.supported_actions(C8, read_only=False)}
    assert offered == {"jobs.update"}
    assert {a.id for a in kind.supported_actions(C7, read_only=False)} == {
        "jobs.execute",
        "jobs.retries",
        "jobs.due",
        "jobs.priority",
    }
