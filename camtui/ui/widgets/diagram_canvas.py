"""A window onto a rendered diagram: panned by offsets, the selected element shown reversed.

Only the visible rows are turned into segments (the Line API), so panning a 3000-element drawing
costs the same as a small one; rendering itself happens elsewhere, in a thread.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from camtui.diagram import Rendered
from camtui.diagram.canvas import Rect

STYLES: dict[str, Style] = {
    "task": Style(color="cyan"),
    "subprocess": Style(color="cyan"),
    "subprocess-name": Style(color="cyan", bold=True),
    "event": Style(color="green"),
    # bold, not red: red means an incident
    "event-end": Style(color="green", bold=True),
    "gateway": Style(color="yellow"),
    "pool": Style(dim=True),
    "pool-name": Style(bold=True),
    "lane": Style(dim=True),
    "lane-name": Style(dim=True, bold=True),
    "group": Style(dim=True),
    "annotation": Style(dim=True),
    "data": Style(dim=True),
    "association": Style(dim=True),
    "message-flow": Style(color="blue"),
    "flow-label": Style(dim=True, italic=True),
    "active": Style(color="bright_blue", bold=True),
    "incident": Style(color="bright_red", bold=True),
    "passed": Style(dim=True),
    "passed-flow": Style(dim=True),
    "badge-running": Style(color="bright_white", bgcolor="blue", bold=True),
    "badge-incident": Style(color="bright_white", bgcolor="red", bold=True),
}
SELECTED = Style(reverse=True, bold=True)


class DiagramCanvas(Widget, can_focus=True):
    DEFAULT_CSS = """
    DiagramCanvas { height: 1fr; width: 1fr; }
    """

    offset_x: reactive[int] = reactive(0)
    offset_y: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rendered: Rendered | None = None
        self.selected: Rect | None = None
        self._strips: list[Strip] = []

    def show(self, rendered: Rendered) -> None:
        self.rendered = rendered
        self._strips = [Strip([Segment(text, STYLES.get(style)) for text, style in line]) for line in rendered.lines]
        self.clamp()
        self.refresh()

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def pan(self, dx: int, dy: int) -> None:
        self.offset_x += dx
        self.offset_y += dy
        self.clamp()

    def clamp(self) -> None:
        cols = self.rendered.cols if self.rendered else 0
        rows = len(self._strips)
        self.offset_x = max(0, min(self.offset_x, cols - self.size.width))
        self.offset_y = max(0, min(self.offset_y, rows - self.size.height))

    def reveal(self, rect: Rect) -> None:
        """Pan just enough for `rect` to be in view (its top left when it is bigger than the view)."""
        width, height = self.size.width, self.size.height
        if rect.col < self.offset_x or rect.right >= self.offset_x + width:
            self.offset_x = rect.col - max((width - rect.w) // 2, 0)
        if rect.row < self.offset_y or rect.bottom >= self.offset_y + height:
            self.offset_y = rect.row - max((height - rect.h) // 2, 0)
        self.clamp()

    def select(self, rect: Rect | None) -> None:
        self.selected = rect
        if rect is not None:
            self.reveal(rect)
        self.refresh()

    def watch_offset_x(self) -> None:
        self.refresh()

    def watch_offset_y(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        row = self.offset_y + y
        width = self.size.width
        if row >= len(self._strips):
            return Strip.blank(width)
        strip = self._strips[row]
        left = self.offset_x
        rect = self.selected
        if rect is not None and rect.row <= row <= rect.bottom:
            parts = [
                strip.crop(left, max(rect.col, left)),
                strip.crop(max(rect.col, left), rect.right + 1).apply_style(SELECTED),
                strip.crop(max(rect.right + 1, left), left + width),
            ]
            strip = Strip.join(parts).crop(0, width)
        else:
            strip = strip.crop(left, left + width)
        return strip.extend_cell_length(width)
