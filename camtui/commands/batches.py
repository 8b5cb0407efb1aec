"""`camtui batch watch|suspend|resume|delete ID`: follow an engine batch, or change it through the runner.

`watch` polls the batch's statistics until it finishes, printing progress to stderr, then prints the
batch (and any failed jobs' messages) as the output asks; it exits non-zero when jobs failed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any

from camtui.api.models import BatchStatus
from camtui.api.protocol import Engine
from camtui.commands.act import add_change_flags, by_ids, run_action
from camtui.commands.args import add_output
from camtui.commands.common import ENGINE_ERROR, OK, USAGE_ERROR, CommandError, run_with_engine
from camtui.commands.output import emit
from camtui.kinds import batches
from camtui.kinds.format import safe


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    batch = sub.add_parser(
        "batch", help="watch, suspend, resume or delete an engine batch; Camunda 8: new (by filter), cancel"
    )
    verbs = batch.add_subparsers(dest="verb", required=True, metavar="VERB")
    watch = verbs.add_parser("watch", help="follow a batch to its end (progress on stderr)")
    watch.add_argument("id", metavar="BATCH_ID")
    watch.add_argument("--timeout", type=float, default=600.0, help="seconds to wait at most (default 600)")
    watch.add_argument("--interval", type=float, default=1.0, help="seconds between polls (default 1)")
    add_output(watch)
    watch.set_defaults(handler=run_watch)
    for verb, action in (("suspend", batches.SUSPEND), ("resume", batches.RESUME), ("delete", batches.DELETE)):
        p = verbs.add_parser(verb, help=action.description)
        p.add_argument("ids", nargs="+", metavar="BATCH_ID")
        if verb == "delete":
            p.add_argument("--cascade", action="store_true", help="also delete its history")
        add_output(p)
        add_change_flags(p)
        p.set_defaults(handler=run_change, action=action, verb=verb)
    # issue 13: Camunda 8's batch operations (new over a filter, cancel); watch/suspend/resume branch on the profile
    from camtui.commands.c8 import add_batch_verbs

    add_batch_verbs(verbs)


def run_change(args: argparse.Namespace) -> int:
    from camtui.commands import c8

    if args.verb in ("suspend", "resume") and c8.is_c8(args):
        return c8.run_batch_control(args)
    options = {"cascade": getattr(args, "cascade", False)}
    return run_action(args, args.action, by_ids(batches.BATCHES, args.ids), options)


def stuck(b: BatchStatus) -> bool:
    """Every job left has failed: the batch will not finish by itself."""
    return not b.finished and b.remaining_jobs > 0 and b.remaining_jobs == b.failed_jobs


def run_watch(args: argparse.Namespace) -> int:
    from camtui.commands import c8

    if c8.is_c8(args):
        return c8.run_batch_watch(args)
    if args.timeout <= 0 or args.interval <= 0:
        raise CommandError("--timeout and --interval must be more than 0.", USAGE_ERROR)

    async def work(engine: Engine) -> dict[str, Any]:
        deadline = time.monotonic() + args.timeout
        shown = ""
        while True:
            b = await engine.instances.batch(args.id)
            line = f"{b.type} {b.id}: {batches.progress(b)}, {b.failed_jobs} failed, {batches.state(b)}"
            if line != shown:
                print(safe(line), file=sys.stderr)
                shown = line
            if b.finished or stuck(b) or b.suspended:
                break
            if time.monotonic() > deadline:
                raise CommandError(f"Batch {args.id} did not finish within {args.timeout:g} s ({line}).", ENGINE_ERROR)
            await asyncio.sleep(args.interval)
        data = b.model_dump(mode="json")
        if b.failed_jobs:
            data["failed_job_messages"] = [
                {"job": j.id, "message": j.exception_message} for j in await engine.instances.batch_failed_jobs(b.id)
            ]
        return data

    data = run_with_engine(args, work)
    emit(data, args.output, ("id", "type", "total_jobs", "completed_jobs", "failed_jobs", "finished"))
    return OK if data["finished"] and not data["failed_jobs"] else ENGINE_ERROR
