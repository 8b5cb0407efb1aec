"""The fake engines behave like engines: paging, totals, sorting, capability gating, refusals, faults.

Other unit, TUI and CLI tests run against these fakes instead of Java, so the fakes' own contract is
pinned here: what a flavour declares is exactly what raises UnsupportedByEngine, a refused change
leaves the data as it was, and C7 previews are the real C7 engine's.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from camtui.api import errors, protocol
from camtui.api import operations as op
from camtui.api.c7.engine import CAPABILITIES as REAL_C7_CAPABILITIES
from camtui.api.c7.engine import C7Engine
from camtui.api.capabilities import Capability
from camtui.api.models import (
    AuthorizationType,
    DefinitionFilter,
    DefinitionSort,
    Deployment,
    DeploymentFilter,
    DeploymentSort,
    EngineKind,
    Group,
    GroupFilter,
    Incident,
    IncidentFilter,
    InstanceFilter,
    MigrationInstruction,
    MigrationPlan,
    Modification,
    ModificationKind,
    NewDeployment,
    SortOrder,
    TaskFilter,
    Tenant,
    User,
    UserFilter,
    UserTask,
    VariableValue,
)
from camtui.api.paging import Page, all_items
from camtui.api.protocol import Engine
from tests.fakes import (
    C7_CAPABILITIES,
    C8_CAPABILITIES,
    FakeData,
    FakeEngine,
    Flavour,
    preview_c8only,
    preview_identity,
    preview_variables,
)
from tests.fakes.demo import bpmn_xml
from tests.fakes.preview import OPERATION_CAPABILITIES

pytestmark = pytest.mark.unit

FLAVOURS: tuple[Flavour, ...] = ("c7", "c8")
NOPE = "nope"
GHOST = Incident(id=NOPE, type="failedJob", configuration=NOPE)

# one call of every guarded area method, with ids no engine has: enough to reach the guard
CALLS: dict[str, Callable[[FakeEngine], Awaitable[object]]] = {
    "deployments.list": lambda e: e.deployments.list(),
    "deployments.get": lambda e: e.deployments.get(NOPE),
    "deployments.create": lambda e: e.deployments.create(NewDeployment(name="n", files=(("a.txt", b"a"),))),
    "deployments.redeploy": lambda e: e.deployments.redeploy(NOPE),
    "deployments.delete": lambda e: e.deployments.delete(NOPE),
    "deployments.resources": lambda e: e.deployments.resources(NOPE),
    "deployments.resource": lambda e: e.deployments.resource(NOPE, NOPE),
    "deployments.resource_content": lambda e: e.deployments.resource_content(NOPE, NOPE),
    "definitions.list": lambda e: e.definitions.list(),
    "definitions.get": lambda e: e.definitions.get(NOPE),
    "definitions.get_latest": lambda e: e.definitions.get_latest(NOPE),
    "definitions.xml": lambda e: e.definitions.xml(NOPE),
    "definitions.start": lambda e: e.definitions.start(bpmn_process_id=NOPE),
    "definitions.element_statistics": lambda e: e.definitions.element_statistics(NOPE),
    "instances.element_states": lambda e: e.instances.element_states(NOPE),
    "definitions.set_suspended": lambda e: e.definitions.set_suspended(NOPE, True),
    "definitions.set_suspended_by_key": lambda e: e.definitions.set_suspended_by_key(NOPE, True),
    "instances.historic_instance": lambda e: e.instances.historic_instance(NOPE),
    "instances.started_since": lambda e: e.instances.started_since(NOPE, datetime(2026, 1, 1, tzinfo=UTC)),
    "instances.restart": lambda e: e.instances.restart(NOPE, (NOPE,), ()),
    "instances.restart_many": lambda e: e.instances.restart_many(NOPE, (NOPE,), ()),
    "instances.historic_variables": lambda e: e.instances.historic_variables(NOPE),
    "instances.batches": lambda e: e.instances.batches(),
    "instances.batch": lambda e: e.instances.batch(NOPE),
    "instances.set_batch_suspended": lambda e: e.instances.set_batch_suspended(NOPE, True),
    "instances.delete_batch": lambda e: e.instances.delete_batch(NOPE),
    "instances.batch_failed_jobs": lambda e: e.instances.batch_failed_jobs(NOPE),
    "instances.migration_plan": lambda e: e.instances.migration_plan(NOPE, NOPE),
    "instances.validate_migration": lambda e: e.instances.validate_migration(
        MigrationPlan(source_definition_id=NOPE, target_definition_id=NOPE)
    ),
    "instances.migrate": lambda e: e.instances.migrate(
        MigrationPlan(source_definition_id=NOPE, target_definition_id=NOPE), (NOPE,)
    ),
    "instances.migrate_many": lambda e: e.instances.migrate_many(
        MigrationPlan(source_definition_id=NOPE, target_definition_id=NOPE), (NOPE,)
    ),
    "definitions.delete": lambda e: e.definitions.delete(NOPE, cascade=True),
    "instances.list": lambda e: e.instances.list(),
    "instances.get": lambda e: e.instances.get(NOPE),
    "instances.variables": lambda e: e.instances.variables(NOPE),
    "instances.variable": lambda e: e.instances.variable(NOPE, "x"),
    "instances.file_variable_content": lambda e: e.instances.file_variable_content(NOPE, "x"),
    "instances.set_variables": lambda e: e.instances.set_variables(NOPE, {"x": VariableValue(value=1)}),
    "instances.delete_variable": lambda e: e.instances.delete_variable(NOPE, "x"),
    "instances.set_suspended_many": lambda e: e.instances.set_suspended_many((NOPE,), True),
    "instances.set_variables_many": lambda e: e.instances.set_variables_many((NOPE,), {"x": VariableValue(value=1)}),
    "instances.delete_history": lambda e: e.instances.delete_history(NOPE),
    "instances.delete_history_many": lambda e: e.instances.delete_history_many((NOPE,)),
    "instances.history": lambda e: e.instances.history(NOPE),
    "instances.activity_tree": lambda e: e.instances.activity_tree(NOPE),
    "instances.set_suspended": lambda e: e.instances.set_suspended(NOPE, True),
    "instances.delete": lambda e: e.instances.delete(NOPE),
    "instances.delete_many": lambda e: e.instances.delete_many((NOPE,)),
    "instances.batch_progress": lambda e: e.instances.batch_progress(NOPE),
    "instances.modify": lambda e: e.instances.modify(
        NOPE, (Modification(kind=ModificationKind.CANCEL, activity_id="x"),)
    ),
    "incidents.list": lambda e: e.incidents.list(),
    "incidents.get": lambda e: e.incidents.get(NOPE),
    "incidents.job": lambda e: e.incidents.job(NOPE),
    "incidents.stacktrace": lambda e: e.incidents.stacktrace(GHOST),
    "incidents.set_job_retries": lambda e: e.incidents.set_job_retries(NOPE, 1),
    "incidents.set_job_retries_many": lambda e: e.incidents.set_job_retries_many((NOPE,), 1),
    "incidents.retry": lambda e: e.incidents.retry(GHOST),
    "incidents.resolve": lambda e: e.incidents.resolve(NOPE),
    "incidents.annotate": lambda e: e.incidents.annotate(NOPE, "note"),
    "incidents.external_tasks": lambda e: e.incidents.external_tasks(),
    "incidents.unlock_external_task": lambda e: e.incidents.unlock_external_task(NOPE),
    "incidents.set_external_task_retries": lambda e: e.incidents.set_external_task_retries(NOPE, 1),
    "tasks.list": lambda e: e.tasks.list(),
    "tasks.get": lambda e: e.tasks.get(NOPE),
    "tasks.claim": lambda e: e.tasks.claim(NOPE, "demo"),
    "tasks.unclaim": lambda e: e.tasks.unclaim(NOPE),
    "tasks.set_assignee": lambda e: e.tasks.set_assignee(NOPE, "demo"),
    "tasks.delegate": lambda e: e.tasks.delegate(NOPE, "demo"),
    "tasks.resolve": lambda e: e.tasks.resolve(NOPE),
    "tasks.complete": lambda e: e.tasks.complete(NOPE),
    "tasks.update": lambda e: e.tasks.update(UserTask(id=NOPE)),
    "tasks.form_variables": lambda e: e.tasks.form_variables(NOPE),
    "tasks.deployed_form": lambda e: e.tasks.deployed_form(NOPE),
    "tasks.links": lambda e: e.tasks.links(NOPE),
    "tasks.link_history": lambda e: e.tasks.link_history(NOPE),
    "tasks.variables": lambda e: e.tasks.variables(NOPE),
    "tasks.comments": lambda e: e.tasks.comments(NOPE),
    "tasks.add_comment": lambda e: e.tasks.add_comment(NOPE, "hello"),
    "users.list": lambda e: e.users.list(),
    "users.get": lambda e: e.users.get(NOPE),
    "users.create": lambda e: e.users.create(User(id="demo"), "pw"),
    "users.update": lambda e: e.users.update(User(id=NOPE)),
    "users.change_password": lambda e: e.users.change_password(NOPE, "new", "wrong"),
    "users.delete": lambda e: e.users.delete(NOPE),
    "users.unlock": lambda e: e.users.unlock(NOPE),
    "groups.list": lambda e: e.groups.list(),
    "groups.get": lambda e: e.groups.get(NOPE),
    "groups.create": lambda e: e.groups.create(Group(id="accounting")),
    "groups.update": lambda e: e.groups.update(Group(id=NOPE)),
    "groups.delete": lambda e: e.groups.delete(NOPE),
    "groups.add_member": lambda e: e.groups.add_member(NOPE, NOPE),
    "groups.remove_member": lambda e: e.groups.remove_member(NOPE, NOPE),
    "tenants.list": lambda e: e.tenants.list(),
    "tenants.get": lambda e: e.tenants.get(NOPE),
    "tenants.create": lambda e: e.tenants.create(Tenant(id="acme")),
    "tenants.update": lambda e: e.tenants.update(Tenant(id=NOPE)),
    "tenants.delete": lambda e: e.tenants.delete(NOPE),
    "tenants.add_user": lambda e: e.tenants.add_user(NOPE, NOPE),
    "tenants.remove_user": lambda e: e.tenants.remove_user(NOPE, NOPE),
    "tenants.add_group": lambda e: e.tenants.add_group(NOPE, NOPE),
    "tenants.remove_group": lambda e: e.tenants.remove_group(NOPE, NOPE),
    "authorizations.list": lambda e: e.authorizations.list(),
    "authorizations.get": lambda e: e.authorizations.get(NOPE),
    "authorizations.create": lambda e: e.authorizations.create(
        type=AuthorizationType.GRANT, permissions=("READ",), resource_type="NO_SUCH_TYPE", user_id="demo"
    ),
    "authorizations.update": lambda e: e.authorizations.update(NOPE, permissions=("READ",)),
    "authorizations.delete": lambda e: e.authorizations.delete(NOPE),
    "jobs.list": lambda e: e.jobs.list(),
    "jobs.get": lambda e: e.jobs.get(NOPE),
    "jobs.stacktrace": lambda e: e.jobs.stacktrace(NOPE),
    "jobs.execute": lambda e: e.jobs.execute(NOPE),
    "jobs.set_retries": lambda e: e.jobs.set_retries(NOPE, 1),
    "jobs.set_retries_many": lambda e: e.jobs.set_retries_many((NOPE,), 1),
    "jobs.set_due_date": lambda e: e.jobs.set_due_date(NOPE, None),
    "jobs.recalculate_due_date": lambda e: e.jobs.recalculate_due_date(NOPE),
    "jobs.set_priority": lambda e: e.jobs.set_priority(NOPE, 5),
    "jobs.definitions": lambda e: e.jobs.definitions(),
    "jobs.definition": lambda e: e.jobs.definition(NOPE),
    "jobs.set_definition_suspended": lambda e: e.jobs.set_definition_suspended(NOPE, True),
    "external_tasks.list": lambda e: e.external_tasks.list(),
    "external_tasks.get": lambda e: e.external_tasks.get(NOPE),
    "external_tasks.error_details": lambda e: e.external_tasks.error_details(NOPE),
    "external_tasks.unlock": lambda e: e.external_tasks.unlock(NOPE),
    "external_tasks.set_retries": lambda e: e.external_tasks.set_retries(NOPE, 1),
    "external_tasks.set_retries_many": lambda e: e.external_tasks.set_retries_many((NOPE,), 1),
    "external_tasks.set_priority": lambda e: e.external_tasks.set_priority(NOPE, 5),
    "info.engine": lambda e: e.info.engine(),
    "info.current_user": lambda e: e.info.current_user(),
}

# one of every operation; keys are checked against Operation's subclasses, so a new one is noticed
OPERATIONS: dict[type[op.Operation], op.Operation] = {
    op.CreateDeployment: op.CreateDeployment(
        new=NewDeployment(name="n", files=(("a.bpmn", b"<x/>"), ("b.form", b"{}")), source="s", tenant_id="acme")
    ),
    op.DeleteDeployment: op.DeleteDeployment(deployment_id="d/1", cascade=True),
    op.Redeploy: op.Redeploy(deployment_id="d1", resource_ids=("r1",), source="camtui"),
    op.StartInstance: op.StartInstance(
        bpmn_process_id="invoice", business_key="BK-1", variables={"a": VariableValue(value=1)}
    ),
    op.DeleteInstance: op.DeleteInstance(instance_id="2251799813685249"),
    op.DeleteInstances: op.DeleteInstances(instance_ids=("i1", "i2"), reason="cleanup"),
    op.ClaimTask: op.ClaimTask(task_id="t1", user_id="demo"),
    op.UnclaimTask: op.UnclaimTask(task_id="t1"),
    op.AssignTask: op.AssignTask(task_id="t1", user_id="mary"),
    op.CompleteTask: op.CompleteTask(task_id="t1", variables={"ok": VariableValue(value=True, type="Boolean")}),
    op.SetJobRetries: op.SetJobRetries(job_id="j/1", retries=1),
    op.SetJobRetriesMany: op.SetJobRetriesMany(job_ids=("j1", "j2"), retries=2),
    op.ExecuteJob: op.ExecuteJob(job_id="j1"),
    op.SetJobDueDate: op.SetJobDueDate(job_id="j1", due_date=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), cascade=True),
    op.RecalculateJobDueDate: op.RecalculateJobDueDate(job_id="j1", creation_date_based=False),
    op.SetJobPriority: op.SetJobPriority(job_id="j1", priority=7),
    op.SuspendJobDefinition: op.SuspendJobDefinition(job_definition_id="jd1", suspended=True, include_jobs=True),
    op.SetExternalTaskRetries: op.SetExternalTaskRetries(task_id="e1", retries=3),
    op.SetExternalTaskRetriesMany: op.SetExternalTaskRetriesMany(task_ids=("e1", "e2"), retries=3),
    op.UnlockExternalTask: op.UnlockExternalTask(task_id="e1"),
    op.SetExternalTaskPriority: op.SetExternalTaskPriority(task_id="e1", priority=9),
    op.ResolveIncident: op.ResolveIncident(incident_id="i1"),
    op.AnnotateIncident: op.AnnotateIncident(incident_id="i1", annotation="looked at"),
    op.SuspendDefinition: op.SuspendDefinition(definition_id="invoice:1:d/1", include_instances=True),
    op.SuspendInstance: op.SuspendInstance(instance_id="i1", suspended=False),
    op.DeleteDefinition: op.DeleteDefinition(definition_id="invoice:2:d/2", cascade=True),
    op.SuspendBatch: op.SuspendBatch(batch_id="b1", suspended=False),
    op.RestartInstances: op.RestartInstances(
        definition_id="invoice:1:d1",
        instance_ids=("h1", "h2"),
        instructions=(Modification(kind=ModificationKind.START_BEFORE, activity_id="review"),),
        initial_variables=True,
        batch=True,
    ),
    op.DeleteBatch: op.DeleteBatch(batch_id="b1", cascade=True),
    op.MigrateInstances: op.MigrateInstances(
        plan=MigrationPlan(
            source_definition_id="invoice:1:d1",
            target_definition_id="invoice:2:d2",
            instructions=(MigrationInstruction(source_activity_ids=("a",), target_activity_ids=("b",)),),
        ),
        instance_ids=("i1", "i2"),
    ),
    op.ModifyInstance: op.ModifyInstance(
        instance_id="i1",
        instructions=(
            Modification(kind=ModificationKind.START_BEFORE, activity_id="review"),
            Modification(kind=ModificationKind.CANCEL, activity_instance_id="ai1"),
        ),
        annotation="moved by hand",
    ),
    op.SetVariables: op.SetVariables(instance_id="i1", variables={"n": VariableValue(value=5, type="Long")}),
}
OPERATIONS.update({type(o): o for o in preview_identity.SAMPLES})
OPERATIONS.update({type(o): o for o in preview_c8only.SAMPLES})
OPERATIONS.update({type(o): o for o in preview_variables.SAMPLES})


def all_subclasses(cls: type[op.Operation]) -> set[type[op.Operation]]:
    found: set[type[op.Operation]] = set()
    for sub in cls.__subclasses__():
        found |= {sub, *all_subclasses(sub)}
    return found


async def walk(fetch: Callable[[str | None], Awaitable[Page[Any]]]) -> tuple[list[Any], list[Page[Any]]]:
    """Every item and every page, following `next` to the end."""
    items: list[Any] = []
    pages: list[Page[Any]] = []
    token: str | None = None
    while True:
        page = await fetch(token)
        pages.append(page)
        items.extend(page.items)
        if page.next is None:
            return items, pages
        token = page.next


def deletable(fake: FakeEngine, count: int) -> list[Deployment]:
    """Deployments without running instances."""
    free = [d for d in fake.data.deployments.values() if not fake.data.instances_of_deployment(d.id)]
    return free[:count]


# -- the protocol -------------------------------------------------------------------------------


async def test_fakes_are_engines() -> None:
    # mypy proves the assignment; the loop that each works as one
    engines: list[Engine] = [FakeEngine("c7"), FakeEngine("c8")]
    for engine in engines:
        async with engine as entered:
            info = await entered.info.engine()
            assert info.kind is entered.connection.engine
            assert await entered.info.health()
            assert (await entered.info.current_user()).id == "demo"


def test_connections_and_capabilities() -> None:
    c7, c8 = FakeEngine("c7"), FakeEngine("c8", read_only=True)
    assert c7.connection.base_url == "http://fake-c7.invalid/engine-rest" and c7.connection.engine is EngineKind.C7
    assert c8.connection.base_url == "http://fake-c8.invalid/v2" and c8.connection.engine is EngineKind.C8
    assert c8.connection.read_only and not c7.connection.read_only
    assert c7.capabilities == REAL_C7_CAPABILITIES
    assert c8.capabilities == C8_CAPABILITIES
    assert {Capability.IDENTITY_ROLES, Capability.IDENTITY_MAPPING_RULES} <= c8.capabilities
    assert Capability.IDENTITY_AUTHORIZATIONS in c8.capabilities
    assert not {Capability.DEPLOYMENT_LIST, Capability.TASK_COMMENTS, Capability.INSTANCE_SUSPEND} & c8.capabilities


def test_every_protocol_method_is_faked_and_listed() -> None:
    areas = {
        "deployments": protocol.Deployments,
        "definitions": protocol.Definitions,
        "instances": protocol.Instances,
        "incidents": protocol.Incidents,
        "tasks": protocol.Tasks,
        "users": protocol.Users,
        "groups": protocol.Groups,
        "tenants": protocol.Tenants,
        "authorizations": protocol.Authorizations,
        "info": protocol.Info,
        "jobs": protocol.Jobs,
        "external_tasks": protocol.ExternalTasks,
    }
    wanted = {
        f"{area}.{name}"
        for area, proto in areas.items()
        for name, value in vars(proto).items()
        if callable(value) and not name.startswith("_")
    }
    # health is not guarded itself: like the real one, it answers False instead of raising
    assert wanted - {"info.health"} == set(FakeEngine.methods())
    assert set(CALLS) == set(FakeEngine.methods())
    # every area of the protocol is an Engine property, and the fake has each
    properties = {name for name, value in vars(protocol.Engine).items() if isinstance(value, property)}
    assert properties - {"connection", "capabilities"} == set(areas)
    fake = FakeEngine("c7")
    assert all(getattr(fake, area).area == area for area in areas)


GATED = re.compile(r"#\s*gated: Capability\.(\w+) \(Camunda 7 only\)")
C7_ONLY = "# -- Camunda 7 only (capability-gated) --"


def gated_in_protocol() -> dict[str, Capability | None]:
    """`area.method -> capability` as camtui/api/protocol.py comments it (`# gated: ...` on the method's
    line or just above); checks that a gated method sits after its area's "Camunda 7 only" marker and
    an ungated one before it."""
    source = Path(protocol.__file__).read_text()
    lines = source.splitlines()
    # the area classes by name ("Deployments" -> "deployments"), from the Engine's properties
    areas = {
        str(value.fget.__annotations__["return"]): name
        for name, value in vars(protocol.Engine).items()
        if isinstance(value, property) and value.fget is not None and name not in ("connection", "capabilities")
    }
    found: dict[str, Capability | None] = {}
    for cls in ast.parse(source).body:
        if not isinstance(cls, ast.ClassDef) or cls.name not in areas:
            continue
        assert cls.end_lineno is not None
        marker = next((i + 1 for i in range(cls.lineno, cls.end_lineno) if lines[i].strip() == C7_ONLY), None)
        for node in cls.body:
            if not isinstance(node, ast.AsyncFunctionDef):
                continue
            name = f"{areas[cls.name]}.{node.name}"
            assert node.end_lineno is not None
            around = (lines[node.lineno - 2], lines[node.lineno - 1], lines[node.end_lineno - 1])
            match = next((m for m in map(GATED.search, around) if m), None)
            found[name] = Capability[match.group(1)] if match else None
            if match:
                assert marker is not None and node.lineno > marker, f"{name} is gated but not under {C7_ONLY!r}"
            else:
                assert marker is None or node.lineno < marker, f"{name} is under {C7_ONLY!r} but not gated"
    return found


def test_the_protocol_names_the_capability_of_every_camunda7_only_method_as_the_fakes_check_it() -> None:
    gated = gated_in_protocol()
    everywhere = C7_CAPABILITIES & C8_CAPABILITIES
    for name, spec in FakeEngine.methods().items():
        only_some = spec.capability if spec.capability is not None and spec.capability not in everywhere else None
        assert gated.get(name) == only_some, f"{name}: protocol says {gated.get(name)}, the fakes {spec.capability}"
    assert {c for c in gated.values() if c} <= C7_CAPABILITIES - C8_CAPABILITIES


# -- paging, totals, sorting --------------------------------------------------------------------


async def test_paging_through_deployments_reaches_each_exactly_once_c7() -> None:
    fake = FakeEngine("c7")
    items, pages = await walk(lambda token: fake.deployments.list(limit=37, after=token))
    ids = [d.id for d in items]
    assert len(ids) == len(set(ids)) == 250
    assert set(ids) == set(fake.data.deployments)
    # counted with the first page only, as the real C7 service layer does
    assert pages[0].total == 250 and pages[0].total_exact
    assert all(p.total is None for p in pages[1:])
    assert all(re.fullmatch(r"o\d+", p.next) for p in pages if p.next)
    assert len(pages) == 7


@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_paging_through_instances_and_definitions_reaches_each_exactly_once(flavour: Flavour) -> None:
    fake = FakeEngine(flavour)
    instances, pages = await walk(lambda token: fake.instances.list(limit=40, after=token))
    assert [i.id for i in instances] == sorted(fake.data.instances)
    assert len(pages) == 8
    definitions, _ = await walk(lambda token: fake.definitions.list(limit=9, after=token))
    assert sorted(d.id for d in definitions) == sorted(fake.data.definitions)
    users = [u.id async for u in all_items(lambda token: fake.users.list(limit=1, after=token))]
    assert users == ["demo", "mary", "peter"]


async def test_c8_pages_by_cursor_with_capped_inexact_totals() -> None:
    fake = FakeEngine("c8")
    _, pages = await walk(lambda token: fake.instances.list(limit=40, after=token))
    assert all(p.total == 100 and not p.total_exact for p in pages)
    assert all(not re.fullmatch(r"o\d+", p.next) for p in pages if p.next)
    assert (await fake.instances.list(limit=1)).total == 100
    # fewer than the cap: exact
    page = await fake.definitions.list(limit=5)
    assert page.total == 84 and page.total_exact
    assert all(d.id.isdigit() for d in page.items)
    c7 = await FakeEngine("c7").instances.list(limit=5)
    assert c7.total == 300 and c7.total_exact


async def test_c8_cursor_survives_a_delete_between_pages() -> None:
    fake = FakeEngine("c8")
    first = await fake.instances.list(limit=10)
    await fake.instances.delete(first.items[-1].id)
    second = await fake.instances.list(limit=10, after=first.next)
    order = sorted(fake.data.instances)
    assert second.items[0].id == order[9], "the page starts right after the deleted item"


async def test_a_token_of_the_other_engine_is_a_value_error() -> None:
    c7, c8 = FakeEngine("c7"), FakeEngine("c8")
    cursor = (await c8.instances.list(limit=5)).next
    offset = (await c7.instances.list(limit=5)).next
    assert cursor and offset
    with pytest.raises(ValueError, match="not a page token"):
        await c8.instances.list(after=offset)
    with pytest.raises(ValueError, match="not a page token"):
        await c8.instances.list(after="o500")
    with pytest.raises(ValueError, match="not a page token"):
        await c8.instances.list(after="garbage!")
    with pytest.raises(ValueError, match="not a page token"):
        await c7.instances.list(after=cursor)


def deployments_in(fake: FakeEngine, f: DeploymentFilter) -> Callable[[str | None], Awaitable[Page[Deployment]]]:
    return lambda token: fake.deployments.list(f, limit=60, after=token)


async def test_sort_order_flips() -> None:
    fake = FakeEngine("c7")
    for field in DeploymentSort:
        up, _ = await walk(deployments_in(fake, DeploymentFilter(sort_by=field)))
        down, _ = await walk(deployments_in(fake, DeploymentFilter(sort_by=field, sort_order=SortOrder.DESC)))
        assert [d.id for d in down] == [d.id for d in reversed(up)], field
    names = [d.name or "" for d in (await fake.deployments.list(DeploymentFilter(sort_by=DeploymentSort.NAME))).items]
    assert names == sorted(names)
    newest = await fake.deployments.list(
        DeploymentFilter(sort_by=DeploymentSort.DEPLOYMENT_TIME, sort_order=SortOrder.DESC), limit=1
    )
    assert newest.items[0].name == "onboarding-0249"


async def test_sort_order_flips_with_cursors() -> None:
    fake = FakeEngine("c8")
    up, _ = await walk(lambda t: fake.definitions.list(DefinitionFilter(sort_by=DefinitionSort.VERSION), after=t))
    down, _ = await walk(
        lambda t: fake.definitions.list(
            DefinitionFilter(sort_by=DefinitionSort.VERSION, sort_order=SortOrder.DESC), limit=7, after=t
        )
    )
    assert [d.id for d in down] == [d.id for d in reversed(up)]
    assert up[0].version == 1 and down[0].version == max(d.version for d in up)


async def test_filters() -> None:
    fake = FakeEngine("c7")
    names = {d.name for d in fake.data.deployments.values()}
    assert {"markup [red]x[/] in a name", "Rechnung – Prüfung"} <= names
    assert (await fake.deployments.list(DeploymentFilter(name_like="invoice-00%"), limit=1)).total == 20
    assert (await fake.deployments.list(DeploymentFilter(name_like="%Prüfung"), limit=1)).total == 1
    assert (await fake.deployments.list(DeploymentFilter(tenant_ids=("acme",)), limit=1)).total == 25
    assert (
        await fake.deployments.list(DeploymentFilter(tenant_ids=("acme",), include_without_tenant=True), limit=1)
    ).total == 250
    latest = await fake.definitions.list(DefinitionFilter(latest_only=True), limit=100)
    assert {(d.bpmn_process_id, d.tenant_id) for d in latest.items} == {
        (d.bpmn_process_id, d.tenant_id) for d in fake.data.definitions.values()
    }
    assert len(latest.items) == len({(d.bpmn_process_id, d.tenant_id) for d in latest.items})
    some = next(i for i in fake.data.instances.values() if i.business_key)
    definition = fake.data.definitions[some.definition_id or ""]
    by_deployment = await fake.instances.list(InstanceFilter(deployment_id=definition.deployment_id))
    assert some.id in {i.id for i in by_deployment.items}
    assert all(i.definition_id == definition.id for i in by_deployment.items)
    assert (await fake.instances.list(InstanceFilter(business_key=some.business_key))).items == (some,)
    assert ((await fake.instances.list(InstanceFilter(suspended=True), limit=1)).total or 0) > 0
    assert (await fake.instances.list(InstanceFilter(with_incident=True), limit=1)).total == 12
    mine = await fake.tasks.list(TaskFilter(assignee="demo"), limit=500)
    assert mine.items and all(t.assignee == "demo" for t in mine.items)
    members = await fake.users.list(UserFilter(member_of_group="accounting"))
    assert [u.id for u in members.items] == ["demo", "mary"]
    assert [g.id for g in (await fake.groups.list(GroupFilter(member="peter"))).items] == ["management"]


# -- capabilities -------------------------------------------------------------------------------


@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_unsupported_by_engine_exactly_where_the_capability_is_not_declared(flavour: Flavour) -> None:
    fake = FakeEngine(flavour)
    for name, spec in FakeEngine.methods().items():
        call = CALLS[name]
        if spec.capability is None or spec.capability in fake.capabilities:
            try:
                await call(fake)
            except errors.UnsupportedByEngine as exc:
                pytest.fail(f"{flavour} {name} declares {spec.capability} but raised {exc!r}")
            except errors.EngineError:
                pass  # the bogus id: NotFound and the like, from behind the guard
        else:
            with pytest.raises(errors.UnsupportedByEngine) as info:
                await call(fake)
            assert info.value.capability is spec.capability, name
    # every capability C8 lacks is one some method needs, so the gating is really tested
    needed = {spec.capability for spec in FakeEngine.methods().values()}
    assert frozenset(Capability) - C8_CAPABILITIES <= needed


async def test_capabilities_can_be_narrowed_for_gating_tests() -> None:
    fake = FakeEngine("c7", capabilities=REAL_C7_CAPABILITIES - {Capability.TASK_COMPLETE})
    with pytest.raises(errors.UnsupportedByEngine) as info:
        await fake.tasks.complete(next(iter(fake.data.tasks)))
    assert info.value.capability is Capability.TASK_COMPLETE
    with pytest.raises(errors.UnsupportedByEngine):
        fake.preview(op.CompleteTask(task_id="t"))


# -- refusals, faults, outages ------------------------------------------------------------------


async def test_delete_without_cascade_is_refused_like_the_engine_and_changes_nothing() -> None:
    fake = FakeEngine("c7")
    deployment = next(d for d in fake.data.deployments.values() if fake.data.instances_of_deployment(d.id))
    running = fake.data.instances_of_deployment(deployment.id)
    before = copy.deepcopy(fake.data)
    with pytest.raises(errors.Conflict) as info:
        await fake.deployments.delete(deployment.id)
    message = info.value.message
    assert message.startswith(
        "ENGINE-03076 Deletion of process definition without cascading failed. "
        f"Process definition with id: {running[0].definition_id} can't be deleted, "
    )
    assert f"since there exists {len(running)} dependening process instances" in message
    assert "cascade" in info.value.hint
    assert fake.data == before
    assert fake.calls == [("deployments.delete", (deployment.id, False, False, False))]

    await fake.deployments.delete(deployment.id, cascade=True)
    with pytest.raises(errors.NotFound):
        await fake.deployments.get(deployment.id)
    assert (await fake.instances.list(InstanceFilter(deployment_id=deployment.id), limit=1)).total == 0
    assert not {i.id for i in running} & {t.process_instance_id for t in fake.data.tasks.values()}
    assert (await fake.definitions.list(DefinitionFilter(deployment_id=deployment.id), limit=1)).total == 0


async def test_fault_injection_fails_exactly_the_named_target() -> None:
    fake = FakeEngine("c7")
    a, b, c = deletable(fake, 3)
    fake.fail("deployments.delete", b.id, errors.ServerError("disk full"))
    outcomes: list[str] = []
    for d in (a, b, c):
        try:
            await fake.deployments.delete(d.id)
            outcomes.append("done")
        except errors.ServerError as exc:
            outcomes.append(str(exc))
    assert outcomes == ["done", "disk full", "done"]
    assert [name for name, _ in fake.calls] == ["deployments.delete"] * 3
    assert [args[0] for _, args in fake.calls] == [a.id, b.id, c.id]
    assert set(fake.data.deployments) & {a.id, b.id, c.id} == {b.id}
    # every time, until healed; other methods on the same target are untouched
    with pytest.raises(errors.ServerError):
        await fake.deployments.delete(b.id)
    assert (await fake.deployments.get(b.id)).id == b.id
    fake.heal()
    await fake.deployments.delete(b.id)
    assert b.id not in fake.data.deployments


async def test_fault_injection_wildcard_and_typos() -> None:
    fake = FakeEngine("c8")
    fake.fail("instances.list", "*", errors.Unavailable("busy"))
    with pytest.raises(errors.Unavailable):
        await fake.instances.list()
    with pytest.raises(ValueError, match="no area method"):
        fake.fail("instances.lsit", "*", errors.Unavailable("busy"))
    fake.heal("instances.list")
    assert (await fake.instances.list(limit=1)).items


@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_read_only_refuses_every_change_and_changes_nothing(flavour: Flavour) -> None:
    fake = FakeEngine(flavour, read_only=True)
    before = copy.deepcopy(fake.data)
    refused = 0
    for name, spec in FakeEngine.methods().items():
        if not spec.mutates:
            continue
        if spec.capability is not None and spec.capability not in fake.capabilities:
            with pytest.raises(errors.UnsupportedByEngine):
                await CALLS[name](fake)
            continue
        with pytest.raises(errors.ReadOnlyProfile, match="the profile is read-only, nothing was sent"):
            await CALLS[name](fake)
        refused += 1
    assert refused > 20
    # and with real targets
    instance = next(iter(fake.data.instances))
    with pytest.raises(errors.ReadOnlyProfile):
        await fake.instances.delete(instance)
    with pytest.raises(errors.ReadOnlyProfile):
        await fake.tasks.complete(next(iter(fake.data.tasks)))
    assert fake.data == before
    assert fake.calls == []
    assert (await fake.instances.get(instance)).id == instance, "reading still works"


@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_down_fails_every_call_and_health_says_so(flavour: Flavour) -> None:
    fake = FakeEngine(flavour)
    fake.down = True
    for name, call in CALLS.items():
        with pytest.raises(errors.ConnectionFailed):
            await call(fake)
        assert name  # every one, reads and writes alike
    assert not await fake.info.health()
    assert fake.calls == []
    fake.down = False
    assert await fake.info.health()


# -- previews -----------------------------------------------------------------------------------


def test_every_operation_has_a_sample_and_a_capability() -> None:
    assert set(OPERATIONS) == all_subclasses(op.Operation)
    assert set(OPERATION_CAPABILITIES) == set(OPERATIONS)


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_preview_returns_requests_for_every_supported_operation(flavour: Flavour) -> None:
    fake = FakeEngine(flavour)
    base = fake.connection.base_url
    for kind, operation in OPERATIONS.items():
        capability = OPERATION_CAPABILITIES[kind]
        if capability in fake.capabilities:
            requests = fake.preview(operation)
            assert requests, kind
            assert all(
                r.url.startswith(base + "/") and r.method in ("GET", "POST", "PUT", "PATCH", "DELETE") for r in requests
            )
        else:
            with pytest.raises(errors.UnsupportedByEngine) as info:
                fake.preview(operation)
            assert info.value.capability is capability


async def test_c7_previews_are_the_real_c7_engines() -> None:
    fake = FakeEngine("c7")
    async with C7Engine(fake.connection) as real:
        for operation in OPERATIONS.values():
            if OPERATION_CAPABILITIES[type(operation)] not in REAL_C7_CAPABILITIES:
                # Camunda 8's own changes: both refuse them by the same capability
                with pytest.raises(errors.UnsupportedByEngine) as by_fake:
                    fake.preview(operation)
                with pytest.raises(errors.UnsupportedByEngine) as by_real:
                    real.preview(operation)
                assert by_fake.value.capability == by_real.value.capability
                continue
            assert fake.preview(operation) == real.preview(operation), type(operation).__name__
    (delete,) = fake.preview(op.DeleteDeployment(deployment_id="d/1", cascade=True))
    assert delete.method == "DELETE" and delete.url == "http://fake-c7.invalid/engine-rest/deployment/d%2F1"
    assert ("cascade", "true") in delete.query


def test_c8_previews_speak_rest_v2() -> None:
    fake = FakeEngine("c8")
    (cancel,) = fake.preview(op.DeleteInstance(instance_id="2251799813685249"))
    assert cancel.line() == "POST http://fake-c8.invalid/v2/process-instances/2251799813685249/cancellation"
    (unassign,) = fake.preview(op.AssignTask(task_id="7", user_id=None))
    assert unassign.method == "DELETE" and unassign.url.endswith("/user-tasks/7/assignee")
    (start,) = fake.preview(op.StartInstance(bpmn_process_id="invoice", variables={"a": VariableValue(value=1)}))
    assert start.json_body == {"processDefinitionId": "invoice", "variables": {"a": 1}}


# -- changes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_create_redeploy_and_start(flavour: Flavour) -> None:
    fake = FakeEngine(flavour)
    new = NewDeployment(name="fresh", files=(("fresh-process.bpmn", bpmn_xml("x", "X")), ("readme.txt", b"hi")))
    result = await fake.deployments.create(new)
    (deployed,) = result.definitions
    assert deployed.model_id == "fresh-process" and deployed.version == 1
    assert fake.calls == [("deployments.create", (new,))]
    if flavour == "c7":
        again = await fake.deployments.redeploy(result.deployment.id)
        assert again.deployment.name == "fresh" and again.definitions[0].version == 2
        assert len(await fake.deployments.resources(again.deployment.id)) == 2
        latest = again.definitions[0].id
    else:
        latest = deployed.id
        assert deployed.id.isdigit() and result.deployment.id.isdigit()
    started = await fake.definitions.start(bpmn_process_id="fresh-process", business_key="BK-new")
    assert started.definition_id == latest
    assert (await fake.instances.get(started.id)).business_key == "BK-new"


async def test_a_process_that_is_not_xml_is_refused() -> None:
    fake = FakeEngine("c7")
    with pytest.raises(errors.BadRequest) as info:
        await fake.deployments.create(NewDeployment(name="nx", files=(("x.bpmn", b"this is not xml"),)))
    assert "Could not parse 'x.bpmn'" in info.value.message
    assert info.value.problems and info.value.problems[0].resource == "x.bpmn"


async def test_delete_many_is_a_finished_batch() -> None:
    fake = FakeEngine("c7")
    ids = (*list(fake.data.instances)[:3], NOPE)
    batch = await fake.instances.delete_many(ids, reason="cleanup")
    assert batch.total_jobs == 4
    progress = await fake.instances.batch_progress(batch.id)
    assert progress.finished and progress.failed_jobs == 1 and progress.completed_jobs == 3
    assert not set(ids) & set(fake.data.instances)


@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_task_claim_assign_complete(flavour: Flavour) -> None:
    fake = FakeEngine(flavour)
    theirs = next(t for t in fake.data.tasks.values() if t.assignee == "demo")
    # C7 says TaskAlreadyClaimedException (a 500 the real mapper makes a Conflict), C8 a 409
    with pytest.raises(errors.Conflict):
        await fake.tasks.claim(theirs.id, "mary")
    free = next(t for t in fake.data.tasks.values() if t.assignee is None)
    await fake.tasks.claim(free.id, "mary")
    assert (await fake.tasks.get(free.id)).assignee == "mary"
    await fake.tasks.unclaim(free.id)
    assert (await fake.tasks.get(free.id)).assignee is None
    await fake.tasks.set_assignee(free.id, "peter")
    assert (await fake.tasks.list(TaskFilter(assignee="peter"))).items == (await fake.tasks.get(free.id),)
    await fake.tasks.complete(free.id, {"approved": VariableValue(value=False)})
    with pytest.raises(errors.NotFound):
        await fake.tasks.get(free.id)
    instance = free.process_instance_id or ""
    assert fake.data.variables[instance]["approved"].value is False
    assert [name for name, _ in fake.calls] == [
        "tasks.claim",
        "tasks.claim",
        "tasks.unclaim",
        "tasks.set_assignee",
        "tasks.complete",
    ]


async def test_suspend_and_activity_tree_c7() -> None:
    fake = FakeEngine("c7")
    instance = next(i for i in fake.data.instances.values() if not i.suspended)
    await fake.instances.set_suspended(instance.id, True)
    assert (await fake.instances.get(instance.id)).suspended
    tree = await fake.instances.activity_tree(instance.id)
    assert tree.id == instance.id and tree.children
    await fake.instances.modify(
        instance.id, (Modification(kind=ModificationKind.START_BEFORE, activity_id="Task_Approve"),)
    )
    assert "Task_Approve" in [a.activity_id for a in (await fake.instances.activity_tree(instance.id)).walk()]


@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_incidents_retry_and_resolve(flavour: Flavour) -> None:
    fake = FakeEngine(flavour)
    failed_job = "failedJob" if flavour == "c7" else "JOB_NO_RETRIES"
    incident = (await fake.incidents.list(IncidentFilter(type=failed_job), limit=1)).items[0]
    assert "Payment service unavailable" in await fake.incidents.stacktrace(incident)
    await fake.incidents.retry(incident)
    assert (await fake.incidents.job(incident.configuration or "")).retries == 1
    with pytest.raises(errors.NotFound):
        await fake.incidents.get(incident.id)
    other = next(i for i in fake.data.incidents.values() if i.type == failed_job)
    if flavour == "c7":
        with pytest.raises(errors.BadRequest, match="Cannot resolve an incident of type failedJob"):
            await fake.incidents.resolve(other.id)
        custom = next(i for i in fake.data.incidents.values() if i.type == "customIncident")
        await fake.incidents.resolve(custom.id)
        assert custom.id not in fake.data.incidents
    else:
        await fake.incidents.resolve(other.id)
        assert other.id not in fake.data.incidents


@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_identity_changes(flavour: Flavour) -> None:
    fake = FakeEngine(flavour)
    await fake.users.create(User(id="zoë", first_name="Zoë"), "secret")
    await fake.groups.add_member("sales", "zoë")
    await fake.tenants.add_user("acme", "zoë")
    assert [u.id for u in (await fake.users.list(UserFilter(member_of_group="sales"))).items] == ["demo", "zoë"]
    with pytest.raises(errors.EngineError):
        await fake.users.create(User(id="zoë"), "again")
    await fake.users.delete("zoë")
    assert ("sales", "zoë") not in fake.data.group_members and ("acme", "zoë") not in fake.data.tenant_users
    grant = await fake.authorizations.create(
        type=AuthorizationType.GRANT, permissions=("read",), resource_type="process_definition", group_id="sales"
    )
    assert grant.permissions == ("READ",) and grant.resource_type == "PROCESS_DEFINITION"
    await fake.authorizations.update(grant.id, permissions=("READ", "UPDATE"), resource_id="invoice")
    assert (await fake.authorizations.get(grant.id)).resource_id == "invoice"
    await fake.authorizations.delete(grant.id)
    with pytest.raises(errors.NotFound):
        await fake.authorizations.get(grant.id)


# -- the data -----------------------------------------------------------------------------------


def test_demo_data_is_deterministic_and_sized() -> None:
    assert FakeData.demo("c7") == FakeData.demo("c7")
    small = FakeData.demo("c8", deployments=12, instances=20, incidents=2, tasks=3)
    assert len(small.deployments) == 12 and len(small.instances) == 20
    assert len(small.incidents) == 2 and len(small.tasks) == 3
    assert all(i.isdigit() for i in (*small.deployments, *small.instances, *small.tasks, *small.definitions))
    times = [d.deployment_time for d in FakeData.demo("c7").deployments.values() if d.deployment_time]
    assert times == sorted(times)
    empty = FakeEngine("c7", data=FakeData("c7"))
    assert not empty.data.deployments
    with pytest.raises(ValueError, match="cannot back"):
        FakeEngine("c8", data=FakeData("c7"))
