"""`v` on a definition or an instance: its BPMN diagram with live counts.

A definition shows the instances waiting at each element and its incidents; an instance its active
elements, those with an incident (red) and those it has passed (dim). `+`/`-` zoom, arrows and
`hjkl` pan, `tab` walks the elements in flow order, `enter` lists the instances waiting at the
selected element (on an instance: its incidents there), `[` and `]` switch between the diagrams of
a file that has several. Parsing and drawing run in a thread: a big diagram never stalls the console.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Footer, Static

from camtui.api.models import IncidentFilter, InstanceFilter
from camtui.diagram import Document, Overlay, Rendered, render
from camtui.diagram.live import Live, definition_diagram, instance_diagram
from camtui.kinds.format import safe
from camtui.kinds.registry import by_singular, kind
from camtui.ui.context import context
from camtui.ui.screens.base import CamtuiScreen
from camtui.ui.session import Session
from camtui.ui.widgets.diagram_canvas import DiagramCanvas
from camtui.ui.widgets.status_header import StatusHeader

ZOOM_STEP = 1.5
MIN_ZOOM, MAX_ZOOM = 1 / 8, 16.0
PAN_X, PAN_Y = 8, 3


class DiagramScreen(CamtuiScreen[None]):
    DEFAULT_CSS = """
    DiagramScreen #diagram-info { height: auto; max-height: 3; padding: 0 1; background: $panel; }
    DiagramScreen #diagram-notes { height: auto; max-height: 6; padding: 0 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="diagram.back"),
        Binding("plus,equals_sign", "zoom(1)", "Zoom +", id="diagram.zoom_in"),
        Binding("minus", "zoom(-1)", "Zoom -", id="diagram.zoom_out"),
        Binding("0", "zoom(0)", "Fit", id="diagram.fit"),
        Binding("tab", "walk(1)", "Next element", id="diagram.next"),
        Binding("shift+tab", "walk(-1)", "Previous element", show=False, id="diagram.previous"),
        Binding("enter", "open", "Open", id="diagram.open"),
        Binding("ctrl+r", "refresh", "Refresh", id="diagram.refresh"),
        Binding("left,h", f"pan(-{PAN_X}, 0)", "Pan", show=False, id="diagram.left"),
        Binding("right,l", f"pan({PAN_X}, 0)", "Pan", show=False, id="diagram.right"),
        Binding("up,k", f"pan(0, -{PAN_Y})", "Pan", show=False, id="diagram.up"),
        Binding("down,j", f"pan(0, {PAN_Y})", "Pan", show=False, id="diagram.down"),
        Binding("right_square_bracket", "diagram(1)", "Next diagram", show=False, id="diagram.next_diagram"),
        Binding("left_square_bracket", "diagram(-1)", "Previous diagram", show=False, id="diagram.previous_diagram"),
    ]

    class Loaded(Message):
        def __init__(self, live: Live, document: Document) -> None:
            super().__init__()
            self.live = live
            self.document = document

    class Drawn(Message):
        def __init__(self, rendered: Rendered, key: tuple[int, float, int]) -> None:
            super().__init__()
            self.rendered = rendered
            self.key = key

    def __init__(self, session: Session, kind_name: str, item_id: str) -> None:
        super().__init__()
        self.session = session
        self.kind_name = kind_name
        self.item_id = item_id
        self.live: Live | None = None
        self.document: Document | None = None
        self.rendered: Rendered | None = None
        self.index = 0  # which diagram of the file
        self.zoom = 1.0
        self.selected: str | None = None
        self.title = "Diagram"

    @property
    def VIEW(self) -> str:
        return "diagram"

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status-header")
        yield Static(id="crumbs")
        yield DiagramCanvas(id="diagram")
        yield Static("loading…", id="diagram-info")
        yield Static(id="diagram-notes")
        yield Footer()

    def on_mount(self) -> None:
        context(self).sync_header(self.query_one(StatusHeader))
        self.crumbs()
        self.load()

    def crumbs(self) -> None:
        what = "instances" if self.kind_name == "instance" else "definitions"
        text = " › ".join([self.session.name, what, self.item_id, "diagram"])
        self.query_one("#crumbs", Static).update(Text(safe(text, layout=False), style="bold"))

    @property
    def canvas(self) -> DiagramCanvas:
        return self.query_one(DiagramCanvas)

    # -- loading and drawing ----------------------------------------------------------------------

    @work(exclusive=True, group="diagram-load", exit_on_error=False)
    async def load(self) -> None:
        engine = self.session.engine
        if self.kind_name == "instance":
            live = await instance_diagram(engine, self.item_id)
        else:
            live = await definition_diagram(engine, await engine.definitions.get(self.item_id))
        document = await self.parse(live).wait()
        self.post_message(self.Loaded(live, document))

    @work(thread=True, exclusive=True, group="diagram-parse", exit_on_error=False)
    def parse(self, live: Live) -> Document:
        return live.document()

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        self.live, self.document = message.live, message.document
        self.index = min(self.index, max(len(self.document.diagrams) - 1, 0))
        self.draw()

    def draw(self) -> None:
        if self.document is None or not self.document.diagrams:
            self.query_one("#diagram-info", Static).update("nothing to draw")
            return
        width = max(self.canvas.size.width, 20)
        assert self.live is not None
        self.render_diagram(self.index, self.zoom, width, self.live.overlay)

    @work(thread=True, exclusive=True, group="diagram-render", exit_on_error=False)
    def render_diagram(self, index: int, zoom: float, width: int, overlay: Overlay) -> None:
        assert self.document is not None
        rendered = render(self.document.diagrams[index], width, zoom=zoom, overlay=overlay)
        self.post_message(self.Drawn(rendered, (index, zoom, width)))

    @on(Drawn)
    def drawn(self, message: Drawn) -> None:
        if message.key[:2] != (self.index, self.zoom):
            return  # a zoom or diagram that has since changed
        self.rendered = message.rendered
        self.canvas.show(message.rendered)
        self.canvas.focus()
        self.select(self.selected if self.selected in message.rendered.boxes else None)
        self.show_notes()

    def on_resize(self) -> None:
        if self.rendered is not None and self.rendered.cols != self.canvas.size.width and self.zoom <= 1:
            self.draw()

    def show_notes(self) -> None:
        if self.document is None or self.live is None or self.rendered is None:
            return
        diagram = self.document.diagrams[self.index]
        lines = []
        if len(self.document.diagrams) > 1:
            lines.append(f"diagram {self.index + 1} of {len(self.document.diagrams)}: {diagram.name}  ([ and ] switch)")
        elif diagram.computed:
            lines.append(diagram.name)
        if self.rendered.legend:
            lines.append(self.live.legend)
        problems = diagram.problems + self.rendered.problems + self.document.problems
        lines += [f"not drawn: {p}" if not p.startswith("not drawn") else p for p in problems]
        lines += list(self.live.notes)
        self.query_one("#diagram-notes", Static).update(Text(safe("\n".join(lines))))

    # -- moving around ------------------------------------------------------------------------------

    def order(self) -> list[str]:
        if self.document is None or self.rendered is None:
            return []
        boxes = self.rendered.boxes
        return [element_id for element_id in self.document.order if element_id in boxes]

    def action_walk(self, step: int) -> None:
        order = self.order()
        if not order:
            return
        if self.selected in order:
            position = (order.index(self.selected) + step) % len(order)
        else:
            position = 0 if step > 0 else len(order) - 1
        self.select(order[position])

    def select(self, element_id: str | None) -> None:
        self.selected = element_id
        rect = self.rendered.boxes.get(element_id) if self.rendered and element_id else None
        self.canvas.select(rect)
        self.query_one("#diagram-info", Static).update(self.describe(element_id))

    def describe(self, element_id: str | None) -> Text:
        assert self.live is not None
        if element_id is None or self.document is None:
            return Text(safe(f"{self.live.title} — tab walks the elements, + and - zoom", layout=False))
        element = self.document.elements[element_id]
        overlay = self.live.overlay
        parts = [element.id, element.type, element.name or "(no name)"]
        running, incidents = overlay.running.get(element_id, 0), overlay.incidents.get(element_id, 0)
        verb = "active" if self.live.instance_id else "waiting"
        counts = f"{running} {verb}" + (f", {incidents} incident{'s' if incidents != 1 else ''}" if incidents else "")
        if element_id in overlay.passed:
            counts = "passed"
        text = Text(safe("  ".join(parts), layout=False), style="bold")
        text.append("  " + counts, style="red" if incidents else "")
        return text

    def action_pan(self, dx: int, dy: int) -> None:
        self.canvas.pan(dx, dy)

    def action_zoom(self, direction: int) -> None:
        if direction == 0:
            self.zoom = 1.0
        else:
            self.zoom = min(max(self.zoom * ZOOM_STEP**direction, MIN_ZOOM), MAX_ZOOM)
        self.draw()

    def action_diagram(self, step: int) -> None:
        if self.document is None or len(self.document.diagrams) < 2:
            return
        self.index = (self.index + step) % len(self.document.diagrams)
        self.selected = None
        self.draw()

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        context(self).go_back()

    def action_open(self) -> None:
        """The instances waiting at the selected element; on an instance, its incidents there."""
        if self.live is None or self.selected is None:
            self.notify("Select an element first (tab).", severity="warning")
            return
        from camtui.ui.screens.list_view import ListView

        if self.live.instance_id is not None:
            incidents = kind("incidents")
            failed = IncidentFilter(process_instance_id=self.live.instance_id, activity_id=self.selected)
            if incidents.capability in self.session.capabilities:
                self.app.push_screen(ListView(incidents, self.session, failed))
            return
        instances = by_singular("instance")
        waiting = InstanceFilter(definition_id=self.live.definition.id, activity_ids=(self.selected,))
        self.app.push_screen(ListView(instances, self.session, waiting))
