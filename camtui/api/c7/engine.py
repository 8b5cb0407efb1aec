"""The Camunda 7 / Operaton engine: one HttpSession, one object per area."""

from __future__ import annotations

import httpx

from camtui.api.c7.definitions import C7Definitions
from camtui.api.c7.deployments import C7Deployments
from camtui.api.c7.errors import c7_error
from camtui.api.c7.identity import C7Identity
from camtui.api.c7.incidents import C7Incidents
from camtui.api.c7.info import C7Info
from camtui.api.c7.instances import C7Instances
from camtui.api.c7.tasks import C7Tasks
from camtui.api.connection import Connection
from camtui.api.http import HttpSession

CAPABILITIES = frozenset(
    {
        "deployment.list",
        "deployment.create",
        "deployment.delete",
        "deployment.redeploy",
        "resource.content",
        "definition.list",
        "definition.statistics",
        "definition.start",
        "definition.suspend",
        "instance.list",
        "instance.variables",
        "instance.activity_tree",
        "instance.suspend",
        "instance.delete",
        "instance.delete_batch",
        "instance.modify",
        "incident.list",
        "incident.retry",
        "incident.resolve",
        "external_task.list",
        "task.list",
        "task.claim",
        "task.delegate",
        "task.complete",
        "task.comments",
        "identity.users",
        "identity.groups",
        "identity.tenants",
        "identity.authorizations",
    }
)


class C7Engine:
    def __init__(self, connection: Connection, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.connection = connection
        self.http = HttpSession(connection, error_mapper=c7_error, transport=transport)
        self.capabilities = CAPABILITIES
        self.deployments = C7Deployments(self.http)
        self.definitions = C7Definitions(self.http)
        self.instances = C7Instances(self.http)
        self.incidents = C7Incidents(self.http)
        self.tasks = C7Tasks(self.http)
        self.identity = C7Identity(self.http)
        self.info = C7Info(self.http)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> C7Engine:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
