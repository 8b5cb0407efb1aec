"""Camunda 8's roles and mapping rules made and deleted (issue 13 audit): `n` and `ctrl+d` in `:roles`
and `:mappings`, `camtui role add|rm` and `camtui mapping add|rm`; cluster variables set and deleted
(`:clustervars` `n`, `e`, `ctrl+d`; `camtui clustervar set|rm`). Each is an Operation the engine
previews; deleting asks for the typed word as any destroying change does."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest, NotFound
from camtui.api.models.cluster import ClusterVariable, MappingRule, Role
from camtui.api.plan import Plan, Risk, Target
from camtui.api.protocol import Engine, cluster_variables_of, mapping_rules_of, roles_of
from camtui.kinds.base import Action, Option, Options, RunResult, Scope
from camtui.kinds.common import gone, plural, previews
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

# issue 13 (audit): roles and mapping rules edited (`e` in :roles and :mappings, `camtui role|mapping edit`)


def edited_role(r: Role, o: Options) -> op.UpdateRole:
    # the form always holds a description (emptied: cleared); the CLI only when --description is given
    description = text(o, "description") if "description" in o else r.description or ""
    return op.UpdateRole(role_id=r.id, name=text(o, "name") or r.name or r.id, description=description)


async def _role_edit(engine: Engine, r: Role, o: Options) -> RunResult:
    x = edited_role(r, o)
    await roles_of(engine).update(Role(id=x.role_id, name=x.name, description=x.description or None))
    return "saved"


ROLE_EDIT = _action(
    id="roles.edit",
    key="e",
    label="Edit",
    capability=Capability.IDENTITY_ROLES,
    risk=Risk.CHANGE,
    scope=Scope.CURSOR,
    operations=lambda engine, r, o: [edited_role(r, o)],
    run=_role_edit,
    title=lambda items, o: f"Edit role {', '.join(r.id for r in items)}",
    key_of=lambda r: r.id,
    label_of=lambda r: r.name or r.id,
    options=(Option("name", "Name", ""), Option("description", "Description (empty: none)", "")),
    description="edit a role's name and description",
    prefill=lambda r: {"name": r.name or "", "description": r.description or ""},
)


def edited_mapping_rule(r: MappingRule, o: Options) -> op.UpdateMappingRule:
    return op.UpdateMappingRule(
        rule_id=r.id,
        name=text(o, "name") or r.name or r.id,
        claim_name=text(o, "claim_name") or r.claim_name,
        claim_value=text(o, "claim_value") or r.claim_value,
    )


async def _rule_edit(engine: Engine, r: MappingRule, o: Options) -> RunResult:
    x = edited_mapping_rule(r, o)
    rule = MappingRule(id=x.rule_id, name=x.name, claim_name=x.claim_name, claim_value=x.claim_value)
    await mapping_rules_of(engine).update(rule)
    return "saved"


MAPPING_EDIT = _action(
    id="mappings.edit",
    key="e",
    label="Edit",
    capability=Capability.IDENTITY_MAPPING_RULES,
    risk=Risk.CHANGE,
    scope=Scope.CURSOR,
    operations=lambda engine, r, o: [edited_mapping_rule(r, o)],
    run=_rule_edit,
    title=lambda items, o: f"Edit mapping rule {', '.join(r.id for r in items)}",
    key_of=lambda r: r.id,
    label_of=lambda r: r.name or r.id,
    options=(
        Option("name", "Name", ""),
        Option("claim_name", "Claim name", ""),
        Option("claim_value", "Claim value", ""),
    ),
    description="edit a mapping rule's name, claim name and claim value",
    impact="Who logs in with the old claim loses what the rule granted; the new claim gets it.",
    prefill=lambda r: {"name": r.name or "", "claim_name": r.claim_name, "claim_value": r.claim_value},
)

ROLE_CHANGES: tuple[Action[Role], ...] = (ROLE_EDIT, ROLE_DELETE)
MAPPING_ACTIONS: tuple[Action[MappingRule], ...] = (MAPPING_EDIT, MAPPING_DELETE)


# -- cluster variables (Camunda 8.9) ---------------------------------------------------------------


def _json_object(o: Options) -> dict[str, Any]:
    raw = required(o, "value", 'the value, a JSON object (e.g. {"max": 5})')
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise BadRequest(f"The value is not JSON: {exc}. Nothing was sent.") from None
    if not isinstance(value, dict):
        raise BadRequest(f"A cluster variable holds a JSON object, not {raw}. Nothing was sent.")
    return value


def _variable_key(v: ClusterVariable) -> str:
    return f"{v.tenant_id}/{v.name}" if v.tenant_id else v.name


async def _exists(engine: Engine, name: str, tenant_id: str | None) -> bool:
    try:
        await cluster_variables_of(engine).get(name, tenant_id=tenant_id)
    except NotFound:
        return False
    return True


def _target(item: ClusterVariable | None, o: Options) -> tuple[str, str | None]:
    """The variable's name and tenant: the row's, or the form's for a new one."""
    if item is not None:
        return item.name, item.tenant_id
    return required(o, "name", "the variable's name"), text(o, "tenant") or None


async def _plan_set(engine: Engine, items: Sequence[Any], o: Options) -> Plan:
    """Create when there is none by that name in that scope, else change: the plan says which."""
    item = items[0] if items else None
    name, tenant = (item.name, item.tenant_id) if item is not None else (text(o, "name"), text(o, "tenant") or None)
    warnings: tuple[str, ...] = ()
    requests: tuple[Any, ...] = ()
    try:
        name, tenant = _target(item, o)
        operation = op.SetClusterVariable(
            name=name, value=_json_object(o), tenant_id=tenant, exists=await _exists(engine, name, tenant)
        )
        requests = previews(engine, [operation])
    except BadRequest as exc:
        # unfinished input: said in the plan, refused by `run`
        warnings = (str(exc),)
    scope = f"tenant {tenant}'s" if tenant else "global"
    return Plan(
        action="clustervars.set",
        title=f"Set the {scope} cluster variable {name or '…'}",
        targets=(Target(id=f"{tenant}/{name}" if tenant else name or "(new)", label=name or "new variable"),),
        impact="Expressions read it as camunda.vars.cluster (a tenant's before the global one) from their next "
        "evaluation.",
        requests=requests,
        risk=Risk.CHANGE,
        warnings=warnings,
    )


async def _run_set(engine: Engine, item: Any, o: Options) -> RunResult:
    name, tenant = _target(item, o)
    await cluster_variables_of(engine).set(name, _json_object(o), tenant_id=tenant)
    return f"set {name}"


CLUSTER_VARIABLE_SET = Action[None](
    id="clustervars.set",
    key="n",
    label="Set a cluster variable",
    capability=Capability.CLUSTER_VARIABLE_LIST,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.NONE,
    plan=_plan_set,
    run=_run_set,
    options=(
        Option("name", "Name", ""),
        Option("tenant", "Tenant (empty: global)", ""),
        Option("value", 'Value, a JSON object ({"max": 5})', ""),
    ),
    description="create or change a cluster variable (Camunda 8.9)",
)

CLUSTER_VARIABLE_EDIT = Action[ClusterVariable](
    id="clustervars.edit",
    key="e",
    label="Edit",
    capability=Capability.CLUSTER_VARIABLE_LIST,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.CURSOR,
    plan=_plan_set,
    run=_run_set,
    options=(Option("value", "Value, a JSON object", ""),),
    description="change a cluster variable's value",
    prefill=lambda v: {"value": v.value if isinstance(v.value, str) else json.dumps(v.value)},
)


async def _run_delete_variable(engine: Engine, v: ClusterVariable, o: Options) -> RunResult:
    await cluster_variables_of(engine).delete(v.name, tenant_id=v.tenant_id)
    return "deleted"


CLUSTER_VARIABLE_DELETE = _action(
    id="clustervars.delete",
    key="ctrl+d",
    label="Delete",
    capability=Capability.CLUSTER_VARIABLE_LIST,
    risk=Risk.DESTROY,
    scope=Scope.MARKED,
    operations=lambda engine, v, o: [op.DeleteClusterVariable(name=v.name, tenant_id=v.tenant_id)],
    run=_run_delete_variable,
    title=lambda items, o: f"Delete {plural(len(items), 'cluster variable')}",
    key_of=_variable_key,
    label_of=_variable_key,
    description="delete cluster variables",
    impact="Expressions that read them get null from their next evaluation.",
)
