"""Camunda 7's permissions per resource type, by name (the matrix's columns, and what input is checked
against before anything is sent).

Printed from camunda-engine 7.24 (`ResourceTypeUtil.getPermissionsByResourceType`, each permission
kept where its `getTypes()` holds the resource type); Operaton has the same. ALL and NONE apply to
every type and are not listed.
"""

from __future__ import annotations

from camtui.api.errors import BadRequest

_CRUD = ("READ", "UPDATE", "CREATE", "DELETE")

PERMISSIONS: dict[str, tuple[str, ...]] = {
    "APPLICATION": ("ACCESS",),
    "USER": _CRUD,
    "GROUP": _CRUD,
    "GROUP_MEMBERSHIP": ("CREATE", "DELETE"),
    "AUTHORIZATION": _CRUD,
    "FILTER": _CRUD,
    "PROCESS_DEFINITION": (
        "READ",
        "UPDATE",
        "DELETE",
        "READ_TASK",
        "UPDATE_TASK",
        "CREATE_INSTANCE",
        "READ_INSTANCE",
        "UPDATE_INSTANCE",
        "DELETE_INSTANCE",
        "READ_HISTORY",
        "DELETE_HISTORY",
        "TASK_WORK",
        "TASK_ASSIGN",
        "MIGRATE_INSTANCE",
        "RETRY_JOB",
        "SUSPEND",
        "SUSPEND_INSTANCE",
        "UPDATE_INSTANCE_VARIABLE",
        "UPDATE_TASK_VARIABLE",
        "READ_INSTANCE_VARIABLE",
        "READ_HISTORY_VARIABLE",
        "READ_TASK_VARIABLE",
        "UPDATE_HISTORY",
    ),
    "TASK": (*_CRUD, "READ_HISTORY", "TASK_WORK", "TASK_ASSIGN", "UPDATE_VARIABLE", "READ_VARIABLE"),
    "PROCESS_INSTANCE": (*_CRUD, "RETRY_JOB", "SUSPEND", "UPDATE_VARIABLE"),
    "DEPLOYMENT": ("READ", "CREATE", "DELETE"),
    "DECISION_DEFINITION": ("READ", "UPDATE", "CREATE_INSTANCE", "READ_HISTORY", "DELETE_HISTORY"),
    "TENANT": _CRUD,
    "TENANT_MEMBERSHIP": ("CREATE", "DELETE"),
    "BATCH": (
        *_CRUD,
        "READ_HISTORY",
        "DELETE_HISTORY",
        "CREATE_BATCH_MIGRATE_PROCESS_INSTANCES",
        "CREATE_BATCH_MODIFY_PROCESS_INSTANCES",
        "CREATE_BATCH_RESTART_PROCESS_INSTANCES",
        "CREATE_BATCH_DELETE_RUNNING_PROCESS_INSTANCES",
        "CREATE_BATCH_DELETE_FINISHED_PROCESS_INSTANCES",
        "CREATE_BATCH_DELETE_DECISION_INSTANCES",
        "CREATE_BATCH_SET_JOB_RETRIES",
        "CREATE_BATCH_SET_EXTERNAL_TASK_RETRIES",
        "CREATE_BATCH_UPDATE_PROCESS_INSTANCES_SUSPEND",
        "CREATE_BATCH_SET_REMOVAL_TIME",
        "CREATE_BATCH_SET_VARIABLES",
        "CREATE_BATCH_CORRELATE_MESSAGE",
    ),
    "DECISION_REQUIREMENTS_DEFINITION": ("READ",),
    "REPORT": _CRUD,
    "DASHBOARD": _CRUD,
    "OPERATION_LOG_CATEGORY": ("READ", "UPDATE", "DELETE"),
    "OPTIMIZE": ("EDIT", "SHARE"),
    "HISTORIC_TASK": ("READ", "READ_VARIABLE"),
    "HISTORIC_PROCESS_INSTANCE": ("READ",),
    "SYSTEM": ("READ", "SET", "DELETE"),
}


def resource_type(name: str) -> str:
    """The resource type by name, or a clear error listing the known ones."""
    upper = name.strip().upper()
    if upper not in PERMISSIONS:
        raise BadRequest(f"Unknown resource type {name!r}; use one of {', '.join(PERMISSIONS)}.")
    return upper


def permissions(resource: str, names: tuple[str, ...] | list[str], *, allow_all: bool = True) -> tuple[str, ...]:
    """Permission names checked against the resource type (ALL allowed where `allow_all`), upper case."""
    rtype = resource_type(resource)
    known = PERMISSIONS[rtype]
    out = tuple(dict.fromkeys(p.strip().upper() for p in names if p.strip()))
    if not out:
        raise BadRequest("Name at least one permission.")
    for p in out:
        if p not in known and not (allow_all and p == "ALL"):
            also = " and ALL" if allow_all else ""
            raise BadRequest(f"{rtype} has no permission {p!r}; it has {', '.join(known)}{also}.")
    return out
