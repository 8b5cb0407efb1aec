"""Where each listable kind is defined, so one command loads one kind (issue 15).

`camtui get deployments` needs the deployments kind, its models and its engine area; importing
`camtui.kinds.registry` builds every kind, every area's pydantic models and their actions first,
which was most of the command's time. `load(name)` imports only the module that defines `name`
and returns the very object `registry.kind(name)` returns (tests/unit/test_kind_homes.py keeps
this table and the registry in step); a name not in the table falls back to the registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from camtui.kinds.base import Kind

# kind name -> the module whose top level holds it (alone, or in a tuple of kinds)
HOMES: dict[str, str] = {
    "deployments": "camtui.kinds.deployments",
    "definitions": "camtui.kinds.definitions",
    "instances": "camtui.kinds.instances",
    "incidents": "camtui.kinds.incidents",
    "tasks": "camtui.kinds.tasks",
    "users": "camtui.kinds.identity",
    "groups": "camtui.kinds.identity",
    "tenants": "camtui.kinds.identity",
    "authorizations": "camtui.kinds.identity",
    "jobs": "camtui.kinds.jobs",
    "job-definitions": "camtui.kinds.jobs",
    "external-tasks": "camtui.kinds.external_tasks",
    "batches": "camtui.kinds.batches",
    "topology": "camtui.kinds.c8",
    "roles": "camtui.kinds.c8",
    "mappings": "camtui.kinds.c8",
    "batch-operations": "camtui.kinds.c8",
    "decisions": "camtui.kinds.c8",
    "audit": "camtui.kinds.c8",
    "clustervars": "camtui.kinds.c8",
    "messages": "camtui.kinds.c8",
    "members": "camtui.kinds.memberships",
    "resource-deployments": "camtui.kinds.resource_deployments",
    "deployed-resources": "camtui.kinds.resource_deployments",
    "job-types": "camtui.kinds.c8_statistics",
    "errors": "camtui.kinds.c8_statistics",
    "evaluations": "camtui.kinds.c8_statistics",
}


def load(name: str) -> Kind[Any]:
    """The kind called `name`, importing no other kind's module when the table knows it."""
    from camtui.kinds.base import Kind

    home = HOMES.get(name)
    if home is not None:
        for value in vars(importlib.import_module(home)).values():
            candidates = value if isinstance(value, Sequence) and not isinstance(value, str) else (value,)
            for candidate in candidates:
                if isinstance(candidate, Kind) and candidate.name == name:
                    return candidate
    from camtui.kinds.registry import kind

    return kind(name)
