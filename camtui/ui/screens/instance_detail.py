"""One process instance: header, variables with types, the activity tree with incidents marked, its
incidents, user tasks and the instances it called. Each section loads on its own worker, so a slow
or refused one never holds the others; a section that fails says so in its place.

`u` jumps to the instance that called this one, `U` to the root of its call hierarchy; enter on a
called instance opens it (an ended instance's calls come from history, running and ended alike, so a
finished call hierarchy is walked the same way); the instance kind's actions (suspend, cancel,
modify, migrate, ...) run on this instance through the one runner (ctrl+d cancels a running one and
deletes an ended one from history); `e` sets typed variables (on the variable under the cursor when
the variables table has focus). On the variable under the cursor: `x` deletes it (planned and
confirmed), `E` edits a Json or serialized Object value in $EDITOR (checked on return; the text is
kept when it is invalid or the engine refuses it), `w` saves a File variable's bytes.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Label, Static

from camtui.api import errors
from camtui.api.capabilities import Capability
from camtui.api.models import (
    ActivityInstance,
    IncidentFilter,
    InstanceFilter,
    InstanceHistory,
    JobFilter,
    ProcessInstance,
    TaskFilter,
    Variable,
    VariableSyntaxError,
)
from camtui.api.paging import Page
from camtui.kinds.base import Action, Column, Kind, Priority, Scope
from camtui.kinds.format import cell, safe, when, written
from camtui.kinds.instance_elements import InstanceElements, instance_elements
from camtui.kinds.instance_history import DELETE_HISTORY
from camtui.kinds.instance_variables import (
    DELETE_VARIABLE,
    EDITABLE,
    VariableRef,
    editable_text,
    edited_value,
    is_json_format,
)
from camtui.kinds.instances import (
    CANCEL,
    INSTANCES,
    SET_VARIABLES,
    STATE_WORDS,
    instance_or_history,
    state_word,
    variables_or_history,
)
from camtui.kinds.jobs import JOBS
from camtui.kinds.registry import kind
from camtui.ui.action_flow import run_action
from camtui.ui.context import context
from camtui.ui.keys_order import own_keys_first
from camtui.ui.screens.base import CamtuiScreen, back_showing_changes
from camtui.ui.screens.instances import RUNNING_ONLY
from camtui.ui.screens.modals import describe
from camtui.ui.session import Session
from camtui.ui.widgets.fit import shorten
from camtui.ui.widgets.paged_table import PagedTable
from camtui.ui.widgets.status_header import StatusHeader

CHILD_PAGE = 50
# the jobs section: the job's id always shown (the jobs list keeps it for wide mode), not the instance
JOB_COLUMNS: tuple[Column[Any], ...] = tuple(
    replace(c, priority=Priority.ALWAYS) if c.key == "id" else c for c in JOBS.columns if c.key != "instance"
)
# a value is cut (with "…") to what the width leaves it, never below this (the whole of it is in
# `E`, `w` and describe)
VALUE_LEAST = 12


def tree_lines(root: ActivityInstance) -> list[Text]:
    """The activity tree as indented lines; an activity with incidents is marked in red."""
    out: list[Text] = []

    def walk(node: ActivityInstance, depth: int) -> None:
        line = Text("  " * depth + "• ")
        line.append(safe(node.activity_name or node.activity_id))
        if node.activity_name and node.activity_name != node.activity_id:
            line.append(f"  ({safe(node.activity_id)})", style="dim")
        if node.activity_type:
            line.append(f"  {safe(node.activity_type)}", style="dim")
        if node.incident_ids:
            line.append(f"  ⚠ {len(node.incident_ids)} incident(s)", style="bold red")
        out.append(line)
        for child in (*node.children, *node.transitions):
            walk(child, depth + 1)

    for child in (*root.children, *root.transitions):
        walk(child, 0)
    return out or [Text("(waiting nowhere)", style="dim")]


def element_lines(path: InstanceElements) -> list[Text]:
    """Camunda 8's element instances, oldest first (active ones bold, incidents in red), the sequence
    flows taken and the call hierarchy when this instance was called."""
    out: list[Text] = []
    for e in path.elements:
        line = Text("• " if e.active else "✓ ", style="" if e.active else "dim")
        line.append(safe(e.name or e.element_id), style="bold" if e.active else "dim")
        if e.name and e.name != e.element_id:
            line.append(f"  ({safe(e.element_id)})", style="dim")
        line.append(f"  {safe(e.type.lower().replace('_', ' '))}  {safe(e.state.lower())}", style="dim")
        if e.incident:
            line.append("  ⚠ incident", style="bold red")
        out.append(line)
    if not path.elements:
        out.append(Text("(no element instances yet)", style="dim"))
    if path.more:
        out.append(Text(f"… the first {len(path.elements)} only", style="dim"))
    flows = Text("Sequence flows taken: ", style="bold")
    flows.append(safe(", ".join(path.flows)) if path.flows else Text("none yet", style="dim"))
    out.append(flows)
    if len(path.hierarchy) > 1:
        chain = Text("Call hierarchy: ", style="bold")
        chain.append(safe(" › ".join(f"{c.name or '?'} ({c.instance_id})" for c in path.hierarchy)))
        chain.append("   (U opens the root)", style="dim")
        out.append(chain)
    return out


def value_text(v: Variable) -> str:
    if v.type == "File":
        return f"(file {v.filename or ''} {v.mime_type or ''}: w saves it)".replace("  ", " ")
    return " ".join(plain_value(v).split()) or ("null" if v.value is None else "")


def plain_value(v: Variable) -> str:
    return written(v.value)


def variable_cells(variables: Sequence[Variable], width: int) -> list[tuple[str, str, str]]:
    """Name, type and value of each, the value cut with "…" to what `width` cells leave it (a
    DataTable pads each of its three columns by one cell on either side)."""
    names = [safe(v.name, layout=False) for v in variables]
    types = [safe(v.type, layout=False) for v in variables]
    used = max(map(cell_len, names), default=4) + max(map(cell_len, types), default=4) + 6
    room = max(VALUE_LEAST, width - used)
    return [
        (name, type_name, shorten(safe(value_text(v), layout=False), room))
        for name, type_name, v in zip(names, types, variables, strict=True)
    ]


# keys an ended instance does not offer: its variables are only read (w still saves a file)
VARIABLE_CHANGES = frozenset({"edit_in_editor", "delete_variable"})


class InstanceDetailScreen(CamtuiScreen[None]):
    DEFAULT_CSS = """
    #instance-body { height: 1fr; }
    #instance-body #header { padding: 0 1; height: auto; }
    #instance-body #variables { height: auto; max-height: 14; }
    #instance-body #activities { padding: 0 1; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="instance.back"),
        Binding("ctrl+r", "refresh", "Refresh", id="instance.refresh"),
        Binding("u", "super_instance", "Called by", id="instance.super"),
        Binding("U", "root_instance", "Root", id="instance.root"),
        Binding("E", "edit_in_editor", "Edit in $EDITOR", id="instance.variable_editor"),
        Binding("w", "save_file", "Save file", id="instance.variable_save"),
    ]

    class Section(Message):
        """One section's content arrived (or its failure, in words)."""

        def __init__(self, name: str, content: Any) -> None:
            super().__init__()
            self.name = name
            self.content = content

    def __init__(self, session: Session, instance_id: str, crumbs: list[str]) -> None:
        super().__init__()
        self.session = session
        self.instance_id = instance_id
        self.parents = crumbs
        self.instance: ProcessInstance | None = None
        # whether it has ended, once known (the header, or the called instances' first page, finds out)
        self.ended: bool | None = None
        self.super_id: str | None = None
        self.history: InstanceHistory | None = None
        # Camunda 8: its element instances, flows taken and call hierarchy (the Activities section)
        self.elements: InstanceElements | None = None
        self.variables: list[Variable] = []
        # text typed in $EDITOR that was invalid or refused, by variable name: the next edit starts from it
        self.drafts: dict[str, str] = {}
        caps = session.capabilities
        self.lists: list[tuple[str, Kind[Any], Any]] = [
            (title, kind(name), query)
            for title, name, query in (
                ("Incidents", "incidents", IncidentFilter(process_instance_id=instance_id)),
                ("User tasks", "tasks", TaskFilter(process_instance_id=instance_id)),
                ("Called instances", "instances", InstanceFilter(super_instance_id=instance_id)),
                ("Jobs", "jobs", JobFilter(process_instance_id=instance_id)),
            )
            if kind(name).capability in caps
        ]
        # the kind's other views of one instance (its diagram), as the list and the generic detail offer them
        for index, view in enumerate(INSTANCES.views):
            if view.capability in caps:
                binding_id = f"{INSTANCES.name}.{view.label.lower()}"
                self._bindings._add_binding(Binding(view.key, f"open_view({index})", view.label, id=binding_id))
        self.offered: dict[str, Action[Any]] = {}
        for action in INSTANCES.supported_actions(caps, read_only=session.read_only):
            if action.scope not in (Scope.QUERY, Scope.FILTER):
                self.offered[action.id] = action
                self._bindings._add_binding(Binding(action.key, f"run('{action.id}')", action.label, id=action.id))
        if DELETE_VARIABLE.capability in caps and not session.read_only:
            binding = Binding(DELETE_VARIABLE.key, "delete_variable", DELETE_VARIABLE.label, id=DELETE_VARIABLE.id)
            self._bindings._add_binding(binding)
        # the footer shows what can be done to this instance before how to move around
        own_keys_first(self._bindings, self.offered, {"instance.back", "instance.refresh"})

    def crumbs(self) -> list[str]:
        return [*self.parents, self.instance_id]

    def action_open_view(self, index: int) -> None:
        from camtui.ui.views import view_screen

        self.app.push_screen(view_screen(INSTANCES.views[index], self.session, INSTANCES, self.instance_id))

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status-header")
        yield Static(id="crumbs")
        with VerticalScroll(id="instance-body"):
            yield Static("loading…", id="header")
            yield Label(Text("Variables", style="bold"), classes="section")
            yield DataTable(id="variables", cursor_type="row", zebra_stripes=True)
            yield Label(Text("Activities", style="bold"), classes="section")
            yield Static("loading…", id="activities")
            engine = self.session.engine
            for index, (title, child_kind, query) in enumerate(self.lists):
                yield Label(Text(title, style="bold"), classes="section")
                yield PagedTable(
                    JOB_COLUMNS if child_kind is JOBS else child_kind.columns,
                    self.called_instances if child_kind is INSTANCES else partial(child_kind.fetch, engine, query),
                    key_of=child_kind.key_of,
                    page_size=CHILD_PAGE,
                    id=f"list-{index}",
                    classes="child-list",
                )
        yield Footer()

    def on_mount(self) -> None:
        context(self).sync_header(self.query_one(StatusHeader))
        text = " › ".join([self.session.name, *self.crumbs()])
        self.query_one("#crumbs", Static).update(Text(safe(text, layout=False), style="bold"))
        table = self.query_one("#variables", DataTable)
        table.add_columns("NAME", "TYPE", "VALUE")
        self.load_all()

    def load_all(self) -> None:
        self.load_header()
        self.load_variables()
        self.load_tree()

    # -- sections, each on its own worker -----------------------------------------------------------

    async def _section(self, name: str, fetch: Any) -> None:
        try:
            content = await fetch()
        except errors.EngineError as exc:
            content = exc
        self.post_message(self.Section(name, content))

    @work(group="instance-header", exit_on_error=False)
    async def load_header(self) -> None:
        engine = self.session.engine

        async def fetch() -> tuple[ProcessInstance, Any, str | None, InstanceHistory | None]:
            # an ended instance (gone from Camunda 7's runtime) is read from history
            instance = await instance_or_history(engine, self.instance_id)
            definition = await engine.definitions.get(instance.definition_id) if instance.definition_id else None
            called_by: str | None = instance.super_instance_id
            # Camunda 8 says the parent on the instance itself (and can not search by sub-instance)
            if not instance.ended and Capability.INSTANCE_ELEMENTS not in self.session.capabilities:
                found = await engine.instances.list(InstanceFilter(sub_instance_id=self.instance_id), limit=1)
                called_by = found.items[0].id if found.items else None
            history = None
            if Capability.INSTANCE_HISTORY in self.session.capabilities:
                try:
                    history = await engine.instances.history(self.instance_id)
                except (errors.NotFound, errors.Forbidden):
                    # history off (level none) or not ours to read: the header says less
                    history = None
            return instance, definition, called_by, history

        await self._section("header", fetch)

    async def called_instances(self, after: str | None, limit: int) -> Page[ProcessInstance]:
        """The instances this one called: running ones from the runtime; once it has ended, all of them
        from history (running and ended alike), so an ended call hierarchy can be walked too."""
        engine = self.session.engine
        if self.ended is None:
            self.ended = (await instance_or_history(engine, self.instance_id)).ended
        query = InstanceFilter(super_instance_id=self.instance_id, with_ended=self.ended)
        page: Page[ProcessInstance] = await INSTANCES.fetch(engine, query, after, limit)
        return page

    @work(group="instance-variables", exit_on_error=False)
    async def load_variables(self) -> None:
        engine = self.session.engine

        async def fetch() -> tuple[Variable, ...]:
            try:
                return await engine.instances.variables(self.instance_id)
            except errors.NotFound:
                # ended: its last values, from history
                return await variables_or_history(engine, await instance_or_history(engine, self.instance_id))

        await self._section("variables", fetch)

    @work(group="instance-tree", exit_on_error=False)
    async def load_tree(self) -> None:
        if Capability.INSTANCE_ELEMENTS in self.session.capabilities:
            await self._section("elements", partial(instance_elements, self.session.engine, self.instance_id))
            return
        if Capability.INSTANCE_ACTIVITY_TREE not in self.session.capabilities:
            self.post_message(self.Section("tree", "The engine has no activity tree to show."))
            return
        engine = self.session.engine

        async def fetch() -> ActivityInstance | str:
            try:
                return await engine.instances.activity_tree(self.instance_id)
            except errors.NotFound:
                ended = await instance_or_history(engine, self.instance_id)
                if not ended.ended:
                    raise
                return "It has ended: no activity is active."

        await self._section("tree", fetch)

    @on(Section)
    def section(self, message: Section) -> None:
        content = message.content
        failed = isinstance(content, errors.EngineError)
        text = Text(safe(describe(content)), style="red") if failed else None
        if message.name == "header":
            widget = self.query_one("#header", Static)
            if text is not None:
                widget.update(text)
                return
            instance, definition, self.super_id, self.history = content
            self.instance = instance
            if self.ended is not None and self.ended != instance.ended:
                # it ended since its called instances were listed: list them again, from history
                self.ended = instance.ended
                self.reload_called()
            self.ended = instance.ended
            # ctrl+d: cancel a running one, delete an ended one from history
            self.refresh_bindings()
            widget.update(self.header_text(instance, definition))
        elif message.name == "variables":
            table = self.query_one("#variables", DataTable)
            table.clear()
            if text is not None:
                table.add_row(text, "", "")
                return
            self.variables = sorted(content, key=lambda v: v.name)
            self.show_variables()
        elif message.name == "elements":
            widget = self.query_one("#activities", Static)
            if text is not None:
                widget.update(text)
                return
            self.elements = content
            widget.update(Text("\n").join(element_lines(content)))
        elif message.name == "tree":
            widget = self.query_one("#activities", Static)
            if text is not None or isinstance(content, str):
                widget.update(text or Text(content, style="dim"))
                return
            widget.update(Text("\n").join(tree_lines(content)))

    def show_variables(self) -> None:
        """The variables as rows that fit the width (made again on a resize), the cursor kept."""
        table = self.query_one("#variables", DataTable)
        row = table.cursor_row
        # the columns made again too: their widths follow what they hold now (a resize shrinks them)
        table.clear(columns=True)
        table.add_columns("NAME", "TYPE", "VALUE")
        # the body's vertical scroll bar takes two cells
        cells = variable_cells(self.variables, self.size.width - 2)
        for (name, type_name, value), v in zip(cells, self.variables, strict=True):
            table.add_row(Text(name), Text(type_name), Text(value), key=v.name)
        if self.variables:
            table.move_cursor(row=min(max(row, 0), len(self.variables) - 1))

    def on_resize(self) -> None:
        if self.variables:
            self.show_variables()

    def header_text(self, i: ProcessInstance, definition: Any) -> Text:
        state = state_word(i)
        shown = cell(i.definition_id)
        if definition is not None:
            shown = f"{definition.bpmn_process_id} v{definition.version}"
            shown += f"  {definition.name}" if definition.name else ""
        h = self.history
        if h is not None and h.end_time is not None:
            # the list's words: "cancelled", not "externally terminated"
            state = f"ended: {STATE_WORDS.get(h.state or '', (h.state or 'finished').lower().replace('_', ' '))}"
        rows = [
            ("Instance", i.id),
            ("Definition", shown),
            ("Business key", cell(i.business_key)),
            ("State", state),
            ("Tenant", cell(i.tenant_id)),
            ("Called by", (self.super_id + "   (u opens it)") if self.super_id else "none (a root instance)"),
        ]
        if h is None and i.start_time is not None:
            # a row of a history search: its times came with it
            rows.insert(4, ("Started", when(i.start_time)))
            if i.end_time is not None:
                rows.insert(5, ("Ended", when(i.end_time)))
        if h is not None:
            rows.insert(4, ("Started", when(h.start_time) or "?"))
            if h.end_time is not None:
                rows.insert(5, ("Ended", when(h.end_time) + (f"  {h.delete_reason}" if h.delete_reason else "")))
            root = h.root_instance_id
            if root and root != i.id:
                rows.append(("Root", f"{root}   (U opens it)"))
        out = Text()
        for n, (label, value) in enumerate(rows):
            out.append(f"{label:<13}", style="bold")
            out.append(safe(value), style="yellow" if label == "State" and state != "active" else "")
            if n < len(rows) - 1:
                out.append("\n")
        return out

    def reload_called(self) -> None:
        for index, (_, child_kind, _) in enumerate(self.lists):
            if child_kind is INSTANCES:
                self.query_one(f"#list-{index}", PagedTable).reload()

    # -- moving around -------------------------------------------------------------------------------

    @on(PagedTable.Opened)
    def list_opened(self, message: PagedTable.Opened) -> None:
        table = message.control
        if table is None or not (table.id or "").startswith("list-"):
            return
        _, child_kind, _ = self.lists[int((table.id or "list-0").removeprefix("list-"))]
        key = child_kind.key_of(message.item)
        if child_kind.name == "instances":
            self.app.push_screen(InstanceDetailScreen(self.session, key, self.crumbs()))
        elif child_kind.describe is not None:
            from camtui.ui.screens.describe_view import detail_screen

            self.app.push_screen(detail_screen(self.session, child_kind.singular, key, self.crumbs()))

    @on(PagedTable.LoadFailed)
    def list_failed(self, message: PagedTable.LoadFailed) -> None:
        context(self).handle_error(message.error)

    def action_super_instance(self) -> None:
        if self.super_id is None:
            self.notify("No instance called this one: it is a root instance.", severity="warning")
            return
        self.app.push_screen(InstanceDetailScreen(self.session, self.super_id, self.crumbs()))

    def action_root_instance(self) -> None:
        root = self.history.root_instance_id if self.history is not None else None
        if self.elements is not None:
            root = self.elements.root_id
        if not root or root == self.instance_id:
            self.notify("This instance is the root of its call hierarchy.", severity="warning")
            return
        self.app.push_screen(InstanceDetailScreen(self.session, root, self.crumbs()))

    def action_refresh(self) -> None:
        self.load_all()
        for table in self.query(PagedTable):
            table.reload()

    def action_back(self) -> None:
        context(self).go_back()

    # -- actions on this instance ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.ended and (
            action in VARIABLE_CHANGES or (action == "run" and parameters and parameters[0] in RUNNING_ONLY)
        ):
            return False  # an ended instance takes none of the changes a running one does
        # one key, two meanings: a running instance is cancelled, an ended one deleted from history
        if action == "run" and parameters and DELETE_HISTORY.id in self.offered:
            if parameters[0] == CANCEL.id and self.ended:
                return False
            if parameters[0] == DELETE_HISTORY.id and not self.ended:
                return False
        return super().check_action(action, parameters)

    def action_run(self, action_id: str) -> None:
        action = self.offered.get(action_id)
        if action is None:
            return
        if self.instance is None:
            self.notify("The instance is still loading.", severity="warning")
            return
        if action.id == SET_VARIABLES.id:
            self.edit_variables()
            return
        self.run_flow(action, action.prefill(self.instance) if action.prefill is not None else {})

    @work(group="instance-action", exit_on_error=False)
    async def run_flow(self, action: Action[Any], options: dict[str, Any]) -> None:
        assert self.instance is not None
        report = await run_action(self, self.session, action, [self.instance], options)
        if report is not None and action.id == DELETE_HISTORY.id and report.ok:
            # nothing is left to show: back where it was opened from, shown again without it
            back_showing_changes(self)
        elif report is not None:
            self.action_refresh()

    def edit_variables(self) -> None:
        from camtui.ui.screens.variables_dialog import VariablesModal

        rows: list[tuple[str, str, str]] = []
        table = self.query_one("#variables", DataTable)
        if table.has_focus and self.variables and 0 <= table.cursor_row < len(self.variables):
            v = self.variables[table.cursor_row]
            rows.append((v.name, v.type, plain_value(v)))

        def chosen(values: dict[str, Any] | None) -> None:
            if values:
                self.run_flow(SET_VARIABLES, {"variables": values})

        self.app.push_screen(VariablesModal(f"Set variables on {self.instance_id}", rows), chosen)

    # -- the variable under the cursor ------------------------------------------------------------------

    def current_variable(self) -> Variable | None:
        table = self.query_one("#variables", DataTable)
        if not self.variables or not 0 <= table.cursor_row < len(self.variables):
            self.notify("No variable under the cursor (the variables table lists them).", severity="warning")
            return None
        return self.variables[table.cursor_row]

    def action_delete_variable(self) -> None:
        v = self.current_variable()
        if v is not None:
            self.delete_flow(VariableRef(instance_id=self.instance_id, name=v.name, type=v.type))

    @work(group="instance-action", exit_on_error=False)
    async def delete_flow(self, ref: VariableRef) -> None:
        report = await run_action(self, self.session, DELETE_VARIABLE, [ref], {})
        if report is not None:
            self.load_variables()

    def action_edit_in_editor(self) -> None:
        v = self.current_variable()
        if v is None:
            return
        if v.type not in EDITABLE:
            self.notify(f"{v.name} is a {v.type}: e sets it in the form.", severity="warning")
            return
        if self.session.read_only:
            self.notify("The profile is read-only: nothing can be changed.", severity="warning")
            return
        self.edit_flow(v)

    @work(group="instance-action", exit_on_error=False)
    async def edit_flow(self, v: Variable) -> None:
        start = self.drafts.get(v.name, editable_text(v))
        text = await self.run_editor(start, ".json" if is_json_format(v) else ".txt")
        if text is None:
            return
        if text == editable_text(v):
            self.drafts.pop(v.name, None)
            self.notify(f"{v.name} is unchanged: nothing was sent.")
            return
        try:
            value = edited_value(v, text)
        except VariableSyntaxError as exc:
            self.drafts[v.name] = text
            self.notify(f"{exc} Your text is kept: E opens it again.", severity="error", timeout=12)
            return
        self.drafts[v.name] = text
        instance = self.instance or ProcessInstance(id=self.instance_id)
        report = await run_action(self, self.session, SET_VARIABLES, [instance], {"variables": {v.name: value}})
        if report is not None and report.ok:
            self.drafts.pop(v.name, None)
            self.load_variables()
        elif report is not None:
            self.notify("The engine refused it; your text is kept: E opens it again.", severity="error")

    async def run_editor(self, text: str, suffix: str) -> str | None:
        """$EDITOR on a temporary file holding `text`; what it holds afterwards (None: the editor failed)."""
        path = await asyncio.to_thread(_temporary_file, text, suffix)
        command = [*shlex.split(os.environ.get("EDITOR") or "vi"), str(path)]
        try:
            if not self._edit_with_the_terminal(command):
                # no terminal to hand over (a headless run): the editor runs beside the app
                await asyncio.to_thread(subprocess.run, command, check=False)
            return await asyncio.to_thread(path.read_text, encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.notify(f"Could not run {command[0]}: {exc}", severity="error")
            return None
        finally:
            await asyncio.to_thread(path.unlink, missing_ok=True)

    def _edit_with_the_terminal(self, command: list[str]) -> bool:
        """The app steps aside while the editor has the terminal (blocking on purpose: nothing is drawn)."""
        try:
            with self.app.suspend():
                subprocess.run(command, check=False)
        except SuspendNotSupported:
            return False
        return True

    def action_save_file(self) -> None:
        v = self.current_variable()
        if v is None:
            return
        if v.type != "File":
            self.notify(f"{v.name} is a {v.type}, not a file.", severity="warning")
            return
        self.save_flow(v)

    @work(group="instance-file", exit_on_error=False)
    async def save_flow(self, v: Variable) -> None:
        from camtui.ui.screens.resource_view import SaveModal

        try:
            content = await self.session.engine.instances.file_variable_content(self.instance_id, v.name)
        except errors.EngineError as exc:
            context(self).handle_error(exc)
            return
        await self.app.push_screen(SaveModal(v.filename or v.name, content))


def _temporary_file(text: str, suffix: str) -> Path:
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8") as f:
        f.write(text)
    return Path(f.name)
