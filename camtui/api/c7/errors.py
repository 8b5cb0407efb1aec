"""Camunda 7 answers many user mistakes with a 500; give those their real meaning."""

from __future__ import annotations

from typing import Any

from camtui.api import errors
from camtui.api.http import default_error

# engine exception type -> (error class, hint)
BY_TYPE: dict[str, tuple[type[errors.EngineError], str | None]] = {
    "NullValueException": (errors.NotFound, None),
    "NotFoundException": (errors.NotFound, None),
    "TaskAlreadyClaimedException": (errors.Conflict, "Unclaim it first, or assign it instead of claiming."),
    "OptimisticLockingException": (errors.Conflict, None),
}
# message code prefix -> (error class, hint)
BY_CODE: dict[str, tuple[type[errors.EngineError], str | None]] = {
    "ENGINE-03076": (errors.Conflict, "It has running process instances: delete with cascade to remove them too."),
    "ENGINE-09003": (errors.BadRequest, "Check that the file is well-formed BPMN, DMN or CMMN XML."),
}


def c7_error(status: int, body: Any, text: str) -> errors.EngineError:
    error = default_error(status, body, text)
    if status != 500:
        return error
    mapped = BY_TYPE.get(error.engine_type or "")
    if mapped is None:
        mapped = next((v for code, v in BY_CODE.items() if error.message.startswith(code)), None)
    if mapped is None:
        return error
    cls, hint = mapped
    return cls(error.message, status=status, engine_type=error.engine_type, details=error.details, hint=hint)
