"""`enter` on an element of an instance's diagram: the instance's activity instances there, and below
them its incidents there (enter on one describes it)."""

from __future__ import annotations

from textual import work

from camtui.api.capabilities import Capability
from camtui.api.models import IncidentFilter
from camtui.kinds.base import Child
from camtui.kinds.registry import kind
from camtui.ui.screens.describe_view import DescribeScreen
from camtui.ui.session import Session


class ElementScreen(DescribeScreen):
    def __init__(self, session: Session, instance_id: str, element_id: str, crumbs: list[str]) -> None:
        super().__init__(session, "instance", instance_id, crumbs)
        self.element_id = element_id
        incidents = kind("incidents")
        here = Child(
            "Incidents here",
            "incidents",
            lambda _: IncidentFilter(process_instance_id=instance_id, activity_id=element_id),
        )
        self.child_lists = [(here, incidents)] if incidents.capability in session.capabilities else []

    def crumbs(self) -> list[str]:
        return [*self.parents, self.item_id, self.element_id]

    @work(exclusive=True, group="describe", exit_on_error=False)
    async def load(self) -> None:
        engine = self.session.engine
        data: dict[str, object] = {"instance": self.item_id, "element": self.element_id}
        if Capability.INSTANCE_ACTIVITY_TREE in engine.capabilities:
            tree = await engine.instances.activity_tree(self.item_id)
            data["activity_instances"] = [
                {"id": a.id, "type": a.activity_type, "name": a.activity_name, "incident_ids": list(a.incident_ids)}
                for a in tree.walk()[1:]
                if a.activity_id == self.element_id
            ]
        else:
            states = await engine.instances.element_states(self.item_id)
            data["active_here"] = states.active.get(self.element_id, 0)
        self.post_message(self.Loaded(data))
