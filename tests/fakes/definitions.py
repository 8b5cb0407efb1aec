"""Process definitions: list (with statistics), XML, start, suspend."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from camtui.api.capabilities import Capability
from camtui.api.models import (
    DefinitionFilter,
    DefinitionSort,
    ElementStatistics,
    ProcessDefinition,
    ProcessInstance,
    VariableValue,
)
from camtui.api.models.base import SortOrder
from camtui.api.paging import DEFAULT_LIMIT, Page
from tests.fakes import flavours
from tests.fakes.core import Area, engine_call
from tests.fakes.data import FakeData, change
from tests.fakes.paging import like, tenant_matches

# DEPLOY_TIME needs the deployments: see `_sort_field`
SORTS: dict[DefinitionSort, Callable[[ProcessDefinition], object]] = {
    DefinitionSort.BPMN_PROCESS_ID: lambda d: d.bpmn_process_id,
    DefinitionSort.ID: lambda d: d.id,
    DefinitionSort.NAME: lambda d: d.name,
    DefinitionSort.VERSION: lambda d: d.version,
    DefinitionSort.DEPLOYMENT_ID: lambda d: d.deployment_id,
    DefinitionSort.TENANT_ID: lambda d: d.tenant_id,
}


def matches(data: FakeData, f: DefinitionFilter, d: ProcessDefinition) -> bool:
    if f.latest_only:
        latest = data.latest(d.bpmn_process_id, d.tenant_id)
        if latest is None or latest.id != d.id:
            return False
    return (
        (f.bpmn_process_id is None or d.bpmn_process_id == f.bpmn_process_id)
        and (not f.bpmn_process_ids or d.bpmn_process_id in f.bpmn_process_ids)
        and like(f.name_like, d.name)
        and (f.deployment_id is None or d.deployment_id == f.deployment_id)
        and (f.version_tag is None or d.version_tag == f.version_tag)
        and tenant_matches(f.tenant_ids, d.tenant_id, include_without=f.include_without_tenant)
        and not (f.without_tenant and d.tenant_id is not None)
        and (f.suspended is None or d.suspended == f.suspended)
    )


class FakeDefinitions(Area):
    area = "definitions"

    @engine_call(Capability.DEFINITION_LIST)
    async def list(
        self,
        f: DefinitionFilter | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        after: str | None = None,
        with_statistics: bool = False,
    ) -> Page[ProcessDefinition]:
        f = f or DefinitionFilter()
        if with_statistics:
            self._core.require(Capability.DEFINITION_STATISTICS, "definition statistics")
        found = [d for d in self._data.definitions.values() if matches(self._data, f, d)]
        page = self._core.page(
            found, limit=limit, after=after, field=self._sort_field(f), descending=f.sort_order is SortOrder.DESC
        )
        if not with_statistics:
            return page
        return page.model_copy(update={"items": tuple(self._with_statistics(d) for d in page.items)})

    @engine_call(Capability.DEFINITION_LIST)
    async def get(self, definition_id: str) -> ProcessDefinition:
        return self._definition(definition_id)

    @engine_call(Capability.DEFINITION_LIST)
    async def get_latest(self, bpmn_process_id: str, *, tenant_id: str | None = None) -> ProcessDefinition:
        latest = self._data.latest(bpmn_process_id, tenant_id)
        if latest is None:
            raise self._core.missing("Process definition", bpmn_process_id)
        return latest

    @engine_call(Capability.DEFINITION_LIST)
    async def xml(self, definition_id: str) -> str:
        return self._data.content_of(self._definition(definition_id)).decode("utf-8", "replace")

    @engine_call(Capability.DEFINITION_START, mutates=True)
    async def start(
        self,
        *,
        definition_id: str | None = None,
        bpmn_process_id: str | None = None,
        tenant_id: str | None = None,
        business_key: str | None = None,
        variables: Mapping[str, VariableValue] | None = None,
    ) -> ProcessInstance:
        """By id, or by BPMN process id: the latest version (of the tenant, or without one, or the only tenant's)."""
        if definition_id:
            definition = self._definition(definition_id)
        elif bpmn_process_id:
            definition = self._latest_for_start(bpmn_process_id, tenant_id)
        else:
            raise ValueError("start needs a definition id or a BPMN process id")
        if definition.suspended:
            raise flavours.engine_failure(
                self._flavour,
                f"Cannot instantiate process definition {definition.id}: Process definition "
                f"{definition.bpmn_process_id} (id = {definition.id}) is suspended",
            )
        # Camunda 8 has no business key; the fake keeps it anyway, so filters work on both flavours
        return self._data.start(definition, business_key=business_key, variables=variables)

    @engine_call(Capability.DEFINITION_STATISTICS)
    async def element_statistics(self, definition_id: str) -> tuple[ElementStatistics, ...]:
        definition = self._definition(definition_id)
        running: dict[str, int] = {}
        for instance in [i for i in self._data.instances.values() if i.definition_id == definition.id]:
            for p in self._data.positions.get(instance.id, []):
                running[p.activity_id] = running.get(p.activity_id, 0) + 1
        incidents: dict[str, int] = {}
        for x in self._data.incidents.values():
            if x.process_definition_id == definition.id and x.activity_id:
                incidents[x.activity_id] = incidents.get(x.activity_id, 0) + 1
        return tuple(
            ElementStatistics(element_id=a, running=running.get(a, 0), incidents=incidents.get(a, 0))
            for a in sorted(running.keys() | incidents.keys())
        )

    @engine_call(Capability.DEFINITION_SUSPEND, mutates=True)
    async def set_suspended(self, definition_id: str, suspended: bool, *, include_instances: bool = False) -> None:
        self._suspend(self._definition(definition_id), suspended, include_instances)

    @engine_call(Capability.DEFINITION_SUSPEND, mutates=True)
    async def set_suspended_by_key(
        self,
        bpmn_process_id: str,
        suspended: bool,
        *,
        include_instances: bool = False,
        execution_date: datetime | None = None,
    ) -> None:
        """Every version of the process. A later `execution_date` is not scheduled: the fake applies it now."""
        matching = [d for d in self._data.definitions.values() if d.bpmn_process_id == bpmn_process_id]
        if not matching:
            raise self._core.missing("Process definition", bpmn_process_id)
        for definition in matching:
            self._suspend(definition, suspended, include_instances)

    @engine_call(Capability.DEFINITION_DELETE, mutates=True)
    async def delete(
        self,
        definition_id: str,
        *,
        cascade: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None:
        definition = self._definition(definition_id)
        running = [i for i in self._data.instances.values() if i.definition_id == definition.id]
        if running and not cascade:
            raise self._core.refusal(
                "ENGINE-03076 Deletion of process definition without cascading failed. "
                f"Process definition with id: {definition.id} can't be deleted, "
                f"since there are {len(running)} dependent process instances."
            )
        for instance in running:
            self._data.remove_instance(instance.id)
        del self._data.definitions[definition.id]

    def _suspend(self, definition: ProcessDefinition, suspended: bool, include_instances: bool) -> None:
        change(self._data.definitions, definition.id, suspended=suspended)
        if not include_instances:
            return
        for instance in [i for i in self._data.instances.values() if i.definition_id == definition.id]:
            change(self._data.instances, instance.id, suspended=suspended)
            for task in [t for t in self._data.tasks.values() if t.process_instance_id == instance.id]:
                change(self._data.tasks, task.id, suspended=suspended)

    def _definition(self, definition_id: str) -> ProcessDefinition:
        found = self._data.definitions.get(definition_id)
        if found is None:
            raise self._core.missing("Process definition", definition_id)
        return found

    def _latest_for_start(self, bpmn_process_id: str, tenant_id: str | None) -> ProcessDefinition:
        if tenant_id is not None:
            latest = self._data.latest(bpmn_process_id, tenant_id)
        else:
            latest = self._data.latest(bpmn_process_id, None)
            if latest is None:
                tenants = {d.tenant_id for d in self._data.definitions.values() if d.bpmn_process_id == bpmn_process_id}
                if len(tenants) > 1:
                    raise self._core.bad_request(
                        f"Cannot resolve a unique process definition for key '{bpmn_process_id}' because it "
                        "exists for multiple tenants."
                    )
                latest = self._data.latest(bpmn_process_id, tenants.pop()) if tenants else None
        if latest is None:
            raise self._core.missing("Process definition", bpmn_process_id)
        return latest

    def _sort_field(self, f: DefinitionFilter) -> Callable[[ProcessDefinition], object] | None:
        if f.sort_by is DefinitionSort.DEPLOY_TIME:
            deployments = self._data.deployments
            return lambda d: deployments[d.deployment_id].deployment_time if d.deployment_id in deployments else None
        return SORTS[f.sort_by] if f.sort_by else None

    def _with_statistics(self, d: ProcessDefinition) -> ProcessDefinition:
        instances = {i.id for i in self._data.instances.values() if i.definition_id == d.id}
        return d.model_copy(
            update={
                "running_instances": len(instances),
                "incidents": sum(1 for i in self._data.incidents.values() if i.process_definition_id == d.id),
                "failed_jobs": sum(
                    1 for j in self._data.jobs.values() if j.process_instance_id in instances and j.retries == 0
                ),
            }
        )
