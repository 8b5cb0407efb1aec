"""The Camunda 8 only changes as actions (issue 13): batch operations over a filter (cancel, resolve
incidents) and their control (suspend, resume, cancel), a job's retries and timeout, role members.
Each plan quotes the engine's own preview; Camunda 7 refuses each by a capability it lacks."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest, NotFound
from camtui.api.models import InstanceFilter, VariableValue
from camtui.api.models.cluster import BatchOperation, C8Job, Role
from camtui.api.plan import OutcomeStatus, Plan, Report, Risk
from camtui.api.protocol import Engine, batches_of, c8_jobs_of, instance_batches_of, messages_of, roles_of
from camtui.kinds.base import Action, Note, Option, Options, RunFn, RunResult, Scope
from camtui.kinds.common import plural, previews, running_instances, targets

T = TypeVar("T")

OpsFn = Callable[[T, Options], list[op.Operation]]


def text(o: Options, name: str) -> str:
    return str(o.get(name) or "").strip()


def _action(
    *,
    id: str,
    key: str,
    label: str,
    capability: Capability,
    risk: Risk,
    scope: Scope,
    operations: OpsFn[T],
    run: RunFn[T],
    title: Callable[[Sequence[T], Options], str],
    key_of: Callable[[T], str],
    label_of: Callable[[T], str],
    options: tuple[Option, ...] = (),
    description: str = "",
) -> Action[T]:
    async def plan(engine: Engine, items: Sequence[T], o: Options) -> Plan:
        ops: list[op.Operation] = []
        warnings: list[str] = []
        try:
            for item in items:
                ops.extend(operations(item, o))
        except BadRequest as exc:
            # unfinished input: said in the plan, refused by `run`
            warnings.append(str(exc))
        return Plan(
            action=id,
            title=title(items, o),
            targets=targets(items, key_of, label_of),
            requests=previews(engine, ops),
            risk=risk,
            warnings=tuple(warnings),
        )

    return Action[T](
        id=id,
        key=key,
        label=label,
        capability=capability,
        mutates=True,
        risk=risk,
        scope=scope,
        plan=plan,
        run=run,
        options=options,
        description=description,
    )


# -- batch operations: suspend, resume, cancel ----------------------------------------------------


def _batch_label(b: BatchOperation) -> str:
    return f"{b.type} ({b.state})"


def _control(action: str, verb: str, key: str, risk: Risk) -> Action[BatchOperation]:
    def ops(b: BatchOperation, o: Options) -> list[op.Operation]:
        return [op.ControlBatch(batch_id=b.id, action=action)]

    async def run(engine: Engine, b: BatchOperation, o: Options) -> RunResult:
        batches = batches_of(engine)
        control = {"suspension": batches.suspend, "resumption": batches.resume, "cancellation": batches.cancel}
        await control[action](b.id)
        return f"{verb.lower()}d" if verb.endswith("e") else f"{verb.lower()}ed"

    return _action(
        id=f"batch-operations.{verb.lower()}",
        key=key,
        label=verb,
        capability=Capability.BATCH_CONTROL,
        risk=risk,
        scope=Scope.MARKED,
        operations=ops,
        run=run,
        title=lambda items, o: f"{verb} {plural(len(items), 'batch operation')}",
        key_of=lambda b: b.id,
        label_of=_batch_label,
        description=f"{verb.lower()} a batch operation",
    )


BATCH_SUSPEND = _control("suspension", "Suspend", "s", Risk.CHANGE)
BATCH_RESUME = _control("resumption", "Resume", "r", Risk.CHANGE)
BATCH_CANCEL = _control("cancellation", "Cancel", "ctrl+d", Risk.DESTROY)

BATCH_ACTIONS: tuple[Action[BatchOperation], ...] = (BATCH_SUSPEND, BATCH_RESUME, BATCH_CANCEL)


# -- a new batch operation over a filter ---------------------------------------------------------

BATCH_KINDS = {"cancel": "cancellation", "resolve": "incident-resolution"}


def batch_filter(o: Options) -> InstanceFilter:
    process = text(o, "process")
    definition = text(o, "definition")
    if not process and not definition:
        # a batch over every instance of the cluster is never what a person meant
        raise BadRequest("Name the process (its BPMN id) or the definition key the batch covers.")
    return InstanceFilter(
        bpmn_process_id=process or None,
        definition_id=definition or None,
        with_incident=bool(o.get("with_incident")),
    )


def batch_kind(o: Options) -> str:
    word = text(o, "kind") or "cancel"
    if word not in BATCH_KINDS:
        raise BadRequest(f"A batch can {' or '.join(BATCH_KINDS)}, not {word!r}.")
    return BATCH_KINDS[word]


async def plan_batch(engine: Engine, items: Sequence[None], o: Options) -> Plan:
    warnings: list[str] = []
    requests: tuple[Any, ...] = ()
    matched = 0
    title = "Start a batch operation"
    try:
        kind, f = batch_kind(o), batch_filter(o)
        matched = await running_instances(engine, f)
        requests = previews(engine, [op.BatchByFilter(kind=kind, filter=f)])
        what = "Cancel" if kind == "cancellation" else "Resolve the incidents of"
        title = f"{what} every running instance of {f.bpmn_process_id or f.definition_id}" + (
            " with an incident" if f.with_incident else ""
        )
    except BadRequest as exc:
        warnings.append(str(exc))
    cancels = text(o, "kind") in ("", "cancel")
    return Plan(
        action="batches.new",
        title=title,
        impact=f"{plural(matched, 'running instance')} match now; the cluster freezes the list when it starts",
        impact_count=matched if cancels else 0,
        requests=requests,
        risk=Risk.DESTROY if cancels else Risk.CHANGE,
        warnings=tuple(warnings),
    )


async def run_batch(engine: Engine, _: None, o: Options) -> RunResult:
    batch = await instance_batches_of(engine).batch_operation(batch_kind(o), batch_filter(o))
    return f"started batch operation {batch.id}", batch


# a batch runs on the cluster after it is accepted: watch it (bounded) so the report says what it did
BATCH_WATCH_SECONDS = 30.0
BATCH_POLL_SECONDS = 0.5
BATCH_ENDED = ("COMPLETED", "PARTIALLY_COMPLETED", "FAILED", "CANCELED")


async def settle_batch(engine: Engine, items: Sequence[None], report: Report, o: Options, note: Note) -> Report:
    started = [out for out in report.outcomes if out.status is OutcomeStatus.DONE and isinstance(out.result, dict)]
    if not started:
        return report
    batch_id = str(started[0].result["id"])
    batches = batches_of(engine)
    deadline = time.monotonic() + BATCH_WATCH_SECONDS
    batch: BatchOperation | None = None
    while time.monotonic() < deadline:
        try:
            batch = await batches.get(batch_id)
        except NotFound:
            note(f"Batch {batch_id}: waiting for the cluster to index it")
        else:
            note(f"Batch {batch_id}: {batch.state}, {batch.completed + batch.failed} of {batch.total} done")
            if batch.state in BATCH_ENDED:
                break
        await asyncio.sleep(BATCH_POLL_SECONDS)
    if batch is None or batch.state not in BATCH_ENDED:
        words = f"Batch {batch_id} was still running after {BATCH_WATCH_SECONDS:.0f} s; see :batches."
        return report.model_copy(update={"notes": (words,)})
    failures = await batches.items(batch_id, limit=500) if batch.failed else None
    messages = [
        f"{i.process_instance_id}: {i.error_message}" for i in (failures.items if failures else ()) if i.error_message
    ]
    verdict = f"Batch {batch_id} {batch.state.lower()}: {batch.completed} of {batch.total} done, {batch.failed} failed."
    ok = batch.state == "COMPLETED" and not batch.failed
    outcome = started[0].model_copy(
        update={
            "status": OutcomeStatus.DONE if ok else OutcomeStatus.FAILED,
            "message": verdict,
            "result": batch.model_dump(mode="json"),
        }
    )
    return report.model_copy(update={"outcomes": (outcome,), "notes": (verdict, *messages[:10])})


BATCH_NEW = Action[None](
    id="batch-operations.new",
    key="n",
    label="New batch (cancel / resolve by filter)",
    capability=Capability.BATCH_BY_FILTER,
    mutates=True,
    risk=Risk.DESTROY,
    scope=Scope.NONE,
    plan=plan_batch,
    run=run_batch,
    settle=settle_batch,
    options=(
        Option("kind", "cancel or resolve", "cancel"),
        Option("process", "Process (BPMN id)", ""),
        Option("definition", "or definition key", ""),
        Option("with_incident", "Only instances with an incident", False),
    ),
    description="cancel the running instances a filter matches, or resolve their incidents, as one batch",
)


# -- jobs -----------------------------------------------------------------------------------------


def _number(o: Options, name: str) -> int | None:
    value = text(o, name)
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"{name.replace('_', ' ')} must be a whole number, not {value!r}.") from None
    if number < 0:
        raise BadRequest(f"{name.replace('_', ' ')} can not be negative.")
    return number


def _job_update_ops(j: C8Job, o: Options) -> list[op.Operation]:
    retries, timeout = _number(o, "retries"), _number(o, "timeout_ms")
    if retries is None and timeout is None:
        raise BadRequest("Give retries, a timeout (ms), or both.")
    return [op.UpdateC8Job(job_id=j.id, retries=retries, timeout_ms=timeout)]


async def run_job_update(engine: Engine, j: C8Job, o: Options) -> RunResult:
    [change] = _job_update_ops(j, o)
    assert isinstance(change, op.UpdateC8Job)
    await c8_jobs_of(engine).update(j.id, retries=change.retries, timeout_ms=change.timeout_ms)
    return "updated"


C8_JOB_UPDATE = _action(
    id="c8jobs.update",
    key="r",
    label="Retries / timeout",
    capability=Capability.C8_JOB_UPDATE,
    risk=Risk.CHANGE,
    scope=Scope.MARKED,
    operations=_job_update_ops,
    run=run_job_update,
    title=lambda items, o: f"Update {plural(len(items), 'job')}",
    key_of=lambda j: j.id,
    label_of=lambda j: f"{j.type} job",
    options=(Option("retries", "Retries", "1"), Option("timeout_ms", "Timeout (ms from now)", "")),
    description="set a job's retries (a failed job with retries is activated again) and its timeout",
)

C8_JOB_ACTIONS: tuple[Action[C8Job], ...] = (C8_JOB_UPDATE,)


# -- role members ---------------------------------------------------------------------------------

MEMBER_KINDS = ("users", "groups", "clients", "mapping-rules")


def _role_member(add: bool) -> Action[Role]:
    def ops(r: Role, o: Options) -> list[op.Operation]:
        kind = text(o, "kind") or "users"
        if kind not in MEMBER_KINDS:
            raise BadRequest(f"A role's members are {', '.join(MEMBER_KINDS)}; not {kind!r}.")
        members = [m.strip() for m in text(o, "member").split(",") if m.strip()]
        if not members:
            raise BadRequest("Name a member (several: comma-separated).")
        return [op.RoleMembership(role_id=r.id, kind=kind, member_id=m, add=add) for m in members]

    verb = "add" if add else "remove"

    async def run(engine: Engine, r: Role, o: Options) -> RunResult:
        changes = [x for x in ops(r, o) if isinstance(x, op.RoleMembership)]
        for x in changes:
            await roles_of(engine).set_membership(r.id, x.kind, x.member_id, add=add)
        return f"{'added' if add else 'removed'} {', '.join(x.member_id for x in changes)}"

    return _action(
        id=f"roles.{'add_member' if add else 'remove_member'}",
        key="plus" if add else "minus",
        label="Add member" if add else "Remove member",
        capability=Capability.IDENTITY_ROLES,
        risk=Risk.CHANGE,
        scope=Scope.CURSOR,
        operations=ops,
        run=run,
        title=lambda items, o: (
            f"{'Add' if add else 'Remove'} {text(o, 'member') or '…'} {'to' if add else 'from'} role "
            f"{items[0].id if items else ''}"
        ),
        key_of=lambda r: r.id,
        label_of=lambda r: r.name or r.id,
        options=(Option("kind", "users, groups, clients or mapping-rules", "users"), Option("member", "Member id", "")),
        description=f"{verb} a user, group, client or mapping rule {'to' if add else 'from'} a role",
    )


ROLE_ACTIONS: tuple[Action[Role], ...] = (_role_member(add=True), _role_member(add=False))


# -- messages -------------------------------------------------------------------------------------


def message_variables(o: Options) -> dict[str, VariableValue]:
    """The variables typed as a JSON object (`{"amount": 5}`); refused in words when it is not one.
    The CLI gives them typed already (`--var name=value[:Type]`)."""
    given = o.get("variables")
    if isinstance(given, dict):
        return {str(k): v if isinstance(v, VariableValue) else VariableValue(value=v) for k, v in given.items()}
    raw = text(o, "variables")
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadRequest(f"Variables are a JSON object: {exc.msg} at character {exc.pos + 1}.") from None
    if not isinstance(value, dict):
        raise BadRequest('Variables are a JSON object, like {"amount": 5}.')
    return {name: VariableValue(value=v) for name, v in value.items()}


def publish_operation(o: Options) -> op.PublishMessage:
    name = text(o, "name")
    if not name:
        raise BadRequest("Give the message's name.")
    return op.PublishMessage(
        name=name,
        correlation_key=text(o, "correlation_key"),
        variables=message_variables(o),
        time_to_live_ms=_number(o, "ttl_ms"),
        tenant_id=text(o, "tenant") or None,
    )


async def plan_publish(engine: Engine, items: Sequence[None], o: Options) -> Plan:
    try:
        publish = publish_operation(o)
    except BadRequest as exc:
        return Plan(action="messages.publish", title="Publish a message", risk=Risk.CHANGE, warnings=(str(exc),))
    key = f" with correlation key {publish.correlation_key!r}" if publish.correlation_key else ""
    return Plan(
        action="messages.publish",
        title=f"Publish message {publish.name!r}{key}",
        impact="a process waiting for it goes on; unmatched, it is kept for its time to live",
        requests=previews(engine, [publish]),
        risk=Risk.CHANGE,
    )


async def run_publish(engine: Engine, _: None, o: Options) -> RunResult:
    p = publish_operation(o)
    key = await messages_of(engine).publish(
        p.name,
        correlation_key=p.correlation_key,
        variables=p.variables,
        time_to_live_ms=p.time_to_live_ms,
        tenant_id=p.tenant_id,
    )
    return f"published message {key}"


MESSAGE_PUBLISH = Action[None](
    id="messages.publish",
    key="n",
    label="Publish message",
    capability=Capability.MESSAGE_PUBLISH,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.NONE,
    plan=plan_publish,
    run=run_publish,
    options=(
        Option("name", "Message name", ""),
        Option("correlation_key", "Correlation key", ""),
        Option("variables", "Variables (JSON object)", ""),
        Option("ttl_ms", "Time to live (ms)", ""),
        Option("tenant", "Tenant", ""),
    ),
    description="publish a message: a waiting process goes on, or it waits for one for its time to live",
)


def signal_operation(o: Options) -> op.BroadcastSignal:
    name = text(o, "name")
    if not name:
        raise BadRequest("Give the signal's name.")
    return op.BroadcastSignal(name=name, variables=message_variables(o), tenant_id=text(o, "tenant") or None)


async def plan_signal(engine: Engine, items: Sequence[None], o: Options) -> Plan:
    try:
        signal = signal_operation(o)
    except BadRequest as exc:
        return Plan(action="messages.signal", title="Broadcast a signal", risk=Risk.CHANGE, warnings=(str(exc),))
    return Plan(
        action="messages.signal",
        title=f"Broadcast signal {signal.name!r}",
        impact="every process waiting for it goes on, and every process it starts is started",
        requests=previews(engine, [signal]),
        risk=Risk.CHANGE,
    )


async def run_signal(engine: Engine, _: None, o: Options) -> RunResult:
    s = signal_operation(o)
    key = await messages_of(engine).broadcast_signal(s.name, variables=s.variables, tenant_id=s.tenant_id)
    return f"broadcast signal {key}"


# Action[Any]: listed among the actions of message subscriptions, it needs none of them
SIGNAL_BROADCAST: Action[Any] = Action[None](
    id="messages.signal",
    key="b",
    label="Broadcast signal",
    capability=Capability.MESSAGE_PUBLISH,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.NONE,
    plan=plan_signal,
    run=run_signal,
    options=(
        Option("name", "Signal name", ""),
        Option("variables", "Variables (JSON object)", ""),
        Option("tenant", "Tenant", ""),
    ),
    description="broadcast a signal to every process that waits for it or starts with it",
)
