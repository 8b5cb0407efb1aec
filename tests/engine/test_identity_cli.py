"""Identity end to end through `camtui`: users, groups, tenants, memberships, authorizations, passwords,
and the explainer, each checked with the engine's own REST API (and by logging in as the user)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import pytest

from tests.conftest import RunningEngine
from tests.engine.cli_runner import Cli, cli_runner, rest
from tests.engine.helpers import unique


@pytest.fixture
def cli(real_engine: RunningEngine, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return cli_runner(real_engine, capsys, monkeypatch)


def as_user(real_engine: RunningEngine, user: str, password: str, path: str, **params: str) -> httpx.Response:
    with httpx.Client(auth=(user, password)) as client:
        return client.get(f"{real_engine.url}{path}", params=params)


def test_a_user_added_to_a_group_logs_in_and_sees_what_the_group_may_see(cli: Cli, real_engine: RunningEngine) -> None:
    user, group, secret = unique("mia"), unique("auditors"), "Pa55-" + unique("w")
    code, _, err = cli("user", "add", user, "--first-name", "Mia", "--email", "mia@x.dev", stdin=secret + "\n")
    assert code == 0, err
    assert rest(real_engine, f"/user/{user}/profile")["firstName"] == "Mia"
    assert cli("group", "add", group, "--name", "Auditors", "--type", "WORKFLOW")[0] == 0
    code, out, err = cli(
        "auth", "grant", "--group", group, "--resource-type", "PROCESS_DEFINITION",
        "--resource-id", "camtui_invoice", "--permissions", "READ", "-o", "json",
    )  # fmt: skip
    assert code == 0, err
    grant_id = json.loads(out)["id"]
    # logged in, but not yet in the group: the engine filters the definitions away
    seen = as_user(real_engine, user, secret, "/process-definition", key="camtui_invoice")
    assert seen.status_code == 200 and seen.json() == []
    code, out, _ = cli("explain", user, "READ", "PROCESS_DEFINITION", "camtui_invoice")
    assert code == 0 and out.startswith(f"NO: {user} may not READ") and f"a GRANT of READ for user {user}" in out

    code, _, err = cli("group", "members", group, "--add", user)
    assert code == 0, err
    assert [u["id"] for u in rest(real_engine, "/user", memberOfGroup=group)] == [user]
    seen = as_user(real_engine, user, secret, "/process-definition", key="camtui_invoice")
    assert seen.status_code == 200 and {d["key"] for d in seen.json()} == {"camtui_invoice"}
    code, out, _ = cli("explain", user, "READ", "PROCESS_DEFINITION", "camtui_invoice", "-o", "json")
    answer = json.loads(out)
    assert answer["allowed"] is True and answer["groups"] == [group] and answer["deciding"]["id"] == grant_id
    engine_says = rest(
        real_engine, "/authorization/check", permissionName="READ", resourceName="PROCESS_DEFINITION",
        resourceType=6, resourceId="camtui_invoice", userId=user,
    )  # fmt: skip
    assert engine_says["authorized"] is True
    code, out, _ = cli("user", "members", user, "-o", "json")
    assert json.loads(out) == {"user": user, "groups": [group], "tenants": []}
    # (the engine gave the new group READ on itself: members may read their group)
    code, out, _ = cli("auth", "list", "--group", group, "--resource-type", "PROCESS_DEFINITION", "-o", "json")
    assert [a["id"] for a in json.loads(out)] == [grant_id]

    # removing the membership takes the sight away again
    assert cli("user", "members", user, "--remove-group", group)[0] == 0
    assert as_user(real_engine, user, secret, "/process-definition", key="camtui_invoice").json() == []
    assert cli("auth", "rm", grant_id, "--yes")[0] == 0
    assert rest(real_engine, "/authorization", groupIdIn=group, resourceType=6) == []
    assert cli("group", "rm", group, "--yes")[0] == 0
    assert cli("user", "rm", user, "--yes")[0] == 0
    assert rest(real_engine, "/user", id=user) == []


def test_passwd_reads_the_password_and_never_shows_it(cli: Cli, real_engine: RunningEngine) -> None:
    user, first, second = unique("pw"), "First-" + unique("s"), "Second-" + unique("s")
    assert cli("user", "add", user, stdin=first + "\n")[0] == 0
    assert as_user(real_engine, user, first, "/task").status_code == 200
    code, out, err = cli("passwd", user, "--dry-run", "-o", "json")
    plan = json.loads(out)
    assert code == 0 and plan["requests"][0]["json_body"]["password"] == "**********"
    assert as_user(real_engine, user, first, "/task").status_code == 200, "a dry run changes nothing"
    code, out, err = cli("passwd", user, stdin=second + "\n")
    assert code == 0, err
    assert as_user(real_engine, user, first, "/task").status_code == 401
    assert as_user(real_engine, user, second, "/task").status_code == 200
    log = Path(os.environ["CAMTUI_LOG_FILE"])
    for secret in (first, second):
        assert secret not in out + err
        assert not log.exists() or secret not in log.read_text()
    code, _, err = cli("passwd", user, stdin="\n")
    assert code != 0 and "empty password" in err
    assert cli("user", "rm", user, "--yes")[0] == 0


def test_profiles_tenants_unlock_and_the_read_only_refusal(cli: Cli, real_engine: RunningEngine) -> None:
    user, tenant, group = unique("ten"), unique("acme"), unique("ops")
    code, _, err = cli("user", "add", user, profile="ro", stdin="x\n")
    assert code == 3 and "read-only" in err
    assert rest(real_engine, "/user", id=user) == [], "refused before anything was sent"
    assert cli("user", "add", user, "--last-name", "Old", stdin="pw\n")[0] == 0
    assert cli("user", "edit", user, "--email", "new@x.dev")[0] == 0
    profile = rest(real_engine, f"/user/{user}/profile")
    assert (profile["lastName"], profile["email"]) == ("Old", "new@x.dev"), "what is not given stays"
    assert cli("user", "unlock", user)[0] == 0
    assert cli("group", "add", group)[0] == 0
    assert cli("tenant", "add", tenant, "--name", "Acme")[0] == 0
    assert cli("tenant", "edit", tenant, "--name", "Acme Ltd")[0] == 0
    assert rest(real_engine, f"/tenant/{tenant}")["name"] == "Acme Ltd"
    code, _, err = cli("tenant", "members", tenant, "--add-user", user, "--add-group", group)
    assert code == 0, err
    code, out, _ = cli("tenant", "members", tenant, "-o", "json")
    assert json.loads(out) == {"tenant": tenant, "users": [user], "groups": [group]}
    assert [t["id"] for t in rest(real_engine, "/tenant", userMember=user)] == [tenant]
    code, out, _ = cli("group", "edit", group, "--name", "Operations", "--dry-run")
    assert code == 0 and f"PUT {real_engine.url}/group/{group}" in out
    assert rest(real_engine, f"/group/{group}")["name"] == group
    code, _, err = cli("auth", "grant", "--user", user, "--resource-type", "DEPLOYMENT", "--permissions", "UPDATE")
    assert code != 0 and "DEPLOYMENT has no permission 'UPDATE'" in err
    code, _, err = cli("explain", user, "FLY", "DEPLOYMENT")
    assert code == 2 and "no permission 'FLY'" in err
    assert cli("tenant", "members", tenant, "--remove-user", user, "--remove-group", group)[0] == 0
    assert rest(real_engine, "/tenant", userMember=user) == []
    for what, ident in (("tenant", tenant), ("group", group), ("user", user)):
        assert cli(what, "rm", ident, "--yes")[0] == 0
