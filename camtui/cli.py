"""The `camtui` entry point: parses arguments, runs headless commands, launches the TUI.

Textual is imported only when the TUI runs, so headless commands start fast.

What reaches the user is one line, never a traceback: `error: ...` with the exit code the README
lists; an exception nobody expected is `error: unexpected ...`, exit 1, its traceback in the log
file. A reader that closes the pipe early (`camtui get ... | head -1`) ends camtui quietly with
141, the status of a program stopped by SIGPIPE, as `cat` and `git` report it.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import warnings
from collections.abc import Sequence
from logging.handlers import RotatingFileHandler

from camtui import __version__
from camtui.commands import batches, changes, describe, get, local, operate, profile
from camtui.commands.common import ENGINE_ERROR, USAGE_ERROR, CommandError, fail
from camtui.config.profiles import check_ca_bundle
from camtui.logs import setup_logging

# 128 + SIGPIPE: what the shell reports for a writer whose reader went away
PIPE_CLOSED = 141
log = logging.getLogger("camtui.cli")


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
    operate.add_parsers(sub)
    batches.add_parsers(sub)
    smoke = sub.add_parser("ui-smoke", help=argparse.SUPPRESS)
    smoke.set_defaults(handler=ui_smoke)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # an aborted connection attempt (httpx's happy eyeballs, cancelled when the engine is gone)
    # leaves a coroutine that was never awaited; Python says so on stderr, which is noise to a user
    warnings.filterwarnings("ignore", message=r"coroutine '.*connect.*' was never awaited", category=RuntimeWarning)
    try:
        try:
            code = _run(argv)
        finally:
            # what is still buffered goes now, while a failed write can still be answered
            if sys.stdout is not None:
                sys.stdout.flush()
    except BrokenPipeError:
        _stdout_to_devnull()
        return PIPE_CLOSED
    except OSError as exc:
        # the last of the output could not be written, e.g. `> file` on a full disk
        _stdout_to_devnull()
        return fail(f"cannot write the output: {exc.strerror or exc}", ENGINE_ERROR)
    return code


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging()
    handler = getattr(args, "handler", None)
    if handler is None:
        handler = run_console
    try:
        _check_files(args)
        code: int = handler(args)
    except CommandError as exc:
        return fail(str(exc), exc.code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        raise
    except Exception as exc:
        return _unexpected(exc, args)
    return code


def _check_files(args: argparse.Namespace) -> None:
    """Files named on the command line that later commands rely on are checked now, not at the
    next connect: `profile add/edit --ca-bundle` (made absolute, as it is read from anywhere later)."""
    if getattr(args, "ca_bundle", None):
        try:
            args.ca_bundle = check_ca_bundle(args.ca_bundle)
        except ValueError as exc:
            raise CommandError(str(exc), USAGE_ERROR) from None


def _unexpected(exc: Exception, args: argparse.Namespace) -> int:
    """A bug or an unforeseen failure: one line for the user, the traceback for the log file."""
    log.error("unexpected error in `camtui %s`", getattr(args, "command", None) or "", exc_info=exc)
    logfile = next(
        (h.baseFilename for h in logging.getLogger("camtui").handlers if isinstance(h, RotatingFileHandler)), None
    )
    where = f"; the details are in {logfile}" if logfile else ""
    message = " ".join(str(exc).split())  # one line, whatever the exception says
    return fail(f"unexpected {type(exc).__name__}{': ' + message if message else ''}{where}", ENGINE_ERROR)


def _stdout_to_devnull() -> None:
    """The reader is gone: point stdout at /dev/null so the flush at exit cannot fail again
    (the Python documentation's recipe for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # not a real file (a test's capture): nothing is flushed to it at exit


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
