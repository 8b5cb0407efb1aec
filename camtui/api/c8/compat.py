"""Where Camunda 8 versions differ, in one place.

camtui targets the Orchestration Cluster REST API of 8.8 and newer. Endpoints that came later carry
the spec's `x-added-in-version`; `ADDED_IN` lists the ones camtui calls, and `require` refuses them
on an older cluster with "needs 8.9" instead of letting the cluster answer 404. The cluster's version
is the `gatewayVersion` of `GET /v2/topology` (a test checks this table against the spec).

8.6 (the newest distribution on Maven Central, used by the real-broker tests) names a few fields
differently from 8.8: `key` where 8.8 has `jobKey`/`userTaskKey`, `bpmnProcessId` where 8.8 has
`processDefinitionId`. `FIELD_ALIASES` maps them, and `field` reads either spelling.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from camtui.api import errors

MINIMUM = "8.8"

# (method, path template below /v2) -> the version that added it, for what camtui calls beyond 8.8
ADDED_IN: dict[tuple[str, str], str] = {
    ("POST", "/process-instances/deletion"): "8.9",
    ("POST", "/process-instances/{processInstanceKey}/deletion"): "8.9",
    ("POST", "/process-instances/{processInstanceKey}/incident-resolution"): "8.9",
    ("POST", "/incidents/statistics/process-instances-by-error"): "8.9",
    ("POST", "/jobs/statistics/by-types"): "8.9",
    ("POST", "/audit-logs/search"): "8.9",
    ("POST", "/cluster-variables/search"): "8.9",
    # older than camtui's minimum, but with a fallback: before it, health is read from the topology
    ("GET", "/status"): "8.8",
}

# 8.8 name -> the names older clusters use for the same field
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "jobKey": ("key",),
    "userTaskKey": ("key",),
    "processDefinitionId": ("bpmnProcessId",),
}


def version_tuple(version: str | None) -> tuple[int, ...]:
    """`8.9.0-alpha3` -> (8, 9, 0); anything unreadable counts as the newest."""
    if not version:
        return (99,)
    numbers = re.findall(r"\d+", version.split("-")[0])
    return tuple(int(n) for n in numbers[:3]) or (99,)


def supports(cluster_version: str | None, method: str, template: str) -> bool:
    needed = ADDED_IN.get((method.upper(), template))
    return needed is None or version_tuple(cluster_version) >= version_tuple(needed)


def require(cluster_version: str | None, method: str, template: str, what: str) -> None:
    """Refuse, before sending, what the cluster is too old for."""
    if not supports(cluster_version, method, template):
        needed = ADDED_IN[(method.upper(), template)]
        raise errors.UnsupportedByEngine(
            f"{what} needs Camunda {needed}; this cluster is {cluster_version}.",
            hint=f"Upgrade the cluster to {needed} or newer to use it.",
        )


def field(dto: Mapping[str, Any], name: str) -> Any:
    """`dto[name]`, or the older spelling of the same field; KeyError when neither is there."""
    if name in dto:
        return dto[name]
    for alias in FIELD_ALIASES.get(name, ()):
        if alias in dto:
            return dto[alias]
    raise KeyError(name)


# how an area learns the cluster's version: the engine reads the topology once, on first need
VersionSource = Callable[[], Awaitable[str | None]]


# -- What clusters older than 8.8 answer differently (8.6 is the real broker of tests/engine8) --

# 8.6 refuses to resolve an incident whose job has no retries with 404 NOT_FOUND; 8.8 says 409
NO_RETRIES_LEFT = "has no retries left"


def refused_for_state(status: int, detail: str | None) -> bool:
    """A refusal an older cluster words as "not found" although the thing exists in the wrong state."""
    return status == 404 and NO_RETRIES_LEFT in (detail or "")


def missing_endpoint(body: Any) -> str | None:
    """The path of a 404 that is the web server's own answer for a path it does not serve, not a
    problem detail of the cluster: an endpoint the cluster is too old for, or 8.6/8.7's search
    without a secondary store. None for any other answer."""
    if isinstance(body, Mapping) and "title" not in body and body.get("status") == 404:
        path = body.get("path")
        return path if isinstance(path, str) else None
    return None
