"""The `camtui` entry point: parses arguments, runs headless commands, launches the TUI.

Textual is imported only when the TUI runs, so headless commands start fast.

What reaches the user is one line, never a traceback: `error: ...` with the exit code the README
lists; an exception nobody expected is `error: unexpected ...`, exit 1, its traceback in the log
file. A reader that closes the pipe early (`camtui get ... | head -1`) ends camtui quietly with
141, the status of a program stopped by SIGPIPE, as `cat` and `git` report it.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import warnings

from camtui import __version__
from camtui.commands.exits import ENGINE_ERROR, USAGE_ERROR, CommandError, fail

# for the checker only (mypy reads any `TYPE_CHECKING` so): `typing` itself costs --version 2 ms
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import NoReturn

# 128 + SIGPIPE: what the shell reports for a writer whose reader went away
PIPE_CLOSED = 141


# Every subcommand: the module that declares it (its `add_parser` or `add_parsers`) and its line in
# `camtui --help`. Only the module of the command that runs is imported, so `--help`, `--version`
# and each command load no more than they need (tests/unit/test_cli_table.py keeps this true).
COMMANDS: dict[str, tuple[str, str]] = {
    "local": ("camtui.commands.local", "run a real Camunda 7 engine on 127.0.0.1 for demos and tests"),
    "profile": ("camtui.commands.profile", "saved connections, one per cluster"),
    "get": ("camtui.commands.get", "list deployments, definitions, instances, incidents, tasks, identity"),
    "describe": ("camtui.commands.describe", "everything about one item"),
    "deploy": ("camtui.commands.changes", "deploy BPMN, DMN, forms and other files"),
    "delete": (
        "camtui.commands.changes",
        "delete deployments, definition versions or ended instances' history (asks first)",
    ),
    "start": ("camtui.commands.changes", "start a process instance by definition key"),
    "cancel": ("camtui.commands.changes", "cancel (delete) running process instances"),
    "task": (
        "camtui.commands.changes",
        "claim, unclaim, assign, complete, delegate, resolve, date, prioritise or comment user tasks",
    ),
    "retry": ("camtui.commands.repair", "retry failed jobs and external tasks behind incidents, verified"),
    "job": ("camtui.commands.repair", "execute a job now, set its retries, due date or priority"),
    "external-task": ("camtui.commands.repair", "unlock external tasks, set their retries or priority"),
    "passwd": ("camtui.commands.identity", "change a user's password (typed twice at a prompt, or one line on stdin)"),
    "explain": ("camtui.commands.identity", "can USER do PERMISSION on a resource? yes or no, and why"),
    "user": ("camtui.commands.identity", "create, edit, delete and unlock users; their groups and tenants"),
    "group": ("camtui.commands.identity", "create, edit and delete groups; their members"),
    "tenant": ("camtui.commands.identity", "create, edit and delete tenants; their users and groups"),
    "auth": ("camtui.commands.identity", "grant, revoke, delete and list authorizations"),
    "suspend": ("camtui.commands.operate", "suspend process definitions or process instances"),
    "activate": ("camtui.commands.operate", "activate process definitions or process instances"),
    "set": ("camtui.commands.operate", "set variables on process instances"),
    "modify": ("camtui.commands.operate", "start before/after activities and cancel activity instances"),
    "migrate": ("camtui.commands.operate", "migrate process instances to another version of their definition"),
    "restart": ("camtui.commands.operate", "restart finished process instances (from history)"),
    "batch": (
        "camtui.commands.batches",
        "watch, suspend, resume or delete an engine batch; Camunda 8: new (by filter), cancel",
    ),
    # issue 13: Camunda 8's own changes
    "message": ("camtui.commands.c8", "publish or correlate a message (Camunda 8)"),
    "signal": ("camtui.commands.c8", "broadcast a signal (Camunda 8)"),
    "decision": ("camtui.commands.c8", "evaluate a decision (Camunda 8)"),
    "role": (
        "camtui.commands.c8",
        "create and delete roles; their members: users, groups, clients, mapping rules (Camunda 8)",
    ),
    "mapping": ("camtui.commands.c8", "create and delete mapping rules (Camunda 8)"),
    "clustervar": ("camtui.commands.c8", "set and delete cluster variables (Camunda 8.9)"),
    "diagram": (
        "camtui.commands.diagram",
        "print a BPMN diagram: from a file, or a definition's or instance's with live counts",
    ),
}
# global options that take a value: the command is the first word that is not one of them
_VALUED = {"--profile", "-p", "--view", "-c"}


def build_parser(command: str | None = None, rest: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The whole parser for `command`; without one, the top level with every command's help line.
    `rest` (the words after the command) lets a module with `add_parser_for` declare only what
    they name (`get deployments` loads the deployments kind, not every kind)."""
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
    if command in COMMANDS:
        declare = importlib.import_module(COMMANDS[command][0])
        if hasattr(declare, "add_parser_for"):
            declare.add_parser_for(sub, rest)
        else:
            (getattr(declare, "add_parser", None) or declare.add_parsers)(sub)
    else:
        for name, (_, line) in COMMANDS.items():
            sub.add_parser(name, help=line, add_help=False)
    smoke = sub.add_parser("ui-smoke", help=argparse.SUPPRESS)
    smoke.set_defaults(handler=ui_smoke)
    return parser


def command_of(argv: Sequence[str]) -> str | None:
    """The subcommand named in `argv`, if any (skipping the global options and their values)."""
    return _split(argv)[0]


def _split(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """The subcommand named in `argv` and the words after it."""
    words = iter(enumerate(argv))
    for i, word in words:
        if word in _VALUED:
            next(words, None)
        elif not word.startswith("-"):
            return word, list(argv[i + 1 :])
    return None, []


def entry() -> NoReturn:
    """The `camtui` console script: `main`, then the process ends as soon as its output is out."""
    without_httpx_cli()
    finish(main())


def without_httpx_cli() -> None:
    """httpx imports its own command line (rich, click, pygments: ~25 ms) unless that module is
    missing; camtui never runs it, so it is marked missing (httpx then defines a stub `main`)."""
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None: "not there"


def finish(code: int) -> NoReturn:
    """Flush the output and the log, then end at once: the interpreter's own teardown (freeing
    every module, ~50 ms for camtui's) would come after everything a user sees and waits for."""
    logging = sys.modules.get("logging")
    if logging is not None:  # not imported for --version: nothing to flush, and no cost
        logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            code = code or PIPE_CLOSED  # the reader went away: what main says when it sees it
    os._exit(code)


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
    words = sys.argv[1:] if argv is None else list(argv)
    if words == ["--version"]:  # asked by scripts in loops: no parser needed
        print(f"camtui {__version__}")
        return 0
    args = build_parser(*_split(words)).parse_args(words)
    from camtui.logs import setup_logging

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
        from camtui.config.profiles import check_ca_bundle

        try:
            args.ca_bundle = check_ca_bundle(args.ca_bundle)
        except ValueError as exc:
            raise CommandError(str(exc), USAGE_ERROR) from None


def _unexpected(exc: Exception, args: argparse.Namespace) -> int:
    """A bug or an unforeseen failure: one line for the user, the traceback for the log file."""
    import logging
    from logging.handlers import RotatingFileHandler

    command = getattr(args, "command", None) or ""
    logging.getLogger("camtui.cli").error("unexpected error in `camtui %s`", command, exc_info=exc)
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
    from camtui.console import run_console as run

    app = run(loaded, profile_name=args.profile, view=args.view, read_only=args.readonly)
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
