"""The console's Camunda 8 changes of issue 13, driven as a person would against the fake cluster
(every exchange checked against the spec): migrate and move tokens of every instance the `:pi` query
matches, evaluate a decision from `:decisions`, correlate a message from `:messages`."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from camtui.api.c8.engine import C8Engine
from camtui.api.models import EndState, InstanceFilter
from camtui.kinds import runner
from camtui.kinds.batch_by_filter import MIGRATE_MATCHING, MODIFY_MATCHING
from camtui.kinds.instances import CANCEL, CANCEL_ALL
from camtui.ui.app import CamtuiApp
from camtui.ui.screens.instances import InstancesScreen
from camtui.ui.screens.list_view import ListView
from camtui.ui.screens.plan_dialog import PlanModal
from tests.c8.fake_cluster import FakeCluster, add_decision, add_subscription
from tests.c8.helpers import HERE
from tests.c8.test_console import app_on, seeded, showing
from tests.tui.conftest import SIZE, on_screen, wait_for

pytestmark = pytest.mark.tui


def notified(app: CamtuiApp, text: str) -> bool:
    return any(text in str(n.message) for n in app._notifications)


async def plan_of(pilot: object, app: CamtuiApp) -> PlanModal:
    await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")  # type: ignore[arg-type]
    modal = app.screen
    assert isinstance(modal, PlanModal)
    return modal


async def open_view(pilot: object, app: CamtuiApp, word: str, kind: str) -> None:
    await pilot.press("colon", *word, "enter")  # type: ignore[attr-defined]
    await wait_for(
        pilot,  # type: ignore[arg-type]
        lambda: isinstance(app.screen, ListView) and app.screen.is_mounted and app.screen.kind.name == kind,
        what=f"the {kind} view",
    )


async def test_migrate_then_move_the_tokens_of_every_matching_instance(cluster: FakeCluster) -> None:
    seeded(cluster)
    [v2] = cluster.deploy("order.bpmn", (HERE / "order.bpmn").read_bytes())
    order = [k for k, i in cluster.state.instances.items() if i["processDefinitionId"] == "order"]
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        await pilot.press("M")
        modal = await plan_of(pilot, app)
        # the query names no process: the form starts from the row's; emptied, the plan asks for one
        assert modal.query_one("#process", Input).value == "order"
        modal.query_one("#process", Input).value = ""
        await wait_for(pilot, lambda: any("Name the process" in w for w in modal.plan.warnings), what="asked")
        assert not modal.plan.requests
        modal.query_one("#process", Input).value = "order"
        await wait_for(pilot, lambda: bool(modal.plan.requests), what="the plan for 'order'")
        plan = modal.plan
        assert "every running instance of process order" in plan.title
        assert plan.impact.startswith("3 running instances match now (the cluster's count)")
        [request] = plan.requests
        assert request.url.endswith("/v2/process-instances/migration")
        assert request.json_body["migrationPlan"]["targetProcessDefinitionKey"] == v2["processDefinitionKey"]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: notified(app, "3 of 3 done, 0 failed"), what="the batch's outcome")
        assert {cluster.state.instances[k]["processDefinitionKey"] for k in order} == {v2["processDefinitionKey"]}

        await wait_for(pilot, lambda: isinstance(app.screen, ListView), what="back on the list")
        await pilot.press("O")
        move = await plan_of(pilot, app)
        move.query_one("#process", Input).value = "order"
        move.query_one("#moves", Input).value = "approve->end"
        await wait_for(pilot, lambda: bool(move.plan.requests), what="the plan of the moves")
        [request] = move.plan.requests
        assert request.json_body["moveInstructions"] == [{"sourceElementId": "approve", "targetElementId": "end"}]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(cluster.state.batches) == 2, what="the second batch")
        [moved] = [k for k, b in cluster.state.batches.items() if b["batchOperationType"] == "MODIFY_PROCESS_INSTANCE"]
        await wait_for(pilot, lambda: notified(app, f"Batch {moved} completed: 3 of 3 done"), what="its outcome")
    for key in order:
        active = {
            e["elementId"]
            for e in cluster.state.elements.values()
            if e["processInstanceKey"] == key and e["state"] == "ACTIVE"
        }
        assert active == {"end"}


async def test_evaluate_a_decision_and_correlate_a_message(cluster: FakeCluster) -> None:
    seeded(cluster)
    add_decision(cluster, "risk", "Risk", {"level": "low"})
    waiting = next(k for k, i in cluster.state.instances.items() if i["processDefinitionId"] == "order")
    add_subscription(cluster, waiting, "paid", "o-1")
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        await open_view(pilot, app, "decisions", "decisions")
        await wait_for(pilot, lambda: showing(app, "decisions", "risk"), what="the decision")
        await pilot.press("e")
        evaluate = await plan_of(pilot, app)
        evaluate.query_one("#variables", Input).value = '{"amount": 5}'
        await wait_for(
            pilot,
            lambda: (
                bool(evaluate.plan.requests) and evaluate.plan.requests[0].json_body.get("variables") == {"amount": 5}
            ),
            what="the plan with the input",
        )
        await pilot.click("#go")
        # the decision's output is what the person sees
        await wait_for(pilot, lambda: notified(app, 'output: {"level": "low"}'), what="the output")
        assert len(cluster.state.decision_instances) == 1

        await open_view(pilot, app, "messages", "messages")
        await wait_for(pilot, lambda: showing(app, "messages", "paid"), what="the waiting subscription")
        await pilot.press("c")
        correlate = await plan_of(pilot, app)
        # the form starts from the subscription under the cursor
        assert correlate.query_one("#name", Input).value == "paid"
        assert correlate.query_one("#correlation_key", Input).value == "o-1"
        await wait_for(pilot, lambda: bool(correlate.plan.requests), what="the plan with its request")
        assert correlate.plan.requests[0].url.endswith("/v2/messages/correlation")
        await pilot.click("#go")
        await wait_for(pilot, lambda: notified(app, f"correlated to process instance {waiting}"), what="the outcome")
    [sub] = cluster.state.subscriptions.values()
    assert sub["messageSubscriptionState"] == "CORRELATED"


async def test_move_tokens_of_all_matching_starts_from_the_process_of_the_row(cluster: FakeCluster) -> None:
    seed = seeded(cluster)
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        screen = app.screen
        assert isinstance(screen, InstancesScreen)
        # the query names no process: O starts from the process of the row under the cursor
        while (row := screen.table.current_item()) is not None and row.bpmn_process_id != "payment":
            await pilot.press("down")
        assert row is not None and row.id == seed["paying"]
        await pilot.press("O")
        move = await plan_of(pilot, app)
        assert move.query_one("#process", Input).value == "payment"
        move.query_one("#moves", Input).value = "charge->end"
        await wait_for(pilot, lambda: bool(move.plan.requests), what="the plan of the moves")
        assert "every running instance of process payment" in move.plan.title
        assert move.plan.impact.startswith("1 running instance match")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, what="back on the list")
        # a query that names its process keeps it, whatever the row
        screen.apply_filter(InstanceFilter(bpmn_process_id="order"))
        await wait_for(pilot, lambda: showing(app, "instances", "order") and screen.table.current_item() is not None)
        await pilot.press("M")
        migrate = await plan_of(pilot, app)
        assert migrate.query_one("#process", Input).value == "order"
        await pilot.press("escape")
    assert not cluster.state.batches, "nothing was sent"


async def test_a_search_of_ended_instances_offers_no_change_only_running_ones_take(
    cluster: FakeCluster, c8: C8Engine
) -> None:
    seeded(cluster)
    gone = next(k for k, i in cluster.state.instances.items() if i["processDefinitionId"] == "order")
    await c8.instances.delete(gone)
    app = app_on(cluster)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "instances", "order"), what="the instances view")
        screen = app.screen
        assert isinstance(screen, InstancesScreen)
        running_keys = {f"run('{a.id}')" for a in (MIGRATE_MATCHING, MODIFY_MATCHING, CANCEL, CANCEL_ALL)}
        assert running_keys <= {b.binding.action for b in screen.active_bindings.values()}
        screen.apply_filter(InstanceFilter(end_state=EndState.CANCELLED))
        await wait_for(pilot, lambda: showing(app, "instances", gone), what="the cancelled one")
        assert not running_keys & {b.binding.action for b in screen.active_bindings.values()}
        await pilot.press("M", "O", "ctrl+d")
        await pilot.pause()
        assert app.screen is screen, "M, O and ctrl+d do nothing there"
    # and the service layer refuses them in words for such a search, before anything is sent
    f = InstanceFilter(bpmn_process_id="order", end_state=EndState.COMPLETED)
    for action, options in ((MIGRATE_MATCHING, {}), (MODIFY_MATCHING, {"moves": "approve->end"})):
        plan = await runner.make_plan(c8, action, [f], options)
        assert not plan.requests and any("only running ones" in w for w in plan.warnings), plan.warnings
    assert not cluster.state.batches
