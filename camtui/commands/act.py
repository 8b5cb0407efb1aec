"""Run a declared action from the command line: refuse, plan, show, ask, run, report.

The same steps as the console (camtui.kinds.runner); `--dry-run` prints the plan and sends nothing.
A read-only profile is refused before anything is asked (exit 3).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from camtui.api.plan import Plan, Report, Risk
from camtui.api.protocol import Engine
from camtui.commands.common import ENGINE_ERROR, OK, USAGE_ERROR, CommandError, run_with_engine, selected_profile
from camtui.commands.confirm import confirm
from camtui.commands.output import emit, json_text
from camtui.kinds import runner
from camtui.kinds.base import Action, Kind, Options
from camtui.kinds.format import safe

T = TypeVar("T")
Resolve = Callable[[Engine], Awaitable[Sequence[T]]]


def by_ids(kind: Kind[T], ids: Sequence[str]) -> Resolve[T]:
    """Targets named on the command line, each fetched (an unknown id fails before anything runs)."""
    get = kind.get
    if get is None:
        raise CommandError(f"{kind.title} cannot be fetched by id.", USAGE_ERROR)

    async def resolve(engine: Engine) -> list[T]:
        return [await get(engine, i) for i in dict.fromkeys(ids)]

    return resolve


def add_change_flags(p: argparse.ArgumentParser, *, asks: bool = True) -> None:
    p.add_argument(
        "--dry-run", action="store_true", help="print the plan (targets, impact, exact requests); send nothing"
    )
    if asks:
        p.add_argument("--yes", "-y", action="store_true", help="do not ask")


def run_action(
    args: argparse.Namespace,
    action: Action[T],
    resolve: Resolve[T],
    options: Options,
    *,
    result_output: bool = False,
    report_output: bool = False,
) -> int:
    """Resolve the targets and plan in one connection; ask; then run in another; print the report."""

    async def prepare(engine: Engine) -> tuple[Plan, list[T]]:
        runner.check(engine, action)
        items = list(await resolve(engine))
        return await runner.make_plan(engine, action, items, options), items

    plan, items = run_with_engine(args, prepare)
    if args.dry_run:
        print_plan(plan, getattr(args, "output", "table"))
        return OK
    asked = runner.confirmation(plan, production=selected_profile(args).production)
    # in a script only what destroys, or a change on production, stops to ask
    if asked.level == "typed" or plan.risk is Risk.DESTROY:
        confirm(safe(plan.describe()), yes=getattr(args, "yes", False), word=asked.word or "yes")

    last_note = [""]

    def note(text: str) -> None:
        # how a long step goes (a batch's progress), on stderr, each new state once
        if text != last_note[0]:
            last_note[0] = text
            print(safe(text), file=sys.stderr)

    async def go(engine: Engine) -> Report:
        return await runner.execute(engine, action, plan, items, options, on_note=note)

    report = run_with_engine(args, go)
    if report_output and getattr(args, "output", "table") in ("json", "yaml"):
        # the whole (verified) report as data on stdout, for scripts
        emit(report.model_dump(mode="json") | {"summary": report.summary()}, args.output)
        return OK if report.ok else ENGINE_ERROR
    return finish(report, args, result_output=result_output)


def print_plan(plan: Plan, output: str) -> None:
    if output in ("json", "yaml"):
        data = plan.model_dump(mode="json") | {"curl": [r.curl() for r in plan.requests]}
        if output == "json":
            print(json_text(data, indent=2))
        else:
            emit(data, "yaml")
        return
    print(safe(plan.describe(max_targets=50, max_requests=50)))
    print("curl:")
    for request in plan.requests:
        print(f"  {safe(request.curl())}")
    print("Dry run: nothing was sent.")


def finish(report: Report, args: argparse.Namespace, *, result_output: bool) -> int:
    """The report on stderr; with one target and a result, the result on stdout (as before)."""
    single = len(report.outcomes) == 1
    if single and report.outcomes[0].status.value == "failed":
        raise CommandError(report.outcomes[0].message, ENGINE_ERROR)
    if result_output and single and report.outcomes[0].result is not None:
        emit(_plain(report.outcomes[0].result), getattr(args, "output", "table"))
    print(safe(report.describe()), file=sys.stderr)
    return OK if report.ok else ENGINE_ERROR


def _plain(result: Any) -> dict[str, Any]:
    return result if isinstance(result, dict) else {"result": result}
