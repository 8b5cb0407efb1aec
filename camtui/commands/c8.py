"""The CLI of Camunda 8's own changes (issue 13), each through the runner as the console runs it
(camtui.commands.act): planned, `--dry-run` prints the exact request, refused on read-only profiles,
reported; `-o json` prints the report (or the result) as data.

  camtui message publish|correlate NAME [--correlation-key K] [--var n=v[:Type]] [--ttl MS] [--tenant T]
  camtui signal broadcast NAME [--var ...] [--tenant T]
  camtui decision evaluate DECISION_ID | --key KEY [--var ...] [--tenant T]
  camtui role members ROLE [--kind users|groups|clients|mapping-rules] [--add ID] [--remove ID]
  camtui job update JOB_KEY... [--retries N] [--timeout MS]           (`job retries` works too)
  camtui batch new cancel|resolve|delete|migrate|modify FILTER [--to-version V --map S->T | --move S->T]
  camtui batch watch|suspend|resume|cancel BATCH_KEY                   (a Camunda 8 profile)

The filter flags of `batch new` are those of `camtui get instances` (--key, --definition-id,
--with-incident, --activity, --tenant, --var name_op_value, --query NAME).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any

from camtui.api.errors import UnsupportedByEngine
from camtui.api.models import EngineKind, InstanceFilter, VariableValue
from camtui.api.models.cluster import DecisionDefinition
from camtui.api.protocol import Engine, batches_of, decisions_of, roles_of
from camtui.commands.act import add_change_flags, by_ids, run_action
from camtui.commands.args import add_output, variable
from camtui.commands.common import ENGINE_ERROR, OK, USAGE_ERROR, CommandError, run_with_engine, selected_profile
from camtui.commands.output import emit
from camtui.kinds import batch_by_filter, c8, c8_actions, c8_identity
from camtui.kinds.correlate_evaluate import DECISION_EVALUATE, MESSAGE_CORRELATE
from camtui.kinds.format import safe
from camtui.kinds.instances import INSTANCES
from camtui.kinds.jobs import JOBS
from camtui.kinds.resource_deployments import (
    DELETE_DEPLOYMENT,
    DELETE_RESOURCE,
    DEPLOYED_RESOURCES,
    RESOURCE_DEPLOYMENTS,
)


def is_c8(args: argparse.Namespace) -> bool:
    """The selected profile is a Camunda 8 cluster (commands shared with Camunda 7 branch on it)."""
    return selected_profile(args).engine is EngineKind.C8


def _variables(p: argparse.ArgumentParser) -> None:
    p.add_argument("--var", action="append", type=variable, default=[], help="name=value[:Type], repeatable")
    p.add_argument("--tenant")


def _typed(args: argparse.Namespace) -> dict[str, VariableValue]:
    values = dict(args.var)
    if len(values) != len(args.var):
        raise CommandError("A variable is given twice: give each name once.", USAGE_ERROR)
    return values


def _changing(p: argparse.ArgumentParser) -> None:
    add_output(p)
    add_change_flags(p)


async def _nothing(engine: Engine) -> list[None]:
    return [None]


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    message = sub.add_parser("message", help="publish or correlate a message (Camunda 8)")
    mverbs = message.add_subparsers(dest="verb", required=True, metavar="VERB")
    for verb, helptext in (
        ("publish", "publish: a waiting process goes on, or it is kept for its time to live"),
        ("correlate", "correlate to the process waiting now (an error when none waits)"),
    ):
        m = mverbs.add_parser(verb, help=helptext)
        m.add_argument("name", metavar="NAME")
        m.add_argument("--correlation-key", default="")
        _variables(m)
        if verb == "publish":
            m.add_argument("--ttl", type=int, help="time to live in ms")
        _changing(m)
        m.set_defaults(handler=run_message)

    signal = sub.add_parser("signal", help="broadcast a signal (Camunda 8)")
    sverbs = signal.add_subparsers(dest="verb", required=True, metavar="VERB")
    broadcast = sverbs.add_parser("broadcast", help="to every process that waits for it or starts with it")
    broadcast.add_argument("name", metavar="NAME")
    _variables(broadcast)
    _changing(broadcast)
    broadcast.set_defaults(handler=run_signal)

    decision = sub.add_parser("decision", help="evaluate a decision (Camunda 8)")
    dverbs = decision.add_subparsers(dest="verb", required=True, metavar="VERB")
    evaluate = dverbs.add_parser("evaluate", help="evaluate with input variables; the output on stdout")
    evaluate.add_argument("decision_id", nargs="?", metavar="DECISION_ID", help="its id in the DMN (latest version)")
    evaluate.add_argument("--key", help="one version, by its decision definition key")
    _variables(evaluate)
    _changing(evaluate)
    evaluate.set_defaults(handler=run_evaluate)

    role = sub.add_parser(
        "role", help="create and delete roles; their members: users, groups, clients, mapping rules (Camunda 8)"
    )
    rverbs = role.add_subparsers(dest="verb", required=True, metavar="VERB")
    members = rverbs.add_parser("members", help="list them; with --add/--remove ID, change them")
    members.add_argument("id", metavar="ROLE")
    members.add_argument("--kind", choices=c8_actions.MEMBER_KINDS, default="users")
    members.add_argument("--add", action="append", default=[], metavar="ID")
    members.add_argument("--remove", action="append", default=[], metavar="ID")
    _changing(members)
    members.set_defaults(handler=run_role_members)
    # issue 13 (audit): roles and mapping rules made and deleted
    add = rverbs.add_parser("add", help="create a role")
    add.add_argument("id", metavar="ROLE")
    add.add_argument("--name")
    add.add_argument("--description")
    _changing(add)
    add.set_defaults(handler=run_role_add)
    rm = rverbs.add_parser("rm", help="delete roles")
    rm.add_argument("ids", nargs="+", metavar="ROLE")
    _changing(rm)
    rm.set_defaults(handler=run_role_rm)
    redit = rverbs.add_parser("edit", help="change a role's name and description")
    redit.add_argument("id", metavar="ROLE")
    redit.add_argument("--name")
    redit.add_argument("--description", help="an empty one clears it")
    _changing(redit)
    redit.set_defaults(handler=run_role_edit)

    mapping = sub.add_parser("mapping", help="create and delete mapping rules (Camunda 8)")
    mverbs2 = mapping.add_subparsers(dest="verb", required=True, metavar="VERB")
    madd = mverbs2.add_parser("add", help="a token claim and value that grant membership")
    madd.add_argument("id", metavar="MAPPING_RULE")
    madd.add_argument("--claim-name", required=True)
    madd.add_argument("--claim-value", required=True)
    madd.add_argument("--name")
    _changing(madd)
    madd.set_defaults(handler=run_mapping_add)
    mrm = mverbs2.add_parser("rm", help="delete mapping rules")
    mrm.add_argument("ids", nargs="+", metavar="MAPPING_RULE")
    _changing(mrm)
    mrm.set_defaults(handler=run_mapping_rm)
    medit = mverbs2.add_parser("edit", help="change a mapping rule's name, claim name and claim value")
    medit.add_argument("id", metavar="MAPPING_RULE")
    medit.add_argument("--name")
    medit.add_argument("--claim-name")
    medit.add_argument("--claim-value")
    _changing(medit)
    medit.set_defaults(handler=run_mapping_edit)

    clustervar = sub.add_parser("clustervar", help="set and delete cluster variables (Camunda 8.9)")
    cverbs = clustervar.add_subparsers(dest="verb", required=True, metavar="VERB")
    cset = cverbs.add_parser("set", help="create or change one; its value is a JSON object")
    cset.add_argument("name", metavar="NAME")
    cset.add_argument("--value", required=True, metavar="JSON", help="a JSON object, e.g. '{\"max\": 5}'")
    cset.add_argument("--tenant", help="a tenant's (default: global)")
    _changing(cset)
    cset.set_defaults(handler=run_clustervar_set)
    crm = cverbs.add_parser("rm", help="delete them")
    crm.add_argument("names", nargs="+", metavar="NAME", help="NAME (global) or TENANT/NAME")
    _changing(crm)
    crm.set_defaults(handler=run_clustervar_rm)


def add_job_update(verbs: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`camtui job update KEY... --retries N --timeout MS`: under `job`, which camtui.commands.repair owns."""
    update = verbs.add_parser("update", help="a Camunda 8 job's retries and/or timeout")
    update.add_argument("ids", nargs="+", metavar="JOB_KEY")
    update.add_argument("--retries", type=int)
    update.add_argument("--timeout", type=int, metavar="MS", help="ms from now")
    _changing(update)
    update.set_defaults(handler=run_job_update)


def add_batch_verbs(verbs: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`camtui batch new|cancel`: under `batch`, which camtui.commands.batches owns."""
    new = verbs.add_parser("new", help="a Camunda 8 batch operation over every instance a filter matches")
    new.add_argument("kind", choices=tuple(batch_by_filter.KINDS), metavar="|".join(batch_by_filter.KINDS))
    INSTANCES.cli_flags(new)
    new.add_argument("--to-version", default="", help="migrate: version number or definition key (default: latest)")
    new.add_argument("--map", action="append", default=[], metavar="SOURCE->TARGET", help="migrate: element mapping")
    new.add_argument("--move", action="append", default=[], metavar="SOURCE->TARGET", help="modify: move tokens")
    new.add_argument("--no-wait", action="store_true", help="report the batch's key, do not follow it to its end")
    _changing(new)
    new.set_defaults(handler=run_batch_new)
    cancel = verbs.add_parser("cancel", help="cancel a Camunda 8 batch operation")
    cancel.add_argument("ids", nargs="+", metavar="BATCH_KEY")
    _changing(cancel)
    cancel.set_defaults(handler=run_batch_control, verb="cancel")


# -- handlers ---------------------------------------------------------------------------------------


def run_message(args: argparse.Namespace) -> int:
    options: dict[str, Any] = {
        "name": args.name,
        "correlation_key": args.correlation_key,
        "variables": _typed(args),
        "tenant": args.tenant or "",
        "ttl_ms": "" if getattr(args, "ttl", None) is None else str(args.ttl),
    }
    action = c8_actions.MESSAGE_PUBLISH if args.verb == "publish" else MESSAGE_CORRELATE
    return run_action(args, action, _nothing, options, result_output=True, report_output=True)


def run_signal(args: argparse.Namespace) -> int:
    options = {"name": args.name, "variables": _typed(args), "tenant": args.tenant or ""}
    return run_action(args, c8_actions.SIGNAL_BROADCAST, _nothing, options, report_output=True)


def run_evaluate(args: argparse.Namespace) -> int:
    if bool(args.decision_id) == bool(args.key):
        raise CommandError("Name the decision by its id, or give --key KEY (one of them).", USAGE_ERROR)

    async def resolve(engine: Engine) -> list[DecisionDefinition]:
        decisions = decisions_of(engine)
        try:
            if args.key:
                return [await decisions.get(args.key)]
            latest = await decisions.list(decision_id=args.decision_id, latest_only=True, limit=1)
        except UnsupportedByEngine:
            # a cluster without search (8.6): evaluate what was named; the cluster says if it is not there
            return [DecisionDefinition(id=args.key or "", decision_id=args.decision_id or "", version=0)]
        if not latest.items:
            raise CommandError(f"No decision {args.decision_id!r} is deployed.", ENGINE_ERROR)
        return [latest.items[0]]

    options = {"variables": _typed(args), "tenant": args.tenant or "", "by_id": bool(args.decision_id)}
    return run_action(args, DECISION_EVALUATE, resolve, options, result_output=True)


def run_role_members(args: argparse.Namespace) -> int:
    if not args.add and not args.remove:

        async def listed(engine: Engine) -> list[str]:
            return list(await roles_of(engine).members(args.id, args.kind))

        members = run_with_engine(args, listed)
        rows: list[Any] = [{"role": args.id, "kind": args.kind, "member": m} for m in members]
        emit(rows, args.output, ("role", "kind", "member"))
        return OK
    code = OK
    for add, ids in ((True, args.add), (False, args.remove)):
        if ids:
            action = c8_actions.ROLE_ACTIONS[0 if add else 1]
            options = {"kind": args.kind, "member": ",".join(ids)}
            code = max(code, run_action(args, action, by_ids(c8.ROLES, [args.id]), options, report_output=True))
    return code


def run_role_add(args: argparse.Namespace) -> int:
    options = {"id": args.id, "name": args.name or "", "description": args.description or ""}
    return run_action(args, c8_identity.ROLE_CREATE, _nothing, options, report_output=True)


def run_role_rm(args: argparse.Namespace) -> int:
    return run_action(args, c8_identity.ROLE_DELETE, by_ids(c8.ROLES, args.ids), {}, report_output=True)


def run_mapping_add(args: argparse.Namespace) -> int:
    options = {"id": args.id, "claim_name": args.claim_name, "claim_value": args.claim_value, "name": args.name or ""}
    return run_action(args, c8_identity.MAPPING_CREATE, _nothing, options, report_output=True)


def run_mapping_rm(args: argparse.Namespace) -> int:
    return run_action(args, c8_identity.MAPPING_DELETE, by_ids(c8.MAPPINGS, args.ids), {}, report_output=True)


def _edit_options(args: argparse.Namespace, fields: tuple[str, ...]) -> dict[str, str]:
    """What the flags change; the rest stays as the engine has it."""
    given = {f: getattr(args, f) for f in fields if getattr(args, f) is not None}
    if not given:
        raise CommandError(f"Give {' or '.join('--' + f.replace('_', '-') for f in fields)}.", USAGE_ERROR)
    return given


def run_role_edit(args: argparse.Namespace) -> int:
    options = _edit_options(args, ("name", "description"))
    return run_action(args, c8_identity.ROLE_EDIT, by_ids(c8.ROLES, [args.id]), options, report_output=True)


def run_mapping_edit(args: argparse.Namespace) -> int:
    options = _edit_options(args, ("name", "claim_name", "claim_value"))
    return run_action(args, c8_identity.MAPPING_EDIT, by_ids(c8.MAPPINGS, [args.id]), options, report_output=True)


def run_clustervar_set(args: argparse.Namespace) -> int:
    options = {"name": args.name, "tenant": args.tenant or "", "value": args.value}
    return run_action(args, c8_identity.CLUSTER_VARIABLE_SET, _nothing, options, report_output=True)


def run_clustervar_rm(args: argparse.Namespace) -> int:
    action = c8_identity.CLUSTER_VARIABLE_DELETE
    return run_action(args, action, by_ids(c8.CLUSTER_VARIABLES, args.names), {}, report_output=True)


def run_job_update(args: argparse.Namespace) -> int:
    if args.retries is None and args.timeout is None:
        raise CommandError("Give --retries, --timeout (ms), or both.", USAGE_ERROR)
    options = {
        "retries": "" if args.retries is None else str(args.retries),
        "timeout_ms": "" if args.timeout is None else str(args.timeout),
    }
    return run_action(args, c8_actions.C8_JOB_UPDATE, by_ids(JOBS, args.ids), options, report_output=True)


def run_job_retries(args: argparse.Namespace) -> int:
    """`camtui job retries KEY --retries N` on a Camunda 8 profile: the same words, Camunda 8's update."""
    args.timeout = None
    return run_job_update(args)


def run_batch_new(args: argparse.Namespace) -> int:
    f = INSTANCES.cli_query(args) if INSTANCES.cli_query else None
    options: dict[str, Any] = {
        "to_version": args.to_version,
        "mapping": ", ".join(args.map),
        "moves": ", ".join(args.move),
    }
    action = batch_by_filter.BY_WORD[args.kind]
    if args.no_wait:
        action = batch_by_filter.unsettled(action)

    async def the_filter(engine: Engine) -> list[Any]:
        return [f]

    return run_action(args, action, the_filter, options, report_output=True)


def run_migrate(args: argparse.Namespace) -> int:
    """`camtui migrate` on a Camunda 8 profile: the same flags, one migration batch operation over
    `--all-of DEFINITION_KEY` or the named instances (which must run one definition), followed to its end."""
    if args.skip_custom_listeners or args.skip_io_mappings:
        raise CommandError(
            "Camunda 8 migrates without skipping listeners or input/output mappings: drop "
            "--skip-custom-listeners and --skip-io-mappings.",
            USAGE_ERROR,
        )
    options = {"to_version": args.to_version, "mapping": ", ".join(args.map)}

    async def the_filter(engine: Engine) -> list[Any]:
        if args.all_of:
            return [InstanceFilter(definition_id=args.all_of)]
        ids = tuple(dict.fromkeys(args.ids))
        named = await asyncio.gather(*(engine.instances.get(i) for i in ids))
        definitions = sorted({i.definition_id or "?" for i in named})
        if len(definitions) != 1:
            raise CommandError(
                f"Camunda 8 migrates the instances of one definition at a time; these run {', '.join(definitions)}.",
                USAGE_ERROR,
            )
        return [InstanceFilter(ids=ids, definition_id=definitions[0])]

    return run_action(args, batch_by_filter.MIGRATE_MATCHING, the_filter, options, report_output=True)


def add_delete_resource(what: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`camtui delete resource KEY...`: under `delete`, which camtui.commands.changes owns."""
    resource = what.add_parser("resource", help="deployed resources by key (Camunda 8)")
    resource.add_argument("ids", nargs="+", metavar="RESOURCE_KEY")
    _changing(resource)
    resource.set_defaults(handler=run_delete_resource)


def run_delete_resource(args: argparse.Namespace) -> int:
    return run_action(args, DELETE_RESOURCE, by_ids(DEPLOYED_RESOURCES, args.ids), {}, report_output=True)


def run_delete_deployment(args: argparse.Namespace) -> int:
    """`camtui delete deployment KEY` on a Camunda 8 profile: every resource that deployment brought."""
    if args.cascade or args.skip_custom_listeners or args.skip_io_mappings:
        raise CommandError(
            "Camunda 8 deletes a deployment's resources without --cascade, --skip-custom-listeners or "
            "--skip-io-mappings: the plan names the running instances they have. Drop those flags.",
            USAGE_ERROR,
        )
    return run_action(args, DELETE_DEPLOYMENT, by_ids(RESOURCE_DEPLOYMENTS, args.ids), {}, report_output=True)


def run_batch_control(args: argparse.Namespace) -> int:
    action = {
        "suspend": c8_actions.BATCH_SUSPEND,
        "resume": c8_actions.BATCH_RESUME,
        "cancel": c8_actions.BATCH_CANCEL,
    }[args.verb]
    return run_action(args, action, by_ids(c8.BATCHES, args.ids), {}, report_output=True)


ENDED = c8_actions.BATCH_ENDED


def run_batch_watch(args: argparse.Namespace) -> int:
    """Follow a Camunda 8 batch operation until it ends (or is suspended), progress on stderr."""
    if args.timeout <= 0 or args.interval <= 0:
        raise CommandError("--timeout and --interval must be more than 0.", USAGE_ERROR)

    async def work(engine: Engine) -> dict[str, Any]:
        batches = batches_of(engine)
        deadline = time.monotonic() + args.timeout
        shown = ""
        while True:
            b = await batches.get(args.id)
            line = f"{b.type} {b.id}: {c8.progress(b)}, {b.state}"
            if line != shown:
                print(safe(line), file=sys.stderr)
                shown = line
            if b.state in ENDED or b.state == "SUSPENDED":
                break
            if time.monotonic() > deadline:
                raise CommandError(f"Batch {args.id} did not end within {args.timeout:g} s ({line}).", ENGINE_ERROR)
            await asyncio.sleep(args.interval)
        data = b.model_dump(mode="json")
        if b.failed:
            failed = await batches.items(b.id, limit=500)
            data["failed_items"] = [
                {"process_instance_id": i.process_instance_id, "message": i.error_message}
                for i in failed.items
                if i.state == "FAILED"
            ]
        return data

    data = run_with_engine(args, work)
    emit(data, args.output, ("id", "type", "state", "total", "completed", "failed"))
    return OK if data["state"] == "COMPLETED" and not data["failed"] else ENGINE_ERROR
