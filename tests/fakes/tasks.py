"""User tasks: query, claim/assign/delegate, complete, variables, comments."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from camtui.api.capabilities import Capability
from camtui.api.models import Comment, TaskFilter, TaskLink, TaskLinkChange, TaskSort, UserTask, Variable, VariableValue
from camtui.api.models.base import SortOrder
from camtui.api.paging import DEFAULT_LIMIT, Page
from tests.fakes.core import Area, engine_call
from tests.fakes.data import FakeData, change
from tests.fakes.instances import holds
from tests.fakes.paging import like, tenant_matches

SORTS: dict[TaskSort, Callable[[UserTask], object]] = {
    TaskSort.ID: lambda t: t.id,
    TaskSort.NAME: lambda t: t.name,
    TaskSort.ASSIGNEE: lambda t: t.assignee,
    TaskSort.CREATED: lambda t: t.created,
    TaskSort.DUE: lambda t: t.due,
    TaskSort.PRIORITY: lambda t: t.priority,
    TaskSort.INSTANCE_ID: lambda t: t.process_instance_id,
}


def matches(data: FakeData, f: TaskFilter, t: UserTask) -> bool:
    candidates = data.candidate_groups.get(t.id, ())
    # as in C7: a candidate's task is an unassigned one that one of the user's groups may claim
    if f.candidate_user is not None and (
        t.assignee is not None or not set(candidates) & set(data.groups_of(f.candidate_user))
    ):
        return False
    if f.candidate_group is not None and (t.assignee is not None or f.candidate_group not in candidates):
        return False
    if f.bpmn_process_id is not None:
        definition = data.definitions.get(t.process_definition_id or "")
        if definition is None or definition.bpmn_process_id != f.bpmn_process_id:
            return False
    return (
        (f.assignee is None or t.assignee == f.assignee)
        and not (f.unassigned and t.assignee is not None)
        and (f.process_definition_id is None or t.process_definition_id == f.process_definition_id)
        and (f.process_instance_id is None or t.process_instance_id == f.process_instance_id)
        and like(f.name_like, t.name)
        and (f.due_before is None or (t.due is not None and t.due < f.due_before))
        and (f.due_after is None or (t.due is not None and t.due > f.due_after))
        and (f.follow_up_before is None or (t.follow_up is not None and t.follow_up < f.follow_up_before))
        and (f.follow_up_after is None or (t.follow_up is not None and t.follow_up > f.follow_up_after))
        and tenant_matches(f.tenant_ids, t.tenant_id)
        and _more_matches(data, f, t)
    )


def _more_matches(data: FakeData, f: TaskFilter, t: UserTask) -> bool:
    """Issue 12's filters: business key, created, priority, the instance's variables."""
    instance = data.instances.get(t.process_instance_id or "")
    business_key = instance.business_key if instance else None
    priority = t.priority if t.priority is not None else 50
    variables = data.variables.get(t.process_instance_id or "", {})
    return (
        (f.business_key is None or business_key == f.business_key)
        and (f.business_key_like is None or like(f.business_key_like, business_key))
        and (f.created_before is None or (t.created is not None and t.created < f.created_before))
        and (f.created_after is None or (t.created is not None and t.created > f.created_after))
        and (f.priority is None or priority == f.priority)
        and (f.min_priority is None or priority >= f.min_priority)
        and (f.max_priority is None or priority <= f.max_priority)
        and all(holds(c, variables) for c in f.process_variables)
    )


class FakeTasks(Area):
    area = "tasks"

    @engine_call(Capability.TASK_LIST)
    async def list(
        self, f: TaskFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[UserTask]:
        f = f or TaskFilter()
        found = [t for t in self._data.tasks.values() if matches(self._data, f, t)]
        field = SORTS[f.sort_by] if f.sort_by else None
        return self._core.page(found, limit=limit, after=after, field=field, descending=f.sort_order is SortOrder.DESC)

    @engine_call(Capability.TASK_LIST)
    async def get(self, task_id: str) -> UserTask:
        return self._task(task_id)

    @engine_call(Capability.TASK_CLAIM, mutates=True)
    async def claim(self, task_id: str, user_id: str) -> None:
        task = self._task(task_id)
        if task.assignee is not None and task.assignee != user_id:
            raise self._core.refusal(
                f"Task '{task_id}' is already claimed by someone else.", engine_type="TaskAlreadyClaimedException"
            )
        change(self._data.tasks, task_id, assignee=user_id)

    @engine_call(Capability.TASK_CLAIM, mutates=True)
    async def unclaim(self, task_id: str) -> None:
        self._task(task_id)
        change(self._data.tasks, task_id, assignee=None)

    @engine_call(Capability.TASK_ASSIGN, mutates=True)
    async def set_assignee(self, task_id: str, user_id: str | None) -> None:
        self._task(task_id)
        change(self._data.tasks, task_id, assignee=user_id)

    @engine_call(Capability.TASK_DELEGATE, mutates=True)
    async def delegate(self, task_id: str, user_id: str) -> None:
        task = self._task(task_id)
        change(
            self._data.tasks, task_id, owner=task.owner or task.assignee, assignee=user_id, delegation_state="PENDING"
        )

    @engine_call(Capability.TASK_DELEGATE, mutates=True)
    async def resolve(self, task_id: str, variables: Mapping[str, VariableValue] | None = None) -> None:
        """Hand a delegated task back to its owner."""
        task = self._task(task_id)
        self._set_instance_variables(task, variables)
        change(self._data.tasks, task_id, assignee=task.owner, delegation_state="RESOLVED")

    @engine_call(Capability.TASK_COMPLETE, mutates=True)
    async def complete(self, task_id: str, variables: Mapping[str, VariableValue] | None = None) -> None:
        """The task is gone and its instance moves on (or ends)."""
        task = self._task(task_id)
        self._set_instance_variables(task, variables)
        self._data.remove_task(task_id)
        if task.process_instance_id and task.task_definition_key:
            self._data.leave(task.process_instance_id, task.task_definition_key)

    @engine_call(Capability.TASK_UPDATE, mutates=True)
    async def update(self, task: UserTask) -> None:
        """Due date, follow-up date and priority (the rest of `task` as it is)."""
        self._task(task.id)
        change(self._data.tasks, task.id, due=task.due, follow_up=task.follow_up, priority=task.priority)

    @engine_call(Capability.TASK_LIST)
    async def form_variables(self, task_id: str) -> tuple[Variable, ...]:
        return self._variables(self._task(task_id))

    @engine_call(Capability.TASK_LIST)
    async def deployed_form(self, task_id: str) -> dict[str, Any] | None:
        """The fake's tasks have no Camunda Forms: their form variables make the form."""
        self._task(task_id)
        return None

    @engine_call(Capability.TASK_LIST)
    async def variables(self, task_id: str) -> tuple[Variable, ...]:
        return self._variables(self._task(task_id))

    @engine_call(Capability.TASK_COMMENTS)
    async def comments(self, task_id: str) -> tuple[Comment, ...]:
        self._task(task_id)
        return tuple(self._data.comments.get(task_id, []))

    @engine_call(Capability.TASK_COMMENTS, mutates=True)
    async def add_comment(self, task_id: str, message: str) -> Comment:
        self._task(task_id)
        comment = Comment(id=self._data.new_id(), user_id="demo", time=self._data.tick(), message=message)
        self._data.comments.setdefault(task_id, []).append(comment)
        return comment

    @engine_call(Capability.TASK_HISTORY)
    async def links(self, task_id: str) -> tuple[TaskLink, ...]:
        task = self._task(task_id)
        found = [TaskLink(type="candidate", group_id=g) for g in self._data.candidate_groups.get(task_id, ())]
        if task.assignee:
            found.append(TaskLink(type="assignee", user_id=task.assignee))
        return tuple(found)

    @engine_call(Capability.TASK_HISTORY)
    async def link_history(self, task_id: str) -> tuple[TaskLinkChange, ...]:
        """The fake keeps no history of assignments."""
        self._task(task_id)
        return ()

    # -- helpers ----------------------------------------------------------------------------------

    def _task(self, task_id: str) -> UserTask:
        found = self._data.tasks.get(task_id)
        if found is None:
            raise self._core.missing("Task", task_id)
        return found

    def _variables(self, task: UserTask) -> tuple[Variable, ...]:
        """A task sees its instance's variables (it has no local ones in the fake)."""
        values = self._data.variables.get(task.process_instance_id or "", {})
        return tuple(v for _, v in sorted(values.items()))

    def _set_instance_variables(self, task: UserTask, variables: Mapping[str, VariableValue] | None) -> None:
        if variables and task.process_instance_id:
            self._data.set_variables(task.process_instance_id, variables)
