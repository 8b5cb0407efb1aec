"""Every method of the engine protocol, called generically: arguments built from its annotations.

`calls()` lists each public async method of each area of `camtui.api.protocol.Engine`, so a method
added to the protocol is covered by the tests that use it without a change here. `arguments()` makes
plain arguments for one (ids "x", filters None, defaults as declared); `id_slots()` names every
place a caller's id goes in (a parameter named `*_id` or `name`, or the id fields of a model
argument), and `arguments(call, slot, value)` puts a value there.
"""

from __future__ import annotations

import dataclasses
import inspect
import types
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel

from camtui.api import protocol
from camtui.api.models import (
    AuthorizationType,
    Incident,
    Modification,
    ModificationKind,
    NewDeployment,
    VariableValue,
)

# values a name needs to be valid, whatever its type
BY_NAME: dict[str, Any] = {
    "resource_type": "PROCESS_DEFINITION",
    "permissions": ("READ",),
    "type": AuthorizationType.GRANT,
    "retries": 1,
}
# arguments a method needs beyond its required ones to send anything: one of two optional ids, unless
# the id under test is one of them (then it alone is given)
EXTRA: dict[tuple[str, str], dict[str, Any]] = {
    ("definitions", "start"): {"bpmn_process_id": "x"},
    ("authorizations", "create"): {"user_id": "x"},
}
ALTERNATIVES: dict[tuple[str, str], set[str]] = {
    ("definitions", "start"): {"definition_id", "bpmn_process_id"},
    ("authorizations", "create"): {"user_id", "group_id"},
}
# incidents take a different path by type
INCIDENT_TYPES = ("failedJob", "failedExternalTask")


@cache
def protocol_names() -> dict[str, Any]:
    """The protocol module's names with those it imports for the checker only (under TYPE_CHECKING,
    so that importing the protocol builds no model): what its annotations mean."""
    import ast

    names = dict(vars(protocol))
    tree = ast.parse(inspect.getsource(protocol))
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            exec(compile(ast.Module(body=node.body, type_ignores=[]), protocol.__file__ or "protocol", "exec"), names)
    return names


@dataclass(frozen=True)
class Call:
    area: str
    method: str

    def __str__(self) -> str:
        return f"{self.area}.{self.method}"

    @property
    def function(self) -> Any:
        return getattr(areas()[self.area], self.method)

    @property
    def hints(self) -> dict[str, Any]:
        return get_type_hints(self.function, protocol_names())

    @property
    def signature(self) -> inspect.Signature:
        return inspect.signature(self.function)


@dataclass(frozen=True)
class Slot:
    """Where an id goes: parameter `param`, or field `field` of the model passed as `param`."""

    param: str
    field: str | None = None
    # other fields of that model (an incident's type)
    model: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        where = f"{self.param}.{self.field}" if self.field else self.param
        return where + "".join(f"[{v}]" for v in self.model.values())


@cache
def areas() -> dict[str, type]:
    """Area name -> its protocol class, from the properties of `Engine`."""
    out: dict[str, type] = {}
    for name, member in vars(protocol.Engine).items():
        if isinstance(member, property) and member.fget is not None:
            kind = get_type_hints(member.fget, protocol_names()).get("return")
            if isinstance(kind, type) and kind.__module__ == protocol.__name__:
                out[name] = kind
    return out


def calls() -> list[Call]:
    return [
        Call(area, name)
        for area, cls in areas().items()
        for name, member in vars(cls).items()
        if not name.startswith("_") and inspect.iscoroutinefunction(member)
    ]


def _without_none(hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        rest = [a for a in get_args(hint) if a is not type(None)]
        return rest[0] if len(rest) == 1 else hint
    return hint


def _admits_str(hint: Any) -> bool:
    return hint is str or str in get_args(hint)


def _model_id_fields(model: type[BaseModel]) -> list[str]:
    return [
        name
        for name, info in model.model_fields.items()
        if (name in ("id", "configuration") or name.endswith("_id")) and _admits_str(info.annotation)
    ]


def id_slots(call: Call) -> list[Slot]:
    slots: list[Slot] = []
    hints = call.hints
    for name, param in list(call.signature.parameters.items())[1:]:
        hint = _without_none(hints[name])
        if (name.endswith("_id") or name == "name") and _admits_str(hints[name]):
            slots.append(Slot(name))
        # a model the caller must pass (a user, an incident); filters go in the query or the body
        elif param.default is inspect.Parameter.empty and isinstance(hint, type) and issubclass(hint, BaseModel):
            variants: list[dict[str, Any]] = [{"type": t} for t in INCIDENT_TYPES] if hint is Incident else [{}]
            slots += [Slot(name, f, v) for f in _model_id_fields(hint) for v in variants]
    return slots


def sample(name: str, hint: Any) -> Any:
    """A valid value of `hint` for parameter `name`."""
    if name in BY_NAME:
        return BY_NAME[name]
    hint = _without_none(hint)
    origin = get_origin(hint)
    if hint is str:
        return "x"
    if hint is bool:
        return False
    if hint is int:
        return 1
    if hint is datetime:
        return datetime(2026, 1, 1, tzinfo=UTC)
    if origin is tuple:
        return (sample("", get_args(hint)[0]),)
    if origin is Mapping or hint is Mapping:
        return {"v": VariableValue(value=1)}
    if hint is NewDeployment:
        return NewDeployment(name="n", files=(("a.bpmn", b"<definitions/>"),))
    if hint is Modification:
        return Modification(kind=ModificationKind.START_BEFORE, activity_id="a")
    if hint is Incident:
        return Incident(id="x", type="failedJob", configuration="x")
    if isinstance(hint, type) and issubclass(hint, Enum):
        return next(iter(hint))
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return hint(**{n: sample(n, f.annotation) for n, f in hint.model_fields.items() if f.is_required()})
    raise NotImplementedError(f"no sample for {name}: {hint!r}; teach tests/fault/protocol_calls.py")


def arguments(call: Call, slot: Slot | None = None, value: Any = None) -> tuple[list[Any], dict[str, Any]]:
    """Positional and keyword arguments for `call`, with `value` in `slot` when given."""
    hints = call.hints
    extra = EXTRA.get((call.area, call.method), {})
    if slot is not None and slot.param in ALTERNATIVES.get((call.area, call.method), set()):
        extra = {}
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for name, param in list(call.signature.parameters.items())[1:]:
        if name in extra:
            arg = extra[name]
        elif param.default is not inspect.Parameter.empty:
            arg = param.default
        else:
            arg = sample(name, hints[name])
        if slot is not None and slot.param == name:
            arg = value if slot.field is None else arg.model_copy(update={**slot.model, slot.field: value})
        if param.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[name] = arg
        else:
            args.append(arg)
    return args, kwargs


def returns_engine_data(call: Call) -> bool:
    """Whether the method turns an answer's JSON into what it returns (not None, bytes or a flag;
    a stack trace is the body's text, whatever it is)."""
    kind = call.hints.get("return")
    return kind not in (None, type(None), bytes, bool) and str(call) not in TEXT_ANSWERS


# what answers with the body's text as it is (a stack trace, an error's details), not with JSON
TEXT_ANSWERS = {"incidents.stacktrace", "jobs.stacktrace", "external_tasks.error_details"}
