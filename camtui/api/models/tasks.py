"""User tasks and their comments."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from camtui.api.models.base import Filter, Model, SortOrder
from camtui.api.models.instances import VariableCondition


class UserTask(Model):
    id: str
    name: str | None = None
    assignee: str | None = None
    owner: str | None = None
    created: datetime | None = None
    due: datetime | None = None
    follow_up: datetime | None = None
    delegation_state: str | None = None
    description: str | None = None
    priority: int | None = None
    process_definition_id: str | None = None
    process_instance_id: str | None = None
    task_definition_key: str | None = None
    form_key: str | None = None
    suspended: bool = False
    tenant_id: str | None = None


class Comment(Model):
    id: str
    user_id: str | None = None
    time: datetime | None = None
    message: str


class TaskSort(StrEnum):
    ID = "id"
    NAME = "name"
    ASSIGNEE = "assignee"
    CREATED = "created"
    DUE = "due_date"
    PRIORITY = "priority"
    INSTANCE_ID = "instance_id"
    # issue 13 (audit): what else the engines' task searches sort by (Camunda 7: follow-up only)
    FOLLOW_UP = "follow_up"
    COMPLETED = "completed"
    BUSINESS_KEY = "business_key"


class TaskFilter(Filter):
    assignee: str | None = None
    candidate_user: str | None = None
    candidate_group: str | None = None
    unassigned: bool = False
    bpmn_process_id: str | None = None
    process_definition_id: str | None = None
    process_instance_id: str | None = None
    name_like: str | None = None
    due_before: datetime | None = None
    due_after: datetime | None = None
    follow_up_before: datetime | None = None
    follow_up_after: datetime | None = None
    tenant_ids: tuple[str, ...] = ()
    sort_by: TaskSort | None = None
    sort_order: SortOrder = SortOrder.ASC
    # issue 12: the rest of the task filter form
    business_key: str | None = None
    business_key_like: str | None = None
    created_before: datetime | None = None
    created_after: datetime | None = None
    priority: int | None = None
    min_priority: int | None = None
    max_priority: int | None = None
    # conditions on the process instance's variables
    process_variables: tuple[VariableCondition, ...] = ()


class TaskLink(Model):
    """Who a task belongs to: its assignee, owner and candidates (a user or a group)."""

    type: str  # assignee, owner, candidate
    user_id: str | None = None
    group_id: str | None = None


class TaskLinkChange(Model):
    """One entry of a task's history of assignments and candidates."""

    time: datetime | None = None
    type: str  # assignee, owner, candidate
    operation: str  # add, delete
    user_id: str | None = None
    group_id: str | None = None
    # who made the change
    by: str | None = None
