"""Small pieces the kind declarations share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from camtui.api.errors import NotFound, UnsupportedByEngine
from camtui.api.plan import PlannedRequest, Target
from camtui.api.protocol import Engine

if TYPE_CHECKING:
    # names in signatures only: importing them builds every operation's model (issue 15)
    from camtui.api.models import InstanceFilter
    from camtui.api.operations import Operation

T = TypeVar("T")


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def targets(items: Sequence[T], key: Callable[[T], str], label: Callable[[T], str]) -> tuple[Target, ...]:
    return tuple(Target(id=key(i), label=label(i)) for i in items)


def previews(engine: Engine, operations: Sequence[Operation]) -> tuple[PlannedRequest, ...]:
    """The exact requests, from the engine implementation itself."""
    out: list[PlannedRequest] = []
    for operation in operations:
        try:
            out.extend(engine.preview(operation))
        except UnsupportedByEngine:
            continue
    return tuple(out)


async def running_instances(engine: Engine, f: InstanceFilter) -> int:
    """How many running instances a filter matches (the engine's total, one row fetched)."""
    page = await engine.instances.list(f, limit=1)
    return page.total if page.total is not None else len(page.items)


def cascade_impact(
    counts: Sequence[int], cascade: bool, *, of: str = "", untouched: str = ""
) -> tuple[str, tuple[str, ...], int]:
    """What deleting with or without cascade does to the running instances counted per target:
    the impact in words, the warnings, and how many instances go (for the confirmation)."""
    running = sum(counts)
    if running == 0:
        return f"No running process instances are affected{untouched}.", (), 0
    if cascade:
        return f"Cascade deletes {plural(running, 'running process instance')}{of} and their history.", (), running
    refused = f"{plural(running, 'running process instance')}: without cascade the engine refuses to delete."
    return "", (refused,), 0


def counted_targets(
    items: Sequence[T], counts: Sequence[int], key: Callable[[T], str], label: Callable[[T], str]
) -> tuple[Target, ...]:
    """Targets labelled with their running instances, where they have any."""
    return tuple(
        Target(id=key(i), label=f"{label(i)} ({n} running)" if n else label(i))
        for i, n in zip(items, counts, strict=True)
    )


def flag(options: Any, name: str) -> bool:
    return bool(options.get(name, False))


async def gone(get: Callable[[], Awaitable[object]]) -> bool:
    """After a lost answer to a delete: is it gone? (NotFound means the delete happened.)"""
    try:
        await get()
    except NotFound:
        return True
    return False
