"""`:pd` — process definitions: the generic list, with starting an instance in its own form
(business key and typed variables, kept when the engine refuses)."""

from __future__ import annotations

from camtui.api.models import DefinitionFilter, ProcessDefinition, VariableValue
from camtui.api.plan import Report
from camtui.kinds.definitions import DEFINITIONS, START
from camtui.ui.action_flow import run_action
from camtui.ui.screens.list_view import PAGE_SIZE, ListView
from camtui.ui.session import Session


class DefinitionsScreen(ListView[ProcessDefinition]):
    def __init__(self, session: Session, query: DefinitionFilter | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(DEFINITIONS, session, query, page_size=page_size)

    def action_run(self, action_id: str) -> None:
        if action_id != START.id or START.id not in self.offered:
            super().action_run(action_id)
            return
        definition = self.table.current_item()
        if definition is None:
            self.notify("Move the cursor to the definition to start.", severity="warning")
            return
        self.open_start_form(definition)

    def open_start_form(self, definition: ProcessDefinition) -> None:
        from camtui.ui.screens.start_dialog import StartModal

        async def submit(
            form: StartModal, business_key: str | None, variables: dict[str, VariableValue]
        ) -> Report | None:
            options = {"business_key": business_key, "variables": variables}
            return await run_action(form, self.session, START, [definition], options, asked_already=True)

        def opened(instance_id: str | None) -> None:
            self.table.reload()
            if instance_id:
                self.open_instance(instance_id)

        self.app.push_screen(StartModal(definition, submit), opened)

    def open_instance(self, instance_id: str) -> None:
        from camtui.ui.screens.instance_detail import InstanceDetailScreen

        self.app.push_screen(InstanceDetailScreen(self.session, instance_id, self.breadcrumbs))
