"""Engine-neutral models: every service method takes and returns these.

Each name here loads its own module on first use (PEP 562 `__getattr__`), so a command that lists
deployments builds the deployment models, not the pydantic classes of every area: creating
~170 model classes was the largest part of camtui's start-up CPU (issue 15). The checker reads
the imports under TYPE_CHECKING as plain ones; tests/unit/test_models_lazy.py keeps the table
and them in step.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from camtui.api.models.base import Filter, Model, SortOrder
    from camtui.api.models.definitions import (
        DefinitionFilter,
        DefinitionKind,
        DefinitionSort,
        DeployedDefinition,
        ElementStatistics,
        ProcessDefinition,
    )
    from camtui.api.models.deployments import (
        Deployment,
        DeploymentFilter,
        DeploymentResult,
        DeploymentSort,
        NewDeployment,
        Resource,
    )
    from camtui.api.models.identity import (
        Authorization,
        AuthorizationFilter,
        AuthorizationType,
        Group,
        GroupFilter,
        Tenant,
        TenantFilter,
        User,
        UserFilter,
    )
    from camtui.api.models.incidents import (
        ExternalTask,
        ExternalTaskFilter,
        Incident,
        IncidentFilter,
        IncidentSort,
    )
    from camtui.api.models.info import CurrentUser, EngineInfo, EngineKind
    from camtui.api.models.instances import (
        ActivityInstance,
        Batch,
        BatchFilter,
        BatchProgress,
        BatchStatus,
        ElementStates,
        EndState,
        InstanceFilter,
        InstanceHistory,
        InstanceSort,
        MigrationInstruction,
        MigrationPlan,
        Modification,
        ModificationKind,
        Operator,
        ProcessInstance,
        VariableCondition,
    )
    from camtui.api.models.jobs import Job, JobDefinition, JobDefinitionFilter, JobFilter, JobSort, job_kind
    from camtui.api.models.tasks import Comment, TaskFilter, TaskLink, TaskLinkChange, TaskSort, UserTask
    from camtui.api.models.variables import Variable, VariableSyntaxError, VariableValue, parse_variable

# name -> the module that defines it
_HOME: dict[str, str] = {
    "Filter": "camtui.api.models.base",
    "Model": "camtui.api.models.base",
    "SortOrder": "camtui.api.models.base",
    "DefinitionFilter": "camtui.api.models.definitions",
    "DefinitionKind": "camtui.api.models.definitions",
    "DefinitionSort": "camtui.api.models.definitions",
    "DeployedDefinition": "camtui.api.models.definitions",
    "ElementStatistics": "camtui.api.models.definitions",
    "ProcessDefinition": "camtui.api.models.definitions",
    "Deployment": "camtui.api.models.deployments",
    "DeploymentFilter": "camtui.api.models.deployments",
    "DeploymentResult": "camtui.api.models.deployments",
    "DeploymentSort": "camtui.api.models.deployments",
    "NewDeployment": "camtui.api.models.deployments",
    "Resource": "camtui.api.models.deployments",
    "Authorization": "camtui.api.models.identity",
    "AuthorizationFilter": "camtui.api.models.identity",
    "AuthorizationType": "camtui.api.models.identity",
    "Group": "camtui.api.models.identity",
    "GroupFilter": "camtui.api.models.identity",
    "Tenant": "camtui.api.models.identity",
    "TenantFilter": "camtui.api.models.identity",
    "User": "camtui.api.models.identity",
    "UserFilter": "camtui.api.models.identity",
    "ExternalTask": "camtui.api.models.incidents",
    "ExternalTaskFilter": "camtui.api.models.incidents",
    "Incident": "camtui.api.models.incidents",
    "IncidentFilter": "camtui.api.models.incidents",
    "IncidentSort": "camtui.api.models.incidents",
    "CurrentUser": "camtui.api.models.info",
    "EngineInfo": "camtui.api.models.info",
    "EngineKind": "camtui.api.models.info",
    "ActivityInstance": "camtui.api.models.instances",
    "Batch": "camtui.api.models.instances",
    "BatchFilter": "camtui.api.models.instances",
    "BatchProgress": "camtui.api.models.instances",
    "BatchStatus": "camtui.api.models.instances",
    "ElementStates": "camtui.api.models.instances",
    "EndState": "camtui.api.models.instances",
    "InstanceFilter": "camtui.api.models.instances",
    "InstanceHistory": "camtui.api.models.instances",
    "InstanceSort": "camtui.api.models.instances",
    "MigrationInstruction": "camtui.api.models.instances",
    "MigrationPlan": "camtui.api.models.instances",
    "Modification": "camtui.api.models.instances",
    "ModificationKind": "camtui.api.models.instances",
    "Operator": "camtui.api.models.instances",
    "ProcessInstance": "camtui.api.models.instances",
    "VariableCondition": "camtui.api.models.instances",
    "Job": "camtui.api.models.jobs",
    "JobDefinition": "camtui.api.models.jobs",
    "JobDefinitionFilter": "camtui.api.models.jobs",
    "JobFilter": "camtui.api.models.jobs",
    "JobSort": "camtui.api.models.jobs",
    "job_kind": "camtui.api.models.jobs",
    "Comment": "camtui.api.models.tasks",
    "TaskFilter": "camtui.api.models.tasks",
    "TaskLink": "camtui.api.models.tasks",
    "TaskLinkChange": "camtui.api.models.tasks",
    "TaskSort": "camtui.api.models.tasks",
    "UserTask": "camtui.api.models.tasks",
    "Variable": "camtui.api.models.variables",
    "VariableSyntaxError": "camtui.api.models.variables",
    "VariableValue": "camtui.api.models.variables",
    "parse_variable": "camtui.api.models.variables",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # the next look-up is a plain one
    return value


__all__ = [
    "ActivityInstance",
    "Authorization",
    "AuthorizationFilter",
    "AuthorizationType",
    "Batch",
    "BatchFilter",
    "BatchProgress",
    "BatchStatus",
    "Comment",
    "CurrentUser",
    "DefinitionFilter",
    "DefinitionKind",
    "DefinitionSort",
    "DeployedDefinition",
    "Deployment",
    "DeploymentFilter",
    "DeploymentResult",
    "DeploymentSort",
    "ElementStates",
    "ElementStatistics",
    "EndState",
    "EngineInfo",
    "EngineKind",
    "ExternalTask",
    "ExternalTaskFilter",
    "Filter",
    "Group",
    "GroupFilter",
    "Incident",
    "IncidentFilter",
    "IncidentSort",
    "InstanceFilter",
    "InstanceHistory",
    "InstanceSort",
    "Job",
    "JobDefinition",
    "JobDefinitionFilter",
    "JobFilter",
    "JobSort",
    "MigrationInstruction",
    "MigrationPlan",
    "Model",
    "Modification",
    "ModificationKind",
    "NewDeployment",
    "Operator",
    "ProcessDefinition",
    "ProcessInstance",
    "Resource",
    "SortOrder",
    "TaskFilter",
    "TaskLink",
    "TaskLinkChange",
    "TaskSort",
    "Tenant",
    "TenantFilter",
    "User",
    "UserFilter",
    "UserTask",
    "Variable",
    "VariableCondition",
    "VariableSyntaxError",
    "VariableValue",
    "job_kind",
    "parse_variable",
]
