"""Print models as a table that fits the terminal, or as JSON, YAML or CSV for scripts.

JSON is the models' fields in snake_case: a list is a JSON array, one item an object.

Engine text is untrusted: a deployment name or a business key can hold terminal escapes (retitle
the window, clear the screen, write the clipboard) or bidirectional overrides. Tables, single
items and CSV cells show every control character visibly (`\\x1b`, `\\u202e`; see
`camtui.kinds.format.safe`). JSON and YAML keep every value exact, with those characters escaped
the way each format escapes (`\\u001b`, `\\e`), so no raw control byte reaches the terminal either.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from camtui.kinds.format import INVISIBLE_CONTROLS, safe

FORMATS = ("table", "json", "yaml", "csv")


def as_data(item: BaseModel | dict[str, Any]) -> dict[str, Any]:
    if isinstance(item, BaseModel):
        return item.model_dump(mode="json")
    return item


def emit(
    items: Sequence[BaseModel] | BaseModel | dict[str, Any],
    fmt: str,
    columns: Sequence[str] = (),
    words: Sequence[tuple[str, Callable[[Any], str]]] = (),
) -> None:
    """`words`: fields a table shows as the console says them (from the item), not as stored."""
    single = not isinstance(items, Sequence)
    rows = [as_data(items)] if single else [as_data(i) for i in items]  # type: ignore[arg-type]
    if fmt == "table" and not single and words:
        rows = [row | {name: say(item) for name, say in words} for row, item in zip(rows, items, strict=True)]
    out = sys.stdout
    if fmt == "json":
        out.write(json_text(rows[0] if single else rows, indent=2) + "\n")
    elif fmt == "yaml":
        out.write(yaml_text(rows[0] if single else rows))
    elif fmt == "csv":
        keys = list(columns) or (list(rows[0]) if rows else [])
        writer = csv.writer(out)
        writer.writerow([_shown(k) for k in keys])
        for row in rows:
            writer.writerow([_shown(_flat(row.get(k))) for k in keys])
    elif single:
        shown = {_shown(str(k)): v for k, v in rows[0].items()}
        width = max((len(k) for k in shown), default=0)
        for key, value in shown.items():
            text = _shown(json_text(value)) if isinstance(value, dict | list) else _cell(value)
            out.write(f"{key:<{width}}  {text}\n")
    else:
        text, left_out = table_and_left_out(rows, list(columns) or (list(rows[0]) if rows else []))
        out.write(text)
        if left_out and out.isatty():
            out.flush()
            names = ", ".join(_shown(c.upper()) for c in left_out)
            print(f"({names} left out at this width: -o json or -o yaml shows every field)", file=sys.stderr)


_INVISIBLE = "".join(chr(c) for c in sorted(INVISIBLE_CONTROLS))
# what JSON (with ensure_ascii=False) would write raw although a terminal obeys it: DEL, C1,
# bidirectional and line controls, and lone surrogates (which stdout could not even encode)
_RAW_IN_JSON = re.compile(f"[\x7f-\x9f\ud800-\udfff{_INVISIBLE}]")
# a YAML string with any of these is written double-quoted, the one style that escapes them
_QUOTE_IN_YAML = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_INVISIBLE}]")
# what PyYAML writes raw even inside double quotes (with allow_unicode): the invisible controls
_RAW_IN_YAML = re.compile(f"[{_INVISIBLE}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_u(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(value: Any, *, indent: int | None = None) -> str:
    """JSON for a terminal and a script alike: every value exact, no raw control character.

    json.dumps escapes C0 itself; DEL, C1, bidirectional controls and lone surrogates become
    `\\uXXXX` escapes. Outside strings JSON is ASCII, so every match is inside a string.
    """
    return _RAW_IN_JSON.sub(_escape_u, json.dumps(value, indent=indent, ensure_ascii=False))


def yaml_text(value: Any) -> str:
    """YAML as `yaml.safe_dump` writes it, except that no raw control character is written.

    A string holding one is written double-quoted, where PyYAML escapes C0, C1, DEL, line
    separators and surrogates; the bidirectional controls it still writes raw are then replaced by
    `\\uXXXX` escapes, which are valid there and read back as the same characters.
    """
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
        style = '"' if _QUOTE_IN_YAML.search(data) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    Dumper.add_representer(str, represent_str)
    text: str = yaml.dump(value, Dumper=Dumper, allow_unicode=True, sort_keys=False)
    return _RAW_IN_YAML.sub(_escape_u, text)


def _shown(text: str) -> str:
    """Engine text for one line of a table, CSV cell or key-value line: controls shown, never obeyed."""
    return _SURROGATE.sub(_escape_u, safe(text, layout=False))


ISO_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _local(value: str) -> str:
    """Tables show times in the local zone, to the second; JSON, YAML and CSV keep ISO 8601 UTC."""
    try:
        return datetime.fromisoformat(value).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return value


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(_flat(v) for v in value)
    return str(value)


def _cell(value: Any) -> str:
    text = _flat(value)
    return _local(text) if ISO_INSTANT.match(text) else _shown(text)


# a cut column keeps at least this much (or its header); a column no wider than WHOLE (a time,
# a count, a key) is shown whole or not at all
READABLE = 12
WHOLE = 20
GAP = 2


def table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    return table_and_left_out(rows, columns)[0]


def table_and_left_out(rows: list[dict[str, Any]], columns: list[str]) -> tuple[str, list[str]]:
    """The table's text and the columns it left out for the width.

    Columns as wide as their content, fitted to the terminal: the widest give way first, down to
    a readable width; past that the rightmost go (the id last, and whole: it is what is copied).
    A column no row has a value in is left out. JSON and CSV keep every field."""
    if not rows:
        return "No results.\n", []
    columns = [c for c in columns if any(_cell(r.get(c)) for r in rows)] or columns
    all_cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    shown, widths = fitted(columns, all_cells, shutil.get_terminal_size((160, 40)).columns)
    left_out = [c for n, c in enumerate(columns) if n not in shown]
    columns = [columns[n] for n in shown]
    cells = [[row[n] for n in shown] for row in all_cells]
    buf = io.StringIO()

    def line(values: list[str]) -> None:
        parts = [v if cells_of(v) <= w else cut(v, w - 1) + "…" for v, w in zip(values, widths, strict=True)]
        buf.write("  ".join(p + " " * (w - cells_of(p)) for p, w in zip(parts, widths, strict=True)).rstrip() + "\n")

    line([_shown(c.upper()) for c in columns])
    for row in cells:
        line(row)
    return buf.getvalue(), left_out


def _char_cells(ch: str) -> int:
    if unicodedata.combining(ch) or ch in "\u200b\u200d":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cells_of(text: str) -> int:
    """Terminal cells `text` takes: a CJK character two, a combining mark none (rich.cells would
    say the same, but costs `camtui get` ~9 ms to import)."""
    return sum(map(_char_cells, text)) if not text.isascii() else len(text)


def cut(text: str, cells: int) -> str:
    """The longest start of `text` that takes at most `cells` terminal cells (at least one character)."""
    used = 0
    for n, ch in enumerate(text):
        used += _char_cells(ch)
        if used > cells:
            return text[: max(1, n)]
    return text


def fitted(columns: list[str], cells: list[list[str]], limit: int) -> tuple[list[int], list[int]]:
    """Which columns (by index) a table of `limit` characters shows, and their widths."""
    full = [max(len(c), *(cells_of(row[n]) for row in cells)) for n, c in enumerate(columns)]
    floor = [w if c == "id" or w <= WHOLE else max(len(c), READABLE) for c, w in zip(columns, full, strict=True)]
    shown = list(range(len(columns)))
    while True:
        widths = {n: full[n] for n in shown}
        excess = sum(widths.values()) + GAP * (len(shown) - 1) - limit
        # the widest give way first, one character at a time, the id never
        while excess > 0:
            slack = max((widths[n] - floor[n], n) for n in shown)
            if slack[0] <= 0:
                break
            widths[slack[1]] -= 1
            excess -= 1
        droppable = [n for n in shown[1:] if columns[n] != "id"]
        if excess <= 0 or not droppable:
            break
        shown.remove(droppable[-1])
    # what still does not fit (a long first column beside the id, a lone id) is cut down to 8
    # each, the widest first, the id last
    while excess > 0:
        cuttable = [n for n in shown if widths[n] > 8]
        if not cuttable:
            break
        widest = max(cuttable, key=lambda n: (columns[n] != "id", widths[n]))
        widths[widest] -= 1
        excess -= 1
    return shown, [widths[n] for n in shown]
