"""The engine-neutral service layer. Never imports Textual.

async with connect(Connection(base_url=..., credentials=...)) as engine:
    page = await engine.deployments.list(DeploymentFilter(name_like="invoice%"))

`connect` lives in camtui.api.factory, the one module that knows the engine implementations; it
is loaded on first use here, so importing the models or the protocol loads no implementation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from camtui.api.connection import AuthKind, Connection, Credentials, Timeouts
from camtui.api.errors import EngineError, UnsupportedByEngine
from camtui.api.protocol import Engine

if TYPE_CHECKING:
    from camtui.api.factory import connect


def __getattr__(name: str) -> Any:
    if name == "connect":
        from camtui.api.factory import connect

        return connect
    raise AttributeError(name)


__all__ = [
    "AuthKind",
    "Connection",
    "Credentials",
    "Engine",
    "EngineError",
    "Timeouts",
    "UnsupportedByEngine",
    "connect",
]
