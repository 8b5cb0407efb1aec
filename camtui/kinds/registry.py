"""Every kind, in the order views are offered; lookups by name, alias and prefix."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from camtui.api.capabilities import Capability
from camtui.api.models import EngineKind
from camtui.kinds import homes
from camtui.kinds.base import Action, Kind

# issue 15: the kinds' modules (with every model and operation they name) are imported when the
# whole list is first asked for (`KINDS`, `supported`, a prefix or alias); a lookup by a kind's own
# name loads that kind's module alone (`camtui.kinds.homes`), so the console's first view and
# `camtui get KIND` build only their kind
if TYPE_CHECKING:
    KINDS: tuple[Kind[Any], ...]


@cache
def _all_kinds() -> tuple[Kind[Any], ...]:
    from camtui.kinds.batches import BATCHES
    from camtui.kinds.c8 import C8_KINDS
    from camtui.kinds.c8_statistics import C8_STATISTICS_KINDS
    from camtui.kinds.definitions import DEFINITIONS
    from camtui.kinds.deployments import DEPLOYMENTS
    from camtui.kinds.external_tasks import EXTERNAL_TASKS
    from camtui.kinds.identity import AUTHORIZATIONS, GROUPS, TENANTS, USERS
    from camtui.kinds.incidents import INCIDENTS
    from camtui.kinds.instances import INSTANCES
    from camtui.kinds.jobs import JOB_DEFINITIONS, JOBS
    from camtui.kinds.memberships import MEMBERS
    from camtui.kinds.resource_deployments import DEPLOYED_RESOURCES, RESOURCE_DEPLOYMENTS
    from camtui.kinds.tasks import TASKS

    return (
        DEPLOYMENTS,
        DEFINITIONS,
        INSTANCES,
        INCIDENTS,
        TASKS,
        USERS,
        GROUPS,
        TENANTS,
        AUTHORIZATIONS,
        # issue 11
        JOBS,
        JOB_DEFINITIONS,
        EXTERNAL_TASKS,
        # issue 10
        BATCHES,
        # issue 13: Camunda 8 only
        *C8_KINDS,
        # issue 13: members of a role, group or tenant (their details' child lists)
        MEMBERS,
        # issue 13: Camunda 8's deployments, assembled from their resources
        RESOURCE_DEPLOYMENTS,
        DEPLOYED_RESOURCES,
        # issue 13 (audit): what a Camunda 8.9 cluster counts
        *C8_STATISTICS_KINDS,
    )


def __getattr__(name: str) -> Any:
    if name == "KINDS":
        return _all_kinds()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_all() -> None:
    """Import every kind now (the console does it in a thread after its first paint, so that the
    first `:` or palette does not wait for it)."""
    _all_kinds()


# where the console opens on each engine family (the first supported kind when that one is not)
DEFAULT_VIEW = {EngineKind.C7: "deployments", EngineKind.C8: "instances"}

BUILTIN_COMMANDS = ("profile", "q", "quit", "help", "theme")


def kind(name: str) -> Kind[Any]:
    if name in homes.HOMES:
        return homes.load(name)
    for k in _all_kinds():
        if k.name == name:
            return k
    raise KeyError(name)


def by_singular(name: str) -> Kind[Any]:
    for k in _all_kinds():
        if name in (k.singular, k.name):
            return k
    raise KeyError(name)


def find(word: str, capabilities: frozenset[Capability] | None = None) -> Kind[Any] | None:
    """Exact name or alias first, then the one kind whose name or alias starts with `word`. With the
    engine's capabilities, a kind it offers wins (`:batches` is Camunda 7's engine batches there,
    Camunda 8's batch operations here)."""
    word = word.lower().strip()
    if capabilities is not None and word in homes.HOMES and offers(named := homes.load(word), capabilities):
        # a kind's own name, offered by the engine: what the search below finds first (no kind
        # before it in KINDS has its name as an alias; tests/unit/test_kind_homes.py checks)
        return named
    kinds = _all_kinds() if capabilities is None else (*supported(capabilities), *_all_kinds())
    for k in kinds:
        if word == k.name or word in k.aliases:
            return k
    matches = list(dict.fromkeys(k for k in kinds if any(a.startswith(word) for a in (k.name, *k.aliases))))
    if capabilities is not None:
        matches = [k for k in matches if k.capability in capabilities] or matches
    return matches[0] if len(matches) == 1 else None


def supported(capabilities: frozenset[Capability] | None) -> tuple[Kind[Any], ...]:
    """The kinds the engine can list; all of them before an engine is connected."""
    if capabilities is None:
        return _all_kinds()
    return tuple(k for k in _all_kinds() if k.capability in capabilities)


def offers(k: Kind[Any], capabilities: frozenset[Capability] | None) -> bool:
    """`k in supported(capabilities)` for a kind of the registry, without importing every kind."""
    return capabilities is None or k.capability in capabilities


def default_view(engine: EngineKind, capabilities: frozenset[Capability]) -> str:
    wanted = DEFAULT_VIEW.get(engine)
    if wanted in homes.HOMES and offers(homes.load(wanted), capabilities):
        return wanted
    offered = supported(capabilities)
    if any(k.name == wanted for k in offered):
        return str(wanted)
    return offered[0].name if offered else "deployments"


def command_words(capabilities: frozenset[Capability] | None = None) -> list[str]:
    """Everything `:` completes: the names and aliases of what the engine offers, and built-ins."""
    words = {a for k in supported(capabilities) for a in (k.name, *k.aliases)}
    return sorted(words | set(BUILTIN_COMMANDS))


def all_actions() -> tuple[Action[Any], ...]:
    out: list[Action[Any]] = []
    for k in _all_kinds():
        out.extend(k.actions)
        if k.create is not None:
            out.append(k.create)
    return tuple(out)
