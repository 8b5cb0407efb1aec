"""`camtui get KIND [filters]`: lists from the engine, as a table or JSON/YAML/CSV.

The kinds, their flags and the fields a table shows come from the registry (camtui.kinds).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from camtui.api.protocol import Engine
from camtui.commands.args import add_output, add_paging
from camtui.commands.common import OK, USAGE_ERROR, CommandError, run_with_engine
from camtui.commands.output import emit
from camtui.kinds.base import Kind
from camtui.kinds.registry import KINDS, kind


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    get = sub.add_parser("get", help="list deployments, definitions, instances, incidents, tasks, identity")
    kinds = get.add_subparsers(dest="kind", required=True, metavar="KIND")
    for k in KINDS:
        if k.cli_query is None:
            continue
        p = kinds.add_parser(k.name, help=k.cli_help)
        add_output(p)
        add_paging(p)
        k.cli_flags(p)
        p.set_defaults(handler=run_list)
    res = kinds.add_parser("resources", help="the resources of a deployment")
    res.add_argument("deployment_id")
    add_output(res)
    res.set_defaults(handler=run_resources)
    one = kinds.add_parser("resource", help="a resource's bytes, unchanged, to stdout or --out FILE")
    one.add_argument("deployment_id")
    one.add_argument("resource_id", help="resource id or name")
    one.add_argument("--out", type=Path)
    one.set_defaults(handler=run_resource)


def run_list(args: argparse.Namespace) -> int:
    k: Kind[Any] = kind(args.kind)
    if args.limit < 1:
        raise CommandError("--limit must be at least 1.", USAGE_ERROR)
    assert k.cli_query is not None
    query = k.cli_query(args)

    async def work(engine: Engine) -> list[BaseModel]:
        items: list[BaseModel] = []
        token: str | None = None
        page_size = 500 if args.all else min(args.limit, 500)
        while True:
            page = await k.fetch(engine, query, token, page_size)
            items.extend(page.items)
            if page.next is None or (not args.all and len(items) >= args.limit):
                break
            token = page.next
        return items if args.all else items[: args.limit]

    emit(run_with_engine(args, work), args.output, k.fields)
    return OK


def run_resources(args: argparse.Namespace) -> int:
    async def work(engine: Engine) -> list[BaseModel]:
        return list(await engine.deployments.resources(args.deployment_id))

    emit(run_with_engine(args, work), args.output, ("id", "name", "deployment_id"))
    return OK


def run_resource(args: argparse.Namespace) -> int:
    async def work(engine: Engine) -> bytes:
        resources = await engine.deployments.resources(args.deployment_id)
        match = next((r for r in resources if args.resource_id in (r.id, r.name)), None)
        if match is None:
            names = ", ".join(r.name for r in resources) or "none"
            raise CommandError(f"No resource {args.resource_id!r} in deployment {args.deployment_id} ({names}).", 1)
        return await engine.deployments.resource_content(args.deployment_id, match.id)

    data = run_with_engine(args, work)
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        args.out.write_bytes(data)
        print(f"Wrote {len(data)} bytes to {args.out}", file=sys.stderr)
    return OK
