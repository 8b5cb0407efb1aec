"""A real HTTP server on 127.0.0.1 that answers from a script: for faults no engine makes on demand."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

# a step: (status, content-type, body), optionally with extra headers as a fourth member, or "hang"
# (accept, never answer), or "close" (drop the connection)
Step = tuple[int, str, bytes] | tuple[int, str, bytes, dict[str, str]] | str


@dataclass
class ScriptedServer:
    steps: list[Step]
    requests: list[tuple[str, str]] = field(default_factory=list)
    # headers (lower-cased names) and body of each request, in order
    details: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/engine-rest"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
            length = next(
                (
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ),
                0,
            )
            body = await reader.readexactly(length) if length else b""
            self.requests.append((method, target))
            headers = {}
            for line in head.split(b"\r\n")[1:]:
                if b":" in line:
                    name, value = line.split(b":", 1)
                    headers[name.decode().strip().lower()] = value.decode().strip()
            self.details.append((headers, body))
            step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
            if step == "hang":
                await asyncio.sleep(30)
                return
            if step == "close":
                return
            assert isinstance(step, tuple)
            status, ctype, body = step[:3]
            extra = "".join(f"{k}: {v}\r\n" for k, v in (step[3] if len(step) > 3 else {}).items())
            writer.write(
                f"HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n{extra}"
                "Connection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()


@asynccontextmanager
async def scripted(*steps: Step) -> AsyncIterator[ScriptedServer]:
    server = ScriptedServer(list(steps))
    srv = await asyncio.start_server(server._handle, "127.0.0.1", 0)
    server.port = srv.sockets[0].getsockname()[1]
    try:
        yield server
    finally:
        srv.close()
        # handlers still hanging are cancelled with the server
        await asyncio.wait_for(srv.wait_closed(), 5)


JSON = "application/json"
ok: Callable[[bytes], Step] = lambda body: (200, JSON, body)  # noqa: E731
