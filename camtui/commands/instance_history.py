"""`camtui delete instance-history ID... | --query NAME | --state finished ...`: ended process instances
deleted from history for good (Camunda 7), through the action the console runs.

By id, each is read first (an unknown id fails before anything is sent; a running one is refused in
the report, in words). By query (`get instances`' flags, or a saved `--query NAME`), the ended
instances it matches now are frozen to their ids: the plan's count is what runs; from 20 on they go
as one engine batch, followed, and history is read again. Exit 0 when every target is gone, 1 when
any is not, 2 for bad usage, 3 on a read-only profile.
"""

from __future__ import annotations

import argparse

from camtui.api.errors import BadRequest
from camtui.api.models import EndState, EngineKind, InstanceFilter, ProcessInstance
from camtui.api.protocol import Engine
from camtui.commands.act import Resolve, add_change_flags, run_action
from camtui.commands.args import add_output
from camtui.commands.common import ENGINE_ERROR, USAGE_ERROR, CommandError, selected_profile
from camtui.kinds.bulk import freeze
from camtui.kinds.instance_history import DELETE_HISTORY
from camtui.kinds.instances import INSTANCES, instance_flags, instance_or_history, instance_query


def add_delete_history(what: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Under `delete`, which camtui.commands.changes owns."""
    p = what.add_parser(
        "instance-history",
        help="ended process instances, deleted from history for good (by id, or every ended one a query matches)",
        description="Delete ended process instances from history, for good. Name them by id, or select them "
        "with the flags of `camtui get instances` (only ended ones: --state finished is implied).",
    )
    p.add_argument("ids", nargs="*", metavar="ID")
    instance_flags(p)
    add_output(p)
    add_change_flags(p)
    p.set_defaults(handler=run_delete_history)


def history_targets(args: argparse.Namespace) -> Resolve[ProcessInstance]:
    try:
        query = instance_query(args)
    except BadRequest as exc:
        raise CommandError(exc.message, USAGE_ERROR) from None
    selected = query != InstanceFilter()
    if bool(args.ids) == selected:
        raise CommandError(
            "Name the instances by id, or select ended ones with --state finished, --query NAME, --key ... (not both).",
            USAGE_ERROR,
        )
    if args.ids:
        ids = list(dict.fromkeys(args.ids))

        async def named(engine: Engine) -> list[ProcessInstance]:
            # running ones come back as they are, to be refused in the report; unknown ones fail here
            return [await instance_or_history(engine, i) for i in ids]

        return named
    if query.active or query.suspended:
        raise CommandError("Only ended instances have history to delete; --active and --suspended are running.")
    if query.end_state is None:
        query = query.model_copy(update={"end_state": EndState.FINISHED})

    async def frozen(engine: Engine) -> list[ProcessInstance]:
        items = await freeze(engine, INSTANCES, query)
        if not items:
            raise CommandError("No ended process instances match: nothing to delete.", USAGE_ERROR)
        return items

    return frozen


def run_delete_history(args: argparse.Namespace) -> int:
    if selected_profile(args).engine is EngineKind.C8:
        # its own way, by filter: a batch operation (8.9+)
        raise CommandError(
            "Camunda 8 deletes ended instances by filter: camtui batch new delete --state finished ... (8.9+).",
            ENGINE_ERROR,
        )
    return run_action(args, DELETE_HISTORY, history_targets(args), {}, report_output=True)
