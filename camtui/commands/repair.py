"""`camtui get incidents --group-by`, `camtui retry incidents`, `camtui job ...`, `camtui external-task ...`.

A retry resolves its targets first (ids, a group, or everything the filter matches: a frozen list of
at most 10 000), plans, asks where needed, sets the retries (as engine batches for many) and, with
`--verify`, watches the targets and reports which were resolved, failed again or are still pending.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from camtui.api.models import Incident
from camtui.api.protocol import Engine
from camtui.commands.act import add_change_flags, by_ids, run_action
from camtui.commands.args import add_output
from camtui.commands.common import OK, USAGE_ERROR, CommandError, run_with_engine
from camtui.commands.output import emit
from camtui.kinds import external_tasks as ext
from camtui.kinds import jobs
from camtui.kinds.format import safe, when
from camtui.kinds.incident_groups import LIMIT, GroupBy, grouped, normalise
from camtui.kinds.incidents import INCIDENTS, RETRY, incident_flags, incident_query


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    retry = sub.add_parser("retry", help="retry failed jobs and external tasks behind incidents, verified")
    what = retry.add_subparsers(dest="kind", required=True, metavar="KIND")
    inc = what.add_parser("incidents", help="by id, by group, or everything the filter matches")
    inc.add_argument("ids", nargs="*", metavar="ID")
    incident_flags(inc)
    inc.add_argument("--all-matching", action="store_true", help="every incident the filter matches (frozen first)")
    inc.add_argument("--group-by", choices=[g.value for g in GroupBy], help="with --group: retry one group")
    inc.add_argument("--group", help="the group's key as `get incidents --group-by` shows it")
    inc.add_argument("--retries", type=int, default=1)
    inc.add_argument("--verify", action="store_true", help="watch until the jobs ran and report the outcome")
    inc.add_argument("--wait", type=float, default=60.0, help="how long --verify watches (seconds)")
    add_output(inc)
    add_change_flags(inc)
    inc.set_defaults(handler=run_retry)

    job = sub.add_parser("job", help="execute a job now, set its retries, due date or priority")
    verbs = job.add_subparsers(dest="verb", required=True, metavar="VERB")
    for verb, helptext in (
        ("exec", "run now"),
        ("retries", "set retries"),
        ("due", "set (or recalculate) the due date"),
        ("priority", "set priority"),
    ):
        v = verbs.add_parser(verb, help=helptext)
        v.add_argument("ids", nargs="+", metavar="ID")
        if verb == "retries":
            v.add_argument("--retries", type=int, required=True)
        if verb == "due":
            v.add_argument("--at", default="now", help="now (default) or an ISO time")
            v.add_argument("--cascade", action="store_true", help="move later timer cycles along")
            v.add_argument("--recalculate", action="store_true", help="from the timer definition instead")
        if verb == "priority":
            v.add_argument("--priority", type=int, required=True)
        add_output(v)
        add_change_flags(v)
        v.set_defaults(handler=run_job)
    # issue 13: Camunda 8's job update (retries, timeout)
    from camtui.commands.c8 import add_job_update

    add_job_update(verbs)

    task = sub.add_parser("external-task", help="unlock external tasks, set their retries or priority")
    tverbs = task.add_subparsers(dest="verb", required=True, metavar="VERB")
    for verb in ("unlock", "retries", "priority"):
        v = tverbs.add_parser(verb)
        v.add_argument("ids", nargs="+", metavar="ID")
        if verb == "retries":
            v.add_argument("--retries", type=int, required=True)
        if verb == "priority":
            v.add_argument("--priority", type=int, required=True)
        add_output(v)
        add_change_flags(v)
        v.set_defaults(handler=run_external_task)


# -- get incidents --group-by -----------------------------------------------------------------------


def run_grouped(args: argparse.Namespace) -> int:
    """The groups as a table (COUNT, OLDEST, NEWEST, KEY) or as data; a capped scan says so on stderr."""
    query = incident_query(args)
    by = GroupBy(args.group_by)

    async def work(engine: Engine) -> Any:
        grouping, _ = await grouped(engine, query, by)
        return grouping

    grouping = run_with_engine(args, work)
    if grouping.capped:
        print(safe(grouping.caveat()), file=sys.stderr)
    rows = [g.model_dump(mode="json", exclude={"incident_ids"}) for g in grouping.groups]
    if args.output in ("json", "yaml"):
        emit(rows, args.output)
    elif args.output == "csv":
        emit(rows, "csv", ("count", "key", "oldest", "newest"))
    else:
        print(f"{'COUNT':>6}  {'OLDEST':25}  {'NEWEST':25}  {by.value.upper()}")
        for g in grouping.groups:
            print(f"{g.count:>6}  {when(g.oldest):25}  {when(g.newest):25}  {safe(g.key)}")
        print(f"{grouping.scanned} incidents in {len(grouping.groups)} groups", file=sys.stderr)
    return OK


# -- retry incidents --------------------------------------------------------------------------------


def incident_targets(args: argparse.Namespace) -> Any:
    """The frozen list: the ids named, one group, or everything the filter matches (at most LIMIT)."""
    if args.ids:
        if args.all_matching or args.group:
            raise CommandError("Give ids, or --all-matching, or --group-by with --group; not several.", USAGE_ERROR)
        return by_ids(INCIDENTS, args.ids)
    if bool(args.group) != bool(args.group_by):
        raise CommandError("--group needs --group-by, and --group-by needs --group.", USAGE_ERROR)
    if not (args.all_matching or args.group):
        raise CommandError("What to retry? Give incident ids, --all-matching, or --group-by with --group.", USAGE_ERROR)
    query = incident_query(args)

    async def resolve(engine: Engine) -> list[Incident]:
        by = GroupBy(args.group_by or "type")
        grouping, incidents = await grouped(engine, query, by, limit=LIMIT)
        if grouping.capped:
            raise CommandError(f"The filter matches more than {LIMIT} incidents; narrow it first.", USAGE_ERROR)
        if args.group:
            key = normalise(args.group) if by is GroupBy.MESSAGE else args.group
            wanted = next((g for g in grouping.groups if g.key in (args.group, key)), None)
            if wanted is None:
                raise CommandError(f"No group {args.group!r} by {by.value} among what the filter matches.", USAGE_ERROR)
            members = set(wanted.incident_ids)
            incidents = [i for i in incidents if i.id in members]
        if not incidents:
            raise CommandError("The filter matches no incidents.", USAGE_ERROR)
        return incidents

    return resolve


def run_retry(args: argparse.Namespace) -> int:
    options = {"retries": args.retries, "verify": args.verify, "wait": args.wait}
    return run_action(args, RETRY, incident_targets(args), options, report_output=True)


# -- jobs and external tasks --------------------------------------------------------------------------


def run_job(args: argparse.Namespace) -> int:
    from camtui.commands import c8

    if args.verb == "retries" and c8.is_c8(args):
        return c8.run_job_retries(args)
    action = {"exec": jobs.EXECUTE, "retries": jobs.SET_RETRIES, "due": jobs.SET_DUE, "priority": jobs.SET_PRIORITY}[
        args.verb
    ]
    options: dict[str, Any] = {
        "retries": getattr(args, "retries", None),
        "priority": getattr(args, "priority", None),
        "due": getattr(args, "at", None),
        "cascade": getattr(args, "cascade", False),
        "recalculate": getattr(args, "recalculate", False),
    }
    resolve: Any = by_ids(jobs.JOBS, args.ids)
    return run_action(args, action, resolve, options, report_output=True)


def run_external_task(args: argparse.Namespace) -> int:
    action = {"unlock": ext.UNLOCK, "retries": ext.SET_RETRIES, "priority": ext.SET_PRIORITY}[args.verb]
    options = {"retries": getattr(args, "retries", None), "priority": getattr(args, "priority", None)}
    resolve: Any = by_ids(ext.EXTERNAL_TASKS, args.ids)
    return run_action(args, action, resolve, options, report_output=True)
