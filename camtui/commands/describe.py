"""`camtui describe KIND ID`: one thing with everything the console's detail view shows."""

from __future__ import annotations

import argparse
from typing import Any

from camtui.api.describe import KINDS, describe
from camtui.api.protocol import Engine
from camtui.commands.args import add_output
from camtui.commands.common import OK, run_with_engine
from camtui.commands.output import emit


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("describe", help="one deployment, definition, instance, incident, task, user, group, tenant")
    p.add_argument("kind", choices=KINDS)
    p.add_argument("id")
    add_output(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    async def work(engine: Engine) -> dict[str, Any]:
        return await describe(engine, args.kind, args.id)

    emit(run_with_engine(args, work), args.output)
    return OK
