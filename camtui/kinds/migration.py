"""Migrating process instances to another version of their definition.

The engine proposes the mapping by activity id; the user may replace it (`a->b, c->d`); the engine
validates it before anything moves; the plan says which targets wait in activities the mapping
leaves out (the engine would refuse those). One instance runs synchronously, many as one batch,
followed to its end, then re-read: an instance counts as migrated only when it is on the target.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest
from camtui.api.models import (
    DefinitionFilter,
    InstanceFilter,
    MigrationInstruction,
    MigrationPlan,
    ProcessDefinition,
    ProcessInstance,
)
from camtui.api.plan import Outcome, OutcomeStatus, Plan, Risk, Target
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Option, Options, RunResult, Scope
from camtui.kinds.common import flag, plural, previews, targets
from camtui.kinds.modification import not_ready

# how many targets' activity trees are read to say which would be refused
CHECKED_TARGETS = 100


def parse_mapping(text: str) -> tuple[MigrationInstruction, ...]:
    """`review->review2, approve->approve` → one instruction per pair, in order."""
    out: list[MigrationInstruction] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        source, sep, target = part.partition("->")
        if not sep or not source.strip() or not target.strip():
            raise BadRequest(f"{part!r} is no mapping: write SOURCE->TARGET activity ids, e.g. review->review.")
        out.append(MigrationInstruction(source_activity_ids=(source.strip(),), target_activity_ids=(target.strip(),)))
    if not out:
        raise BadRequest("An empty mapping: give SOURCE->TARGET pairs, or leave it empty for the engine's proposal.")
    return tuple(out)


def mapping_text(plan: MigrationPlan) -> str:
    return ", ".join(
        f"{'+'.join(i.source_activity_ids)} → {'+'.join(i.target_activity_ids)}" for i in plan.instructions
    )


def label(d: ProcessDefinition) -> str:
    return f"{d.bpmn_process_id} v{d.version}"


async def target_definition(engine: Engine, source: ProcessDefinition, wanted: str) -> ProcessDefinition:
    """`wanted`: a version number of the same key, a definition id, or empty for the latest version."""
    wanted = wanted.strip()
    if not wanted:
        return await engine.definitions.get_latest(source.bpmn_process_id, tenant_id=source.tenant_id)
    if wanted.isdigit():
        tenants = (source.tenant_id,) if source.tenant_id else ()
        versions = await engine.definitions.list(
            DefinitionFilter(bpmn_process_id=source.bpmn_process_id, tenant_ids=tenants), limit=1000
        )
        for d in versions.items:
            if d.version == int(wanted):
                return d
        raise BadRequest(f"{source.bpmn_process_id} has no version {wanted}.")
    return await engine.definitions.get(wanted)


async def resolve(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> tuple[MigrationPlan, str]:
    """The validated migration plan for `items`, and its route in words ("invoice v1 → v3")."""
    sources = {i.definition_id for i in items}
    if len(sources) != 1 or None in sources:
        raise BadRequest("Migrate the instances of one definition version at a time (these run on several).")
    source = await engine.definitions.get(str(next(iter(sources))))
    target = await target_definition(engine, source, str(o.get("to_version") or ""))
    if target.id == source.id:
        raise BadRequest(f"They run on {label(source)} already: choose another version.")
    if target.bpmn_process_id != source.bpmn_process_id:
        raise BadRequest(f"{label(target)} is another process than {label(source)}.")
    mapping = str(o.get("mapping") or "").strip()
    plan = (
        MigrationPlan(
            source_definition_id=source.id, target_definition_id=target.id, instructions=parse_mapping(mapping)
        )
        if mapping
        else await engine.instances.migration_plan(source.id, target.id)
    )
    problems = await engine.instances.validate_migration(plan)
    if problems:
        raise BadRequest("The engine refuses this mapping:\n" + "\n".join(f"  {p}" for p in problems))
    return plan, f"{label(source)} → v{target.version}"


def _operation(plan: MigrationPlan, ids: tuple[str, ...], o: Options, *, batch: bool) -> op.MigrateInstances:
    return op.MigrateInstances(
        plan=plan,
        instance_ids=ids,
        skip_custom_listeners=flag(o, "skip_custom_listeners"),
        skip_io_mappings=flag(o, "skip_io_mappings"),
        batch=batch,
    )


async def unmapped(engine: Engine, items: Sequence[ProcessInstance], plan: MigrationPlan) -> dict[str, set[str]]:
    """Instance id → the activities it waits in that the mapping leaves out (the first targets only)."""
    if Capability.INSTANCE_ACTIVITY_TREE not in engine.capabilities:
        return {}
    mapped = {a for i in plan.instructions for a in i.source_activity_ids}
    checked = list(items)[:CHECKED_TARGETS]
    trees = await asyncio.gather(*(engine.instances.activity_tree(i.id) for i in checked))
    out: dict[str, set[str]] = {}
    for i, tree in zip(checked, trees, strict=True):
        # the root is the process itself; only its descendants are waiting somewhere
        left = {a.activity_id for a in tree.walk()[1:]} - mapped
        if left:
            out[i.id] = left
    return out


def _batch(engine: Engine, n: int) -> bool:
    return n > 1 and Capability.INSTANCE_DELETE_BATCH in engine.capabilities


async def plan_migrate(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> Plan:
    try:
        plan, route = await resolve(engine, items, o)
    except BadRequest as exc:
        # shown in the plan, so the version or the mapping can be fixed in the same dialog
        return not_ready("instances.migrate", f"Migrate {plural(len(items), 'process instance')}", items, str(exc))
    ids = tuple(i.id for i in items)
    batch = _batch(engine, len(ids))
    refused = await unmapped(engine, items, plan)
    warnings: list[str] = []
    if refused:
        activities = sorted({a for left in refused.values() for a in left})
        warnings.append(
            f"{plural(len(refused), 'instance waits', 'instances wait')} in activities the mapping leaves out "
            f"({', '.join(activities)}): the engine will not migrate "
            + ("them (failed batch jobs)." if batch else "any of them.")
        )
    if len(items) > CHECKED_TARGETS:
        warnings.append(f"Only the first {CHECKED_TARGETS} instances were checked against the mapping.")
    return Plan(
        action="instances.migrate",
        title=f"Migrate {plural(len(items), 'process instance')}: {route}",
        targets=targets(items, lambda i: i.id, lambda i: i.business_key or i.bpmn_process_id or i.id),
        impact=f"Mapping (validated by the engine): {mapping_text(plan) or 'nothing'}."
        + (" As one engine batch." if batch else ""),
        requests=previews(engine, [_operation(plan, ids, o, batch=batch)]),
        risk=Risk.CHANGE,
        warnings=tuple(warnings),
    )


async def run_migrate(engine: Engine, i: ProcessInstance, o: Options) -> RunResult:
    plan, route = await resolve(engine, [i], o)
    await engine.instances.migrate(
        plan,
        (i.id,),
        skip_custom_listeners=flag(o, "skip_custom_listeners"),
        skip_io_mappings=flag(o, "skip_io_mappings"),
    )
    return f"migrated {route}"


async def verify_migrate(engine: Engine, i: ProcessInstance, o: Options, since: datetime) -> bool | None:
    plan, _ = await resolve(engine, [i], o)
    return (await engine.instances.get(i.id)).definition_id == plan.target_definition_id


async def migrate_as_batch(engine: Engine, items: Sequence[ProcessInstance], o: Options) -> list[Outcome]:
    """One engine batch, followed to its end; then every target re-read: migrated only if on the target."""
    plan, route = await resolve(engine, items, o)
    ids = tuple(i.id for i in items)
    batch = await engine.instances.migrate_many(
        plan, ids, skip_custom_listeners=flag(o, "skip_custom_listeners"), skip_io_mappings=flag(o, "skip_io_mappings")
    )
    async with asyncio.timeout(600):
        # the engine has no event to wait on: poll its batch statistics
        while not (await engine.instances.batch_progress(batch.id)).finished:  # noqa: ASYNC110
            await asyncio.sleep(0.5)
    now = {i.id: i for i in (await engine.instances.list(InstanceFilter(ids=ids), limit=len(ids))).items}
    outcomes: list[Outcome] = []
    for i in items:
        moved = i.id in now and now[i.id].definition_id == plan.target_definition_id
        message = f"migrated {route}" if moved else "not migrated (see the batch's failed jobs)"
        if i.id not in now:
            message = "no longer running"
        status = OutcomeStatus.DONE if moved else OutcomeStatus.FAILED
        outcomes.append(Outcome(target=Target(id=i.id, label=i.business_key or i.id), status=status, message=message))
    return outcomes


MIGRATE = Action[ProcessInstance](
    id="instances.migrate",
    key="M",
    label="Migrate",
    capability=Capability.INSTANCE_MIGRATE,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.MARKED,
    plan=plan_migrate,
    run=run_migrate,
    verify=verify_migrate,
    options=(
        Option("to_version", "To version (number or definition id; empty: the latest)", ""),
        Option("mapping", "Mapping SOURCE->TARGET, ... (empty: the engine's proposal by activity id)", ""),
        Option("skip_custom_listeners", "Skip custom listeners", False),
        Option("skip_io_mappings", "Skip input/output mappings", False),
    ),
    description="migrate process instances to another version of their definition",
    run_many=migrate_as_batch,
    many_capability=Capability.INSTANCE_DELETE_BATCH,
)
