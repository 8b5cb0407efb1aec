"""The Camunda 8 only kinds (issue 13): topology, roles, mapping rules, batch operations,
decisions, the audit log and cluster variables. Each is gated by a capability Camunda 7 lacks, and
reaches its area through a `*_of(engine)` accessor, so nothing here knows the Camunda 8 client.
Camunda 8's jobs are the shared `jobs` kind (camtui.kinds.jobs), `:c8jobs` one of its aliases."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel

from camtui.api.capabilities import Capability
from camtui.api.errors import EngineError, NotFound, UnsupportedByEngine
from camtui.api.models.base import SortOrder
from camtui.api.models.cluster import (
    AuditEntry,
    BatchOperation,
    BatchOperationFilter,
    Broker,
    ClusterVariable,
    DecisionDefinition,
    MappingRule,
    MappingRuleFilter,
    MessageSubscription,
    Role,
    RoleFilter,
)
from camtui.api.paging import Page
from camtui.api.protocol import (
    Engine,
    audit_of,
    batches_of,
    cluster_of,
    cluster_status_of,
    cluster_variables_of,
    decisions_of,
    mapping_rules_of,
    messages_of,
    roles_of,
)
from camtui.kinds.base import Column, Kind, Priority
from camtui.kinds.c8_actions import (
    BATCH_ACTIONS,
    BATCH_NEW,
    MESSAGE_PUBLISH,
    ROLE_ACTIONS,
    SIGNAL_BROADCAST,
)
from camtui.kinds.c8_identity import (
    CLUSTER_VARIABLE_DELETE,
    CLUSTER_VARIABLE_EDIT,
    CLUSTER_VARIABLE_SET,
    MAPPING_ACTIONS,
    MAPPING_CREATE,
    ROLE_CHANGES,
    ROLE_CREATE,
)
from camtui.kinds.correlate_evaluate import DECISION_EVALUATE, MESSAGE_CORRELATE
from camtui.kinds.format import cell, when
from camtui.kinds.memberships import member_lists

# what a role's members can be, as the cluster names them
ROLE_MEMBER_KINDS = ("users", "groups", "clients", "mapping-rules")


class NoQuery(BaseModel):
    """The query of a kind the cluster lists whole (no filter camtui offers yet)."""


# -- topology ------------------------------------------------------------------------------------


async def fetch_brokers(engine: Engine, query: NoQuery, after: str | None, limit: int) -> Page[Broker]:
    topology = await cluster_of(engine).topology()
    return Page(items=topology.brokers, total=len(topology.brokers))


async def get_broker(engine: Engine, node_id: str) -> Broker:
    topology = await cluster_of(engine).topology()
    for broker in topology.brokers:
        if str(broker.node_id) == node_id:
            return broker
    raise NotFound(f"The cluster has no broker {node_id}.")


# the window `describe broker` reports the cluster's usage for
USAGE_DAYS = 30


async def describe_broker(engine: Engine, node_id: str) -> dict[str, Any]:
    topology = await cluster_of(engine).topology()
    broker = await get_broker(engine, node_id)
    cluster = topology.model_dump(mode="json", exclude={"brokers"}) | await cluster_status(engine)
    return broker.model_dump(mode="json") | {"cluster": cluster}


async def cluster_status(engine: Engine) -> dict[str, Any]:
    """issue 13 (audit): the cluster's health, license and usage of the last USAGE_DAYS days; what
    the credentials may not read (or an older cluster lacks) is said in words in its place."""
    try:
        status = cluster_status_of(engine)
    except UnsupportedByEngine:
        return {}
    end = datetime.now(UTC)

    async def said(read: Awaitable[Any]) -> Any:
        try:
            value = await read
        except EngineError as exc:
            return f"(not available: {exc.message})"
        return value.model_dump(mode="json") if isinstance(value, BaseModel) else value

    healthy, license_, usage = await asyncio.gather(
        said(status.health()),
        said(status.license()),
        said(status.usage_metrics(end - timedelta(days=USAGE_DAYS), end)),
    )
    health = healthy if isinstance(healthy, str) else "healthy" if healthy else "unhealthy"
    return {"health": health, "license": license_, f"usage_last_{USAGE_DAYS}_days": usage}


def partitions(b: Broker) -> str:
    return ", ".join(f"{p.partition_id}:{p.role.lower()}" for p in b.partitions)


def health(b: Broker) -> str:
    states = {p.health.lower() for p in b.partitions}
    return ", ".join(sorted(states)) or "-"


TOPOLOGY = Kind[Broker](
    name="topology",
    singular="broker",
    aliases=("brokers", "topo", "cluster"),
    title="Cluster topology",
    capability=Capability.CLUSTER_TOPOLOGY,
    columns=(
        Column("node", "NODE", lambda b: str(b.node_id), 6, 4, Priority.ALWAYS),
        Column("address", "ADDRESS", lambda b: cell(f"{b.host}:{b.port}"), 30, 12, Priority.ALWAYS),
        Column("version", "VERSION", lambda b: cell(b.version), 12, 6, Priority.HIGH),
        Column("health", "HEALTH", health, 12, 6, Priority.HIGH),
        Column("partitions", "PARTITIONS", partitions, 30, 10, Priority.NORMAL, grow=True),
    ),
    fetch=fetch_brokers,
    new_query=NoQuery,
    cli_query=lambda a: NoQuery(),
    get=get_broker,
    describe=describe_broker,
    key_of=lambda b: str(b.node_id),
    label_of=lambda b: f"broker {b.node_id} ({b.host})",
    cli_help="the cluster's brokers and partitions (Camunda 8)",
    fields=("node_id", "host", "port", "version"),
)


# -- roles and mapping rules ---------------------------------------------------------------------


async def fetch_roles(engine: Engine, query: RoleFilter, after: str | None, limit: int) -> Page[Role]:
    return await roles_of(engine).list(query, limit=limit, after=after)


async def describe_role(engine: Engine, role_id: str) -> dict[str, Any]:
    roles = roles_of(engine)
    role = await roles.get(role_id)
    members = await asyncio.gather(*(roles.members(role_id, k) for k in ROLE_MEMBER_KINDS))
    return role.model_dump(mode="json") | {k: list(m) for k, m in zip(ROLE_MEMBER_KINDS, members, strict=True)}


def role_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--id")
    p.add_argument("--name", help="name contains")
    sort_flags(p, ROLE_SORTS)


# issue 13 (audit): what the role and mapping rule searches sort by
ROLE_SORTS = ("name", "id")
MAPPING_SORTS = ("name", "id", "claim_name", "claim_value")


def sort_flags(p: argparse.ArgumentParser, fields: tuple[str, ...]) -> None:
    p.add_argument("--sort", choices=fields, help="sorted by the cluster")
    p.add_argument("--desc", action="store_true", help="with --sort: descending")


def sort_of(a: argparse.Namespace) -> dict[str, Any]:
    return {"sort_by": a.sort, "sort_order": SortOrder.DESC if a.desc else SortOrder.ASC}


def sorted_by_field(query: Any, field: str | None, descending: bool) -> Any:
    if field is None:
        return query
    return query.model_copy(update={"sort_by": field, "sort_order": SortOrder.DESC if descending else SortOrder.ASC})


ROLES = Kind[Role](
    name="roles",
    singular="role",
    aliases=("role",),
    title="Roles",
    capability=Capability.IDENTITY_ROLES,
    columns=(
        Column("id", "ID", lambda r: cell(r.id), 24, 8, Priority.ALWAYS),
        Column("name", "NAME", lambda r: cell(r.name), 30, 10, Priority.ALWAYS),
        Column("description", "DESCRIPTION", lambda r: cell(r.description), 40, 10, Priority.NORMAL, grow=True),
    ),
    fetch=fetch_roles,
    new_query=RoleFilter,
    get=lambda engine, i: roles_of(engine).get(i),
    describe=describe_role,
    actions=(*ROLE_ACTIONS, *ROLE_CHANGES),
    create=ROLE_CREATE,
    # enter: its users, groups, clients and mapping rules, each a list with add and remove (issue 13)
    children=member_lists("roles"),
    sorts=ROLE_SORTS,
    sorted_query=sorted_by_field,
    cli_flags=role_flags,
    cli_query=lambda a: RoleFilter(id=a.id, name=a.name, **sort_of(a)),
    cli_help="roles and their members (Camunda 8)",
    fields=("id", "name", "description"),
)


async def fetch_mapping_rules(
    engine: Engine, query: MappingRuleFilter, after: str | None, limit: int
) -> Page[MappingRule]:
    return await mapping_rules_of(engine).list(query, limit=limit, after=after)


def mapping_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--id")
    p.add_argument("--claim-name")
    p.add_argument("--claim-value")
    sort_flags(p, MAPPING_SORTS)


MAPPINGS = Kind[MappingRule](
    name="mappings",
    singular="mapping",
    aliases=("mapping", "mapping-rules", "mr"),
    title="Mapping rules",
    capability=Capability.IDENTITY_MAPPING_RULES,
    columns=(
        Column("id", "ID", lambda m: cell(m.id), 24, 8, Priority.ALWAYS),
        Column("name", "NAME", lambda m: cell(m.name), 24, 10, Priority.HIGH),
        Column("claim", "CLAIM", lambda m: cell(m.claim_name), 24, 8, Priority.ALWAYS),
        Column("value", "VALUE", lambda m: cell(m.claim_value), 30, 8, Priority.ALWAYS, grow=True),
    ),
    fetch=fetch_mapping_rules,
    new_query=MappingRuleFilter,
    get=lambda engine, i: mapping_rules_of(engine).get(i),
    describe=lambda engine, i: _dump(mapping_rules_of(engine).get(i)),
    sorts=MAPPING_SORTS,
    sorted_query=sorted_by_field,
    cli_flags=mapping_flags,
    cli_query=lambda a: MappingRuleFilter(id=a.id, claim_name=a.claim_name, claim_value=a.claim_value, **sort_of(a)),
    cli_help="mapping rules: a token claim that grants membership (Camunda 8)",
    fields=("id", "name", "claim_name", "claim_value"),
    actions=MAPPING_ACTIONS,
    create=MAPPING_CREATE,
)


async def _dump(item: Any) -> dict[str, Any]:
    model: BaseModel = await item
    return model.model_dump(mode="json")


# -- batch operations ----------------------------------------------------------------------------


async def fetch_batches(
    engine: Engine, query: BatchOperationFilter, after: str | None, limit: int
) -> Page[BatchOperation]:
    return await batches_of(engine).list(query, limit=limit, after=after)


async def describe_batch(engine: Engine, batch_id: str) -> dict[str, Any]:
    batches = batches_of(engine)
    batch, items = await asyncio.gather(batches.get(batch_id), batches.items(batch_id, limit=500))
    return batch.model_dump(mode="json") | {
        "items": [i.model_dump(mode="json", exclude={"batch_operation_id"}) for i in items.items]
    }


def progress(b: BatchOperation) -> str:
    done = b.completed + b.failed
    return f"{done}/{b.total}" + (f" ({b.failed} failed)" if b.failed else "")


# issue 13 (audit): every field the batch operation search sorts by (the default: newest first), and
# the states and operation types it filters by (the spec's enums; a test holds them to it)
BATCH_SORTS = ("start", "end", "state", "type", "id", "actor_id", "actor_type")
BATCH_STATES = ("CREATED", "ACTIVE", "SUSPENDED", "COMPLETED", "PARTIALLY_COMPLETED", "CANCELED", "FAILED")
BATCH_TYPES = (
    "ADD_VARIABLE",
    "CANCEL_PROCESS_INSTANCE",
    "DELETE_DECISION_DEFINITION",
    "DELETE_DECISION_INSTANCE",
    "DELETE_PROCESS_DEFINITION",
    "DELETE_PROCESS_INSTANCE",
    "MIGRATE_PROCESS_INSTANCE",
    "MODIFY_PROCESS_INSTANCE",
    "RESOLVE_INCIDENT",
    "RESUME_PROCESS_INSTANCE",
    "SUSPEND_PROCESS_INSTANCE",
    "UPDATE_JOB",
    "UPDATE_VARIABLE",
)


def batch_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--state", type=str.upper, choices=BATCH_STATES, metavar="STATE", help=", ".join(BATCH_STATES).lower()
    )
    p.add_argument(
        "--type", type=str.upper, choices=BATCH_TYPES, metavar="TYPE", help="e.g. cancel_process_instance, update_job"
    )
    sort_flags(p, BATCH_SORTS)


BATCHES = Kind[BatchOperation](
    # `:batches` finds it on Camunda 8 (registry.find prefers what the engine offers)
    name="batch-operations",
    singular="batch-operation",
    aliases=("batches", "batch", "bo"),
    title="Batch operations",
    capability=Capability.C8_BATCH_LIST,
    columns=(
        Column("id", "KEY", lambda b: b.id, 18, 10, Priority.ALWAYS, shorten="middle"),
        Column("type", "TYPE", lambda b: cell(b.type), 28, 10, Priority.ALWAYS),
        Column("state", "STATE", lambda b: cell(b.state), 20, 8, Priority.ALWAYS),
        Column("progress", "PROGRESS", progress, 20, 8, Priority.HIGH),
        Column("start", "STARTED", lambda b: when(b.start), 28, 26, Priority.NORMAL),
        Column("end", "ENDED", lambda b: when(b.end), 28, 26, Priority.LOW),
        Column("actor", "BY", lambda b: cell(b.actor_id), 12, 6, Priority.LOW),
    ),
    fetch=fetch_batches,
    new_query=BatchOperationFilter,
    sorts=BATCH_SORTS,
    sorted_query=sorted_by_field,
    cli_flags=batch_flags,
    cli_query=lambda a: BatchOperationFilter(state=a.state, type=a.type, **sort_of(a)),
    get=lambda engine, i: batches_of(engine).get(i),
    describe=describe_batch,
    label_of=lambda b: f"{b.type.lower().replace('_', ' ')} batch {b.id}",
    actions=BATCH_ACTIONS,
    create=BATCH_NEW,
    cli_help="batch operations: progress and items (Camunda 8)",
    fields=("id", "type", "state", "total", "completed", "failed", "start", "end", "actor_id"),
)


# -- decisions, audit log, cluster variables -----------------------------------------------------


class DecisionQuery(BaseModel):
    decision_id: str | None = None
    latest_only: bool = False
    # issue 13 (audit): sorted by the cluster (DECISION_SORTS)
    sort_by: str | None = None
    sort_order: SortOrder = SortOrder.ASC


async def fetch_decisions(
    engine: Engine, query: DecisionQuery, after: str | None, limit: int
) -> Page[DecisionDefinition]:
    return await decisions_of(engine).list(
        decision_id=query.decision_id,
        latest_only=query.latest_only,
        limit=limit,
        after=after,
        sort_by=query.sort_by,
        sort_order=query.sort_order,
    )


async def describe_decision(engine: Engine, key: str) -> dict[str, Any]:
    decisions = decisions_of(engine)
    definition = await decisions.get(key)
    recent = await decisions.instances(decision_id=definition.decision_id, limit=20)
    return definition.model_dump(mode="json") | {
        "recent_evaluations": [i.model_dump(mode="json") for i in recent.items]
    }


def decision_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--decision-id", help="the id in the DMN file")
    p.add_argument("--latest", action="store_true", help="the latest version of each only")
    sort_flags(p, DECISION_SORTS)


# issue 13 (audit): every field the decision definition search sorts by
DECISION_SORTS = (
    "name",
    "decision_id",
    "version",
    "id",
    "decision_requirements_id",
    "decision_requirements_key",
    "decision_requirements_name",
    "decision_requirements_version",
    "tenant_id",
)


DECISIONS = Kind[DecisionDefinition](
    name="decisions",
    singular="decision",
    aliases=("decision", "dmn"),
    title="Decisions",
    capability=Capability.DECISION_LIST,
    columns=(
        Column("id", "KEY", lambda d: d.id, 18, 10, Priority.HIGH, shorten="middle"),
        Column("decision", "DECISION ID", lambda d: cell(d.decision_id), 24, 10, Priority.ALWAYS),
        Column("name", "NAME", lambda d: cell(d.name), 30, 10, Priority.ALWAYS, grow=True),
        Column("version", "VER", lambda d: str(d.version), 4, 3, Priority.ALWAYS),
        Column("drd", "REQUIREMENTS", lambda d: cell(d.decision_requirements_id), 24, 8, Priority.LOW),
        Column("tenant", "TENANT", lambda d: cell(d.tenant_id), 12, 6, Priority.LOW),
    ),
    fetch=fetch_decisions,
    new_query=DecisionQuery,
    get=lambda engine, i: decisions_of(engine).get(i),
    describe=describe_decision,
    actions=(DECISION_EVALUATE,),
    sorts=DECISION_SORTS,
    sorted_query=sorted_by_field,
    cli_flags=decision_flags,
    cli_query=lambda a: DecisionQuery(decision_id=a.decision_id, latest_only=a.latest, **sort_of(a)),
    cli_help="decision definitions and their recent evaluations (Camunda 8)",
    fields=("id", "decision_id", "name", "version", "decision_requirements_id", "tenant_id"),
)


class AuditQuery(BaseModel):
    actor: str | None = None
    entity_type: str | None = None
    operation: str | None = None


async def fetch_audit(engine: Engine, query: AuditQuery, after: str | None, limit: int) -> Page[AuditEntry]:
    return await audit_of(engine).list(
        actor=query.actor, entity_type=query.entity_type, operation=query.operation, limit=limit, after=after
    )


def audit_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--actor", help="who did it")
    p.add_argument("--entity-type", help="PROCESS_INSTANCE, USER, ...")
    p.add_argument("--operation", help="CREATE, UPDATE, DELETE, ...")


AUDIT = Kind[AuditEntry](
    name="audit",
    singular="audit-entry",
    aliases=("audit-log", "log"),
    title="Audit log",
    capability=Capability.AUDIT_LIST,
    columns=(
        Column("time", "TIME", lambda e: when(e.timestamp), 28, 26, Priority.ALWAYS),
        Column("actor", "ACTOR", lambda e: cell(e.actor), 16, 6, Priority.ALWAYS),
        Column("operation", "OPERATION", lambda e: cell(e.operation), 14, 6, Priority.ALWAYS),
        Column("entity", "ENTITY", lambda e: cell(e.entity_type), 22, 8, Priority.HIGH),
        Column("key", "KEY", lambda e: cell(e.entity_key), 18, 8, Priority.NORMAL, shorten="middle"),
        Column("result", "RESULT", lambda e: cell(e.result), 10, 6, Priority.HIGH),
    ),
    fetch=fetch_audit,
    new_query=AuditQuery,
    label_of=lambda e: f"{e.operation} {e.entity_type} {e.entity_key or ''}".strip(),
    cli_flags=audit_flags,
    cli_query=lambda a: AuditQuery(actor=a.actor, entity_type=a.entity_type, operation=a.operation),
    cli_help="the audit log: who changed what (Camunda 8.9)",
    fields=("timestamp", "actor", "operation", "entity_type", "entity_key", "result"),
)


async def fetch_cluster_variables(
    engine: Engine, query: NoQuery, after: str | None, limit: int
) -> Page[ClusterVariable]:
    return await cluster_variables_of(engine).list(limit=limit, after=after)


def variable_key(v: ClusterVariable) -> str:
    """A variable is named per scope: `NAME` for a global one, `TENANT/NAME` for a tenant's."""
    return f"{v.tenant_id}/{v.name}" if v.tenant_id else v.name


async def get_cluster_variable(engine: Engine, key: str) -> ClusterVariable:
    tenant, _, name = key.rpartition("/")
    return await cluster_variables_of(engine).get(name, tenant_id=tenant or None)


CLUSTER_VARIABLES = Kind[ClusterVariable](
    name="clustervars",
    singular="clustervar",
    aliases=("cluster-variables", "cvars"),
    title="Cluster variables",
    capability=Capability.CLUSTER_VARIABLE_LIST,
    columns=(
        Column("name", "NAME", lambda v: cell(v.name), 24, 8, Priority.ALWAYS),
        Column("scope", "SCOPE", lambda v: cell(v.scope), 8, 6, Priority.HIGH),
        Column("tenant", "TENANT", lambda v: cell(v.tenant_id), 14, 6, Priority.NORMAL),
        Column("value", "VALUE", lambda v: cell(v.value), 40, 10, Priority.ALWAYS, grow=True),
    ),
    fetch=fetch_cluster_variables,
    new_query=NoQuery,
    cli_query=lambda a: NoQuery(),
    get=get_cluster_variable,
    describe=lambda engine, i: _dump(get_cluster_variable(engine, i)),
    key_of=variable_key,
    label_of=variable_key,
    create=CLUSTER_VARIABLE_SET,
    actions=(CLUSTER_VARIABLE_EDIT, CLUSTER_VARIABLE_DELETE),
    cli_help="cluster variables, global and per tenant (Camunda 8.9)",
    fields=("name", "scope", "tenant_id", "value"),
)


class MessageQuery(BaseModel):
    message_name: str | None = None


async def fetch_subscriptions(
    engine: Engine, query: MessageQuery, after: str | None, limit: int
) -> Page[MessageSubscription]:
    return await messages_of(engine).subscriptions(message_name=query.message_name, limit=limit, after=after)


def message_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--name", help="the message's name")


MESSAGES = Kind[MessageSubscription](
    name="messages",
    singular="message-subscription",
    aliases=("msg", "message-subscriptions"),
    title="Message subscriptions",
    capability=Capability.MESSAGE_PUBLISH,
    columns=(
        Column("name", "MESSAGE", lambda m: cell(m.message_name), 24, 8, Priority.ALWAYS),
        Column("key", "CORRELATION KEY", lambda m: cell(m.correlation_key), 20, 8, Priority.ALWAYS),
        Column("state", "STATE", lambda m: cell(m.state), 12, 6, Priority.HIGH),
        Column("process", "PROCESS", lambda m: cell(m.bpmn_process_id), 20, 8, Priority.HIGH),
        Column("element", "ELEMENT", lambda m: cell(m.element_id), 20, 8, Priority.NORMAL),
        Column("instance", "INSTANCE", lambda m: cell(m.process_instance_id), 18, 10, Priority.NORMAL),
        Column("updated", "UPDATED", lambda m: when(m.updated), 28, 26, Priority.LOW),
    ),
    fetch=fetch_subscriptions,
    new_query=MessageQuery,
    label_of=lambda m: f"{m.message_name} ({m.correlation_key or 'no key'})",
    create=MESSAGE_PUBLISH,
    # makes something new too (no row): the console runs a NONE-scoped action without a target
    actions=(SIGNAL_BROADCAST, MESSAGE_CORRELATE),
    cli_flags=message_flags,
    cli_query=lambda a: MessageQuery(message_name=a.name),
    cli_help="who waits for which message; `n` in the console publishes one (Camunda 8)",
    fields=("message_name", "correlation_key", "state", "bpmn_process_id", "element_id", "process_instance_id"),
)

C8_KINDS: tuple[Kind[Any], ...] = (
    TOPOLOGY,
    ROLES,
    MAPPINGS,
    BATCHES,
    DECISIONS,
    AUDIT,
    CLUSTER_VARIABLES,
    MESSAGES,
)
