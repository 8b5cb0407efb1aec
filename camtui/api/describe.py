"""One thing with everything a detail view shows, as plain data (for `describe` and the console)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from camtui.api.models import DefinitionFilter, GroupFilter, TenantFilter, UserFilter
from camtui.api.protocol import Engine

KINDS = ("deployment", "definition", "instance", "incident", "task", "user", "group", "tenant")


def as_data(item: BaseModel) -> dict[str, Any]:
    return item.model_dump(mode="json")


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
