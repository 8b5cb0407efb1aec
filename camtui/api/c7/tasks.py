"""User tasks on Camunda 7: query, claim/assign/delegate, complete, form and task variables, comments."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from camtui.api import errors
from camtui.api.c7.wire import (
    as_list,
    as_object,
    c7_area,
    format_date,
    parse_date,
    path_id,
    post_query_page,
    variables_in,
    variables_out,
)
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import Comment, TaskFilter, TaskLink, TaskLinkChange, UserTask, Variable, VariableValue
from camtui.api.paging import DEFAULT_LIMIT, Page

SORT_NAMES = {
    "id": "id",
    "name": "name",
    "assignee": "assignee",
    "created": "created",
    "due_date": "dueDate",
    "priority": "priority",
    "instance_id": "instanceId",
    "follow_up": "followUpDate",
}


def _task(task_id: str) -> str:
    return "/task/" + path_id(task_id, "task id")


def task_from(dto: Mapping[str, Any]) -> UserTask:
    return UserTask(
        id=dto["id"],
        name=dto.get("name"),
        assignee=dto.get("assignee"),
        owner=dto.get("owner"),
        created=parse_date(dto.get("created")),
        due=parse_date(dto.get("due")),
        follow_up=parse_date(dto.get("followUp")),
        delegation_state=dto.get("delegationState"),
        description=dto.get("description"),
        priority=dto.get("priority"),
        process_definition_id=dto.get("processDefinitionId"),
        process_instance_id=dto.get("processInstanceId"),
        task_definition_key=dto.get("taskDefinitionKey"),
        form_key=dto.get("formKey"),
        suspended=bool(dto.get("suspended")),
        tenant_id=dto.get("tenantId"),
    )


def _wire(value: Any) -> Any:
    return format_date(value) if isinstance(value, datetime) else value


def query_body(f: TaskFilter) -> dict[str, Any]:
    def date(value: Any) -> str | None:
        return format_date(value) if value is not None else None

    body: dict[str, Any] = {
        "assignee": f.assignee,
        "candidateUser": f.candidate_user,
        "candidateGroup": f.candidate_group,
        "unassigned": f.unassigned or None,
        "processDefinitionKey": f.bpmn_process_id,
        "processDefinitionId": f.process_definition_id,
        "processInstanceId": f.process_instance_id,
        "nameLike": f.name_like,
        "dueBefore": date(f.due_before),
        "dueAfter": date(f.due_after),
        "followUpBefore": date(f.follow_up_before),
        "followUpAfter": date(f.follow_up_after),
        "tenantIdIn": list(f.tenant_ids) or None,
        "processInstanceBusinessKey": f.business_key,
        "processInstanceBusinessKeyLike": f.business_key_like,
        "createdBefore": date(f.created_before),
        "createdAfter": date(f.created_after),
        "priority": f.priority,
        "minPriority": f.min_priority,
        "maxPriority": f.max_priority,
        "processVariables": [
            {
                "name": c.name,
                "operator": c.operator.value,
                "value": date(c.value) if isinstance(c.value, datetime) else c.value,
            }
            for c in f.process_variables
        ]
        or None,
    }
    if f.sort_by is not None:
        if f.sort_by not in SORT_NAMES:
            # issue 13 (audit): a sort only Camunda 8's search has, refused in words before sending
            raise errors.BadRequest(
                f"Camunda 7 sorts tasks by {', '.join(SORT_NAMES)}, not {f.sort_by.value}. Nothing was sent."
            )
        body["sorting"] = [{"sortBy": SORT_NAMES[f.sort_by], "sortOrder": f.sort_order.value}]
    return {k: v for k, v in body.items() if v is not None}


@c7_area
class C7Tasks:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def list(
        self, f: TaskFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[UserTask]:
        return await post_query_page(
            self._http, "/task", query_body(f or TaskFilter()), task_from, limit=limit, after=after
        )

    async def get(self, task_id: str) -> UserTask:
        return task_from(await self._http.get(_task(task_id)))

    def claim_spec(self, task_id: str, user_id: str) -> RequestSpec:
        return RequestSpec("POST", f"{_task(task_id)}/claim", json_body={"userId": user_id})

    async def claim(self, task_id: str, user_id: str) -> None:
        await self._http.send(self.claim_spec(task_id, user_id))

    def unclaim_spec(self, task_id: str) -> RequestSpec:
        return RequestSpec("POST", f"{_task(task_id)}/unclaim")

    async def unclaim(self, task_id: str) -> None:
        await self._http.send(self.unclaim_spec(task_id))

    def set_assignee_spec(self, task_id: str, user_id: str | None) -> RequestSpec:
        return RequestSpec("POST", f"{_task(task_id)}/assignee", json_body={"userId": user_id})

    async def set_assignee(self, task_id: str, user_id: str | None) -> None:
        await self._http.send(self.set_assignee_spec(task_id, user_id))

    def delegate_spec(self, task_id: str, user_id: str) -> RequestSpec:
        return RequestSpec("POST", f"{_task(task_id)}/delegate", json_body={"userId": user_id})

    async def delegate(self, task_id: str, user_id: str) -> None:
        await self._http.send(self.delegate_spec(task_id, user_id))

    def resolve_spec(self, task_id: str, variables: Mapping[str, VariableValue] | None = None) -> RequestSpec:
        return RequestSpec("POST", f"{_task(task_id)}/resolve", json_body={"variables": variables_out(variables or {})})

    async def resolve(self, task_id: str, variables: Mapping[str, VariableValue] | None = None) -> None:
        await self._http.send(self.resolve_spec(task_id, variables))

    def update_spec(self, task: UserTask) -> RequestSpec:
        """PUT /task/{id} replaces every field it names: the task's current values ride along."""
        body = {
            "name": task.name,
            "description": task.description,
            "priority": task.priority,
            "assignee": task.assignee,
            "owner": task.owner,
            "delegationState": task.delegation_state,
            "due": format_date(task.due) if task.due else None,
            "followUp": format_date(task.follow_up) if task.follow_up else None,
            "tenantId": task.tenant_id,
        }
        return RequestSpec("PUT", _task(task.id), json_body=body)

    async def update(self, task: UserTask) -> None:
        await self._http.send(self.update_spec(task))

    def complete_spec(self, task_id: str, variables: Mapping[str, VariableValue] | None = None) -> RequestSpec:
        return RequestSpec(
            "POST", f"{_task(task_id)}/complete", json_body={"variables": variables_out(variables or {})}
        )

    async def complete(self, task_id: str, variables: Mapping[str, VariableValue] | None = None) -> None:
        await self._http.send(self.complete_spec(task_id, variables))

    async def form_variables(self, task_id: str) -> tuple[Variable, ...]:
        return variables_in(await self._http.get(f"{_task(task_id)}/form-variables", deserializeValues=False))

    async def deployed_form(self, task_id: str) -> dict[str, Any] | None:
        """GET /task/{id}/form says whether the task has a Camunda Form (a `camunda-forms:` key or a
        formRef); GET /task/{id}/deployed-form then gives its JSON."""
        form = as_object(await self._http.get(f"{_task(task_id)}/form"))
        key = str(form["key"] or "")  # always there (null without a form): missing, the answer is not the engine's
        if not key.startswith("camunda-forms:") and not form.get("camundaFormRef"):
            return None
        return dict(as_object(await self._http.get(f"{_task(task_id)}/deployed-form")))

    async def variables(self, task_id: str) -> tuple[Variable, ...]:
        return variables_in(await self._http.get(f"{_task(task_id)}/variables", deserializeValues=False))

    async def comments(self, task_id: str) -> tuple[Comment, ...]:
        rows = await self._http.get(f"{_task(task_id)}/comment")
        return tuple(
            Comment(
                id=r["id"],
                user_id=r.get("userId"),
                time=parse_date(r.get("time")),
                message=r.get("message") or "",
            )
            for r in as_list(rows)
        )

    async def links(self, task_id: str) -> tuple[TaskLink, ...]:
        rows = await self._http.get(f"{_task(task_id)}/identity-links")
        return tuple(
            TaskLink(type=str(r["type"]), user_id=r.get("userId"), group_id=r.get("groupId"))
            for r in map(as_object, as_list(rows))
        )

    async def link_history(self, task_id: str) -> tuple[TaskLinkChange, ...]:
        """GET /history/identity-link-log: every assignment and candidate change, oldest first."""
        rows = await self._http.get(
            "/history/identity-link-log", taskId=task_id, sortBy="time", sortOrder="asc", maxResults=200
        )
        return tuple(
            TaskLinkChange(
                time=parse_date(r.get("time")),
                type=str(r["type"]),
                operation=str(r["operationType"]),
                user_id=r.get("userId"),
                group_id=r.get("groupId"),
                by=r.get("assignerId"),
            )
            for r in map(as_object, as_list(rows))
        )

    def comment_spec(self, task_id: str, message: str) -> RequestSpec:
        return RequestSpec("POST", f"{_task(task_id)}/comment/create", json_body={"message": message})

    async def add_comment(self, task_id: str, message: str) -> Comment:
        r = await self._http.send_json(self.comment_spec(task_id, message))
        return Comment(
            id=r["id"],
            user_id=r.get("userId"),
            time=parse_date(r.get("time")),
            message=r.get("message") or "",
        )
