"""Saved queries as files: one JSON file per query under `queries/KIND/` next to the config file,
so they can be shared, versioned and edited by hand. A query is a kind's filter model."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from camtui.config.paths import config_file

M = TypeVar("M", bound=BaseModel)
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


class QueryError(ValueError):
    """A saved query that cannot be named, read or written; the message says why."""


def folder(kind: str) -> Path:
    return config_file().parent / "queries" / kind


def _path(kind: str, name: str) -> Path:
    if not NAME.fullmatch(name) or name.endswith("."):
        raise QueryError(f"{name!r}: name a query with letters, digits, '.', '_' or '-' (at most 64).")
    return folder(kind) / f"{name}.json"


def names(kind: str) -> list[str]:
    here = folder(kind)
    return sorted(p.stem for p in here.glob("*.json")) if here.is_dir() else []


def save(kind: str, name: str, query: BaseModel) -> Path:
    """Written whole or not at all."""
    path = _path(kind, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = query.model_dump_json(indent=2, exclude_defaults=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8") as f:
        f.write(text + "\n")
    os.replace(f.name, path)
    return path


def load(kind: str, name: str, model: type[M]) -> M:
    path = _path(kind, name)
    try:
        return model.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = ", ".join(names(kind)) or "none yet"
        raise QueryError(f"No saved {kind} query {name!r} (saved: {known}).") from None
    except (OSError, ValidationError) as exc:
        raise QueryError(f"The saved query {path} cannot be read: {exc}") from None
