"""`camtui user|group|tenant add|edit|rm|members`, `camtui passwd USER`, `camtui auth grant|revoke|rm|list`
and `camtui explain USER PERMISSION RESOURCE-TYPE [RESOURCE-ID]`.

Changes run the console's actions through the one runner (camtui.commands.act): `--dry-run` prints
the plan with the exact requests (a password shows as asterisks), a read-only profile is refused
before anything is sent. A password is never a flag: it is typed twice at a prompt, or read from the
first line of stdin.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from camtui.api.errors import BadRequest
from camtui.api.models import GroupFilter, TenantFilter, User, UserFilter
from camtui.api.protocol import Engine
from camtui.commands.act import add_change_flags, by_ids, run_action
from camtui.commands.args import add_output, add_paging
from camtui.commands.common import OK, USAGE_ERROR, CommandError, run_with_engine
from camtui.commands.get import run_list
from camtui.commands.output import emit, json_text
from camtui.kinds.base import Action
from camtui.kinds.explain import explain_on
from camtui.kinds.format import safe
from camtui.kinds.identity import AUTHORIZATIONS, GROUPS, TENANTS, USERS, authorization_flags
from camtui.kinds.identity_actions import (
    AUTH_ACTIONS,
    AUTH_CREATE,
    GROUP_ACTIONS,
    GROUP_CREATE,
    TENANT_ACTIONS,
    TENANT_CREATE,
    USER_ACTIONS,
    USER_CREATE,
    USER_PASSWORD,
)
from camtui.kinds.permissions import permissions, resource_type


def _action(actions: tuple[Action[Any], ...], action_id: str) -> Action[Any]:
    return next(a for a in actions if a.id == action_id)


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    _user(sub)
    _group(sub)
    _tenant(sub)
    passwd = sub.add_parser("passwd", help="change a user's password (typed twice at a prompt, or one line on stdin)")
    passwd.add_argument("user")
    add_output(passwd)
    add_change_flags(passwd)
    passwd.set_defaults(handler=run_passwd)
    _auth(sub)
    explain = sub.add_parser("explain", help="can USER do PERMISSION on a resource? yes or no, and why")
    explain.add_argument("user")
    explain.add_argument("permission", help="e.g. READ, UPDATE, CREATE_INSTANCE")
    explain.add_argument("resource_type", metavar="resource-type", help="e.g. PROCESS_DEFINITION")
    explain.add_argument("resource_id", metavar="resource-id", nargs="?", default="*", help="default: *")
    add_output(explain)
    explain.set_defaults(handler=run_explain)


def _changing(p: argparse.ArgumentParser) -> None:
    add_output(p)
    add_change_flags(p)


# -- users ----------------------------------------------------------------------------------------


def _user(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help="create, edit, delete and unlock users; their groups and tenants")
    verb = user.add_subparsers(dest="verb", required=True, metavar="VERB")
    add = verb.add_parser("add", help="create a user; the password from a prompt (twice) or stdin")
    add.add_argument("id")
    for p in (add, edit := verb.add_parser("edit", help="change a user's profile (what is not given stays)")):
        p.add_argument("--first-name")
        p.add_argument("--last-name")
        p.add_argument("--email")
        _changing(p)
    edit.add_argument("id")
    add.set_defaults(handler=run_user_add)
    edit.set_defaults(handler=run_user_edit)
    rm = verb.add_parser("rm", help="delete users")
    rm.add_argument("ids", nargs="+", metavar="ID")
    _changing(rm)
    rm.set_defaults(handler=lambda a: run_action(a, _action(USER_ACTIONS, "users.delete"), by_ids(USERS, a.ids), {}))
    unlock = verb.add_parser("unlock", help="unlock users locked out after wrong passwords")
    unlock.add_argument("ids", nargs="+", metavar="ID")
    _changing(unlock)
    unlock.set_defaults(
        handler=lambda a: run_action(a, _action(USER_ACTIONS, "users.unlock"), by_ids(USERS, a.ids), {})
    )
    members = verb.add_parser("members", help="a user's groups and tenants; with flags, add or remove")
    members.add_argument("id")
    members.add_argument("--add-group")
    members.add_argument("--remove-group")
    members.add_argument("--add-tenant")
    members.add_argument("--remove-tenant")
    _changing(members)
    members.set_defaults(handler=run_user_members)


def read_password(prompt: str = "New password") -> str:
    """Twice at a prompt on a terminal; else the first line of stdin. Never a flag, never echoed."""
    if sys.stdin.isatty():
        first = getpass.getpass(f"{prompt}: ")
        if getpass.getpass(f"{prompt} again: ") != first:
            raise CommandError("The two passwords differ; nothing was changed.", USAGE_ERROR)
    else:
        first = sys.stdin.readline().rstrip("\r\n")
    if not first:
        raise CommandError("An empty password: nothing was changed.", USAGE_ERROR)
    return first


def _profile(args: argparse.Namespace, current: User | None = None) -> dict[str, str]:
    def pick(given: str | None, now: str | None) -> str:
        return given if given is not None else (now or "")

    return {
        "first_name": pick(args.first_name, current.first_name if current else None),
        "last_name": pick(args.last_name, current.last_name if current else None),
        "email": pick(args.email, current.email if current else None),
    }


async def _nothing(engine: Engine) -> list[None]:
    return [None]


def run_user_add(args: argparse.Namespace) -> int:
    password = "********" if args.dry_run else read_password()
    options = {"id": args.id, **_profile(args), "password": password, "password_again": password}
    return run_action(args, USER_CREATE, _nothing, options)


def run_user_edit(args: argparse.Namespace) -> int:
    async def current(engine: Engine) -> User:
        return await engine.users.get(args.id)

    # what is not given stays as the engine has it
    options = _profile(args, run_with_engine(args, current))
    return run_action(args, _action(USER_ACTIONS, "users.edit"), by_ids(USERS, [args.id]), options)


def run_user_members(args: argparse.Namespace) -> int:
    changes = [(True, args.add_group, args.add_tenant), (False, args.remove_group, args.remove_tenant)]
    wanted = [(add, g, t) for add, g, t in changes if g or t]
    if not wanted:

        async def memberships(engine: Engine) -> dict[str, Any]:
            groups = await engine.groups.list(GroupFilter(member=args.id), limit=500)
            tenants = await engine.tenants.list(TenantFilter(user_member=args.id), limit=500)
            return {"user": args.id, "groups": [g.id for g in groups.items], "tenants": [t.id for t in tenants.items]}

        emit(run_with_engine(args, memberships), args.output)
        return OK
    code = OK
    for add, group, tenant in wanted:
        action = _action(USER_ACTIONS, "users.join" if add else "users.leave")
        code = max(code, run_action(args, action, by_ids(USERS, [args.id]), {"group": group, "tenant": tenant}))
    return code


def run_passwd(args: argparse.Namespace) -> int:
    password = "********" if args.dry_run else read_password()
    return run_action(
        args, USER_PASSWORD, by_ids(USERS, [args.user]), {"password": password, "password_again": password}
    )


# -- groups and tenants ---------------------------------------------------------------------------


def _group(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = sub.add_parser("group", help="create, edit and delete groups; their members")
    verb = group.add_subparsers(dest="verb", required=True, metavar="VERB")
    add = verb.add_parser("add", help="create a group")
    add.add_argument("id")
    add.add_argument("--name")
    add.add_argument("--type", help="e.g. WORKFLOW, SYSTEM")
    _changing(add)
    add.set_defaults(
        handler=lambda a: run_action(a, GROUP_CREATE, _nothing, {"id": a.id, "name": a.name, "type": a.type})
    )
    edit = verb.add_parser("edit", help="rename a group or change its type")
    edit.add_argument("id")
    edit.add_argument("--name")
    edit.add_argument("--type")
    _changing(edit)
    edit.set_defaults(
        handler=lambda a: run_action(
            a, _action(GROUP_ACTIONS, "groups.edit"), by_ids(GROUPS, [a.id]), {"name": a.name, "type": a.type}
        )
    )
    rm = verb.add_parser("rm", help="delete groups")
    rm.add_argument("ids", nargs="+", metavar="ID")
    _changing(rm)
    rm.set_defaults(handler=lambda a: run_action(a, _action(GROUP_ACTIONS, "groups.delete"), by_ids(GROUPS, a.ids), {}))
    members = verb.add_parser("members", help="a group's members; with --add/--remove USER, change them")
    members.add_argument("id")
    members.add_argument("--add", action="append", default=[], metavar="USER")
    members.add_argument("--remove", action="append", default=[], metavar="USER")
    _changing(members)
    members.set_defaults(handler=run_group_members)


def run_group_members(args: argparse.Namespace) -> int:
    if not args.add and not args.remove:

        async def members(engine: Engine) -> dict[str, Any]:
            page = await engine.users.list(UserFilter(member_of_group=args.id), limit=500)
            return {"group": args.id, "users": [u.id for u in page.items]}

        emit(run_with_engine(args, members), args.output)
        return OK
    code = OK
    for action_id, users in (("groups.add_member", args.add), ("groups.remove_member", args.remove)):
        if users:
            action = _action(GROUP_ACTIONS, action_id)
            code = max(code, run_action(args, action, by_ids(GROUPS, [args.id]), {"user": ",".join(users)}))
    return code


def _tenant(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tenant = sub.add_parser("tenant", help="create, edit and delete tenants; their users and groups")
    verb = tenant.add_subparsers(dest="verb", required=True, metavar="VERB")
    add = verb.add_parser("add", help="create a tenant")
    add.add_argument("id")
    add.add_argument("--name")
    _changing(add)
    add.set_defaults(handler=lambda a: run_action(a, TENANT_CREATE, _nothing, {"id": a.id, "name": a.name}))
    edit = verb.add_parser("edit", help="rename a tenant")
    edit.add_argument("id")
    edit.add_argument("--name", required=True)
    _changing(edit)
    edit.set_defaults(
        handler=lambda a: run_action(
            a, _action(TENANT_ACTIONS, "tenants.edit"), by_ids(TENANTS, [a.id]), {"name": a.name}
        )
    )
    rm = verb.add_parser("rm", help="delete tenants")
    rm.add_argument("ids", nargs="+", metavar="ID")
    _changing(rm)
    rm.set_defaults(
        handler=lambda a: run_action(a, _action(TENANT_ACTIONS, "tenants.delete"), by_ids(TENANTS, a.ids), {})
    )
    members = verb.add_parser("members", help="a tenant's users and groups; with flags, add or remove")
    members.add_argument("id")
    for flag in ("--add-user", "--remove-user", "--add-group", "--remove-group"):
        members.add_argument(flag, action="append", default=[])
    _changing(members)
    members.set_defaults(handler=run_tenant_members)


def run_tenant_members(args: argparse.Namespace) -> int:
    if not (args.add_user or args.remove_user or args.add_group or args.remove_group):

        async def members(engine: Engine) -> dict[str, Any]:
            users = await engine.users.list(UserFilter(member_of_tenant=args.id), limit=500)
            groups = await engine.groups.list(GroupFilter(member_of_tenant=args.id), limit=500)
            return {"tenant": args.id, "users": [u.id for u in users.items], "groups": [g.id for g in groups.items]}

        emit(run_with_engine(args, members), args.output)
        return OK
    code = OK
    for action_id, users, groups in (
        ("tenants.add_member", args.add_user, args.add_group),
        ("tenants.remove_member", args.remove_user, args.remove_group),
    ):
        if users or groups:
            options = {"user": ",".join(users), "group": ",".join(groups)}
            action = _action(TENANT_ACTIONS, action_id)
            code = max(code, run_action(args, action, by_ids(TENANTS, [args.id]), options))
    return code


# -- authorizations and the explainer -------------------------------------------------------------


def _auth(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    auth = sub.add_parser("auth", help="grant, revoke, delete and list authorizations")
    verb = auth.add_subparsers(dest="verb", required=True, metavar="VERB")
    for name in ("grant", "revoke"):
        p = verb.add_parser(
            name,
            help=f"{name} permissions on a resource, for a user or a group"
            + (" (--global: everyone)" if name == "grant" else ""),
        )
        who = p.add_mutually_exclusive_group(required=True)
        who.add_argument("--user")
        who.add_argument("--group")
        if name == "grant":
            who.add_argument("--global", dest="everyone", action="store_true", help="a global authorization")
        p.add_argument("--resource-type", required=True, help="e.g. PROCESS_DEFINITION, DEPLOYMENT, TASK")
        p.add_argument("--resource-id", default="*", help="default: * (every resource of the type)")
        p.add_argument("--permissions", required=True, help="comma-separated, e.g. READ,UPDATE or ALL")
        _changing(p)
        p.set_defaults(handler=run_auth_change)
    rm = verb.add_parser("rm", help="delete authorizations by id")
    rm.add_argument("ids", nargs="+", metavar="ID")
    _changing(rm)
    rm.set_defaults(
        handler=lambda a: run_action(
            a, _action(AUTH_ACTIONS, "authorizations.delete"), by_ids(AUTHORIZATIONS, a.ids), {}
        )
    )
    ls = verb.add_parser("list", help="authorizations, filtered by user, group, resource type and id")
    add_output(ls)
    add_paging(ls)
    authorization_flags(ls)
    ls.set_defaults(handler=run_auth_list)


def run_auth_change(args: argparse.Namespace) -> int:
    kind = "global" if getattr(args, "everyone", False) else args.verb
    options = {
        "type": kind,
        "user": args.user,
        "group": args.group,
        "resource_type": args.resource_type,
        "resource_id": args.resource_id,
        "permissions": args.permissions,
    }
    return run_action(args, AUTH_CREATE, _nothing, options, result_output=True)


def run_auth_list(args: argparse.Namespace) -> int:
    args.kind = AUTHORIZATIONS.name
    return run_list(args)


def run_explain(args: argparse.Namespace) -> int:
    try:
        rtype = resource_type(args.resource_type)
        (permission,) = permissions(rtype, [args.permission], allow_all=False)
    except BadRequest as exc:
        raise CommandError(str(exc), USAGE_ERROR) from None

    async def work(engine: Engine) -> Any:
        return await explain_on(engine, args.user, permission, rtype, args.resource_id)

    answer = run_with_engine(args, work)
    if args.output == "json":
        print(json_text(answer.as_data(), indent=2))
    elif args.output == "yaml":
        emit(answer.as_data(), "yaml")
    else:
        print("\n".join(safe(line) for line in answer.lines()))
    return OK
