"""In-memory fake engines: the `Engine` protocol without Java, in a Camunda 7 and a Camunda 8 flavour.

    fake = FakeEngine("c8")                     # demo data, cursor paging, C8 capabilities
    fake = FakeEngine("c7", read_only=True)     # every change refused with ReadOnlyProfile
    fake.fail("deployments.delete", dep_id, errors.ServerError("boom"))
    fake.down = True                            # every call raises ConnectionFailed

What a fake does on each call is described in `tests.fakes.core`; the data in `tests.fakes.demo`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from camtui.api import errors
from camtui.api import operations as op
from camtui.api.capabilities import Capability
from camtui.api.connection import Connection
from camtui.api.plan import PlannedRequest
from tests.fakes import flavours
from tests.fakes.authorizations import FakeAuthorizations
from tests.fakes.core import ANY_TARGET, Area, FakeCore, MethodSpec, area_methods
from tests.fakes.data import FakeData
from tests.fakes.definitions import FakeDefinitions
from tests.fakes.deployments import FakeDeployments
from tests.fakes.flavours import Flavour
from tests.fakes.groups import FakeGroups
from tests.fakes.incidents import FakeIncidents
from tests.fakes.info import FakeInfo
from tests.fakes.instances import FakeInstances
from tests.fakes.jobs import FakeExternalTasks, FakeJobs
from tests.fakes.preview import OPERATION_CAPABILITIES, c7_requests, c8_requests
from tests.fakes.tasks import FakeTasks
from tests.fakes.tenants import FakeTenants
from tests.fakes.users import FakeUsers

AREAS: tuple[type[Area], ...] = (
    FakeDeployments,
    FakeDefinitions,
    FakeInstances,
    FakeIncidents,
    FakeTasks,
    FakeUsers,
    FakeGroups,
    FakeTenants,
    FakeAuthorizations,
    FakeInfo,
    FakeJobs,
    FakeExternalTasks,
)


class FakeEngine:
    """One fake engine over a `FakeData` (the demo data unless given); satisfies `Engine`."""

    def __init__(
        self,
        flavour: Flavour = "c7",
        *,
        data: FakeData | None = None,
        read_only: bool = False,
        capabilities: Iterable[Capability] | None = None,
    ) -> None:
        """`capabilities` narrows (or widens) what the flavour declares, for gating tests."""
        if data is None:
            data = FakeData.demo(flavour)
        elif data.flavour != flavour:
            raise ValueError(
                f"data built for {data.flavour} cannot back a {flavour} fake: its ids have the wrong shape"
            )
        declared = frozenset(capabilities) if capabilities is not None else flavours.CAPABILITIES[flavour]
        self._core = FakeCore(flavour, data, read_only=read_only, capabilities=declared)
        self.flavour: Flavour = flavour
        self.data = data
        self.capabilities: frozenset[Capability] = declared
        self.deployments = FakeDeployments(self._core)
        self.definitions = FakeDefinitions(self._core)
        self.instances = FakeInstances(self._core)
        self.incidents = FakeIncidents(self._core)
        self.tasks = FakeTasks(self._core)
        self.users = FakeUsers(self._core)
        self.groups = FakeGroups(self._core)
        self.tenants = FakeTenants(self._core)
        self.authorizations = FakeAuthorizations(self._core)
        self.info = FakeInfo(self._core)
        self.jobs = FakeJobs(self._core)
        self.external_tasks = FakeExternalTasks(self._core)
        self.closed = False

    def __repr__(self) -> str:
        return f"FakeEngine({self.flavour!r}, read_only={self.read_only})"

    @property
    def connection(self) -> Connection:
        return self._core.connection

    @property
    def read_only(self) -> bool:
        return self._core.connection.read_only

    @property
    def down(self) -> bool:
        """While True every area call raises ConnectionFailed (and `info.health()` is False)."""
        return self._core.down

    @down.setter
    def down(self, value: bool) -> None:
        self._core.down = value

    def hold(self) -> None:
        """From now on every area call waits, until `release()`: a test acts while calls are in flight."""
        self._core.gate = asyncio.Event()

    def release(self) -> None:
        gate, self._core.gate = self._core.gate, None
        if gate is not None:
            gate.set()

    @property
    def waiting(self) -> int:
        """How many calls wait at the gate right now."""
        return self._core.waiting

    @property
    def calls(self) -> list[tuple[str, tuple[Any, ...]]]:
        """Every mutating call that reached the engine, in order: `("deployments.delete", (id, cascade, ...))`.

        The tuple holds all the method's arguments in signature order, defaults filled in. Calls refused
        before they are sent (down, unsupported, read-only) are not in it; calls failed by `fail` are.
        """
        return self._core.calls

    @staticmethod
    def methods() -> dict[str, MethodSpec]:
        """Every guarded area method, `"deployments.delete" -> MethodSpec(capability, mutates)`."""
        return area_methods(AREAS)

    def fail(self, method: str, target_id: str, error: errors.EngineError) -> None:
        """Make `method` (e.g. "deployments.delete") raise `error` whenever called for `target_id`.

        The target is the call's first id argument (any of them for `instance_ids` and the like; a
        model's id; a new deployment's name); `"*"` fails every call of the method. Until `heal()`.
        """
        if method not in self.methods():
            raise ValueError(f"no area method {method!r}; one of: {', '.join(sorted(self.methods()))}")
        self._core.faults[(method, target_id)] = error

    def heal(self, method: str | None = None, target_id: str | None = None) -> None:
        """Forget injected faults: all of them, or those of one method (and target)."""
        for m, t in list(self._core.faults):
            if (method is None or m == method) and (target_id is None or t == target_id):
                del self._core.faults[(m, t)]

    def preview(self, operation: op.Operation) -> tuple[PlannedRequest, ...]:
        capability = OPERATION_CAPABILITIES.get(type(operation))
        if capability is not None:
            self._core.require(capability, type(operation).__name__)
        base = self.connection.base_url
        return c7_requests(base, operation) if self.flavour == "c7" else c8_requests(base, operation)

    async def aclose(self) -> None:
        self.closed = True

    async def __aenter__(self) -> FakeEngine:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


__all__ = ["ANY_TARGET", "FakeData", "FakeEngine", "Flavour"]
