"""Issue 13 (audit): each Camunda 8 search a console list shows sorts by every field the spec's sort
enum names; the names camtui sends are held to that enum (read from the spec at test time), the
cluster takes each one, and what the search has no sort for is refused in words before sending."""

from __future__ import annotations

import json
from typing import Any

import pytest

from camtui.api.c8 import definitions as c8_definitions
from camtui.api.c8 import incidents as c8_incidents
from camtui.api.c8 import jobs as c8_jobs
from camtui.api.c8 import tasks as c8_tasks
from camtui.api.c8.engine import C8Engine
from camtui.api.errors import BadRequest
from camtui.api.models import (
    DefinitionFilter,
    DefinitionSort,
    IncidentFilter,
    IncidentSort,
    JobFilter,
    JobSort,
    SortOrder,
    TaskFilter,
    TaskSort,
)
from tests.c8.fake_cluster import FakeCluster
from tests.c8.spec import load_spec
from tests.c8.test_cli import env_cluster as env_cluster
from tests.c8.test_cli import run
from tests.c8.test_console import seeded


def spec_sort_fields(schema: str) -> set[str]:
    return set(load_spec()._components["schemas"][schema]["properties"]["field"]["enum"])


def sent_sorts(cluster: FakeCluster, path: str) -> list[Any]:
    return [e.body.get("sort") for e in cluster.exchanges if e.method == "POST" and e.path.endswith(path) and e.body]


def test_incident_sort_names_are_exactly_the_searchs_sort_enum() -> None:
    assert set(c8_incidents.SORT_NAMES.values()) == spec_sort_fields("IncidentSearchQuerySortRequest")
    # every sort camtui offers but message (which the search lacks) maps to one of them
    assert set(c8_incidents.SORT_NAMES) == {s.value for s in IncidentSort} - {"message"}


async def test_incidents_sort_by_each_field_the_cluster_takes(c8: C8Engine, cluster: FakeCluster) -> None:
    seeded(cluster)
    for field in c8_incidents.SORT_NAMES:
        page = await c8.incidents.list(IncidentFilter(sort_by=IncidentSort(field), sort_order=SortOrder.DESC))
        assert page.items
    sent = sent_sorts(cluster, "/incidents/search")
    assert {s[0]["field"] for s in sent if isinstance(s, list)} == set(c8_incidents.SORT_NAMES.values())
    with pytest.raises(BadRequest, match="does not sort incidents by message"):
        await c8.incidents.list(IncidentFilter(sort_by=IncidentSort.MESSAGE))


def test_get_incidents_sorts_by_a_search_field_from_the_cli(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(env_cluster)
    code, out, err = run(capsys, "get", "incidents", "--sort", "job_id", "--desc", "-o", "json")
    assert code == 0, err
    assert {"field": "jobKey", "order": "DESC"} in [s[0] for s in sent_sorts(env_cluster, "/incidents/search") if s]
    code, out, err = run(capsys, "get", "incidents", "--sort", "message")
    assert code != 0 and "does not sort incidents by message" in err and "Traceback" not in err


def test_user_task_sort_names_are_exactly_the_searchs_sort_enum() -> None:
    assert set(c8_tasks.SORT_NAMES.values()) == spec_sort_fields("UserTaskSearchQuerySortRequest")


async def test_user_tasks_sort_by_each_field_the_cluster_takes(c8: C8Engine, cluster: FakeCluster) -> None:
    seeded(cluster)
    for field in c8_tasks.SORT_NAMES:
        page = await c8.tasks.list(TaskFilter(sort_by=TaskSort(field), sort_order=SortOrder.DESC))
        assert page.items
    sent = sent_sorts(cluster, "/user-tasks/search")
    assert {s[0]["field"] for s in sent if s} == set(c8_tasks.SORT_NAMES.values())
    with pytest.raises(BadRequest, match="does not sort user tasks by assignee"):
        await c8.tasks.list(TaskFilter(sort_by=TaskSort.ASSIGNEE))


def test_get_tasks_sorts_by_business_id_from_the_cli(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(env_cluster)
    code, out, err = run(capsys, "get", "tasks", "--sort", "business_key", "--desc", "-o", "json")
    assert code == 0, err
    assert {"field": "businessId", "order": "DESC"} in [
        s[0] for s in sent_sorts(env_cluster, "/user-tasks/search") if s
    ]


def test_definition_sort_names_are_exactly_the_searchs_sort_enum() -> None:
    assert set(c8_definitions.SORT_NAMES.values()) == spec_sort_fields("ProcessDefinitionSearchQuerySortRequest")


async def test_definitions_sort_by_each_field_the_cluster_takes(c8: C8Engine, cluster: FakeCluster) -> None:
    seeded(cluster)
    for field in c8_definitions.SORT_NAMES:
        page = await c8.definitions.list(DefinitionFilter(sort_by=DefinitionSort(field), sort_order=SortOrder.DESC))
        assert page.items
    sent = sent_sorts(cluster, "/process-definitions/search")
    assert {s[0]["field"] for s in sent if s} == set(c8_definitions.SORT_NAMES.values())
    # it used to be left unsorted without a word
    with pytest.raises(BadRequest, match="does not sort process definitions by deploy_time"):
        await c8.definitions.list(DefinitionFilter(sort_by=DefinitionSort.DEPLOY_TIME))


def test_job_sort_names_are_exactly_the_searchs_sort_enum() -> None:
    assert set(c8_jobs.SORT_NAMES.values()) == spec_sort_fields("JobSearchQuerySortRequest")
    assert set(c8_jobs.SORT_NAMES) == {s.value for s in JobSort} - {"due_date"}


async def test_jobs_sort_by_each_field_the_cluster_takes(c8: C8Engine, cluster: FakeCluster) -> None:
    seeded(cluster)
    for field in c8_jobs.SORT_NAMES:
        page = await c8.jobs.list(JobFilter(sort_by=JobSort(field), sort_order=SortOrder.DESC))
        assert page.items
    sent = sent_sorts(cluster, "/jobs/search")
    assert {s[0]["field"] for s in sent if s} == set(c8_jobs.SORT_NAMES.values())
    with pytest.raises(BadRequest, match="does not sort jobs by due_date"):
        await c8.jobs.list(JobFilter(sort_by=JobSort.DUE_DATE))


async def test_roles_and_mapping_rules_sort_by_each_field_their_searches_sort_by(
    c8: C8Engine, cluster: FakeCluster
) -> None:
    from camtui.api.c8 import mapping_rules, roles
    from camtui.api.models.cluster import MappingRuleFilter, RoleFilter
    from camtui.kinds.c8 import MAPPING_SORTS, ROLE_SORTS

    assert set(roles.SORT_NAMES.values()) == spec_sort_fields("RoleSearchQuerySortRequest")
    assert set(mapping_rules.SORT_NAMES.values()) == spec_sort_fields("MappingRuleSearchQuerySortRequest")
    assert set(ROLE_SORTS) == set(roles.SORT_NAMES) and set(MAPPING_SORTS) == set(mapping_rules.SORT_NAMES)
    for role_id, name in (("a-ops", "Zulu"), ("b-audit", "Alpha")):
        cluster.state.roles[role_id] = {"roleId": role_id, "name": name, "description": None}
    for rule_id, value in (("r1", "zz"), ("r2", "aa")):
        cluster.state.mapping_rules[rule_id] = {
            "mappingRuleId": rule_id,
            "name": rule_id,
            "claimName": "groups",
            "claimValue": value,
        }
    by_name = await c8.roles.list(RoleFilter(sort_by="name"))
    assert [r.name for r in by_name.items if r.id in ("a-ops", "b-audit")] == ["Alpha", "Zulu"]
    by_value = await c8.mapping_rules.list(MappingRuleFilter(sort_by="claim_value", sort_order=SortOrder.DESC))
    assert [r.claim_value for r in by_value.items] == ["zz", "aa"]
    with pytest.raises(BadRequest, match="not description"):
        await c8.roles.list(RoleFilter(sort_by="description"))


def test_get_roles_and_mappings_sort_from_the_cli(env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]) -> None:
    for role_id, name in (("a-ops", "Zulu"), ("b-audit", "Alpha")):
        env_cluster.state.roles[role_id] = {"roleId": role_id, "name": name, "description": None}
    code, out, err = run(capsys, "get", "roles", "--sort", "name", "--desc", "-o", "json")
    assert code == 0, err
    assert [r["name"] for r in json.loads(out)] == ["Zulu", "Alpha"]
    code, out, err = run(capsys, "get", "mappings", "--sort", "claim_value", "-o", "json")
    assert code == 0, err
    assert [{"field": "claimValue", "order": "ASC"}] in sent_sorts(env_cluster, "/mapping-rules/search")


def test_user_group_and_tenant_sort_names_are_exactly_the_searchs_sort_enums() -> None:
    from camtui.api.c8 import groups, tenants, users
    from camtui.api.c8.engine import CAPABILITIES as C8
    from camtui.kinds.identity import GROUPS, TENANTS, USERS

    assert set(users.SORT_NAMES.values()) == spec_sort_fields("UserSearchQuerySortRequest")
    assert set(groups.SORT_NAMES.values()) == spec_sort_fields("GroupSearchQuerySortRequest")
    assert set(tenants.SORT_NAMES.values()) == spec_sort_fields("TenantSearchQuerySortRequest")
    # the console offers Camunda 8 exactly what its searches sort by
    assert set(USERS.sorts_for(C8)) == set(users.SORT_NAMES)
    assert set(GROUPS.sorts_for(C8)) == set(groups.SORT_NAMES)
    assert set(TENANTS.sorts_for(C8)) == set(tenants.SORT_NAMES)


async def test_users_groups_and_tenants_sort_by_each_field_their_searches_sort_by(
    c8: C8Engine, cluster: FakeCluster
) -> None:
    from camtui.api.c8 import groups, tenants, users
    from camtui.api.models import GroupFilter, TenantFilter, UserFilter

    for username, name in (("u-a", "Zoe"), ("u-b", "Adam")):
        cluster.state.users[username] = {"username": username, "name": name, "email": f"{username}@x.io"}
    for group_id, name in (("g-a", "Zulu"), ("g-b", "Alpha")):
        cluster.state.groups[group_id] = {"groupId": group_id, "name": name, "description": ""}
    for tenant_id, name in (("t-a", "Zulu"), ("t-b", "Alpha")):
        cluster.state.tenants[tenant_id] = {"tenantId": tenant_id, "name": name, "description": ""}

    by_name = await c8.users.list(UserFilter(sort_by="first_name"))
    assert [u.first_name for u in by_name.items if u.id.startswith("u-")] == ["Adam", "Zoe"]
    by_id = await c8.groups.list(GroupFilter(sort_by="id", sort_order=SortOrder.DESC))
    assert [g.id for g in by_id.items if g.id.startswith("g-")] == ["g-b", "g-a"]
    by_tenant_name = await c8.tenants.list(TenantFilter(sort_by="name", sort_order=SortOrder.DESC))
    assert [t.name for t in by_tenant_name.items if t.id.startswith("t-")] == ["Zulu", "Alpha"]
    for field in users.SORT_NAMES:
        await c8.users.list(UserFilter(sort_by=field))
    for field in groups.SORT_NAMES:
        await c8.groups.list(GroupFilter(sort_by=field))
    for field in tenants.SORT_NAMES:
        await c8.tenants.list(TenantFilter(sort_by=field))
    assert {s[0]["field"] for s in sent_sorts(cluster, "/users/search") if s} == set(users.SORT_NAMES.values())
    assert {s[0]["field"] for s in sent_sorts(cluster, "/groups/search") if s} == set(groups.SORT_NAMES.values())
    assert {s[0]["field"] for s in sent_sorts(cluster, "/tenants/search") if s} == set(tenants.SORT_NAMES.values())

    # what Camunda 8 has no sort for is refused in words, and nothing is sent
    asked = len(cluster.exchanges)
    with pytest.raises(BadRequest, match="Camunda 8 sorts users by id, first_name, email, not last_name"):
        await c8.users.list(UserFilter(sort_by="last_name"))
    with pytest.raises(BadRequest, match="not type"):
        await c8.groups.list(GroupFilter(sort_by="type"))
    assert len(cluster.exchanges) == asked


def test_get_users_groups_and_tenants_sort_from_the_cli(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    for group_id, name in (("g-a", "Zulu"), ("g-b", "Alpha")):
        env_cluster.state.groups[group_id] = {"groupId": group_id, "name": name, "description": ""}
    code, out, err = run(capsys, "get", "groups", "--sort", "name", "--desc", "-o", "json")
    assert code == 0, err
    assert [g["name"] for g in json.loads(out) if g["id"].startswith("g-")] == ["Zulu", "Alpha"]
    code, out, err = run(capsys, "get", "tenants", "--sort", "key", "-o", "json")
    assert code == 0, err
    assert [{"field": "key", "order": "ASC"}] in sent_sorts(env_cluster, "/tenants/search")
    code, out, err = run(capsys, "get", "users", "--sort", "email", "--desc", "-o", "json")
    assert code == 0, err
    assert [{"field": "email", "order": "DESC"}] in sent_sorts(env_cluster, "/users/search")
    code, out, err = run(capsys, "get", "users", "--sort", "last_name")
    assert code != 0 and "not last_name" in err and "Traceback" not in err


async def test_decisions_sort_by_each_field_their_search_sorts_by(c8: C8Engine, cluster: FakeCluster) -> None:
    from camtui.api.c8 import decisions
    from camtui.kinds.c8 import DECISION_SORTS
    from tests.c8.fake_cluster import add_decision

    assert set(decisions.SORT_NAMES.values()) == spec_sort_fields("DecisionDefinitionSearchQuerySortRequest")
    assert set(DECISION_SORTS) == set(decisions.SORT_NAMES)
    add_decision(cluster, "zeta", "Alpha", {})
    add_decision(cluster, "alpha", "Zulu", {})
    by_name = await c8.decisions.list(sort_by="name", sort_order=SortOrder.DESC)
    assert [d.name for d in by_name.items] == ["Zulu", "Alpha"]
    by_id = await c8.decisions.list(sort_by="decision_id")
    assert [d.decision_id for d in by_id.items] == ["alpha", "zeta"]
    for field in DECISION_SORTS:
        await c8.decisions.list(sort_by=field)
    sent = sent_sorts(cluster, "/decision-definitions/search")
    assert {s[0]["field"] for s in sent if s} == set(decisions.SORT_NAMES.values())
    asked = len(cluster.exchanges)
    with pytest.raises(BadRequest, match="not evaluated"):
        await c8.decisions.list(sort_by="evaluated")
    assert len(cluster.exchanges) == asked


def test_get_decisions_sorts_from_the_cli(env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.c8.fake_cluster import add_decision

    add_decision(env_cluster, "zeta", "Alpha", {})
    add_decision(env_cluster, "alpha", "Zulu", {})
    code, out, err = run(capsys, "get", "decisions", "--sort", "decision_id", "--desc", "-o", "json")
    assert code == 0, err
    assert [d["decision_id"] for d in json.loads(out)] == ["zeta", "alpha"]


def add_batch(cluster: FakeCluster, key: str, kind: str, state: str, start: str, actor: str) -> None:
    cluster.state.batches[key] = {
        "batchOperationKey": key,
        "state": state,
        "batchOperationType": kind,
        "startDate": start,
        "endDate": None,
        "actorType": "USER",
        "actorId": actor,
        "operationsTotalCount": 1,
        "operationsFailedCount": 0,
        "operationsCompletedCount": 0,
        "errors": [],
    }


def seeded_batches(cluster: FakeCluster) -> None:
    add_batch(cluster, "101", "CANCEL_PROCESS_INSTANCE", "ACTIVE", "2026-01-02T00:00:00.000Z", "zoe")
    add_batch(cluster, "102", "RESOLVE_INCIDENT", "SUSPENDED", "2026-01-03T00:00:00.000Z", "adam")
    add_batch(cluster, "103", "CANCEL_PROCESS_INSTANCE", "COMPLETED", "2026-01-01T00:00:00.000Z", "mia")


async def test_batch_operations_sort_and_filter_by_each_field_their_search_has(
    c8: C8Engine, cluster: FakeCluster
) -> None:
    from camtui.api.c8 import batches
    from camtui.api.models.cluster import BatchOperationFilter
    from camtui.kinds.c8 import BATCH_SORTS, BATCH_STATES, BATCH_TYPES

    assert set(batches.SORT_NAMES.values()) == spec_sort_fields("BatchOperationSearchQuerySortRequest")
    assert set(BATCH_SORTS) == set(batches.SORT_NAMES)
    schemas = load_spec()._components["schemas"]
    assert set(BATCH_STATES) == set(schemas["BatchOperationStateEnum"]["enum"])
    assert set(BATCH_TYPES) == set(schemas["BatchOperationTypeEnum"]["enum"])
    seeded_batches(cluster)
    # the default stays newest first
    assert [b.id for b in (await c8.batches.list()).items] == ["102", "101", "103"]
    by_actor = await c8.batches.list(BatchOperationFilter(sort_by="actor_id"))
    assert [b.actor_id for b in by_actor.items] == ["adam", "mia", "zoe"]
    by_type = await c8.batches.list(BatchOperationFilter(sort_by="type", sort_order=SortOrder.DESC))
    assert [b.type for b in by_type.items] == ["RESOLVE_INCIDENT", "CANCEL_PROCESS_INSTANCE", "CANCEL_PROCESS_INSTANCE"]
    for field in BATCH_SORTS:
        await c8.batches.list(BatchOperationFilter(sort_by=field, sort_order=SortOrder.DESC))
    sent = sent_sorts(cluster, "/batch-operations/search")
    assert {s[0]["field"] for s in sent if s} == set(batches.SORT_NAMES.values())
    # filtered by the cluster on its state and operation type
    active = await c8.batches.list(BatchOperationFilter(state="ACTIVE"))
    assert [b.id for b in active.items] == ["101"]
    cancels = await c8.batches.list(BatchOperationFilter(type="CANCEL_PROCESS_INSTANCE", sort_by="start"))
    assert [b.id for b in cancels.items] == ["103", "101"]
    asked = len(cluster.exchanges)
    with pytest.raises(
        BadRequest, match=r"Camunda 8 sorts batch operations by id, type, .*, not progress; nothing was sent"
    ):
        await c8.batches.list(BatchOperationFilter(sort_by="progress"))
    assert len(cluster.exchanges) == asked


def test_get_batch_operations_sorts_and_filters_from_the_cli(
    env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded_batches(env_cluster)
    code, out, err = run(capsys, "get", "batch-operations", "--sort", "actor_id", "--desc", "-o", "json")
    assert code == 0, err
    assert [b["actor_id"] for b in json.loads(out)] == ["zoe", "mia", "adam"]
    code, out, err = run(capsys, "get", "batch-operations", "--state", "suspended", "-o", "json")
    assert code == 0, err
    assert [b["id"] for b in json.loads(out)] == ["102"]
    code, out, err = run(capsys, "get", "batch-operations", "--type", "cancel_process_instance", "--sort", "state")
    assert code == 0, err
    assert [{"field": "state", "order": "ASC"}] in sent_sorts(env_cluster, "/batch-operations/search")
    assert "COMPLETED" in out and "RESOLVE_INCIDENT" not in out
    # `get batches` is Camunda 7's list: on Camunda 8 it says where the batch operations are
    code, out, err = run(capsys, "get", "batches", "--sort", "id")
    assert code != 0 and "camtui get batch-operations" in err and "Traceback" not in err
    # an unknown state is refused in words before anything is asked
    with pytest.raises(SystemExit) as usage:
        run(capsys, "get", "batch-operations", "--state", "running")
    err = capsys.readouterr().err
    assert usage.value.code == 2 and "invalid choice: 'RUNNING'" in err and "Traceback" not in err
