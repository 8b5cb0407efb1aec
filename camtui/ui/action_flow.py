"""The console's side of the one runner: plan, ask (scaled to risk), run with progress, report.

Call `run_action` from a screen's worker. Refusals (read-only, a capability the engine lacks) raise
before anything is asked or sent, and reach the app's error handler like any worker error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from textual.screen import Screen

from camtui.api.plan import Plan, Report
from camtui.kinds import runner
from camtui.kinds.base import Action, Options
from camtui.kinds.format import safe
from camtui.kinds.runner import Confirmation
from camtui.ui.screens.plan_dialog import PlanModal
from camtui.ui.screens.progress import ProgressModal
from camtui.ui.session import Session
from camtui.ui.widgets.id_suggester import IdSuggester

T = TypeVar("T")


async def run_action(
    screen: Screen[Any],
    session: Session,
    action: Action[T],
    items: Sequence[T],
    options: Options | None = None,
    *,
    asked_already: bool = False,
) -> Report | None:
    """Run `action` on the frozen `items`; None when the user said no.

    `asked_already`: the user confirmed in the action's own form (deploy); only a typed
    confirmation (production, large impact) is still asked for.
    """
    engine = session.engine
    chosen: dict[str, Any] = action.defaults() | dict(options or {})
    runner.check(engine, action)

    async def plan_for(o: Options) -> tuple[Plan, Confirmation]:
        plan = await runner.make_plan(engine, action, items, o)
        return plan, runner.confirmation(plan, production=session.production)

    plan, asked = await plan_for(chosen)
    app = screen.app
    if asked.level == "typed" or (not asked_already and (asked.level != "none" or action.options)):
        modal = PlanModal(action, plan, asked, chosen, plan_for, suggest=lambda name: IdSuggester(engine, name))
        answer = await app.push_screen_wait(modal)
        if answer is None:
            return None
        chosen = answer
        # the plan the user confirmed, for the options they chose
        plan = modal.plan
    if plan.count <= 1 and (asked.level == "none" or asked_already):
        report = await runner.execute(engine, action, plan, items, chosen)
        if report.ok:
            app.notify(safe(report.describe()), timeout=8)
        elif not asked_already:
            # a form that asked (deploy) shows the failure itself, next to what was typed
            app.notify(safe(report.describe()), severity="error", timeout=12)
        return report
    progress = ProgressModal(plan)
    await app.push_screen(progress)
    report = await runner.execute(
        engine,
        action,
        plan,
        items,
        chosen,
        on_outcome=progress.step,
        cancelled=lambda: progress.cancelled,
        on_note=progress.note,
    )
    if report.ok and report.done == 1:
        # one thing done: the report is a notification, not a dialog to close
        progress.dismiss(report)
        app.notify(safe(report.describe()), timeout=8)
    else:
        progress.finish(report)
    return report
