"""Argument types shared by the commands: times, variables."""

from __future__ import annotations

import argparse

from camtui.kinds.cli import iso_time, var_condition, variable

__all__ = ["add_output", "add_paging", "iso_time", "var_condition", "variable"]


def add_output(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", choices=("table", "json", "yaml", "csv"), default="table")


def add_paging(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")
    p.add_argument("--all", action="store_true", help="follow the pages to the end")
