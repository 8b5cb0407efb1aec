"""Issue 10's variable deletes, batch suspend / set-variables and history deletes, as Camunda 7's
engine-rest sends them. Camunda 8 declares none of their capabilities, so the fake C8 refuses each before it gets here."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from camtui.api import errors
from camtui.api import operations as op
from camtui.api.c7.wire import variables_out
from camtui.api.capabilities import Capability
from camtui.api.models import VariableValue
from camtui.api.plan import PlannedRequest, json_safe

CAPABILITIES: dict[type[op.Operation], Capability] = {
    op.DeleteVariable: Capability.INSTANCE_VARIABLE_DELETE,
    op.SuspendInstances: Capability.INSTANCE_DELETE_BATCH,
    op.SetVariablesMany: Capability.INSTANCE_DELETE_BATCH,
    op.DeleteHistoricInstance: Capability.INSTANCE_HISTORY_DELETE,
    op.DeleteHistoricInstances: Capability.INSTANCE_HISTORY_DELETE,
}

SAMPLES: list[op.Operation] = [
    op.DeleteVariable(instance_id="i", name="amount"),
    op.SuspendInstances(instance_ids=("i", "j"), suspended=True),
    op.SetVariablesMany(instance_ids=("i", "j"), variables={"a": VariableValue(value=1, type="Integer")}),
    op.DeleteHistoricInstance(instance_id="h/1"),
    op.DeleteHistoricInstances(instance_ids=("h", "k")),
]


def _request(method: str, url: str, json_body: Any = None) -> PlannedRequest:
    return PlannedRequest(method=method, url=url, json_body=json_safe(json_body) if json_body is not None else None)


def c7_requests(base: str, o: op.Operation) -> tuple[PlannedRequest, ...]:
    match o:
        case op.DeleteVariable():
            url = f"{base}/process-instance/{quote(o.instance_id, safe='')}/variables/{quote(o.name, safe='')}"
            return (_request("DELETE", url),)
        case op.SuspendInstances():
            body = {"processInstanceIds": list(o.instance_ids), "suspended": o.suspended}
            return (_request("POST", f"{base}/process-instance/suspended-async", body),)
        case op.SetVariablesMany():
            body = {"processInstanceIds": list(o.instance_ids), "variables": variables_out(o.variables)}
            return (_request("POST", f"{base}/process-instance/variables-async", body),)
        case op.DeleteHistoricInstance():
            return (_request("DELETE", f"{base}/history/process-instance/{quote(o.instance_id, safe='')}"),)
        case op.DeleteHistoricInstances():
            body = {"historicProcessInstanceIds": list(o.instance_ids)}
            return (_request("POST", f"{base}/history/process-instance/delete", body),)
    raise errors.UnsupportedByEngine(f"No preview for {type(o).__name__} on the fake Camunda 7.")
