"""`:pi` — process instances: the generic list; enter opens the instance detail, and setting
variables asks for them in the typed-variables form first."""

from __future__ import annotations

from typing import Any

from camtui.api.models import InstanceFilter, ProcessInstance
from camtui.kinds.common import plural
from camtui.kinds.instances import INSTANCES, SET_VARIABLES
from camtui.ui.screens.list_view import PAGE_SIZE, ListView
from camtui.ui.session import Session


class InstancesScreen(ListView[ProcessInstance]):
    def __init__(self, session: Session, query: InstanceFilter | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(INSTANCES, session, query, page_size=page_size)

    def open_item(self, item: ProcessInstance) -> None:
        from camtui.ui.screens.instance_detail import InstanceDetailScreen

        self.app.push_screen(InstanceDetailScreen(self.session, item.id, self.breadcrumbs))

    def action_run(self, action_id: str) -> None:
        if action_id != SET_VARIABLES.id or action_id not in self.offered:
            super().action_run(action_id)
            return
        items = self.table.targets()
        if not items:
            self.notify("Nothing to act on: move the cursor to a row, or mark rows with space.", severity="warning")
            return
        from camtui.ui.screens.variables_dialog import VariablesModal

        def chosen(values: dict[str, Any] | None) -> None:
            if values:
                self.run_flow(SET_VARIABLES, items, {"variables": values})

        title = f"Set variables on {plural(len(items), 'process instance')}"
        self.app.push_screen(VariablesModal(title, []), chosen)
