"""`:pd`, `:pi`, `:inc`, `:ut` — the runtime lists, on the shared paged list."""

from __future__ import annotations

from typing import Any

from camtui.api.models import (
    DefinitionFilter,
    Incident,
    IncidentFilter,
    InstanceFilter,
    ProcessDefinition,
    ProcessInstance,
    TaskFilter,
    UserTask,
)
from camtui.api.paging import Page
from camtui.kinds.format import cell, when
from camtui.ui.engine_access import camtui_app
from camtui.ui.screens.list_view import Column, ListView


class DefinitionsScreen(ListView[ProcessDefinition]):
    VIEW = "definitions"
    DESCRIBE = "definition"
    TITLE = "process definitions"
    COLUMNS = (
        Column("key", "KEY", 24),
        Column("name", "NAME", 24),
        Column("version", "VER", 4),
        Column("running", "RUNNING", 7),
        Column("incidents", "INCIDENTS", 9),
        Column("suspended", "SUSPENDED", 9),
        Column("tenant", "TENANT", 10),
        Column("id", "ID", 48),
    )

    async def fetch(self, after: str | None, limit: int) -> Page[ProcessDefinition]:
        engine = camtui_app(self).engine
        return await engine.definitions.list(
            DefinitionFilter(latest_only=True), limit=limit, after=after, with_statistics=True
        )

    def cells(self, item: ProcessDefinition) -> tuple[Any, ...]:
        return (
            item.key,
            cell(item.name),
            str(item.version),
            cell(item.running_instances),
            cell(item.incidents),
            cell(item.suspended),
            cell(item.tenant_id),
            item.id,
        )


class InstancesScreen(ListView[ProcessInstance]):
    VIEW = "instances"
    DESCRIBE = "instance"
    TITLE = "process instances"
    COLUMNS = (
        Column("id", "ID", 36),
        Column("definition", "DEFINITION", 24),
        Column("business_key", "BUSINESS KEY", 20),
        Column("state", "STATE", 9),
        Column("tenant", "TENANT", 10),
    )

    async def fetch(self, after: str | None, limit: int) -> Page[ProcessInstance]:
        return await camtui_app(self).engine.instances.list(InstanceFilter(), limit=limit, after=after)

    def cells(self, item: ProcessInstance) -> tuple[Any, ...]:
        return (
            item.id,
            cell(item.definition_key),
            cell(item.business_key),
            "suspended" if item.suspended else "active",
            cell(item.tenant_id),
        )


class IncidentsScreen(ListView[Incident]):
    VIEW = "incidents"
    DESCRIBE = "incident"
    TITLE = "incidents"
    COLUMNS = (
        Column("type", "TYPE", 18),
        Column("activity", "ACTIVITY", 18),
        Column("message", "MESSAGE", 50),
        Column("time", "SINCE", 28),
        Column("instance", "INSTANCE", 36),
    )

    async def fetch(self, after: str | None, limit: int) -> Page[Incident]:
        return await camtui_app(self).engine.incidents.list(IncidentFilter(), limit=limit, after=after)

    def cells(self, item: Incident) -> tuple[Any, ...]:
        return (
            item.type,
            cell(item.activity_id),
            cell(item.message),
            when(item.timestamp),
            cell(item.process_instance_id),
        )


class TasksScreen(ListView[UserTask]):
    VIEW = "tasks"
    DESCRIBE = "task"
    TITLE = "user tasks"
    COLUMNS = (
        Column("name", "NAME", 24),
        Column("assignee", "ASSIGNEE", 12),
        Column("created", "CREATED", 28),
        Column("due", "DUE", 20),
        Column("instance", "INSTANCE", 36),
        Column("id", "ID", 36),
    )

    async def fetch(self, after: str | None, limit: int) -> Page[UserTask]:
        return await camtui_app(self).engine.tasks.list(TaskFilter(), limit=limit, after=after)

    def cells(self, item: UserTask) -> tuple[Any, ...]:
        return (
            cell(item.name),
            cell(item.assignee),
            when(item.created),
            when(item.due),
            cell(item.process_instance_id),
            item.id,
        )
