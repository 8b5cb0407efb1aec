"""Can USER do PERMISSION on RESOURCE? Yes or no, why, and what would change the answer (Camunda 7).

The decision follows the engine's own check step by step (camunda-engine 7.24,
`org/camunda/bpm/engine/impl/mapping/entity/Authorization.xml`, sql `authCheck`; the same in
Operaton). The first step that matches decides:

    user grant on the resource id    -> yes       group grant on the resource id   -> yes
    user revoke on the resource id   -> no        group revoke on the resource id  -> no
    user grant on '*'                -> yes       group grant on '*'               -> yes
    user revoke on '*'               -> no        group revoke on '*'              -> no
    global with the permission, on the resource id -> yes;  without it -> no
    global with the permission, on '*'             -> yes;  without it -> no
    nothing matched                                -> no

A global authorization that lacks the permission counts as a revoke. Revokes (and globals that lack
the permission) are only looked at when the user or one of their groups has any REVOKE
authorization at all (the engine's default `authorizationCheckRevokes = auto`). This is exactly what
GET /authorization/check answers; members of `camunda-admin` are the one exception in what the engine
then does: it skips their checks altogether, which the explanation says.

Engine-neutral: no Textual, no HTTP; `explain_on` reads through the `Engine` protocol.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TypeVar

from camtui.api.models import Authorization, AuthorizationFilter, AuthorizationType, GroupFilter
from camtui.api.paging import Page
from camtui.api.protocol import Engine

T = TypeVar("T")

ANY = "*"
ALL = "ALL"
# the engine's built-in administrators' group (Groups.CAMUNDA_ADMIN), always among its admin groups
ADMIN_GROUP = "camunda-admin"


class Level(StrEnum):
    USER = "user"
    GROUP = "group"
    GLOBAL = "global"


class Effect(StrEnum):
    GRANT = "grant"
    REVOKE = "revoke"


@dataclass(frozen=True)
class Applicable:
    """One authorization that speaks to this permission on this resource, and where it stands."""

    authorization: Authorization
    level: Level
    effect: Effect
    # on the resource id itself, not on '*'
    specific: bool
    # its step in the engine's order (lower decides first)
    step: int
    # False when the engine skips it (a revoke while revoke checks are off)
    considered: bool = True

    def describe(self) -> str:
        a = self.authorization
        who = {Level.USER: f"user {a.user_id}", Level.GROUP: f"group {a.group_id}", Level.GLOBAL: "everyone"}
        where = f"{a.resource_type} {a.resource_id}"
        perms = ", ".join(a.permissions) or "no permissions"
        kind = f"{a.type.value} [{perms}]"
        verb = "grants" if self.effect is Effect.GRANT else "revokes"
        if a.type is AuthorizationType.GLOBAL and self.effect is Effect.REVOKE:
            verb = "does not grant (a global without the permission counts as a revoke)"
        return f"{who[self.level]}: {kind} on {where} {verb} ({a.id})"


@dataclass(frozen=True)
class Change:
    """One edit of the authorizations that flips the answer (checked by deciding again)."""

    verb: str  # "add" or "remove"
    words: str
    authorization: Authorization


@dataclass(frozen=True)
class Explanation:
    user_id: str
    permission: str
    resource_type: str
    resource_id: str
    groups: tuple[str, ...]
    allowed: bool
    # the authorization that decides (None: nothing matched, so no)
    deciding: Applicable | None
    applicable: tuple[Applicable, ...]
    revoke_checks: bool
    changes: tuple[Change, ...] = field(default=())

    @property
    def administrator(self) -> bool:
        return ADMIN_GROUP in self.groups

    def lines(self) -> list[str]:
        """The answer in words, for a terminal (the caller makes engine text safe)."""
        out = [
            f"{'YES' if self.allowed else 'NO'}: {self.user_id} "
            f"{'may' if self.allowed else 'may not'} {self.permission} on {self.resource_type} {self.resource_id}",
            f"groups: {', '.join(self.groups) or '(none)'}",
            "revoke checks: "
            + (
                "on (the user or a group has a REVOKE)"
                if self.revoke_checks
                else "off (no REVOKE for the user or groups)"
            ),
        ]
        if self.deciding is not None:
            out.append(f"decided by: {self.deciding.describe()}")
        else:
            out.append("decided by: nothing applies, and what is not granted is denied")
        if self.applicable:
            out.append("applicable, in the engine's order:")
            for a in self.applicable:
                mark = "→" if a is self.deciding else (" " if a.considered else "×")
                skipped = "" if a.considered else "  (skipped: revoke checks are off)"
                out.append(f"  {mark} {a.describe()}{skipped}")
        if self.administrator:
            out.append(
                f"note: {ADMIN_GROUP} members skip authorization checks in the engine: whatever the answer"
                " above, the engine lets them"
            )
        if self.changes:
            out.append("to change the answer:")
            out.extend(f"  {c.verb} {c.words}" for c in self.changes)
        return out

    def as_data(self) -> dict[str, object]:
        return {
            "user": self.user_id,
            "permission": self.permission,
            "resource_type": self.resource_type,
            "resource_id": self.resource_id,
            "allowed": self.allowed,
            "groups": list(self.groups),
            "revoke_checks": self.revoke_checks,
            "administrator": self.administrator,
            "deciding": self.deciding.authorization.model_dump(mode="json") if self.deciding else None,
            "applicable": [
                {
                    "authorization": a.authorization.model_dump(mode="json"),
                    "level": a.level.value,
                    "effect": a.effect.value,
                    "specific": a.specific,
                    "considered": a.considered,
                }
                for a in self.applicable
            ],
            "changes": [
                {"verb": c.verb, "words": c.words, "authorization": c.authorization.model_dump(mode="json")}
                for c in self.changes
            ],
        }


def _names(a: Authorization) -> set[str]:
    return {p.upper() for p in a.permissions}


def _covers(a: Authorization, permission: str) -> bool:
    names = _names(a)
    return permission in names or ALL in names


def _classify(
    a: Authorization, user_id: str, groups: Iterable[str], permission: str, resource_type: str, resource_id: str
) -> Applicable | None:
    if a.resource_type.upper() != resource_type:
        return None
    specific = resource_id != ANY and a.resource_id == resource_id
    if not specific and a.resource_id != ANY:
        return None
    if a.type is AuthorizationType.GLOBAL or a.user_id == ANY:
        level, effect = Level.GLOBAL, (Effect.GRANT if _covers(a, permission) else Effect.REVOKE)
    else:
        if a.user_id is not None and a.user_id == user_id:
            level = Level.USER
        elif a.group_id is not None and a.group_id in set(groups):
            level = Level.GROUP
        else:
            return None
        if not _covers(a, permission):
            # a grant without it, or a revoke of something else: silent on this permission
            return None
        effect = Effect.GRANT if a.type is AuthorizationType.GRANT else Effect.REVOKE
    order = (Level.USER, Level.GROUP, Level.GLOBAL).index(level)
    step = order * 4 + (0 if specific else 2) + (0 if effect is Effect.GRANT else 1)
    return Applicable(a, level, effect, specific, step)


def revoke_checks_on(user_id: str, groups: Iterable[str], authorizations: Iterable[Authorization]) -> bool:
    """`auto`: the engine looks at revokes only when the user or a group holds a REVOKE (any resource)."""
    group_set = set(groups)
    return any(
        a.type is AuthorizationType.REVOKE and (a.user_id == user_id or (a.group_id or "") in group_set)
        for a in authorizations
    )


def decide(
    user_id: str,
    groups: Sequence[str],
    permission: str,
    resource_type: str,
    resource_id: str,
    authorizations: Sequence[Authorization],
    *,
    other_revokes: Sequence[Authorization] = (),
    with_changes: bool = True,
) -> Explanation:
    """The engine's answer. `authorizations`: every authorization of the user, their groups and everyone on
    `resource_type` (more does no harm); `other_revokes`: the REVOKEs of the user and their groups on other
    resource types, which only switch revoke checks on."""
    permission, resource_type = permission.upper(), resource_type.upper()
    revokes = revoke_checks_on(user_id, groups, [*authorizations, *other_revokes])
    found = [_classify(a, user_id, groups, permission, resource_type, resource_id) for a in authorizations]
    applicable = sorted(
        (x if revokes or x.effect is Effect.GRANT else replace(x, considered=False) for x in found if x is not None),
        key=lambda x: (x.step, x.authorization.id),
    )
    deciding = next((x for x in applicable if x.considered), None)
    result = Explanation(
        user_id=user_id,
        permission=permission,
        resource_type=resource_type,
        resource_id=resource_id,
        groups=tuple(groups),
        allowed=deciding is not None and deciding.effect is Effect.GRANT,
        deciding=deciding,
        applicable=tuple(applicable),
        revoke_checks=revokes,
    )
    if not with_changes:
        return result
    return replace(result, changes=_changes(result, authorizations, other_revokes))


def _changes(
    e: Explanation, authorizations: Sequence[Authorization], other_revokes: Sequence[Authorization]
) -> tuple[Change, ...]:
    """Single edits that flip the answer, each proved by deciding again with the edit made."""

    def flips(candidate: Sequence[Authorization]) -> bool:
        again = decide(
            e.user_id,
            e.groups,
            e.permission,
            e.resource_type,
            e.resource_id,
            candidate,
            other_revokes=other_revokes,
            with_changes=False,
        )
        return again.allowed != e.allowed

    out: list[Change] = []
    for x in e.applicable:
        if flips([a for a in authorizations if a.id != x.authorization.id]):
            out.append(Change("remove", x.describe(), x.authorization))
    effect = AuthorizationType.REVOKE if e.allowed else AuthorizationType.GRANT
    owners: list[tuple[str | None, str | None]] = [(e.user_id, None), *((None, g) for g in e.groups)]
    for user, group in owners:
        new = Authorization(
            id="(new)",
            type=effect,
            permissions=(e.permission,),
            user_id=user,
            group_id=group,
            resource_type=e.resource_type,
            resource_id=e.resource_id,
        )
        if flips([*authorizations, new]):
            who = f"user {user}" if user else f"group {group}"
            words = f"a {effect.value.upper()} of {e.permission} for {who} on {e.resource_type} {e.resource_id}"
            out.append(Change("add", words, new))
    return tuple(out)


async def explain_on(
    engine: Engine, user_id: str, permission: str, resource_type: str, resource_id: str = ANY
) -> Explanation:
    """Read the user's groups and every authorization that could apply, then decide."""
    groups = await all_pages(lambda after: engine.groups.list(GroupFilter(member=user_id), limit=500, after=after))
    group_ids = tuple(sorted(g.id for g in groups))
    rtype = resource_type.upper()
    found = await all_pages(
        lambda after: engine.authorizations.list(
            AuthorizationFilter(user_ids=(user_id, ANY), resource_type=rtype), limit=500, after=after
        )
    )
    revokes = await all_pages(
        lambda after: engine.authorizations.list(
            AuthorizationFilter(type=AuthorizationType.REVOKE, user_ids=(user_id,)), limit=500, after=after
        )
    )
    if group_ids:
        found += await all_pages(
            lambda after: engine.authorizations.list(
                AuthorizationFilter(group_ids=group_ids, resource_type=rtype), limit=500, after=after
            )
        )
        revokes += await all_pages(
            lambda after: engine.authorizations.list(
                AuthorizationFilter(type=AuthorizationType.REVOKE, group_ids=group_ids), limit=500, after=after
            )
        )
    mine = list({a.id: a for a in found}.values())
    others = [a for a in revokes if a.resource_type.upper() != rtype]
    return decide(user_id, group_ids, permission, rtype, resource_id, mine, other_revokes=others)


async def all_pages(fetch: Callable[[str | None], Awaitable[Page[T]]]) -> list[T]:
    """Every page of a list (identity lists are short)."""
    items: list[T] = []
    after: str | None = None
    while True:
        page = await fetch(after)
        items.extend(page.items)
        if page.next is None or not page.items:
            return items
        after = page.next
