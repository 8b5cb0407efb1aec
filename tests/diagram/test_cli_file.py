"""`camtui diagram FILE`: no profile, no engine; the drawing, what was not drawn, errors in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from camtui.cli import main

pytestmark = pytest.mark.unit

CASES = Path(__file__).parent / "cases"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["diagram", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_file_is_drawn_within_the_width_with_its_problems_below(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(CASES / "odd.bpmn"), "--width", "60", "--no-color")
    assert code == 0, err
    lines = out.splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert any("o_unshaped" in line and "not drawn" in line for line in lines)
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out


def test_several_diagrams_are_printed_one_after_the_other(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(CASES / "subprocesses.bpmn"), "--width", "120", "--no-color")
    assert code == 0
    assert out.index("Claims") < out.index("Archive (inside)")


def test_colour_only_when_asked_for_and_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    code, out, _ = run(capsys, str(CASES / "collaboration.bpmn"), "--width", "100")
    assert code == 0 and "\x1b[" in out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, str(CASES / "collaboration.bpmn"), "--width", "100")[1]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"<html/>", "not BPMN"),
        (b"not xml at all", "not well-formed"),
        (b'<!DOCTYPE d [<!ENTITY a "b">]><definitions>&a;</definitions>', "not allowed"),
    ],
)
def test_what_is_not_bpmn_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "x.bpmn"
    path.write_bytes(content)
    code, out, err = run(capsys, str(path))
    assert code == 2 and out == "" and err.startswith("error:") and says in err and len(err.splitlines()) == 1


def test_a_missing_file_and_a_silly_width(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "nope.bpmn"))
    assert code == 2 and "cannot read" in err
    code, _, err = run(capsys, str(CASES / "odd.bpmn"), "--width", "5")
    assert code == 2 and "--width" in err
