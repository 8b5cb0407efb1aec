"""Print models as a table that fits the terminal, or as JSON, YAML or CSV for scripts.

JSON is the models' fields in snake_case: a list is a JSON array, one item an object.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel

FORMATS = ("table", "json", "yaml", "csv")


def as_data(item: BaseModel | dict[str, Any]) -> dict[str, Any]:
    if isinstance(item, BaseModel):
        return item.model_dump(mode="json")
    return item


def emit(items: Sequence[BaseModel] | BaseModel | dict[str, Any], fmt: str, columns: Sequence[str] = ()) -> None:
    single = not isinstance(items, Sequence)
    rows = [as_data(items)] if single else [as_data(i) for i in items]  # type: ignore[arg-type]
    out = sys.stdout
    if fmt == "json":
        json.dump(rows[0] if single else rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "yaml":
        import yaml

        yaml.safe_dump(rows[0] if single else rows, out, allow_unicode=True, sort_keys=False)
    elif fmt == "csv":
        keys = list(columns) or (list(rows[0]) if rows else [])
        writer = csv.DictWriter(out, fieldnames=keys, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _flat(row.get(k)) for k in keys})
    elif single:
        width = max((len(k) for k in rows[0]), default=0)
        for key, value in rows[0].items():
            text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else _cell(value)
            out.write(f"{key:<{width}}  {text}\n")
    else:
        out.write(table(rows, list(columns) or (list(rows[0]) if rows else [])))


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
    return _local(text) if ISO_INSTANT.match(text) else text


def table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """Columns as wide as their content, shrunk (widest first) to fit the terminal."""
    if not rows:
        return "No results.\n"
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c.upper()), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    limit = shutil.get_terminal_size((160, 40)).columns
    while sum(widths) + 2 * (len(widths) - 1) > limit and max(widths) > 8:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    buf = io.StringIO()

    def line(values: list[str]) -> None:
        parts = [v if len(v) <= w else v[: max(1, w - 1)] + "…" for v, w in zip(values, widths, strict=True)]
        buf.write("  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip() + "\n")

    line([c.upper() for c in columns])
    for row in cells:
        line(row)
    return buf.getvalue()
