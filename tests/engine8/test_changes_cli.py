"""Issue 13's CLI against the real 8.6 broker, where 8.6 has the call: publish and correlate a message,
evaluate a decision. 8.6 has no search without a secondary store, so what happened is read from the
broker's own records."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from camtui.cli import main
from camtui.commands.exits import ENGINE_ERROR
from tests.conftest import RunningBroker
from tests.engine8.helpers import message_process, unique, wait_for_record_blocking


@pytest.fixture
def env_profile(real_c8: RunningBroker, monkeypatch: pytest.MonkeyPatch) -> RunningBroker:
    monkeypatch.setenv("CAMUNDA_REST_ADDRESS", real_c8.url)
    return real_c8


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["-p", "env", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def decision(decision_id: str) -> bytes:
    """A decision table: amount > 100 is "high", else "low"."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d_{decision_id}" name="risk"
             namespace="http://camtui.test">
  <decision id="{decision_id}" name="Risk">
    <decisionTable id="t_{decision_id}" hitPolicy="FIRST">
      <input id="i_{decision_id}" label="Amount">
        <inputExpression id="e_{decision_id}" typeRef="number"><text>amount</text></inputExpression>
      </input>
      <output id="o_{decision_id}" name="level" typeRef="string"/>
      <rule id="r1_{decision_id}">
        <inputEntry id="r1i_{decision_id}"><text>&gt; 100</text></inputEntry>
        <outputEntry id="r1o_{decision_id}"><text>"high"</text></outputEntry>
      </rule>
      <rule id="r2_{decision_id}">
        <inputEntry id="r2i_{decision_id}"><text>-</text></inputEntry>
        <outputEntry id="r2o_{decision_id}"><text>"low"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
""".encode()


def test_evaluate_a_decision_on_the_broker(
    env_profile: RunningBroker, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    decision_id = unique("risk")
    dmn = tmp_path / f"{decision_id}.dmn"
    dmn.write_bytes(decision(decision_id))
    code, out, err = run(capsys, "deploy", "--name", "risk", str(dmn), "--yes", "-o", "json")
    assert code == 0, err
    code, out, err = run(capsys, "decision", "evaluate", decision_id, "--var", "amount=500:Integer", "--dry-run")
    assert code == 0 and "/v2/decision-definitions/evaluation" in out, err
    code, out, err = run(capsys, "decision", "evaluate", decision_id, "--var", "amount=500:Integer", "-o", "json")
    assert code == 0, err
    evaluated = json.loads(out)
    assert json.loads(evaluated["output"]) == "high" and evaluated["decision_id"] == decision_id
    wait_for_record_blocking(env_profile.records, "DECISION_EVALUATION", "EVALUATED", decisionId=decision_id)
    # by its key (this version), with another input
    key = evaluated["decision_definition_key"]
    code, out, err = run(capsys, "decision", "evaluate", "--key", key, "--var", "amount=5:Integer", "-o", "json")
    assert code == 0 and json.loads(json.loads(out)["output"]) == "low", err
    # a decision that is not there: the broker's words
    code, out, err = run(capsys, "decision", "evaluate", unique("nope"))
    assert code == ENGINE_ERROR and "no decision found" in err.lower()


def test_publish_and_correlate_from_the_cli(
    env_profile: RunningBroker, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    process_id, message = unique("climsg"), unique("paid")
    bpmn = tmp_path / f"{process_id}.bpmn"
    bpmn.write_bytes(message_process(process_id, message))
    code, out, err = run(capsys, "deploy", "--name", "msg", str(bpmn), "--yes")
    assert code == 0, err
    keys = {}
    for order in ("B-1", "B-2"):
        # started as an application does (`camtui start` looks the definition up: a search 8.6 lacks)
        started = httpx.post(
            f"{env_profile.url}/v2/process-instances",
            json={"processDefinitionId": process_id, "variables": {"orderId": order}},
            timeout=30,
        )
        assert started.status_code == 200, started.text
        keys[order] = int(started.json()["processInstanceKey"])
        wait_for_record_blocking(
            env_profile.records, "PROCESS_MESSAGE_SUBSCRIPTION", "CREATED", processInstanceKey=keys[order]
        )
    code, out, err = run(
        capsys, "message", "correlate", message, "--correlation-key", "B-1", "--var", "amount=42:Integer", "-o", "json"
    )
    assert code == 0, err
    assert json.loads(out)["outcomes"][0]["result"]["process_instance_id"] == str(keys["B-1"])
    wait_for_record_blocking(
        env_profile.records, "PROCESS_MESSAGE_SUBSCRIPTION", "CORRELATED", processInstanceKey=keys["B-1"]
    )
    wait_for_record_blocking(
        env_profile.records, "VARIABLE", "CREATED", processInstanceKey=keys["B-1"], name="amount", value="42"
    )
    # nobody waits for B-9: the broker says so, nothing is kept
    code, out, err = run(capsys, "message", "correlate", message, "--correlation-key", "B-9")
    assert code == ENGINE_ERROR and "'B-9'" in err
    code, out, err = run(capsys, "message", "publish", message, "--correlation-key", "B-2", "--ttl", "10000")
    assert code == 0, err
    wait_for_record_blocking(
        env_profile.records, "PROCESS_MESSAGE_SUBSCRIPTION", "CORRELATED", processInstanceKey=keys["B-2"]
    )
