"""A kind's `describe` dict as a person reads it, the way the instance detail looks: aligned
"Label  value" lines, then a section per list (variables, members) as a small table, nested dicts
indented under their title.

Values as the lists show them: times local with their age, booleans yes/no, empty fields left out
(an unassigned task says so). Every engine string goes through `safe()` into Text objects, never
read as markup; table cells are cut with … to the width, long scalar values wrap under their label.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from camtui.kinds.format import cell, safe, when, written
from camtui.ui.widgets.fit import shorten, shrink

# fields whose absence is worth saying, with the words for it
ABSENT = {"assignee": "unassigned", "due": "none"}
# words that read better in capitals or whole
WORDS = {"id": "ID", "ids": "IDs", "url": "URL", "bpmn": "BPMN", "dmn": "DMN", "json": "JSON", "ip": "IP"}
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")
CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
INDENT = 2
CELL_MAX = 60
GAP = 2
# a list this short, of short values, stays on its label's line: `Candidates  demo, mary`
SHORT_LIST = 3
SHORT_ITEM = 40
CELL_LEAST_TINY = 4  # a column is never cut below this


def label(field: str) -> str:
    """`process_instance_id` -> "Process instance", `id` -> "ID", `tenantId` -> "Tenant"."""
    words = CAMEL.sub("_", field).lower().split("_")
    words = [w for w in words if w]
    if len(words) > 1 and words[-1] == "id":
        words = words[:-1]
    if not words:
        return safe(field, layout=False)
    out = [WORDS.get(w, w) for w in words]
    first = out[0]
    out[0] = first if first in WORDS.values() else first[:1].upper() + first[1:]
    return safe(" ".join(out), layout=False)


def _time(text: str) -> str | None:
    if not ISO_TIME.match(text):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when(moment) if moment.tzinfo is not None else None


def value_text(value: Any) -> str:
    """One value as the lists show it (times humanized, yes/no); "" for nothing."""
    if isinstance(value, str):
        return _time(value) or value
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str) if value else ""
    return cell(value)


def _item_text(item: Mapping[str, Any], column: str) -> str:
    """A variable's value (an item with a type and a value) as the engine writes it: `false`, not
    the yes/no the other fields say; everything else as `value_text` says it."""
    value = item.get(column)
    if column == "value" and "type" in item and not isinstance(value, str):
        return written(value) or "null"
    return value_text(value)


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, Mapping | list | tuple) and not value)


def _scalars(rows: list[tuple[str, Any]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for name, value in rows:
        if _is_empty(value):
            grid.add_row(label(name), Text(ABSENT[name], style="dim"))
        else:
            grid.add_row(label(name), _value(safe(value_text(value))))
    return grid


def _value(text: str) -> RenderableType:
    """A value as text. Indented lines (a stack trace, pretty JSON) are folded where the width
    ends, not wrapped at their spaces: a frame stays on the line of its `at`, as a terminal
    shows it; prose wraps at its spaces."""
    lines = text.split("\n")
    if len(lines) > 1 and any(line[:1] in (" ", "\t") for line in lines):
        return Folded(lines)
    return Text(text, tab_size=4)


class Folded:
    """Lines cut into pieces of the width they are drawn at, every character kept."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = [line.expandtabs(4) for line in lines]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(line) for line in self.lines), default=1)
        return Measurement(min(widest, 20), widest)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width)
        pieces = [piece for line in self.lines for piece in (chop_cells(line, width) or [""])]
        yield Text("\n".join(pieces), no_wrap=True)


class ItemsTable:
    """Rows of dicts as columns fitted to the width it is drawn at: each value cut with … to its
    column, the widest columns giving way first, so every column stays on the screen."""

    def __init__(self, items: Sequence[Mapping[str, Any]]) -> None:
        columns: list[str] = []
        for item in items:
            columns += [k for k in item if k not in columns and not all(_is_empty(i.get(k)) for i in items)]
        self.headers = [label(c).upper() for c in columns]
        self.rows = [[safe(_item_text(item, c), layout=False) for c in columns] for item in items]

    def widths(self, available: int) -> list[int]:
        widths = {
            n: min(CELL_MAX, max([cell_len(h), *(cell_len(row[n]) for row in self.rows)]))
            for n, h in enumerate(self.headers)
        }
        excess = sum(widths.values()) + GAP * (len(widths) - 1) - available
        columns = list(widths)
        shrink(columns, widths, {n: min(CELL_LEAST_TINY, w) for n, w in widths.items()}, excess)
        return [widths[n] for n in columns]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.widths(options.max_width)
        yield self._line(self.headers, widths, "bold dim")
        for row in self.rows:
            yield self._line(row, widths, "")

    @staticmethod
    def _line(cells: list[str], widths: list[int], style: str) -> Text:
        line = Text(style=style, no_wrap=True, overflow="crop")
        for n, (value, width) in enumerate(zip(cells, widths, strict=True)):
            cut = shorten(value, width)
            line.append(cut if n == len(cells) - 1 else cut + " " * (width - cell_len(cut) + GAP))
        return line


def _section(name: str, value: Any, depth: int) -> RenderableType:
    title = Text(label(name), style="bold underline")
    if isinstance(value, Mapping):
        body: RenderableType = render_description(value, depth + 1)
    elif all(isinstance(v, Mapping) for v in value):
        body = ItemsTable(value)
    else:
        body = Group(*(Text(safe(value_text(v)), overflow="fold") for v in value))
    return Group(Text(""), title, Padding(body, (0, 0, 0, INDENT)))


def _own_section(value: Any) -> bool:
    """A dict, a list of dicts, or a list too long for one line gets a titled section."""
    if isinstance(value, Mapping):
        return True
    if not isinstance(value, list | tuple):
        return False
    return len(value) > SHORT_LIST or any(isinstance(v, Mapping) or len(value_text(v)) > SHORT_ITEM for v in value)


def render_description(data: Mapping[str, Any], depth: int = 0) -> RenderableType:
    """The whole description: its scalar fields first, then a titled section per list or dict."""
    scalars: list[tuple[str, Any]] = []
    sections: list[RenderableType] = []
    for name, value in data.items():
        if _is_empty(value):
            if name in ABSENT:
                scalars.append((name, value))
            continue
        if _own_section(value):
            sections.append(_section(name, value, depth))
        elif isinstance(value, list | tuple):
            scalars.append((name, ", ".join(value_text(v) for v in value)))
        else:
            scalars.append((name, value))
    parts: list[RenderableType] = [_scalars(scalars)] if scalars else []
    return Group(*parts, *sections)
