"""Camunda 8's roles and mapping rules made and deleted (issue 13 audit): `n` and `ctrl+d` in `:roles`
and `:mappings`, `camtui role add|rm` and `camtui mapping add|rm`. Each is an Operation the engine
previews; deleting asks for the typed word as any destroying change does."""

from __future__ import annotations

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.models.cluster import MappingRule, Role
from camtui.api.plan import Risk
from camtui.api.protocol import Engine, mapping_rules_of, roles_of
from camtui.kinds.base import Action, Option, Options, RunResult, Scope
from camtui.kinds.common import gone, plural
from camtui.kinds.identity_actions import _action, _none_key, required, text


def new_role(o: Options) -> op.CreateRole:
    return op.CreateRole(
        role_id=required(o, "id", "the role's id"),
        name=text(o, "name") or None,
        description=text(o, "description") or None,
    )


async def _role_create(engine: Engine, _: None, o: Options) -> RunResult:
    x = new_role(o)
    await roles_of(engine).create(Role(id=x.role_id, name=x.name, description=x.description))
    return f"created role {x.role_id}"


ROLE_CREATE = _action(
    id="roles.create",
    key="n",
    label="New role",
    capability=Capability.IDENTITY_ROLES,
    risk=Risk.CHANGE,
    scope=Scope.NONE,
    operations=lambda engine, _, o: [new_role(o)],
    run=_role_create,
    title=lambda items, o: f"Create role {text(o, 'id') or '…'}",
    key_of=_none_key,
    label_of=lambda _: "new role",
    options=(Option("id", "Role id", ""), Option("name", "Name", ""), Option("description", "Description", "")),
    description="create a role",
)


async def _role_delete(engine: Engine, r: Role, o: Options) -> RunResult:
    await roles_of(engine).delete(r.id)
    return "deleted"


async def _role_gone(engine: Engine, r: Role, o: Options, since: object) -> bool | None:
    return await gone(lambda: roles_of(engine).get(r.id))


ROLE_DELETE = _action(
    id="roles.delete",
    key="ctrl+d",
    label="Delete",
    capability=Capability.IDENTITY_ROLES,
    risk=Risk.DESTROY,
    scope=Scope.MARKED,
    operations=lambda engine, r, o: [op.DeleteRole(role_id=r.id)],
    run=_role_delete,
    title=lambda items, o: f"Delete {plural(len(items), 'role')}",
    key_of=lambda r: r.id,
    label_of=lambda r: r.name or r.id,
    description="delete roles (their members stay, the memberships go)",
    impact="What the role allowed, its members are no longer allowed.",
    verify=_role_gone,
)


def new_mapping_rule(o: Options) -> op.CreateMappingRule:
    return op.CreateMappingRule(
        rule_id=required(o, "id", "the mapping rule's id"),
        claim_name=required(o, "claim_name", "the token claim's name (e.g. groups)"),
        claim_value=required(o, "claim_value", "the claim's value"),
        name=text(o, "name") or None,
    )


async def _rule_create(engine: Engine, _: None, o: Options) -> RunResult:
    x = new_mapping_rule(o)
    rule = MappingRule(id=x.rule_id, name=x.name, claim_name=x.claim_name, claim_value=x.claim_value)
    await mapping_rules_of(engine).create(rule)
    return f"created mapping rule {x.rule_id}"


MAPPING_CREATE = _action(
    id="mappings.create",
    key="n",
    label="New mapping rule",
    capability=Capability.IDENTITY_MAPPING_RULES,
    risk=Risk.CHANGE,
    scope=Scope.NONE,
    operations=lambda engine, _, o: [new_mapping_rule(o)],
    run=_rule_create,
    title=lambda items, o: f"Create mapping rule {text(o, 'id') or '…'}",
    key_of=_none_key,
    label_of=lambda _: "new mapping rule",
    options=(
        Option("id", "Mapping rule id", ""),
        Option("claim_name", "Claim name (e.g. groups)", ""),
        Option("claim_value", "Claim value", ""),
        Option("name", "Name", ""),
    ),
    description="create a mapping rule: a token claim that grants what it is a member of",
)


async def _rule_delete(engine: Engine, r: MappingRule, o: Options) -> RunResult:
    await mapping_rules_of(engine).delete(r.id)
    return "deleted"


MAPPING_DELETE = _action(
    id="mappings.delete",
    key="ctrl+d",
    label="Delete",
    capability=Capability.IDENTITY_MAPPING_RULES,
    risk=Risk.DESTROY,
    scope=Scope.MARKED,
    operations=lambda engine, r, o: [op.DeleteMappingRule(rule_id=r.id)],
    run=_rule_delete,
    title=lambda items, o: f"Delete {plural(len(items), 'mapping rule')}",
    key_of=lambda r: r.id,
    label_of=lambda r: r.name or r.id,
    description="delete mapping rules (who logs in with the claim loses what it granted)",
    impact="Whoever logs in with the claim no longer gets what the rule granted.",
)

ROLE_CHANGES: tuple[Action[Role], ...] = (ROLE_DELETE,)
MAPPING_ACTIONS: tuple[Action[MappingRule], ...] = (MAPPING_DELETE,)
