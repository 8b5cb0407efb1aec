"""What tells the two fake engine families apart: capabilities, URLs, ids, totals, error shapes.

Everything flavour-specific that is not a request shape (see `preview`) lives here, so the areas
read as one implementation with a few `if flavour == "c8"` where the engines really differ.
"""

from __future__ import annotations

from typing import Any, Literal

from camtui.api import errors
from camtui.api.c7.engine import CAPABILITIES as REAL_C7_CAPABILITIES
from camtui.api.c7.errors import c7_error
from camtui.api.capabilities import Capability
from camtui.api.http import default_error
from camtui.api.models import EngineKind

Flavour = Literal["c7", "c8"]

# the fake C7 declares exactly what the real one does, so gating tests mean the same on both
C7_CAPABILITIES: frozenset[Capability] = REAL_C7_CAPABILITIES

# what Camunda 8 (REST API v2) does not offer: no deployment entity to list or delete, resources
# outside deployments, no suspension, no activity tree endpoint, no batch delete by ids, no incident
# annotations, no external tasks, no delegation or comments
C8_MISSING: frozenset[Capability] = frozenset(
    {
        Capability.DEPLOYMENT_LIST,
        Capability.DEPLOYMENT_REDEPLOY,
        Capability.DEPLOYMENT_DELETE,
        Capability.RESOURCE_CONTENT,
        Capability.DEFINITION_SUSPEND,
        Capability.DEFINITION_DELETE,
        Capability.INSTANCE_MIGRATE,
        Capability.BATCH_LIST,
        Capability.INSTANCE_RESTART,
        Capability.INSTANCE_SUSPEND,
        Capability.INSTANCE_ACTIVITY_TREE,
        Capability.INSTANCE_DELETE_BATCH,
        Capability.INCIDENT_ANNOTATE,
        Capability.EXTERNAL_TASK_LIST,
        Capability.TASK_DELEGATE,
        Capability.TASK_COMMENTS,
    }
)
C8_CAPABILITIES: frozenset[Capability] = frozenset(Capability) - C8_MISSING

CAPABILITIES: dict[Flavour, frozenset[Capability]] = {"c7": C7_CAPABILITIES, "c8": C8_CAPABILITIES}
BASE_URLS: dict[Flavour, str] = {"c7": "http://fake-c7.invalid/engine-rest", "c8": "http://fake-c8.invalid/v2"}
ENGINE_KINDS: dict[Flavour, EngineKind] = {"c7": EngineKind.C7, "c8": EngineKind.C8}
PRODUCTS: dict[Flavour, str] = {"c7": "Camunda 7 (fake)", "c8": "Camunda 8 (fake)"}
VERSIONS: dict[Flavour, str] = {"c7": "7.23.0", "c8": "8.8.0"}

# Camunda 8 search answers "at least N" beyond a cap; the fake caps low so tests reach it cheaply
C8_TOTAL_CAP = 100
# Camunda 8 keys are longs with the partition in the high bits: 2251799813685249 is partition 1
C8_KEY_BASE = 2251799813685248


def make_id(flavour: Flavour, serial: int) -> str:
    """A deterministic id of the engine's shape.

    C7 ids look like the engine's time-based UUIDs: consecutive ones differ in the first group, so
    they sort in creation order, as the real ones mostly do. C8 keys are increasing numbers.
    """
    if flavour == "c8":
        return str(C8_KEY_BASE + serial)
    return f"{serial:08x}-{(serial * 7919) % 0x10000:04x}-11f0-9c3b-{(serial * 2654435761) % 2**48:012x}"


# -- errors as each engine answers them (through the real mappers, so hints and classes match) -----


def _c8_problem(status: int, title: str, detail: str) -> errors.EngineError:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return default_error(status, body, "")


def not_found(flavour: Flavour, what: str, item_id: str) -> errors.EngineError:
    if flavour == "c8":
        return _c8_problem(404, "NOT_FOUND", f"{what} with key '{item_id}' not found")
    return c7_error(
        404, {"type": "InvalidRequestException", "message": f"{what} with id '{item_id}' does not exist"}, ""
    )


def bad_request(flavour: Flavour, message: str) -> errors.EngineError:
    if flavour == "c8":
        return _c8_problem(400, "INVALID_ARGUMENT", message)
    return c7_error(400, {"type": "InvalidRequestException", "message": message}, "")


def refusal(flavour: Flavour, message: str, *, engine_type: str = "ProcessEngineException") -> errors.EngineError:
    """The engine refuses because of the state of things. C7 says it with a 500 and an exception type
    (the real mapper turns the ones it knows into Conflict); C8 with 409."""
    if flavour == "c8":
        return _c8_problem(409, "INVALID_STATE", message)
    return c7_error(500, {"type": engine_type, "message": message}, "")


def engine_failure(flavour: Flavour, message: str) -> errors.EngineError:
    if flavour == "c8":
        return _c8_problem(500, "INTERNAL", message)
    return c7_error(500, {"type": "ProcessEngineException", "message": message}, "")


def parse_failure(flavour: Flavour, resource: str, reason: str) -> errors.EngineError:
    if flavour == "c8":
        return _c8_problem(
            400,
            "INVALID_ARGUMENT",
            "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, "
            f"but encountered the following errors:\n'{resource}': {reason}",
        )
    message = f"ENGINE-09005 Could not parse BPMN process. Errors: \n* Could not parse '{resource}': {reason}"
    details = {resource: {"errors": [{"message": reason, "line": 1, "column": 1, "elementIds": []}], "warnings": []}}
    return c7_error(400, {"type": "ParseException", "message": message, "details": details}, "")
