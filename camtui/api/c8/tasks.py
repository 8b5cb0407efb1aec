"""User tasks on Camunda 8: search, one by key, assign/unassign (claim), complete with variables,
their variables and form."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from camtui.api import errors
from camtui.api.c8 import compat
from camtui.api.c8.wire import (
    as_object,
    c8_area,
    format_date,
    parse_date,
    path_key,
    search,
    search_all,
    sort_body,
    variable_from,
    variables_out,
)
from camtui.api.capabilities import Capability
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import Comment, TaskFilter, TaskLink, TaskLinkChange, UserTask, Variable, VariableValue
from camtui.api.paging import DEFAULT_LIMIT, Page

SORT_NAMES = {
    "created": "creationDate",
    "due_date": "dueDate",
    "priority": "priority",
    "name": "name",
    # issue 13 (audit): every other field the search sorts by
    "follow_up": "followUpDate",
    "completed": "completionDate",
    "business_key": "businessId",
}


def _task(key: str) -> str:
    return "/user-tasks/" + path_key(key, "user task key")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def task_from(dto: Mapping[str, Any]) -> UserTask:
    return UserTask(
        id=str(compat.field(dto, "userTaskKey")),
        name=dto.get("name"),
        assignee=dto.get("assignee"),
        created=parse_date(dto.get("creationDate")),
        due=parse_date(dto.get("dueDate")),
        follow_up=parse_date(dto.get("followUpDate")),
        priority=dto.get("priority"),
        process_definition_id=_text(dto.get("processDefinitionKey")),
        process_instance_id=_text(dto.get("processInstanceKey")),
        task_definition_key=dto.get("elementId"),
        form_key=_text(dto.get("formKey")) or dto.get("externalFormReference"),
        tenant_id=dto.get("tenantId"),
    )


def filter_body(f: TaskFilter) -> dict[str, Any]:
    if f.unassigned:
        assignee: Any = {"$exists": False}
    else:
        assignee = f.assignee
    if f.name_like:
        name: Any = {"$like": f.name_like.replace("%", "*")}
    else:
        name = None

    def between(after: Any, before: Any) -> dict[str, str] | None:
        bounds = {k: format_date(v) for k, v in (("$gt", after), ("$lt", before)) if v is not None}
        return bounds or None

    body: dict[str, Any] = {
        "state": "CREATED",
        "assignee": assignee,
        "candidateUser": f.candidate_user,
        "candidateGroup": f.candidate_group,
        "processDefinitionId": f.bpmn_process_id,
        "processDefinitionKey": f.process_definition_id,
        "processInstanceKey": f.process_instance_id,
        "name": name,
        "dueDate": between(f.due_after, f.due_before),
        "followUpDate": between(f.follow_up_after, f.follow_up_before),
    }
    if len(f.tenant_ids) == 1:
        body["tenantId"] = f.tenant_ids[0]
    elif f.tenant_ids:
        body["tenantId"] = {"$in": list(f.tenant_ids)}
    return {k: v for k, v in body.items() if v is not None}


@c8_area
class C8Tasks:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def list(
        self, f: TaskFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[UserTask]:
        f = f or TaskFilter()
        if f.sort_by is not None and f.sort_by not in SORT_NAMES:
            raise errors.BadRequest(f"Camunda 8 does not sort user tasks by {f.sort_by.value}; nothing was sent.")
        sort = sort_body(SORT_NAMES[f.sort_by], f.sort_order) if f.sort_by else None
        return await search(
            self._http, "/user-tasks/search", filter_body(f), task_from, limit=limit, after=after, sort=sort
        )

    async def get(self, task_id: str) -> UserTask:
        return task_from(as_object(await self._http.get(_task(task_id))))

    def claim_spec(self, task_id: str, user_id: str) -> RequestSpec:
        body = {"assignee": user_id, "allowOverride": False, "action": "claim"}
        return RequestSpec("POST", f"{_task(task_id)}/assignment", json_body=body)

    async def claim(self, task_id: str, user_id: str) -> None:
        await self._http.send(self.claim_spec(task_id, user_id))

    def unclaim_spec(self, task_id: str) -> RequestSpec:
        return RequestSpec("DELETE", f"{_task(task_id)}/assignee")

    async def unclaim(self, task_id: str) -> None:
        await self._http.send(self.unclaim_spec(task_id))

    def set_assignee_spec(self, task_id: str, user_id: str | None) -> RequestSpec:
        if user_id is None:
            return self.unclaim_spec(task_id)
        body = {"assignee": user_id, "allowOverride": True, "action": "assign"}
        return RequestSpec("POST", f"{_task(task_id)}/assignment", json_body=body)

    async def set_assignee(self, task_id: str, user_id: str | None) -> None:
        await self._http.send(self.set_assignee_spec(task_id, user_id))

    def complete_spec(self, task_id: str, variables: Mapping[str, VariableValue] | None = None) -> RequestSpec:
        body = {"variables": variables_out(variables or {}), "action": "complete"}
        return RequestSpec("POST", f"{_task(task_id)}/completion", json_body=body)

    async def complete(self, task_id: str, variables: Mapping[str, VariableValue] | None = None) -> None:
        await self._http.send(self.complete_spec(task_id, variables))

    async def form_variables(self, task_id: str) -> tuple[Variable, ...]:
        """What the task's form sees: every variable visible from its scope (the nearest wins)."""
        rows = await search_all(self._http, f"{_task(task_id)}/effective-variables/search", None, variable_from)
        return tuple(sorted(rows, key=lambda v: v.name))

    async def variables(self, task_id: str) -> tuple[Variable, ...]:
        rows = await search_all(self._http, f"{_task(task_id)}/variables/search", None, variable_from)
        return tuple(sorted(rows, key=lambda v: v.name))

    # -- Camunda 8 only --

    def update_spec(
        self,
        task_id: str,
        *,
        due: datetime | None = None,
        follow_up: datetime | None = None,
        priority: int | None = None,
        candidate_users: tuple[str, ...] | None = None,
        candidate_groups: tuple[str, ...] | None = None,
    ) -> RequestSpec:
        if priority is not None and not 0 <= priority <= 100:
            raise errors.BadRequest(f"A user task's priority is 0 to 100, not {priority}; nothing was sent.")
        changes = {
            "dueDate": format_date(due) if due else None,
            "followUpDate": format_date(follow_up) if follow_up else None,
            "priority": priority,
            "candidateUsers": list(candidate_users) if candidate_users is not None else None,
            "candidateGroups": list(candidate_groups) if candidate_groups is not None else None,
        }
        body = {"changeset": {k: v for k, v in changes.items() if v is not None}, "action": "update"}
        return RequestSpec("PATCH", _task(task_id), json_body=body)

    async def update(self, task: UserTask) -> None:
        """The shared form: `task` as it will be; its due and follow-up dates and priority are sent."""
        await self.change(task.id, due=task.due, follow_up=task.follow_up, priority=task.priority)

    async def change(
        self,
        task_id: str,
        *,
        due: datetime | None = None,
        follow_up: datetime | None = None,
        priority: int | None = None,
        candidate_users: tuple[str, ...] | None = None,
        candidate_groups: tuple[str, ...] | None = None,
    ) -> None:
        """Change the task's dates, priority (0-100) or candidates; what is None stays."""
        spec = self.update_spec(
            task_id,
            due=due,
            follow_up=follow_up,
            priority=priority,
            candidate_users=candidate_users,
            candidate_groups=candidate_groups,
        )
        await self._http.send(spec)

    async def deployed_form(self, task_id: str) -> dict[str, Any] | None:
        """The linked Camunda Form as JSON, None when the task has none."""
        schema = await self.form(task_id)
        if schema is None:
            return None
        try:
            parsed = json.loads(schema)
        except ValueError as exc:
            raise errors.MalformedResponse(f"The task's form is not JSON: {exc}") from None
        if not isinstance(parsed, dict):
            raise errors.MalformedResponse("The task's form is JSON, but not an object.")
        return parsed

    async def form(self, task_id: str) -> str | None:
        """The linked form's schema (JSON text), or None when the task has no form."""
        answer = await self._http.get(f"{_task(task_id)}/form")
        if answer is None:
            return None
        return str(as_object(answer)["schema"])

    # -- Camunda 7 only (capability-gated) --

    async def delegate(self, task_id: str, user_id: str) -> None:
        raise errors.UnsupportedByEngine("Camunda 8 does not delegate user tasks.", capability=Capability.TASK_DELEGATE)

    async def resolve(self, task_id: str, variables: Mapping[str, VariableValue] | None = None) -> None:
        raise errors.UnsupportedByEngine("Camunda 8 does not delegate user tasks.", capability=Capability.TASK_DELEGATE)

    async def comments(self, task_id: str) -> tuple[Comment, ...]:
        raise errors.UnsupportedByEngine("Camunda 8 user tasks have no comments.", capability=Capability.TASK_COMMENTS)

    async def add_comment(self, task_id: str, message: str) -> Comment:
        raise errors.UnsupportedByEngine("Camunda 8 user tasks have no comments.", capability=Capability.TASK_COMMENTS)

    async def links(self, task_id: str) -> tuple[TaskLink, ...]:
        raise errors.UnsupportedByEngine(
            "Camunda 8 user tasks keep no identity links.", capability=Capability.TASK_HISTORY
        )

    async def link_history(self, task_id: str) -> tuple[TaskLinkChange, ...]:
        raise errors.UnsupportedByEngine(
            "Camunda 8 user tasks keep no history of their identity links.", capability=Capability.TASK_HISTORY
        )
