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
    key: str
    name: str | None = None
    version: int | None = None
    resource: str | None = None
    tenant_id: str | None = None


class ProcessDefinition(Model):
    id: str
    key: str
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
    KEY = "key"
    ID = "id"
    NAME = "name"
    VERSION = "version"
    DEPLOYMENT_ID = "deployment_id"
    DEPLOY_TIME = "deploy_time"
    TENANT_ID = "tenant_id"


class DefinitionFilter(Filter):
    key: str | None = None
    keys: tuple[str, ...] = ()
    name_like: str | None = None
    deployment_id: str | None = None
    latest_only: bool = False
    tenant_ids: tuple[str, ...] = ()
    without_tenant: bool = False
    include_without_tenant: bool = False
    suspended: bool | None = None
    sort_by: DefinitionSort | None = None
    sort_order: SortOrder = SortOrder.ASC
