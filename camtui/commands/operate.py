"""`camtui suspend|activate definition|instance` and `camtui set var`: the issue-10 operator changes.

Each resolves its targets by id and runs the action the console runs (camtui.commands.act): planned,
refused on read-only profiles, `--dry-run` prints the exact requests, every target reported.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from camtui.api.errors import BadRequest
from camtui.api.models import InstanceFilter, Modification, ProcessInstance
from camtui.api.protocol import Engine
from camtui.commands.act import Resolve, add_change_flags, by_ids, run_action
from camtui.commands.args import add_output, variable
from camtui.commands.common import USAGE_ERROR, CommandError
from camtui.config import queries
from camtui.kinds import definitions, instances
from camtui.kinds.bulk import freeze
from camtui.kinds.instance_variables import DELETE_VARIABLE, VariableRef
from camtui.kinds.migration import MIGRATE
from camtui.kinds.modification import MODIFY, WORDS, instruction
from camtui.kinds.restart import RESTART


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for verb in ("suspend", "activate"):
        parser = sub.add_parser(verb, help=f"{verb} process definitions or process instances")
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        definition = kinds.add_parser("definition", help="definition versions, by id")
        definition.add_argument("ids", nargs="+", metavar="ID")
        definition.add_argument("--include-instances", action="store_true", help=f"{verb} their instances too")
        instance = kinds.add_parser("instance", help="process instances, by id or by query (frozen first)")
        instance.add_argument("ids", nargs="*", metavar="ID")
        add_query_flags(instance)
        for p in (definition, instance):
            add_output(p)
            add_change_flags(p)
            p.set_defaults(handler=run_suspension, verb=verb)

    set_ = sub.add_parser("set", help="set variables on process instances")
    what = set_.add_subparsers(dest="kind", required=True, metavar="KIND")
    var = what.add_parser("var", help="typed variables on one or more process instances (or delete them)")
    var.add_argument("ids", nargs="*", metavar="INSTANCE_ID")
    var.add_argument("--var", action="append", type=variable, default=[], help="name=value[:Type], repeatable")
    var.add_argument("--delete", action="append", default=[], metavar="NAME", help="delete this variable, repeatable")
    add_query_flags(var)
    add_output(var)
    add_change_flags(var)
    var.set_defaults(handler=run_set_var)
    add_modify(sub)
    add_migrate(sub)
    add_restart(sub)


def _instruction_of(word: str) -> Callable[[str], Modification]:
    def parse(value: str) -> Modification:
        try:
            return instruction(word, value)
        except BadRequest as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


def add_modify(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    modify = sub.add_parser("modify", help="start before/after activities and cancel activity instances")
    modify.add_argument("ids", nargs="+", metavar="INSTANCE_ID")
    for word in WORDS:
        target = "ACTIVITY_INSTANCE_ID" if word == "cancel-instance" else "ACTIVITY_ID"
        modify.add_argument(
            f"--{word}",
            dest="instructions",
            action="append",
            metavar=target,
            type=_instruction_of(word),
            help="repeatable; instructions run in the order given",
        )
    modify.add_argument("--annotation")
    modify.add_argument("--skip-custom-listeners", action="store_true")
    modify.add_argument("--skip-io-mappings", action="store_true")
    add_output(modify)
    add_change_flags(modify)
    modify.set_defaults(handler=run_modify)


def run_modify(args: argparse.Namespace) -> int:
    if not args.instructions:
        wanted = "--start-before, --start-after, --cancel or --cancel-instance"
        raise CommandError(f"No instructions: give {wanted}.", USAGE_ERROR)
    options = {
        "instructions": tuple(args.instructions),
        "annotation": args.annotation,
        "skip_custom_listeners": args.skip_custom_listeners,
        "skip_io_mappings": args.skip_io_mappings,
    }
    return run_action(args, MODIFY, by_ids(instances.INSTANCES, args.ids), options)


def add_migrate(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    migrate = sub.add_parser("migrate", help="migrate process instances to another version of their definition")
    migrate.add_argument("ids", nargs="*", metavar="INSTANCE_ID")
    migrate.add_argument("--all-of", metavar="DEFINITION_ID", help="every running instance of this version (frozen)")
    migrate.add_argument("--to-version", default="", help="version number or definition id (default: the latest)")
    migrate.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="SOURCE->TARGET",
        help="activity mapping, repeatable (default: the engine's proposal by activity id)",
    )
    migrate.add_argument("--skip-custom-listeners", action="store_true")
    migrate.add_argument("--skip-io-mappings", action="store_true")
    add_output(migrate)
    add_change_flags(migrate)
    migrate.set_defaults(handler=run_migrate)


def run_migrate(args: argparse.Namespace) -> int:
    from camtui.commands import c8

    if bool(args.ids) == bool(args.all_of):
        raise CommandError("Name the instances, or give --all-of DEFINITION_ID (not both).", USAGE_ERROR)
    if c8.is_c8(args):
        return c8.run_migrate(args)
    options = {
        "to_version": args.to_version,
        "mapping": ", ".join(args.map),
        "skip_custom_listeners": args.skip_custom_listeners,
        "skip_io_mappings": args.skip_io_mappings,
    }
    if args.all_of:

        async def frozen(engine: Engine) -> list[ProcessInstance]:
            items = await freeze(engine, instances.INSTANCES, InstanceFilter(definition_id=args.all_of))
            if not items:
                raise CommandError(f"No running instances of {args.all_of}.", USAGE_ERROR)
            return items

        return run_action(args, MIGRATE, frozen, options)
    return run_action(args, MIGRATE, by_ids(instances.INSTANCES, args.ids), options)


def add_restart(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    restart = sub.add_parser("restart", help="restart finished process instances (from history)")
    restart.add_argument("ids", nargs="+", metavar="INSTANCE_ID")
    for word in ("start-before", "start-after"):
        restart.add_argument(
            f"--{word}",
            dest="instructions",
            action="append",
            metavar="ACTIVITY_ID",
            type=_instruction_of(word),
            help="where they start again (repeatable, in order)",
        )
    restart.add_argument(
        "--initial-variables", action="store_true", help="with the variables they started with (default: their last)"
    )
    restart.add_argument("--without-business-key", action="store_true")
    restart.add_argument("--skip-custom-listeners", action="store_true")
    restart.add_argument("--skip-io-mappings", action="store_true")
    add_output(restart)
    add_change_flags(restart)
    restart.set_defaults(handler=run_restart)


def run_restart(args: argparse.Namespace) -> int:
    if not args.instructions:
        raise CommandError("Where do they start again? Give --start-before or --start-after.", USAGE_ERROR)
    options = {
        "instructions": tuple(args.instructions),
        "initial_variables": args.initial_variables,
        "without_business_key": args.without_business_key,
        "skip_custom_listeners": args.skip_custom_listeners,
        "skip_io_mappings": args.skip_io_mappings,
    }

    async def historic(engine: Engine) -> list[ProcessInstance]:
        return [await engine.instances.historic_instance(i) for i in dict.fromkeys(args.ids)]

    return run_action(args, RESTART, historic, options)


def add_delete_definition(what: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`camtui delete definition ID...`: under `delete`, which camtui.commands.changes owns."""
    definition = what.add_parser("definition", help="process definition versions, by id")
    definition.add_argument("ids", nargs="+", metavar="ID")
    definition.add_argument("--cascade", action="store_true", help="also delete its running instances")
    definition.add_argument("--skip-custom-listeners", action="store_true")
    definition.add_argument("--skip-io-mappings", action="store_true")
    add_output(definition)
    add_change_flags(definition)
    definition.set_defaults(handler=run_delete_definition)


def run_delete_definition(args: argparse.Namespace) -> int:
    options = {
        "cascade": args.cascade,
        "skip_custom_listeners": args.skip_custom_listeners,
        "skip_io_mappings": args.skip_io_mappings,
    }
    return run_action(args, definitions.DELETE, by_ids(definitions.DEFINITIONS, args.ids), options)


def run_suspension(args: argparse.Namespace) -> int:
    if args.kind == "definition":
        action = definitions.SUSPEND if args.verb == "suspend" else definitions.ACTIVATE
        options = {"include_instances": args.include_instances}
        return run_action(args, action, by_ids(definitions.DEFINITIONS, args.ids), options)
    action_i = instances.SUSPEND if args.verb == "suspend" else instances.ACTIVATE
    return run_action(args, action_i, instance_targets(args), {})


def run_set_var(args: argparse.Namespace) -> int:
    if bool(args.var) == bool(args.delete):
        raise CommandError("Give --var name=value[:Type] to set, or --delete NAME to delete (not both).", USAGE_ERROR)
    if args.delete:
        if not args.ids or args.query or args.key:
            raise CommandError("--delete works on instances named by id.", USAGE_ERROR)
        refs = [VariableRef(instance_id=i, name=n) for i in dict.fromkeys(args.ids) for n in dict.fromkeys(args.delete)]

        async def resolve(engine: Engine) -> list[VariableRef]:
            # an unknown instance or variable fails before anything is sent
            found = []
            for r in refs:
                v = await engine.instances.variable(r.instance_id, r.name)
                found.append(r.model_copy(update={"type": v.type}))
            return found

        return run_action(args, DELETE_VARIABLE, resolve, {})
    values = dict(args.var)
    if len(values) != len(args.var):
        raise CommandError("A variable is given twice: give each name once.", USAGE_ERROR)
    return run_action(args, instances.SET_VARIABLES, instance_targets(args), {"variables": values})


def add_query_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--query", metavar="NAME", help="every instance a saved query matches (frozen to ids first)")
    p.add_argument("--key", metavar="KEY", help="every running instance of this definition key (frozen first)")


def instance_targets(args: argparse.Namespace) -> Resolve[ProcessInstance]:
    """By id, or everything a saved query / definition key matches now, frozen to a list of ids (the
    plan's count is what runs: instances that match later are not touched)."""
    if bool(args.ids) == bool(args.query or args.key):
        raise CommandError("Name the instances by id, or give --query NAME / --key KEY (not both).", USAGE_ERROR)
    if args.ids:
        return by_ids(instances.INSTANCES, args.ids)
    try:
        query = queries.load("instances", args.query, InstanceFilter) if args.query else InstanceFilter()
    except (BadRequest, queries.QueryError) as exc:
        raise CommandError(str(exc), USAGE_ERROR) from None
    if args.key:
        query = query.model_copy(update={"bpmn_process_id": args.key})

    async def frozen(engine: Engine) -> list[ProcessInstance]:
        items = await freeze(engine, instances.INSTANCES, query)
        if not items:
            raise CommandError("The query matches no running process instances.", USAGE_ERROR)
        return items

    return frozen
