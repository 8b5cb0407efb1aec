"""Screens that show one item another way, named by import path so the kinds stay free of Textual."""

from __future__ import annotations

from camtui.api.capabilities import Capability
from camtui.kinds.base import View

DIAGRAM_SCREEN = "camtui.ui.screens.diagram_view:DiagramScreen"
# the definition's diagram with the instances waiting at each element and its incidents
DEFINITION_DIAGRAM = View("v", "Diagram", DIAGRAM_SCREEN, Capability.DEFINITION_LIST)
# the instance's diagram: where it is, where it failed, where it has been
INSTANCE_DIAGRAM = View("v", "Diagram", DIAGRAM_SCREEN, Capability.INSTANCE_LIST)
