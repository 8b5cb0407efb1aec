"""`:ut` — user tasks: the generic list of the kind, plus ready-made lists (1 mine, 2 my groups'
candidates, 3 unassigned, 4 all) and completion through the task's form.

Complete (ctrl+e) opens the form built from the task's Camunda Form or form variables; with marked
tasks, the same variables complete every one of them, each with its line in the report. What was
typed is kept per task until the task is completed, so a refusal (a 400, a 401 after a password
change, a lost connection) never costs the typing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.screen import Screen

from camtui.api.models import TaskFilter, UserTask, VariableValue
from camtui.api.plan import OutcomeStatus, Report
from camtui.config import queries
from camtui.kinds import runner
from camtui.kinds.task_form import load_form
from camtui.kinds.tasks import COMPLETE, TASKS, task_label
from camtui.ui.action_flow import run_action
from camtui.ui.screens.list_view import PAGE_SIZE, ListView
from camtui.ui.session import Session
from camtui.ui.widgets.task_form import TaskFormModal

READY_MADE = {
    "mine": "my tasks",
    "candidates": "my groups' candidate tasks",
    "unassigned": "unassigned tasks",
    "all": "all tasks",
    "filtered": "filtered",
}


class TasksScreen(ListView[UserTask]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "ready('mine')", "Mine", id="tasks.mine"),
        Binding("2", "ready('candidates')", "Candidates", id="tasks.candidates"),
        Binding("3", "ready('unassigned')", "Unassigned", id="tasks.unassigned"),
        Binding("4", "ready('all')", "All", id="tasks.all"),
        Binding("f", "filter_form", "Filters", id="tasks.filters"),
        Binding("o", "open_saved", "Saved queries", id="tasks.saved"),
        Binding("i", "jump('instance')", "Instance", id="tasks.instance"),
        Binding("p", "jump('definition')", "Process", id="tasks.definition"),
    ]

    def __init__(self, session: Session, query: TaskFilter | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(TASKS, session, query, page_size=page_size)
        self.ready_made = "all"
        # what was typed into each task's form, kept until the task is completed
        self.typed: dict[str, dict[str, str | bool]] = {}

    @property
    def breadcrumbs(self) -> list[str]:
        return [f"user tasks [{READY_MADE[self.ready_made]}]" if self.ready_made != "all" else "user tasks"]

    def me(self) -> str | None:
        user = self.session.user
        return (user.id if user else None) or self.session.engine.connection.credentials.username

    def action_ready(self, which: str) -> None:
        me = self.me()
        if which in ("mine", "candidates") and not me:
            self.notify("Who am I? The profile has no user name.", severity="warning")
            return
        self.ready_made = which
        self.query_filter = {
            "mine": TaskFilter(assignee=me),
            "candidates": TaskFilter(candidate_user=me),
            "unassigned": TaskFilter(unassigned=True),
            "all": TaskFilter(),
        }[which]
        self.render_crumbs()
        self.table.reload()

    def action_jump(self, where: str) -> None:
        """The task's process instance (its detail, as in :pi) or process definition (described)."""
        from camtui.ui.screens.describe_view import DescribeScreen

        task = self.table.current_item()
        target = (
            None if task is None else (task.process_instance_id if where == "instance" else task.process_definition_id)
        )
        if task is None or not target:
            self.notify(f"This task has no process {where}.", severity="warning")
            return
        crumbs = [*self.breadcrumbs, task_label(task)]
        if where == "instance":
            from camtui.ui.screens.instance_detail import InstanceDetailScreen

            # the instance's own detail, as enter in :pi opens it
            self.app.push_screen(InstanceDetailScreen(self.session, target, crumbs))
            return
        self.app.push_screen(DescribeScreen(self.session, where, target, crumbs))

    def action_open_saved(self) -> None:
        from camtui.ui.screens.task_filter import SavedQueryPicker

        def chosen(name: str | None) -> None:
            if name is None:
                return
            try:
                self.query_filter = queries.load("tasks", name, TaskFilter)
            except queries.QueryError as exc:
                self.notify(str(exc), severity="error")
                return
            self.ready_made = "filtered"
            self.render_crumbs()
            self.table.reload()

        self.app.push_screen(SavedQueryPicker(), chosen)

    def action_filter_form(self) -> None:
        from camtui.ui.screens.task_filter import TaskFilterModal

        def apply(result: TaskFilter | None) -> None:
            if result is not None:
                self.query_filter = result
                self.ready_made = "all" if result == TaskFilter() else "filtered"
                self.render_crumbs()
                self.table.reload()

        self.app.push_screen(TaskFilterModal(self.query_filter), apply)

    # -- completing through the form --------------------------------------------------------------

    def action_run(self, action_id: str) -> None:
        if action_id != COMPLETE.id or action_id not in self.offered:
            super().action_run(action_id)
            return
        items = self.table.targets()
        if not items:
            self.notify("Nothing to complete: move the cursor to a task, or mark tasks with space.", severity="warning")
            return
        self.open_form(items)

    @work(group="task-form", exclusive=True, exit_on_error=False)
    async def open_form(self, items: list[UserTask]) -> None:
        report = await complete_through_form(self, self.session, items, self.typed)
        if report is None:
            return
        self.table.unmark({o.target.id for o in report.outcomes if o.status is OutcomeStatus.DONE})
        self.table.reload()

    def open_item(self, item: UserTask) -> None:
        from camtui.ui.screens.task_detail import TaskDetailScreen

        # its detail takes the list's keys (claim, complete through the form, ...); what is typed
        # into its form is kept with the list's
        self.app.push_screen(TaskDetailScreen(self.session, item.id, self.breadcrumbs, self.typed))


async def complete_through_form(
    screen: Screen[Any], session: Session, items: list[UserTask], typed: dict[str, dict[str, str | bool]]
) -> Report | None:
    """Complete `items` with what is typed into the first one's form (kept in `typed` per task until
    the task is completed); the report, or None when nothing was sent."""
    engine = session.engine
    # refused before the form is even loaded (read-only), as any action
    runner.check(engine, COMPLETE)
    first = items[0]
    form = await load_form(engine, first.id)
    kept = typed.setdefault(first.id, {})
    title = f"Complete {task_label(first)}" + (f" and {len(items) - 1} more" if len(items) > 1 else "")

    async def submit(modal: TaskFormModal, variables: dict[str, VariableValue]) -> Report | None:
        return await run_action(modal, session, COMPLETE, items, {"variables": variables}, asked_already=True)

    if len(items) == 1:
        result = await screen.app.push_screen_wait(TaskFormModal(form, title, submit, kept))
    else:
        # marked tasks: the form closes on valid input, and the progress and the report per task follow
        result = await screen.app.push_screen_wait(TaskFormModal(form, title, None, kept))
        if isinstance(result, dict):
            result = await run_action(screen, session, COMPLETE, items, {"variables": result}, asked_already=True)
    if not isinstance(result, Report):
        return None
    for task_id in {o.target.id for o in result.outcomes if o.status is OutcomeStatus.DONE}:
        typed.pop(task_id, None)
    return result
