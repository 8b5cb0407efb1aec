"""What the service layer tells whoever listens while it works (the console's header).

Only notices, never control: a listener can show "still waiting (attempt 2 of 3)" but can not
change what is sent. Listeners run in the caller's event loop and must return at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("camtui.events")


@dataclass(frozen=True)
class Retrying:
    """A read failed and is tried again after `delay` seconds."""

    method: str
    # without credentials
    url: str
    # the attempt about to start, and how many there may be at most
    attempt: int
    attempts: int
    delay: float
    reason: str


# the reason of a read tried again because Camunda 8 has not indexed what was just created (attempts: 0,
# bounded by time rather than by count); the console says it in these words, never "not found"
INDEXING = "waiting for the cluster to index it"

Listener = Callable[[Retrying], None]
_listeners: list[Listener] = []


def on_retry(listener: Listener) -> Callable[[], None]:
    """Listen; call what this returns to stop."""
    _listeners.append(listener)

    def stop() -> None:
        if listener in _listeners:
            _listeners.remove(listener)

    return stop


def retrying(notice: Retrying) -> None:
    for listener in list(_listeners):
        try:
            listener(notice)
        except Exception:  # a listener never breaks a request
            log.exception("a retry listener failed")
