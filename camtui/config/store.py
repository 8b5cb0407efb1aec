"""Change the config file: atomically (temp file + rename), keeping the user's comments (tomlkit)."""

from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Table

from camtui.config.paths import config_file
from camtui.config.profiles import Profile, check_name
from camtui.config.settings import ConfigError, read_toml, settings_from


def _load_document(path: Path) -> tomlkit.TOMLDocument:
    read_toml(path)  # raises ConfigError for a broken file, which is then left alone
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return tomlkit.document()


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _profile_table(profile: Profile) -> dict[str, Any]:
    data = profile.model_dump(mode="json", exclude={"name"}, exclude_defaults=True)
    data["url"] = profile.url
    data["engine"] = profile.engine.value
    return data


def save_profile(profile: Profile, *, path: Path | None = None, make_default: bool = False) -> None:
    """Add or replace one profile; other profiles, comments and keys stay as they were."""
    path = path or config_file()
    check_name(profile.name)
    doc = _load_document(path)
    profiles = doc.get("profiles")
    if profiles is None:
        profiles = tomlkit.table(is_super_table=True)
        doc["profiles"] = profiles
    fresh = _profile_table(profile)
    existing = profiles.get(profile.name)
    if isinstance(existing, Table):
        for key in list(existing.keys()):
            if key not in fresh:
                del existing[key]
        for key, value in fresh.items():
            existing[key] = value
    else:
        table = tomlkit.table()
        for key, value in fresh.items():
            table[key] = value
        profiles[profile.name] = table
    if make_default or "default_profile" not in doc:
        doc["default_profile"] = profile.name
    _validate_and_write(path, doc)


def remove_profile(name: str, *, path: Path | None = None) -> None:
    path = path or config_file()
    doc = _load_document(path)
    profiles = doc.get("profiles")
    if profiles is None or name not in profiles:
        raise ConfigError(f"No profile named {name!r} in {path}.")
    del profiles[name]
    if doc.get("default_profile") == name:
        del doc["default_profile"]
    _validate_and_write(path, doc)


def set_default(name: str, *, path: Path | None = None) -> None:
    path = path or config_file()
    doc = _load_document(path)
    if name not in (doc.get("profiles") or {}):
        raise ConfigError(f"No profile named {name!r} in {path}.")
    doc["default_profile"] = name
    _validate_and_write(path, doc)


def _validate_and_write(path: Path, doc: tomlkit.TOMLDocument) -> None:
    text = tomlkit.dumps(doc)
    # never write a file that would not load again
    settings_from(tomllib.loads(text), path)
    write_atomic(path, text)
