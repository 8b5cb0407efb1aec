"""Plans and reports: what a change will do before it runs, and what it did afterwards.

A `Plan` is made in the service layer (see `camtui.kinds`): its targets, their count, the impact
(what else goes with them) and the exact requests, as the engine implementation will send them.
The UI and the CLI only show a plan; they never format an engine URL themselves. A `Report` holds
one `Outcome` per target, so a bulk action never ends silently half-way.
"""

from __future__ import annotations

import json
import shlex
from enum import IntEnum, StrEnum
from typing import Any

from camtui.api.models.base import Model


class Risk(IntEnum):
    """How much confirmation a change needs; production profiles and large impact raise it."""

    SAFE = 0  # reversible and personal (claim a task): no question for one target
    CHANGE = 1  # changes shared state (redeploy, complete, suspend): one confirmation
    DESTROY = 2  # deletes or cancels: confirmation, typed when production or anything goes with it


class PlannedRequest(Model):
    """One HTTP request exactly as it will be sent, without credentials."""

    method: str
    url: str
    query: tuple[tuple[str, str], ...] = ()
    json_body: Any = None
    # multipart form: text fields, and file parts by field name and file name (never their bytes)
    form: tuple[tuple[str, str], ...] = ()
    files: tuple[tuple[str, str], ...] = ()
    # how the credentials go in, as shell text with a variable in place of the secret
    auth: str = ""

    @property
    def full_url(self) -> str:
        from urllib.parse import urlencode

        return f"{self.url}?{urlencode(self.query)}" if self.query else self.url

    def line(self) -> str:
        """`DELETE https://…/deployment/abc?cascade=true`, and the JSON body if there is one."""
        text = f"{self.method} {self.full_url}"
        if self.json_body is not None:
            text += " " + json.dumps(self.json_body, ensure_ascii=False, separators=(",", ":"))
        if self.form or self.files:
            parts = [f"{k}={v}" for k, v in self.form] + [f"{k}=@{v}" for k, v in self.files]
            text += " multipart: " + ", ".join(parts)
        return text

    def curl(self) -> str:
        """A curl command that sends the same request; the secret is a shell variable, never its value."""
        words = ["curl", "-X", self.method, shlex.quote(self.full_url)]
        if self.auth:
            words.append(self.auth)
        if self.json_body is not None:
            words += ["-H", shlex.quote("Content-Type: application/json")]
            words += ["--data", shlex.quote(json.dumps(self.json_body, ensure_ascii=False))]
        for key, value in self.form:
            words += ["-F", shlex.quote(f"{key}={value}")]
        for key, name in self.files:
            words += ["-F", shlex.quote(f"{key}=@{name}")]
        return " ".join(words)


class Target(Model):
    """One thing an action acts on: its id and how a person recognises it."""

    id: str
    label: str = ""

    def __str__(self) -> str:
        return f"{self.label} ({self.id})" if self.label and self.label != self.id else self.id


class Plan(Model):
    action: str
    title: str
    targets: tuple[Target, ...] = ()
    # what goes with the targets, in words ("12 running process instances are deleted with them")
    impact: str = ""
    # how many other things are destroyed along (raises the confirmation to typed)
    impact_count: int = 0
    requests: tuple[PlannedRequest, ...] = ()
    risk: Risk = Risk.CHANGE
    warnings: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.targets)

    def describe(self, *, max_targets: int = 10, max_requests: int = 3) -> str:
        """The plan as a person reads it: title, targets, impact, the requests."""
        lines = [self.title]
        for target in self.targets[:max_targets]:
            lines.append(f"  • {target}")
        if self.count > max_targets:
            lines.append(f"  … and {self.count - max_targets} more")
        if self.impact:
            lines.append(self.impact)
        lines += [f"! {w}" for w in self.warnings]
        if self.requests:
            lines.append("Requests:")
            lines += [f"  {r.line()}" for r in self.requests[:max_requests]]
            if len(self.requests) > max_requests:
                lines.append(f"  … {len(self.requests) - max_requests} more of the same shape")
        return "\n".join(lines)


class OutcomeStatus(StrEnum):
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"
    # sent, but the answer was lost: look before trying again
    UNKNOWN = "unknown"
    # sent and accepted, but its effect was not seen yet when watching stopped (a retry the job
    # executor has not run)
    PENDING = "pending"


class Outcome(Model):
    target: Target
    status: OutcomeStatus
    # what happened, in words: the engine's message for a failure
    message: str = ""
    # what the engine answered, as JSON data, where a script wants it (a new deployment, an instance)
    result: Any = None


class Report(Model):
    action: str
    title: str
    outcomes: tuple[Outcome, ...] = ()
    # what a verification found, in words, beyond the outcomes (failures grouped by message)
    notes: tuple[str, ...] = ()

    def of(self, status: OutcomeStatus) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status is status)

    @property
    def done(self) -> int:
        return len(self.of(OutcomeStatus.DONE))

    @property
    def failed(self) -> int:
        return len(self.of(OutcomeStatus.FAILED))

    @property
    def skipped(self) -> int:
        return len(self.of(OutcomeStatus.SKIPPED))

    @property
    def unknown(self) -> int:
        return len(self.of(OutcomeStatus.UNKNOWN))

    @property
    def pending(self) -> int:
        return len(self.of(OutcomeStatus.PENDING))

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.skipped == 0 and self.unknown == 0 and self.pending == 0

    def summary(self) -> str:
        parts = [f"{self.done} done"]
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.unknown:
            parts.append(f"{self.unknown} outcome unknown (look before trying again)")
        if self.pending:
            parts.append(f"{self.pending} still pending")
        return f"{self.title}: {', '.join(parts)}"

    def describe(self, *, max_lines: int = 20) -> str:
        lines = [self.summary(), *self.notes]
        interesting = [o for o in self.outcomes if o.status is not OutcomeStatus.DONE] or list(self.outcomes)
        for outcome in interesting[:max_lines]:
            # an engine message of several lines stays under its target
            message = outcome.message.replace("\n", "\n" + " " * 10)
            lines.append(f"  {outcome.status.value:7} {outcome.target}" + (f": {message}" if message else ""))
        if len(interesting) > max_lines:
            lines.append(f"  … {len(interesting) - max_lines} more")
        return "\n".join(lines)


def json_safe(value: Any) -> Any:
    """A body as it goes on the wire, for previews (dates and the like as strings)."""
    return json.loads(json.dumps(value, default=str))
