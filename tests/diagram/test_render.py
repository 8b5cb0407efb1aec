"""The renderer on the demo processes and hand-made hard cases, checked as a user would look at it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camtui.diagram import DiagramError, Overlay, parse, render
from camtui.diagram.text import text_width
from tests.diagram import checks
from tests.diagram.generate import chain, graph

pytestmark = pytest.mark.unit

CASES = Path(__file__).parent / "cases"
DEMO = Path(__file__).parents[2] / "camtui" / "localengine" / "demo"
FILES = sorted([*DEMO.glob("*.bpmn"), *CASES.glob("*.bpmn")])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("cols", [80, 120, 200])
def test_every_file_draws_within_the_width_without_overlaps(path: Path, cols: int) -> None:
    doc = parse(path.read_bytes())
    assert doc.diagrams
    for diagram in doc.diagrams:
        r = render(diagram, cols)
        checks.within_width(r, cols)
        checks.no_overlaps(doc, diagram, r)


@pytest.mark.parametrize("path", [p for p in FILES if p.stem != "odd"], ids=lambda p: p.stem)
def test_at_a_generous_width_every_name_appears_whole_and_every_flow_connects(path: Path) -> None:
    doc = parse(path.read_bytes())
    for diagram in doc.diagrams:
        r = render(diagram, 400, zoom=3.0)
        checks.names_once(doc, diagram, r)
        checks.flows_connected(diagram, r)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_flows_connect_at_the_usual_width(path: Path) -> None:
    doc = parse(path.read_bytes())
    for diagram in doc.diagrams:
        checks.flows_connected(diagram, render(diagram, 160))


def test_pools_lanes_message_flows_and_the_rest_of_a_collaboration() -> None:
    doc = parse((CASES / "collaboration.bpmn").read_bytes())
    (diagram,) = doc.diagrams
    text = "\n".join(render(diagram, 200).plain())
    for band in ("Customer", "Shop", "Buyer", "Payables", "Receivables", "Ordering"):
        assert band in text
    assert "┄" in text and "┆" in text, "message flows are dashed"
    assert "▽" in text or "△" in text, "a message flow ends in a hollow arrow"
    assert "(◷)" not in text and "⁽◷⁾" in text, "the non-interrupting timer is marked as such"
    assert "(✉)" in text and "Complaints go to the" in text and "▤" in text
    assert doc.problems == [] and diagram.problems == []


def test_sub_processes_event_sub_process_and_several_diagrams() -> None:
    doc = parse((CASES / "subprocesses.bpmn").read_bytes())
    assert [d.name for d in doc.diagrams] == ["Claims", "Archive (inside)"]
    main = "\n".join(render(doc.diagrams[0], 200).plain())
    assert "Assess the claim" in main and "Check the documents" in main and "When cancelled" in main
    assert "┈" in main, "the event sub-process is dotted"
    assert "┏call" in main and "[+]" in main and "╔" in main and "(ϟ)" in main
    inside = render(doc.diagrams[1], 120)
    assert " ".join(text for _, _, text in inside.names["archive_task"]) == "Store the file"
    assert doc.problems == []


def test_a_file_without_di_is_laid_out() -> None:
    doc = parse((CASES / "no-di.bpmn").read_bytes())
    (diagram,) = doc.diagrams
    assert diagram.computed and "laid out by camtui" in diagram.name
    ids = {s.element.id for s in diagram.shapes}
    assert {e.id for e in doc.elements.values() if e.is_flow_node} == ids


def test_odd_input_is_listed_not_raised() -> None:
    doc = parse((CASES / "odd.bpmn").read_bytes())
    (diagram,) = doc.diagrams
    problems = "\n".join(doc.problems + diagram.problems)
    assert "o_no_bounds" in problems and "o_bad_bounds" in problems and "o_unshaped" in problems
    assert "o_ghost" in problems and "o_missing_flow" in problems
    r = render(diagram, 100)
    text = "\n".join(r.plain())
    assert "\x9b" not in text and "\u202e" not in text and "\\x9b" in render(diagram, 400, zoom=4).plain().__str__()
    checks.within_width(r, 100)


@pytest.mark.parametrize(
    "xml",
    [
        b"",
        b"not xml",
        b"<definitions/>",
        b"<html><body/></html>",
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><definitions>&a;</definitions>',
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><definitions>&x;</definitions>',
    ],
)
def test_what_is_not_bpmn_is_a_diagram_error(xml: bytes) -> None:
    with pytest.raises(DiagramError):
        parse(xml)


def test_deep_nesting_is_an_error_in_words() -> None:
    deep = "".join(f'<subProcess id="s{i}">' for i in range(3000)) + "</subProcess>" * 3000
    xml = f'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">{deep}</process></definitions>'
    with pytest.raises(DiagramError, match="nested too deeply"):
        parse(xml)


def test_counts_and_states_are_drawn() -> None:
    doc = parse((DEMO / "order-fulfilment.bpmn").read_bytes())
    (diagram,) = doc.diagrams
    r = render(diagram, 120, overlay=Overlay(running={"ship_order": 3}, incidents={"ship_order": 1}))
    text = "\n".join(r.plain())
    assert "●3" in text and "!1" in text and r.legend
    styles = {style for line in r.lines for _, style in line}
    assert {"incident", "badge-running", "badge-incident"} <= styles
    passed = render(diagram, 120, overlay=Overlay(running={"wait_delivery": 1}, passed=frozenset({"order_placed"})))
    styles = {style for line in passed.lines for _, style in line}
    assert {"active", "passed"} <= styles


def test_three_hundred_elements_render_fast_and_connected() -> None:
    doc = parse(chain(300))
    (diagram,) = doc.diagrams
    start = time.perf_counter()
    r = render(diagram, 200)
    elapsed = time.perf_counter() - start
    checks.within_width(r, 200)
    checks.no_overlaps(doc, diagram, r)
    wide = render(diagram, 400, zoom=2.0)
    checks.flows_connected(diagram, wide)
    checks.names_once(doc, diagram, wide)
    # the console renders in a thread anyway; this only guards against something quadratic
    assert elapsed < 2.0
    assert len(doc.order) == 300 and doc.order[0] == "start" and doc.order[-1] == "end"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(min_value=1, max_value=25),
    data=st.data(),
    cols=st.integers(min_value=20, max_value=220),
)
def test_any_graph_without_di_is_drawn_within_the_width_with_its_flows(n: int, data: st.DataObject, cols: int) -> None:
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1])
    links = data.draw(st.lists(pairs, max_size=2 * n, unique=True))
    doc = parse(graph(n, links))
    (diagram,) = doc.diagrams
    r = render(diagram, cols)
    checks.within_width(r, cols)
    checks.no_overlaps(doc, diagram, r)
    assert all(text_width(line) <= cols for line in r.plain())
    checks.flows_connected(diagram, render(diagram, 1000, zoom=2.0))
