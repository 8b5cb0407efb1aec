"""`camtui deploy | delete deployment | start | cancel instance | task ...`: changes, asked for first
where they destroy, refused on read-only profiles (exit 3) before anything is sent."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from camtui.api.models import InstanceFilter, NewDeployment, VariableValue
from camtui.api.protocol import Engine
from camtui.commands.args import add_output, iso_time, variable
from camtui.commands.common import OK, USAGE_ERROR, CommandError, run_with_engine
from camtui.commands.confirm import confirm
from camtui.commands.output import emit


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    deploy = sub.add_parser("deploy", help="deploy BPMN, DMN, forms and other files")
    deploy.add_argument("files", nargs="+", type=Path, metavar="FILE")
    deploy.add_argument("--name", required=True)
    deploy.add_argument("--source")
    deploy.add_argument("--duplicate-filtering", action="store_true")
    deploy.add_argument("--changed-only", action="store_true")
    deploy.add_argument("--tenant")
    deploy.add_argument("--activation-time", type=iso_time)
    add_output(deploy)
    deploy.set_defaults(handler=run_deploy)

    delete = sub.add_parser("delete", help="delete a deployment (asks first)")
    what = delete.add_subparsers(dest="kind", required=True, metavar="KIND")
    dep = what.add_parser("deployment")
    dep.add_argument("id")
    dep.add_argument("--cascade", action="store_true", help="also delete its running instances")
    dep.add_argument("--skip-custom-listeners", action="store_true")
    dep.add_argument("--skip-io-mappings", action="store_true")
    dep.add_argument("--yes", "-y", action="store_true", help="do not ask")
    dep.set_defaults(handler=run_delete_deployment)

    start = sub.add_parser("start", help="start a process instance by definition key")
    start.add_argument("key")
    start.add_argument("--business-key")
    start.add_argument("--tenant")
    start.add_argument("--var", action="append", type=variable, default=[], help="name=value[:Type]")
    add_output(start)
    start.set_defaults(handler=run_start)

    cancel = sub.add_parser("cancel", help="cancel (delete) running process instances")
    ckind = cancel.add_subparsers(dest="kind", required=True, metavar="KIND")
    inst = ckind.add_parser("instance")
    inst.add_argument("ids", nargs="+", metavar="ID")
    inst.add_argument("--reason")
    inst.add_argument("--yes", "-y", action="store_true")
    inst.set_defaults(handler=run_cancel)

    task = sub.add_parser("task", help="claim, unclaim, assign or complete a user task")
    verb = task.add_subparsers(dest="verb", required=True, metavar="VERB")
    for name in ("claim", "unclaim", "assign", "complete"):
        v = verb.add_parser(name)
        v.add_argument("id")
        if name in ("claim", "assign"):
            v.add_argument("--user", required=name == "assign", help="default for claim: the profile's user")
        if name == "complete":
            v.add_argument("--var", action="append", type=variable, default=[], help="name=value[:Type]")
        v.set_defaults(handler=run_task)


def run_deploy(args: argparse.Namespace) -> int:
    files = []
    for path in args.files:
        try:
            files.append((path.name, path.read_bytes()))
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}", USAGE_ERROR) from None
    new = NewDeployment(
        name=args.name,
        files=tuple(files),
        source=args.source,
        enable_duplicate_filtering=args.duplicate_filtering,
        deploy_changed_only=args.changed_only,
        tenant_id=args.tenant,
        activation_time=args.activation_time,
    )

    async def work(engine: Engine) -> object:
        return await engine.deployments.create(new)

    emit(run_with_engine(args, work), args.output)  # type: ignore[arg-type]
    return OK


def run_delete_deployment(args: argparse.Namespace) -> int:
    async def inspect(engine: Engine) -> tuple[str, int]:
        deployment = await engine.deployments.get(args.id)
        running = await engine.instances.count(InstanceFilter(deployment_id=args.id))
        return deployment.name or deployment.id, running

    name, running = run_with_engine(args, inspect)
    params = f"cascade={str(args.cascade).lower()}&skipCustomListeners={str(args.skip_custom_listeners).lower()}"
    params += f"&skipIoMappings={str(args.skip_io_mappings).lower()}"
    impact = (
        f"{running} running process instance(s) will be deleted with it"
        if args.cascade
        else f"{running} running process instance(s); without --cascade the engine refuses"
        if running
        else "no running process instances"
    )
    confirm(f"Delete deployment {name!r} ({args.id}): {impact}.\nDELETE /deployment/{args.id}?{params}", yes=args.yes)

    async def delete(engine: Engine) -> None:
        await engine.deployments.delete(
            args.id,
            cascade=args.cascade,
            skip_custom_listeners=args.skip_custom_listeners,
            skip_io_mappings=args.skip_io_mappings,
        )

    run_with_engine(args, delete)
    print(f"Deleted deployment {args.id}.", file=sys.stderr)
    return OK


def run_start(args: argparse.Namespace) -> int:
    variables: dict[str, VariableValue] = dict(args.var)

    async def work(engine: Engine) -> object:
        return await engine.definitions.start(
            key=args.key, tenant_id=args.tenant, business_key=args.business_key, variables=variables
        )

    emit(run_with_engine(args, work), args.output)  # type: ignore[arg-type]
    return OK


def run_cancel(args: argparse.Namespace) -> int:
    ids = tuple(dict.fromkeys(args.ids))
    confirm(f"Cancel {len(ids)} process instance(s): {', '.join(ids[:5])}{' …' if len(ids) > 5 else ''}", yes=args.yes)

    async def work(engine: Engine) -> None:
        if len(ids) == 1:
            await engine.instances.delete(ids[0])
            return
        # many at once: one engine batch, followed to its end
        batch = await engine.instances.delete_many(ids, reason=args.reason)
        async with asyncio.timeout(300):
            while not (progress := await engine.instances.batch_progress(batch.id)).finished:
                print(f"  {progress.completed_jobs}/{progress.total_jobs} batch jobs done", file=sys.stderr)
                await asyncio.sleep(0.5)

    try:
        run_with_engine(args, work)
    except TimeoutError:
        raise CommandError("The batch did not finish within 5 minutes; it goes on in the engine.", 1) from None
    print(f"Cancelled {len(ids)} process instance(s).", file=sys.stderr)
    return OK


def run_task(args: argparse.Namespace) -> int:
    async def work(engine: Engine) -> str:
        match args.verb:
            case "claim":
                user = args.user or engine.connection.credentials.username
                if not user:
                    raise CommandError("Claim for whom? Give --user (the profile has no user name).", USAGE_ERROR)
                await engine.tasks.claim(args.id, user)
                return f"Claimed task {args.id} for {user}."
            case "unclaim":
                await engine.tasks.unclaim(args.id)
                return f"Unclaimed task {args.id}."
            case "assign":
                await engine.tasks.set_assignee(args.id, args.user)
                return f"Assigned task {args.id} to {args.user}."
            case _:
                await engine.tasks.complete(args.id, dict(args.var))
                return f"Completed task {args.id}."

    print(run_with_engine(args, work))
    return OK
