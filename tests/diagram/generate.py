"""BPMN made by code for tests and the benchmark: a long chain with DI, and any graph without."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
    'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="generated" targetNamespace="http://example.com/g">\n'
)
PER_ROW = 10
CELL_W, CELL_H = 150.0, 140.0


def chain(n: int) -> bytes:
    """A start event, n - 2 tasks and an end event in one chain, laid out in rows of ten, with DI."""
    ids = ["start"] + [f"task_{i}" for i in range(1, n - 1)] + ["end"]
    body, shapes, edges = [], [], []
    centres: dict[str, tuple[float, float, float, float]] = {}
    for index, element_id in enumerate(ids):
        col, row = index % PER_ROW, index // PER_ROW
        cx, cy = 100 + col * CELL_W + 50, 100 + row * CELL_H + 40
        if element_id in ("start", "end"):
            tag, w, h = ("startEvent" if element_id == "start" else "endEvent"), 36.0, 36.0
        else:
            tag, w, h = "userTask", 100.0, 80.0
        body.append(f"<{tag} id={quoteattr(element_id)} name={quoteattr(f'Step {index}')} />")
        centres[element_id] = (cx, cy, w, h)
        shapes.append(
            f'<bpmndi:BPMNShape bpmnElement="{element_id}"><dc:Bounds x="{cx - w / 2}" y="{cy - h / 2}" '
            f'width="{w}" height="{h}" /></bpmndi:BPMNShape>'
        )
    for index in range(len(ids) - 1):
        a, b = ids[index], ids[index + 1]
        body.append(f'<sequenceFlow id="flow_{index}" sourceRef="{a}" targetRef="{b}" />')
        ax, ay, aw, ah = centres[a]
        bx, by, bw, bh = centres[b]
        if (index + 1) % PER_ROW:
            points = [(ax + aw / 2, ay), (bx - bw / 2, by)]
        else:
            gap = ay + CELL_H / 2
            points = [(ax, ay + ah / 2), (ax, gap), (bx, gap), (bx, by - bh / 2)]
        waypoints = "".join(f'<di:waypoint x="{x}" y="{y}" />' for x, y in points)
        edges.append(f'<bpmndi:BPMNEdge bpmnElement="flow_{index}">{waypoints}</bpmndi:BPMNEdge>')
    return (
        HEAD
        + '<process id="chain" name="Chain" isExecutable="true">'
        + "".join(body)
        + '</process><bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane bpmnElement="chain">'
        + "".join(shapes)
        + "".join(edges)
        + "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></definitions>"
    ).encode()


def graph(n: int, links: list[tuple[int, int]]) -> bytes:
    """Tasks 0..n-1 and a sequence flow per link, no DI: the layout has to place them."""
    body = [f'<task id="t{i}" name="Task {i}" />' for i in range(n)]
    body += [f'<sequenceFlow id="f{k}" sourceRef="t{a}" targetRef="t{b}" />' for k, (a, b) in enumerate(links)]
    return (HEAD + '<process id="g" isExecutable="true">' + "".join(body) + "</process></definitions>").encode()
