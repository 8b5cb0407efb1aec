"""The one error hierarchy of the service layer.

Every httpx exception and every non-2xx answer becomes one of these, carrying the engine's own
message. Nothing else escapes `camtui.api`.
"""

from __future__ import annotations

from typing import Any


class EngineError(Exception):
    """Base of every error the service layer raises.

    `message` is the engine's own words where it gave any; `hint` says what the user can do.
    """

    hint: str = ""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        engine_type: str | None = None,
        details: dict[str, Any] | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.engine_type = engine_type
        self.details = details or {}
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return self.message

    def describe(self) -> str:
        """The message, the details that help, and the hint, as a user should read them."""
        lines = [self.message, *self.detail_lines()]
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)

    def detail_lines(self) -> list[str]:
        return []


class Unauthorized(EngineError):
    hint = "Check the user name and password (or token) of this profile."


class Forbidden(EngineError):
    hint = "The authenticated user lacks a permission; an administrator can grant it."

    @property
    def missing_authorizations(self) -> list[dict[str, Any]]:
        value = self.details.get("missingAuthorizations")
        return list(value) if isinstance(value, list) else []

    def detail_lines(self) -> list[str]:
        return [
            f"  • missing {m.get('permissionName')} on {m.get('resourceName')} {m.get('resourceId')}"
            for m in self.missing_authorizations
        ]


class NotFound(EngineError):
    hint = "It may have been deleted meanwhile; refresh the list."


class Conflict(EngineError):
    hint = "Someone else changed it meanwhile; refresh and try again."


class BadRequest(EngineError):
    """The engine rejected what we sent; for a deployment, `problems` lists parse errors."""

    @property
    def problems(self) -> list[ParseProblem]:
        return parse_problems(self.details)

    def describe(self) -> str:
        problems = self.problems
        if not problems or "Errors:" not in self.message:
            return super().describe()
        # the engine lists its problems after "Errors:" in its own format; say each once, ours
        head = self.message.split("Errors:", 1)[0].rstrip(" :\n")
        lines = [head, *(f"  • {p}" for p in problems)]
        return "\n".join([*lines, self.hint] if self.hint else lines)

    def detail_lines(self) -> list[str]:
        return [f"  • {p}" for p in self.problems if p.message not in self.message]


class Unavailable(EngineError):
    hint = "The engine is overloaded or restarting; try again shortly."


class ServerError(EngineError):
    """A 5xx other than 502/503/504: the engine failed (C7 maps most engine exceptions to 500)."""


class ConnectionFailed(EngineError):
    hint = "Check the URL and that the engine is running and reachable from here."


class OutcomeUnknown(EngineError):
    """A change was sent, but its answer never came back: it may or may not have happened."""

    hint = (
        "The request left, but its answer was lost, so the change may or may not have happened. "
        "Look before you try again (refresh the list, or `camtui get …`): a second try may do it twice."
    )


class TimedOut(EngineError):
    hint = "The engine did not answer in time; it may be busy, or the timeout too short."


class MalformedResponse(EngineError):
    hint = "The server answered with something that is not the engine's API; check the base URL."


class ReadOnlyProfile(EngineError):
    hint = "This profile is read-only. Use another profile, or drop --readonly, to change anything."


class UnsupportedByEngine(EngineError):
    """An operation outside the engine's declared capabilities; `capability` names which one."""

    hint = "This engine does not offer that operation."

    def __init__(self, message: str, *, capability: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.capability = capability


class ParseProblem:
    """One error or warning the engine reported for a resource it could not parse."""

    __slots__ = ("column", "element_ids", "line", "message", "resource", "severity")

    def __init__(
        self,
        resource: str,
        message: str,
        line: int | None,
        column: int | None,
        element_ids: list[str],
        severity: str,
    ) -> None:
        self.resource = resource
        self.message = message
        self.line = line
        self.column = column
        self.element_ids = element_ids
        self.severity = severity

    def __str__(self) -> str:
        # the engine says line 0 when it knows no line
        where = f" (line {self.line}, column {self.column})" if self.line else ""
        return f"{self.resource}{where}: {self.message}"

    def __repr__(self) -> str:
        return f"ParseProblem({self!s})"


def parse_problems(details: dict[str, Any]) -> list[ParseProblem]:
    """Read C7's `ParseExceptionDto.details` ({resource: {errors: [...], warnings: [...]}})."""
    out: list[ParseProblem] = []
    for resource, report in details.items():
        if not isinstance(report, dict):
            continue
        for severity in ("errors", "warnings"):
            for item in report.get(severity) or []:
                if not isinstance(item, dict):
                    continue
                out.append(
                    ParseProblem(
                        resource=str(resource),
                        message=str(item.get("message", "")),
                        line=item.get("line"),
                        column=item.get("column"),
                        element_ids=list(item.get("elementIds") or []),
                        severity=severity.rstrip("s"),
                    )
                )
    return out
