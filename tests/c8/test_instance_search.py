"""issue 10 on Camunda 8: ended instances and time ranges map onto the v2 search (state COMPLETED /
TERMINATED, startDate and endDate ranges, every request checked against the spec by the fake
cluster); what the search cannot express is refused in words before anything is sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from camtui.api import errors
from camtui.api.c8.engine import C8Engine
from camtui.api.models import EndState, InstanceFilter
from tests.c8.fake_cluster import FakeCluster
from tests.c8.helpers import deploy, start


async def test_ended_states_and_time_ranges(c8: C8Engine, cluster: FakeCluster) -> None:
    await deploy(c8, "order.bpmn")
    before = datetime.now(UTC) - timedelta(minutes=1)
    running = (await start(c8, "order", amount=1))[0]
    gone = (await start(c8, "order", amount=2))[0]
    await c8.instances.delete(gone.id)

    async def ids(**f: Any) -> set[str]:
        query = InstanceFilter.model_validate({"bpmn_process_id": "order", **f})
        return {i.id for i in (await c8.instances.list(query)).items}

    assert await ids(end_state=EndState.CANCELLED) == {gone.id}
    assert await ids(end_state=EndState.FINISHED) == {gone.id}
    assert await ids(end_state=EndState.COMPLETED) == set()
    assert await ids() == {running.id}, "running ones by default"
    assert await ids(with_ended=True) == {running.id, gone.id}, "running and ended alike"
    # a time range alone: running and ended alike, as Camunda 7's history answers
    assert await ids(started_after=before) == {running.id, gone.id}
    assert await ids(started_before=before) == set()
    assert await ids(ended_after=before) == {gone.id}
    sent = cluster.requests("POST", "/process-instances/search")[-1].body["filter"]
    assert sent["endDate"] == {"$gte": before.isoformat(timespec="milliseconds")} and "state" not in sent
    [row] = (await c8.instances.list(InstanceFilter(ids=(gone.id,), end_state=EndState.CANCELLED))).items
    assert row.state == "TERMINATED" and row.end_time is not None and row.start_time is not None


async def test_what_the_search_cannot_say_is_refused(c8: C8Engine, cluster: FakeCluster) -> None:
    with pytest.raises(errors.BadRequest, match="called another"):
        await c8.instances.list(InstanceFilter(sub_instance_id="1"))
    with pytest.raises(errors.BadRequest, match="neither active nor suspended"):
        await c8.instances.list(InstanceFilter(end_state=EndState.COMPLETED, suspended=True))
    assert cluster.requests(path_prefix="/process-instances") == []
