"""Identity actions on the fakes: plans that say what is missing while it is typed, passwords that
never show, refusals on read-only profiles before anything is sent."""

from __future__ import annotations

from typing import Any

import pytest

from camtui.api import errors
from camtui.api.models import User
from camtui.kinds import runner
from camtui.kinds.base import Action
from camtui.kinds.identity_actions import AUTH_CREATE, USER_ACTIONS, USER_CREATE, USER_PASSWORD
from tests.fakes.engine import FakeEngine

SECRET = "Sup3r-Secret-Pw"


def everything(plan: object) -> str:
    from camtui.api.plan import Plan

    assert isinstance(plan, Plan)
    return "\n".join([plan.describe(max_requests=10), *(r.curl() for r in plan.requests), repr(plan)])


@pytest.mark.parametrize("flavour", ["c7", "c8"])
async def test_a_new_user_plan_never_shows_the_password(flavour: str) -> None:
    fake = FakeEngine(flavour)  # type: ignore[arg-type]
    options = {"id": "ann", "first_name": "Ann", "password": SECRET, "password_again": SECRET}
    plan = await runner.make_plan(fake, USER_CREATE, [None], options)
    assert plan.requests and not plan.warnings
    text = everything(plan)
    assert SECRET not in text and "**********" in text
    report = await runner.execute(fake, USER_CREATE, plan, [None], options)
    assert report.ok and (await fake.users.get("ann")).first_name == "Ann"


async def test_unfinished_input_is_a_warning_in_the_plan_and_a_refusal_when_run() -> None:
    fake = FakeEngine("c7")
    plan = await runner.make_plan(fake, USER_CREATE, [None], {"id": "bob", "password": "a", "password_again": "b"})
    assert plan.warnings == ("The two passwords differ; type them again.",) and plan.requests == ()
    report = await runner.execute(fake, USER_CREATE, plan, [None], {"id": "bob", "password": "a"})
    assert not report.ok and "differ" in report.outcomes[0].message
    with pytest.raises(errors.NotFound):
        await fake.users.get("bob")
    plan = await runner.make_plan(fake, AUTH_CREATE, [None], {"type": "grant", "user": "x", "resource_type": "TASK"})
    assert plan.warnings == ("Name at least one permission.",)
    plan = await runner.make_plan(
        fake, AUTH_CREATE, [None], {"user": "x", "resource_type": "DEPLOYMENT", "permissions": "UPDATE"}
    )
    assert plan.warnings == ("DEPLOYMENT has no permission 'UPDATE'; it has READ, CREATE, DELETE and ALL.",)


async def test_changing_a_password_asks_for_your_own_and_shows_neither() -> None:
    fake = FakeEngine("c7")
    user = User(id="newcomer")
    await fake.users.create(user, "old")
    options = {"password": SECRET, "password_again": SECRET}
    # the fake's connection has no password to fall back on: the plan asks for it
    plan = await runner.make_plan(fake, USER_PASSWORD, [user], options)
    assert plan.warnings == ("Type your own password: the engine asks for it to change another's.",)
    options["your_password"] = "demo"
    plan = await runner.make_plan(fake, USER_PASSWORD, [user], options)
    assert SECRET not in everything(plan) and "demo" not in str(plan.requests[0].json_body)
    report = await runner.execute(fake, USER_PASSWORD, plan, [user], options)
    assert report.ok, report.describe()


async def test_a_read_only_profile_is_refused_before_anything_is_sent() -> None:
    fake = FakeEngine("c7", read_only=True)
    actions: list[Action[Any]] = [USER_CREATE, *USER_ACTIONS]
    for action in actions:
        with pytest.raises(errors.ReadOnlyProfile):
            runner.check(fake, action)
    assert fake.calls == []


def test_the_users_list_shows_one_name_whichever_engine_it_came_from() -> None:
    from camtui.kinds.identity import USERS

    [name] = [c for c in USERS.columns if c.label == "NAME"]
    assert name.text(User(id="mary", first_name="Mary", last_name="Anne")) == "Mary Anne"  # Camunda 7
    assert name.text(User(id="mary", first_name="Mary Major")) == "Mary Major"  # Camunda 8: one field
    assert name.text(User(id="x")) == "" and "FIRST NAME" not in [c.label for c in USERS.columns]
