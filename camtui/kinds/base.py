"""The shapes of the declarations: a column, an option, an action, a kind.

A `Kind` says how a page of its items is fetched, how one item is described, which columns show
it and which actions apply to it. An `Action` says what it needs (a capability), how risky it is,
what it acts on (its scope), and has a `plan` (what will happen, with the exact requests) and a
`run` (do it for one target). `camtui.kinds.runner` executes every action the same way.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from camtui.api.capabilities import Capability
from camtui.api.paging import Page
from camtui.api.plan import Outcome, Plan, Report, Risk
from camtui.api.protocol import Engine

T = TypeVar("T")
Q = TypeVar("Q")


class Scope(StrEnum):
    """What an action acts on."""

    NONE = "none"  # makes something new (deploy): no row needed
    CURSOR = "cursor"  # the row under the cursor
    MARKED = "marked"  # the marked rows, or the row under the cursor when none is marked
    QUERY = "query"  # everything the current query matches, frozen when planned
    # issue 13: the current query itself, sent as the engine's filter (Camunda 8's batch operations)
    FILTER = "filter"


class Priority:
    """Which columns stay when the terminal is narrow: lower numbers stay longer."""

    ALWAYS = 0
    HIGH = 1
    NORMAL = 2
    LOW = 3
    WIDE = 9  # only in wide mode (ctrl+w)


@dataclass(frozen=True)
class Column(Generic[T]):
    key: str
    label: str
    text: Callable[[T], str]
    # the width it wants, and the least it can do with before it is dropped
    width: int
    min_width: int = 0
    priority: int = Priority.NORMAL
    # ids are shortened from the middle (both ends tell ids apart); names from the end
    shorten: str = "end"
    # takes what space is left over (names, messages)
    grow: bool = False

    @property
    def least(self) -> int:
        return self.min_width or min(self.width, max(len(self.label), 6))


@dataclass(frozen=True)
class Option:
    """A choice an action offers before it runs (cascade, a reason, a user)."""

    name: str
    label: str
    default: bool | str | None = False
    help: str = ""
    # typed without being shown (a password); never echoed, never in a plan
    secret: bool = False
    # the registry name of a kind whose ids the console offers as completions (a user picker)
    suggest: str = ""

    @property
    def is_flag(self) -> bool:
        return isinstance(self.default, bool)


Options = Mapping[str, Any]
PlanFn = Callable[[Engine, Sequence[T], Options], Awaitable[Plan]]
# does the action to one target; returns what happened in words ("" for nothing to add), or the
# words and what the engine answered (a new deployment, a started instance)
RunResult = str | tuple[str, BaseModel]
RunFn = Callable[[Engine, T, Options], Awaitable[RunResult]]
# after a lost answer: did the change happen? True, False, or None when the engine can not tell;
# `since` is when the change was sent (reads only: a check never changes anything)
# True: it happened; False: it did not; None: nobody can tell; a model: it happened, and this is
# what it made (a deployment found by name and time), reported as the run's result would be
VerifyFn = Callable[[Engine, T, Options, datetime], Awaitable[bool | BaseModel | None]]
# does the action to many targets at once (an engine batch), with one outcome per target
ManyFn = Callable[[Engine, Sequence[T], Options], Awaitable[list[Outcome]]]
# tells the user how a long step goes ("watching 20: 8 resolved, 12 pending")
Note = Callable[[str], None]
# for a change whose effect comes later (a retry runs on the job executor): watch the targets
# (bounded) and return the report of what really happened instead of "request accepted"
SettleFn = Callable[[Engine, Sequence[T], Report, Options, Note], Awaitable[Report]]


@dataclass(frozen=True)
class Action(Generic[T]):
    id: str
    key: str
    label: str
    capability: Capability
    mutates: bool
    risk: Risk
    scope: Scope
    plan: PlanFn[T]
    run: RunFn[T]
    options: tuple[Option, ...] = ()
    description: str = ""
    # a list reloads after the action (a delete changes it; a claim changes a row)
    reloads: bool = True
    # for more than one target, when the engine has `many_capability`: all at once
    run_many: ManyFn[T] | None = None
    many_capability: Capability | None = None
    # how to find out whether a change whose answer was lost happened after all
    verify: VerifyFn[T] | None = None
    # how to see the change take effect, after it was sent (see SettleFn)
    settle: SettleFn[T] | None = None
    # the options' starting values from the row under the cursor (an edit form shows what is there)
    prefill: Callable[[T], dict[str, Any]] | None = None
    # issue 10: run_many from this many targets on (fewer run one by one)
    many_from: int = 2

    def defaults(self) -> dict[str, Any]:
        return {o.name: o.default for o in self.options}


Fetch = Callable[[Engine, Any, str | None, int], Awaitable[Page[Any]]]


@dataclass(frozen=True)
class Child:
    """A paged list under one item's detail: a group's members, a definition's running instances."""

    title: str
    # the registry name of the listed kind
    kind: str
    # the listed kind's query for one parent id
    query: Callable[[str], Any]
    # issue 13: actions on this list, keyed where it has the focus (a scope NONE one starts from
    # the list's query as its options: add a member to the owner shown)
    actions: tuple[Action[Any], ...] = ()
    # not shown where the engine has this capability (another list takes its place there)
    unless: Capability | None = None


@dataclass(frozen=True)
class View:
    """Another way to look at one item (a definition's diagram): a key on its list and its detail that
    opens a screen, "module:Class", made with (session, kind name, item id)."""

    key: str
    label: str
    screen: str
    capability: Capability


@dataclass(frozen=True)
class Kind(Generic[T]):
    """One kind of thing: `deployments`, `instances`, `users`, ..."""

    name: str
    singular: str
    aliases: tuple[str, ...]
    title: str
    capability: Capability
    columns: tuple[Column[T], ...]
    # fetch(engine, query, after, limit): one page; `query` is this kind's filter model
    fetch: Fetch
    new_query: Callable[[], Any]
    # fetch one by id (for the CLI's changing commands and describe)
    get: Callable[[Engine, str], Awaitable[T]] | None = None
    # everything about one, as plain data (describe, and the console's detail)
    describe: Callable[[Engine, str], Awaitable[dict[str, Any]]] | None = None
    key_of: Callable[[T], str] = lambda item: str(getattr(item, "id"))  # noqa: B009
    label_of: Callable[[T], str] = lambda item: str(getattr(item, "name", None) or getattr(item, "id"))  # noqa: B009
    actions: tuple[Action[T], ...] = ()
    # server-side sort fields, and how to put one into a query
    sorts: tuple[str, ...] = ()
    sorted_query: Callable[[Any, str | None, bool], Any] | None = None
    # issue 13 (audit): further sort fields, offered only where the engine has the capability
    more_sorts: tuple[tuple[Capability, tuple[str, ...]], ...] = ()
    # the CLI: flags of `camtui get NAME`, and the query they make
    cli_flags: Callable[[argparse.ArgumentParser], None] = lambda parser: None
    cli_query: Callable[[argparse.Namespace], Any] | None = None
    cli_help: str = ""
    # the model fields `camtui get` shows in a table and CSV (JSON and YAML show every field)
    fields: tuple[str, ...] = ()
    # an action that makes a new one (deploy): no target row
    create: Action[None] | None = None
    # the console's own screen for this kind, "module:Class", when the generic list is not enough
    screen: str = ""
    # lists shown under one item's detail
    children: tuple[Child, ...] = ()
    # other screens for one item, each on a key
    views: tuple[View, ...] = ()
    # fields `camtui get`'s table says in the console's words (an instance's state: "cancelled", not
    # EXTERNALLY_TERMINATED), from the item; JSON, YAML and CSV keep the engine's value
    table_words: tuple[tuple[str, Callable[[T], str]], ...] = ()

    def action(self, action_id: str) -> Action[T]:
        for action in self.actions:
            if action.id == action_id or action.id == f"{self.name}.{action_id}":
                return action
        raise KeyError(action_id)

    def sorts_for(self, capabilities: frozenset[Capability]) -> tuple[str, ...]:
        """The sort fields an engine with `capabilities` offers for this kind."""
        return self.sorts + tuple(s for capability, more in self.more_sorts if capability in capabilities for s in more)

    def supported_actions(self, capabilities: frozenset[Capability], *, read_only: bool) -> tuple[Action[T], ...]:
        """What the connected engine can do here; a read-only profile offers nothing that changes."""
        return tuple(a for a in self.actions if a.capability in capabilities and not (read_only and a.mutates))
