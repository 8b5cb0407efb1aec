"""The service layer without an event loop, for a command that reads and ends (issue 15).

`camtui get deployments -o json` sends two requests and prints. On asyncio that costs the event
loop, anyio and httpcore's async half (~20 ms on loopback, more than the requests themselves).
Here the same area methods run unchanged: their HttpSession's AsyncClient sends through
`camtui.api.http.BlockingTransport`, which hands each request to httpx's own sync transport, so
no `await` in them ever suspends and `run` drives the coroutine to its end with `send(None)`. Requests the
code sends together (`together`, for asyncio.gather) still travel at once, each in a thread,
so a page and its count cost one round trip, not two.

A coroutine that does suspend (something awaited real asyncio) raises `Suspended` at once, before
it goes further; `camtui.commands.common.run_with_engine` then runs the (read-only) work again on
asyncio, so a code path that was never made blocking-safe is slower, never wrong. No httpx
here, so that engine-neutral code may use `together` as well.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Awaitable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

# set while `run` drives a coroutine (and in the threads `together` starts for it)
_blocking: contextvars.ContextVar[bool] = contextvars.ContextVar("camtui_blocking", default=False)


class Suspended(RuntimeError):
    """The coroutine awaited something only an event loop can finish."""


def active() -> bool:
    """True inside `run`: a pause must block (time.sleep), not await asyncio."""
    return _blocking.get()


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Drive `coroutine` to its end in this thread, without an event loop."""
    token = _blocking.set(True)
    try:
        try:
            yielded = coroutine.send(None)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]  # the coroutine's own T
        coroutine.close()
        raise Suspended(f"{coroutine!r} waited for {yielded!r}")
    finally:
        _blocking.reset(token)


async def together(*awaitables: Awaitable[Any]) -> list[Any]:
    """asyncio.gather for the service layer: on an event loop that one; inside `run`, the first here
    and each other in a thread of its own, all at once; the first failure is raised once all ended."""
    if not active():
        import asyncio

        return list(await asyncio.gather(*awaitables))
    results: list[Any] = [None] * len(awaitables)
    failures: list[BaseException | None] = [None] * len(awaitables)

    def drive(i: int, awaitable: Awaitable[Any]) -> None:
        try:
            results[i] = run(_awaited(awaitable))
        except BaseException as exc:  # handed to the caller below
            failures[i] = exc

    threads = [
        threading.Thread(target=contextvars.copy_context().run, args=(drive, i, a), daemon=True)
        for i, a in enumerate(awaitables)
        if i > 0
    ]
    for thread in threads:
        thread.start()
    if awaitables:
        drive(0, awaitables[0])
    for thread in threads:
        thread.join()
    for failure in failures:
        if failure is not None:
            raise failure
    return results


async def _awaited(awaitable: Awaitable[T]) -> T:
    return await awaitable
