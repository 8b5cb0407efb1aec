"""What a Camunda 8.9+ cluster counts itself (issue 13): jobs per type in a time window (created,
completed, failed, workers) and active instances per incident error message. Two read-only kinds,
`:job-types` and `:errors`; an 8.8 cluster is told "needs Camunda 8.9" before anything is sent.
And the decisions' evaluations, newest first (`:evaluations`)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel

from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest
from camtui.api.models.cluster import DecisionInstance, ErrorStatistic, JobTypeStatistic
from camtui.api.paging import Page
from camtui.api.protocol import Engine, decisions_of, incident_statistics_of, job_statistics_of
from camtui.kinds.base import Column, Kind, Priority
from camtui.kinds.format import cell, when

# the window job statistics cover unless told
DEFAULT_HOURS = 24


class WindowQuery(BaseModel):
    hours: int = DEFAULT_HOURS


class NoQuery(BaseModel):
    pass


async def fetch_job_types(engine: Engine, query: WindowQuery, after: str | None, limit: int) -> Page[JobTypeStatistic]:
    if query.hours < 1:
        raise BadRequest(f"The window is a number of hours, at least 1, not {query.hours}. Nothing was sent.")
    end = datetime.now(UTC)
    rows = await job_statistics_of(engine).statistics_by_type(end - timedelta(hours=query.hours), end)
    ordered = tuple(sorted(rows, key=lambda s: (-s.failed, s.job_type)))
    return Page(items=ordered, total=len(ordered))


def job_type_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--hours", type=int, default=DEFAULT_HOURS, help=f"back from now (default {DEFAULT_HOURS})")


JOB_TYPES = Kind[JobTypeStatistic](
    name="job-types",
    singular="job-type",
    aliases=("jobstats", "job-statistics"),
    title="Jobs per type (the last 24 hours in the console)",
    capability=Capability.C8_STATISTICS,
    columns=(
        Column("type", "TYPE", lambda s: cell(s.job_type), 30, 10, Priority.ALWAYS, grow=True),
        Column("created", "CREATED", lambda s: str(s.created), 8, 7, Priority.ALWAYS),
        Column("completed", "COMPLETED", lambda s: str(s.completed), 9, 7, Priority.ALWAYS),
        Column("failed", "FAILED", lambda s: str(s.failed), 8, 6, Priority.ALWAYS),
        Column("workers", "WORKERS", lambda s: str(s.workers), 8, 7, Priority.HIGH),
    ),
    fetch=fetch_job_types,
    new_query=WindowQuery,
    key_of=lambda s: s.job_type,
    label_of=lambda s: s.job_type,
    cli_flags=job_type_flags,
    cli_query=lambda a: WindowQuery(hours=a.hours),
    cli_help="jobs per type: created, completed, failed, workers (Camunda 8.9)",
    fields=("job_type", "created", "completed", "failed", "workers"),
)


async def fetch_errors(engine: Engine, query: NoQuery, after: str | None, limit: int) -> Page[ErrorStatistic]:
    rows = await incident_statistics_of(engine).statistics_by_error()
    return Page(items=rows, total=len(rows))


def _error_key(s: ErrorStatistic) -> str:
    return str(s.error_hash)


INCIDENT_ERRORS = Kind[ErrorStatistic](
    name="errors",
    singular="error",
    aliases=("error-counts",),
    title="Incidents per error",
    capability=Capability.C8_STATISTICS,
    columns=(
        Column("instances", "INSTANCES", lambda s: str(s.instances), 9, 7, Priority.ALWAYS),
        Column("error", "ERROR", lambda s: cell(s.error_message), 60, 20, Priority.ALWAYS, grow=True),
    ),
    fetch=fetch_errors,
    new_query=NoQuery,
    key_of=_error_key,
    label_of=lambda s: s.error_message,
    cli_query=lambda a: NoQuery(),
    cli_help="active instances per incident error message, counted by the cluster (Camunda 8.9)",
    fields=("instances", "error_message"),
)


# -- decision evaluations (issue 13 audit: "decisions ... instances") ------------------------------


class EvaluationQuery(BaseModel):
    decision_id: str | None = None


async def fetch_evaluations(
    engine: Engine, query: EvaluationQuery, after: str | None, limit: int
) -> Page[DecisionInstance]:
    return await decisions_of(engine).instances(decision_id=query.decision_id, limit=limit, after=after)


def evaluation_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--decision-id", help="the id in the DMN file")


EVALUATIONS = Kind[DecisionInstance](
    name="evaluations",
    singular="evaluation",
    aliases=("decision-instances", "di"),
    title="Decision evaluations",
    capability=Capability.DECISION_LIST,
    columns=(
        Column("time", "EVALUATED", lambda d: when(d.evaluated), 28, 26, Priority.ALWAYS),
        Column("decision", "DECISION", lambda d: cell(d.decision_name or d.decision_id), 24, 10, Priority.ALWAYS),
        Column("state", "STATE", lambda d: cell(d.state), 10, 6, Priority.ALWAYS),
        Column("result", "RESULT / FAILURE", lambda d: cell(d.failure or d.result), 40, 10, Priority.HIGH, grow=True),
        Column("instance", "INSTANCE", lambda d: cell(d.process_instance_id), 18, 10, Priority.LOW),
        Column("id", "KEY", lambda d: d.id, 18, 10, Priority.LOW, shorten="middle"),
    ),
    fetch=fetch_evaluations,
    new_query=EvaluationQuery,
    label_of=lambda d: f"{d.decision_id} at {when(d.evaluated)}",
    cli_flags=evaluation_flags,
    cli_query=lambda a: EvaluationQuery(decision_id=a.decision_id),
    cli_help="decision evaluations, newest first: result or failure (Camunda 8)",
    fields=("evaluated", "decision_id", "state", "result", "failure", "process_instance_id", "id"),
)

C8_STATISTICS_KINDS: tuple[Kind[Any], ...] = (JOB_TYPES, INCIDENT_ERRORS, EVALUATIONS)
