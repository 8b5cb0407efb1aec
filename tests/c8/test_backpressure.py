"""Issue 13: a 500 whose problem detail says RESOURCE_EXHAUSTED is back-pressure like 503 and 429:
reads are tried again (honouring Retry-After), a change is sent once and never again."""

from __future__ import annotations

import pytest

from camtui.api import errors, events
from camtui.api.c8.engine import C8Engine
from tests.c8.fake_cluster import FakeCluster
from tests.c8.helpers import deploy


async def test_a_500_resource_exhausted_read_is_retried_and_a_write_is_not(c8: C8Engine, cluster: FakeCluster) -> None:
    await deploy(c8, "order.bpmn")
    seen: list[events.Retrying] = []
    stop = events.on_retry(seen.append)
    try:
        cluster.overload(2, status=500, retry_after="0")
        assert (await c8.instances.list()).items == ()
    finally:
        stop()
    assert [n.attempt for n in seen] == [2, 3]
    assert len(cluster.requests("POST", "/process-instances/search")) == 3

    cluster.overload(1, status=500)
    with pytest.raises(errors.Unavailable) as info:
        await c8.definitions.start(bpmn_process_id="order")
    assert info.value.engine_type == "RESOURCE_EXHAUSTED" and "back-pressure" in info.value.hint
    assert [e.status for e in cluster.requests("POST") if e.path == "/process-instances"] == [500]
    assert cluster.state.instances == {}
