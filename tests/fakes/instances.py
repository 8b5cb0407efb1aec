"""Process instances: query, variables, activity tree, suspend, delete (one or as a batch), modify."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from camtui.api import errors
from camtui.api.capabilities import Capability
from camtui.api.models import (
    ActivityInstance,
    Batch,
    BatchFilter,
    BatchProgress,
    BatchStatus,
    ElementStates,
    InstanceFilter,
    InstanceHistory,
    InstanceSort,
    Job,
    MigrationInstruction,
    MigrationPlan,
    Modification,
    ModificationKind,
    Operator,
    ProcessInstance,
    Variable,
    VariableCondition,
    VariableValue,
)
from camtui.api.models.base import SortOrder
from camtui.api.paging import DEFAULT_LIMIT, Page
from tests.fakes import bpmn
from tests.fakes.core import Area, engine_call
from tests.fakes.data import FakeData, change
from tests.fakes.paging import like, tenant_matches

SORTS: dict[InstanceSort, Callable[[ProcessInstance], object]] = {
    InstanceSort.ID: lambda i: i.id,
    InstanceSort.BPMN_PROCESS_ID: lambda i: i.bpmn_process_id,
    InstanceSort.DEFINITION_ID: lambda i: i.definition_id,
    InstanceSort.TENANT_ID: lambda i: i.tenant_id,
    InstanceSort.BUSINESS_KEY: lambda i: i.business_key,
}
COMPARE: dict[Operator, Callable[[Any, Any], bool]] = {
    Operator.EQ: operator.eq,
    Operator.NEQ: operator.ne,
    Operator.GT: operator.gt,
    Operator.GTEQ: operator.ge,
    Operator.LT: operator.lt,
    Operator.LTEQ: operator.le,
    Operator.LIKE: lambda value, pattern: isinstance(value, str) and like(str(pattern), value),
}


def holds(condition: VariableCondition, variables: Mapping[str, Variable]) -> bool:
    variable = variables.get(condition.name)
    if variable is None:
        return False
    try:
        return COMPARE[condition.operator](variable.value, condition.value)
    except TypeError:
        return False


def matches(data: FakeData, f: InstanceFilter, i: ProcessInstance) -> bool:
    if f.deployment_id is not None:
        definition = data.definitions.get(i.definition_id or "")
        if definition is None or definition.deployment_id != f.deployment_id:
            return False
    if f.with_incident or f.incident_type:
        types = {x.type for x in data.incidents.values() if x.process_instance_id == i.id}
        if not types or (f.incident_type is not None and f.incident_type not in types):
            return False
    if f.activity_ids and not {p.activity_id for p in data.positions.get(i.id, [])} & set(f.activity_ids):
        return False
    variables = data.variables.get(i.id, {})
    return (
        (not f.ids or i.id in f.ids)
        and (f.definition_id is None or i.definition_id == f.definition_id)
        and (f.bpmn_process_id is None or i.bpmn_process_id == f.bpmn_process_id)
        and (f.business_key is None or i.business_key == f.business_key)
        and like(f.business_key_like, i.business_key)
        and not (f.active and i.suspended)
        and not (f.suspended and not i.suspended)
        and tenant_matches(f.tenant_ids, i.tenant_id)
        and not (f.without_tenant and i.tenant_id is not None)
        and all(holds(c, variables) for c in f.variables)
        # the fake's processes call none: no instance has a super or a sub instance
        and f.super_instance_id is None
        and f.sub_instance_id is None
    )


class FakeInstances(Area):
    area = "instances"

    @engine_call(Capability.INSTANCE_LIST)
    async def list(
        self, f: InstanceFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[ProcessInstance]:
        f = f or InstanceFilter()
        found = [i for i in self._data.instances.values() if matches(self._data, f, i)]
        if f.needs_history:
            # issue 10: the fake keeps no history (no ended instances, no start times): none match
            found = []
        field = SORTS[f.sort_by] if f.sort_by else None
        return self._core.page(found, limit=limit, after=after, field=field, descending=f.sort_order is SortOrder.DESC)

    @engine_call(Capability.INSTANCE_LIST)
    async def get(self, instance_id: str) -> ProcessInstance:
        return self._instance(instance_id)

    @engine_call(Capability.INSTANCE_VARIABLES)
    async def variables(self, instance_id: str, *, deserialize: bool = False) -> tuple[Variable, ...]:
        """By name. Object values stay serialized whatever `deserialize` says: the fake has no Java."""
        self._instance(instance_id)
        return tuple(v for _, v in sorted(self._data.variables.get(instance_id, {}).items()))

    @engine_call(Capability.INSTANCE_VARIABLES)
    async def variable(self, instance_id: str, name: str) -> Variable:
        return self._variable(instance_id, name)

    @engine_call(Capability.INSTANCE_VARIABLES)
    async def file_variable_content(self, instance_id: str, name: str) -> bytes:
        variable = self._variable(instance_id, name)
        content = self._data.files.get((instance_id, name))
        if variable.type != "File" or content is None:
            raise self._core.bad_request(f"Value of variable with id {name} is not a binary value.")
        return content

    @engine_call(Capability.INSTANCE_VARIABLES, mutates=True)
    async def set_variables(self, instance_id: str, values: Mapping[str, VariableValue]) -> None:
        self._instance(instance_id)
        self._data.set_variables(instance_id, values)

    @engine_call(Capability.INSTANCE_VARIABLE_DELETE, mutates=True)
    async def delete_variable(self, instance_id: str, name: str) -> None:
        self._instance(instance_id)
        self._data.variables.get(instance_id, {}).pop(name, None)
        self._data.files.pop((instance_id, name), None)

    @engine_call(Capability.INSTANCE_LIST)
    async def element_states(self, instance_id: str) -> ElementStates:
        """Where it waits and its incidents; the fake keeps no history, so what it passed is unknown."""
        self._instance(instance_id)
        active: dict[str, int] = {}
        for p in self._data.positions.get(instance_id, []):
            active[p.activity_id] = active.get(p.activity_id, 0) + 1
        incidents: dict[str, int] = {}
        for x in self._data.incidents.values():
            if x.process_instance_id == instance_id and x.activity_id:
                incidents[x.activity_id] = incidents.get(x.activity_id, 0) + 1
        return ElementStates(active=active, incidents=incidents, passed=None)

    @engine_call(Capability.INSTANCE_ACTIVITY_TREE)
    async def activity_tree(self, instance_id: str) -> ActivityInstance:
        """The instance (its id, as in C7) with one child per activity it waits at."""
        instance = self._instance(instance_id)
        definition = self._data.definitions.get(instance.definition_id or "")
        incidents = [x for x in self._data.incidents.values() if x.process_instance_id == instance_id]
        children = tuple(
            ActivityInstance(
                id=p.id,
                activity_id=p.activity_id,
                activity_name=p.activity_name,
                activity_type=p.activity_type,
                incident_ids=tuple(x.id for x in incidents if x.activity_id == p.activity_id),
            )
            for p in self._data.positions.get(instance_id, [])
        )
        return ActivityInstance(
            id=instance.id,
            activity_id=instance.definition_id or "",
            activity_name=definition.name if definition else None,
            activity_type="processDefinition",
            children=children,
        )

    @engine_call(Capability.INSTANCE_SUSPEND, mutates=True)
    async def set_suspended(self, instance_id: str, suspended: bool) -> None:
        self._instance(instance_id)
        change(self._data.instances, instance_id, suspended=suspended)
        for task in [t for t in self._data.tasks.values() if t.process_instance_id == instance_id]:
            change(self._data.tasks, task.id, suspended=suspended)
        for job in [j for j in self._data.jobs.values() if j.process_instance_id == instance_id]:
            change(self._data.jobs, job.id, suspended=suspended)
        for work in [w for w in self._data.external_tasks.values() if w.process_instance_id == instance_id]:
            change(self._data.external_tasks, work.id, suspended=suspended)

    @engine_call(Capability.INSTANCE_DELETE, mutates=True)
    async def delete(
        self,
        instance_id: str,
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None:
        self._instance(instance_id)
        self._data.remove_instance(instance_id)

    @engine_call(Capability.INSTANCE_DELETE_BATCH, mutates=True)
    async def delete_many(
        self,
        instance_ids: tuple[str, ...],
        *,
        reason: str | None = None,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> Batch:
        """A batch that has already run when it is returned: instances gone, missing ones its failed jobs."""
        if not instance_ids:
            raise errors.BadRequest("No process instances to delete.")
        return self._data.run_batch("instance-deletion", instance_ids, self._data.instances, self._data.remove_instance)

    # Camunda 7's batches (deletes here, job retries in incidents); the protocol gates it with the batch delete
    @engine_call(Capability.INSTANCE_DELETE_BATCH)
    async def batch_progress(self, batch_id: str) -> BatchProgress:
        batch = self._data.batches.get(batch_id)
        if batch is None:
            raise self._core.missing("Batch", batch_id)
        failed = self._data.batch_failures.get(batch_id, 0)
        return BatchProgress(
            id=batch_id,
            total_jobs=batch.total_jobs,
            completed_jobs=batch.total_jobs - failed,
            remaining_jobs=0,
            failed_jobs=failed,
            finished=True,
        )

    @engine_call(Capability.INSTANCE_MODIFY, mutates=True)
    async def modify(
        self,
        instance_id: str,
        instructions: tuple[Modification, ...],
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
        annotation: str | None = None,
    ) -> None:
        """Cancel or start activities; an instance left waiting nowhere has ended and is gone."""
        instance = self._instance(instance_id)
        definition = self._data.definitions.get(instance.definition_id or "")
        xml = self._data.content_of(definition) if definition else b""
        for ins in instructions:
            if not ins.activity_id and not (ins.kind is ModificationKind.CANCEL and ins.activity_instance_id):
                raise errors.BadRequest(f"A {ins.kind.value} instruction needs an activity.")
        # check every instruction before applying any: the engine applies all or none
        plan: list[tuple[Modification, str | None]] = []
        for ins in instructions:
            target = ins.activity_id
            if ins.kind is ModificationKind.CANCEL:
                positions = self._data.positions.get(instance_id, [])
                if ins.activity_instance_id and not any(p.id == ins.activity_instance_id for p in positions):
                    raise self._core.bad_request(
                        f"Cannot perform instruction: Cancel activity instance '{ins.activity_instance_id}'; "
                        f"Activity instance '{ins.activity_instance_id}' does not exist"
                    )
            elif target is not None and bpmn.element(xml, target) is None:
                raise self._core.bad_request(
                    f"Cannot perform instruction: {ins.kind.value} '{target}'; "
                    f"Element '{target}' does not exist in process '{instance.definition_id}'"
                )
            elif ins.kind is ModificationKind.START_AFTER and target is not None:
                target = bpmn.following(xml, target)
            plan.append((ins, target))
        for ins, target in plan:
            if ins.kind is ModificationKind.CANCEL:
                self._cancel(instance_id, ins)
            elif target is not None:
                self._data.enter(instance, target)
        if not self._data.positions.get(instance_id):
            self._data.remove_instance(instance_id)

    # -- helpers ----------------------------------------------------------------------------------

    def _cancel(self, instance_id: str, ins: Modification) -> None:
        positions = self._data.positions.get(instance_id, [])
        if ins.activity_instance_id:
            gone = [p for p in positions if p.id == ins.activity_instance_id]
        else:
            gone = [p for p in positions if p.activity_id == ins.activity_id]
        self._data.positions[instance_id] = [p for p in positions if p not in gone]
        cancelled = {p.activity_id for p in gone} - {p.activity_id for p in self._data.positions[instance_id]}
        for task in [t for t in self._data.tasks.values() if t.process_instance_id == instance_id]:
            if task.task_definition_key in cancelled:
                self._data.remove_task(task.id)
        for incident in [x for x in self._data.incidents.values() if x.process_instance_id == instance_id]:
            if incident.activity_id in cancelled:
                del self._data.incidents[incident.id]

    def _instance(self, instance_id: str) -> ProcessInstance:
        found = self._data.instances.get(instance_id)
        if found is None:
            raise self._core.missing("Process instance", instance_id)
        return found

    def _variable(self, instance_id: str, name: str) -> Variable:
        self._instance(instance_id)
        variable = self._data.variables.get(instance_id, {}).get(name)
        if variable is None:
            raise self._core.missing("Variable", name)
        return variable

    # -- issue 10: migration: same activity ids map; an instance waiting in an unmapped one is refused

    def _activity_ids(self, definition_id: str) -> set[str]:
        definition = self._data.definitions.get(definition_id)
        if definition is None:
            raise self._core.missing("Process definition", definition_id)
        return bpmn.activity_ids(self._data.content_of(definition))

    @engine_call(Capability.INSTANCE_MIGRATE)
    async def migration_plan(self, source_definition_id: str, target_definition_id: str) -> MigrationPlan:
        common = self._activity_ids(source_definition_id) & self._activity_ids(target_definition_id)
        return MigrationPlan(
            source_definition_id=source_definition_id,
            target_definition_id=target_definition_id,
            instructions=tuple(
                MigrationInstruction(source_activity_ids=(a,), target_activity_ids=(a,)) for a in sorted(common)
            ),
        )

    @engine_call(Capability.INSTANCE_MIGRATE)
    async def validate_migration(self, plan: MigrationPlan) -> tuple[str, ...]:
        source = self._activity_ids(plan.source_definition_id)
        target = self._activity_ids(plan.target_definition_id)
        problems: list[str] = []
        for ins in plan.instructions:
            where = f"{', '.join(ins.source_activity_ids)} → {', '.join(ins.target_activity_ids)}"
            problems += [
                f"{where}: source activity '{a}' does not exist" for a in ins.source_activity_ids if a not in source
            ]
            problems += [
                f"{where}: target activity '{a}' does not exist" for a in ins.target_activity_ids if a not in target
            ]
        return tuple(problems)

    def _migrate(self, plan: MigrationPlan, instance_id: str) -> None:
        mapped = {s for ins in plan.instructions for s in ins.source_activity_ids}
        for position in self._data.positions.get(instance_id, []):
            if position.activity_id not in mapped:
                raise self._core.bad_request(
                    f"Migration plan is not valid for process instance '{instance_id}': "
                    f"There is no migration instruction for this instance's activity '{position.activity_id}'"
                )
        change(self._data.instances, instance_id, definition_id=plan.target_definition_id)

    @engine_call(Capability.INSTANCE_MIGRATE, mutates=True)
    async def migrate(
        self,
        plan: MigrationPlan,
        instance_ids: tuple[str, ...],
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None:
        if await self.validate_migration(plan):
            raise self._core.bad_request("Migration plan is not valid")
        for instance_id in instance_ids:
            self._instance(instance_id)
        for instance_id in instance_ids:
            self._migrate(plan, instance_id)

    @engine_call(Capability.INSTANCE_MIGRATE, mutates=True)
    async def migrate_many(
        self,
        plan: MigrationPlan,
        instance_ids: tuple[str, ...],
        *,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> Batch:
        if not instance_ids:
            raise errors.BadRequest("No process instances to migrate.")

        def apply(instance_id: str) -> None:
            # like the engine's batch: an instance that can not move stays where it is (a failed job)
            try:
                self._migrate(plan, instance_id)
            except errors.EngineError:
                return

        return self._data.run_batch("instance-migration", instance_ids, self._data.instances, apply)

    # -- issue 10: batches: the fake's batches have run when they are made, so all are finished

    def _status(self, batch: Batch) -> BatchStatus:
        failed = self._data.batch_failures.get(batch.id, 0)
        return BatchStatus(
            id=batch.id,
            type=batch.type,
            total_jobs=batch.total_jobs,
            completed_jobs=batch.total_jobs - failed,
            failed_jobs=failed,
            suspended=batch.suspended,
            create_user_id=batch.create_user_id,
            start_time=batch.start_time,
            end_time=batch.start_time,
            finished=failed == 0,
        )

    @engine_call(Capability.BATCH_LIST)
    async def batches(
        self, f: BatchFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[BatchStatus]:
        f = f or BatchFilter()
        rows = [
            s
            for s in (self._status(b) for b in self._data.batches.values())
            if s.finished == f.finished
            and (f.type is None or s.type == f.type)
            and (f.suspended is None or s.suspended == f.suspended)
        ]
        return self._core.page(rows, limit=limit, after=after)

    @engine_call(Capability.BATCH_LIST)
    async def batch(self, batch_id: str) -> BatchStatus:
        batch = self._data.batches.get(batch_id)
        if batch is None:
            raise self._core.missing("Batch", batch_id)
        return self._status(batch)

    @engine_call(Capability.BATCH_LIST, mutates=True)
    async def set_batch_suspended(self, batch_id: str, suspended: bool) -> None:
        if batch_id not in self._data.batches:
            raise self._core.missing("Batch", batch_id)
        change(self._data.batches, batch_id, suspended=suspended)

    @engine_call(Capability.BATCH_LIST, mutates=True)
    async def delete_batch(self, batch_id: str, *, cascade: bool = False) -> None:
        if self._data.batches.pop(batch_id, None) is None:
            raise self._core.missing("Batch", batch_id)
        self._data.batch_failures.pop(batch_id, None)

    @engine_call(Capability.BATCH_LIST)
    async def batch_failed_jobs(self, batch_id: str) -> tuple[Job, ...]:
        if batch_id not in self._data.batches:
            raise self._core.missing("Batch", batch_id)
        failed = self._data.batch_failures.get(batch_id, 0)
        return tuple(
            Job(id=f"{batch_id}-job-{n}", retries=0, exception_message="the target no longer exists")
            for n in range(failed)
        )

    # -- issue 10: restart: the fake keeps no history, so there is nothing finished to restart

    @engine_call(Capability.INSTANCE_RESTART)
    async def historic_instance(self, instance_id: str) -> ProcessInstance:
        raise self._core.missing("Historic process instance", instance_id)

    @engine_call(Capability.INSTANCE_RESTART)
    async def started_since(
        self,
        business_key: str,
        since: datetime,
        *,
        bpmn_process_id: str | None = None,
        definition_id: str | None = None,
    ) -> tuple[ProcessInstance, ...]:
        """The running ones only (the fake keeps no history, nor start times)."""
        return tuple(
            i
            for i in self._data.instances.values()
            if i.business_key == business_key
            and bpmn_process_id in (None, i.bpmn_process_id)
            and definition_id in (None, i.definition_id)
        )

    @engine_call(Capability.INSTANCE_RESTART, mutates=True)
    async def restart(
        self,
        definition_id: str,
        instance_ids: tuple[str, ...],
        instructions: tuple[Modification, ...],
        *,
        initial_variables: bool = False,
        without_business_key: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None:
        raise self._core.bad_request(f"Historic process instance {instance_ids[0] if instance_ids else ''} not found")

    @engine_call(Capability.INSTANCE_RESTART, mutates=True)
    async def restart_many(
        self,
        definition_id: str,
        instance_ids: tuple[str, ...],
        instructions: tuple[Modification, ...],
        *,
        initial_variables: bool = False,
        without_business_key: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> Batch:
        raise self._core.bad_request("The fake keeps no history to restart from")

    # -- issue 10: batch suspend and set-variables, an instance's history --

    @engine_call(Capability.INSTANCE_DELETE_BATCH, mutates=True)
    async def set_suspended_many(self, instance_ids: tuple[str, ...], suspended: bool) -> Batch:
        """A batch that has already run: missing instances are its failed jobs."""
        if not instance_ids:
            raise errors.BadRequest("No process instances to suspend or activate.")

        def apply(instance_id: str) -> None:
            change(self._data.instances, instance_id, suspended=suspended)

        return self._data.run_batch("instance-update-suspension-state", instance_ids, self._data.instances, apply)

    @engine_call(Capability.INSTANCE_DELETE_BATCH, mutates=True)
    async def set_variables_many(self, instance_ids: tuple[str, ...], values: Mapping[str, VariableValue]) -> Batch:
        if not instance_ids:
            raise errors.BadRequest("No process instances to set variables on.")
        return self._data.run_batch(
            "set-variables", instance_ids, self._data.instances, lambda i: self._data.set_variables(i, values)
        )

    @engine_call(Capability.INSTANCE_HISTORY)
    async def history(self, instance_id: str) -> InstanceHistory:
        """The running instances only (the fake keeps no history, nor start times)."""
        i = self._instance(instance_id)
        return InstanceHistory(id=i.id, state="SUSPENDED" if i.suspended else "ACTIVE", root_instance_id=i.id)

    @engine_call(Capability.INSTANCE_RESTART)
    async def historic_variables(self, instance_id: str) -> tuple[Variable, ...]:
        raise self._core.missing("Historic process instance", instance_id)

    # -- issue 10: deleting history: the fake keeps none, so there is nothing ended to delete

    @engine_call(Capability.INSTANCE_HISTORY_DELETE, mutates=True)
    async def delete_history(self, instance_id: str) -> None:
        # what Camunda 7 answers for a running instance too
        raise self._core.missing("Historic process instance", instance_id)

    @engine_call(Capability.INSTANCE_HISTORY_DELETE, mutates=True)
    async def delete_history_many(self, instance_ids: tuple[str, ...]) -> Batch:
        """A batch that has run: with no history kept, every id is one of its failed jobs."""
        if not instance_ids:
            raise errors.BadRequest("No ended process instances to delete from history.")
        return self._data.run_batch("historic-instance-deletion", instance_ids, {}, lambda instance_id: None)
