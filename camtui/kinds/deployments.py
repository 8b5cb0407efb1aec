"""Deployments: list, describe, deploy, delete (with cascade), redeploy."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from camtui.api.capabilities import Capability
from camtui.api.models import (
    DefinitionFilter,
    Deployment,
    DeploymentFilter,
    DeploymentSort,
    NewDeployment,
    Resource,
    SortOrder,
)
from camtui.api.paging import Page
from camtui.api.plan import Plan, Risk, Target
from camtui.api.protocol import Engine
from camtui.kinds.base import Action, Column, Kind, Option, Options, Priority, RunResult, Scope
from camtui.kinds.common import (
    cascade_impact,
    counted_targets,
    flag,
    gone,
    plural,
    previews,
    running_instances,
    targets,
)
from camtui.kinds.format import cell, when

if TYPE_CHECKING:
    # the operations are built when a change is planned, not for a list (issue 15)
    from camtui.api import operations as op


def label(d: Deployment) -> str:
    return d.name or d.id


async def fetch(engine: Engine, query: DeploymentFilter, after: str | None, limit: int) -> Page[Deployment]:
    return await engine.deployments.list(query, limit=limit, after=after)


def sorted_query(query: DeploymentFilter, field: str | None, descending: bool) -> DeploymentFilter:
    if field is None:
        # newest first until the user picks a sort
        return query.model_copy(update={"sort_by": DeploymentSort.DEPLOYMENT_TIME, "sort_order": SortOrder.DESC})
    order = SortOrder.DESC if descending else SortOrder.ASC
    return query.model_copy(update={"sort_by": DeploymentSort(field), "sort_order": order})


async def describe(engine: Engine, deployment_id: str) -> dict[str, Any]:
    async def resources_of() -> tuple[Resource, ...]:
        # deployment-scoped resources are Camunda 7's
        if Capability.RESOURCE_CONTENT not in engine.capabilities:
            return ()
        return await engine.deployments.resources(deployment_id)

    import asyncio  # here, not for a list (issue 15)

    d, resources, defs = await asyncio.gather(
        engine.deployments.get(deployment_id),
        resources_of(),
        engine.definitions.list(DefinitionFilter(deployment_id=deployment_id), limit=500),
    )
    return d.model_dump(mode="json") | {
        "resources": [r.model_dump(mode="json") | {"kind": r.kind} for r in resources],
        "definitions": [x.model_dump(mode="json") for x in defs.items],
    }


# -- delete ---------------------------------------------------------------------------------------


def _delete_op(d: Deployment, o: Options) -> op.DeleteDeployment:
    from camtui.api import operations as op

    return op.DeleteDeployment(
        deployment_id=d.id,
        cascade=flag(o, "cascade"),
        skip_custom_listeners=flag(o, "skip_custom_listeners"),
        skip_io_mappings=flag(o, "skip_io_mappings"),
    )


async def plan_delete(engine: Engine, items: Sequence[Deployment], o: Options) -> Plan:
    import asyncio

    from camtui.api.models import InstanceFilter  # the instance models: built for a delete only

    counts = await asyncio.gather(*(running_instances(engine, InstanceFilter(deployment_id=d.id)) for d in items))
    impact, warnings, taken = cascade_impact(counts, flag(o, "cascade"))
    return Plan(
        action="deployments.delete",
        title=f"Delete {plural(len(items), 'deployment')}",
        targets=counted_targets(items, counts, lambda d: d.id, label),
        impact=impact,
        impact_count=taken,
        requests=previews(engine, [_delete_op(d, o) for d in items]),
        risk=Risk.DESTROY,
        warnings=warnings,
    )


async def run_delete(engine: Engine, d: Deployment, o: Options) -> str:
    x = _delete_op(d, o)
    await engine.deployments.delete(
        x.deployment_id,
        cascade=x.cascade,
        skip_custom_listeners=x.skip_custom_listeners,
        skip_io_mappings=x.skip_io_mappings,
    )
    return "deleted"


async def verify_delete(engine: Engine, d: Deployment, o: Options, since: datetime) -> bool | None:
    return await gone(lambda: engine.deployments.get(d.id))


async def verify_deploy(engine: Engine, item: None, o: Options, since: datetime) -> Deployment | bool | None:
    """A deployment of that name made since the request left (the clock may differ by a minute):
    found, it is the result, as the engine's answer would have been."""
    if Capability.DEPLOYMENT_LIST not in engine.capabilities:
        return None
    new = new_deployment(o)
    page = await engine.deployments.list(DeploymentFilter(name=new.name, after=since - timedelta(minutes=1)), limit=1)
    return page.items[0] if page.items else False


DELETE = Action[Deployment](
    id="deployments.delete",
    key="ctrl+d",
    label="Delete",
    capability=Capability.DEPLOYMENT_DELETE,
    mutates=True,
    risk=Risk.DESTROY,
    scope=Scope.MARKED,
    plan=plan_delete,
    run=run_delete,
    verify=verify_delete,
    options=(
        Option("cascade", "Cascade: also delete running instances and history", False),
        Option("skip_custom_listeners", "Skip custom listeners", False),
        Option("skip_io_mappings", "Skip input/output mappings", False),
    ),
    description="delete deployments (marked, or the one under the cursor)",
)


# -- redeploy -------------------------------------------------------------------------------------


async def plan_redeploy(engine: Engine, items: Sequence[Deployment], o: Options) -> Plan:
    from camtui.api import operations as op

    return Plan(
        action="deployments.redeploy",
        title=f"Redeploy {plural(len(items), 'deployment')}",
        targets=targets(items, lambda d: d.id, label),
        impact="Deploys the same resources again as a new deployment; new definition versions where they changed.",
        requests=previews(engine, [op.Redeploy(deployment_id=d.id) for d in items]),
        risk=Risk.CHANGE,
    )


async def run_redeploy(engine: Engine, d: Deployment, o: Options) -> RunResult:
    result = await engine.deployments.redeploy(d.id)
    versions = ", ".join(f"{x.model_id} v{x.version}" for x in result.definitions) or "no new definitions"
    return f"as {result.deployment.id}: {versions}", result


REDEPLOY = Action[Deployment](
    id="deployments.redeploy",
    key="R",
    label="Redeploy",
    capability=Capability.DEPLOYMENT_REDEPLOY,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.CURSOR,
    plan=plan_redeploy,
    run=run_redeploy,
    description="deploy a deployment's resources again",
)


# -- deploy (makes something new: no target row) --------------------------------------------------


def new_deployment(o: Options) -> NewDeployment:
    new = o.get("new")
    if not isinstance(new, NewDeployment):
        raise ValueError("deploy needs the new deployment")
    return new


async def plan_deploy(engine: Engine, items: Sequence[None], o: Options) -> Plan:
    from camtui.api import operations as op

    new = new_deployment(o)
    names = ", ".join(name for name, _ in new.files)
    return Plan(
        action="deployments.deploy",
        title=f"Deploy {plural(len(new.files), 'file')} as {new.name!r}",
        targets=(Target(id=new.name, label=f"{new.name}: {names}"),),
        impact=f"Tenant {new.tenant_id}." if new.tenant_id else "",
        requests=previews(engine, [op.CreateDeployment(new=new)]),
        risk=Risk.CHANGE,
    )


async def run_deploy(engine: Engine, item: None, o: Options) -> RunResult:
    result = await engine.deployments.create(new_deployment(o))
    versions = ", ".join(f"{x.model_id} v{x.version}" for x in result.definitions) or "no new definitions"
    return f"deployment {result.deployment.id}: {versions}", result


DEPLOY = Action[None](
    id="deployments.deploy",
    key="n",
    label="Deploy",
    capability=Capability.DEPLOYMENT_CREATE,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.NONE,
    plan=plan_deploy,
    run=run_deploy,
    verify=verify_deploy,
    description="deploy BPMN, DMN, forms and other files",
)


# -- the CLI --------------------------------------------------------------------------------------


def cli_flags(p: argparse.ArgumentParser) -> None:
    from camtui.kinds.cli import iso_time

    p.add_argument("--id")
    p.add_argument("--name")
    p.add_argument("--name-like", help="SQL LIKE, %% matches anything")
    p.add_argument("--source")
    p.add_argument("--without-source", action="store_true")
    p.add_argument("--tenant", action="append", help="tenant id (repeat for several)")
    p.add_argument("--without-tenant", action="store_true")
    p.add_argument("--include-without-tenant", action="store_true")
    p.add_argument("--after", type=iso_time, help="deployed after (ISO 8601, any offset)")
    p.add_argument("--before", type=iso_time, help="deployed before")
    p.add_argument("--sort-by", choices=("id", "name", "deployment-time", "tenant-id"))
    order = p.add_mutually_exclusive_group()
    order.add_argument("--asc", action="store_true")
    order.add_argument("--desc", action="store_true")


def cli_query(a: argparse.Namespace) -> DeploymentFilter:
    return DeploymentFilter(
        id=a.id,
        name=a.name,
        name_like=a.name_like,
        source=a.source,
        without_source=a.without_source,
        tenant_ids=tuple(a.tenant or ()),
        without_tenant=a.without_tenant,
        include_without_tenant=a.include_without_tenant,
        after=a.after,
        before=a.before,
        sort_by=DeploymentSort(a.sort_by.replace("-", "_")) if a.sort_by else None,
        sort_order=SortOrder.DESC if a.desc else SortOrder.ASC,
    )


DEPLOYMENTS = Kind[Deployment](
    name="deployments",
    singular="deployment",
    aliases=("dep", "deployments", "res", "resources"),
    title="Deployments and resources",
    capability=Capability.DEPLOYMENT_LIST,
    columns=(
        Column("name", "NAME", lambda d: cell(d.name), 28, 12, Priority.ALWAYS, grow=True),
        Column("id", "ID", lambda d: d.id, 36, 13, Priority.HIGH, shorten="middle"),
        Column("source", "SOURCE", lambda d: cell(d.source), 16, 8, Priority.LOW),
        Column("tenant", "TENANT", lambda d: cell(d.tenant_id), 10, 6, Priority.NORMAL),
        Column("time", "DEPLOYED", lambda d: when(d.deployment_time), 28, 26, Priority.HIGH),
        # filled in late by the screen: one request per deployment, for the rows on screen only
        Column("resources", "RES", lambda d: "", 4, 3, Priority.LOW),
    ),
    fetch=fetch,
    new_query=DeploymentFilter,
    get=lambda engine, i: engine.deployments.get(i),
    describe=describe,
    label_of=label,
    actions=(DELETE, REDEPLOY),
    sorts=tuple(
        s.value
        for s in (DeploymentSort.NAME, DeploymentSort.DEPLOYMENT_TIME, DeploymentSort.ID, DeploymentSort.TENANT_ID)
    ),
    sorted_query=sorted_query,
    cli_flags=cli_flags,
    cli_query=cli_query,
    cli_help="deployments, with every filter the engine offers",
    fields=("id", "name", "source", "tenant_id", "deployment_time"),
    create=DEPLOY,
    screen="camtui.ui.screens.deployments:DeploymentsScreen",
)
