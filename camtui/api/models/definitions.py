"""Process and decision definitions."""

from __future__ import annotations

from enum import StrEnum

from camtui.api.models.base import Filter, Model, SortOrder


class DefinitionKind(StrEnum):
    PROCESS = "process"
    DECISION = "decision"
    DECISION_REQUIREMENTS = "decision_requirements"
    CASE = "case"


class DeployedDefinition(Model):
    """A definition a deployment brought, of any kind."""

    kind: DefinitionKind
    id: str
    # the id inside the model file (BPMN process id, DMN decision id, ...), not the engine's unique
    # `id`: Camunda 7 calls it the definition key, Camunda 8 the process/decision id
    model_id: str
    name: str | None = None
    version: int | None = None
    resource: str | None = None
    tenant_id: str | None = None


class ProcessDefinition(Model):
    # the engine's unique id: Camunda 7's definition id; Camunda 8's processDefinitionKey, as a string
    id: str
    # the BPMN process id, shared by every version (Camunda 7's definition key; Camunda 8's processDefinitionId)
    bpmn_process_id: str
    name: str | None = None
    version: int
    version_tag: str | None = None
    deployment_id: str | None = None
    resource: str | None = None
    tenant_id: str | None = None
    suspended: bool = False
    history_time_to_live: int | None = None
    # filled by list(..., with_statistics=True)
    running_instances: int | None = None
    incidents: int | None = None
    failed_jobs: int | None = None


class DefinitionSort(StrEnum):
    BPMN_PROCESS_ID = "bpmn_process_id"
    ID = "id"
    NAME = "name"
    VERSION = "version"
    DEPLOYMENT_ID = "deployment_id"
    DEPLOY_TIME = "deploy_time"
    TENANT_ID = "tenant_id"
    # issue 13 (audit): what else the engines' searches sort by (Camunda 7: the tag only)
    VERSION_TAG = "version_tag"
    RESOURCE_NAME = "resource_name"


class DefinitionFilter(Filter):
    bpmn_process_id: str | None = None
    bpmn_process_ids: tuple[str, ...] = ()
    name_like: str | None = None
    deployment_id: str | None = None
    latest_only: bool = False
    tenant_ids: tuple[str, ...] = ()
    without_tenant: bool = False
    include_without_tenant: bool = False
    suspended: bool | None = None
    sort_by: DefinitionSort | None = None
    sort_order: SortOrder = SortOrder.ASC
    version_tag: str | None = None


class ElementStatistics(Model):
    """One BPMN element of a definition: the instances waiting there and its open incidents."""

    element_id: str
    running: int = 0
    incidents: int = 0
