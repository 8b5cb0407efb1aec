"""A loopback TCP proxy that adds a round-trip delay, to measure what sequential requests cost on a
real network (a jump host, another data centre) without leaving 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit


class DelayingProxy:
    """Forwards to `target`; every chunk waits half the round trip in each direction."""

    def __init__(self, target_url: str, rtt_ms: float) -> None:
        parts = urlsplit(target_url)
        self._parts = parts
        self.target = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.one_way = rtt_ms / 2000
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return urlunsplit(self._parts._replace(netloc=f"127.0.0.1:{self.port}"))

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            while data := await reader.read(65536):
                await asyncio.sleep(self.one_way)
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    def start(self) -> None:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the delaying proxy did not start")

    def stop(self) -> None:
        if self._server is not None:
            self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


@contextlib.contextmanager
def delayed(url: str, rtt_ms: float) -> Iterator[str]:
    """`url` itself for 0 ms; else the URL of a proxy adding `rtt_ms` per round trip."""
    if rtt_ms <= 0:
        yield url
        return
    proxy = DelayingProxy(url, rtt_ms)
    proxy.start()
    try:
        yield proxy.url
    finally:
        proxy.stop()
