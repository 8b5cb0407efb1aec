"""`camtui describe KIND ID`: one thing with everything the console's detail view shows."""

from __future__ import annotations

import argparse
from typing import Any

from camtui.api.models import DefinitionFilter, GroupFilter, TenantFilter, UserFilter
from camtui.api.protocol import Engine
from camtui.commands.args import add_output
from camtui.commands.common import OK, run_with_engine
from camtui.commands.output import as_data, emit

KINDS = ("deployment", "definition", "instance", "incident", "task", "user", "group", "tenant")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("describe", help="one deployment, definition, instance, incident, task, user, group, tenant")
    p.add_argument("kind", choices=KINDS)
    p.add_argument("id")
    add_output(p)
    p.set_defaults(handler=run)


async def describe(engine: Engine, kind: str, item_id: str) -> dict[str, Any]:
    match kind:
        case "deployment":
            d = await engine.deployments.get(item_id)
            resources = await engine.deployments.resources(item_id)
            defs = await engine.definitions.list(DefinitionFilter(deployment_id=item_id), limit=500)
            return as_data(d) | {
                "resources": [as_data(r) | {"kind": r.kind} for r in resources],
                "definitions": [as_data(x) for x in defs.items],
            }
        case "definition":
            return as_data(await engine.definitions.get(item_id))
        case "instance":
            i = await engine.instances.get(item_id)
            variables = await engine.instances.variables(item_id)
            tree = await engine.instances.activity_tree(item_id)
            return as_data(i) | {
                "variables": [as_data(v) for v in variables],
                "activities": [a.activity_id for a in tree.walk()[1:]],
            }
        case "incident":
            inc = await engine.incidents.get(item_id)
            return as_data(inc) | {"stacktrace": await engine.incidents.stacktrace(inc)}
        case "task":
            t = await engine.tasks.get(item_id)
            return as_data(t) | {
                "variables": [as_data(v) for v in await engine.tasks.variables(item_id)],
                "comments": [as_data(c) for c in await engine.tasks.comments(item_id)],
            }
        case "user":
            u = await engine.identity.user(item_id)
            groups = await engine.identity.groups(GroupFilter(member=item_id), limit=500)
            tenants = await engine.identity.tenants(TenantFilter(user_member=item_id), limit=500)
            return as_data(u) | {"groups": [g.id for g in groups.items], "tenants": [t.id for t in tenants.items]}
        case "group":
            g = await engine.identity.group(item_id)
            members = await engine.identity.users(UserFilter(member_of_group=item_id), limit=500)
            return as_data(g) | {"members": [u.id for u in members.items]}
        case _:
            tenant = await engine.identity.tenant(item_id)
            users = await engine.identity.users(UserFilter(member_of_tenant=item_id), limit=500)
            groups = await engine.identity.groups(GroupFilter(member_of_tenant=item_id), limit=500)
            return as_data(tenant) | {"users": [u.id for u in users.items], "groups": [g.id for g in groups.items]}


def run(args: argparse.Namespace) -> int:
    async def work(engine: Engine) -> dict[str, Any]:
        return await describe(engine, args.kind, args.id)

    emit(run_with_engine(args, work), args.output)
    return OK
