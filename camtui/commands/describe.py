"""`camtui describe KIND ID`: one thing with everything the console's detail view shows."""

from __future__ import annotations

import argparse
from types import SimpleNamespace
from typing import Any

from camtui.api.protocol import Engine
from camtui.commands.args import add_output
from camtui.commands.common import OK, run_with_engine
from camtui.commands.output import emit
from camtui.kinds.registry import KINDS, by_singular

DESCRIBED = tuple(k.singular for k in KINDS if k.describe is not None)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("describe", help="everything about one item")
    p.add_argument("kind", choices=DESCRIBED)
    p.add_argument("id")
    add_output(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    kind = by_singular(args.kind)
    describe = kind.describe
    assert describe is not None

    async def work(engine: Engine) -> dict[str, Any]:
        return await describe(engine, args.id)

    data = run_with_engine(args, work)
    if args.output == "table" and kind.table_words:
        # the table says a field as `get` and the console do (an instance's state: cancelled, not
        # EXTERNALLY_TERMINATED); a description holds its item's fields, read here as attributes
        item = SimpleNamespace(**data)
        data = data | {name: say(item) for name, say in kind.table_words if name in data}
    emit(data, args.output)
    return OK
