"""Waiting for a condition, bounded, in one place: tests poll a condition, they never sleep for time.

`until` for async tests (the condition may itself be async, e.g. a read from an engine);
`eventually` for plain ones. Both fail naming what did not happen.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable


async def until(
    condition: Callable[[], bool | Awaitable[bool]], what: str, seconds: float = 10.0, every: float = 0.01
) -> None:
    deadline = time.monotonic() + seconds
    while True:
        held = condition()
        if inspect.isawaitable(held):
            held = await held
        if held:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(every)


def eventually(condition: Callable[[], bool], what: str = "the condition", seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)
