"""Deterministic SVG snapshots: the screen as exported by Textual, with what changes from run to
run (ids, times, ages, the clock) masked, compared with tests/tui/snapshots/NAME.svg."""

from __future__ import annotations

import re
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"

MASKS = (
    (re.compile(r"terminal-\d+"), "terminal"),
    # the engine the tests start listens on a free port
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:PORT"),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "UUID"),
    (re.compile(r"\d{4}-\d{2}-\d{2}(&#160;|\s)\d{2}:\d{2}:\d{2}"), "DATETIME"),
    # a dialog over the table cuts a time into pieces
    (re.compile(r"\d{4}-\d{2}-\d{2}(&#160;|\s)\d{2}"), "DATE-HOUR"),
    (re.compile(r"\d{2}:\d{2}:\d{2}"), "HH:MM:SS"),
    (re.compile(r":\d{2}:\d{2}"), ":MM:SS"),
    # an age is 2 to 4 characters wide; the padding after it makes up the difference
    (re.compile(r"\(\d+[smhd]\)(&#160;)*"), "(AGE)"),
)


def normalise(svg: str) -> str:
    for pattern, replacement in MASKS:
        svg = pattern.sub(replacement, svg)
    return svg


def check(name: str, svg: str, update: bool) -> None:
    path = SNAPSHOTS / f"{name}.svg"
    got = normalise(svg)
    if update or not path.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
        if not update:
            raise AssertionError(f"no snapshot {path.name} yet: written now, review it and commit it")
        return
    expected = path.read_text(encoding="utf-8")
    if got != expected:
        (SNAPSHOTS / f"{name}.actual.svg").write_text(got, encoding="utf-8")
        raise AssertionError(f"{name}: the screen differs from {path.name} (see {name}.actual.svg)")
