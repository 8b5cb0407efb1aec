"""Live counts on diagrams against the real engine: the protocol's element statistics and states,
and `camtui diagram` printing them."""

from __future__ import annotations

import io
from collections.abc import Callable

import httpx
import pytest

from camtui.api.c7.engine import C7Engine
from camtui.api.models import InstanceFilter, NewDeployment
from camtui.cli import main
from camtui.diagram.live import definition_diagram, instance_diagram
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique

pytestmark = pytest.mark.engine
CLI = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(real_engine: RunningEngine, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CLI:
    from camtui.api.connection import AuthKind
    from camtui.config import store
    from camtui.config.profiles import Profile

    store.save_profile(Profile(name="t", url=real_engine.url, auth=AuthKind.BASIC, username="demo"))
    monkeypatch.setenv("CAMTUI_T_PASSWORD", "demo")

    def run(*argv: str) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        code = main(["--profile", "t", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


async def two_waiting(engine: C7Engine) -> str:
    key = unique("dg")
    await engine.deployments.create(NewDeployment(name=unique("d"), files=((f"{key}.bpmn", bpmn(key)),)))
    for _ in range(2):
        await engine.definitions.start(bpmn_process_id=key)
    return key


async def payment_instance(engine: C7Engine) -> str:
    page = await engine.instances.list(InstanceFilter(bpmn_process_id="camtui_payment", with_incident=True))
    assert page.items, "the seeded payment has its incident"
    return page.items[0].id


async def test_element_statistics_count_waiting_instances_and_incidents(engine: C7Engine) -> None:
    key = await two_waiting(engine)
    definition = await engine.definitions.get_latest(key)
    stats = {s.element_id: s for s in await engine.definitions.element_statistics(definition.id)}
    assert stats["task"].running == 2 and stats["task"].incidents == 0
    assert "start" not in stats or stats["start"].running == 0
    payment = await engine.definitions.get_latest("camtui_payment")
    charge = {s.element_id: s for s in await engine.definitions.element_statistics(payment.id)}["charge_card"]
    assert charge.incidents >= 1 and charge.running >= 1
    live = await definition_diagram(engine, definition)
    assert live.overlay.running == {"task": 2} and not live.overlay.incidents


async def test_element_states_of_an_instance(engine: C7Engine) -> None:
    key = await two_waiting(engine)
    instance = (await engine.instances.list(InstanceFilter(bpmn_process_id=key), limit=1)).items[0]
    states = await engine.instances.element_states(instance.id)
    assert states.active == {"task": 1} and states.incidents == {}
    assert states.passed is not None and "start" in states.passed
    failing = await engine.instances.element_states(await payment_instance(engine))
    assert failing.incidents == {"charge_card": 1} and failing.active == {"charge_card": 1}
    live = await instance_diagram(engine, instance.id)
    assert live.overlay.running == {"task": 1} and "start" in live.overlay.passed


def prepare_over_rest(real_engine: RunningEngine) -> tuple[str, str]:
    """A new process with two instances waiting, and the seeded payment instance with its incident
    (the CLI runs its own event loop, so the test does not share the engine fixture's)."""
    key = unique("dg")
    with httpx.Client(base_url=real_engine.url, auth=("demo", "demo")) as client:
        files = {"data": (f"{key}.bpmn", bpmn(key), "application/octet-stream")}
        client.post("/deployment/create", data={"deployment-name": key}, files=files).raise_for_status()
        for _ in range(2):
            client.post(f"/process-definition/key/{key}/start", json={}).raise_for_status()
        failing = client.get(
            "/process-instance", params={"processDefinitionKey": "camtui_payment", "withIncident": True}
        )
        failing.raise_for_status()
        return key, failing.json()[0]["id"]


def test_cli_prints_a_definition_with_counts_and_an_instance_with_its_incident(
    real_engine: RunningEngine, cli: CLI
) -> None:
    key, payment = prepare_over_rest(real_engine)
    code, out, err = cli("diagram", "--definition", key, "--width", "90", "--no-color")
    assert code == 0, err
    assert "Do it" in out and "●2" in out and "instances waiting" in out
    assert all(len(line) <= 90 for line in out.splitlines())
    assert "\x1b[" not in out
    code, out, err = cli("diagram", "--definition", f"{key}:1", "--width", "90", "--no-color")
    assert code == 0 and "●2" in out
    code, out, err = cli("diagram", "--instance", payment, "--width", "80", "--no-color")
    assert code == 0, err
    assert "Charge card" in out and "!1" in out
    code, out, err = cli("diagram", "--definition", f"{key}:9", "--no-color")
    assert code == 1 and "no version 9" in err and "Traceback" not in err
    code, out, err = cli("diagram", "--instance", "no-such-instance", "--no-color")
    assert code == 1 and err.startswith("error:") and "Traceback" not in err
