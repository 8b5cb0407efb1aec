"""`camtui get KIND [filters]`: lists from the engine, as a table or JSON/YAML/CSV.

The kinds, their flags and the fields a table shows come from the registry (camtui.kinds).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest
from camtui.api.paging import without_totals
from camtui.api.protocol import Engine
from camtui.commands.args import add_output, add_paging
from camtui.commands.common import OK, USAGE_ERROR, CommandError, run_with_engine
from camtui.commands.output import emit
from camtui.kinds.base import Kind
from camtui.kinds.homes import HOMES, load


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_parser_for(sub, ())


def add_parser_for(sub: argparse._SubParsersAction[argparse.ArgumentParser], rest: Sequence[str]) -> None:
    """`get` with every kind; or, when `rest` names one the kind table knows, with that kind alone,
    so its module is the only kind imported (issue 15: most of `get`'s time was importing them all)."""
    get = sub.add_parser("get", help="list deployments, definitions, instances, incidents, tasks, identity")
    kinds = get.add_subparsers(dest="kind", required=True, metavar="KIND")
    named = rest[0] if rest else None
    listed: Sequence[Kind[Any]]
    if named in HOMES:
        listed = (load(named),)
    else:
        from camtui.kinds.registry import KINDS

        listed = KINDS
    for k in listed:
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
    var = kinds.add_parser("var", help="one variable of a process instance; a File's bytes unchanged")
    var.add_argument("instance_id")
    var.add_argument("name")
    var.add_argument("--out", "--output", dest="out", type=Path, help="write it to FILE (all or nothing)")
    var.set_defaults(handler=run_variable)


def run_list(args: argparse.Namespace) -> int:
    if getattr(args, "group_by", None):
        from camtui.commands.repair import run_grouped

        return run_grouped(args)
    k: Kind[Any] = load(args.kind)
    if args.limit < 1:
        raise CommandError("--limit must be at least 1.", USAGE_ERROR)
    assert k.cli_query is not None
    try:
        query = k.cli_query(args)
    except BadRequest as exc:
        # a query that cannot be made from the flags (a saved query that is not there)
        raise CommandError(str(exc), USAGE_ERROR) from None

    async def work(engine: Engine) -> list[BaseModel]:
        items: list[BaseModel] = []
        token: str | None = None
        page_size = 500 if args.all else min(args.limit, 500)
        with without_totals():  # printed without a total, so C7 is not asked to count
            while True:
                page = await k.fetch(engine, query, token, page_size)
                items.extend(page.items)
                if page.next is None or (not args.all and len(items) >= args.limit):
                    break
                token = page.next
        return items if args.all else items[: args.limit]

    emit(run_with_engine(args, work, reads_only=True), args.output, k.fields, k.table_words)
    return OK


def run_resources(args: argparse.Namespace) -> int:
    async def work(engine: Engine) -> list[BaseModel]:
        return list(await engine.deployments.resources(args.deployment_id))

    emit(run_with_engine(args, work), args.output, ("id", "name", "deployment_id"))
    return OK


def run_resource(args: argparse.Namespace) -> int:
    if args.out is not None:
        check_out(args.out)  # before anything is fetched

    async def work(engine: Engine) -> bytes:
        if Capability.DEPLOYMENT_RESOURCES in engine.capabilities:
            return await deployed_content(engine, args.deployment_id, args.resource_id)
        resources = await engine.deployments.resources(args.deployment_id)
        match = next((r for r in resources if args.resource_id in (r.id, r.name)), None)
        if match is None:
            names = ", ".join(r.name for r in resources) or "none"
            raise CommandError(f"No resource {args.resource_id!r} in deployment {args.deployment_id} ({names}).", 1)
        return await engine.deployments.resource_content(args.deployment_id, match.id)

    data = run_with_engine(args, work)
    if args.out is None:
        _write_stdout(data)
    else:
        write_out(args.out, data)
        print(f"Wrote {len(data)} bytes to {args.out}", file=sys.stderr)
    return OK


async def deployed_content(engine: Engine, deployment_key: str, wanted: str) -> bytes:
    """issue 13 (audit): Camunda 8: a resource of a deployment (by key, file name or model id), as deployed."""
    from camtui.api.protocol import deployed_resources_of
    from camtui.kinds.resource_deployments import get_deployment

    deployment = await get_deployment(engine, deployment_key)
    match = next((r for r in deployment.resources if wanted in (r.key, r.resource_name, r.resource_id)), None)
    if match is None:
        names = ", ".join(r.resource_name or r.key for r in deployment.resources) or "none"
        raise CommandError(f"No resource {wanted!r} in deployment {deployment_key} ({names}).", 1)
    return await deployed_resources_of(engine).content(match)


def run_variable(args: argparse.Namespace) -> int:
    """A File variable's bytes as the engine keeps them; any other variable as JSON (name, type, value)."""
    if args.out is not None:
        check_out(args.out)

    async def work(engine: Engine) -> bytes:
        variable = await engine.instances.variable(args.instance_id, args.name)
        if variable.type == "File":
            return await engine.instances.file_variable_content(args.instance_id, args.name)
        return (json.dumps(variable.model_dump(mode="json", exclude_none=True), indent=2) + "\n").encode()

    data = run_with_engine(args, work)
    if args.out is None:
        _write_stdout(data)
    else:
        write_out(args.out, data)
        print(f"Wrote {len(data)} bytes to {args.out}", file=sys.stderr)
    return OK


def _write_stdout(data: bytes) -> None:
    """All of `data`: a buffered write can stop short when the reader goes away (it returns how much
    it wrote); writing the rest then raises BrokenPipeError, which the entry point answers."""
    out = sys.stdout.buffer
    rest = memoryview(data)
    while rest:
        written = out.write(rest)
        if not written:
            raise BrokenPipeError("standard output takes no more")
        rest = rest[written:]
    out.flush()


def check_out(path: Path) -> None:
    """Refuse an --out that cannot be written (exit 2, one line), before the engine is asked."""
    if path.is_dir():
        raise CommandError(f"--out {path}: is a directory; give a file name", USAGE_ERROR)
    parent = path.parent
    if not parent.is_dir():
        what = "is not a directory" if parent.exists() else "does not exist"
        raise CommandError(f"--out {path}: the directory {parent} {what}", USAGE_ERROR)
    if path.exists() and not os.access(path, os.W_OK):
        raise CommandError(f"--out {path}: the file is not writable", USAGE_ERROR)


def write_out(path: Path, data: bytes) -> None:
    """All of `data` or nothing: a temp file in the target's directory, then one rename.

    An existing file keeps its permissions (a new one gets the usual ones, umask applied); a
    device or pipe (`--out /dev/stdout`) is written directly, as it cannot be replaced.
    """
    check_out(path)
    try:
        current = path.stat()
    except FileNotFoundError:
        current = None
    except OSError as exc:
        raise CommandError(f"--out {path}: {exc.strerror or exc}", USAGE_ERROR) from None
    try:
        if current is not None and not stat.S_ISREG(current.st_mode):
            with path.open("wb") as special:
                special.write(data)
            return
        target = Path(os.path.realpath(path))  # a symlink is written through, as before
        mode = stat.S_IMODE(current.st_mode) if current is not None else 0o666 & ~_umask()
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise CommandError(f"--out {path}: cannot write: {exc.strerror or exc}", USAGE_ERROR) from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
