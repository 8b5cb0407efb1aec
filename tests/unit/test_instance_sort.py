"""Sorting instances (issue 13 audit): Camunda 7's runtime sorts by five fields and refuses the
others in words before sending; its history sorts by times and version too; the console offers
each engine only what it sorts by."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from camtui.api.c7.engine import CAPABILITIES as C7
from camtui.api.c7.instances import history_query_body, query_body
from camtui.api.c8.engine import CAPABILITIES as C8
from camtui.api.errors import BadRequest
from camtui.api.models import InstanceFilter, InstanceSort, SortOrder
from camtui.kinds.instances import INSTANCES


def test_camunda7s_runtime_refuses_a_sort_it_lacks_and_its_history_takes_times() -> None:
    with pytest.raises(BadRequest, match="not start_time"):
        query_body(InstanceFilter(sort_by=InstanceSort.START_TIME))
    ended = InstanceFilter(
        started_after=datetime(2026, 1, 1, tzinfo=UTC), sort_by=InstanceSort.START_TIME, sort_order=SortOrder.DESC
    )
    assert history_query_body(ended)["sorting"] == [{"sortBy": "startTime", "sortOrder": "desc"}]
    with pytest.raises(BadRequest, match="not with_incident"):
        history_query_body(ended.model_copy(update={"sort_by": InstanceSort.WITH_INCIDENT}))


def test_each_engine_is_offered_the_sorts_it_has() -> None:
    assert INSTANCES.sorts_for(C7) == ("id", "bpmn_process_id", "definition_id", "tenant_id", "business_key")
    assert set(INSTANCES.sorts_for(C8)) == {s.value for s in InstanceSort}
