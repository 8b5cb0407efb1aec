"""Issue 13 (audit): the console offers each engine only the sorts its searches have, and Camunda 7
refuses a sort only Camunda 8 has in words, before sending."""

from __future__ import annotations

import pytest

from camtui.api.c7.definitions import SORT_NAMES as C7_DEFINITION_SORTS
from camtui.api.c7.engine import CAPABILITIES as C7
from camtui.api.c7.incidents import filter_params
from camtui.api.c7.jobs import SORT_NAMES as C7_JOB_SORTS
from camtui.api.c7.jobs import job_params
from camtui.api.c7.tasks import query_body as task_query_body
from camtui.api.c8.engine import CAPABILITIES as C8
from camtui.api.errors import BadRequest
from camtui.api.models import IncidentFilter, IncidentSort, JobFilter, JobSort, SortOrder, TaskFilter, TaskSort
from camtui.kinds.definitions import DEFINITIONS
from camtui.kinds.incidents import INCIDENTS
from camtui.kinds.jobs import JOBS
from camtui.kinds.tasks import TASKS


def test_incidents_offer_each_engine_the_sorts_it_has() -> None:
    assert "state" not in INCIDENTS.sorts_for(C7) and "message" not in INCIDENTS.sorts_for(C7)
    assert set(INCIDENTS.sorts_for(C8)) == {s.value for s in IncidentSort} - {"message"}
    sorted_query = INCIDENTS.sorted_query
    assert sorted_query is not None
    q = sorted_query(IncidentFilter(), "state", True)
    assert (q.sort_by, q.sort_order) == (IncidentSort.STATE, SortOrder.DESC)


def test_camunda7_refuses_an_incident_sort_it_lacks() -> None:
    with pytest.raises(BadRequest, match="not job_id"):
        filter_params(IncidentFilter(sort_by=IncidentSort.JOB_ID))


def test_tasks_offer_each_engine_the_sorts_it_has_and_camunda7_refuses_the_others() -> None:
    assert set(TASKS.sorts_for(C8)) == set(TASKS.sorts_for(C7)) | {"completed", "business_key"}
    assert task_query_body(TaskFilter(sort_by=TaskSort.FOLLOW_UP))["sorting"] == [
        {"sortBy": "followUpDate", "sortOrder": "asc"}
    ]
    with pytest.raises(BadRequest, match="not business_key"):
        task_query_body(TaskFilter(sort_by=TaskSort.BUSINESS_KEY))


def test_definitions_offer_camunda7_only_what_it_sorts_by() -> None:
    assert set(DEFINITIONS.sorts_for(C7)) <= set(C7_DEFINITION_SORTS)
    assert set(DEFINITIONS.sorts_for(C8)) == set(DEFINITIONS.sorts_for(C7)) | {"resource_name"}


def test_jobs_offer_each_engine_the_sorts_it_has_and_camunda7_refuses_the_others() -> None:
    assert set(JOBS.sorts_for(C7)) <= set(C7_JOB_SORTS)
    assert set(JOBS.sorts_for(C8)) == {s.value for s in JobSort} - {"due_date"}
    assert job_params(JobFilter(sort_by=JobSort.DUE_DATE, sort_order=SortOrder.DESC))["sortBy"] == "jobDueDate"
    with pytest.raises(BadRequest, match="not worker"):
        job_params(JobFilter(sort_by=JobSort.WORKER))
