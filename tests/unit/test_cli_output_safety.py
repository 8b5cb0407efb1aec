"""Engine text in CLI output: shown, never obeyed by the terminal; JSON and YAML keep it exact.

A deployment name, a business key or an incident message can carry terminal escapes: an OSC that
retitles the window or writes the clipboard, a CSI that clears the screen, a DCS, C1 controls that
some terminals obey as ESC sequences, and bidirectional overrides that reorder what follows.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from camtui.api.models import Deployment, ProcessInstance
from camtui.commands.common import fail
from camtui.commands.output import emit

C0 = "".join(chr(c) for c in range(0x20))
C1 = "".join(chr(c) for c in range(0x80, 0xA0))
OSC_TITLE = "\x1b]0;pwned\x07"
OSC_CLIPBOARD = "\x1b]52;c;aGk=\x07"
CSI_CLEAR = "\x1b[2J"
DCS = "\x1bP1$qm\x1b\\"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u2028\u2029"
EVIL = f"a{C0}b\x7f{C1}c{OSC_TITLE}{OSC_CLIPBOARD}{CSI_CLEAR}{DCS}d{BIDI}e"
# a string the engine's JSON can carry (an escaped lone surrogate); stdout cannot encode it raw
SURROGATE = "x\ud800y"

# what a terminal obeys: C0 except tab and newline, DEL, C1, bidirectional and line controls
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u2028\u2029]")

DEPLOYMENTS = [
    Deployment(id=EVIL, name=EVIL, source=OSC_TITLE, tenant_id=SURROGATE),
    Deployment(id="d2", name=f"inv{OSC_CLIPBOARD}oice", source=CSI_CLEAR),
]
INSTANCE = ProcessInstance(id="i1", business_key=EVIL, bpmn_process_id=DCS, tenant_id=BIDI)
# what describe prints: nested values and keys from the engine (variable names)
DESCRIBED: dict[str, Any] = {
    "id": "i1",
    "business_key": EVIL,
    "variables": [{"name": EVIL, "value": {EVIL: [EVIL, 1, None]}}],
    EVIL: SURROGATE,
}
CASES: list[tuple[str, Any, tuple[str, ...]]] = [
    ("list", DEPLOYMENTS, ()),
    ("list-columns", DEPLOYMENTS, ("name", "id", "source")),
    ("one-model", INSTANCE, ()),
    ("one-dict", DESCRIBED, ()),
    ("dicts", [DESCRIBED, {"id": "x", "name": EVIL}], ("id", "name", "business_key")),
]


@pytest.fixture
def stdout(capsys: pytest.CaptureFixture[str]) -> Callable[[], str]:
    """What emit wrote, as the terminal gets it: it must encode as UTF-8 (a lone surrogate cannot)."""

    def read() -> str:
        out = capsys.readouterr().out
        out.encode("utf-8")  # strict: raises on what stdout could not write
        return out

    return read


def forbidden(text: str) -> list[str]:
    return [f"U+{ord(ch):04X}" for ch in FORBIDDEN.findall(text)]


@pytest.mark.parametrize(("fmt"), ["table", "csv"])
@pytest.mark.parametrize(("case", "items", "columns"), CASES, ids=[c[0] for c in CASES])
def test_table_csv_and_single_items_show_controls_visibly(
    stdout: Callable[[], str], fmt: str, case: str, items: Any, columns: tuple[str, ...]
) -> None:
    emit(items, fmt, columns)
    out = stdout()
    # CSV ends its rows with \r\n (RFC 4180); every other \r is engine text and must be escaped
    text = out.replace("\r\n", "\n") if fmt == "csv" else out
    assert forbidden(text) == [], f"{fmt} {case} wrote raw controls"
    assert "a\\x00\\x01" in out, "the escapes are shown, not dropped"


def test_the_escapes_are_visible_in_a_table(stdout: Callable[[], str]) -> None:
    emit(INSTANCE, "table")
    out = stdout()
    assert "\\x1b]0;pwned\\x07" in out and "\\x1b]52;c;aGk=\\x07" in out and "\\x1b[2J" in out
    assert "\\x1bP1$qm\\x1b\\" in out
    assert "\\u202e" in out and "\\x9b" in out and "\\x00" in out and "\\x0a" in out
    emit(DEPLOYMENTS, "table", ("id", "name"))
    table = stdout()
    assert len(table.splitlines()) == 3, "a newline in engine text does not start a row"


def test_csv_rows_stay_one_line_each(stdout: Callable[[], str]) -> None:
    import csv

    emit(DEPLOYMENTS, "csv", ("id", "name", "source"))
    out = stdout()
    assert len(out.splitlines()) == 3
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[2] == ["d2", "inv\\x1b]52;c;aGk=\\x07oice", "\\x1b[2J"]


@pytest.mark.parametrize(("case", "items", "columns"), CASES, ids=[c[0] for c in CASES])
def test_json_is_exact_and_escapes_every_control(
    stdout: Callable[[], str], case: str, items: Any, columns: tuple[str, ...]
) -> None:
    emit(items, "json", columns)
    out = stdout()
    assert forbidden(out) == [], f"json {case} wrote raw controls"
    assert json.loads(out) == _data(items)


@pytest.mark.parametrize(("case", "items", "columns"), CASES, ids=[c[0] for c in CASES])
def test_yaml_is_exact_and_escapes_every_control(
    stdout: Callable[[], str], case: str, items: Any, columns: tuple[str, ...]
) -> None:
    emit(items, "yaml", columns)
    out = stdout()
    assert forbidden(out) == [], f"yaml {case} wrote raw controls"
    assert yaml.safe_load(out) == _data(items)


def test_json_and_yaml_are_unchanged_for_ordinary_text(stdout: Callable[[], str]) -> None:
    plain = Deployment(id="d1", name="Zahlung ✓ — ok\ttab", source="line\nbreak")
    emit(plain, "json")
    assert stdout() == json.dumps(plain.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    emit([plain], "yaml")
    assert stdout() == yaml.safe_dump([plain.model_dump(mode="json")], allow_unicode=True, sort_keys=False)


def test_error_messages_show_controls_and_keep_their_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert fail(f"Engine says: {EVIL}\nsecond line", 1) == 1
    err = capsys.readouterr().err
    assert forbidden(err) == []
    assert err.startswith("error: Engine says: a\\x00") and "\nsecond line\n" in err
    assert "\\x1b]0;pwned\\x07" in err


def _data(items: Any) -> Any:
    if isinstance(items, list):
        return [_data(i) for i in items]
    return items if isinstance(items, dict) else items.model_dump(mode="json")
