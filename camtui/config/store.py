"""Change the config file: atomically (temp file + rename), keeping the user's comments (tomlkit).

Every change holds a lock and re-reads the file inside it, so concurrent `camtui profile add` runs
(or a console and a script) never lose each other's profiles. A symlinked config is written
through to its target, the file keeps its mode, and a file the user made read-only is refused.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
import tomllib
from collections.abc import Iterator
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


LOCK_TIMEOUT = 10.0


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the config's lock (a `.lock` file beside it) while reading, changing and writing it."""
    target = path.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = target.with_name(target.name + ".lock")
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: an exclusive lock file instead
        yield from _lock_file(lock)
        return
    with open(lock, "a+") as handle:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ConfigError(f"{path} is being changed by another camtui (lock {lock}); try again.") from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _lock_file(lock: Path) -> Iterator[None]:  # pragma: no cover - Windows only
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            if time.monotonic() > deadline:
                raise ConfigError(f"{lock} is held by another camtui; remove it if none runs.") from None
            time.sleep(0.02)
    try:
        yield
    finally:
        os.close(fd)
        lock.unlink(missing_ok=True)


@contextlib.contextmanager
def _writable(path: Path) -> Iterator[None]:
    """A config directory that can not be written (or a file in the way) is said in one line."""
    try:
        yield
    except OSError as exc:
        raise ConfigError(
            f"Cannot write {path}: {exc.strerror or exc}. Check that its directory can be written "
            "(or point CAMTUI_CONFIG_FILE elsewhere); nothing was changed."
        ) from None


def write_atomic(path: Path, text: str) -> None:
    """Replace the file's content in one step; through a symlink to its target, keeping its mode."""
    target = path.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    mode: int | None = None
    with contextlib.suppress(FileNotFoundError):
        mode = stat.S_IMODE(target.stat().st_mode)
        if not mode & stat.S_IWUSR:
            raise ConfigError(
                f"{path} is read-only (mode {mode:04o}); camtui does not overwrite it. "
                "Make it writable (chmod u+w) to let camtui change it."
            )
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
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
    with _writable(path), locked(path):
        _save_profile(profile, path, make_default)


def _save_profile(profile: Profile, path: Path, make_default: bool) -> None:
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
    with _writable(path), locked(path):
        _remove_profile(name, path)


def _remove_profile(name: str, path: Path) -> None:
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
    with _writable(path), locked(path):
        _set_default(name, path)


def _set_default(name: str, path: Path) -> None:
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
