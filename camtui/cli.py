"""The `camtui` entry point: parses arguments, runs headless commands, launches the TUI.

Textual is imported only when the TUI runs, so headless commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from camtui import __version__
from camtui.commands import changes, describe, get, local, profile
from camtui.commands.common import CommandError, fail
from camtui.logs import setup_logging


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="camtui",
        description="A keyboard-first terminal operations console for Camunda 7 / Operaton and Camunda 8.",
    )
    parser.add_argument("--version", action="version", version=f"camtui {__version__}")
    parser.add_argument("--profile", "-p", default=None, help="profile to use (else CAMTUI_PROFILE, else the default)")
    parser.add_argument("--readonly", action="store_true", help="refuse every change, whatever the profile says")
    parser.add_argument(
        "-c", "--view", default=None, help="view to open: dep, pd, pi, inc, ut, ... (default: the engine's own)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    local.add_parser(sub)
    profile.add_parser(sub)
    get.add_parser(sub)
    describe.add_parser(sub)
    changes.add_parsers(sub)
    smoke = sub.add_parser("ui-smoke", help=argparse.SUPPRESS)
    smoke.set_defaults(handler=ui_smoke)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging()
    handler = getattr(args, "handler", None)
    if handler is None:
        handler = run_console
    try:
        code: int = handler(args)
    except CommandError as exc:
        return fail(str(exc), exc.code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return code


def run_console(args: argparse.Namespace) -> int:
    """The TUI. Textual is imported here, and only here."""
    from camtui.commands.common import settings

    loaded = settings()
    from camtui.console import console_app

    app = console_app(loaded, profile_name=args.profile, view=args.view, read_only=args.readonly)
    app.run()
    return app.return_code or 0


def ui_smoke(args: argparse.Namespace) -> int:
    """Start the console headless with its stylesheet and no profile, then stop: proves an install works."""
    import asyncio

    from camtui.config.settings import Settings
    from camtui.console import console_app
    from camtui.ui.app import stylesheet_path

    async def go() -> int:
        app = console_app(Settings())
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            widgets = len(list(app.screen.walk_children()))
        print(f"camtui started: {widgets} widgets, stylesheet {stylesheet_path()}")
        return 0

    return asyncio.run(go())


if __name__ == "__main__":
    raise SystemExit(main())
