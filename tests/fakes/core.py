"""What every area method of a fake engine goes through before it touches the data.

`@engine_call(capability, mutates=...)` wraps an area method. On each call, in this order:

1. the gate: while a test holds it, calls wait until it is released (else they yield to the event
   loop once, as on the wire);
2. `down`: every call fails with ConnectionFailed, as when the engine is unreachable;
3. the capability: a method the engine does not declare raises UnsupportedByEngine naming it;
4. read-only: a mutating method raises ReadOnlyProfile, nothing recorded, nothing changed;
5. a mutating call is recorded in `calls` (it reached the engine, whatever the engine answers);
6. an injected fault for this method and target raises its error;
7. the method runs; it never awaits, so a change is all or nothing.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any, ClassVar, Concatenate, ParamSpec, TypeVar

from camtui.api import errors
from camtui.api.capabilities import Capability
from camtui.api.connection import Connection
from camtui.api.models import Group, Incident, NewDeployment, Tenant, User
from camtui.api.paging import Page
from tests.fakes import flavours
from tests.fakes.data import FakeData
from tests.fakes.flavours import Flavour
from tests.fakes.paging import HasId, page_of

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T", bound=HasId)

# a fault for every target of a method
ANY_TARGET = "*"


@dataclass(frozen=True)
class MethodSpec:
    """How an area method is guarded: the capability it needs (None: every engine has it)."""

    capability: Capability | None
    mutates: bool


# by the wrapper function, so an area class can be searched for its guarded methods
_SPECS: dict[Callable[..., Any], MethodSpec] = {}


def spec_of(attribute: object) -> MethodSpec | None:
    return _SPECS.get(attribute) if callable(attribute) else None


def targets_of(arguments: Mapping[str, Any]) -> tuple[str, ...]:
    """What a call acts on, for fault matching: its first id argument (all of them for `*_ids`;
    `bpmn_process_id` counts as an id)."""
    for name, value in arguments.items():
        if value is None:
            continue
        if name.endswith("_ids") and isinstance(value, tuple):
            return tuple(str(v) for v in value)
        if name.endswith("_id"):
            return (str(value),)
        if isinstance(value, NewDeployment):
            return (value.name,)
        if isinstance(value, User | Group | Tenant | Incident):
            return (value.id,)
    return ()


class FakeCore:
    """The state one fake engine's areas share."""

    def __init__(
        self, flavour: Flavour, data: FakeData, *, read_only: bool, capabilities: frozenset[Capability]
    ) -> None:
        self.flavour: Flavour = flavour
        self.data = data
        self.capabilities = capabilities
        self.connection = Connection(
            base_url=flavours.BASE_URLS[flavour], engine=flavours.ENGINE_KINDS[flavour], read_only=read_only
        )
        self.down = False
        # while set, every call waits for it (FakeEngine.hold/release); `waiting` counts who waits
        self.gate: asyncio.Event | None = None
        self.waiting = 0
        self.faults: dict[tuple[str, str], errors.EngineError] = {}
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    # -- the guard --------------------------------------------------------------------------------

    def require(self, capability: Capability, what: str) -> None:
        if capability not in self.capabilities:
            product = flavours.PRODUCTS[self.flavour]
            raise errors.UnsupportedByEngine(
                f"{product} does not offer {what} ({capability.value}).", capability=capability
            )

    def enter(self, name: str, spec: MethodSpec, arguments: Mapping[str, Any]) -> None:
        if self.down:
            raise errors.ConnectionFailed(
                f"Cannot connect to {self.connection.base_url} ({name}): connection refused (the fake engine is down)."
            )
        if spec.capability is not None:
            self.require(spec.capability, name)
        targets = targets_of(arguments)
        if spec.mutates:
            if self.connection.read_only:
                shown = f" {targets[0]}" if targets else ""
                raise errors.ReadOnlyProfile(f"Refused {name}{shown}: the profile is read-only, nothing was sent.")
            self.calls.append((name, tuple(arguments.values())))
        for target in (*targets, ANY_TARGET):
            error = self.faults.get((name, target))
            if error is not None:
                raise error.with_traceback(None)

    # -- helpers the areas share ------------------------------------------------------------------

    def page(
        self,
        items: Iterable[T],
        *,
        limit: int,
        after: str | None,
        field: Callable[[T], object] | None = None,
        descending: bool = False,
    ) -> Page[T]:
        return page_of(items, flavour=self.flavour, limit=limit, after=after, field=field, descending=descending)

    def missing(self, what: str, item_id: str) -> errors.EngineError:
        return flavours.not_found(self.flavour, what, item_id)

    def bad_request(self, message: str) -> errors.EngineError:
        return flavours.bad_request(self.flavour, message)

    def refusal(self, message: str, *, engine_type: str = "ProcessEngineException") -> errors.EngineError:
        return flavours.refusal(self.flavour, message, engine_type=engine_type)


class Area:
    """One area of a fake engine (deployments, tasks, ...); `area` prefixes its method names."""

    area: ClassVar[str]

    def __init__(self, core: FakeCore) -> None:
        self._core = core

    @property
    def _data(self) -> FakeData:
        return self._core.data

    @property
    def _flavour(self) -> Flavour:
        return self._core.flavour


A = TypeVar("A", bound=Area)


def engine_call(
    capability: Capability | None = None, *, mutates: bool = False
) -> Callable[
    [Callable[Concatenate[A, P], Coroutine[Any, Any, R]]], Callable[Concatenate[A, P], Coroutine[Any, Any, R]]
]:
    """Guard an area method (see the module docstring); its name is `<area>.<method>`."""

    def decorate(
        method: Callable[Concatenate[A, P], Coroutine[Any, Any, R]],
    ) -> Callable[Concatenate[A, P], Coroutine[Any, Any, R]]:
        signature = inspect.signature(method)
        spec = MethodSpec(capability=capability, mutates=mutates)

        @wraps(method)
        async def guarded(self: A, /, *args: P.args, **kwargs: P.kwargs) -> R:
            gate = self._core.gate
            if gate is not None:
                self._core.waiting += 1
                try:
                    await gate.wait()
                finally:
                    self._core.waiting -= 1
            else:
                await asyncio.sleep(0)
            bound = signature.bind(self, *args, **kwargs)
            bound.apply_defaults()
            arguments = dict(bound.arguments)
            arguments.pop("self")
            self._core.enter(f"{self.area}.{method.__name__}", spec, arguments)
            return await method(self, *args, **kwargs)

        _SPECS[guarded] = spec
        return guarded

    return decorate


def area_methods(areas: Iterable[type[Area]]) -> dict[str, MethodSpec]:
    """Every guarded method of these area classes, as `"deployments.delete" -> spec`."""
    found: dict[str, MethodSpec] = {}
    for cls in areas:
        for attribute, value in vars(cls).items():
            spec = spec_of(value)
            if spec is not None:
                found[f"{cls.area}.{attribute}"] = spec
    return found
