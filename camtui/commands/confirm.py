"""Ask before destroying: on a terminal a typed yes; without one, only with --yes."""

from __future__ import annotations

import sys

from camtui.commands.common import USAGE_ERROR, CommandError


def confirm(summary: str, *, yes: bool, word: str = "yes") -> None:
    print(summary, file=sys.stderr)
    if yes:
        return
    if not sys.stdin.isatty():
        raise CommandError("Refusing without --yes: there is no terminal to ask on.", USAGE_ERROR)
    answer = input(f"Type {word!r} to go ahead: ").strip()
    if answer != word:
        raise CommandError("Not confirmed; nothing was changed.", USAGE_ERROR)
