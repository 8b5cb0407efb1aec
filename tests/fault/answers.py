"""Helpers for scripted answers: extra response headers, and when each request arrived."""

from __future__ import annotations

import time

from tests.fault.scripted_server import ScriptedServer, Step


def with_headers(status: int, content_type: str, body: bytes, headers: dict[str, str]) -> Step:
    """A scripted step that also sends `headers`: the server writes the content type as a header
    line, so the extra lines follow it."""
    extra = "".join(f"\r\n{name}: {value}" for name, value in headers.items())
    return (status, content_type + extra, body)


class Stamped(list[tuple[str, str]]):
    """`ScriptedServer.requests` that also notes when each request arrived (monotonic seconds)."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def append(self, item: tuple[str, str]) -> None:
        self.times.append(time.monotonic())
        super().append(item)


def stamp(server: ScriptedServer) -> Stamped:
    stamped = Stamped()
    server.requests = stamped
    return stamped
