"""Incidents: every failure across all definitions; retry (verified), resolve, annotate."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest, NotFound
from camtui.api.models import EngineKind, Incident, IncidentFilter, IncidentSort, SortOrder
from camtui.api.paging import Page
from camtui.api.plan import Plan, Risk
from camtui.api.protocol import Engine
from camtui.kinds import repair
from camtui.kinds.base import Action, Column, Kind, Option, Options, Priority, RunResult, Scope
from camtui.kinds.cli import iso_time
from camtui.kinds.common import gone, plural, previews, targets
from camtui.kinds.format import cell, when


async def fetch_incidents(engine: Engine, query: IncidentFilter, after: str | None, limit: int) -> Page[Incident]:
    return await engine.incidents.list(query, limit=limit, after=after)


async def cause_chain(engine: Engine, incident: Incident) -> list[dict[str, Any]]:
    """From this incident along its causes to the root (a call activity's incident names the one below)."""
    chain: list[dict[str, Any]] = []
    seen = {incident.id}
    current = incident
    while current.cause_incident_id and current.cause_incident_id not in seen and len(chain) < 20:
        seen.add(current.cause_incident_id)
        try:
            current = await engine.incidents.get(current.cause_incident_id)
        except NotFound:
            break
        chain.append(
            {
                "id": current.id,
                "type": current.type,
                "activity_id": current.activity_id,
                "message": current.message,
                "process_instance_id": current.process_instance_id,
            }
        )
    return chain


async def behind(engine: Engine, incident: Incident) -> dict[str, Any] | None:
    """The job or external task that failed, as the engine has it now."""
    if not incident.configuration:
        return None
    try:
        if incident.type == repair.EXTERNAL and Capability.EXTERNAL_TASK_LIST in engine.capabilities:
            return {"external_task": (await engine.external_tasks.get(incident.configuration)).model_dump(mode="json")}
        if incident.type == "failedJob" and Capability.JOB_LIST in engine.capabilities:
            return {"job": (await engine.jobs.get(incident.configuration)).model_dump(mode="json")}
    except NotFound:
        return None
    return None


async def describe_incident(engine: Engine, incident_id: str) -> dict[str, Any]:
    inc = await engine.incidents.get(incident_id)
    data = inc.model_dump(mode="json")
    data["cause_chain"] = await cause_chain(engine, inc)
    data |= await behind(engine, inc) or {}
    try:
        data["stacktrace"] = await engine.incidents.stacktrace(inc)
    except (NotFound, BadRequest) as exc:
        # the job is gone or never had one: the incident is still worth describing; a refused
        # login or a lost engine is not the incident's business and is said as such
        data["stacktrace"] = f"(no stack trace: {exc.message})"
    return data


def incident_label(i: Incident) -> str:
    return repair.label(i)


# -- retry (verified) ---------------------------------------------------------------------------


def _what(items: Sequence[Incident]) -> str:
    tasks = sum(i.type == repair.EXTERNAL for i in items)
    parts = [plural(len(items) - tasks, "failed job")] if len(items) > tasks else []
    parts += [plural(tasks, "external task")] if tasks else []
    return " and ".join(parts) or "nothing"


def _own_retry_operations(items: Sequence[Incident], retries: int) -> list[op.Operation]:
    """What an engine without Camunda 7's job retries (Camunda 8) sends for a retry, as
    `incidents.retry` does: the job's retries, then the incident resolved."""
    out: list[op.Operation] = []
    for i in items:
        if i.configuration:
            out.append(op.UpdateC8Job(job_id=i.configuration, retries=retries))
        out.append(op.ResolveIncident(incident_id=i.id))
    return out


async def plan_retry(engine: Engine, items: Sequence[Incident], o: Options) -> Plan:
    retries = repair.retries_of(o)
    if Capability.JOB_RETRIES not in engine.capabilities:
        return _plan_own_retry(engine, items, retries)
    can = [i for i in items if repair.retriable(i)]
    cannot = len(items) - len(can)
    warnings = (
        [f"{plural(cannot, 'incident')} of another type can not be retried (resolve them instead)."] if cannot else []
    )
    verify = bool(o.get("verify", True))
    how = (
        f"Then camtui watches them (up to {float(o.get('wait') or repair.WATCH_SECONDS):.0f} s) and reports which "
        "were resolved, which failed again and which are still pending."
        if verify
        else "Not verified: the report says only that the engine accepted the retries."
    )
    return Plan(
        action="incidents.retry",
        title=f"Retry {plural(len(items), 'incident')}",
        targets=targets(items, lambda i: i.id, incident_label),
        impact=f"Sets {_what(can)} to {plural(retries, 'retry', 'retries')}"
        + (" as engine batches" if len(can) > 1 else "")
        + f"; the job executor (or a worker) runs them again. {how}",
        requests=previews(engine, repair.operations(items, retries)),
        risk=Risk.CHANGE,
        warnings=tuple(warnings),
    )


def _plan_own_retry(engine: Engine, items: Sequence[Incident], retries: int) -> Plan:
    with_job = sum(bool(i.configuration) for i in items)
    gives = f"Gives {plural(with_job, 'failed job')} {plural(retries, 'retry', 'retries')}, then " if with_job else ""
    return Plan(
        action="incidents.retry",
        title=f"Retry {plural(len(items), 'incident')}",
        targets=targets(items, lambda i: i.id, incident_label),
        impact=f"{gives}resolves {plural(len(items), 'incident')}: the cluster runs "
        "the element again and a worker may take its job.",
        requests=previews(engine, _own_retry_operations(items, retries)),
        risk=Risk.CHANGE,
    )


async def run_retry(engine: Engine, i: Incident, o: Options) -> RunResult:
    return await repair.retry_one(engine, i, o)


async def verify_retry(engine: Engine, i: Incident, o: Options, since: datetime) -> bool | None:
    """After a lost answer: a retried incident is resolved (a new one may come when it fails again)."""
    return await gone(lambda: engine.incidents.get(i.id))


RETRY_OPTIONS = (
    Option("retries", "Retries", "1", help="how many times the job executor may try again"),
    Option("verify", "Watch until they ran, and report the outcome", True),
    Option("wait", "Watch for at most (seconds)", str(int(repair.WATCH_SECONDS))),
)


def _retry(action_id: str, key: str, scope: Scope, description: str) -> Action[Incident]:
    return Action[Incident](
        id=action_id,
        key=key,
        label="Retry" if scope is not Scope.QUERY else "Retry all matching",
        capability=Capability.INCIDENT_RETRY,
        mutates=True,
        risk=Risk.CHANGE,
        scope=scope,
        plan=plan_retry,
        run=run_retry,
        verify=verify_retry,
        run_many=repair.retry_many,
        many_capability=Capability.JOB_RETRIES,
        settle=repair.settle_retries,
        options=RETRY_OPTIONS,
        description=description,
    )


RETRY = _retry("incidents.retry", "r", Scope.MARKED, "retry incidents (marked, or the one under the cursor), verified")
RETRY_ALL = _retry("incidents.retry_all", "ctrl+t", Scope.QUERY, "retry every incident the filter matches, verified")


# -- resolve and annotate -------------------------------------------------------------------------


def resolve_warnings(engine: Engine, items: Sequence[Incident]) -> tuple[str, ...]:
    """What resolving these does not do, or does beyond them, said before anything is sent."""
    warnings: list[str] = []
    retried = [i for i in items if i.type in repair.RETRIABLE]
    if retried:
        warnings.append(
            f"{plural(len(retried), 'incident')} of a failed job or external task are resolved by a retry; "
            "the engine refuses to resolve them."
        )
    if engine.connection.engine is not EngineKind.C7:
        return tuple(warnings)
    # Camunda 7 resolves a custom incident through its configuration
    custom = [i for i in items if i.type not in repair.RETRIABLE]
    unconfigured = [i for i in custom if not i.configuration]
    if unconfigured:
        warnings.append(
            f"{plural(len(unconfigured), 'custom incident')} without a configuration: Camunda 7 answers "
            "but keeps them (it resolves a custom incident by its configuration). They end with their "
            "execution: cancel the instance, or move it past the activity (modify)."
        )
    if len(custom) > len(unconfigured):
        warnings.append(
            "Camunda 7 resolves a custom incident by its configuration: any other incident with the "
            "same configuration is resolved with it."
        )
    return tuple(warnings)


async def plan_resolve(engine: Engine, items: Sequence[Incident], o: Options) -> Plan:
    warnings = resolve_warnings(engine, items)
    return Plan(
        action="incidents.resolve",
        title=f"Resolve {plural(len(items), 'incident')}",
        targets=targets(items, lambda i: i.id, incident_label),
        impact="The engine forgets the incident; the instance goes on where it can.",
        requests=previews(engine, [op.ResolveIncident(incident_id=i.id) for i in items]),
        risk=Risk.CHANGE,
        warnings=warnings,
    )


async def run_resolve(engine: Engine, i: Incident, o: Options) -> RunResult:
    await engine.incidents.resolve(i.id)
    return "resolved"


async def verify_resolve(engine: Engine, i: Incident, o: Options, since: datetime) -> bool | None:
    return await gone(lambda: engine.incidents.get(i.id))


RESOLVE = Action[Incident](
    id="incidents.resolve",
    key="ctrl+e",
    label="Resolve",
    capability=Capability.INCIDENT_RESOLVE,
    mutates=True,
    risk=Risk.CHANGE,
    scope=Scope.MARKED,
    plan=plan_resolve,
    run=run_resolve,
    verify=verify_resolve,
    description="resolve custom incidents (failed jobs and external tasks are resolved by a retry)",
)


def _note(o: Options) -> str | None:
    return str(o.get("annotation") or "").strip() or None


async def plan_annotate(engine: Engine, items: Sequence[Incident], o: Options) -> Plan:
    note = _note(o)
    return Plan(
        action="incidents.annotate",
        title=f"{'Annotate' if note else 'Clear the annotation of'} {plural(len(items), 'incident')}",
        targets=targets(items, lambda i: i.id, incident_label),
        impact=f"Annotation: {note!r}." if note else "Their annotations are removed.",
        requests=previews(engine, [op.AnnotateIncident(incident_id=i.id, annotation=note) for i in items]),
        risk=Risk.SAFE,
    )


async def run_annotate(engine: Engine, i: Incident, o: Options) -> RunResult:
    await engine.incidents.annotate(i.id, _note(o))
    return "annotated" if _note(o) else "annotation removed"


async def verify_annotate(engine: Engine, i: Incident, o: Options, since: datetime) -> bool | None:
    return (await engine.incidents.get(i.id)).annotation == _note(o)


ANNOTATE = Action[Incident](
    id="incidents.annotate",
    key="a",
    label="Annotate",
    capability=Capability.INCIDENT_ANNOTATE,
    mutates=True,
    risk=Risk.SAFE,
    scope=Scope.MARKED,
    plan=plan_annotate,
    run=run_annotate,
    verify=verify_annotate,
    options=(Option("annotation", "Annotation (empty removes it)", ""),),
    description="annotate incidents (marked, or the one under the cursor)",
)


# -- the kind ---------------------------------------------------------------------------------------


def incident_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--type", help="failedJob, failedExternalTask, ...")
    p.add_argument("--instance", help="process instance id")
    p.add_argument("--key", help="process definition key")
    p.add_argument("--definition", help="process definition id")
    p.add_argument("--activity")
    p.add_argument("--message-like", help="SQL like: %% matches anything")
    p.add_argument("--tenant", action="append")
    p.add_argument("--after", type=iso_time, help="incidents since (ISO time)")
    p.add_argument("--before", type=iso_time, help="incidents until (ISO time)")


def incident_get_flags(p: argparse.ArgumentParser) -> None:
    incident_flags(p)
    p.add_argument(
        "--group-by",
        choices=("type", "activity", "definition", "message"),
        help="groups with count, oldest and newest (messages differing only in ids/numbers/times are one)",
    )
    p.add_argument(
        "--sort",
        choices=[s.value for s in IncidentSort],
        help="sorted by the engine (Camunda 8 lacks message, Camunda 7 the last four: each refuses in words)",
    )
    p.add_argument("--desc", action="store_true", help="with --sort: descending")


def incident_query(a: argparse.Namespace) -> IncidentFilter:
    return IncidentFilter(
        type=a.type,
        process_instance_id=a.instance,
        bpmn_process_ids=tuple([a.key] if a.key else ()),
        process_definition_id=a.definition,
        activity_id=a.activity,
        message_like=a.message_like,
        tenant_ids=tuple(a.tenant or ()),
        after=a.after,
        before=a.before,
        sort_by=IncidentSort(a.sort) if getattr(a, "sort", None) else None,
        sort_order=SortOrder.DESC if getattr(a, "desc", False) else SortOrder.ASC,
    )


# issue 13 (audit): what both engines sort incidents by (Camunda 7 also by message), and what Camunda 8 adds
COMMON_SORTS = ("timestamp", "type", "activity_id", "process_instance_id", "process_definition_id", "tenant_id", "id")
SEARCH_SORTS = tuple(s.value for s in IncidentSort if s.value not in COMMON_SORTS and s is not IncidentSort.MESSAGE)


def sorted_query(query: IncidentFilter, field: str | None, descending: bool) -> IncidentFilter:
    if field is None:
        return query
    order = SortOrder.DESC if descending else SortOrder.ASC
    return query.model_copy(update={"sort_by": IncidentSort(field), "sort_order": order})


INCIDENTS = Kind[Incident](
    name="incidents",
    singular="incident",
    aliases=("inc",),
    title="Incidents",
    capability=Capability.INCIDENT_LIST,
    columns=(
        Column("type", "TYPE", lambda i: i.type, 18, 8, Priority.HIGH),
        Column("activity", "ACTIVITY", lambda i: cell(i.activity_id), 18, 8, Priority.ALWAYS),
        Column("message", "MESSAGE", lambda i: cell(i.message), 50, 16, Priority.ALWAYS, grow=True),
        Column("time", "SINCE", lambda i: when(i.timestamp), 28, 26, Priority.NORMAL),
        Column("annotation", "NOTE", lambda i: cell(i.annotation), 16, 6, Priority.LOW),
        Column("instance", "INSTANCE", lambda i: cell(i.process_instance_id), 36, 13, Priority.LOW, shorten="middle"),
    ),
    fetch=fetch_incidents,
    new_query=IncidentFilter,
    get=lambda engine, i: engine.incidents.get(i),
    describe=describe_incident,
    label_of=incident_label,
    actions=(RETRY, RETRY_ALL, RESOLVE, ANNOTATE),
    sorts=COMMON_SORTS,
    more_sorts=((Capability.INCIDENT_SEARCH_SORT, SEARCH_SORTS),),
    sorted_query=sorted_query,
    cli_flags=incident_get_flags,
    cli_query=incident_query,
    cli_help="incidents (add --group-by type|activity|definition|message for groups)",
    fields=("id", "type", "activity_id", "message", "timestamp", "process_instance_id"),
    screen="camtui.ui.screens.incidents:IncidentsView",
)
