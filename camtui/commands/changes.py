"""`camtui deploy | delete deployment | start | cancel instance | task ...`: the declared actions.

Each command resolves its targets, then runs the action the console runs (camtui.commands.act):
refused on read-only profiles (exit 3) before anything is asked, planned, asked for where it
destroys, reported target by target. `--dry-run` prints the plan with the exact requests.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from camtui.api.errors import UnsupportedByEngine
from camtui.api.models import NewDeployment, ProcessDefinition, VariableValue
from camtui.api.protocol import Engine
from camtui.commands.act import add_change_flags, by_ids, run_action
from camtui.commands.args import add_output, iso_time, variable
from camtui.commands.common import USAGE_ERROR, CommandError
from camtui.commands.instance_history import add_delete_history
from camtui.commands.operate import add_delete_definition as operate_delete_definition
from camtui.commands.operate import add_query_flags, instance_targets
from camtui.commands.tasks import add_task_verbs
from camtui.kinds.definitions import START
from camtui.kinds.deployments import DEPLOY, DEPLOYMENTS
from camtui.kinds.instances import CANCEL
from camtui.kinds.tasks import ASSIGN, CLAIM, COMPLETE, TASKS, UNCLAIM


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
    add_change_flags(deploy)
    deploy.set_defaults(handler=run_deploy)

    delete = sub.add_parser(
        "delete", help="delete deployments, definition versions or ended instances' history (asks first)"
    )
    what = delete.add_subparsers(dest="kind", required=True, metavar="KIND")
    dep = what.add_parser("deployment")
    dep.add_argument("ids", nargs="+", metavar="ID")
    dep.add_argument("--cascade", action="store_true", help="also delete its running instances")
    dep.add_argument("--skip-custom-listeners", action="store_true")
    dep.add_argument("--skip-io-mappings", action="store_true")
    add_output(dep)
    add_change_flags(dep)
    dep.set_defaults(handler=run_delete_deployment)
    # issue 10: one process definition version (camtui.commands.operate runs it)
    operate_delete_definition(what)
    # issue 10: ended process instances, from history (camtui.commands.instance_history runs it)
    add_delete_history(what)
    # issue 13 (audit): Camunda 8's deployed resources, by key
    from camtui.commands.c8 import add_delete_resource

    add_delete_resource(what)

    start = sub.add_parser("start", help="start a process instance by definition key")
    start.add_argument("key")
    start.add_argument("--business-key")
    start.add_argument("--tenant")
    start.add_argument("--var", action="append", type=variable, default=[], help="name=value[:Type]")
    add_output(start)
    add_change_flags(start)
    start.set_defaults(handler=run_start)

    cancel = sub.add_parser("cancel", help="cancel (delete) running process instances")
    ckind = cancel.add_subparsers(dest="kind", required=True, metavar="KIND")
    inst = ckind.add_parser("instance", help="process instances, by id or by query (frozen first)")
    inst.add_argument("ids", nargs="*", metavar="ID")
    add_query_flags(inst)
    inst.add_argument("--reason")
    # issue 10
    inst.add_argument("--skip-custom-listeners", action="store_true")
    inst.add_argument("--skip-io-mappings", action="store_true")
    add_output(inst)
    add_change_flags(inst)
    inst.set_defaults(handler=run_cancel)

    task = sub.add_parser(
        "task", help="claim, unclaim, assign, complete, delegate, resolve, date, prioritise or comment user tasks"
    )
    verb = task.add_subparsers(dest="verb", required=True, metavar="VERB")
    for name in ("claim", "unclaim", "assign", "complete"):
        v = verb.add_parser(name)
        v.add_argument("ids", nargs="+", metavar="ID")
        if name in ("claim", "assign"):
            v.add_argument("--user", required=name == "assign", help="default for claim: the profile's user")
        if name == "complete":
            v.add_argument("--var", action="append", type=variable, default=[], help="name=value[:Type]")
        add_output(v)
        add_change_flags(v)
        v.set_defaults(handler=run_task)
    add_task_verbs(verb)


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

    async def nothing(engine: Engine) -> list[None]:
        return [None]

    return run_action(args, DEPLOY, nothing, {"new": new}, result_output=True)


def run_delete_deployment(args: argparse.Namespace) -> int:
    from camtui.commands import c8

    if c8.is_c8(args):
        return c8.run_delete_deployment(args)
    options = {
        "cascade": args.cascade,
        "skip_custom_listeners": args.skip_custom_listeners,
        "skip_io_mappings": args.skip_io_mappings,
    }
    return run_action(args, DEPLOYMENTS.action("delete"), by_ids(DEPLOYMENTS, args.ids), options)


def run_start(args: argparse.Namespace) -> int:
    variables: dict[str, VariableValue] = dict(args.var)

    async def resolve(engine: Engine) -> list[ProcessDefinition]:
        try:
            return [await engine.definitions.get_latest(args.key, tenant_id=args.tenant)]
        except UnsupportedByEngine:
            # a cluster without search (Camunda 8.6): start what was named (it goes by the BPMN process
            # id anyway); the cluster says if it is not deployed
            return [ProcessDefinition(id="", bpmn_process_id=args.key, version=0, tenant_id=args.tenant)]

    options = {"business_key": args.business_key, "variables": variables, "by_process_id": True}
    return run_action(args, START, resolve, options, result_output=True)


def run_cancel(args: argparse.Namespace) -> int:
    options = {
        "reason": args.reason,
        "skip_custom_listeners": args.skip_custom_listeners,
        "skip_io_mappings": args.skip_io_mappings,
    }
    return run_action(args, CANCEL, instance_targets(args), options)


def run_task(args: argparse.Namespace) -> int:
    action = {"claim": CLAIM, "unclaim": UNCLAIM, "assign": ASSIGN, "complete": COMPLETE}[args.verb]
    options = {"user": getattr(args, "user", None), "variables": dict(getattr(args, "var", []) or [])}
    return run_action(args, action, by_ids(TASKS, args.ids), options)
