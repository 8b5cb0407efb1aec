"""The explainer agrees with the engine's own authorization check (GET /authorization/check).

Generated scenarios (a seeded random, so a failure reproduces): a user, two groups they may belong
to, and user/group grants and revokes and global rules, on a specific resource id and on '*'. Every
scenario is checked for three permissions on three resource ids, and cleaned up after (a global on
'*' would otherwise change what other tests' users may do).
"""

from __future__ import annotations

import random

from camtui.api.c7.engine import C7Engine
from camtui.api.models import AuthorizationType, Group, User
from camtui.kinds.explain import explain_on
from tests.engine.helpers import unique

# resource types no other test gives rules on (a global on '*' does no harm while it lives), with
# three of their permissions
PERMISSIONS = {"FILTER": ("READ", "UPDATE", "DELETE"), "DEPLOYMENT": ("READ", "CREATE", "DELETE")}
RESOURCE_TYPES = tuple(PERMISSIONS)
SCENARIOS = 16


async def test_explainer_agrees_with_the_engine_on_generated_combinations(engine: C7Engine) -> None:
    rng = random.Random(12)
    checked = 0
    disagreements: list[str] = []
    revoke_checks_seen: set[bool] = set()
    answers_seen: set[bool] = set()
    for n in range(SCENARIOS):
        resource_type = RESOURCE_TYPES[n % len(RESOURCE_TYPES)]
        user, groups = unique("xu"), [unique("xg"), unique("xg")]
        rid, other = unique("r"), unique("r")
        created: list[str] = []
        seen: set[tuple[AuthorizationType, str, str]] = set()
        await engine.users.create(User(id=user, first_name="X"), "pw")
        try:
            for g in groups:
                await engine.groups.create(Group(id=g, name=g))
                if rng.random() < 0.7:
                    await engine.groups.add_member(g, user)
            for _ in range(rng.randint(2, 6)):
                owner = rng.choice(["user", "group0", "group1", "global"])
                kind = (
                    AuthorizationType.GLOBAL
                    if owner == "global"
                    else rng.choice([AuthorizationType.GRANT, AuthorizationType.REVOKE])
                )
                # scenarios with no REVOKE at all switch the engine's revoke checks off
                if kind is AuthorizationType.REVOKE and n % 3 == 0:
                    kind = AuthorizationType.GRANT
                perms = tuple(rng.sample([*PERMISSIONS[resource_type], "ALL"], rng.randint(1, 2)))
                on = rng.choice([rid, "*"])
                # the engine keeps one authorization per type, owner, resource type and id
                if (kind, owner, on) in seen:
                    continue
                seen.add((kind, owner, on))
                a = await engine.authorizations.create(
                    type=kind,
                    permissions=perms,
                    resource_type=resource_type,
                    resource_id=on,
                    user_id=user if owner == "user" else None,
                    group_id=groups[int(owner[-1])] if owner.startswith("group") else None,
                )
                created.append(a.id)
            for permission in PERMISSIONS[resource_type]:
                for resource_id in (rid, other, "*"):
                    e = await explain_on(engine, user, permission, resource_type, resource_id)
                    truth = await engine.authorizations.check(user, permission, resource_type, resource_id)
                    checked += 1
                    revoke_checks_seen.add(e.revoke_checks)
                    answers_seen.add(truth)
                    if e.allowed != truth:
                        disagreements.append("\n".join([f"engine says {truth}", *e.lines()]))
                    # every suggested change is an edit that flips the answer by the engine's rules
                    assert all(c.verb in ("add", "remove") for c in e.changes)
                    if not e.allowed:
                        assert any(c.verb == "add" and c.authorization.user_id == user for c in e.changes)
        finally:
            for authorization_id in created:
                await engine.authorizations.delete(authorization_id)
            for g in groups:
                await engine.groups.delete(g)
            await engine.users.delete(user)
    assert not disagreements, "\n\n".join(disagreements)
    assert checked >= 50
    # the scenarios reached both answers and both revoke-check modes
    assert answers_seen == {True, False} and revoke_checks_seen == {True, False}
