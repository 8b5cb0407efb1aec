"""A diagram on a character grid of a given width: shapes, flows, names, live counts, as styled runs.

The diagram's coordinates are scaled to fit the width (times the zoom); rows are scaled so a task
keeps room for two lines of its name. Styles are names ("task", "incident", "badge-running", ...);
the console and the command line each turn them into colours. What cannot be drawn is listed in
`Rendered.problems`, never raised.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from camtui.diagram.canvas import Canvas, Rect
from camtui.diagram.model import Bounds, Category, Diagram, Edge, EdgeKind, Shape
from camtui.diagram.text import fit, text_width, wrap

# columns per diagram pixel at most when fitting (a 100 px task is 20 columns), and rows per pixel
# at least (an 80 px task is 4 rows: two lines of its name)
MAX_FIT = 0.2
MIN_ROWS_PER_PX = 0.05
# terminal cells are about twice as tall as wide
ASPECT = 0.5
MAX_CELLS = 4_000_000

EVENT_MARKS = {
    "message": "✉",
    "timer": "◷",
    "error": "ϟ",
    "signal": "△",
    "escalation": "⇑",
    "conditional": "≡",
    "compensate": "⟲",
    "link": "⇨",
    "terminate": "●",
    "cancel": "✕",
    "multiple": "✱",
}
EVENT_TYPES = {"startEvent": "○", "endEvent": "◉", "boundaryEvent": "◎"}
GATEWAY_MARKS = {"exclusive": "X", "parallel": "+", "inclusive": "O", "complex": "*", "eventBased": "◇"}
TASK_TAGS = {
    "userTask": "user",
    "serviceTask": "service",
    "scriptTask": "script",
    "sendTask": "send",
    "receiveTask": "receive",
    "manualTask": "manual",
    "businessRuleTask": "rule",
    "callActivity": "call",
}
BORDERS = {
    # top-left, top, top-right, side, bottom-left, bottom-right
    "round": "╭─╮│╰╯",
    "thick": "┏━┓┃┗┛",
    "double": "╔═╗║╚╝",
    "dashed": "╭┄╮┆╰╯",
}
# the line bit (canvas N, E, S, W) that points at a neighbouring cell
TOWARDS = {(1, 0): 2, (-1, 0): 8, (0, 1): 4, (0, -1): 1}
ARROWS = {(1, 0): "▶", (-1, 0): "◀", (0, 1): "▼", (0, -1): "▲"}
LEGEND = "●N instances waiting there   !N open incidents"
INSTANCE_LEGEND = "●N active there   !N open incidents   dim: passed"


@dataclass(frozen=True)
class Overlay:
    """Live state drawn over the diagram. A definition: instances waiting and incidents per element.
    An instance: its active elements (running), those with an incident, those it has passed."""

    running: Mapping[str, int] = field(default_factory=dict)
    incidents: Mapping[str, int] = field(default_factory=dict)
    passed: frozenset[str] = frozenset()
    selected: str | None = None
    badges: bool = True


@dataclass
class Rendered:
    cols: int
    rows: int
    lines: list[list[tuple[str, str]]]
    # where each drawn element is, in cells
    boxes: dict[str, Rect]
    problems: list[str]
    legend: bool = False
    # where each element's name was written: (column, row, text) per line
    names: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)

    def plain(self) -> list[str]:
        return ["".join(text for text, _ in line) for line in self.lines]


@dataclass(frozen=True)
class Scale:
    sx: float
    sy: float
    x0: float
    y0: float

    def col(self, x: float) -> int:
        return round((x - self.x0) * self.sx)

    def row(self, y: float) -> int:
        return round((y - self.y0) * self.sy)

    def rect(self, b: Bounds) -> Rect:
        col, row = self.col(b.x), self.row(b.y)
        return Rect(col, row, max(self.col(b.right) - col, 1), max(self.row(b.bottom) - row, 1))


def extent(diagram: Diagram) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for s in diagram.shapes:
        xs += [s.bounds.x, s.bounds.right]
        ys += [s.bounds.y, s.bounds.bottom]
    for e in diagram.edges:
        xs += [x for x, _ in e.waypoints]
        ys += [y for _, y in e.waypoints]
    if not xs:
        return 0.0, 0.0, 1.0, 1.0
    return min(xs), min(ys), max(xs), max(ys)


def scale_for(diagram: Diagram, cols: int, zoom: float = 1.0) -> Scale:
    x0, y0, x1, _y1 = extent(diagram)
    span = max(x1 - x0, 1.0)
    sx = min(MAX_FIT, max(cols - 2, 1) / span) * zoom
    sy = max(sx * ASPECT, MIN_ROWS_PER_PX * min(zoom, 1.0))
    return Scale(sx, sy, x0 - 1 / sx if sx else x0, y0)


def render(diagram: Diagram, cols: int, *, zoom: float = 1.0, overlay: Overlay | None = None) -> Rendered:
    """Draw `diagram` `cols` columns wide (wider when zoomed in)."""
    overlay = overlay or Overlay()
    zoom = zoom if math.isfinite(zoom) and zoom > 0 else 1.0
    scale = scale_for(diagram, cols, zoom)
    _x0, _y0, x1, y1 = extent(diagram)
    width = scale.col(x1) + 2
    height = scale.row(y1) + 3
    problems: list[str] = []
    if width * height > MAX_CELLS:
        height = max(MAX_CELLS // max(width, 1), 1)
        problems.append("the drawing is cut at the bottom: it would be too big at this zoom")
    canvas = Canvas(width if zoom > 1 else min(width, cols), height)
    painter = _Painter(canvas, scale, overlay, problems)
    painter.paint(diagram)
    lines = canvas.spans()
    while lines and not lines[-1]:
        lines.pop()
    return Rendered(
        cols=canvas.cols,
        rows=len(lines),
        lines=lines,
        boxes=painter.boxes,
        problems=problems,
        legend=bool(overlay.running or overlay.incidents),
        names=painter.names,
    )


class _Painter:
    def __init__(self, canvas: Canvas, scale: Scale, overlay: Overlay, problems: list[str]) -> None:
        self.canvas = canvas
        self.scale = scale
        self.overlay = overlay
        self.problems = problems
        self.boxes: dict[str, Rect] = {}
        # arrow heads go on after the lines are joined
        self.arrows: list[tuple[int, int, str, str]] = []
        self.names: dict[str, list[tuple[int, int, str]]] = {}

    def paint(self, diagram: Diagram) -> None:
        for s in diagram.shapes:
            self.boxes[s.element.id] = self.box_of(s)
        back = [s for s in diagram.shapes if s.category in (Category.POOL, Category.LANE, Category.GROUP)]
        lanes = [s for s in back if s.category is Category.LANE]
        self.parent_lanes = {
            a.element.id
            for a in lanes
            for b in lanes
            if a is not b and a.bounds.x < b.bounds.x and _within(b.bounds, a.bounds)
        }
        containers = [s for s in diagram.shapes if s.category is Category.SUBPROCESS]
        front = [s for s in diagram.shapes if s not in back and s not in containers]
        for s in back:
            self.band(s)
        for s in containers:
            self.container(s)
        for edge in diagram.edges:
            self.edge(edge)
        self.canvas.finish()
        for col, row, arrow, style in self.arrows:
            self.canvas.put(col, row, arrow, style)
        for s in containers:
            self.container_name(s)
        for s in sorted(front, key=lambda s: s.category is Category.EVENT):
            self.shape(s)
        for s in back:
            self.band_name(s)
        for s in diagram.shapes:
            if s.category in (Category.EVENT, Category.GATEWAY, Category.DATA):
                self.outside_label(s)
        for edge in diagram.edges:
            self.edge_label(edge)
        if self.overlay.badges:
            for s in diagram.shapes:
                self.badges(s)

    def box_of(self, s: Shape) -> Rect:
        """The cells of a shape; an event is just its three-cell glyph on the row of its centre, so
        flows reach it."""
        rect = self.scale.rect(s.bounds)
        if s.category in (Category.POOL, Category.LANE):
            # bands share their borders with their neighbours: both edges are drawn
            return Rect(rect.col, rect.row, rect.w + 1, rect.h + 1)
        if s.category is Category.EVENT and rect.w >= 3:
            row = min(max(self.scale.row(s.bounds.cy), rect.row), rect.bottom)
            return Rect(rect.col + (rect.w - 3) // 2, row, 3, 1)
        return rect

    # -- styles -------------------------------------------------------------------------------------

    def style(self, s: Shape, base: str) -> str:
        eid = s.element.id
        if eid == self.overlay.selected:
            return "selected"
        if self.overlay.incidents.get(eid):
            return "incident"
        if self.overlay.running.get(eid):
            return "active"
        if eid in self.overlay.passed:
            return "passed"
        return base

    # -- pools, lanes, groups, expanded sub-processes -------------------------------------------------

    def band(self, s: Shape) -> None:
        rect = self.boxes[s.element.id]
        dash = "dashed" if s.category is Category.GROUP else ""
        self.canvas.box(rect, s.category.value, dash)

    def band_name(self, s: Shape) -> None:
        name = s.element.name
        if not name:
            return
        rect = self.boxes[s.element.id]
        if s.category is Category.LANE and s.element.id in self.parent_lanes:
            # its own header strip is narrow: the name reads downwards, as in the modelling tools
            for index, ch in enumerate(fit(name, rect.h - 2)):
                self.canvas.text(rect.col + 1, rect.row + 1 + index, ch, "lane-name", over="blank")
        elif s.category is Category.LANE:
            # inside, top left, only where nothing else is
            self.canvas.text(rect.col + 1, rect.row + 1, fit(name, rect.w - 2), "lane-name", over="blank")
        else:
            label = fit(f" {name} ", rect.w - 4)
            self.canvas.text(rect.col + 2, rect.row, label, f"{s.category.value}-name", over="free")

    def container(self, s: Shape) -> None:
        rect = self.boxes[s.element.id]
        dash = "dotted" if s.element.triggered_by_event else ""
        self.canvas.box(rect, self.style(s, "subprocess"), dash)

    def container_name(self, s: Shape) -> None:
        rect = self.boxes[s.element.id]
        name = s.element.name or ""
        if s.element.type == "transaction":
            name = f"{name} (transaction)".strip()
        if name and rect.h > 2:
            self.name(s, rect.col + 2, rect.row + 1, fit(name, rect.w - 4), self.style(s, "subprocess-name"))
        elif name:
            self.name(s, rect.col + 2, rect.row, fit(name, rect.w - 4), self.style(s, "subprocess-name"))

    def name(self, s: Shape, col: int, row: int, text: str, style: str, *, solid: bool = False) -> None:
        self.canvas.text(col, row, text, style, solid=solid)
        self.names.setdefault(s.element.id, []).append((col, row, text))

    # -- flow nodes -------------------------------------------------------------------------------------

    def shape(self, s: Shape) -> None:
        match s.category:
            case Category.EVENT:
                self.event(s)
            case Category.GATEWAY:
                self.gateway(s)
            case Category.ANNOTATION:
                self.annotation(s)
            case Category.DATA:
                self.data(s)
            case _:
                self.task(s)

    def task(self, s: Shape) -> None:
        rect = self.boxes[s.element.id]
        style = self.style(s, "task")
        kind = "round"
        if s.element.type == "callActivity":
            kind = "thick"
        elif s.element.type == "transaction":
            kind = "double"
        elif s.element.triggered_by_event:
            kind = "dashed"
        self.frame(rect, style, kind)
        c = self.canvas
        tag = TASK_TAGS.get(s.element.type)
        if tag and rect.w >= len(tag) + 8:
            c.text(rect.col + 1, rect.row, tag, style)
        if s.category is Category.COLLAPSED and rect.w >= 5 and rect.h >= 2:
            c.text(rect.col + (rect.w - 3) // 2, rect.bottom, "[+]", style)
        name = s.element.name or ""
        if not name:
            return
        if rect.h >= 3 and rect.w >= 3:
            lines = wrap(name, rect.w - 2, rect.h - 2)
            top = rect.row + 1 + (rect.h - 2 - len(lines)) // 2
            for index, line in enumerate(lines):
                self.name(s, rect.col + 1 + (rect.w - 2 - text_width(line)) // 2, top + index, line, style)
        elif rect.w >= 3:
            # no room inside: on the top border
            self.name(s, rect.col + 1, rect.row, fit(name, rect.w - 2), style)
        else:
            self.problems.append(f"too small to name at this width: {s.element.type} {s.element.id} {name!r}")

    def frame(self, rect: Rect, style: str, kind: str) -> None:
        tl, h, tr, v, bl, br = tuple(BORDERS[kind])
        c = self.canvas
        c.fill(rect, style)
        if rect.w == 1 or rect.h == 1:
            for row in range(rect.row, rect.bottom + 1):
                c.text(rect.col, row, "▭" * rect.w, style, solid=True)
            return
        c.span(rect.col + 1, rect.right - 1, range(rect.row, rect.bottom + 1, max(rect.h - 1, 1)), h, style)
        c.span(rect.col, rect.col, range(rect.row + 1, rect.bottom), v, style)
        c.span(rect.right, rect.right, range(rect.row + 1, rect.bottom), v, style)
        c.put(rect.col, rect.row, tl, style, solid=True)
        c.put(rect.right, rect.row, tr, style, solid=True)
        c.put(rect.col, rect.bottom, bl, style, solid=True)
        c.put(rect.right, rect.bottom, br, style, solid=True)

    def event(self, s: Shape) -> None:
        rect = self.boxes[s.element.id]
        e = s.element
        mark = EVENT_MARKS.get(e.trigger) or EVENT_TYPES.get(e.type, "◎")
        style = self.style(s, "event-end" if e.type == "endEvent" else "event")
        row = rect.row + (rect.h - 1) // 2
        c = self.canvas
        if rect.w >= 3:
            left, right = ("(", ")") if e.cancel_activity else ("⁽", "⁾")
            for offset, ch in enumerate((left, mark, right)):
                c.put(rect.col + offset, row, ch, style, solid=True)
        else:
            c.put(rect.col + (rect.w - 1) // 2, row, mark, style, solid=True)

    def gateway(self, s: Shape) -> None:
        rect = self.boxes[s.element.id]
        style = self.style(s, "gateway")
        mark = GATEWAY_MARKS.get(s.element.trigger, "?")
        c = self.canvas
        if rect.w < 3:
            c.put(rect.col, rect.row + (rect.h - 1) // 2, "◇", style, solid=True)
            return
        c.fill(rect, style)
        mid = rect.col + (rect.w - 1) // 2
        if rect.h == 1:
            c.text(mid - 1, rect.row, f"<{mark}>", style, solid=True)
            return
        c.put(rect.col, rect.row, "╱", style, solid=True)
        c.put(rect.right, rect.row, "╲", style, solid=True)
        c.put(rect.col, rect.bottom, "╲", style, solid=True)
        c.put(rect.right, rect.bottom, "╱", style, solid=True)
        for col in range(rect.col + 1, rect.right):
            c.put(col, rect.row, "─" if rect.h > 2 else " ", style, solid=True)
            c.put(col, rect.bottom, "─", style, solid=True)
        for row in range(rect.row + 1, rect.bottom):
            c.put(rect.col, row, "<", style, solid=True)
            c.put(rect.right, row, ">", style, solid=True)
        c.put(mid, rect.row + (rect.h - 1) // 2 if rect.h > 2 else rect.row, mark, style, solid=True)

    def annotation(self, s: Shape) -> None:
        rect = self.boxes[s.element.id]
        c = self.canvas
        for row in range(rect.row, rect.bottom + 1):
            c.put(rect.col, row, "[" if row == rect.row else "│", "annotation", solid=True)
        lines = wrap(s.element.name or "", rect.w - 2, max(rect.h, 1))
        for index, line in enumerate(lines):
            c.text(rect.col + 2, rect.row + index, line, "annotation", over="free")

    def data(self, s: Shape) -> None:
        rect = self.boxes[s.element.id]
        mark = "⛁" if s.element.type == "dataStoreReference" else "▤"
        self.canvas.put(rect.col + (rect.w - 1) // 2, rect.row + (rect.h - 1) // 2, mark, "data", solid=True)

    def outside_label(self, s: Shape) -> None:
        """An event's, gateway's or data object's name: in its label bounds, else under the shape."""
        name = s.element.name
        if not name:
            return
        rect = self.boxes[s.element.id]
        if s.label is not None:
            box = self.scale.rect(s.label)
            cells = max(box.w + 2, rect.w + 4, 14)
            centre, top = box.col + box.w // 2, box.row
        else:
            cells = max(rect.w + 6, 14)
            centre, top = rect.col + rect.w // 2, rect.bottom + 1
        lines = wrap(name, min(cells, self.canvas.cols), 2)
        style = self.style(s, "label")
        # where it was meant to be, else beside the shape, or a row lower or higher; never over a
        # shape or another name, over a flow only when nowhere else is free
        widest = max((text_width(line) for line in lines), default=0)
        anchors = [
            ("centre", centre, top),
            ("left", rect.right + 2, rect.row),
            ("right", rect.col - 2, rect.row),
            ("centre", centre, top + 1),
            ("centre", centre, rect.row - len(lines)),
        ]
        for blank in (True, False):
            for align, col0, row0 in anchors:
                spots = []
                for index, line in enumerate(lines):
                    w = text_width(line)
                    col = {"centre": col0 - w // 2, "left": col0, "right": col0 - widest + (widest - w) // 2}[align]
                    # kept inside the canvas: a name at the left edge is not cut
                    col = min(max(col, 0), self.canvas.cols - w)
                    spots.append((col, row0 + index, line))
                if all(self.canvas.free(col, row, text_width(line), blank=blank) for col, row, line in spots):
                    for col, row, line in spots:
                        self.name(s, col, row, line, style, solid=True)
                    return
        self.problems.append(f"no room for the name of {s.element.type} {s.element.id}: {name!r}")

    # -- flows ----------------------------------------------------------------------------------------

    def edge(self, edge: Edge) -> None:
        flow = edge.flow
        points = [(self.scale.col(x), self.scale.row(y)) for x, y in edge.waypoints]
        source, target = self.boxes.get(flow.source), self.boxes.get(flow.target)
        if not points:
            if source is None or target is None:
                return
            points = [_centre(source), _centre(target)]
        if source is not None:
            _align(points, source, 0, 1)
            points.insert(0, _clamp(points[0], source))
        if target is not None:
            _align(points, target, -1, -2)
            points.append(_clamp(points[-1], target))
        cells = _cells(points)
        start = 0
        while source is not None and start < len(cells) - 1 and source.contains(*cells[start][:2]):
            start += 1
        end = len(cells)
        while target is not None and end > start + 1 and target.contains(*cells[end - 1][:2]):
            end -= 1
        route = cells[max(start - 1, 0) : end + 1] if source is not None else cells[: end + 1]
        style, dash = {
            EdgeKind.SEQUENCE: ("flow", ""),
            EdgeKind.MESSAGE: ("message-flow", "dashed"),
            EdgeKind.ASSOCIATION: ("association", "dotted"),
            EdgeKind.DATA: ("association", "dotted"),
        }[flow.kind]
        if flow.source in self.overlay.passed and flow.target in self.overlay.passed | set(self.overlay.running):
            style = "passed-flow"
        c = self.canvas
        last = len(route) - 1
        for index, (col, row, _) in enumerate(route):
            if (source is not None and source.contains(col, row)) or (target is not None and target.contains(col, row)):
                continue
            bits = 0
            if index > 0:
                bits |= TOWARDS.get((route[index - 1][0] - col, route[index - 1][1] - row), 0)
            if index < last:
                bits |= TOWARDS.get((route[index + 1][0] - col, route[index + 1][1] - row), 0)
            c.link(col, row, bits, style, dash)
        if flow.kind in (EdgeKind.SEQUENCE, EdgeKind.MESSAGE) and end - 1 > start and end < len(cells):
            col, row, _ = cells[end - 1]
            arrow = ARROWS.get(cells[end][2])
            if arrow and flow.kind is EdgeKind.MESSAGE:
                arrow = {"▶": "▷", "◀": "◁", "▼": "▽", "▲": "△"}[arrow]
            if arrow:
                self.arrows.append((col, row, arrow, style))

    def edge_label(self, edge: Edge) -> None:
        name = edge.flow.name
        if not name or not edge.waypoints:
            return
        if edge.label is not None:
            box = self.scale.rect(edge.label)
            col, row = box.col, box.row
        else:
            middle = len(edge.waypoints) // 2
            (ax, ay), (bx, by) = edge.waypoints[max(middle - 1, 0)], edge.waypoints[middle]
            col, row = self.scale.col((ax + bx) / 2) + 1, self.scale.row((ay + by) / 2) - 1
        text = fit(name, 16)
        if self.canvas.blank(col, row, text_width(text)):
            self.canvas.text(col, row, text, "flow-label", over="blank")

    # -- live counts ------------------------------------------------------------------------------------

    def badges(self, s: Shape) -> None:
        eid = s.element.id
        running, incidents = self.overlay.running.get(eid, 0), self.overlay.incidents.get(eid, 0)
        if not running and not incidents:
            return
        rect = self.boxes[eid]
        c = self.canvas
        if s.category in (Category.TASK, Category.COLLAPSED, Category.SUBPROCESS) and rect.w >= 6 and rect.h >= 2:
            if running:
                c.text(rect.col + 1, rect.bottom, f"●{running}", "badge-running", solid=True)
            if incidents:
                text = f"!{incidents}"
                c.text(rect.right - text_width(text), rect.bottom, text, "badge-incident", solid=True)
            return
        # small shapes: just right of the shape, on its top row
        col = rect.right + 1
        if running:
            col += c.text(col, rect.row, f"●{running}", "badge-running", solid=True)
        if incidents:
            c.text(col, rect.row, f"!{incidents}", "badge-incident", solid=True)


def _within(inner: Bounds, outer: Bounds) -> bool:
    return outer.x <= inner.x and inner.right <= outer.right and outer.y <= inner.y and inner.bottom <= outer.bottom


def _centre(rect: Rect) -> tuple[int, int]:
    return rect.col + rect.w // 2, rect.row + rect.h // 2


def _align(points: list[tuple[int, int]], rect: Rect, end: int, before: int) -> None:
    """A straight last (or first) segment that rounding moved off the shape's rows or columns moves
    back onto them whole, so it still meets the shape head-on (the jog goes further from it)."""
    if len(points) < 2:
        return
    (col, row), (prev_col, prev_row) = points[end], points[before]
    if row == prev_row and not rect.row <= row <= rect.bottom:
        row = min(max(row, rect.row), rect.bottom)
        points[end], points[before] = (col, row), (prev_col, row)
    elif col == prev_col and not rect.col <= col <= rect.right:
        col = min(max(col, rect.col), rect.right)
        points[end], points[before] = (col, row), (col, prev_row)


def _clamp(point: tuple[int, int], rect: Rect) -> tuple[int, int]:
    col, row = point
    return min(max(col, rect.col), rect.right), min(max(row, rect.row), rect.bottom)


def _cells(points: list[tuple[int, int]]) -> list[tuple[int, int, tuple[int, int]]]:
    """Every cell the route passes, with the direction it is entered; a slanted step goes across
    first, then down or up."""
    cells: list[tuple[int, int, tuple[int, int]]] = [(points[0][0], points[0][1], (0, 0))]
    col, row = points[0]
    for target_col, target_row in points[1:]:
        if target_col != col:
            step = 1 if target_col > col else -1
            cells.extend((c, row, (step, 0)) for c in range(col + step, target_col + step, step))
            col = target_col
        if target_row != row:
            step = 1 if target_row > row else -1
            cells.extend((col, r, (0, step)) for r in range(row + step, target_row + step, step))
            row = target_row
    return cells
