"""Deployments and their resources."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from camtui.api.models.base import Filter, Model, SortOrder
from camtui.api.models.definitions import DeployedDefinition


class Deployment(Model):
    id: str
    name: str | None = None
    source: str | None = None
    tenant_id: str | None = None
    deployment_time: datetime | None = None


class DeploymentResult(Model):
    """What a create or redeploy did: the deployment and the definitions it brought."""

    deployment: Deployment
    definitions: tuple[DeployedDefinition, ...] = ()


class Resource(Model):
    id: str
    name: str
    deployment_id: str

    @property
    def kind(self) -> str:
        """bpmn, dmn, cmmn, form, xml, json, ... or `file`, from the name."""
        lowered = self.name.lower()
        for suffix, kind in (
            (".bpmn20.xml", "bpmn"),
            (".bpmn", "bpmn"),
            (".dmn11.xml", "dmn"),
            (".dmn", "dmn"),
            (".cmmn11.xml", "cmmn"),
            (".cmmn", "cmmn"),
            (".form", "form"),
            (".xml", "xml"),
            (".json", "json"),
            (".js", "script"),
            (".groovy", "script"),
            (".png", "image"),
            (".svg", "image"),
            (".html", "html"),
            (".txt", "text"),
        ):
            if lowered.endswith(suffix):
                return kind
        return "file"


class DeploymentSort(StrEnum):
    ID = "id"
    NAME = "name"
    DEPLOYMENT_TIME = "deployment_time"
    TENANT_ID = "tenant_id"


class DeploymentFilter(Filter):
    id: str | None = None
    name: str | None = None
    # SQL LIKE: `%` matches any run of characters
    name_like: str | None = None
    source: str | None = None
    without_source: bool = False
    tenant_ids: tuple[str, ...] = ()
    without_tenant: bool = False
    include_without_tenant: bool = False
    after: datetime | None = None
    before: datetime | None = None
    sort_by: DeploymentSort | None = None
    sort_order: SortOrder = SortOrder.ASC


class NewDeployment(Filter):
    """A deployment to create. Files are (name, bytes); the name becomes the resource name."""

    name: str
    files: tuple[tuple[str, bytes], ...]
    source: str | None = None
    enable_duplicate_filtering: bool = False
    deploy_changed_only: bool = False
    tenant_id: str | None = None
    activation_time: datetime | None = None
