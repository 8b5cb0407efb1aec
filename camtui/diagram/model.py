"""What a BPMN diagram is made of, as plain data: shapes with bounds, edges with waypoints.

The parser fills it from BPMN DI (or the layout computes it when there is none); the renderer only
reads it. Coordinates are the diagram's own (pixels of the modelling tool), already checked finite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Category(StrEnum):
    """How a shape is drawn."""

    TASK = "task"
    SUBPROCESS = "subprocess"  # expanded, around its content
    COLLAPSED = "collapsed"  # a collapsed sub-process or a call activity: a box with [+]
    EVENT = "event"
    GATEWAY = "gateway"
    POOL = "pool"
    LANE = "lane"
    ANNOTATION = "annotation"
    DATA = "data"
    GROUP = "group"


class EdgeKind(StrEnum):
    SEQUENCE = "sequence"
    MESSAGE = "message"
    ASSOCIATION = "association"
    DATA = "data"


@dataclass(frozen=True)
class Bounds:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True)
class Element:
    """One element of the semantic model (what the BPMN says, whether or not it is drawn)."""

    id: str
    type: str  # the BPMN tag: userTask, startEvent, exclusiveGateway, subProcess, ...
    name: str | None
    # the process or sub-process that holds it ("" for collaboration-level things)
    parent: str = ""
    # events: timer, message, error, ... ("" for none); gateways: their type
    trigger: str = ""
    attached_to: str | None = None  # boundary events
    cancel_activity: bool = True
    triggered_by_event: bool = False  # event sub-processes
    # pools: the process they show
    process_ref: str | None = None

    @property
    def is_flow_node(self) -> bool:
        return self.type in FLOW_NODE_TYPES or self.type.endswith(("Task", "Event", "Gateway"))


@dataclass(frozen=True)
class Flow:
    id: str
    kind: EdgeKind
    source: str
    target: str
    name: str | None = None


@dataclass(frozen=True)
class Shape:
    element: Element
    category: Category
    bounds: Bounds
    label: Bounds | None = None
    expanded: bool = False


@dataclass(frozen=True)
class Edge:
    flow: Flow
    waypoints: tuple[tuple[float, float], ...]
    label: Bounds | None = None


@dataclass
class Diagram:
    """One drawing: a BPMN DI diagram (or a computed layout), with what could not be drawn."""

    name: str
    shapes: list[Shape] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    computed: bool = False  # laid out by camtui, not by the modelling tool


@dataclass
class Document:
    """A parsed BPMN file: its elements, flows, diagrams, flow-node order and what went wrong."""

    elements: dict[str, Element] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    diagrams: list[Diagram] = field(default_factory=list)
    # flow nodes in the order `tab` walks them: from the start events along the sequence flows
    order: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


FLOW_NODE_TYPES = frozenset(
    {
        "task",
        "subProcess",
        "transaction",
        "adHocSubProcess",
        "callActivity",
        "startEvent",
        "endEvent",
        "boundaryEvent",
        "intermediateCatchEvent",
        "intermediateThrowEvent",
        "exclusiveGateway",
        "inclusiveGateway",
        "parallelGateway",
        "complexGateway",
        "eventBasedGateway",
    }
)
CONTAINER_TYPES = frozenset({"subProcess", "transaction", "adHocSubProcess"})

DATA_TYPES = frozenset({"dataObjectReference", "dataStoreReference", "dataObject", "dataInput", "dataOutput"})


def category(e: Element, expanded: bool) -> Category:
    match e.type:
        case "participant":
            return Category.POOL
        case "lane":
            return Category.LANE
        case "textAnnotation":
            return Category.ANNOTATION
        case "group":
            return Category.GROUP
        case t if t in DATA_TYPES:
            return Category.DATA
        case t if t.endswith("Event"):
            return Category.EVENT
        case t if t.endswith("Gateway"):
            return Category.GATEWAY
        case t if t in CONTAINER_TYPES:
            return Category.SUBPROCESS if expanded else Category.COLLAPSED
        case "callActivity":
            return Category.COLLAPSED
    return Category.TASK
