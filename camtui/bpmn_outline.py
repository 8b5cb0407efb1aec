"""A text outline of a BPMN process: its elements in flow order, parsed safely.

defusedxml refuses entity declarations and external references, so a hostile resource cannot
expand into gigabytes or read local files.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SKIP = {
    "sequenceFlow",
    "laneSet",
    "documentation",
    "extensionElements",
    "textAnnotation",
    "association",
    "ioSpecification",
}


class OutlineError(ValueError):
    """The resource is not BPMN we can outline; the message says why."""


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    name: str | None
    depth: int


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def outline(xml: bytes | str) -> list[tuple[str, list[Node]]]:
    """(process label, nodes in flow order) for each process; sub-processes are indented."""
    try:
        root = SafeET.fromstring(xml)
    except Exception as exc:
        raise OutlineError(f"not well-formed or not allowed XML: {exc}") from None
    processes = [el for el in root.iter() if _local(el.tag) == "process"]
    if not processes:
        raise OutlineError("no <process> element: not a BPMN model")
    result = []
    for process in processes:
        label = process.get("name") or process.get("id") or "process"
        result.append((f"{label} ({process.get('id')})", _walk(process, 0)))
    return result


def _walk(container: Element, depth: int) -> list[Node]:
    elements = {el.get("id", ""): el for el in container if _local(el.tag) not in SKIP and el.get("id") is not None}
    flows: dict[str, list[str]] = {}
    targets: set[str] = set()
    for el in container:
        if _local(el.tag) == "sequenceFlow":
            source, target = el.get("sourceRef", ""), el.get("targetRef", "")
            flows.setdefault(source, []).append(target)
            targets.add(target)
    starts = [i for i, el in elements.items() if _local(el.tag) == "startEvent"]
    starts += [i for i in elements if i not in targets and i not in starts]
    order: list[str] = []
    seen: set[str] = set()
    queue = deque(starts)
    while queue:
        current = queue.popleft()
        if current in seen or current not in elements:
            continue
        seen.add(current)
        order.append(current)
        queue.extend(flows.get(current, []))
    nodes: list[Node] = []
    for element_id in order:
        el = elements[element_id]
        kind = _local(el.tag)
        nodes.append(Node(id=element_id, kind=kind, name=el.get("name"), depth=depth))
        if kind in ("subProcess", "transaction", "adHocSubProcess"):
            nodes.extend(_walk(el, depth + 1))
    return nodes


def render(xml: bytes | str) -> str:
    lines: list[str] = []
    for label, nodes in outline(xml):
        lines.append(label)
        for node in nodes:
            name = f"  {node.name}" if node.name else ""
            lines.append(f"{'  ' * (node.depth + 1)}{node.kind:<24}{node.id}{name}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
