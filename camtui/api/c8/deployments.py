"""Deployments on Camunda 8: create from files (with a tenant), delete a deployed resource, and the
deployed resources grouped by deployment (issue 13).

Camunda 8 keeps no deployment entity to list, redeploy or delete; each deployed resource stands
alone (a process, decision requirements, a form, a resource), deleted by its key. Its searches do
not say which deployment brought a resource: the audit log does (8.9+), and this client remembers
what it deployed itself."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from camtui.api import errors
from camtui.api.c8 import compat
from camtui.api.c8.wire import Fresh, as_list, as_object, c8_area, listed, parse_date, path_key, search
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
from camtui.api.models.resources import DeployedResource, ResourceDeployment
from camtui.api.paging import DEFAULT_LIMIT, Page

T = TypeVar("T")

# the list of deployments (a new one waits there until its resources are indexed)
AREA = "resource-deployments"
# the key of each kind of resource in a deployment answer and in the audit log
_KEYS = {
    "processDefinitionKey": "process",
    "decisionRequirementsKey": "decision requirements",
    "formKey": "form",
    "resourceKey": "resource",
}

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
    def __init__(
        self, http: HttpSession, fresh: Fresh | None = None, version: compat.VersionSource | None = None
    ) -> None:
        self._http = http
        # what this client deployed: lists of definitions wait until the cluster has indexed them
        self._fresh = fresh
        self._version = version
        # resource key -> what this client deployed (with its deployment key): the cluster's searches
        # do not say which deployment brought a resource
        self._deployed: dict[str, DeployedResource] = {}

    def create_spec(self, new: NewDeployment) -> RequestSpec:
        files = [("resources", (name, content, _content_type(name))) for name, content in new.files]
        data = {"tenantId": new.tenant_id} if new.tenant_id else None
        return RequestSpec("POST", "/deployments", data=data, files=files)

    async def create(self, new: NewDeployment) -> DeploymentResult:
        if not new.files:
            raise errors.BadRequest("A deployment needs at least one file; nothing was sent.")
        answer = as_object(await self._http.send_json(self.create_spec(new)))
        result = result_from(answer, new.name)
        self._remember(answer)
        if self._fresh is not None:
            for d in result.definitions:
                if d.kind is DefinitionKind.PROCESS:
                    self._fresh.add(d.id, "definitions")
            self._fresh.add(result.deployment.id, AREA)
        return result

    def _remember(self, answer: Mapping[str, Any]) -> None:
        deployment = str(answer["deploymentKey"])
        for item in as_list(answer["deployments"]):
            entry = as_object(item)
            for member, kind, key, rid, name in (
                ("processDefinition", "process", "processDefinitionKey", "processDefinitionId", None),
                (
                    "decisionRequirements",
                    "decision requirements",
                    "decisionRequirementsKey",
                    "decisionRequirementsId",
                    "decisionRequirementsName",
                ),
                ("form", "form", "formKey", "formId", None),
                ("resource", "resource", "resourceKey", "resourceId", "resourceName"),
            ):
                found = entry.get(member)
                if not found:
                    continue
                dto = as_object(found)
                if dto.get(key) is None:
                    # an answer without the key (an older gateway) names nothing to remember
                    continue
                resource = DeployedResource(
                    key=str(dto[key]),
                    kind=kind,
                    resource_id=dto.get(rid) if member != "processDefinition" else compat.field(dto, rid),
                    name=dto.get(name) if name else None,
                    resource_name=dto.get("resourceName"),
                    version=dto.get("version") or dto.get("processDefinitionVersion"),
                    tenant_id=dto.get("tenantId"),
                    deployment_key=deployment,
                )
                self._deployed[resource.key] = resource

    # -- issue 13: the deployed resources, grouped by deployment --

    async def by_deployment(self, *, most: int = 2000) -> Page[ResourceDeployment]:
        """Every deployment with its resources: process definitions and decision requirements as the
        cluster lists them, forms where the audit log or this client knows them; at most `most` of
        each kind (the page says when there were more)."""

        async def read() -> Page[ResourceDeployment]:
            return await self._assemble(most)

        return await listed(read, self._fresh, AREA, lambda d: d.id, what="the new deployment")

    async def _assemble(self, most: int) -> Page[ResourceDeployment]:
        processes, drds, audit = await asyncio.gather(
            self._every("/process-definitions/search", _process, most),
            self._every("/decision-requirements/search", _drd, most),
            self._audited(most),
        )
        capped = processes[1] or drds[1] or audit[1]
        found: dict[str, DeployedResource] = {r.key: r for r in (*processes[0], *drds[0])}
        when: dict[str, tuple[datetime | None, str | None]] = {}
        # what the audit log says brought each resource; a form is known only from there (no search)
        for entry in audit[0]:
            deployment = entry.get("deploymentKey")
            for field, kind in _KEYS.items():
                key = entry.get(field)
                if key is None or deployment is None:
                    continue
                key = str(key)
                resource = found.get(key) or DeployedResource(key=key, kind=kind)
                if kind in ("form", "resource") or key in found:
                    found[key] = resource.model_copy(update={"deployment_key": str(deployment)})
                when.setdefault(str(deployment), (parse_date(entry.get("timestamp")), entry.get("actorId")))
        for key, mine in self._deployed.items():
            if key in found:
                found[key] = found[key].model_copy(update={"deployment_key": mine.deployment_key})
            elif mine.kind == "form":
                found[key] = mine
        rows = _grouped(found.values(), when)
        return Page(items=rows, total=len(rows), total_exact=not capped)

    async def _every(
        self, path: str, parse: Callable[[Any], DeployedResource], most: int
    ) -> tuple[tuple[DeployedResource, ...], bool]:
        page = await search(self._http, path, None, parse, limit=most)
        return page.items, page.next is not None

    async def _audited(self, most: int) -> tuple[tuple[Mapping[str, Any], ...], bool]:
        """The audit log's records of deployed resources (8.9+; nothing before)."""
        version = await self._version() if self._version else None
        if not compat.supports(version, "POST", "/audit-logs/search"):
            return (), False
        criteria = {"entityType": "RESOURCE", "operationType": "CREATE"}
        page = await search(self._http, "/audit-logs/search", criteria, lambda dto: dict(as_object(dto)), limit=most)
        return page.items, page.next is not None

    def delete_resource_spec(self, resource_key: str) -> RequestSpec:
        return RequestSpec("POST", f"/resources/{path_key(resource_key, 'resource key')}/deletion")

    async def delete_resource(self, resource_key: str) -> None:
        """Delete one deployed resource (a process definition's key, a decision requirements' key, ...)."""
        await self._http.send(self.delete_resource_spec(resource_key))
        self._deployed.pop(resource_key, None)

    async def deployed_resource(self, resource_key: str) -> dict[str, Any]:
        """A deployed resource other than BPMN, DMN or a form (an RPA script, ...): name, id, version."""
        return dict(as_object(await self._http.get(f"/resources/{path_key(resource_key, 'resource key')}")))

    async def deployed_resource_content(self, resource_key: str) -> dict[str, Any]:
        """Its content, as the JSON the cluster keeps (8.7+; RPA resources)."""
        path = f"/resources/{path_key(resource_key, 'resource key')}/content"
        return dict(as_object(await self._http.get(path)))

    async def content(self, resource: DeployedResource) -> bytes:
        """issue 13 (audit): what was deployed: a process's BPMN, decision requirements' DMN (their
        XML, 8.8+), any other resource's JSON content (8.7+); a form's (8.10) is not read yet."""
        key = path_key(resource.key, "resource key")
        if resource.kind == "process":
            return (await self._http.request("GET", f"/process-definitions/{key}/xml", accept="text/xml")).content
        if resource.kind == "decision requirements":
            return (await self._http.request("GET", f"/decision-requirements/{key}/xml", accept="text/xml")).content
        if resource.kind == "form":
            raise errors.UnsupportedByEngine(
                "camtui reads a form's content from Camunda 8.10 on; not yet.", capability=Capability.RESOURCE_CONTENT
            )
        return json.dumps(await self.deployed_resource_content(resource.key), indent=2).encode()

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


def _process(dto: Mapping[str, Any]) -> DeployedResource:
    return DeployedResource(
        key=str(dto["processDefinitionKey"]),
        kind="process",
        resource_id=compat.field(dto, "processDefinitionId"),
        name=dto.get("name"),
        resource_name=dto.get("resourceName"),
        version=dto.get("version"),
        tenant_id=dto.get("tenantId"),
    )


def _drd(dto: Mapping[str, Any]) -> DeployedResource:
    return DeployedResource(
        key=str(dto["decisionRequirementsKey"]),
        kind="decision requirements",
        resource_id=dto.get("decisionRequirementsId"),
        name=dto.get("decisionRequirementsName"),
        resource_name=dto.get("resourceName"),
        version=dto.get("version"),
        tenant_id=dto.get("tenantId"),
    )


def _grouped(resources: Any, when: Mapping[str, tuple[datetime | None, str | None]]) -> tuple[ResourceDeployment, ...]:
    """One row per deployment key, newest first (keys grow), then each resource whose deployment is
    not known on its own row."""
    groups: dict[str, list[DeployedResource]] = {}
    for r in resources:
        groups.setdefault(r.deployment_key or f"resource/{r.key}", []).append(r)

    def order(row_id: str) -> tuple[int, int]:
        number = row_id.removeprefix("resource/")
        return (row_id.startswith("resource/"), -int(number) if number.isdigit() else 0)

    rows = []
    for row_id in sorted(groups, key=order):
        members = tuple(sorted(groups[row_id], key=lambda r: (r.resource_name or "", r.kind, r.key)))
        deployment = None if row_id.startswith("resource/") else row_id
        deployed, by = when.get(row_id, (None, None))
        rows.append(
            ResourceDeployment(
                id=row_id,
                deployment_key=deployment,
                resources=members,
                tenant_id=members[0].tenant_id,
                deployed=deployed,
                by=by,
            )
        )
    return tuple(rows)
