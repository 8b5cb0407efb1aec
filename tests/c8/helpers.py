"""Small helpers of the Camunda 8 tests: model files, seeding through the client, waiting for conditions."""

from __future__ import annotations

from pathlib import Path

from camtui.api.c8.engine import C8Engine
from camtui.api.models import NewDeployment, ProcessInstance
from tests.waiting import until as until  # the c8 tests' helper, shared

HERE = Path(__file__).parent


def files(*names: str) -> tuple[tuple[str, bytes], ...]:
    return tuple((name, (HERE / name).read_bytes()) for name in names)


async def deploy(c8: C8Engine, *names: str) -> None:
    await c8.deployments.create(NewDeployment(name="test", files=files(*names)))


async def start(c8: C8Engine, process: str, n: int = 1, **variables: object) -> list[ProcessInstance]:
    from camtui.api.models import VariableValue

    values = {k: VariableValue(value=v) for k, v in variables.items()}
    return [await c8.definitions.start(bpmn_process_id=process, variables=values) for _ in range(n)]
