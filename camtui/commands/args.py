"""Argument types shared by the commands: times, variables."""

from __future__ import annotations

import argparse
from datetime import datetime

from camtui.api.models import VariableSyntaxError, VariableValue, parse_variable


def iso_time(text: str) -> datetime:
    """ISO 8601 with any offset; a time without one is local time."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 time (e.g. 2026-11-23T10:00:00+01:00)") from None
    return value if value.tzinfo else value.astimezone()


def variable(text: str) -> tuple[str, VariableValue]:
    try:
        return parse_variable(text)
    except VariableSyntaxError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_output(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", choices=("table", "json", "yaml", "csv"), default="table")


def add_paging(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")
    p.add_argument("--all", action="store_true", help="follow the pages to the end")
