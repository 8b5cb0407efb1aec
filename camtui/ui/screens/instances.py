"""`:pi` — process instances: the generic list; enter opens the instance detail."""

from __future__ import annotations

from camtui.api.models import InstanceFilter, ProcessInstance
from camtui.kinds.instances import INSTANCES
from camtui.ui.screens.list_view import PAGE_SIZE, ListView
from camtui.ui.session import Session


class InstancesScreen(ListView[ProcessInstance]):
    def __init__(self, session: Session, query: InstanceFilter | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(INSTANCES, session, query, page_size=page_size)

    def open_item(self, item: ProcessInstance) -> None:
        from camtui.ui.screens.instance_detail import InstanceDetailScreen

        self.app.push_screen(InstanceDetailScreen(self.session, item.id, self.breadcrumbs))
