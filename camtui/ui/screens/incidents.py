"""`:inc` — incidents: the list (enter opens the instance), the grouped view, the incident detail.

The grouped view reads every incident the filter matches (bounded, in a worker; it says so when
capped) and groups by type, activity, definition or normalised message; `enter` on a group lists
its incidents, `r` retries the whole group (a frozen list, verified). The detail shows the message,
the cause chain (jump along it), the job or external task behind it, the annotation (`a` edits),
and `t` opens the stack trace in a searchable viewer.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from camtui.api.errors import NotFound
from camtui.api.models import Incident, IncidentFilter
from camtui.api.paging import Page, offset_token, read_offset_token
from camtui.kinds.base import Action
from camtui.kinds.common import plural
from camtui.kinds.format import cell, safe, when
from camtui.kinds.incident_groups import GroupBy, Grouping, IncidentGroup, grouped, key_function, read_all
from camtui.kinds.incidents import ANNOTATE, INCIDENTS, RESOLVE, RETRY, behind, cause_chain
from camtui.ui.action_flow import run_action
from camtui.ui.context import context
from camtui.ui.keys_order import own_keys_first
from camtui.ui.screens.base import CamtuiScreen, ViewerScreen, back_showing_changes
from camtui.ui.screens.list_view import PAGE_SIZE, ListView
from camtui.ui.screens.text_view import TextScreen
from camtui.ui.session import Session
from camtui.ui.widgets.fit import shorten
from camtui.ui.widgets.status_header import StatusHeader

ORDER = (GroupBy.MESSAGE, GroupBy.TYPE, GroupBy.ACTIVITY, GroupBy.DEFINITION)


class IncidentsView(ListView[Incident]):
    """Every incident, or one group's (`group`: by and key) when opened from the grouped view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "groups", "Grouped", id="incidents.groups"),
        Binding("d", "detail", "Detail", id="incidents.detail"),
        Binding("f", "filter_form", "Filters", id="incidents.filters"),
    ]

    def __init__(
        self,
        session: Session,
        query: IncidentFilter | None = None,
        *,
        group: tuple[GroupBy, str] | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(INCIDENTS, session, query, page_size=page_size)
        self.group = group
        self.members: list[Incident] = []

    @property
    def breadcrumbs(self) -> list[str]:
        active = [k for k in self.query_filter.model_dump(exclude_defaults=True) if k != "sort_order"]
        here = ["incidents" + (f" [{', '.join(active)}]" if active else "")]
        if self.group is None:
            return here
        by, key = self.group
        return [*here, f"{by.value}: {key}"]

    def action_filter_form(self) -> None:
        from camtui.ui.screens.incident_filter import IncidentFilterModal

        def apply(result: IncidentFilter | None) -> None:
            if result is not None:
                self.query_filter = result
                self.render_crumbs()
                self.table.reload()

        self.app.push_screen(IncidentFilterModal(self.query_filter), apply)

    async def fetch(self, after: str | None, limit: int) -> Page[Incident]:
        if self.group is None:
            return await super().fetch(after, limit)
        # a group is what the engine can not filter by (a folded message): read, keep its members
        by, key = self.group
        if after is None:
            # read once per (re)load; the following pages come from what was read
            found, _, _ = await read_all(self.session.engine, self.query_filter)
            self.members = [i for i in found if key_function(by)(i) == key]
        members = self.members
        start = read_offset_token(after)
        end = start + limit
        return Page(
            items=tuple(members[start:end]), total=len(members), next=offset_token(end) if end < len(members) else None
        )

    def open_item(self, item: Incident) -> None:
        """Enter: the instance the incident stopped."""
        if not item.process_instance_id:
            self.open_detail(item)
            return
        from camtui.ui.screens.instance_detail import InstanceDetailScreen

        # the instance's own detail, as enter in :pi opens it (its variables, activities and changes)
        self.app.push_screen(InstanceDetailScreen(self.session, item.process_instance_id, self.breadcrumbs))

    def open_detail(self, item: Incident) -> None:
        self.app.push_screen(IncidentDetailScreen(self.session, item.id, self.breadcrumbs))

    def action_detail(self) -> None:
        item = self.table.current_item()
        if item is not None:
            self.open_detail(item)

    def action_groups(self) -> None:
        self.app.push_screen(IncidentGroupsScreen(self.session, self.query_filter))


class IncidentGroupsScreen(CamtuiScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "cycle", "Group by", id="incident_groups.by"),
        Binding("enter", "open", "Incidents", id="incident_groups.open"),
        Binding("r", "retry", "Retry group", id="incident_groups.retry"),
        Binding("ctrl+r", "refresh", "Refresh", id="incident_groups.refresh"),
        Binding("escape", "back", "Back", id="incident_groups.back"),
        Binding("j", "cursor('down')", "Down", show=False, id="incident_groups.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="incident_groups.up"),
    ]

    class Grouped(Message):
        def __init__(self, grouping: Grouping, incidents: list[Incident]) -> None:
            super().__init__()
            self.grouping = grouping
            self.incidents = incidents

    def __init__(self, session: Session, query: IncidentFilter | None = None, by: GroupBy = GroupBy.MESSAGE) -> None:
        super().__init__()
        self.session = session
        self.query_filter = query or IncidentFilter()
        self.by = by
        self.grouping: Grouping | None = None
        self.incidents: dict[str, Incident] = {}

    @property
    def VIEW(self) -> str:
        return "incidents"

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status-header")
        yield Static(id="crumbs")
        yield DataTable(id="groups", cursor_type="row", zebra_stripes=True)
        yield Static(id="group-summary")
        yield Footer()

    def on_mount(self) -> None:
        context(self).sync_header(self.query_one(StatusHeader))
        self.add_columns(self.query_one("#groups", DataTable))
        self.load()

    def add_columns(self, table: DataTable[Any]) -> None:
        table.add_column("COUNT", key="count", width=6)
        table.add_column("OLDEST", key="oldest", width=25)
        table.add_column("NEWEST", key="newest", width=25)
        # what the groups are by: MESSAGE, TYPE, ACTIVITY, DEFINITION
        table.add_column(self.by.value.upper(), key="key")

    def render_crumbs(self) -> None:
        text = " › ".join([self.session.name, "incidents", f"grouped by {self.by.value}"])
        self.query_one("#crumbs", Static).update(Text(safe(text, layout=False), style="bold"))

    @work(exclusive=True, group="incident-groups", exit_on_error=False)
    async def load(self) -> None:
        self.render_crumbs()
        self.query_one("#group-summary", Static).update(Text("reading incidents…", style="dim"))
        grouping, incidents = await grouped(self.session.engine, self.query_filter, self.by)
        self.post_message(self.Grouped(grouping, incidents))

    @on(Grouped)
    def show(self, message: Grouped) -> None:
        self.grouping = message.grouping
        self.incidents = {i.id: i for i in message.incidents}
        self.show_groups()
        groups = plural(len(message.grouping.groups), "group")
        summary = f"{plural(message.grouping.scanned, 'incident')} in {groups} by {self.by.value}"
        caveat = message.grouping.caveat()
        style = "bold yellow" if caveat else "dim"
        self.query_one("#group-summary", Static).update(
            Text(safe(" · ".join(p for p in (summary, caveat) if p)), style=style)
        )
        context(self).refreshed("incidents")

    def show_groups(self) -> None:
        """One row a group, its key (a message, type, ...) cut with … to what the width leaves it."""
        assert self.grouping is not None
        table = self.query_one("#groups", DataTable)
        row = table.cursor_row
        # the columns made again too: their widths follow what they hold now (a resize shrinks them)
        table.clear(columns=True)
        self.add_columns(table)
        # the three other columns with a cell of padding each side, and the table's scroll bar
        room = max(12, self.size.width - (6 + 25 + 25) - 8 - 2)
        for g in self.grouping.groups:
            key = Text(shorten(safe(cell(g.key), layout=False), room))
            table.add_row(str(g.count), when(g.oldest), when(g.newest), key, key=g.key)
        if self.grouping.groups:
            table.move_cursor(row=min(max(row, 0), len(self.grouping.groups) - 1))

    def on_resize(self) -> None:
        if self.grouping is not None:
            self.show_groups()

    def current(self) -> IncidentGroup | None:
        if self.grouping is None or not self.grouping.groups:
            return None
        row = self.query_one("#groups", DataTable).cursor_row
        return self.grouping.groups[row] if 0 <= row < len(self.grouping.groups) else None

    def action_cycle(self) -> None:
        self.by = ORDER[(ORDER.index(self.by) + 1) % len(ORDER)]
        self.load()

    @on(DataTable.RowSelected, "#groups")
    def row_selected(self) -> None:
        # the table takes enter itself
        self.action_open()

    def action_open(self) -> None:
        group = self.current()
        if group is not None:
            self.app.push_screen(IncidentsView(self.session, self.query_filter, group=(self.by, group.key)))

    def action_retry(self) -> None:
        group = self.current()
        if group is None:
            return
        action: Action[Incident] = RETRY
        if action.capability not in self.session.capabilities or self.session.read_only:
            self.notify("Retry is not offered here (engine or read-only profile).", severity="warning")
            return
        # the group as it was read: a frozen list, whatever comes later
        self.retry([self.incidents[i] for i in group.incident_ids if i in self.incidents])

    @work(group="action", exit_on_error=False)
    async def retry(self, items: list[Incident]) -> None:
        if await run_action(self, self.session, RETRY, items) is not None:
            self.load()

    def action_refresh(self) -> None:
        self.load()

    def action_cursor(self, where: str) -> None:
        table = self.query_one("#groups", DataTable)
        table.action_cursor_down() if where == "down" else table.action_cursor_up()

    def action_back(self) -> None:
        context(self).go_back()


class IncidentDetailScreen(ViewerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "stacktrace", "Stack trace", id="incident.stacktrace"),
        Binding("c", "cause", "Cause", id="incident.cause"),
        Binding("o", "root", "Root cause", id="incident.root"),
        Binding("i", "instance", "Instance", id="incident.instance"),
        Binding("a", "annotate", "Annotate", id="incident.annotate"),
        Binding("r", "retry", "Retry", id="incident.retry"),
        # the list's key for resolve (a custom incident; a failed job's is resolved by a retry)
        Binding("ctrl+e", "resolve", "Resolve", id="incident.resolve"),
        Binding("ctrl+r", "refresh", "Refresh", id="incident.refresh"),
    ]

    class Loaded(Message):
        def __init__(self, incident: Incident, chain: list[dict[str, Any]], behind: dict[str, Any] | None) -> None:
            super().__init__()
            self.incident = incident
            self.chain = chain
            self.behind = behind

    def __init__(self, session: Session, incident_id: str, parents: list[str]) -> None:
        super().__init__(session)
        self.incident_id = incident_id
        self.parents = parents
        self.incident: Incident | None = None
        # the footer shows the repair first, before how to move around
        own_keys_first(
            self._bindings,
            {"incident.retry", "incident.annotate", "incident.resolve"},
            {"viewer.back", "incident.refresh"},
        )

    def crumbs(self) -> list[str]:
        return [*self.parents, f"incident {self.incident_id}"]

    def start_loading(self) -> None:
        self.load()

    @work(exclusive=True, group="incident", exit_on_error=False)
    async def load(self) -> None:
        engine = self.session.engine
        incident = await engine.incidents.get(self.incident_id)
        self.post_message(self.Loaded(incident, await cause_chain(engine, incident), await behind(engine, incident)))

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        i = self.incident = message.incident
        # labels on the left, each value wrapping under itself (a long message stays in its column)
        fields = Table.grid(padding=(0, 2))
        fields.add_column(justify="right", style="bold", no_wrap=True, min_width=16)
        fields.add_column(overflow="fold")
        out = Text()

        def field(name: str, value: object) -> None:
            fields.add_row(name, Text(safe("" if value is None else str(value))))

        field("type", i.type)
        field("message", i.message)
        field("since", when(i.timestamp))
        field("activity", i.activity_id)
        field("failed activity", i.failed_activity_id)
        field("instance", i.process_instance_id)
        field("definition", i.process_definition_id)
        field("tenant", i.tenant_id)
        field("annotation", i.annotation or "(none: a annotates)")
        what = message.behind or {}
        if "job" in what:
            job = what["job"]
            field("job", f"{job['id']} · retries {job['retries']} · due {job.get('due_date') or '-'}")
        elif "external_task" in what:
            task = what["external_task"]
            field("external task", f"{task['id']} · topic {task['topic']} · retries {task.get('retries')}")
        else:
            field("job / ext. task", i.configuration or "(none)")
        out.append("\ncause chain", style="bold")
        if not message.chain:
            out.append(": this incident is its own root cause\n", style="dim")
        else:
            out.append(" (c: cause, o: root cause)\n", style="dim")
            for depth, c in enumerate(message.chain, start=1):
                out.append(f"{'  ' * depth}↳ ")
                out.append(
                    safe(f"{c['type']} at {c['activity_id']} in {c['process_instance_id']}: {c['message']}") + "\n"
                )
        out.append("\nt: stack trace · i: instance · r: retry · a: annotate", style="dim")
        self.query_one("#content", Static).update(Group(fields, out))

    def jump(self, target: str | None) -> None:
        if target and self.incident is not None and target != self.incident.id:
            self.app.push_screen(IncidentDetailScreen(self.session, target, self.crumbs()))
        else:
            self.notify("This incident is its own root cause.")

    def action_cause(self) -> None:
        self.jump(self.incident.cause_incident_id if self.incident else None)

    def action_root(self) -> None:
        self.jump(self.incident.root_cause_incident_id if self.incident else None)

    def action_instance(self) -> None:
        if self.incident is not None and self.incident.process_instance_id:
            from camtui.ui.screens.instance_detail import InstanceDetailScreen

            self.app.push_screen(InstanceDetailScreen(self.session, self.incident.process_instance_id, self.crumbs()))

    def action_stacktrace(self) -> None:
        incident = self.incident
        if incident is None:
            return
        engine = self.session.engine

        async def load() -> str:
            return await engine.incidents.stacktrace(incident)

        self.app.push_screen(TextScreen(self.session, [*self.crumbs(), "stack trace"], load))

    def run_on_this(self, action: Action[Incident]) -> None:
        if self.incident is None:
            return
        if action.capability not in self.session.capabilities or self.session.read_only:
            self.notify(f"{action.label} is not offered here (engine or read-only profile).", severity="warning")
            return
        self.act(action, self.incident)

    @work(group="action", exit_on_error=False)
    async def act(self, action: Action[Incident], incident: Incident) -> None:
        options = {"annotation": incident.annotation or ""} if action is ANNOTATE else None
        report = await run_action(self, self.session, action, [incident], options)
        if report is None:
            return
        try:
            await self.session.engine.incidents.get(incident.id)
        except NotFound:
            # retried or resolved: the incident is gone, and so is it from the list shown again
            back_showing_changes(self)
            return
        self.load()

    def action_annotate(self) -> None:
        self.run_on_this(ANNOTATE)

    def action_retry(self) -> None:
        self.run_on_this(RETRY)

    def action_resolve(self) -> None:
        self.run_on_this(RESOLVE)

    def action_refresh(self) -> None:
        self.load()
