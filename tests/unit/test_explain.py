"""The explainer's decision, step by step, without an engine (the engine agreement is tests/engine/test_explain.py)."""

from __future__ import annotations

from camtui.api.models import Authorization, AuthorizationType
from camtui.kinds.explain import Effect, Level, decide

G, R, V = AuthorizationType.GLOBAL, AuthorizationType.GRANT, AuthorizationType.REVOKE


def auth(
    id: str, type: AuthorizationType, perms: str, *, user: str | None = None, group: str | None = None, on: str = "*"
) -> Authorization:
    return Authorization(
        id=id,
        type=type,
        permissions=tuple(perms.split(",")),
        user_id="*" if type is G else user,
        group_id=group,
        resource_type="FILTER",
        resource_id=on,
    )


def test_nothing_applies_means_no_and_a_user_grant_would_change_it() -> None:
    e = decide("mary", ["sales"], "read", "filter", "f1", [])
    assert not e.allowed and e.deciding is None and e.applicable == ()
    assert [(c.verb, c.authorization.user_id, c.authorization.group_id) for c in e.changes] == [
        ("add", "mary", None),
        ("add", None, "sales"),
    ]


def test_a_user_revoke_beats_a_group_grant_and_removing_it_flips_the_answer() -> None:
    auths = [auth("g1", R, "READ", group="sales"), auth("u1", V, "READ", user="mary")]
    e = decide("mary", ["sales"], "READ", "FILTER", "f1", auths)
    assert not e.allowed and e.revoke_checks
    assert e.deciding is not None and e.deciding.authorization.id == "u1" and e.deciding.level is Level.USER
    assert [a.authorization.id for a in e.applicable] == ["u1", "g1"]
    assert ("remove", "u1") in [(c.verb, c.authorization.id) for c in e.changes]
    # adding a group grant does not help: the user's revoke comes first
    assert not any(c.verb == "add" and c.authorization.group_id for c in e.changes)


def test_a_specific_resource_id_comes_before_star_at_the_same_level() -> None:
    auths = [auth("star", V, "READ", user="mary"), auth("one", R, "READ", user="mary", on="f1")]
    assert decide("mary", [], "READ", "FILTER", "f1", auths).allowed
    assert not decide("mary", [], "READ", "FILTER", "f2", auths).allowed


def test_revokes_are_skipped_while_no_revoke_of_the_user_or_groups_exists() -> None:
    # a global on f1 without UPDATE counts as a revoke, but only with revoke checks on
    auths = [auth("gl1", G, "READ", on="f1"), auth("gl*", G, "UPDATE")]
    off = decide("mary", [], "UPDATE", "FILTER", "f1", auths)
    assert off.allowed and not off.revoke_checks
    assert off.applicable[0].authorization.id == "gl1" and not off.applicable[0].considered
    elsewhere = auth("other", V, "READ", user="mary")
    on = decide(
        "mary",
        [],
        "UPDATE",
        "FILTER",
        "f1",
        auths,
        other_revokes=[elsewhere.model_copy(update={"resource_type": "USER"})],
    )
    assert not on.allowed and on.revoke_checks
    assert on.deciding is not None and on.deciding.effect is Effect.REVOKE and on.deciding.level is Level.GLOBAL


def test_all_covers_every_permission_and_other_groups_do_not_count() -> None:
    auths = [auth("a", R, "ALL", group="ops"), auth("b", R, "READ", group="sales")]
    assert decide("mary", ["ops"], "DELETE", "FILTER", "x", auths).allowed
    assert not decide("mary", ["sales"], "DELETE", "FILTER", "x", auths).allowed


def test_the_words_name_the_answer_and_the_deciding_rule() -> None:
    e = decide("mary", ["sales"], "READ", "FILTER", "f1", [auth("g1", R, "READ", group="sales")])
    text = "\n".join(e.lines())
    assert text.startswith("YES: mary may READ on FILTER f1")
    assert "decided by: group sales: grant [READ] on FILTER * grants (g1)" in text
    assert e.as_data()["deciding"] is not None


def test_an_administrator_is_told_the_engine_skips_their_checks() -> None:
    e = decide("demo", ["camunda-admin"], "READ", "FILTER", "f1", [auth("u", V, "READ", user="demo")])
    assert not e.allowed and e.administrator and any("skip authorization checks" in line for line in e.lines())
    assert not decide("mary", ["sales"], "READ", "FILTER", "f1", []).administrator
