"""BPMN diagrams on a character grid: parse (safely), lay out when there is no DI, render with live counts.

Pure: no Textual, no Rich, no HTTP. The console and the command line colour the style names.
"""

from camtui.diagram.model import Category, Diagram, Document, Shape
from camtui.diagram.parse import DiagramError, parse
from camtui.diagram.render import INSTANCE_LEGEND, LEGEND, Overlay, Rendered, render

__all__ = [
    "INSTANCE_LEGEND",
    "LEGEND",
    "Category",
    "Diagram",
    "DiagramError",
    "Document",
    "Overlay",
    "Rendered",
    "Shape",
    "parse",
    "render",
]
