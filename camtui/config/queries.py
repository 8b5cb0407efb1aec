"""Saved queries: a named filter of one kind, a small JSON file in the config directory.

`<config dir>/queries/<kind>/<name>.json` holds only what differs from the kind's empty filter, so
the files are short, readable and easy to share (copy one to a colleague's config directory).
Opened with `:pi @NAME` in the console and `camtui get instances --query NAME`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from camtui.config.paths import config_file
from camtui.config.settings import ConfigError

M = TypeVar("M", bound=BaseModel)

# a name is one plain file name: no path, no hidden file
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


class QueryError(ConfigError):
    """A saved query that cannot be named, read or written; the message says why."""


def queries_dir() -> Path:
    return config_file().parent / "queries"


def path_of(kind: str, name: str) -> Path:
    if not NAME.fullmatch(name) or name.endswith(".json"):
        raise QueryError(f"{name!r} is no query name: use letters, digits, '_', '-' and '.' (at most 64).")
    return queries_dir() / kind / f"{name}.json"


def save(kind: str, name: str, query: BaseModel) -> Path:
    path = path_of(kind, name)
    data = query.model_dump(mode="json", exclude_defaults=True)
    from camtui.config.store import write_atomic  # with tomlkit: only when a query is saved

    write_atomic(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
    return path


def load(kind: str, name: str, model: type[M]) -> M:
    path = path_of(kind, name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        known = ", ".join(names(kind)) or "none yet"
        raise QueryError(f"No saved {kind} query {name!r} ({path}). Saved: {known}.") from None
    except OSError as exc:
        raise QueryError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    try:
        return model.model_validate(json.loads(text))
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0:3]
        raise QueryError(f"{path} is no {kind} query: {' '.join(first)}") from None


def names(kind: str) -> list[str]:
    folder = queries_dir() / kind
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def folder(kind: str) -> Path:
    """Where one kind's saved queries live."""
    return queries_dir() / kind
