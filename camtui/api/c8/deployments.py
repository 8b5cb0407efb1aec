"""Deployments on Camunda 8: create from files (with a tenant), and delete a deployed resource.

Camunda 8 keeps no deployment entity to list, redeploy or delete; each deployed resource stands
alone (a process, decision requirements, a form, a resource), deleted by its key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api import errors
from camtui.api.c8 import compat
from camtui.api.c8.wire import Fresh, as_list, as_object, c8_area, path_key
from camtui.api.capabilities import Capability
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import (
    DefinitionKind,
    DeployedDefinition,
    Deployment,
    DeploymentFilter,
    DeploymentResult,
    NewDeployment,
    Resource,
)
from camtui.api.paging import DEFAULT_LIMIT, Page

_GUESS = "application/octet-stream"


def _content_type(name: str) -> str:
    lowered = name.lower()
    if lowered.endswith((".bpmn", ".dmn", ".xml")):
        return "application/xml"
    if lowered.endswith((".form", ".json", ".rpa")):
        return "application/json"
    return _GUESS


def _deployed(item: Mapping[str, Any]) -> DeployedDefinition | None:
    """One entry of `deployments`: exactly one of its members is set (older gateways omit the rest)."""
    if p := item.get("processDefinition"):
        return DeployedDefinition(
            kind=DefinitionKind.PROCESS,
            id=str(p["processDefinitionKey"]),
            model_id=compat.field(p, "processDefinitionId"),
            version=p.get("processDefinitionVersion"),
            resource=p.get("resourceName"),
            tenant_id=p.get("tenantId"),
        )
    if d := item.get("decisionDefinition"):
        return DeployedDefinition(
            kind=DefinitionKind.DECISION,
            id=str(d["decisionDefinitionKey"]),
            model_id=d["decisionDefinitionId"],
            name=d.get("name"),
            version=d.get("version"),
            tenant_id=d.get("tenantId"),
        )
    if r := item.get("decisionRequirements"):
        return DeployedDefinition(
            kind=DefinitionKind.DECISION_REQUIREMENTS,
            id=str(r["decisionRequirementsKey"]),
            model_id=r["decisionRequirementsId"],
            name=r.get("decisionRequirementsName"),
            version=r.get("version"),
            resource=r.get("resourceName"),
            tenant_id=r.get("tenantId"),
        )
    return None


def result_from(dto: Mapping[str, Any], name: str) -> DeploymentResult:
    definitions = tuple(d for d in (_deployed(as_object(i)) for i in as_list(dto["deployments"])) if d is not None)
    return DeploymentResult(
        deployment=Deployment(id=str(dto["deploymentKey"]), name=name, tenant_id=dto.get("tenantId")),
        definitions=definitions,
    )


def _gated(capability: Capability) -> errors.UnsupportedByEngine:
    return errors.UnsupportedByEngine(
        "Camunda 8 keeps no deployments to list, redeploy or delete: each deployed resource stands alone.",
        capability=capability,
    )


@c8_area
class C8Deployments:
    def __init__(self, http: HttpSession, fresh: Fresh | None = None) -> None:
        self._http = http
        # what this client deployed: lists of definitions wait until the cluster has indexed them
        self._fresh = fresh

    def create_spec(self, new: NewDeployment) -> RequestSpec:
        files = [("resources", (name, content, _content_type(name))) for name, content in new.files]
        data = {"tenantId": new.tenant_id} if new.tenant_id else None
        return RequestSpec("POST", "/deployments", data=data, files=files)

    async def create(self, new: NewDeployment) -> DeploymentResult:
        if not new.files:
            raise errors.BadRequest("A deployment needs at least one file; nothing was sent.")
        result = result_from(as_object(await self._http.send_json(self.create_spec(new))), new.name)
        if self._fresh is not None:
            for d in result.definitions:
                if d.kind is DefinitionKind.PROCESS:
                    self._fresh.add(d.id, "definitions")
        return result

    def delete_resource_spec(self, resource_key: str) -> RequestSpec:
        return RequestSpec("POST", f"/resources/{path_key(resource_key, 'resource key')}/deletion")

    async def delete_resource(self, resource_key: str) -> None:
        """Delete one deployed resource (a process definition's key, a decision requirements' key, ...)."""
        await self._http.send(self.delete_resource_spec(resource_key))

    async def deployed_resource(self, resource_key: str) -> dict[str, Any]:
        """A deployed resource other than BPMN, DMN or a form (an RPA script, ...): name, id, version."""
        return dict(as_object(await self._http.get(f"/resources/{path_key(resource_key, 'resource key')}")))

    async def deployed_resource_content(self, resource_key: str) -> dict[str, Any]:
        """Its content, as the JSON the cluster keeps (8.7+; RPA resources)."""
        path = f"/resources/{path_key(resource_key, 'resource key')}/content"
        return dict(as_object(await self._http.get(path)))

    # -- Camunda 7 only (capability-gated) --

    async def list(
        self, f: DeploymentFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Deployment]:
        raise _gated(Capability.DEPLOYMENT_LIST)

    async def get(self, deployment_id: str) -> Deployment:
        raise _gated(Capability.DEPLOYMENT_LIST)

    async def redeploy(
        self, deployment_id: str, *, resource_ids: tuple[str, ...] = (), source: str | None = None
    ) -> DeploymentResult:
        raise _gated(Capability.DEPLOYMENT_REDEPLOY)

    async def delete(
        self,
        deployment_id: str,
        *,
        cascade: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None:
        raise _gated(Capability.DEPLOYMENT_DELETE)

    async def resources(self, deployment_id: str) -> tuple[Resource, ...]:
        raise _gated(Capability.RESOURCE_CONTENT)

    async def resource(self, deployment_id: str, resource_id: str) -> Resource:
        raise _gated(Capability.RESOURCE_CONTENT)

    async def resource_content(self, deployment_id: str, resource_id: str) -> bytes:
        raise _gated(Capability.RESOURCE_CONTENT)
