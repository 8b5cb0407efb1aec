"""Camunda 8's batch operations over a filter, as one action each (issue 13): cancel, resolve the
incidents of, delete, migrate or modify every process instance a filter matches.

The target is the filter itself (`Scope.FILTER`): the console's `:pi` hands over its current query,
the CLI builds one from its flags. The plan states the filter in words, the count the cluster
reports for it now (the cluster freezes the list when the batch starts), and the exact request;
the batch is then followed to its end (`c8_actions.settle_batch`), as `:batches` shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import defusedxml.ElementTree as SafeXml

from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest
from camtui.api.models import DefinitionFilter, InstanceFilter, ProcessDefinition, ProcessInstance
from camtui.api.plan import OutcomeStatus, Plan, Report, Risk, Target
from camtui.api.protocol import Engine, instance_batches_of
from camtui.kinds.base import Action, Note, Option, Options, RunResult, Scope
from camtui.kinds.c8_actions import settle_batch, text
from camtui.kinds.common import plural, previews
from camtui.kinds.migration import parse_mapping

# the word a person types -> the path's last word (POST /process-instances/{kind})
KINDS = {
    "cancel": "cancellation",
    "resolve": "incident-resolution",
    "delete": "deletion",
    "migrate": "migration",
    "modify": "modification",
}
# the BPMN elements a token can wait in, mapped by id when no mapping is given
_WAITING = ("Task", "Event", "Gateway", "subProcess", "callActivity", "transaction")


def describe_filter(f: InstanceFilter) -> str:
    """The filter as a person reads it: `process order, with an incident`."""
    words: list[str] = []
    if f.bpmn_process_id:
        words.append(f"process {f.bpmn_process_id}")
    if f.definition_id:
        words.append(f"definition {f.definition_id}")
    if f.ids:
        words.append(plural(len(f.ids), "named instance"))
    if f.business_key:
        words.append(f"business key {f.business_key}")
    if f.activity_ids:
        words.append(f"waiting in {', '.join(f.activity_ids)}")
    if f.tenant_ids:
        words.append(f"tenant {', '.join(f.tenant_ids)}")
    if f.variables:
        words.append(", ".join(f"{v.name} {v.operator} {v.value!r}" for v in f.variables))
    if f.with_incident:
        words.append("with an incident")
    return ", ".join(words) or "every instance"


def effective_filter(f: InstanceFilter, o: Options) -> InstanceFilter:
    """The query, with the process or definition typed in the form (they win); never empty."""
    process, definition = text(o, "process"), text(o, "definition")
    update: dict[str, Any] = {}
    if process:
        update["bpmn_process_id"] = process
    if definition:
        update["definition_id"] = definition
    if o.get("with_incident"):
        update["with_incident"] = True
    out = f.model_copy(update=update)
    if not (out.bpmn_process_id or out.definition_id or out.ids):
        # a batch over every instance of the cluster is never what a person meant
        raise BadRequest("Name the process (its BPMN id) or the definition key the batch covers.")
    return out


def prefill(f: InstanceFilter) -> dict[str, Any]:
    return {"process": f.bpmn_process_id or "", "definition": f.definition_id or ""}


def prefill_from(f: InstanceFilter, row: ProcessInstance | None) -> dict[str, Any]:
    """The form's start: the query's process, or where the query names none the process of the row
    under the cursor (the plan then says how many of it match, before anything is sent)."""
    start = prefill(f)
    if not (start["process"] or start["definition"]) and row is not None and row.bpmn_process_id:
        start["process"] = row.bpmn_process_id
    return start


# the batches that change running instances: refused on a search of ended ones (deletion is for those)
RUNNING_ONLY = frozenset({"cancellation", "incident-resolution", "migration", "modification"})


def running_only(kind: str, f: InstanceFilter) -> None:
    """A change only running instances take, over a search of ended ones, refused in words."""
    if kind in RUNNING_ONLY and f.end_state is not None:
        raise BadRequest(
            f"The search is of {f.end_state.value} instances: only running ones can be changed so. "
            "Search for running instances first; nothing was sent."
        )


async def _count(engine: Engine, f: InstanceFilter) -> tuple[int, str]:
    """How many the cluster says match now, and that in words (its totals may be capped)."""
    page = await engine.instances.list(f, limit=1)
    n = page.total if page.total is not None else len(page.items)
    return n, plural(n, "running instance") + ("" if page.total_exact else " or more")


# -- migration --------------------------------------------------------------------------------------


def element_ids(xml: str) -> set[str]:
    """The ids of the elements a token can wait in (tasks, events, gateways, sub-processes)."""
    ids: set[str] = set()
    for el in SafeXml.fromstring(xml.encode()).iter():
        tag = str(el.tag).rpartition("}")[2]
        if tag.endswith(_WAITING) and el.get("id"):
            ids.add(str(el.get("id")))
    return ids


async def migration_target(engine: Engine, f: InstanceFilter, wanted: str) -> ProcessDefinition:
    """`wanted`: a version number of the filter's process, a definition key, or empty for the latest."""
    wanted = wanted.strip()
    process = f.bpmn_process_id
    if process is None and f.definition_id:
        process = (await engine.definitions.get(f.definition_id)).bpmn_process_id
    if wanted and not wanted.isdigit():
        return await engine.definitions.get(wanted)
    if process is None:
        raise BadRequest("Name the process the instances run, or give the target definition's key.")
    if not wanted:
        return await engine.definitions.get_latest(process)
    versions = await engine.definitions.list(DefinitionFilter(bpmn_process_id=process), limit=1000)
    for d in versions.items:
        if d.version == int(wanted):
            return d
    raise BadRequest(f"{process} has no version {wanted}.")


async def default_mapping(engine: Engine, f: InstanceFilter, target: ProcessDefinition) -> tuple[tuple[str, str], ...]:
    """Element ids found in the target and in every source version: each mapped to itself."""
    if f.definition_id:
        sources = [f.definition_id]
    else:
        versions = await engine.definitions.list(DefinitionFilter(bpmn_process_id=target.bpmn_process_id), limit=1000)
        sources = [d.id for d in versions.items if d.id != target.id]
    common = element_ids(await engine.definitions.xml(target.id))
    for source in sources:
        common &= element_ids(await engine.definitions.xml(source))
    return tuple((e, e) for e in sorted(common))


async def migration_operation(engine: Engine, f: InstanceFilter, o: Options) -> tuple[op.BatchByFilter, str]:
    """The batch, and where it goes in words (`order v2`)."""
    target = await migration_target(engine, f, text(o, "to_version"))
    if f.definition_id == target.id:
        raise BadRequest(f"They run on {target.bpmn_process_id} v{target.version} already: choose another version.")
    mapping = text(o, "mapping")
    if mapping:
        pairs = tuple((i.source_activity_ids[0], i.target_activity_ids[0]) for i in parse_mapping(mapping))
    else:
        pairs = await default_mapping(engine, f, target)
    batch = op.BatchByFilter(kind="migration", filter=f, target_definition_id=target.id, mappings=pairs)
    return batch, f"{target.bpmn_process_id} v{target.version}"


# -- the operation and the plan ---------------------------------------------------------------------


async def operation(engine: Engine, kind: str, f: InstanceFilter, o: Options) -> tuple[op.BatchByFilter, str]:
    """The batch, and what it does in words (the plan's title)."""
    if kind == "migration":
        batch, target = await migration_operation(engine, f, o)
        pairs = ", ".join(f"{s} → {t}" for s, t in batch.mappings) or "no elements"
        return batch, f"Migrate to {target} (definition {batch.target_definition_id}), mapping {pairs},"
    if kind == "modification":
        moves = text(o, "moves")
        if not moves:
            raise BadRequest("Give the moves: SOURCE->TARGET element ids, e.g. pay->ship.")
        moved = tuple((i.source_activity_ids[0], i.target_activity_ids[0]) for i in parse_mapping(moves))
        batch = op.BatchByFilter(kind=kind, filter=f, moves=moved)
        return batch, "Move the tokens " + ", ".join(f"{s} → {t}" for s, t in moved) + " of"
    verb = {"cancellation": "Cancel", "incident-resolution": "Resolve the incidents of", "deletion": "Delete"}[kind]
    return op.BatchByFilter(kind=kind, filter=f), verb


RISKS = {"cancellation": Risk.DESTROY, "deletion": Risk.DESTROY}


async def settle(engine: Engine, items: Sequence[Any], report: Report, o: Options, note: Note) -> Report:
    """Follow the batch to its end (as `:batches` does); a failed one names its first failures in its outcome,
    which is all a script sees of a single target."""
    report = await settle_batch(engine, items, report, o, note)
    failed = [out for out in report.outcomes if out.status is OutcomeStatus.FAILED]
    if not failed or len(report.notes) < 2:
        return report
    first = "; ".join(report.notes[1:4])
    outcome = failed[0].model_copy(update={"message": f"{failed[0].message} First failures: {first}"})
    return report.model_copy(update={"outcomes": (outcome,)})


def _filter_action(word: str, key: str, label: str, options: tuple[Option, ...], description: str) -> Action[Any]:
    kind = KINDS[word]
    risk = RISKS.get(kind, Risk.CHANGE)

    async def plan(engine: Engine, items: Sequence[InstanceFilter], o: Options) -> Plan:
        title = f"{label}: every running instance a filter matches"
        try:
            f = effective_filter(items[0], o)
            running_only(kind, f)
            batch, what = await operation(engine, kind, f, o)
        except BadRequest as exc:
            # unfinished input: said in the plan, refused by `run`
            return Plan(action=f"instances.{word}_matching", title=title, risk=risk, warnings=(str(exc),))
        n, count = await _count(engine, f)
        warnings: tuple[str, ...] = ()
        if kind == "migration" and not f.definition_id:
            warnings = ("Instances already on the target version are not migrated (failed items of the batch).",)
        return Plan(
            action=f"instances.{word}_matching",
            title=f"{what} every running instance of {describe_filter(f)}",
            # the process is the word typed to confirm what destroys
            targets=(Target(id=describe_filter(f), label=f"{f.bpmn_process_id or f.definition_id or 'named'}"),),
            impact=f"{count} match now (the cluster's count); the cluster freezes the list when the batch starts",
            impact_count=n if risk is Risk.DESTROY else 0,
            requests=previews(engine, [batch]),
            risk=risk,
            warnings=warnings,
        )

    async def run(engine: Engine, item: InstanceFilter, o: Options) -> RunResult:
        f = effective_filter(item, o)
        running_only(kind, f)
        batch, _ = await operation(engine, kind, f, o)
        started = await instance_batches_of(engine).start_batch(batch)
        return f"started batch operation {started.id}", started

    return Action[Any](
        id=f"instances.{word}_matching",
        key=key,
        label=label,
        capability=Capability.BATCH_BY_FILTER,
        mutates=True,
        risk=risk,
        scope=Scope.FILTER,
        plan=plan,
        run=run,
        settle=settle,
        options=options,
        description=description,
        prefill=prefill,
    )


_PROCESS = (Option("process", "Process (BPMN id)", ""), Option("definition", "or definition key", ""))

MIGRATE_MATCHING = _filter_action(
    "migrate",
    "M",
    "Migrate all matching",
    (
        *_PROCESS,
        Option("to_version", "To version (number or definition key; empty: the latest)", ""),
        Option("mapping", "Mapping SOURCE->TARGET, ... (empty: same element ids)", ""),
    ),
    "migrate every running instance the query matches to another version, as one batch operation",
)
MODIFY_MATCHING = _filter_action(
    "modify",
    "O",
    "Move tokens of all matching",
    (*_PROCESS, Option("moves", "Moves SOURCE->TARGET, ... (element ids)", "")),
    "move the tokens of every running instance the query matches, as one batch operation",
)
CANCEL_MATCHING = _filter_action(
    "cancel", "ctrl+d", "Cancel all matching", _PROCESS, "cancel every running instance the query matches"
)
RESOLVE_MATCHING = _filter_action(
    "resolve", "R", "Resolve incidents of all matching", _PROCESS, "resolve the incidents of every matching instance"
)
DELETE_MATCHING = _filter_action(
    "delete", "X", "Delete all matching", _PROCESS, "delete every instance the query matches (8.9)"
)

# what `:pi` offers on Camunda 8 (`D` cancels all matching there already, frozen client-side)
PI_ACTIONS: tuple[Action[Any], ...] = (MIGRATE_MATCHING, MODIFY_MATCHING)
BY_WORD: dict[str, Action[Any]] = {
    "cancel": CANCEL_MATCHING,
    "resolve": RESOLVE_MATCHING,
    "delete": DELETE_MATCHING,
    "migrate": MIGRATE_MATCHING,
    "modify": MODIFY_MATCHING,
}


def unsettled(action: Action[Any]) -> Action[Any]:
    """The same action, reported when the cluster accepted the batch (not followed to its end)."""
    return replace(action, settle=None)
