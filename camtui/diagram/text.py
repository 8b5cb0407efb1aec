"""Names for a character grid: cleaned of what a terminal would obey, measured in cells, wrapped.

Names come from files and engines nobody here controls: control characters are shown as escapes
(`safe`), zero-width and combining marks are dropped (they would shift every cell after them), and
East Asian wide characters count two cells.
"""

from __future__ import annotations

import unicodedata

from camtui.kinds.format import safe

ELLIPSIS = "…"


def clean(text: str | None) -> str | None:
    """One line of visible text, or None when nothing visible is left."""
    if text is None:
        return None
    # line breaks and tabs in a name are layout for the modelling tool, spaces here
    text = unicodedata.normalize("NFC", safe(" ".join(text.split()), layout=False))
    kept = "".join(ch for ch in text if unicodedata.category(ch) not in ("Mn", "Me", "Cf"))
    words = " ".join(kept.split())
    return words or None


def width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(width(ch) for ch in text)


def fit(text: str, cells: int) -> str:
    """`text` in at most `cells` cells, ending in an ellipsis when cut."""
    if cells <= 0:
        return ""
    if text_width(text) <= cells:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > cells - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + ELLIPSIS


def wrap(text: str, cells: int, lines: int) -> list[str]:
    """Words into at most `lines` lines of `cells` cells; a long word is cut, the last line ellipsised."""
    if cells <= 0 or lines <= 0 or not text:
        return []
    if cells < 2:
        return [fit(text, cells)]
    pieces: list[str] = []
    for word in text.split(" "):
        while text_width(word) > cells:
            head = _take(word, cells)
            pieces.append(head)
            word = word[len(head) :]
        if word:
            pieces.append(word)
    out: list[str] = []
    current = ""
    for index, piece in enumerate(pieces):
        candidate = f"{current} {piece}" if current else piece
        if text_width(candidate) <= cells:
            current = candidate
            continue
        out.append(current)
        current = piece
        if len(out) == lines:
            out[-1] = fit(" ".join([out[-1], *pieces[index:]]), cells)
            return out
    if current:
        out.append(current)
    return out


def _take(text: str, cells: int) -> str:
    """The longest head of `text` within `cells` cells (at least one character: cells >= 2)."""
    out, used = [], 0
    for ch in text:
        if used + width(ch) > cells:
            break
        out.append(ch)
        used += width(ch)
    return "".join(out)
