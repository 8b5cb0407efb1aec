"""Incidents: every failure across all definitions."""

from __future__ import annotations

import argparse
from typing import Any

from camtui.api.capabilities import Capability
from camtui.api.models import Incident, IncidentFilter
from camtui.api.paging import Page
from camtui.api.protocol import Engine
from camtui.kinds.base import Column, Kind, Priority
from camtui.kinds.format import cell, when


async def fetch_incidents(engine: Engine, query: IncidentFilter, after: str | None, limit: int) -> Page[Incident]:
    return await engine.incidents.list(query, limit=limit, after=after)


async def describe_incident(engine: Engine, incident_id: str) -> dict[str, Any]:
    inc = await engine.incidents.get(incident_id)
    return inc.model_dump(mode="json") | {"stacktrace": await engine.incidents.stacktrace(inc)}


def incident_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--type", help="failedJob, failedExternalTask, ...")
    p.add_argument("--instance", help="process instance id")
    p.add_argument("--key", help="process definition key")
    p.add_argument("--activity")
    p.add_argument("--message-like")


def incident_query(a: argparse.Namespace) -> IncidentFilter:
    return IncidentFilter(
        type=a.type,
        process_instance_id=a.instance,
        bpmn_process_ids=tuple([a.key] if a.key else ()),
        activity_id=a.activity,
        message_like=a.message_like,
    )


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
        Column("instance", "INSTANCE", lambda i: cell(i.process_instance_id), 36, 13, Priority.LOW, shorten="middle"),
    ),
    fetch=fetch_incidents,
    new_query=IncidentFilter,
    get=lambda engine, i: engine.incidents.get(i),
    describe=describe_incident,
    label_of=lambda i: f"{i.type} at {i.activity_id}",
    cli_flags=incident_flags,
    cli_query=incident_query,
    cli_help="incidents",
    fields=("id", "type", "activity_id", "message", "timestamp", "process_instance_id"),
)
