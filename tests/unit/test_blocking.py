"""issue 15: `camtui.api.blocking.together` without an event loop: all at once, results in order,
the failure raised once every one has ended (as asyncio.gather's callers expect)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from camtui.api import blocking


def test_together_without_a_loop_runs_all_and_raises_the_failure_after_all_ended() -> None:
    ended: list[str] = []

    async def value(name: str) -> str:
        ended.append(name)
        return name

    async def broken() -> str:
        ended.append("broken")
        raise ValueError("no")

    async def both() -> list[Any]:
        return await blocking.together(value("a"), value("b"), value("c"))

    assert blocking.run(both()) == ["a", "b", "c"]
    ended.clear()

    async def failing() -> list[Any]:
        return await blocking.together(value("a"), broken(), value("c"))

    with pytest.raises(ValueError, match="no"):
        blocking.run(failing())
    assert sorted(ended) == ["a", "broken", "c"]


def test_a_coroutine_that_suspends_is_stopped_and_said_so() -> None:
    reached: list[str] = []

    async def sleeps() -> None:
        reached.append("before")
        await asyncio.sleep(0)  # not a wait: the one await here that only an event loop finishes
        reached.append("after")

    with pytest.raises(blocking.Suspended):
        blocking.run(sleeps())
    assert reached == ["before"]
    assert not blocking.active()
