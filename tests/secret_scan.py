"""Look for a secret where camtui may have written or shown it: files, captured output, exceptions.

A secret is searched as typed, URL-encoded, in base64 (on its own and inside an HTTP Basic
`user:secret` header, at each of the three alignments a base64 stream can put it at), and as
JSON or Python repr would escape it.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_plus


def _base64_cores(data: bytes) -> set[bytes]:
    """Base64 text that appears wherever `data` sits inside a longer base64-encoded stream.

    Each of the three byte offsets modulo 3 gives another encoding; the characters touched by the
    bytes around `data` (the first and last block) are dropped, the rest is always there.
    """
    cores = {base64.b64encode(data).rstrip(b"=")}
    for pad in range(3):
        encoded = base64.b64encode(b"\0" * pad + data + b"\0\0\0")
        core = encoded[4:-8]
        if len(core) >= 12:
            cores.add(core)
            cores.add(core.replace(b"+", b"-").replace(b"/", b"_"))  # the URL-safe alphabet
    return cores


@dataclass
class Secret:
    """One secret and every form of it a scan looks for."""

    label: str
    value: str
    user: str | None = None
    forms: dict[str, bytes] = field(init=False)

    def __post_init__(self) -> None:
        raw = self.value.encode()
        forms = {
            "plain": raw,
            "url-encoded": quote(self.value, safe="").encode(),
            "form-encoded": quote_plus(self.value).encode(),
            "json": json.dumps(self.value)[1:-1].encode(),
            "repr": repr(self.value)[1:-1].encode(),
        }
        for i, core in enumerate(sorted(_base64_cores(raw))):
            forms[f"base64#{i}"] = core
        if self.user is not None:
            basic = f"{self.user}:{self.value}".encode()
            forms["basic-header"] = base64.b64encode(basic).rstrip(b"=")
        self.forms = forms

    def found_in(self, data: bytes) -> list[str]:
        return [f"{self.label} ({form})" for form, needle in self.forms.items() if needle in data]


def scan_bytes(where: str, data: bytes, secrets: Iterable[Secret]) -> list[str]:
    return [f"{where}: {hit}" for s in secrets for hit in s.found_in(data)]


def scan_text(where: str, text: str, secrets: Iterable[Secret]) -> list[str]:
    return scan_bytes(where, text.encode("utf-8", "surrogateescape"), secrets)


def scan_tree(root: Path, secrets: Iterable[Secret], *, skip: Iterable[Path] = ()) -> list[str]:
    """Every file under `root` (hidden ones too), except those under a `skip` directory."""
    skipped = [p.resolve() for p in skip]
    listed = list(secrets)
    hits: list[str] = []
    if not root.exists():
        return hits
    for path in sorted(root.rglob("*")):
        resolved = path.resolve()
        if any(resolved == s or s in resolved.parents for s in skipped):
            continue
        if path.is_file() and not path.is_symlink():
            hits += scan_bytes(str(path), path.read_bytes(), listed)
    return hits


def scan_exception(where: str, exc: BaseException, secrets: Iterable[Secret]) -> list[str]:
    """str and repr of an exception and of everything chained to it."""
    listed = list(secrets)
    hits: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        hits += scan_text(f"{where} str({type(current).__name__})", str(current), listed)
        hits += scan_text(f"{where} repr({type(current).__name__})", repr(current), listed)
        hits += scan_text(f"{where} args({type(current).__name__})", repr(current.args), listed)
        current = current.__cause__ or current.__context__
    return hits
