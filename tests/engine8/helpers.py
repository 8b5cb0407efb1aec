"""Builders and waits for the tests against the real Camunda 8.6 broker.

Without a search store, 8.6 tells a client some keys only through its records (an incident's, a
user task's); the broker of `real_c8` writes every record to a file, which `wait_for_record` reads.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path
from typing import Any

from camtui.localengine.c8 import read_records

ZEEBE = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"'


def unique(prefix: str = "t") -> str:
    """An id the broker accepts that no other test uses (the broker lives for the whole session)."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def _process(process_id: str, body: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions {ZEEBE} id="d_{process_id}" targetNamespace="http://camtui.test">
  <bpmn:process id="{process_id}" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
    {body}
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
""".encode()


def service_task_process(process_id: str, job_type: str) -> bytes:
    """start -> a service task of `job_type` (a job a worker activates) -> end."""
    return _process(
        process_id,
        f'<bpmn:serviceTask id="wait"><bpmn:extensionElements><zeebe:taskDefinition type="{job_type}"/>'
        "</bpmn:extensionElements></bpmn:serviceTask>",
    )


def message_process(process_id: str, message: str) -> bytes:
    """start -> waits for `message` correlated on the variable `orderId` -> end."""
    return _process(
        process_id,
        f'<bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m_{process_id}"/>'
        "</bpmn:intermediateCatchEvent>",
    ).replace(
        b"</bpmn:definitions>",
        f'<bpmn:message id="m_{process_id}" name="{message}"><bpmn:extensionElements>'
        '<zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>'
        "</bpmn:definitions>".encode(),
    )


def signal_process(process_id: str, signal: str) -> bytes:
    """start -> waits for the signal `signal` -> end."""
    return _process(
        process_id,
        f'<bpmn:intermediateCatchEvent id="wait"><bpmn:signalEventDefinition signalRef="s_{process_id}"/>'
        "</bpmn:intermediateCatchEvent>",
    ).replace(
        b"</bpmn:definitions>",
        f'<bpmn:signal id="s_{process_id}" name="{signal}"/></bpmn:definitions>'.encode(),
    )


def user_task_process(process_id: str) -> bytes:
    """start -> a Camunda user task (zeebe:userTask, not a job) -> end."""
    return _process(
        process_id,
        '<bpmn:userTask id="wait" name="Approve"><bpmn:extensionElements><zeebe:userTask/>'
        '<zeebe:assignmentDefinition assignee="demo"/></bpmn:extensionElements></bpmn:userTask>',
    )


def broken_process(process_id: str) -> bytes:
    """A sequence flow to an element that does not exist: the broker's parser refuses it."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions {ZEEBE} id="d_{process_id}" targetNamespace="http://camtui.test">
  <bpmn:process id="{process_id}" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="nowhere"/>
  </bpmn:process>
</bpmn:definitions>
""".encode()


def matches(record: dict[str, Any], value_type: str, intent: str, fields: dict[str, Any]) -> bool:
    if record.get("valueType") != value_type or record.get("intent") != intent:
        return False
    value = record.get("value") or {}
    return all((record.get("key") if name == "key" else value.get(name)) == want for name, want in fields.items())


def find_records(path: Path, value_type: str, intent: str, **fields: Any) -> list[dict[str, Any]]:
    """The broker's records so far of `value_type`/`intent` whose value has `fields` (`key`: the record's key)."""
    return [record for record in read_records(path) if matches(record, value_type, intent, fields)]


async def wait_for_record(
    path: Path, value_type: str, intent: str, *, within: float = 30.0, **fields: Any
) -> dict[str, Any]:
    """The first such record, once the broker has exported it (within `within` seconds)."""
    try:
        async with asyncio.timeout(within):
            while not (found := find_records(path, value_type, intent, **fields)):
                await asyncio.sleep(0.1)
    except TimeoutError:
        raise AssertionError(f"the broker wrote no {value_type} {intent} record with {fields} in {within} s") from None
    return found[0]


def wait_for_record_blocking(
    path: Path, value_type: str, intent: str, *, within: float = 30.0, **fields: Any
) -> dict[str, Any]:
    """`wait_for_record` for a test that is not async (the CLI runs its own event loop)."""
    deadline = time.monotonic() + within
    while not (found := find_records(path, value_type, intent, **fields)):
        if time.monotonic() > deadline:
            raise AssertionError(f"the broker wrote no {value_type} {intent} record with {fields} in {within} s")
        time.sleep(0.1)
    return found[0]
