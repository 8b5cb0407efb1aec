"""The `:pi` search form (`f`): what Cockpit's instance search offers, ended instances from history
included; fields and their reading in camtui.kinds.instance_query."""

from __future__ import annotations

from collections.abc import Mapping

from textual.widget import Widget
from textual.widgets import Checkbox, Label, Select

from camtui.api.models import InstanceFilter
from camtui.kinds.instance_query import FIELDS, STATES, to_filter, to_text
from camtui.ui.screens.filter_form import FilterForm

# Select has no empty-string value of its own: "running (any)" is this word in the form
ANY = "any"


class InstanceFilterModal(FilterForm[InstanceFilter]):
    def __init__(self, current: InstanceFilter) -> None:
        def read(typed: Mapping[str, str]) -> InstanceFilter:
            return to_filter(typed, current)

        super().__init__(
            title="Search process instances", kind="instances", fields=FIELDS, text=to_text(current), read=read
        )

    def extra(self) -> list[Widget]:
        options = [(label, value or ANY) for value, label in STATES]
        return [
            Label("State (finished, completed and cancelled ones come from history)"),
            Select(options, value=self.text.get("state") or ANY, id="state", allow_blank=False),
            Checkbox("With incidents", self.text.get("with_incident") == "true", id="with_incident"),
        ]

    def typed_extra(self) -> dict[str, str]:
        state = str(self.query_one("#state", Select).value)
        return {
            "state": "" if state == ANY else state,
            "with_incident": "true" if self.query_one("#with_incident", Checkbox).value else "",
        }

    def clear_extra(self) -> None:
        self.query_one("#state", Select).value = ANY
        self.query_one("#with_incident", Checkbox).value = False
