"""BPMN XML into a `Document`: the semantic elements and flows, and every BPMN DI diagram.

Parsed with defusedxml: entity declarations and external references are refused, so a hostile file
can neither expand into gigabytes nor read local files, and nothing is fetched from the network.
Namespaces are ignored (only local names count), so files of any modelling tool and any extension
parse alike; what the DI gets wrong (missing or non-numeric bounds, shapes of unknown elements,
elements without shapes) becomes a problem in words, never an exception.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import replace
from xml.etree.ElementTree import Element as XmlElement

import defusedxml.ElementTree as SafeET

from camtui.diagram.layout import layout_process
from camtui.diagram.model import (
    CONTAINER_TYPES,
    Bounds,
    Category,
    Diagram,
    Document,
    Edge,
    EdgeKind,
    Element,
    Flow,
    Shape,
    category,
)
from camtui.diagram.text import clean

# coordinates beyond this are a tool's bug, not a drawing: the shape is listed, not drawn
LIMIT = 1e9
MAX_PROBLEMS = 40
EDGE_KINDS = {
    "sequenceFlow": EdgeKind.SEQUENCE,
    "messageFlow": EdgeKind.MESSAGE,
    "association": EdgeKind.ASSOCIATION,
    "dataInputAssociation": EdgeKind.DATA,
    "dataOutputAssociation": EdgeKind.DATA,
}
# what is structure, not an element of its own
SKIP = frozenset(
    {
        "documentation",
        "extensionElements",
        "incoming",
        "outgoing",
        "ioSpecification",
        "property",
        "multiInstanceLoopCharacteristics",
        "standardLoopCharacteristics",
        "conditionExpression",
        "script",
        "flowNodeRef",
        "laneSet",
        "childLaneSet",
    }
)


class DiagramError(ValueError):
    """The file is not BPMN that can be drawn at all; the message says why."""


def local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse(xml: bytes | str) -> Document:
    """The document, its diagrams (a computed one per process without DI), and what went wrong."""
    try:
        root = SafeET.fromstring(xml)
    except Exception as exc:  # defusedxml raises several types; all mean the same to the user
        raise DiagramError(f"not well-formed or not allowed XML: {' '.join(str(exc).split())}") from None
    if local(root.tag) != "definitions":
        raise DiagramError(f"the root element is <{local(root.tag)}>, not BPMN <definitions>")
    doc = Document()
    try:
        _read(doc, root)
    except RecursionError:
        raise DiagramError("the model is nested too deeply to draw") from None
    return doc


def _read(doc: Document, root: XmlElement) -> None:
    categories = {el.get("id"): el.get("value") for el in root.iter() if local(el.tag) == "categoryValue"}
    for child in root:
        if local(child.tag) in ("process", "collaboration"):
            _collect(doc, child, parent="", categories=categories)
    if not doc.elements:
        raise DiagramError("no <process> or <collaboration>: nothing to draw")
    for number, di in enumerate(el for el in root if local(el.tag) == "BPMNDiagram"):
        diagram = _diagram(doc, di, number + 1)
        if diagram.shapes or diagram.edges:
            doc.diagrams.append(diagram)
    drawn = {s.element.id for d in doc.diagrams for s in d.shapes}
    for process in [e for e in doc.elements.values() if e.type == "process"]:
        nodes = [e for e in doc.elements.values() if e.is_flow_node and _in(doc, e, process.id)]
        if nodes and not any(n.id in drawn for n in nodes):
            doc.diagrams.append(layout_process(doc, process))
    drawn = {s.element.id for d in doc.diagrams for s in d.shapes}
    said = {word for d in doc.diagrams for problem in d.problems for word in problem.split()}
    missing = [
        e
        for e in doc.elements.values()
        if e.is_flow_node and e.id not in drawn and e.id not in said and not _hidden(doc, e, drawn)
    ]
    for e in missing:
        doc.problems.append(f"not drawn (no shape in any diagram): {e.type} {e.id}{_named(e)}")
    doc.order = flow_order(doc)
    for d in doc.diagrams:
        d.problems = list(dict.fromkeys(d.problems))
    if len(doc.problems) > MAX_PROBLEMS:
        extra = len(doc.problems) - MAX_PROBLEMS
        doc.problems = [*doc.problems[:MAX_PROBLEMS], f"… and {extra} more"]


def _named(e: Element) -> str:
    return f" {e.name!r}" if e.name else ""


def _in(doc: Document, e: Element, container: str) -> bool:
    """Whether `e` sits in `container`, directly or in its sub-processes."""
    seen = 0
    while e.parent and seen < 1000:
        if e.parent == container:
            return True
        parent = doc.elements.get(e.parent)
        if parent is None:
            return False
        e, seen = parent, seen + 1
    return False


def _hidden(doc: Document, e: Element, drawn: set[str]) -> bool:
    """Inside a sub-process that is drawn collapsed (its content is not expected on that diagram)."""
    parent = doc.elements.get(e.parent)
    while parent is not None and parent.type in CONTAINER_TYPES:
        if parent.id in drawn:
            return True
        parent = doc.elements.get(parent.parent)
    return False


def _collect(doc: Document, container: XmlElement, parent: str, categories: dict[str | None, str | None]) -> None:
    tag = local(container.tag)
    cid = container.get("id") or ""
    if cid:
        doc.elements[cid] = _element(container, tag, parent)
    for child in container:
        ctag = local(child.tag)
        if ctag in ("laneSet", "childLaneSet"):
            _lanes(doc, child, cid)
            continue
        if ctag in SKIP or not ctag:
            continue
        eid = child.get("id")
        if ctag in EDGE_KINDS:
            _flow(doc, child, ctag, eid)
            continue
        if ctag in CONTAINER_TYPES:
            _collect(doc, child, cid, categories)
            continue
        if eid is None:
            continue
        element = _element(child, ctag, cid)
        if ctag == "group" and not element.name:
            # a group's name is the value of the category it points at
            element = replace(element, name=clean(categories.get(child.get("categoryValueRef"))))
        doc.elements[eid] = element
        # data associations sit inside the task they belong to
        for inner in child:
            itag = local(inner.tag)
            if itag in ("dataInputAssociation", "dataOutputAssociation"):
                _data_association(doc, inner, itag, eid)


def _lanes(doc: Document, lane_set: XmlElement, process: str) -> None:
    for lane in lane_set:
        if local(lane.tag) != "lane" or not lane.get("id"):
            continue
        doc.elements[lane.get("id") or ""] = Element(id=lane.get("id") or "", type="lane", name=clean(lane.get("name")))
        for child in lane:
            if local(child.tag) == "childLaneSet":
                _lanes(doc, child, process)


def _element(el: XmlElement, tag: str, parent: str) -> Element:
    triggers = sorted({local(c.tag).removesuffix("EventDefinition") for c in el if local(c.tag).endswith("Definition")})
    trigger = triggers[0] if len(triggers) == 1 else ("multiple" if triggers else "")
    if tag.endswith("Gateway"):
        trigger = tag.removesuffix("Gateway")
    name = el.get("name")
    if tag == "textAnnotation":
        name = next((c.text for c in el if local(c.tag) == "text"), None)
    return Element(
        id=el.get("id") or "",
        type=tag,
        name=clean(name),
        parent=parent,
        trigger=trigger,
        attached_to=el.get("attachedToRef"),
        cancel_activity=el.get("cancelActivity", "true").lower() != "false",
        triggered_by_event=el.get("triggeredByEvent", "false").lower() == "true",
        process_ref=el.get("processRef"),
    )


def _flow(doc: Document, el: XmlElement, tag: str, eid: str | None) -> None:
    source, target = el.get("sourceRef"), el.get("targetRef")
    if eid is None or not source or not target:
        return
    doc.flows[eid] = Flow(id=eid, kind=EDGE_KINDS[tag], source=source, target=target, name=clean(el.get("name")))


def _data_association(doc: Document, el: XmlElement, tag: str, owner: str) -> None:
    refs = {local(c.tag): (c.text or "").strip() for c in el}
    source = refs.get("sourceRef") or owner
    target = refs.get("targetRef") or owner
    eid = el.get("id")
    if eid and source and target:
        doc.flows[eid] = Flow(id=eid, kind=EdgeKind.DATA, source=source, target=target)


# -- DI ---------------------------------------------------------------------------------------------


def _number(value: str | None) -> float | None:
    try:
        number = float(value or "")
    except ValueError:
        return None
    return number if math.isfinite(number) and abs(number) <= LIMIT else None


def _bounds(el: XmlElement | None) -> Bounds | None:
    if el is None:
        return None
    x, y, w, h = (_number(el.get(k)) for k in ("x", "y", "width", "height"))
    if x is None or y is None or w is None or h is None or w < 0 or h < 0:
        return None
    return Bounds(x, y, w, h)


def _child(el: XmlElement, name: str) -> XmlElement | None:
    return next((c for c in el if local(c.tag) == name), None)


def _label(el: XmlElement) -> Bounds | None:
    label = _child(el, "BPMNLabel")
    return _bounds(_child(label, "Bounds")) if label is not None else None


def _diagram(doc: Document, di: XmlElement, number: int) -> Diagram:
    plane = _child(di, "BPMNPlane")
    name = clean(di.get("name")) or (plane.get("bpmnElement") if plane is not None else None) or f"diagram {number}"
    diagram = Diagram(name=f"{name}")
    if plane is None:
        return diagram
    # a sub-process's content on this plane means it is drawn expanded, whatever isExpanded says
    raw_shapes = [el for el in plane if local(el.tag) == "BPMNShape"]
    has_content = {doc.elements[r].parent for el in raw_shapes if (r := el.get("bpmnElement") or "") in doc.elements}
    for el in raw_shapes:
        ref = el.get("bpmnElement") or ""
        element = doc.elements.get(ref)
        bounds = _bounds(_child(el, "Bounds"))
        if element is None:
            diagram.problems.append(f"a shape of an element the model does not have: {ref or '(none)'}")
            continue
        if bounds is None:
            diagram.problems.append(f"not drawn (bounds missing or not numbers): {element.type} {ref}{_named(element)}")
            continue
        flag = el.get("isExpanded")
        expanded = flag.lower() == "true" if flag is not None else ref in has_content
        diagram.shapes.append(Shape(element, category(element, expanded), bounds, _label(el), expanded))
    for el in plane:
        if local(el.tag) != "BPMNEdge":
            continue
        ref = el.get("bpmnElement") or ""
        flow = doc.flows.get(ref)
        if flow is None:
            diagram.problems.append(f"an edge of a flow the model does not have: {ref or '(none)'}")
            continue
        points = [(_number(p.get("x")), _number(p.get("y"))) for p in el if local(p.tag) == "waypoint"]
        waypoints = tuple((x, y) for x, y in points if x is not None and y is not None)
        diagram.edges.append(Edge(flow, waypoints, _label(el)))
    # a sequence flow between two drawn shapes that has no edge of its own is still drawn (straight)
    drawn = {s.element.id for s in diagram.shapes}
    routed = {e.flow.id for e in diagram.edges}
    for flow in doc.flows.values():
        if flow.kind is EdgeKind.SEQUENCE and flow.id not in routed and {flow.source, flow.target} <= drawn:
            diagram.edges.append(Edge(flow, ()))
    # pools and lanes first, then containers, so smaller things are drawn over bigger ones
    diagram.shapes.sort(key=lambda s: (_depth(s.category), -s.bounds.w * s.bounds.h))
    return diagram


def _depth(c: Category) -> int:
    return {Category.POOL: 0, Category.LANE: 1, Category.GROUP: 2, Category.SUBPROCESS: 3}.get(c, 4)


# -- flow order -----------------------------------------------------------------------------------


def flow_order(doc: Document) -> list[str]:
    """Flow nodes from each start event along the sequence flows; a sub-process's content after it,
    boundary events after their host, what no flow reaches at the end of its container."""
    nodes = [e for e in doc.elements.values() if e.is_flow_node]
    by_parent: dict[str, list[Element]] = {}
    for e in nodes:
        by_parent.setdefault(e.parent, []).append(e)
    following: dict[str, list[str]] = {}
    targets: set[str] = set()
    for f in doc.flows.values():
        if f.kind is EdgeKind.SEQUENCE:
            following.setdefault(f.source, []).append(f.target)
            targets.add(f.target)
    boundaries: dict[str, list[str]] = {}
    for e in nodes:
        if e.attached_to:
            boundaries.setdefault(e.attached_to, []).append(e.id)
    order: list[str] = []
    seen: set[str] = set()

    def walk(container: str) -> None:
        members = by_parent.get(container, [])
        ids = {e.id for e in members}
        starts = [e.id for e in members if e.type == "startEvent" and not e.attached_to]
        starts += [e.id for e in members if e.id not in targets and e.id not in starts and not e.attached_to]
        queue = deque(starts)
        rest = deque(e.id for e in members)
        while queue or rest:
            current = queue.popleft() if queue else rest.popleft()
            if current in seen or current not in ids:
                continue
            seen.add(current)
            order.append(current)
            if current in by_parent:
                walk(current)
            queue.extendleft(reversed(boundaries.get(current, [])))
            queue.extend(following.get(current, []))

    for container in [e.id for e in doc.elements.values() if e.type == "process"] + [""]:
        walk(container)
    order.extend(e.id for e in nodes if e.id not in seen)
    return order
