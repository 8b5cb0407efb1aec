"""Camunda 8 answers errors as RFC 9457 problem details: `title` is a code (`RESOURCE_EXHAUSTED`,
`INVALID_STATE`, `NOT_FOUND`), `detail` the words. Both reach the error hierarchy."""

from __future__ import annotations

from typing import Any

from camtui.api import errors
from camtui.api.c8 import compat
from camtui.api.http import default_error

BACKPRESSURE = "RESOURCE_EXHAUSTED"

HINTS: dict[str, str] = {
    BACKPRESSURE: "The cluster is under back-pressure; reads are tried again, a change is not: try it again shortly.",
    "DEADLINE_EXCEEDED": (
        "The cluster did not finish in time (often a blocking task or execution listener); "
        "look before you try again: the change may have happened."
    ),
}


# the gateway found no partition for the key a request names (a key encodes its partition): a key
# of another cluster or a typo. It answers 503, but trying again fixes nothing (seen on 8.6)
NO_PARTITION = "PartitionNotFoundException"


def c8_error(status: int, body: Any, text: str) -> errors.EngineError:
    error = default_error(status, body, text)
    if not isinstance(body, dict):
        return error
    if (path := compat.missing_endpoint(body)) is not None:
        return errors.UnsupportedByEngine(
            f"This cluster does not offer {path}.",
            status=status,
            hint=f"camtui needs Camunda {compat.MINIMUM} or newer for it (with its secondary store, for searches).",
        )
    title = body.get("title") if isinstance(body.get("title"), str) else None
    detail = body.get("detail") if isinstance(body.get("detail"), str) else None
    message = detail or title or error.message
    if title and detail and title not in detail:
        message = f"{detail} ({title})"
    if status == 503 and (title or "").endswith(NO_PARTITION):
        return errors.NotFound(
            f"No partition of this cluster holds that key (the cluster says: {detail or title}).",
            status=status,
            engine_type=title,
            hint="Check that the key is one of this cluster's; a cluster that is still starting says the same.",
        )
    cls: type[errors.EngineError] = type(error)
    # a 500 that says RESOURCE_EXHAUSTED is back-pressure too (the SDKs read it so)
    if title == BACKPRESSURE or (status == 500 and BACKPRESSURE in (detail or "")):
        cls = errors.Unavailable
    hint = HINTS.get(title or "")
    if compat.refused_for_state(status, detail):
        cls, hint = errors.Conflict, "Give the job retries first: an incident's retry does both."
    return cls(message, status=status, engine_type=title, details=error.details, hint=hint)
