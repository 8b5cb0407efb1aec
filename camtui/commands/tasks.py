"""`camtui task delegate | resolve | due | follow-up | priority | comment`: issue 12's task verbs.

Each runs the console's action through the one runner (camtui.commands.act): `--dry-run` prints the
plan with the exact requests, a read-only profile is refused before anything is sent, and every task
gets its line in the report.
"""

from __future__ import annotations

import argparse

from camtui.api.models import UserTask
from camtui.commands.act import add_change_flags, by_ids, run_action
from camtui.commands.args import add_output, variable
from camtui.kinds.base import Action
from camtui.kinds.tasks import COMMENT, DELEGATE, DUE, FOLLOW_UP, PRIORITY, RESOLVE, TASKS

VERBS: dict[str, tuple[Action[UserTask], str]] = {
    "delegate": (DELEGATE, "delegate to a user: the assignee becomes the owner"),
    "resolve": (RESOLVE, "hand delegated tasks back to their owners"),
    "due": (DUE, "set the due date (--at 2026-12-01, +3d, tomorrow; --at '' clears)"),
    "follow-up": (FOLLOW_UP, "set the follow-up date (as for due)"),
    "priority": (PRIORITY, "set the priority (--value 70)"),
    "comment": (COMMENT, "add a comment (--message TEXT)"),
}


def add_task_verbs(verb: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for name, (_, help_text) in VERBS.items():
        v = verb.add_parser(name, help=help_text)
        v.add_argument("ids", nargs="+", metavar="ID")
        match name:
            case "delegate":
                v.add_argument("--user", required=True)
            case "resolve":
                v.add_argument("--var", action="append", type=variable, default=[], help="name=value[:Type]")
            case "due" | "follow-up":
                v.add_argument("--at", required=True, metavar="WHEN")
            case "priority":
                v.add_argument("--value", required=True, metavar="N")
            case "comment":
                v.add_argument("--message", "-m", required=True)
        add_output(v)
        add_change_flags(v)
        v.set_defaults(handler=run_task_verb)


def run_task_verb(args: argparse.Namespace) -> int:
    action, _ = VERBS[args.verb]
    options = {
        "user": getattr(args, "user", None),
        "variables": dict(getattr(args, "var", []) or []),
        "due": getattr(args, "at", None),
        "follow_up": getattr(args, "at", None),
        "priority": getattr(args, "value", None),
        "message": getattr(args, "message", None),
    }
    return run_action(args, action, by_ids(TASKS, args.ids), options)
