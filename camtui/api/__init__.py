"""The engine-neutral service layer. Never imports Textual.

async with connect(Connection(base_url=..., credentials=...)) as engine:
    page = await engine.deployments.list(DeploymentFilter(name_like="invoice%"))
"""

from __future__ import annotations

from camtui.api.c7.engine import C7Engine
from camtui.api.connection import AuthKind, Connection, Credentials, Timeouts
from camtui.api.errors import EngineError, UnsupportedByEngine
from camtui.api.models.info import EngineKind
from camtui.api.protocol import Engine


def connect(connection: Connection) -> Engine:
    """An engine for the connection; no request is sent until a method is called."""
    if connection.engine is EngineKind.C7:
        return C7Engine(connection)
    raise UnsupportedByEngine(f"Engine kind {connection.engine.value} is not supported yet.")


__all__ = ["AuthKind", "Connection", "Credentials", "Engine", "EngineError", "Timeouts", "connect"]
