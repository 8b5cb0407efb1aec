"""Camunda 8's deployed resources, grouped by the deployment that brought them (issue 13).

Camunda 8 keeps no deployment entity: each process definition, decision requirements graph and form
stands alone, and its searches do not say which deployment brought it. The deployment key is known
where the cluster's audit log records the deployment (8.9+) and for what this client deployed."""

from __future__ import annotations

from datetime import datetime

from camtui.api.models.base import Filter, Model


class DeployedResource(Model):
    # the resource's key (a process definition's, a decision requirements graph's, a form's)
    key: str
    # process, decision requirements, form, resource
    kind: str
    # the id in the model file (BPMN process id, DRD id, form id)
    resource_id: str | None = None
    name: str | None = None
    # the file it came from
    resource_name: str | None = None
    version: int | None = None
    tenant_id: str | None = None
    # None: the cluster does not say (before 8.9, for what another client deployed)
    deployment_key: str | None = None


class ResourceDeployment(Model):
    """One deployment and its resources; a resource whose deployment is not known is a row of its own."""

    # the deployment key, or `resource/KEY` for a resource whose deployment the cluster does not say
    id: str
    deployment_key: str | None = None
    resources: tuple[DeployedResource, ...] = ()
    tenant_id: str | None = None
    # when and by whom, where the audit log says
    deployed: datetime | None = None
    by: str | None = None


class ResourceQuery(Filter):
    """Deployed resources: all, or one deployment's (its row id)."""

    deployment: str | None = None
