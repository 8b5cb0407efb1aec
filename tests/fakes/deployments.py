"""Deployments and their resources (Camunda 8 only creates them: it has no deployment entity)."""

from __future__ import annotations

from collections.abc import Callable

from camtui.api import errors
from camtui.api.capabilities import Capability
from camtui.api.models import Deployment, DeploymentFilter, DeploymentResult, DeploymentSort, NewDeployment, Resource
from camtui.api.models.base import SortOrder
from camtui.api.paging import DEFAULT_LIMIT, Page
from tests.fakes import flavours
from tests.fakes.core import Area, engine_call
from tests.fakes.data import StoredResource, bpmn_process_id_of
from tests.fakes.paging import like, tenant_matches

SORTS: dict[DeploymentSort, Callable[[Deployment], object]] = {
    DeploymentSort.ID: lambda d: d.id,
    DeploymentSort.NAME: lambda d: d.name,
    DeploymentSort.DEPLOYMENT_TIME: lambda d: d.deployment_time,
    DeploymentSort.TENANT_ID: lambda d: d.tenant_id,
}


def matches(f: DeploymentFilter, d: Deployment) -> bool:
    return (
        (f.id is None or d.id == f.id)
        and (f.name is None or d.name == f.name)
        and like(f.name_like, d.name)
        and (f.source is None or d.source == f.source)
        and not (f.without_source and d.source is not None)
        and tenant_matches(f.tenant_ids, d.tenant_id, include_without=f.include_without_tenant)
        and not (f.without_tenant and d.tenant_id is not None)
        and (f.after is None or (d.deployment_time is not None and d.deployment_time > f.after))
        and (f.before is None or (d.deployment_time is not None and d.deployment_time < f.before))
    )


class FakeDeployments(Area):
    area = "deployments"

    @engine_call(Capability.DEPLOYMENT_LIST)
    async def list(
        self, f: DeploymentFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Deployment]:
        f = f or DeploymentFilter()
        found = [d for d in self._data.deployments.values() if matches(f, d)]
        field = SORTS[f.sort_by] if f.sort_by else None
        return self._core.page(found, limit=limit, after=after, field=field, descending=f.sort_order is SortOrder.DESC)

    @engine_call(Capability.DEPLOYMENT_LIST)
    async def get(self, deployment_id: str) -> Deployment:
        return self._deployment(deployment_id)

    @engine_call(Capability.DEPLOYMENT_CREATE, mutates=True)
    async def create(self, new: NewDeployment) -> DeploymentResult:
        if not new.files:
            raise errors.BadRequest("A deployment needs at least one file.")
        for name, content in new.files:
            # the engines parse every process they are given; the fake only checks it is XML at all
            if bpmn_process_id_of(name) is not None and not content.lstrip().startswith(b"<"):
                raise flavours.parse_failure(self._flavour, name, "Content is not allowed in prolog.")
        return self._data.deploy(
            new.name,
            new.files,
            tenant_id=new.tenant_id,
            source=new.source,
            duplicate_filtering=new.enable_duplicate_filtering,
            changed_only=new.deploy_changed_only,
        )

    @engine_call(Capability.DEPLOYMENT_REDEPLOY, mutates=True)
    async def redeploy(
        self, deployment_id: str, *, resource_ids: tuple[str, ...] = (), source: str | None = None
    ) -> DeploymentResult:
        """A new deployment of the same name with the same resources (or those named): new versions."""
        original = self._deployment(deployment_id)
        stored = self._data.resources.get(deployment_id, [])
        unknown = set(resource_ids) - {r.resource.id for r in stored}
        if unknown:
            raise self._core.bad_request(
                f"The deployment with id '{deployment_id}' does not contain the following resources: "
                + ", ".join(sorted(unknown))
            )
        chosen = [r for r in stored if not resource_ids or r.resource.id in resource_ids]
        return self._data.deploy(
            original.name or "",
            [(r.resource.name, r.content) for r in chosen],
            tenant_id=original.tenant_id,
            source=source if source is not None else original.source,
        )

    @engine_call(Capability.DEPLOYMENT_DELETE, mutates=True)
    async def delete(
        self,
        deployment_id: str,
        *,
        cascade: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None:
        self._deployment(deployment_id)
        running = self._data.instances_of_deployment(deployment_id)
        if running and not cascade:
            # the engine names the first definition that has instances, and how many it has
            first = running[0].definition_id or ""
            dependent = sum(1 for i in running if i.definition_id == first)
            raise self._core.refusal(
                "ENGINE-03076 Deletion of process definition without cascading failed. "
                f"Process definition with id: {first} can't be deleted, "
                f"since there exists {dependent} dependening process instances."
            )
        self._data.remove_deployment(deployment_id)

    # deployment-scoped resources are Camunda 7's: the protocol gates all three with RESOURCE_CONTENT
    @engine_call(Capability.RESOURCE_CONTENT)
    async def resources(self, deployment_id: str) -> tuple[Resource, ...]:
        self._deployment(deployment_id)
        return tuple(r.resource for r in self._data.resources.get(deployment_id, []))

    @engine_call(Capability.RESOURCE_CONTENT)
    async def resource(self, deployment_id: str, resource_id: str) -> Resource:
        return self._stored(deployment_id, resource_id).resource

    @engine_call(Capability.RESOURCE_CONTENT)
    async def resource_content(self, deployment_id: str, resource_id: str) -> bytes:
        return self._stored(deployment_id, resource_id).content

    def _deployment(self, deployment_id: str) -> Deployment:
        found = self._data.deployments.get(deployment_id)
        if found is None:
            raise self._core.missing("Deployment", deployment_id)
        return found

    def _stored(self, deployment_id: str, resource_id: str) -> StoredResource:
        self._deployment(deployment_id)
        for stored in self._data.resources.get(deployment_id, []):
            if stored.resource.id == resource_id:
                return stored
        raise self._core.missing("Resource", resource_id)
