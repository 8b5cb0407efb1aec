"""How the generic detail lays out a long multi-line value: a stack trace stays readable."""

from __future__ import annotations

from rich.console import Console

from camtui.ui.widgets.description import render_description

TRACE = (
    "org.camunda.bpm.engine.ProcessEngineException: java.lang.StringIndexOutOfBoundsException: begin 16\n"
    "\tat org.camunda.bpm.engine.impl.bpmn.behavior.ServiceTaskExpressionActivityBehavior$1.call(Service.java:50)\n"
    "\tat org.camunda.bpm.engine.impl.el.JuelExpression.getValue(JuelExpression.java:69)"
)


def drawn(data: dict[str, object], width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(render_description(data))
    return [line.rstrip() for line in console.export_text().splitlines()]


def test_a_stack_frame_stays_on_the_line_of_its_at_and_nothing_is_lost() -> None:
    lines = drawn({"id": "job-1", "stacktrace": TRACE}, 80)
    assert not [line for line in lines if line.strip() == "at"], lines
    frames = [line for line in lines if line.lstrip().startswith("at ")]
    assert len(frames) == 2 and all("at org.camunda" in f for f in frames), lines
    # folded, not cut: every character of the trace is on the screen, in order
    column = lines[1].index("org.camunda")
    text = "".join(line[column:].strip() for line in lines[1:])
    assert text.replace(" ", "") == TRACE.replace("\t", "").replace("\n", "").replace(" ", "")
    assert all(len(line) <= 80 for line in lines)


def test_prose_over_several_lines_still_wraps_at_its_spaces() -> None:
    message = "The payment failed because the card was declined by the bank.\nAsk the customer for another card."
    lines = drawn({"id": "i-1", "message": message}, 50)
    words = {word for line in lines for word in line.split()}
    assert {"declined", "customer", "another"} <= words, lines


def test_a_variables_value_reads_as_the_engine_writes_it_and_other_fields_say_yes_or_no() -> None:
    variables = [
        {"name": "urgent", "type": "Boolean", "value": False},
        {"name": "doc", "type": "Json", "value": {"ok": True}},
        {"name": "note", "type": "String", "value": "yes"},
    ]
    lines = drawn({"suspended": False, "variables": variables}, 80)
    rows = {
        line.split()[0]: line.split(maxsplit=2)[2]
        for line in lines
        if line.split()[:1] in (["urgent"], ["doc"], ["note"])
    }
    assert rows == {"urgent": "false", "doc": '{"ok": true}', "note": "yes"}, lines
    assert any(line.split() == ["Suspended", "no"] for line in lines), lines
