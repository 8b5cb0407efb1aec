"""`camtui get KIND [filters]`: lists from the engine, as a table or JSON/YAML/CSV."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from camtui.api.models import (
    AuthorizationFilter,
    AuthorizationType,
    DefinitionFilter,
    DeploymentFilter,
    DeploymentSort,
    GroupFilter,
    IncidentFilter,
    InstanceFilter,
    Operator,
    SortOrder,
    TaskFilter,
    TenantFilter,
    UserFilter,
    VariableCondition,
)
from camtui.api.paging import Page
from camtui.api.protocol import Engine
from camtui.commands.args import add_output, add_paging, iso_time
from camtui.commands.common import OK, USAGE_ERROR, CommandError, run_with_engine
from camtui.commands.output import emit

Fetch = Callable[[Engine, argparse.Namespace, str | None, int], Awaitable[Page[Any]]]


@dataclass(frozen=True)
class Kind:
    fetch: Fetch
    columns: tuple[str, ...]
    help: str


def _deployments(a: argparse.Namespace) -> DeploymentFilter:
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


def _var_condition(text: str) -> VariableCondition:
    """`name_op_value` as Cockpit and the REST API spell it, e.g. `amount_gt_100`."""
    for op in Operator:
        marker = f"_{op.value}_"
        if marker in text:
            name, value = text.split(marker, 1)
            parsed: Any = value
            for cast in (int, float):
                try:
                    parsed = cast(value)
                    break
                except ValueError:
                    continue
            return VariableCondition(name=name, operator=op, value=parsed)
    raise argparse.ArgumentTypeError(
        f"{text!r}: use name_op_value with op one of {', '.join(o.value for o in Operator)}"
    )


KINDS: dict[str, Kind] = {
    "deployments": Kind(
        lambda e, a, n, lim: e.deployments.list(_deployments(a), limit=lim, after=n),
        ("id", "name", "source", "tenant_id", "deployment_time"),
        "deployments, with every filter the engine offers",
    ),
    "definitions": Kind(
        lambda e, a, n, lim: e.definitions.list(
            DefinitionFilter(
                key=a.key,
                name_like=a.name_like,
                latest_only=a.latest,
                tenant_ids=tuple(a.tenant or ()),
                deployment_id=a.deployment_id,
                suspended=True if a.suspended else (False if a.active else None),
            ),
            limit=lim,
            after=n,
            with_statistics=True,
        ),
        ("key", "version", "name", "running_instances", "incidents", "suspended", "tenant_id", "id"),
        "process definitions with running instances and incidents",
    ),
    "instances": Kind(
        lambda e, a, n, lim: e.instances.list(
            InstanceFilter(
                definition_key=a.key,
                business_key=a.business_key,
                business_key_like=a.business_key_like,
                active=a.active,
                suspended=a.suspended,
                with_incident=a.with_incident,
                tenant_ids=tuple(a.tenant or ()),
                variables=tuple(a.var or ()),
            ),
            limit=lim,
            after=n,
        ),
        ("id", "definition_key", "business_key", "suspended", "tenant_id"),
        "process instances",
    ),
    "incidents": Kind(
        lambda e, a, n, lim: e.incidents.list(
            IncidentFilter(
                type=a.type,
                process_instance_id=a.instance,
                process_definition_keys=tuple([a.key] if a.key else ()),
                activity_id=a.activity,
                message_like=a.message_like,
            ),
            limit=lim,
            after=n,
        ),
        ("id", "type", "activity_id", "message", "timestamp", "process_instance_id"),
        "incidents",
    ),
    "tasks": Kind(
        lambda e, a, n, lim: e.tasks.list(
            TaskFilter(
                assignee=a.assignee,
                candidate_user=a.candidate_user,
                candidate_group=a.candidate_group,
                unassigned=a.unassigned,
                process_instance_id=a.instance,
                process_definition_key=a.key,
                name_like=a.name_like,
                due_before=a.due_before,
                due_after=a.due_after,
            ),
            limit=lim,
            after=n,
        ),
        ("id", "name", "assignee", "created", "due", "process_instance_id"),
        "user tasks",
    ),
    "users": Kind(
        lambda e, a, n, lim: e.identity.users(
            UserFilter(id=a.id, member_of_group=a.group, member_of_tenant=a.tenant_member), limit=lim, after=n
        ),
        ("id", "first_name", "last_name", "email"),
        "users",
    ),
    "groups": Kind(
        lambda e, a, n, lim: e.identity.groups(
            GroupFilter(id=a.id, member=a.member, member_of_tenant=a.tenant_member), limit=lim, after=n
        ),
        ("id", "name", "type"),
        "groups",
    ),
    "tenants": Kind(
        lambda e, a, n, lim: e.identity.tenants(
            TenantFilter(id=a.id, user_member=a.user, group_member=a.group), limit=lim, after=n
        ),
        ("id", "name"),
        "tenants",
    ),
    "authorizations": Kind(
        lambda e, a, n, lim: e.identity.authorizations(
            AuthorizationFilter(
                type=AuthorizationType(a.type) if a.type else None,
                user_ids=tuple([a.user] if a.user else ()),
                group_ids=tuple([a.group] if a.group else ()),
                resource_type=a.resource_type,
                resource_id=a.resource_id,
            ),
            limit=lim,
            after=n,
        ),
        ("id", "type", "user_id", "group_id", "resource_type", "resource_id", "permissions"),
        "authorizations (resource types and permissions by name)",
    ),
}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    get = sub.add_parser("get", help="list deployments, definitions, instances, incidents, tasks, identity")
    kinds = get.add_subparsers(dest="kind", required=True, metavar="KIND")
    for name, kind in KINDS.items():
        p = kinds.add_parser(name, help=kind.help)
        add_output(p)
        add_paging(p)
        FLAGS[name](p)
        p.set_defaults(handler=run_list)
    res = kinds.add_parser("resources", help="the resources of a deployment")
    res.add_argument("deployment_id")
    add_output(res)
    res.set_defaults(handler=run_resources)
    one = kinds.add_parser("resource", help="a resource's bytes, unchanged, to stdout or --out FILE")
    one.add_argument("deployment_id")
    one.add_argument("resource_id", help="resource id or name")
    one.add_argument("--out", type=Path)
    one.set_defaults(handler=run_resource)


def _deployment_flags(p: argparse.ArgumentParser) -> None:
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


def _definition_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--key")
    p.add_argument("--name-like")
    p.add_argument("--latest", action="store_true", help="only the latest version of each key")
    p.add_argument("--tenant", action="append")
    p.add_argument("--deployment-id")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--suspended", action="store_true")
    state.add_argument("--active", action="store_true")


def _instance_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--key", help="process definition key")
    p.add_argument("--business-key")
    p.add_argument("--business-key-like")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--active", action="store_true")
    state.add_argument("--suspended", action="store_true")
    p.add_argument("--with-incident", action="store_true")
    p.add_argument("--tenant", action="append")
    p.add_argument("--var", action="append", type=_var_condition, help="name_op_value, e.g. amount_gt_100")


def _incident_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--type", help="failedJob, failedExternalTask, ...")
    p.add_argument("--instance", help="process instance id")
    p.add_argument("--key", help="process definition key")
    p.add_argument("--activity")
    p.add_argument("--message-like")


def _task_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--assignee")
    p.add_argument("--candidate-user")
    p.add_argument("--candidate-group")
    p.add_argument("--unassigned", action="store_true")
    p.add_argument("--instance")
    p.add_argument("--key", help="process definition key")
    p.add_argument("--name-like")
    p.add_argument("--due-before", type=iso_time)
    p.add_argument("--due-after", type=iso_time)


def _user_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--id")
    p.add_argument("--group", help="member of this group")
    p.add_argument("--tenant-member", help="member of this tenant")


def _group_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--id")
    p.add_argument("--member", help="groups of this user")
    p.add_argument("--tenant-member", help="member of this tenant")


def _tenant_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--id")
    p.add_argument("--user", help="tenants of this user")
    p.add_argument("--group", help="tenants of this group")


def _authorization_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--type", choices=[t.value for t in AuthorizationType])
    p.add_argument("--user")
    p.add_argument("--group")
    p.add_argument("--resource-type", help="e.g. PROCESS_DEFINITION, DEPLOYMENT")
    p.add_argument("--resource-id")


FLAGS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "deployments": _deployment_flags,
    "definitions": _definition_flags,
    "instances": _instance_flags,
    "incidents": _incident_flags,
    "tasks": _task_flags,
    "users": _user_flags,
    "groups": _group_flags,
    "tenants": _tenant_flags,
    "authorizations": _authorization_flags,
}


def run_list(args: argparse.Namespace) -> int:
    kind = KINDS[args.kind]
    if args.limit < 1:
        raise CommandError("--limit must be at least 1.", USAGE_ERROR)

    async def work(engine: Engine) -> list[BaseModel]:
        items: list[BaseModel] = []
        token: str | None = None
        page_size = 500 if args.all else min(args.limit, 500)
        while True:
            page = await kind.fetch(engine, args, token, page_size)
            items.extend(page.items)
            if page.next is None or (not args.all and len(items) >= args.limit):
                break
            token = page.next
        return items if args.all else items[: args.limit]

    emit(run_with_engine(args, work), args.output, kind.columns)
    return OK


def run_resources(args: argparse.Namespace) -> int:
    async def work(engine: Engine) -> list[BaseModel]:
        return list(await engine.deployments.resources(args.deployment_id))

    emit(run_with_engine(args, work), args.output, ("id", "name", "deployment_id"))
    return OK


def run_resource(args: argparse.Namespace) -> int:
    async def work(engine: Engine) -> bytes:
        resources = await engine.deployments.resources(args.deployment_id)
        match = next((r for r in resources if args.resource_id in (r.id, r.name)), None)
        if match is None:
            names = ", ".join(r.name for r in resources) or "none"
            raise CommandError(f"No resource {args.resource_id!r} in deployment {args.deployment_id} ({names}).", 1)
        return await engine.deployments.resource_content(args.deployment_id, match.id)

    data = run_with_engine(args, work)
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        args.out.write_bytes(data)
        print(f"Wrote {len(data)} bytes to {args.out}", file=sys.stderr)
    return OK
