"""Capabilities mean something: what an engine declares and what it refuses agree."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pydantic import SecretStr

import camtui.api.c7
from camtui.api import operations as op
from camtui.api.c7.engine import CAPABILITIES, C7Engine, c8_only_operations
from camtui.api.capabilities import Capability
from camtui.api.connection import AuthKind, Connection, Credentials
from camtui.api.errors import UnsupportedByEngine
from camtui.api.models import (
    MigrationInstruction,
    MigrationPlan,
    Modification,
    ModificationKind,
    NewDeployment,
    VariableValue,
)
from camtui.kinds import runner
from camtui.kinds.registry import all_actions
from tests.fakes import preview_c8only, preview_identity, preview_variables
from tests.fakes.engine import FakeEngine


def raised_capabilities(package: Path) -> list[tuple[str, str | None]]:
    """(file, capability name or None) for every `raise UnsupportedByEngine(...)` in a package."""
    found = []
    for path in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name != "UnsupportedByEngine":
                continue
            capability = next((k.value for k in node.exc.keywords if k.arg == "capability"), None)
            found.append((path.name, capability.attr if isinstance(capability, ast.Attribute) else None))
    return found


def test_every_unsupported_that_camunda7_raises_is_a_capability_it_does_not_declare() -> None:
    for file, capability in raised_capabilities(Path(camtui.api.c7.__file__).parent):
        if capability is None:
            # only the preview of an operation type that does not exist yet may raise without one
            assert file == "engine.py", f"{file} raises UnsupportedByEngine without naming the capability"
            continue
        assert Capability[capability] not in CAPABILITIES, f"{file}: {capability} is declared but refused"


OPERATIONS: list[op.Operation] = [
    op.CreateDeployment(new=NewDeployment(name="n", files=(("a.bpmn", b"<x/>"),))),
    op.DeleteDeployment(deployment_id="d", cascade=True),
    op.Redeploy(deployment_id="d"),
    op.StartInstance(bpmn_process_id="invoice"),
    op.DeleteInstance(instance_id="i"),
    op.DeleteInstances(instance_ids=("i", "j")),
    op.ClaimTask(task_id="t", user_id="demo"),
    op.UnclaimTask(task_id="t"),
    op.AssignTask(task_id="t", user_id=None),
    op.CompleteTask(task_id="t"),
    op.SetJobRetries(job_id="j", retries=1),
    op.SetJobRetriesMany(job_ids=("j", "k"), retries=1),
    op.ExecuteJob(job_id="j"),
    op.SetJobDueDate(job_id="j", due_date=None),
    op.RecalculateJobDueDate(job_id="j"),
    op.SetJobPriority(job_id="j", priority=1),
    op.SuspendJobDefinition(job_definition_id="d", suspended=True),
    op.SetExternalTaskRetries(task_id="e", retries=1),
    op.SetExternalTaskRetriesMany(task_ids=("e", "f"), retries=1),
    op.UnlockExternalTask(task_id="e"),
    op.SetExternalTaskPriority(task_id="e", priority=1),
    op.ResolveIncident(incident_id="i"),
    op.AnnotateIncident(incident_id="i", annotation="a"),
    *preview_identity.SAMPLES,
    op.SuspendDefinition(definition_id="d", include_instances=True),
    op.SuspendInstance(instance_id="i", suspended=False),
    op.DeleteDefinition(definition_id="d", cascade=True),
    op.SuspendBatch(batch_id="b"),
    op.RestartInstances(
        definition_id="p:1",
        instance_ids=("h",),
        instructions=(Modification(kind=ModificationKind.START_AFTER, activity_id="task"),),
    ),
    op.DeleteBatch(batch_id="b", cascade=True),
    op.MigrateInstances(
        plan=MigrationPlan(
            source_definition_id="p:1",
            target_definition_id="p:2",
            instructions=(MigrationInstruction(source_activity_ids=("task",), target_activity_ids=("task",)),),
        ),
        instance_ids=("i",),
        batch=True,
    ),
    op.ModifyInstance(
        instance_id="i", instructions=(Modification(kind=ModificationKind.START_BEFORE, activity_id="task"),)
    ),
    op.SetVariables(instance_id="i", variables={"a": VariableValue(value=1, type="Integer")}),
    *preview_c8only.SAMPLES,
    *preview_variables.SAMPLES,
]


def test_every_operation_type_is_covered_here() -> None:
    assert {type(o) for o in OPERATIONS} == set(op.Operation.__subclasses__())


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: type(o).__name__)
async def test_camunda7_previews_every_operation_without_its_secret(operation: op.Operation) -> None:
    secret = "s3cr3t-Pa55"
    connection = Connection(
        base_url="http://user:pw@127.0.0.1:1/engine-rest",
        credentials=Credentials(kind=AuthKind.BASIC, username="demo", password=SecretStr(secret)),
    )
    async with C7Engine(connection) as engine:
        if type(operation) in c8_only_operations():
            # Camunda 8's own changes: refused by the capability Camunda 7 does not declare
            with pytest.raises(UnsupportedByEngine) as refused:
                engine.preview(operation)
            assert refused.value.capability not in CAPABILITIES
            return
        requests = engine.preview(operation)
    assert requests
    for request in requests:
        assert request.url.startswith("http://127.0.0.1:1/engine-rest/")
        for text in (request.line(), request.curl(), repr(request)):
            assert secret not in text and "pw@" not in text
        assert '"$PASSWORD"' in request.curl()


@pytest.mark.parametrize("flavour", ["c7", "c8"])
def test_the_runner_refuses_actions_outside_the_engine_capabilities(flavour: str) -> None:
    fake = FakeEngine(flavour)  # type: ignore[arg-type]
    for action in all_actions():
        if action.capability in fake.capabilities:
            runner.check(fake, action)
            continue
        with pytest.raises(UnsupportedByEngine) as info:
            runner.check(fake, action)
        assert info.value.capability == action.capability
