"""A grid of character cells, each with a style name; lines that meet join (├ ┼ ┘).

Lines are kept as direction bits per cell until `finish`, so a flow that meets a border or another
flow becomes a junction instead of overwriting it. Everything outside the grid is dropped: nothing
is ever drawn beyond the width given.
"""

from __future__ import annotations

from dataclasses import dataclass

from camtui.diagram.text import width

N, E, S, W = 1, 2, 4, 8
SOLID = {
    E | W: "─",
    N | S: "│",
    E | S: "┌",
    S | W: "┐",
    N | E: "└",
    N | W: "┘",
    N | E | S: "├",
    N | S | W: "┤",
    E | S | W: "┬",
    N | E | W: "┴",
    N | E | S | W: "┼",
    N: "╵",
    S: "╷",
    E: "╶",
    W: "╴",
}
DASHED = {E | W: "┄", N | S: "┆"}
DOTTED = {E | W: "┈", N | S: "┊"}
# a cell that is the right half of a wide character
CONTINUATION = ""


@dataclass(frozen=True)
class Rect:
    """Cells: column, row, width, height (at least 1 each)."""

    col: int
    row: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.col + self.w - 1

    @property
    def bottom(self) -> int:
        return self.row + self.h - 1

    def contains(self, col: int, row: int) -> bool:
        return self.col <= col <= self.right and self.row <= row <= self.bottom

    def overlaps(self, other: Rect) -> bool:
        return not (
            other.col > self.right or other.right < self.col or other.row > self.bottom or other.bottom < self.row
        )


class Canvas:
    def __init__(self, cols: int, rows: int) -> None:
        self.cols = max(cols, 1)
        self.rows = max(rows, 1)
        self.chars = [[" "] * self.cols for _ in range(self.rows)]
        self.styles = [[""] * self.cols for _ in range(self.rows)]
        self.bits = [[0] * self.cols for _ in range(self.rows)]
        self.dash = [[""] * self.cols for _ in range(self.rows)]
        # cells a shape covers: labels do not write over them
        self.solid = [[False] * self.cols for _ in range(self.rows)]

    def inside(self, col: int, row: int) -> bool:
        return 0 <= col < self.cols and 0 <= row < self.rows

    def put(self, col: int, row: int, ch: str, style: str, *, solid: bool = False) -> None:
        if self.inside(col, row):
            self.chars[row][col] = ch
            self.styles[row][col] = style
            self.bits[row][col] = 0
            if solid:
                self.solid[row][col] = True

    def text(self, col: int, row: int, text: str, style: str, *, over: str = "all", solid: bool = False) -> int:
        """Write `text` from (col, row); `over` "blank" writes only where nothing is, "free" where no
        shape is. Returns the cells written. A wide character that does not fit whole is dropped."""
        written = 0
        for ch in text:
            w = width(ch)
            if not (self.inside(col, row) and self.inside(col + w - 1, row)):
                col += w
                continue
            if over == "free" and any(self.solid[row][col + i] for i in range(w)):
                col += w
                continue
            if over == "blank" and any(self.chars[row][col + i] != " " or self.bits[row][col + i] for i in range(w)):
                col += w
                continue
            self.put(col, row, ch, style, solid=solid)
            if w == 2:
                self.put(col + 1, row, CONTINUATION, style, solid=solid)
            col += w
            written += w
        return written

    def blank(self, col: int, row: int, cells: int) -> bool:
        return all(
            self.inside(c, row) and self.chars[row][c] == " " and not self.bits[row][c] for c in range(col, col + cells)
        )

    def free(self, col: int, row: int, cells: int, *, blank: bool = False) -> bool:
        """Inside, and no shape or name there; with `blank`, no line either."""
        return all(
            self.inside(c, row) and not self.solid[row][c] and not (blank and self.chars[row][c] != " ")
            for c in range(col, col + cells)
        )

    def fill(self, rect: Rect, style: str) -> None:
        """Clear a shape's area (it hides the lines under it) and claim it."""
        self.span(rect.col, rect.right, range(rect.row, rect.bottom + 1), " ", style)

    def span(self, col0: int, col1: int, rows: range, ch: str, style: str) -> None:
        """`ch` on columns col0..col1 of each row, as shape cells: a row at a time, not a cell."""
        lo, hi = max(col0, 0), min(col1, self.cols - 1)
        if lo > hi:
            return
        n = hi - lo + 1
        for row in rows:
            if 0 <= row < self.rows:
                self.chars[row][lo : hi + 1] = [ch] * n
                self.styles[row][lo : hi + 1] = [style] * n
                self.bits[row][lo : hi + 1] = [0] * n
                self.solid[row][lo : hi + 1] = [True] * n

    def link(self, col: int, row: int, bits: int, style: str, dash: str = "") -> None:
        if self.inside(col, row) and not self.solid[row][col]:
            self.bits[row][col] |= bits
            self.styles[row][col] = style
            self.dash[row][col] = dash

    def hline(self, col0: int, col1: int, row: int, style: str, dash: str = "") -> None:
        lo, hi = min(col0, col1), max(col0, col1)
        for col in range(max(lo, 0), min(hi, self.cols - 1) + 1):
            self.link(col, row, (W if col > lo else 0) | (E if col < hi else 0), style, dash)

    def vline(self, col: int, row0: int, row1: int, style: str, dash: str = "") -> None:
        lo, hi = min(row0, row1), max(row0, row1)
        for row in range(max(lo, 0), min(hi, self.rows - 1) + 1):
            self.link(col, row, (N if row > lo else 0) | (S if row < hi else 0), style, dash)

    def box(self, rect: Rect, style: str, dash: str = "") -> None:
        """A rectangle of joinable lines (pools, lanes, groups, expanded sub-processes)."""
        self.hline(rect.col, rect.right, rect.row, style, dash)
        self.hline(rect.col, rect.right, rect.bottom, style, dash)
        self.vline(rect.col, rect.row, rect.bottom, style, dash)
        self.vline(rect.right, rect.row, rect.bottom, style, dash)

    def finish(self) -> None:
        """Lines into characters."""
        for row in range(self.rows):
            bits_row, chars_row, dash_row = self.bits[row], self.chars[row], self.dash[row]
            for col in range(self.cols):
                bits = bits_row[col]
                if not bits:
                    continue
                dash = dash_row[col]
                table = DASHED if dash == "dashed" else DOTTED if dash == "dotted" else SOLID
                chars_row[col] = table.get(bits) or SOLID.get(bits, "·")
                bits_row[col] = 0

    def spans(self) -> list[list[tuple[str, str]]]:
        """Each row as (text, style) runs, trailing blanks dropped."""
        out: list[list[tuple[str, str]]] = []
        for row in range(self.rows):
            chars, styles = self.chars[row], self.styles[row]
            end = self.cols
            while end > 0 and chars[end - 1] == " ":
                end -= 1
            runs: list[tuple[str, str]] = []
            start = 0
            for col in range(1, end + 1):
                if col == end or styles[col] != styles[start]:
                    text = "".join(chars[start:col])
                    style = styles[start] if text.strip() else ""
                    if runs and runs[-1][1] == style:
                        runs[-1] = (runs[-1][0] + text, style)
                    else:
                        runs.append((text, style))
                    start = col
            out.append(runs)
        return out
