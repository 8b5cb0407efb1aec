"""Pick the engine implementation for a connection: the one place that knows them all."""

from __future__ import annotations

from camtui.api.connection import Connection
from camtui.api.errors import UnsupportedByEngine
from camtui.api.models.info import EngineKind
from camtui.api.protocol import Engine


def connect(connection: Connection) -> Engine:
    """An engine for the connection; no request is sent until a method is called."""
    if connection.engine is EngineKind.C7:
        from camtui.api.c7.engine import C7Engine

        return C7Engine(connection)
    if connection.engine is EngineKind.C8:
        from camtui.api.c8.engine import C8Engine

        return C8Engine(connection)
    raise UnsupportedByEngine(f"Engine kind {connection.engine.value} is not supported yet.")
