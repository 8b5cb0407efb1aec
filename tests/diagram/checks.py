"""What a user checks on a drawing, checked on the character grid itself."""

from __future__ import annotations

from collections import deque

from camtui.diagram import Category, Diagram, Document, Rendered
from camtui.diagram.canvas import DASHED, DOTTED, SOLID, Rect
from camtui.diagram.model import EdgeKind
from camtui.diagram.text import text_width

N, E, S, W = 1, 2, 4, 8
STEP = {N: (0, -1), E: (1, 0), S: (0, 1), W: (-1, 0)}
OPPOSITE = {N: S, S: N, E: W, W: E}
GLYPH_BITS = {ch: bits for table in (SOLID, DASHED, DOTTED) for bits, ch in table.items()}
ARROW_INTO = {"▶": E, "◀": W, "▼": S, "▲": N, "▷": E, "◁": W, "▽": S, "△": N}


def grid(r: Rendered) -> list[str]:
    """One character per cell (a wide character's second cell is a space here)."""
    rows = []
    for line in r.plain():
        cells: list[str] = []
        for ch in line:
            cells.append(ch)
            if text_width(ch) == 2:
                cells.append("")
        rows.append("".join(c or "\0" for c in cells))
    return rows


def at(rows: list[str], col: int, row: int) -> str:
    return rows[row][col] if 0 <= row < len(rows) and 0 <= col < len(rows[row]) else " "


def within_width(r: Rendered, cols: int) -> None:
    for number, line in enumerate(r.plain()):
        assert text_width(line) <= cols, f"line {number} is {text_width(line)} cells, more than {cols}: {line!r}"


def names_once(doc: Document, diagram: Diagram, r: Rendered) -> None:
    """Every drawn flow node's name is written whole, once, where the grid shows it."""
    rows = r.plain()
    for shape in diagram.shapes:
        e = shape.element
        if not e.is_flow_node or not e.name:
            continue
        spots = r.names.get(e.id)
        assert spots, f"{e.id}: name {e.name!r} not drawn"
        assert " ".join(text for _, _, text in spots) == e.name, f"{e.id}: {spots} is not {e.name!r}"
        for col, row, text in spots:
            line = rows[row]
            assert _cells(line, col, text_width(text)) == text, f"{e.id}: {text!r} not on row {row}: {line!r}"
    single = [s.element.name for s in diagram.shapes if s.element.is_flow_node and s.element.name]
    for name in single:
        if single.count(name) == 1 and " " not in name:
            assert "\n".join(rows).count(name) >= 1


def _cells(line: str, col: int, cells: int) -> str:
    out, position = [], 0
    for ch in line:
        if col <= position < col + cells:
            out.append(ch)
        position += text_width(ch)
    return "".join(out)


def no_overlaps(doc: Document, diagram: Diagram, r: Rendered) -> None:
    """No two flow nodes share a cell, unless one sits in the other (a sub-process's content, a
    boundary event on its host)."""
    nodes = [s for s in diagram.shapes if s.element.is_flow_node]
    for index, a in enumerate(nodes):
        for b in nodes[index + 1 :]:
            if _related(doc, a.element.id, b.element.id):
                continue
            ra, rb = r.boxes[a.element.id], r.boxes[b.element.id]
            assert not ra.overlaps(rb), f"{a.element.id} {ra} overlaps {b.element.id} {rb}"


def _related(doc: Document, a: str, b: str) -> bool:
    def chain(x: str) -> set[str]:
        seen = set()
        element = doc.elements.get(x)
        while element is not None and element.id not in seen:
            seen.add(element.id)
            element = doc.elements.get(element.attached_to or element.parent)
        return seen

    return b in chain(a) or a in chain(b)


def flows_connected(diagram: Diagram, r: Rendered) -> None:
    """Each sequence flow: an arrow head next to its target, and a drawn line from it back to a cell
    next to its source."""
    rows = grid(r)
    for edge in diagram.edges:
        flow = edge.flow
        if flow.kind is not EdgeKind.SEQUENCE or flow.source not in r.boxes or flow.target not in r.boxes:
            continue
        source, target = r.boxes[flow.source], r.boxes[flow.target]
        arrows = [
            (col, row)
            for col, row in _ring(target)
            if (d := ARROW_INTO.get(at(rows, col, row))) and target.contains(col + STEP[d][0], row + STEP[d][1])
        ]
        assert arrows, f"{flow.id}: no arrow into {flow.target} at {target}"
        assert any(_reaches(rows, start, source) for start in arrows), f"{flow.id}: no line from {flow.source}"


def _ring(rect: Rect) -> list[tuple[int, int]]:
    cells = [(c, rect.row - 1) for c in range(rect.col, rect.right + 1)]
    cells += [(c, rect.bottom + 1) for c in range(rect.col, rect.right + 1)]
    cells += [(rect.col - 1, r) for r in range(rect.row, rect.bottom + 1)]
    cells += [(rect.right + 1, r) for r in range(rect.row, rect.bottom + 1)]
    return cells


def _bits(ch: str) -> int:
    if ch in ARROW_INTO:
        d = ARROW_INTO[ch]
        return d | OPPOSITE[d]
    return GLYPH_BITS.get(ch, 0)


def _reaches(rows: list[str], start: tuple[int, int], source: Rect) -> bool:
    seen = {start}
    queue = deque([start])
    while queue:
        col, row = queue.popleft()
        bits = _bits(at(rows, col, row))
        for d, (dc, dr) in STEP.items():
            if not bits & d:
                continue
            nxt = (col + dc, row + dr)
            if source.contains(*nxt):
                return True
            if nxt not in seen and _bits(at(rows, *nxt)) & OPPOSITE[d]:
                seen.add(nxt)
                queue.append(nxt)
    return False


def drawable(diagram: Diagram) -> bool:
    return any(s.category is not Category.POOL for s in diagram.shapes)
