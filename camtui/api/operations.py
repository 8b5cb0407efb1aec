"""Changes as typed values, so an engine can show the exact requests before it sends them.

`Engine.preview(op)` returns the requests an operation becomes on that engine; the area method that
performs it (e.g. `engine.deployments.delete`) sends exactly those. Plans quote the preview, which
is how the UI and the CLI show an engine's URLs without ever building one themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from pydantic import Field

from camtui.api.models import NewDeployment, VariableValue
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


# -- incidents, jobs and external tasks (issue 11) -------------------------------------------------


class SetJobRetries(Operation):
    job_id: str
    retries: int


class SetJobRetriesMany(Operation):
    """Many jobs at once, as one engine batch."""

    job_ids: tuple[str, ...]
    retries: int


class ExecuteJob(Operation):
    job_id: str


class SetJobDueDate(Operation):
    job_id: str
    due_date: datetime | None
    # a timer's later cycles move along with it
    cascade: bool = False


class RecalculateJobDueDate(Operation):
    job_id: str
    # from the timer's definition, counted from the job's creation (else from now)
    creation_date_based: bool = True


class SetJobPriority(Operation):
    job_id: str
    priority: int


class SuspendJobDefinition(Operation):
    job_definition_id: str
    suspended: bool
    include_jobs: bool = False


class SetExternalTaskRetries(Operation):
    task_id: str
    retries: int


class SetExternalTaskRetriesMany(Operation):
    """Many external tasks at once, as one engine batch."""

    task_ids: tuple[str, ...]
    retries: int


class UnlockExternalTask(Operation):
    task_id: str


class SetExternalTaskPriority(Operation):
    task_id: str
    priority: int


class ResolveIncident(Operation):
    incident_id: str


class AnnotateIncident(Operation):
    incident_id: str
    # None (or empty) clears it
    annotation: str | None
