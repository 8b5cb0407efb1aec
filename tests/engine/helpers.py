"""Small builders for engine tests: unique names and minimal valid BPMN."""

from __future__ import annotations

import uuid


def unique(prefix: str = "t") -> str:
    """An id the engine accepts (letters and digits) that no other test uses."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def bpmn(process_id: str, *, name: str | None = None, user_task: bool = True, marker: str = "") -> bytes:
    """A process with one user task (a wait state), so started instances stay running."""
    body = (
        f'<bpmn:userTask id="task" name="Do it{marker}" camunda:candidateGroups="accounting"/>'
        if user_task
        else '<bpmn:task id="task"/>'
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_{process_id}" targetNamespace="http://camtui.test">
  <bpmn:process id="{process_id}" name="{name or process_id}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
    {body}
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
""".encode()
