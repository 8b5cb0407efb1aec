"""The CLI on a Camunda 8 profile (the zero-config `env` one, as the official SDKs read it) against the
real 8.6 broker: a deployment and its parse error, and what needs 8.8 saying so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from camtui.cli import main
from tests.conftest import RunningBroker
from tests.engine8.helpers import broken_process, find_records, service_task_process, unique, wait_for_record_blocking


@pytest.fixture
def env_profile(real_c8: RunningBroker, monkeypatch: pytest.MonkeyPatch) -> RunningBroker:
    monkeypatch.setenv("CAMUNDA_REST_ADDRESS", real_c8.url)
    return real_c8


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["-p", "env", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_deploy_and_the_brokers_parse_error(
    env_profile: RunningBroker, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    process_id = unique("cli")
    good = tmp_path / f"{process_id}.bpmn"
    good.write_bytes(service_task_process(process_id, "x"))
    code, out, err = run(capsys, "deploy", "--name", "orders", str(good), "--yes", "-o", "json")
    assert code == 0, err
    [definition] = json.loads(out)["definitions"]
    assert (definition["model_id"], definition["version"]) == (process_id, 1)
    assert f"{process_id} v1" in err  # the report of what was done
    wait_for_record_blocking(
        env_profile.records, "PROCESS", "CREATED", bpmnProcessId=process_id, key=int(definition["id"])
    )

    broken_id = unique("clibroken")
    broken = tmp_path / f"{broken_id}.bpmn"
    broken.write_bytes(broken_process(broken_id))
    code, out, err = run(capsys, "deploy", "--name", "broken", str(broken), "--yes")
    assert code == 1
    assert f"'{broken_id}.bpmn'" in err and "no ID/IDREF binding for IDREF 'nowhere'" in err
    assert "Traceback" not in err
    assert find_records(env_profile.records, "PROCESS", "CREATED", bpmnProcessId=broken_id) == []


def test_profile_test_names_the_cluster(env_profile: RunningBroker, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["profile", "test", "env"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"Camunda 8 8.6.0 at {env_profile.url}" in out


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (("get", "instances"), "/v2/process-instances/search"),
        (("describe", "instance", "2251799813685251"), "/v2/process-instances/2251799813685251"),
        (("cancel", "instance", "2251799813685251", "--yes"), "/v2/process-instances/2251799813685251"),
    ],
)
def test_what_needs_a_search_store_says_it_needs_8_8(
    env_profile: RunningBroker, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], path: str
) -> None:
    """8.6 without a secondary store finds nothing by search; the CLI says so rather than "not found"."""
    code, out, err = run(capsys, *args)
    assert code == 1
    assert f"This cluster does not offer {path}." in err
    assert "camtui needs Camunda 8.8 or newer" in err
    assert "Traceback" not in err
