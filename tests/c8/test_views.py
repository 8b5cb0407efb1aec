"""Issue 13's Camunda 8 only kinds in the CLI and the console, against the fake cluster through camtui's
real Camunda 8 client (every exchange checked against the spec): topology, roles with their members,
mapping rules, jobs, decisions, the audit log and cluster variables, and a batch operation that
cancels by filter, watched to its outcome."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import httpx
import pytest

from camtui.api.c8.engine import C8Engine
from camtui.api.events import INDEXING
from camtui.api.models import InstanceFilter
from camtui.cli import main
from camtui.ui.screens.list_view import ListView
from camtui.ui.widgets.status_header import StatusHeader
from tests.c8.fake_cluster import FakeCluster, add_decision
from tests.c8.test_console import app_on, seeded, showing
from tests.tui.conftest import SIZE, on_screen, wait_for


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["-p", "env", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def env_cluster(cluster: FakeCluster, monkeypatch: pytest.MonkeyPatch) -> FakeCluster:
    monkeypatch.setenv("CAMUNDA_REST_ADDRESS", cluster.url.removesuffix("/v2"))
    return cluster


@pytest.fixture
def cluster_89(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeCluster]:
    with FakeCluster(version="8.9.0") as fake:
        monkeypatch.setenv("CAMUNDA_REST_ADDRESS", fake.url.removesuffix("/v2"))
        yield fake
        assert fake.violations == [], "\n".join(fake.violations)


def post(cluster: FakeCluster, path: str, body: object | None = None, method: str = "POST") -> None:
    """Seed through the cluster's own API (checked against the spec like everything else)."""
    response = httpx.request(method, cluster.url + path, json=body)
    assert response.status_code < 300, response.text


def test_get_and_describe_the_camunda8_only_kinds(env_cluster: FakeCluster, capsys: pytest.CaptureFixture[str]) -> None:
    seed = seeded(env_cluster)
    post(env_cluster, "/roles", {"roleId": "ops", "name": "Operators", "description": "on call"})
    post(env_cluster, "/roles/ops/users/mary", method="PUT")
    post(env_cluster, "/mapping-rules", {"mappingRuleId": "m1", "name": "M", "claimName": "grp", "claimValue": "ops"})
    add_decision(env_cluster, "discount", "Discount", {"pct": 5})

    code, out, err = cli(capsys, "get", "topology", "-o", "json")
    assert code == 0, err
    [broker] = json.loads(out)
    assert broker["version"] == env_cluster.version

    code, out, err = cli(capsys, "get", "roles")
    assert code == 0 and "Operators" in out and "on call" in out, err
    code, out, err = cli(capsys, "describe", "role", "ops", "-o", "json")
    assert code == 0, err
    assert json.loads(out)["users"] == ["mary"]

    code, out, err = cli(capsys, "get", "mappings", "--claim-name", "grp")
    assert code == 0 and "m1" in out and "ops" in out, err

    code, out, err = cli(capsys, "get", "jobs", "--instance", seed["paying"], "-o", "json")
    assert code == 0, err
    [job] = json.loads(out)
    assert job["id"] == seed["job"] and job["exception_message"] == "card declined"
    code, out, err = cli(capsys, "describe", "job", seed["job"], "-o", "json")
    assert code == 0 and json.loads(out)["id"] == seed["job"], err

    code, out, err = cli(capsys, "get", "decisions", "--latest")
    assert code == 0 and "discount" in out and "Discount" in out, err

    # the audit log came with 8.9: an 8.8 cluster is told so in words, not with a 404
    code, out, err = cli(capsys, "get", "audit")
    assert code != 0 and "8.9" in err and "Traceback" not in err


def test_the_audit_log_and_cluster_variables_on_89(cluster_89: FakeCluster, capsys: pytest.CaptureFixture[str]) -> None:
    post(cluster_89, "/cluster-variables/global", {"name": "region", "value": {"eu": True}})
    post(cluster_89, "/roles", {"roleId": "auditors", "name": "Auditors"})
    code, out, err = cli(capsys, "get", "clustervars", "-o", "json")
    assert code == 0, err
    [variable] = json.loads(out)
    assert variable["name"] == "region" and json.loads(variable["value"]) == {"eu": True}
    code, out, err = cli(capsys, "describe", "clustervar", "region", "-o", "json")
    assert code == 0 and json.loads(out)["scope"] == "GLOBAL", err
    code, out, err = cli(capsys, "get", "audit", "--entity-type", "ROLE", "-o", "json")
    assert code == 0, err
    assert [(e["operation"], e["entity_type"], e["result"]) for e in json.loads(out)] == [("CREATE", "ROLE", "SUCCESS")]


def test_camunda7_is_not_offered_the_camunda8_kinds() -> None:
    from camtui.api.c7.engine import CAPABILITIES as C7
    from camtui.kinds.c8 import C8_KINDS
    from camtui.kinds.registry import command_words, supported

    assert not set(C8_KINDS) & set(supported(C7))
    # `batches` is Camunda 7's engine batches there; Camunda 8's batch operations are its own kind
    assert "roles" not in command_words(C7) and "batch-operations" not in command_words(C7)


@pytest.mark.tui
async def test_a_batch_cancels_by_filter_and_its_view_shows_the_outcome(cluster: FakeCluster) -> None:
    from camtui.ui.screens.plan_dialog import PlanModal
    from camtui.ui.screens.progress import ProgressModal

    seeded(cluster)
    order = [k for k, i in cluster.state.instances.items() if i["processDefinitionId"] == "order"]
    others = [k for k in cluster.state.instances if k not in order]
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        await pilot.press("colon", *"batches", "enter")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, ListView)
                and app.screen.is_mounted
                and app.screen.kind.name == "batch-operations"
            ),
            what="the batches view",
        )
        await pilot.press("n")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        modal = app.screen
        assert isinstance(modal, PlanModal)
        # nothing named yet: the plan says what is missing and sends nothing
        assert any("Name the process" in w for w in modal.plan.warnings)
        from textual.widgets import Input

        modal.query_one("#process", Input).value = "order"
        await wait_for(pilot, lambda: "order" in modal.plan.title, what="the plan for 'order'")
        plan = modal.plan
        assert plan.impact.startswith("3 running instances match")
        [request] = plan.requests
        assert request.method == "POST" and request.url.endswith("/v2/process-instances/cancellation")
        assert request.json_body == {"filter": {"processDefinitionId": "order", "state": "ACTIVE"}}
        if modal.confirmation.level == "typed":
            modal.query_one("#typed", Input).value = modal.confirmation.word
        # the cluster is slow to index the new batch: the header says so, never "not found"
        cluster.hold_indexing()
        # ctrl+s goes ahead (the button may be scrolled out of a small dialog's view)
        await pilot.press("ctrl+s")
        # a batch that destroys is watched in the progress dialog, over the list
        await wait_for(pilot, lambda: isinstance(app.screen, ProgressModal), what="the progress")
        header = app.screen_stack[-2].query_one(StatusHeader)
        await wait_for(pilot, lambda: INDEXING in str(header.render()), what="the indexing notice")
        assert "not found" not in str(header.render()).lower()
        cluster.release_indexing()
        # one batch done: the dialog closes with a notification that says what the batch did
        await wait_for(
            pilot,
            lambda: any("3 of 3 done, 0 failed" in n.message for n in app._notifications),
            what="the batch's outcome in a notification",
        )
        # the batch is watched to its end, and the list of batches shows its progress and outcome
        await wait_for(pilot, lambda: showing(app, "batch-operations", "3/3"), what="the finished batch")
        assert showing(app, "batch-operations", "CANCEL_PROCESS_INSTANCE") and showing(
            app, "batch-operations", "COMPLETED"
        )
    [batch] = cluster.state.batches.values()
    assert cluster.requests("GET", f"/batch-operations/{batch['batchOperationKey']}"), "the outcome was not verified"
    assert {cluster.state.instances[k]["state"] for k in order} == {"TERMINATED"}
    assert {cluster.state.instances[k]["state"] for k in others} == {"ACTIVE"}


@pytest.mark.tui
async def test_publish_a_message_from_the_messages_view(cluster: FakeCluster) -> None:
    from textual.widgets import Input

    from camtui.ui.screens.plan_dialog import PlanModal

    seeded(cluster)
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        await pilot.press("colon", *"messages", "enter")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ListView) and app.screen.is_mounted and app.screen.kind.name == "messages",
            what="the messages view",
        )
        await pilot.press("n")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        modal = app.screen
        assert isinstance(modal, PlanModal)
        modal.query_one("#name", Input).value = "payment-received"
        modal.query_one("#correlation_key", Input).value = "order-7"
        # a typing slip is named in the plan, and what was typed stays
        modal.query_one("#variables", Input).value = '{"amount": 5'
        await wait_for(pilot, lambda: any("JSON object" in w for w in modal.plan.warnings), what="the slip")
        modal.query_one("#variables", Input).value = '{"amount": 5}'
        await wait_for(pilot, lambda: bool(modal.plan.requests), what="the plan with its request")
        [request] = modal.plan.requests
        assert request.url.endswith("/v2/messages/publication")
        assert request.json_body == {
            "name": "payment-received",
            "correlationKey": "order-7",
            "variables": {"amount": 5},
        }
        await pilot.click("#go")
        await wait_for(pilot, lambda: bool(cluster.state.messages), what="the message at the cluster")
        # a signal, from the same view
        await wait_for(pilot, lambda: isinstance(app.screen, ListView), what="back on the list")
        await pilot.press("b")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the signal's plan")
        signal = app.screen
        assert isinstance(signal, PlanModal)
        signal.query_one("#name", Input).value = "stop-all"
        await wait_for(pilot, lambda: bool(signal.plan.requests), what="the signal's request")
        await pilot.click("#go")
        await wait_for(pilot, lambda: bool(cluster.requests("POST", "/signals/broadcast")), what="the broadcast")
        [sent] = cluster.requests("POST", "/signals/broadcast")
        assert sent.body == {"signalName": "stop-all", "variables": {}}
    [message] = cluster.state.messages
    assert (message["name"], message["correlationKey"], message["variables"]) == (
        "payment-received",
        "order-7",
        {"amount": 5},
    )
    assert cluster.requests("POST", "/message-subscriptions/search")


async def test_the_list_of_batches_waits_for_the_one_just_started(c8: C8Engine, cluster: FakeCluster) -> None:
    seeded(cluster)
    with cluster.indexing_held():
        started = await c8.instances.batch_operation("cancellation", InstanceFilter(bpmn_process_id="order"))
        listing = asyncio.ensure_future(c8.batches.list())
        # the cluster is asked again while it has not indexed the batch (bounded by the test's deadline)
        deadline = time.monotonic() + 10
        while len(cluster.requests("POST", "/batch-operations/search")) < 2:
            assert time.monotonic() < deadline and not listing.done(), "the list did not wait"
            await asyncio.sleep(0.02)
    page = await listing
    assert started.id in {b.id for b in page.items}


@pytest.mark.tui
async def test_a_role_member_and_a_job_retry_from_their_views(cluster: FakeCluster) -> None:
    from textual.widgets import Input

    from camtui.ui.screens.plan_dialog import PlanModal

    seed = seeded(cluster)
    post(cluster, "/roles", {"roleId": "ops", "name": "Operators"})
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        await pilot.press("colon", *"roles", "enter")
        await wait_for(pilot, lambda: showing(app, "roles", "Operators"), what="the roles view")
        await pilot.press("plus")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        member = app.screen
        assert isinstance(member, PlanModal)
        member.query_one("#member", Input).value = "mary"
        await wait_for(pilot, lambda: bool(member.plan.requests), what="the plan with its request")
        [request] = member.plan.requests
        assert request.method == "PUT" and request.url.endswith("/v2/roles/ops/users/mary")
        await pilot.click("#go")
        await wait_for(pilot, lambda: cluster.state.members.get(("roles", "ops", "users")) == {"mary"}, what="mary")

        await pilot.press("colon", *"c8jobs", "enter")
        await wait_for(pilot, lambda: showing(app, "jobs", "card declined"), what="the failed job")
        screen = app.screen
        assert isinstance(screen, ListView)
        keys = [screen.kind.key_of(j) for j in screen.items]
        await pilot.press(*["down"] * keys.index(seed["job"]))
        current = screen.table.current_item()
        assert current is not None and screen.kind.key_of(current) == seed["job"]
        await pilot.press("r")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        retry = app.screen
        assert isinstance(retry, PlanModal)
        # a value the plan can not read: enter keeps the dialog and what was typed, nothing is sent
        retry.query_one("#timeout_ms", Input).value = "abc"
        await wait_for(pilot, lambda: any("whole number" in w for w in retry.plan.warnings), what="the warning")
        before = dict(cluster.state.jobs[seed["job"]])
        await pilot.press("enter")
        await pilot.pause()
        assert on_screen(app, PlanModal) and retry.query_one("#timeout_ms", Input).value == "abc"
        assert cluster.state.jobs[seed["job"]] == before
        retry.query_one("#timeout_ms", Input).value = ""
        retry.query_one("#retries", Input).value = "2"
        await wait_for(
            pilot,
            lambda: [r.json_body for r in retry.plan.requests] == [{"changeset": {"retries": 2}}],
            what="plan",
        )
        await pilot.click("#go")
        await wait_for(pilot, lambda: cluster.state.jobs[seed["job"]]["retries"] == 2, what="the job's new retries")
