"""The user task filter form (`f` in :ut): every filter of the task query, typed as text, on the
shared filter form (camtui.ui.screens.filter_form)."""

from __future__ import annotations

from collections.abc import Mapping

from camtui.api.models import TaskFilter
from camtui.kinds.task_query import FIELDS, to_filter, to_text
from camtui.ui.screens.filter_form import FilterForm, SavedQueries


class TaskFilterModal(FilterForm[TaskFilter]):
    def __init__(self, current: TaskFilter) -> None:
        def read(typed: Mapping[str, str]) -> TaskFilter:
            return to_filter(typed, current)

        super().__init__(title="Filter user tasks", kind="tasks", fields=FIELDS, text=to_text(current), read=read)


class SavedQueryPicker(SavedQueries):
    """The saved task queries by name; enter opens one."""

    def __init__(self) -> None:
        super().__init__("tasks", "task")
