"""Which columns a table shows at a given width, and how a cell is cut to its column: pure functions.

No Textual here (and no engine layer either), so the rules are tested on their own. A column is any
object with `key`, `label`, `width` (what it wants), `least` (the least it can do with before it is
dropped), `priority` (lower numbers stay longer) and `grow` (takes left-over space);
`camtui.kinds.base.Column` is one.

The table this is for puts a 1-cell mark column first and a 1-cell separator before every column,
so `n` columns of widths `w` take `1 + sum(w + 1)` cells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from rich.cells import cell_len, get_character_cell_size

from camtui.kinds.format import safe

# the same numbers as camtui.kinds.base.Priority (not imported: that module pulls in the engine layer)
ALWAYS = 0
WIDE = 9
# a column no loaded row has a value in goes before any other (but not before WIDE ones show)
EMPTY = WIDE - 1
MARK_WIDTH = 1
SEPARATOR = 1
ELLIPSIS = "…"
# columns are dropped until each can have its least width plus this share of what it wants beyond
# that: with only the least widths, every column stays and all are squeezed to their least
COMFORT_SHARE = 3  # a third


class ColumnSpec(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def width(self) -> int: ...

    @property
    def least(self) -> int: ...

    @property
    def priority(self) -> int: ...

    @property
    def grow(self) -> bool: ...


@dataclass(frozen=True)
class Sized:
    """A column that wants no more than its widest value (or its label) needs."""

    key: str
    label: str
    width: int
    least: int
    priority: int
    grow: bool
    # its widest value is wider than the column asks: cut at any width the column can get
    overflows: bool = False


def sized_to_content(columns: Sequence[ColumnSpec], widest: Mapping[int, int]) -> list[ColumnSpec]:
    """The columns wanting at most what their values take (`widest`, by column index, over the
    rows loaded), their label or their least, never more than they asked for: space a short column
    would hold goes to the others. A column not in `widest` (nothing loaded yet) is as declared."""
    out: list[ColumnSpec] = []
    for i, c in enumerate(columns):
        if i not in widest:
            out.append(c)
            continue
        if widest[i] == 0:
            # no row has a value here: its label's width, no share of the space left over, and
            # (unless it always shows) the first to go when the width is short
            width = max(1, min(c.width, cell_len(c.label)))
            priority = c.priority if c.priority == ALWAYS else max(c.priority, EMPTY)
            out.append(Sized(c.key, c.label, width, width, priority, False))
            continue
        # not under its least either: a time column keeps the room its ages grow into ("(59s)")
        width = max(1, min(c.width, max(widest[i], cell_len(c.label), c.least)))
        out.append(Sized(c.key, c.label, width, min(c.least, width), c.priority, c.grow, widest[i] > c.width))
    return out


def table_width(widths: Sequence[int]) -> int:
    """Cells a row takes: the mark column, and each column with the separator before it."""
    return MARK_WIDTH + sum(w + SEPARATOR for w in widths)


def fit_columns(columns: Sequence[ColumnSpec], available: int, *, wide: bool) -> list[tuple[str, int]]:
    """The columns to show, in their declared order, each with its width.

    - wide: every column (WIDE ones too) at the width it wants; the table scrolls sideways.
    - otherwise WIDE columns are left out; then, while the columns do not fit at their least width
      plus a third of what they want beyond it (`comfortable`), the column with the highest
      priority number goes (the rightmost of equals); ALWAYS columns never go.
    - a column no row has a value in (priority EMPTY, see `sized_to_content`) goes while any
      column would have to be cut;
    - a column whose values are cut even at the width it asks (`Sized.overflows`) shrinks to its
      comfortable width before the others are cut; below that it shares each priority's cut;
    - columns shrink toward their least width, those with the highest priority number first
      (within one priority the one with the most to give first).
    - if ALWAYS columns alone do not fit at their least, they shrink further, down to 1 cell each.
    - what is left over goes to `grow` columns, shared evenly.

    Apart from wide mode, the total (see `table_width`) stays within `available`, unless the ALWAYS
    columns do not fit even at 1 cell each.
    """
    cols = list(columns)
    wanted = [max(1, c.width) for c in cols]
    least = [max(1, min(c.least, w)) for c, w in zip(cols, wanted, strict=True)]
    if wide:
        shown = list(range(len(cols)))
        widths = {i: wanted[i] for i in shown}
    else:
        shown = [i for i, c in enumerate(cols) if c.priority < WIDE]
        comfortable = [lo + (w - lo) // COMFORT_SHARE for lo, w in zip(least, wanted, strict=True)]
        while table_width([comfortable[i] for i in shown]) > available:
            droppable = [i for i in shown if cols[i].priority != ALWAYS]
            if not droppable:
                break
            shown.remove(max(droppable, key=lambda i: (cols[i].priority, i)))
        widths = {i: wanted[i] for i in shown}
        excess = table_width(list(widths.values())) - available
        # an empty column is not worth a cut in any other: it goes while anything would be cut
        for i in [i for i in reversed(shown) if cols[i].priority == EMPTY]:
            if excess <= 0:
                break
            shown.remove(i)
            del widths[i]
            excess -= wanted[i] + SEPARATOR
        # a column cut whatever it gets gives cells back first, down to a comfortable width,
        # before one that would show its values whole is cut
        cut_anyway = [i for i in shown if _overflows(cols[i])]
        excess = shrink(cut_anyway, widths, {i: comfortable[i] for i in cut_anyway}, excess)
        for level in sorted({cols[i].priority for i in shown}, reverse=True):
            if excess <= 0:
                break
            # a column cut anyway takes its part in every level's cut (the most to give first)
            group = [i for i in shown if cols[i].priority == level or i in cut_anyway]
            excess = shrink(group, widths, {i: least[i] for i in group}, excess)
        if excess > 0:
            shrink(shown, widths, dict.fromkeys(shown, 1), excess)
    _grow(cols, shown, widths, available - table_width(list(widths.values())))
    return [(cols[i].key, widths[i]) for i in shown]


def _overflows(column: ColumnSpec) -> bool:
    return isinstance(column, Sized) and column.overflows


def shrink(group: list[int], widths: dict[int, int], floor: dict[int, int], excess: int) -> int:
    """Take up to `excess` cells from the group, one at a time from the column with the most to give."""
    while excess > 0:
        slack = [(widths[i] - floor[i], i) for i in group]
        most, index = max(slack, default=(0, -1))
        if most <= 0:
            break
        # take several cells at once when one column has clearly more to give than the next
        others = [s for s, i in slack if i != index]
        step = max(1, min(excess, most - max(others, default=0)))
        widths[index] -= step
        excess -= step
    return excess


def _grow(cols: list[ColumnSpec], shown: list[int], widths: dict[int, int], leftover: int) -> None:
    growing = [i for i in shown if cols[i].grow]
    if leftover <= 0 or not growing:
        return
    share, rest = divmod(leftover, len(growing))
    for n, i in enumerate(growing):
        widths[i] += share + (1 if n < rest else 0)


def _cut_left(text: str, cells: int) -> str:
    """The longest start of `text` that takes at most `cells` terminal cells."""
    used = 0
    for n, ch in enumerate(text):
        used += get_character_cell_size(ch)
        if used > cells:
            return text[:n]
    return text


def _cut_right(text: str, cells: int) -> str:
    """The longest end of `text` that takes at most `cells` terminal cells."""
    used = 0
    for n in range(len(text) - 1, -1, -1):
        used += get_character_cell_size(text[n])
        if used > cells:
            return text[n + 1 :]
    return text


def shorten(text: str, width: int, how: str = "end") -> str:
    """`text` cut to `width` terminal cells with one "…" where it was cut.

    "end" keeps the start (`abcdefgh…`); "middle" keeps both ends (`2c9f…a41e`), which tells ids
    apart. Never longer than `width`; a width below 1 gives "", a width of 1 gives "…".
    """
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    room = width - 1
    if how == "middle":
        tail = room // 2
        return _cut_left(text, room - tail) + ELLIPSIS + (_cut_right(text, tail) if tail else "")
    return _cut_left(text, room) + ELLIPSIS


def safe_text(text: str) -> str:
    """Engine text as it can be shown: C0/C1 control characters (ESC, BEL, newline, tab, DEL...) and
    bidirectional overrides become visible escapes (`\\x1b`, `\\x07`, `\\u202e`), so a name can not
    move the cursor, retitle the terminal or reorder the line."""
    return safe(text, layout=False)
