"""Deployments and their resources on Camunda 7 engine-rest."""

from __future__ import annotations

from typing import Any

from camtui.api import errors
from camtui.api.c7.wire import (
    as_list,
    as_object,
    c7_area,
    csv,
    format_date,
    offset_page,
    parse_date,
    path_id,
    sort_params,
    true_or_none,
)
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

SORT_NAMES = {"id": "id", "name": "name", "deployment_time": "deploymentTime", "tenant_id": "tenantId"}

# key of DeploymentWithDefinitionsDto -> kind
DEPLOYED_KEYS = {
    "deployedProcessDefinitions": DefinitionKind.PROCESS,
    "deployedDecisionDefinitions": DefinitionKind.DECISION,
    "deployedDecisionRequirementsDefinitions": DefinitionKind.DECISION_REQUIREMENTS,
    "deployedCaseDefinitions": DefinitionKind.CASE,
}


def _deployment(deployment_id: str) -> str:
    return "/deployment/" + path_id(deployment_id, "deployment id")


def deployment_from(dto: dict[str, Any]) -> Deployment:
    return Deployment(
        id=dto["id"],
        name=dto.get("name"),
        source=dto.get("source"),
        tenant_id=dto.get("tenantId"),
        deployment_time=parse_date(dto.get("deploymentTime")),
    )


def resource_from(dto: dict[str, Any]) -> Resource:
    return Resource(id=dto["id"], name=dto.get("name") or dto["id"], deployment_id=dto["deploymentId"])


def result_from(dto: dict[str, Any]) -> DeploymentResult:
    deployed: list[DeployedDefinition] = []
    for key, kind in DEPLOYED_KEYS.items():
        for definition in (dto.get(key) or {}).values():
            deployed.append(
                DeployedDefinition(
                    kind=kind,
                    id=definition["id"],
                    model_id=definition["key"],
                    name=definition.get("name"),
                    version=definition.get("version"),
                    resource=definition.get("resource"),
                    tenant_id=definition.get("tenantId"),
                )
            )
    deployed.sort(key=lambda d: (d.kind.value, d.model_id))
    return DeploymentResult(deployment=deployment_from(dto), definitions=tuple(deployed))


def filter_params(f: DeploymentFilter) -> dict[str, Any]:
    return {
        "id": f.id,
        "name": f.name,
        "nameLike": f.name_like,
        "source": f.source,
        "withoutSource": true_or_none(f.without_source),
        "tenantIdIn": csv(f.tenant_ids),
        "withoutTenantId": true_or_none(f.without_tenant),
        "includeDeploymentsWithoutTenantId": true_or_none(f.include_without_tenant),
        "after": format_date(f.after) if f.after else None,
        "before": format_date(f.before) if f.before else None,
        **sort_params(f.sort_by, f.sort_order, SORT_NAMES),
    }


@c7_area
class C7Deployments:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def list(
        self, f: DeploymentFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Deployment]:
        return await offset_page(
            self._http,
            "/deployment",
            filter_params(f or DeploymentFilter()),
            deployment_from,
            limit=limit,
            after=after,
        )

    async def get(self, deployment_id: str) -> Deployment:
        return deployment_from(await self._http.get(_deployment(deployment_id)))

    def create_spec(self, new: NewDeployment) -> RequestSpec:
        form: dict[str, Any] = {"deployment-name": new.name}
        if new.source is not None:
            form["deployment-source"] = new.source
        if new.tenant_id:
            form["tenant-id"] = new.tenant_id
        if new.enable_duplicate_filtering:
            form["enable-duplicate-filtering"] = "true"
        if new.deploy_changed_only:
            form["deploy-changed-only"] = "true"
        if new.activation_time is not None:
            form["deployment-activation-time"] = format_date(new.activation_time)
        # each file is its own part; the part's filename becomes the resource name
        files = [
            (f"file{i}", (name, content, "application/octet-stream")) for i, (name, content) in enumerate(new.files)
        ]
        url = self._http.connection.deployment_create_url or "/deployment/create"
        return RequestSpec("POST", url, data=form, files=files)

    async def create(self, new: NewDeployment) -> DeploymentResult:
        if not new.files:
            raise errors.BadRequest("A deployment needs at least one file.")
        # a gateway in front of deployment/create that answers something else is a MalformedResponse
        return result_from(as_object(await self._http.send_json(self.create_spec(new))))

    def redeploy_spec(
        self, deployment_id: str, *, resource_ids: tuple[str, ...] = (), source: str | None = None
    ) -> RequestSpec:
        payload: dict[str, Any] = {}
        if resource_ids:
            payload["resourceIds"] = list(resource_ids)
        if source is not None:
            payload["source"] = source
        return RequestSpec("POST", f"{_deployment(deployment_id)}/redeploy", json_body=payload)

    async def redeploy(
        self, deployment_id: str, *, resource_ids: tuple[str, ...] = (), source: str | None = None
    ) -> DeploymentResult:
        spec = self.redeploy_spec(deployment_id, resource_ids=resource_ids, source=source)
        return result_from(await self._http.send_json(spec))

    def delete_spec(
        self,
        deployment_id: str,
        *,
        cascade: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> RequestSpec:
        return RequestSpec(
            "DELETE",
            _deployment(deployment_id),
            params={
                "cascade": cascade,
                "skipCustomListeners": skip_custom_listeners,
                "skipIoMappings": skip_io_mappings,
            },
        )

    async def delete(
        self,
        deployment_id: str,
        *,
        cascade: bool = False,
        skip_custom_listeners: bool = False,
        skip_io_mappings: bool = False,
    ) -> None:
        await self._http.send(
            self.delete_spec(
                deployment_id,
                cascade=cascade,
                skip_custom_listeners=skip_custom_listeners,
                skip_io_mappings=skip_io_mappings,
            )
        )

    async def resources(self, deployment_id: str) -> tuple[Resource, ...]:
        rows = await self._http.get(f"{_deployment(deployment_id)}/resources")
        return tuple(resource_from(row) for row in as_list(rows))

    async def resource(self, deployment_id: str, resource_id: str) -> Resource:
        body = await self._http.get(f"{_deployment(deployment_id)}/resources/{path_id(resource_id, 'resource id')}")
        return resource_from(body)

    async def resource_content(self, deployment_id: str, resource_id: str) -> bytes:
        response = await self._http.request(
            "GET", f"{_deployment(deployment_id)}/resources/{path_id(resource_id, 'resource id')}/data", accept="*/*"
        )
        return response.content
