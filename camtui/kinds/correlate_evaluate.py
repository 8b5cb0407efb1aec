"""Camunda 8: correlate a message (`:messages`, `c`) and evaluate a decision (`:decisions`, `e`), each
an action with its plan (the exact request) and a report that carries the cluster's answer: the
instance the message reached, the decision's output (issue 13)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest
from camtui.api.models import VariableValue
from camtui.api.models.base import Model
from camtui.api.models.cluster import DecisionDefinition, MessageSubscription
from camtui.api.plan import Plan, Risk, Target
from camtui.api.protocol import Engine, decisions_of, messages_of
from camtui.kinds.base import Action, Option, Options, RunResult, Scope
from camtui.kinds.c8_actions import message_variables, text
from camtui.kinds.common import previews

# Camunda 8's tenant of everything when multi-tenancy is off
DEFAULT_TENANT = "<default>"
# how much of a decision's output the report line shows (the whole of it is the outcome's result)
OUTPUT_SHOWN = 300


class Correlated(Model):
    message: str
    correlation_key: str
    process_instance_id: str


def correlate_operation(o: Options) -> op.CorrelateMessage:
    name = text(o, "name")
    if not name:
        raise BadRequest("Give the message's name.")
    return op.CorrelateMessage(
        name=name,
        correlation_key=text(o, "correlation_key"),
        variables=message_variables(o),
        tenant_id=text(o, "tenant") or None,
    )


async def plan_correlate(engine: Engine, items: Sequence[Any], o: Options) -> Plan:
    try:
        correlate = correlate_operation(o)
    except BadRequest as exc:
        return Plan(action="messages.correlate", title="Correlate a message", risk=Risk.CHANGE, warnings=(str(exc),))
    key = f" with correlation key {correlate.correlation_key!r}" if correlate.correlation_key else ""
    return Plan(
        action="messages.correlate",
        title=f"Correlate message {correlate.name!r}{key}",
        targets=(Target(id=correlate.name, label="message"),),
        impact="the process waiting for it now goes on; when none waits, the cluster says so and keeps nothing",
        requests=previews(engine, [correlate]),
        risk=Risk.CHANGE,
    )


async def run_correlate(engine: Engine, _: Any, o: Options) -> RunResult:
    c = correlate_operation(o)
    instance = await messages_of(engine).correlate(
        c.name, correlation_key=c.correlation_key, variables=c.variables, tenant_id=c.tenant_id
    )
    result = Correlated(message=c.name, correlation_key=c.correlation_key, process_instance_id=instance)
    return f"correlated to process instance {instance}", result


def from_subscription(m: MessageSubscription) -> dict[str, Any]:
    """The form starts from the subscription under the cursor: who waits, for which message and key."""
    tenant = "" if m.tenant_id in (None, DEFAULT_TENANT) else m.tenant_id
    return {"name": m.message_name, "correlation_key": m.correlation_key or "", "tenant": tenant}


# on the subscription under the cursor (the form starts from it); the CLI runs it without one
MESSAGE_CORRELATE: Action[Any] = Action[MessageSubscription](
    id="messages.correlate",
    key="c",
    label="Correlate message",
    capability=Capability.MESSAGE_PUBLISH,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.CURSOR,
    prefill=from_subscription,
    plan=plan_correlate,
    run=run_correlate,
    options=(
        Option("name", "Message name", ""),
        Option("correlation_key", "Correlation key", ""),
        Option("variables", "Variables (JSON object)", ""),
        Option("tenant", "Tenant", ""),
    ),
    description="correlate a message to the process waiting for it now (refused when none waits)",
)


# -- decisions --------------------------------------------------------------------------------------


def evaluate_operation(d: DecisionDefinition, o: Options) -> op.EvaluateDecision:
    variables: dict[str, VariableValue] = message_variables(o)
    # by id: the latest version, as the CLI's `decision evaluate ID` means it; else this version's key
    by_id = bool(o.get("by_id"))
    return op.EvaluateDecision(
        decision_id=d.decision_id if by_id else None,
        key=None if by_id else d.id,
        variables=variables,
        tenant_id=text(o, "tenant") or None,
    )


async def plan_evaluate(engine: Engine, items: Sequence[DecisionDefinition], o: Options) -> Plan:
    title = "Evaluate a decision"
    if not items:
        return Plan(action="decisions.evaluate", title=title, risk=Risk.CHANGE, warnings=("No decision chosen.",))
    d = items[0]
    # version 0: named on the command line, not looked up (a cluster without search)
    target = Target(
        id=d.id or d.decision_id, label=f"{d.decision_id or d.id}" + (f" v{d.version}" if d.version else "")
    )
    try:
        evaluate = evaluate_operation(d, o)
    except BadRequest as exc:
        return Plan(action="decisions.evaluate", title=title, targets=(target,), risk=Risk.CHANGE, warnings=(str(exc),))
    which = "the latest version" if evaluate.decision_id else f"v{d.version}" if d.version else f"key {d.id}"
    return Plan(
        action="decisions.evaluate",
        title=f"Evaluate decision {d.decision_id or d.id} ({which})",
        targets=(target,),
        impact="the cluster evaluates it and records a decision instance; nothing else changes",
        requests=previews(engine, [evaluate]),
        risk=Risk.CHANGE,
    )


async def run_evaluate(engine: Engine, d: DecisionDefinition, o: Options) -> RunResult:
    e = evaluate_operation(d, o)
    result = await decisions_of(engine).evaluate(
        decision_id=e.decision_id, key=e.key, variables=e.variables, tenant_id=e.tenant_id
    )
    if result.failure:
        raise BadRequest(f"The evaluation failed: {result.failure}")
    shown = result.output if len(result.output) <= OUTPUT_SHOWN else result.output[:OUTPUT_SHOWN] + "…"
    return f"output: {shown}", result


DECISION_EVALUATE = Action[DecisionDefinition](
    id="decisions.evaluate",
    key="e",
    label="Evaluate",
    capability=Capability.DECISION_LIST,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.CURSOR,
    plan=plan_evaluate,
    run=run_evaluate,
    options=(Option("variables", "Input variables (JSON object)", ""), Option("tenant", "Tenant", "")),
    description="evaluate the decision with input variables and show its output",
    reloads=False,
)
