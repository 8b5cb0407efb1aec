"""Changes as typed values, so an engine can show the exact requests before it sends them.

`Engine.preview(op)` returns the requests an operation becomes on that engine; the area method that
performs it (e.g. `engine.deployments.delete`) sends exactly those. Plans quote the preview, which
is how the UI and the CLI show an engine's URLs without ever building one themselves.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field

from camtui.api.models import MigrationPlan, Modification, NewDeployment, VariableValue
from camtui.api.models.base import Model


class Operation(Model):
    """Base of every change an engine can preview."""


class CreateDeployment(Operation):
    new: NewDeployment


class DeleteDeployment(Operation):
    deployment_id: str
    cascade: bool = False
    skip_custom_listeners: bool = False
    skip_io_mappings: bool = False


class Redeploy(Operation):
    deployment_id: str
    resource_ids: tuple[str, ...] = ()
    source: str | None = None


class StartInstance(Operation):
    definition_id: str | None = None
    # or the latest version of a BPMN process id (Camunda 7 calls it the definition key)
    bpmn_process_id: str | None = None
    tenant_id: str | None = None
    business_key: str | None = None
    variables: Mapping[str, VariableValue] = Field(default_factory=dict)


class DeleteInstance(Operation):
    instance_id: str
    skip_custom_listeners: bool = False
    skip_io_mappings: bool = False


class DeleteInstances(Operation):
    """Many instances at once, as one engine batch."""

    instance_ids: tuple[str, ...]
    reason: str | None = None
    skip_custom_listeners: bool = False
    skip_io_mappings: bool = False


class ClaimTask(Operation):
    task_id: str
    user_id: str


class UnclaimTask(Operation):
    task_id: str


class AssignTask(Operation):
    task_id: str
    user_id: str | None


class CompleteTask(Operation):
    task_id: str
    variables: Mapping[str, VariableValue] = Field(default_factory=dict)


# -- issue 10: definitions and instances ---------------------------------------------------------


class SuspendDefinition(Operation):
    """Suspend (or activate, `suspended=False`) one definition version, optionally with its instances."""

    definition_id: str
    suspended: bool = True
    include_instances: bool = False


class SuspendInstance(Operation):
    instance_id: str
    suspended: bool = True


class DeleteDefinition(Operation):
    definition_id: str
    cascade: bool = False
    skip_custom_listeners: bool = False
    skip_io_mappings: bool = False


class SetVariables(Operation):
    """Set (create or overwrite) typed variables on one process instance."""

    instance_id: str
    variables: Mapping[str, VariableValue] = Field(default_factory=dict)


class ModifyInstance(Operation):
    """Start before/after activities and cancel activity instances of one process instance, all or none."""

    instance_id: str
    instructions: tuple[Modification, ...]
    skip_custom_listeners: bool = False
    skip_io_mappings: bool = False
    annotation: str | None = None


class MigrateInstances(Operation):
    """Move process instances to another definition version along a mapping; `batch`: as an engine batch."""

    plan: MigrationPlan
    instance_ids: tuple[str, ...]
    skip_custom_listeners: bool = False
    skip_io_mappings: bool = False
    batch: bool = False


class SuspendBatch(Operation):
    """Suspend (or resume, `suspended=False`) an engine batch."""

    batch_id: str
    suspended: bool = True


class DeleteBatch(Operation):
    """Delete an engine batch; `cascade` also deletes its history."""

    batch_id: str
    cascade: bool = False


class RestartInstances(Operation):
    """Start finished process instances again (from history) at the given activities."""

    definition_id: str
    instance_ids: tuple[str, ...]
    instructions: tuple[Modification, ...]
    initial_variables: bool = False
    without_business_key: bool = False
    skip_custom_listeners: bool = False
    skip_io_mappings: bool = False
    batch: bool = False
