"""Service methods not covered elsewhere: start by id, File variables, resolving a custom incident."""

from __future__ import annotations

import httpx
import pytest

from camtui.api import errors
from camtui.api.c7.engine import C7Engine
from camtui.api.models import IncidentFilter, VariableValue
from camtui.kinds.incidents import plan_resolve
from tests.conftest import RunningEngine


async def test_start_by_definition_id(engine: C7Engine) -> None:
    v1 = next(
        d for d in (await engine.definitions.list()).items if d.bpmn_process_id == "camtui_invoice" and d.version == 1
    )
    instance = await engine.definitions.start(
        definition_id=v1.id, business_key="by-id", variables={"n": VariableValue(value=1, type="Short")}
    )
    assert instance.definition_id == v1.id
    assert (await engine.instances.variable(instance.id, "n")).type == "Short"


async def test_file_variable_metadata_and_bytes(engine: C7Engine, real_engine: RunningEngine) -> None:
    instance = await engine.definitions.start(bpmn_process_id="camtui_invoice", business_key="file-var")
    content = "Rechnung Nr. 42 – Gesamt: 17,50 €\n".encode()
    async with httpx.AsyncClient(auth=("demo", "demo")) as raw:
        answer = await raw.post(
            f"{real_engine.url}/process-instance/{instance.id}/variables/scan/data",
            files={"data": ("rechnung-ü.txt", content, "text/plain")},
            data={"valueType": "File"},
        )
        assert answer.status_code == 204, answer.text
    variable = {v.name: v for v in await engine.instances.variables(instance.id)}["scan"]
    assert variable.type == "File"
    assert variable.filename == "rechnung-ü.txt"
    assert variable.mime_type == "text/plain"
    assert await engine.instances.file_variable_content(instance.id, "scan") == content


async def test_resolve_a_custom_incident(engine: C7Engine, real_engine: RunningEngine) -> None:
    instance = await engine.definitions.start(bpmn_process_id="camtui_invoice", business_key="custom-incident")
    async with httpx.AsyncClient(auth=("demo", "demo")) as raw:
        execution = (await raw.get(f"{real_engine.url}/execution", params={"processInstanceId": instance.id})).json()[0]
        created = await raw.post(
            f"{real_engine.url}/execution/{execution['id']}/create-incident",
            json={"incidentType": "ops-review", "configuration": "ticket-7", "message": "needs a look"},
        )
        assert created.status_code == 200, created.text
    [incident] = (await engine.incidents.list(IncidentFilter(process_instance_id=instance.id))).items
    assert (incident.type, incident.message, incident.configuration) == ("ops-review", "needs a look", "ticket-7")
    plan = await plan_resolve(engine, [incident], {})
    assert any("same configuration is resolved with it" in w for w in plan.warnings), plan.warnings
    assert not any("without a configuration" in w for w in plan.warnings)
    await engine.incidents.resolve(incident.id)
    assert (await engine.incidents.list(IncidentFilter(process_instance_id=instance.id), limit=1)).total == 0


async def test_a_custom_incident_the_engine_keeps_is_not_reported_resolved(
    engine: C7Engine, real_engine: RunningEngine
) -> None:
    """Without a configuration Camunda 7 answers 204 to the resolve and keeps the incident."""
    instance = await engine.definitions.start(bpmn_process_id="camtui_invoice", business_key="kept-incident")
    async with httpx.AsyncClient(auth=("demo", "demo")) as raw:
        execution = (await raw.get(f"{real_engine.url}/execution", params={"processInstanceId": instance.id})).json()[0]
        created = await raw.post(
            f"{real_engine.url}/execution/{execution['id']}/create-incident",
            json={"incidentType": "ops-review", "message": "no configuration"},
        )
        assert created.status_code == 200, created.text
    [incident] = (await engine.incidents.list(IncidentFilter(process_instance_id=instance.id))).items
    # said in the plan, before anything is sent, and again if it is sent all the same
    plan = await plan_resolve(engine, [incident], {})
    assert any("1 custom incident without a configuration: Camunda 7 answers but keeps" in w for w in plan.warnings)
    with pytest.raises(errors.Conflict, match=r"kept incident .*has none") as raised:
        await engine.incidents.resolve(incident.id)
    assert "cancel the instance" in raised.value.hint
    assert [i.id for i in (await engine.incidents.list(IncidentFilter(process_instance_id=instance.id))).items] == [
        incident.id
    ]
