"""A user task's detail (enter in :ut): what `camtui describe task` shows, and the list's actions on
this one task on the same keys (claim, assign, dates, ...), complete through the task's form."""

from __future__ import annotations

from textual import work

from camtui.kinds.tasks import COMPLETE
from camtui.ui.screens.describe_view import DescribeScreen
from camtui.ui.screens.tasks import complete_through_form
from camtui.ui.session import Session


class TaskDetailScreen(DescribeScreen):
    """A task's detail: the list's actions on this task, complete through its form as on the list."""

    def __init__(
        self,
        session: Session,
        task_id: str,
        crumbs: list[str],
        typed: dict[str, dict[str, str | bool]] | None = None,
    ) -> None:
        super().__init__(session, "task", task_id, crumbs)
        self.typed = typed if typed is not None else {}

    def action_run(self, action_id: str) -> None:
        if action_id == COMPLETE.id and action_id in self.offered:
            self.complete()
            return
        super().action_run(action_id)

    @work(group="task-form", exclusive=True, exit_on_error=False)
    async def complete(self) -> None:
        report = await complete_through_form(self, self.session, [await self.current()], self.typed)
        if report is not None and report.ok:
            # a completed task is done with (Camunda 8 still reads it): back to the list, shown again
            self.changed = True
            self.action_back()
        elif report is not None:
            await self.changed_here()
