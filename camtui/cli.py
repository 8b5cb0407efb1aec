"""The `camtui` entry point: parses arguments, runs headless commands, launches the TUI.

Textual is imported only when the TUI runs, so headless commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from camtui import __version__
from camtui.commands import local, profile
from camtui.commands.common import CommandError, fail


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="camtui",
        description="A keyboard-first terminal operations console for Camunda 7 / Operaton and Camunda 8.",
    )
    parser.add_argument("--version", action="version", version=f"camtui {__version__}")
    parser.add_argument("--profile", "-p", default=None, help="profile to use (else CAMTUI_PROFILE, else the default)")
    parser.add_argument("--readonly", action="store_true", help="refuse every change, whatever the profile says")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    local.add_parser(sub)
    profile.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        code: int = handler(args)
    except CommandError as exc:
        return fail(str(exc), exc.code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    raise SystemExit(main())
