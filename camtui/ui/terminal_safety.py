"""The last line of defence: no control character the console draws ever reaches the terminal.

Engine data (names, messages, variable values, resource content) is shown with its control
characters made visible where the console formats it (camtui.kinds.format.safe). This filter
catches whatever a screen forgot: every line every widget renders passes through it, and C0/C1
controls, DEL and bidirectional overrides become one-cell symbols (ESC as ␛), so an `ESC ] 0`
in a deployment name can never retitle the terminal, clear it or write to the clipboard.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from camtui.kinds.format import INVISIBLE_CONTROLS

# the characters `safe()` escapes where text is formatted (one list, in camtui.kinds.format)
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff" + "".join(re.escape(chr(c)) for c in sorted(INVISIBLE_CONTROLS)) + "]"
)


def _symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟, ESC is ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def visible(text: str) -> str:
    return UNSAFE.sub(_symbol, text)


class ControlCharacters(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(UNSAFE.search(s.text) for s in segments if not s.control):
            return segments
        length = Segment.get_line_length(segments)
        # control segments (cursor moves Textual itself emits) carry no text and stay as they are
        cleaned = [s if s.control else Segment(visible(s.text), s.style) for s in segments]
        # a control character took no cell and its symbol takes one: keep the line its width
        return list(Segment.adjust_line_length(cleaned, length))
