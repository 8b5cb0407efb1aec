"""A loopback HTTP/1.1 reverse proxy in front of the real engine that misbehaves on demand.

It runs its own event loop in a background thread (the CLI under test calls `asyncio.run` itself),
listens on 127.0.0.1 only, and answers every request with `Connection: close`. The test sets
`mode` between commands:

- `pass`: forward unchanged
- `refuse`: the listening socket is closed, so connects are refused (any other mode reopens it)
- `stall`: read the request, never answer (the handler gives up after `stall_seconds`)
- `reset`: read the request, then close with SO_LINGER 0 (a TCP reset)
- `status:N`: answer status N with a small gateway-like HTML page naming it
- `malformed`: 200 with `{"broken"`
- `wrong-shape`: 200 with `"text"`; `wrong-shape:list`: 200 with `[]`
- `empty`: 200 with an empty body
- `drop-body`: forward, then send the engine's status line and headers with the real
  Content-Length but only half of the body, then close (an answer without a body loses the
  second half of its head instead)
- `unauthorized-after:N`: forward the first N requests, then 401 with the engine's JSON

`when`, if given, picks the requests the fault applies to (by method and path); the others are
forwarded. Every request is recorded in `requests` as (method, path, what the proxy did).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx

Predicate = Callable[[str, str], bool]

# how long any one step may take: reading a request, the engine's answer, a stall
IO_TIMEOUT = 15.0
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "host",
        "content-length",
        "accept-encoding",
        "content-encoding",
    }
)
UNAUTHORIZED = b'{"type":"AuthenticationException","message":"Unauthorized"}'
MODES = ("pass", "refuse", "stall", "reset", "malformed", "wrong-shape", "wrong-shape:list", "empty", "drop-body")


class MisbehavingProxy:
    def __init__(self, target_url: str, *, stall_seconds: float = 10.0) -> None:
        parts = urlsplit(target_url)
        self.target_origin = f"{parts.scheme}://{parts.netloc}"
        self.path = parts.path.rstrip("/")
        self.stall_seconds = stall_seconds
        self.port = 0
        self.requests: list[tuple[str, str, str]] = []
        self._mode = "pass"
        self._when: Predicate | None = None
        self._seen = 0  # requests since the mode was set (for unauthorized-after:N)
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="misbehaving-proxy", daemon=True)
        self._server: asyncio.Server | None = None
        self._client: httpx.AsyncClient | None = None
        self._handlers: set[asyncio.Task[Any]] = set()

    # -- control, from the test's thread --

    @property
    def url(self) -> str:
        """The engine's base URL, through the proxy."""
        return f"http://127.0.0.1:{self.port}{self.path}"

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, value: str) -> None:
        self.set_mode(value)

    def set_mode(self, mode: str, when: Predicate | None = None) -> None:
        check_mode(mode)
        if mode == "refuse" and when is not None:
            raise ValueError("`refuse` closes the listening socket: it applies to every request")
        self._call(self._set_mode(mode, when))

    def start(self) -> None:
        self._thread.start()
        self._call(self._start())

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        try:
            self._call(self._stop())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            if not self._thread.is_alive():
                self._loop.close()

    def faulted(self) -> list[tuple[str, str, str]]:
        """The requests the proxy did not simply forward."""
        with self._lock:
            return [r for r in self.requests if r[2] != "pass"]

    def _call(self, coro: Any) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return future.result(IO_TIMEOUT)

    # -- on the proxy's loop --

    async def _start(self) -> None:
        self._client = httpx.AsyncClient(
            base_url=self.target_origin, timeout=httpx.Timeout(IO_TIMEOUT), follow_redirects=False
        )
        await self._listen()

    async def _listen(self) -> None:
        if self._server is None:
            # the same port again after `refuse`; SO_REUSEADDR lets it be taken while old sockets linger
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, reuse_address=True)
            self.port = self._server.sockets[0].getsockname()[1]

    async def _set_mode(self, mode: str, when: Predicate | None) -> None:
        self._mode, self._when, self._seen = mode, when, 0
        # requests still stalled from the previous mode end now
        for task in list(self._handlers):
            task.cancel()
        if mode == "refuse":
            if self._server is not None:
                self._server.close()
                await asyncio.wait_for(self._server.wait_closed(), IO_TIMEOUT)
                self._server = None
        else:
            await self._listen()

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for task in list(self._handlers):
            task.cancel()
        if self._handlers:
            await asyncio.wait(list(self._handlers), timeout=IO_TIMEOUT)
        if self._client is not None:
            await self._client.aclose()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        try:
            request = await asyncio.wait_for(read_request(reader), IO_TIMEOUT)
            if request is not None:
                await self._answer(request, reader, writer)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, TimeoutError, ValueError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            self._handlers.discard(task)
            with contextlib.suppress(Exception):
                writer.close()

    async def _answer(self, request: Request, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        mode = self._mode
        self._seen += 1
        if self._when is not None and not self._when(request.method, request.path):
            mode = "pass"
        if mode.startswith("unauthorized-after:"):
            mode = "pass" if self._seen <= int(mode.split(":", 1)[1]) else "unauthorized"
        with self._lock:
            self.requests.append((request.method, request.path, mode))
        if mode == "pass":
            status, reason, headers, body = await self._forward(request)
            await send(writer, status, reason, headers, body)
        elif mode == "stall":
            # never answer: hold the connection until the client gives up (EOF), at most stall_seconds
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(reader.read(), self.stall_seconds)
        elif mode in ("reset", "refuse"):  # `refuse`: a connection accepted just before the socket closed
            reset(writer)
        elif mode.startswith("status:"):
            code = int(mode.split(":", 1)[1])
            phrase = httpx.codes.get_reason_phrase(code)
            page = f"<html><head><title>{code} {phrase}</title></head><body><h1>{code} {phrase}</h1></body></html>"
            await send(writer, code, phrase, [("Content-Type", "text/html")], page.encode())
        elif mode == "malformed":
            await send(writer, 200, "OK", [("Content-Type", "application/json")], b'{"broken"')
        elif mode == "wrong-shape":
            await send(writer, 200, "OK", [("Content-Type", "application/json")], b'"text"')
        elif mode == "wrong-shape:list":
            await send(writer, 200, "OK", [("Content-Type", "application/json")], b"[]")
        elif mode == "empty":
            await send(writer, 200, "OK", [("Content-Type", "application/json")], b"")
        elif mode == "unauthorized":
            headers = [("Content-Type", "application/json"), ("WWW-Authenticate", 'Basic realm="default"')]
            await send(writer, 401, "Unauthorized", headers, UNAUTHORIZED)
        elif mode == "drop-body":
            status, reason, headers, body = await self._forward(request)
            head = response_head(status, reason, headers, len(body))
            if body:
                writer.write(head + body[: len(body) // 2])
            else:
                writer.write(head[: len(head) // 2])
            await writer.drain()
        else:  # pragma: no cover - check_mode refuses the rest
            raise AssertionError(mode)

    async def _forward(self, request: Request) -> tuple[int, str, list[tuple[str, str]], bytes]:
        assert self._client is not None
        headers = [(k, v) for k, v in request.headers if k.lower() not in HOP_BY_HOP]
        response = await self._client.request(request.method, request.target, headers=headers, content=request.body)
        kept = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in HOP_BY_HOP]
        return response.status_code, response.reason_phrase, kept, response.content


class Request:
    __slots__ = ("body", "headers", "method", "path", "target")

    def __init__(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes) -> None:
        self.method = method
        self.target = target
        self.path = target.split("?", 1)[0]
        self.headers = headers
        self.body = body


async def read_request(reader: asyncio.StreamReader) -> Request | None:
    """One HTTP/1.1 request: its head, and a body by Content-Length or chunked encoding."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None  # the client connected and went away
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = [(k.strip(), v.strip()) for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)]
    fields = {k.lower(): v for k, v in headers}
    if fields.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        for _ in range(100_000):  # bounded, as every loop here
            size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0].strip(), 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            chunks.append(chunk[:-2])
        body = b"".join(chunks)
    else:
        length = int(fields.get("content-length", "0"))
        body = await reader.readexactly(length) if length else b""
    return Request(method, target, headers, body)


def response_head(status: int, reason: str, headers: list[tuple[str, str]], length: int) -> bytes:
    lines = [f"HTTP/1.1 {status} {reason or 'X'}", *(f"{k}: {v}" for k, v in headers)]
    lines += [f"Content-Length: {length}", "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def send(
    writer: asyncio.StreamWriter, status: int, reason: str, headers: list[tuple[str, str]], body: bytes
) -> None:
    writer.write(response_head(status, reason, headers, len(body)) + body)
    await writer.drain()


def reset(writer: asyncio.StreamWriter) -> None:
    """Close the connection with a TCP reset instead of an orderly close."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def check_mode(mode: str) -> None:
    name, _, arg = mode.partition(":")
    if mode in MODES or (name in ("status", "unauthorized-after") and arg.isdigit()):
        return
    raise ValueError(f"unknown proxy mode {mode!r}")


@contextmanager
def misbehaving_proxy(target_url: str, *, stall_seconds: float = 10.0) -> Iterator[MisbehavingProxy]:
    proxy = MisbehavingProxy(target_url, stall_seconds=stall_seconds)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
