"""Camunda 8's deployments (issue 13): the deployed process definitions, decision requirements and
forms grouped by the deployment that brought them (`:deployments` on Camunda 8), `enter` lists a
deployment's resources, `ctrl+d` deletes resources (one, the marked ones, or a deployment's all)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import NotFound
from camtui.api.models import InstanceFilter
from camtui.api.models.resources import DeployedResource, ResourceDeployment, ResourceQuery
from camtui.api.paging import Page
from camtui.api.plan import Plan, Risk
from camtui.api.protocol import Engine, deployed_resources_of
from camtui.kinds.base import Action, Child, Column, Kind, Options, Priority, RunResult, Scope
from camtui.kinds.common import plural, previews, running_instances, targets
from camtui.kinds.format import cell, when


def resource_label(r: DeployedResource) -> str:
    what = r.resource_id or r.name or r.key
    version = f" v{r.version}" if r.version is not None else ""
    return f"{r.kind} {what}{version}"


def deployment_label(d: ResourceDeployment) -> str:
    if d.deployment_key is None:
        return f"{resource_label(d.resources[0])} (deployment not recorded)" if d.resources else d.id
    return f"deployment {d.deployment_key}"


def files(d: ResourceDeployment) -> str:
    names = dict.fromkeys(r.resource_name or r.resource_id or r.key for r in d.resources)
    return ", ".join(names)


def contents(d: ResourceDeployment) -> str:
    counts: dict[str, int] = {}
    for r in d.resources:
        counts[r.kind] = counts.get(r.kind, 0) + 1
    return ", ".join(plural(n, kind, "processes" if kind == "process" else None) for kind, n in counts.items())


# -- deleting resources ---------------------------------------------------------------------------


async def plan_delete(engine: Engine, resources: Sequence[DeployedResource], title: str) -> Plan:
    processes = [r for r in resources if r.kind == "process"]
    running = [await running_instances(engine, InstanceFilter(definition_id=r.key)) for r in processes]
    busy = sum(running)
    warnings: tuple[str, ...] = ()
    if busy:
        warnings = (
            f"{plural(busy, 'running process instance')} of these definitions: the cluster may refuse "
            "(8.10 and newer drain them first).",
        )
    return Plan(
        action="deployed-resources.delete",
        title=title,
        targets=targets(resources, lambda r: r.key, resource_label),
        impact="Each resource is gone from the cluster; a new version is not touched.",
        impact_count=busy,
        warnings=warnings,
        requests=previews(engine, [op.DeleteResource(resource_key=r.key) for r in resources]),
        risk=Risk.DESTROY,
    )


async def delete_one(engine: Engine, r: DeployedResource) -> str:
    await deployed_resources_of(engine).delete_resource(r.key)
    return "deleted"


async def _plan_resources(engine: Engine, items: Sequence[DeployedResource], o: Options) -> Plan:
    return await plan_delete(engine, items, f"Delete {plural(len(items), 'deployed resource')}")


async def _run_resource(engine: Engine, r: DeployedResource, o: Options) -> RunResult:
    return await delete_one(engine, r)


DELETE_RESOURCE = Action[DeployedResource](
    id="deployed-resources.delete",
    key="ctrl+d",
    label="Delete",
    capability=Capability.RESOURCE_DELETE,
    mutates=True,
    risk=Risk.DESTROY,
    scope=Scope.MARKED,
    plan=_plan_resources,
    run=_run_resource,
    description="delete deployed resources (a process definition, decision requirements, a form) by key",
)


async def _plan_deployments(engine: Engine, items: Sequence[ResourceDeployment], o: Options) -> Plan:
    resources = [r for d in items for r in d.resources]
    plan = await plan_delete(
        engine, resources, f"Delete the {plural(len(resources), 'resource')} of {plural(len(items), 'deployment')}"
    )
    return plan.model_copy(update={"action": "resource-deployments.delete"})


async def _run_deployment(engine: Engine, d: ResourceDeployment, o: Options) -> RunResult:
    for r in d.resources:
        await delete_one(engine, r)
    return f"deleted {plural(len(d.resources), 'resource')}"


DELETE_DEPLOYMENT = Action[ResourceDeployment](
    id="resource-deployments.delete",
    key="ctrl+d",
    label="Delete its resources",
    capability=Capability.RESOURCE_DELETE,
    mutates=True,
    risk=Risk.DESTROY,
    scope=Scope.MARKED,
    plan=_plan_deployments,
    run=_run_deployment,
    description="delete every resource a deployment brought",
)


# -- the kinds ------------------------------------------------------------------------------------


async def fetch_deployments(
    engine: Engine, query: ResourceQuery, after: str | None, limit: int
) -> Page[ResourceDeployment]:
    page = await deployed_resources_of(engine).by_deployment()
    if query.deployment is not None:
        return page.model_copy(update={"items": tuple(d for d in page.items if d.id == query.deployment)})
    return page


async def get_deployment(engine: Engine, row_id: str) -> ResourceDeployment:
    page = await fetch_deployments(engine, ResourceQuery(deployment=row_id), None, 1)
    if not page.items:
        raise NotFound(f"The cluster lists no deployment {row_id} (its resources may have been deleted).")
    return page.items[0]


async def describe_deployment(engine: Engine, row_id: str) -> dict[str, Any]:
    return (await get_deployment(engine, row_id)).model_dump(mode="json", exclude={"id"})


def deployment_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--deployment", help="one deployment (its key)")


RESOURCE_DEPLOYMENTS = Kind[ResourceDeployment](
    name="resource-deployments",
    singular="resource-deployment",
    # `:deployments` on Camunda 8 (registry.find prefers what the engine offers)
    aliases=("deployments", "dep", "c8deployments"),
    title="Deployments",
    capability=Capability.DEPLOYMENT_RESOURCES,
    columns=(
        Column("key", "DEPLOYMENT", lambda d: d.deployment_key or "(not recorded)", 18, 10, Priority.ALWAYS),
        Column("files", "RESOURCES", lambda d: cell(files(d)), 40, 12, Priority.ALWAYS, grow=True),
        Column("contents", "CONTENTS", contents, 26, 10, Priority.HIGH),
        Column("tenant", "TENANT", lambda d: cell(d.tenant_id), 12, 6, Priority.LOW),
        Column("deployed", "DEPLOYED", lambda d: when(d.deployed), 28, 26, Priority.NORMAL),
        Column("by", "BY", lambda d: cell(d.by), 12, 4, Priority.LOW),
    ),
    fetch=fetch_deployments,
    new_query=ResourceQuery,
    get=get_deployment,
    describe=describe_deployment,
    label_of=deployment_label,
    actions=(DELETE_DEPLOYMENT,),
    children=(
        Child(
            "Resources",
            "deployed-resources",
            lambda row_id: ResourceQuery(deployment=row_id),
            actions=(DELETE_RESOURCE,),
        ),
    ),
    cli_flags=deployment_flags,
    cli_query=lambda a: ResourceQuery(deployment=a.deployment),
    cli_help="deployments assembled from their resources, grouped by deployment key (Camunda 8)",
    fields=("deployment_key", "tenant_id", "deployed", "by"),
)


async def fetch_resources(
    engine: Engine, query: ResourceQuery, after: str | None, limit: int
) -> Page[DeployedResource]:
    page = await fetch_deployments(engine, query, after, limit)
    items = tuple(r for d in page.items for r in d.resources)
    return Page(items=items, total=len(items), total_exact=page.total_exact)


async def get_resource(engine: Engine, key: str) -> DeployedResource:
    page = await fetch_resources(engine, ResourceQuery(), None, 1)
    for r in page.items:
        if r.key == key:
            return r
    raise NotFound(f"The cluster lists no deployed resource {key}.")


async def describe_resource(engine: Engine, key: str) -> dict[str, Any]:
    return (await get_resource(engine, key)).model_dump(mode="json")


DEPLOYED_RESOURCES = Kind[DeployedResource](
    name="deployed-resources",
    singular="deployed-resource",
    aliases=("resources", "res"),
    title="Deployed resources",
    capability=Capability.DEPLOYMENT_RESOURCES,
    columns=(
        Column("key", "KEY", lambda r: r.key, 18, 10, Priority.ALWAYS, shorten="middle"),
        Column("kind", "KIND", lambda r: r.kind, 12, 5, Priority.ALWAYS),
        Column("id", "ID", lambda r: cell(r.resource_id), 24, 8, Priority.ALWAYS),
        Column("version", "VER", lambda r: cell(r.version), 4, 3, Priority.HIGH),
        Column("file", "FILE", lambda r: cell(r.resource_name), 30, 8, Priority.NORMAL, grow=True),
        Column("deployment", "DEPLOYMENT", lambda r: cell(r.deployment_key), 18, 10, Priority.LOW),
    ),
    fetch=fetch_resources,
    new_query=ResourceQuery,
    get=get_resource,
    describe=describe_resource,
    key_of=lambda r: r.key,
    label_of=resource_label,
    actions=(DELETE_RESOURCE,),
    cli_flags=deployment_flags,
    cli_query=lambda a: ResourceQuery(deployment=a.deployment),
    cli_help="deployed process definitions, decision requirements and forms, with their deployment (Camunda 8)",
    fields=("key", "kind", "resource_id", "version", "resource_name", "deployment_key", "tenant_id"),
)
