"""One deployment: its metadata, its resources, the definitions it deployed."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Label, Static

from camtui.api.capabilities import Capability
from camtui.api.models import DefinitionFilter, Deployment, ProcessDefinition, Resource
from camtui.kinds.format import cell, safe, when
from camtui.ui.context import context
from camtui.ui.screens.base import CamtuiScreen
from camtui.ui.session import Session
from camtui.ui.widgets.status_header import StatusHeader


class DeploymentDetailScreen(CamtuiScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding("ctrl+r", "refresh", "Refresh", id="detail.refresh"),
        Binding("enter", "open", "View resource", id="detail.open"),
    ]

    class Loaded(Message):
        def __init__(
            self, deployment: Deployment, resources: tuple[Resource, ...], definitions: list[ProcessDefinition]
        ) -> None:
            super().__init__()
            self.deployment = deployment
            self.resources = resources
            self.definitions = definitions

    def __init__(self, session: Session, deployment: Deployment) -> None:
        super().__init__()
        self.session = session
        self.deployment = deployment
        self.resources: tuple[Resource, ...] = ()

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status-header")
        yield Static(id="crumbs")
        yield Static(id="meta")
        yield Label("Resources", classes="section")
        yield DataTable(id="resources", cursor_type="row")
        yield Label("Process definitions deployed", classes="section")
        yield DataTable(id="definitions", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        context(self).sync_header(self.query_one(StatusHeader))
        name = self.deployment.name or self.deployment.id
        self.query_one("#crumbs", Static).update(
            Text(safe(f"{self.session.name} › deployments › {name}", layout=False), style="bold")
        )
        resources = self.query_one("#resources", DataTable)
        resources.add_columns("NAME", "KIND", "ID")
        definitions = self.query_one("#definitions", DataTable)
        definitions.add_columns("KEY", "VERSION", "NAME", "RESOURCE", "SUSPENDED", "ID")
        self.show_meta(self.deployment)
        self.load()

    def show_meta(self, d: Deployment) -> None:
        grid = Table.grid(padding=(0, 2))
        for label, value in (
            ("Name", d.name),
            ("Id", d.id),
            ("Source", d.source),
            ("Tenant", d.tenant_id),
            ("Deployed", when(d.deployment_time)),
        ):
            grid.add_row(Text(label, style="bold"), Text(safe(cell(value), layout=False)))
        self.query_one("#meta", Static).update(grid)

    @work(exclusive=True, group="detail", exit_on_error=False)
    async def load(self) -> None:
        engine = self.session.engine
        deployment = await engine.deployments.get(self.deployment.id)
        # deployment-scoped resources are Camunda 7's
        resources = (
            await engine.deployments.resources(self.deployment.id)
            if Capability.RESOURCE_CONTENT in engine.capabilities
            else ()
        )
        definitions = await engine.definitions.list(DefinitionFilter(deployment_id=self.deployment.id), limit=500)
        self.post_message(self.Loaded(deployment, resources, list(definitions.items)))

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        self.deployment = message.deployment
        self.resources = message.resources
        self.show_meta(message.deployment)
        table = self.query_one("#resources", DataTable)
        table.clear()
        for r in message.resources:
            table.add_row(Text(safe(r.name, layout=False)), r.kind, Text(safe(r.id, layout=False)), key=r.id)
        defs = self.query_one("#definitions", DataTable)
        defs.clear()
        for d in message.definitions:
            defs.add_row(
                Text(safe(d.bpmn_process_id, layout=False)),
                str(d.version),
                Text(safe(cell(d.name), layout=False)),
                Text(safe(cell(d.resource), layout=False)),
                cell(d.suspended),
                d.id,
                key=d.id,
            )
        table.focus()

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        context(self).go_back()

    @on(DataTable.RowSelected, "#resources")
    def action_open(self, event: Any = None) -> None:
        table = self.query_one("#resources", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        resource = next((r for r in self.resources if r.id == key), None)
        if resource is not None:
            from camtui.ui.screens.resource_view import ResourceScreen

            self.app.push_screen(ResourceScreen(self.session, self.deployment, resource))
