"""`:dep` — deployments: paged, sortable, filterable; deploy, delete (cascade), redeploy, drill down."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message

from camtui.api.models import Deployment, DeploymentFilter, DeploymentSort, InstanceFilter, SortOrder
from camtui.api.paging import Page
from camtui.kinds.format import cell, when
from camtui.ui.engine_access import camtui_app
from camtui.ui.screens.list_view import Column, ListView

SORT_FIELDS = (DeploymentSort.NAME, DeploymentSort.DEPLOYMENT_TIME, DeploymentSort.ID, DeploymentSort.TENANT_ID)


class DeploymentsScreen(ListView[Deployment]):
    VIEW = "deployments"
    TITLE = "deployments"
    COLUMNS = (
        Column("name", "NAME", 28),
        Column("id", "ID", 36),
        Column("source", "SOURCE", 16),
        Column("tenant", "TENANT", 10),
        Column("time", "DEPLOYED", 28),
        Column("resources", "RES", 4),
    )
    SORTS = tuple(s.value for s in SORT_FIELDS)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "filter_form", "Filters", id="deployments.filters"),
        Binding("n", "deploy", "Deploy", id="deployments.deploy"),
        Binding("ctrl+d", "delete", "Delete", id="deployments.delete"),
        Binding("R", "redeploy", "Redeploy", id="deployments.redeploy"),
    ]

    class ResourceCounts(Message):
        def __init__(self, counts: dict[str, int]) -> None:
            super().__init__()
            self.counts = counts

    def __init__(self, query: DeploymentFilter | None = None) -> None:
        super().__init__()
        self.query_filter = query or DeploymentFilter()
        self.resource_counts: dict[str, int] = {}

    @property
    def breadcrumbs(self) -> list[str]:
        active = [k for k, v in self.query_filter.model_dump(exclude_defaults=True).items() if k != "sort_order"]
        return [self.TITLE + (f" [{', '.join(active)}]" if active else "")]

    def effective_filter(self) -> DeploymentFilter:
        if self.sort_index < 0:
            return self.query_filter.model_copy(
                update={"sort_by": DeploymentSort.DEPLOYMENT_TIME, "sort_order": SortOrder.DESC}
            )
        return self.query_filter.model_copy(
            update={
                "sort_by": SORT_FIELDS[self.sort_index],
                "sort_order": SortOrder.DESC if self.descending else SortOrder.ASC,
            }
        )

    async def fetch(self, after: str | None, limit: int) -> Page[Deployment]:
        return await camtui_app(self).engine.deployments.list(self.effective_filter(), limit=limit, after=after)

    def page_shown(self, items: list[Deployment]) -> None:
        # one request per deployment: only once the list is painted, so start-up does not wait on it
        self.call_after_refresh(self.count_resources, [d.id for d in items if d.id not in self.resource_counts])

    @work(group="resource-counts", exit_on_error=False)
    async def count_resources(self, ids: list[str]) -> None:
        engine = camtui_app(self).engine
        gate = asyncio.Semaphore(4)

        async def one(deployment_id: str) -> tuple[str, int]:
            async with gate:
                return deployment_id, len(await engine.deployments.resources(deployment_id))

        counts = dict(await asyncio.gather(*(one(i) for i in ids)))
        self.post_message(self.ResourceCounts(counts))

    @on(ResourceCounts)
    def show_counts(self, message: ResourceCounts) -> None:
        from textual.widgets import DataTable

        self.resource_counts.update(message.counts)
        table = self.query_one(DataTable)
        for key, count in message.counts.items():
            if key in table.rows:
                table.update_cell(key, "resources", str(count))

    def cells(self, item: Deployment) -> tuple[Any, ...]:
        count = self.resource_counts.get(item.id)
        return (
            cell(item.name),
            item.id,
            cell(item.source),
            cell(item.tenant_id),
            when(item.deployment_time),
            "" if count is None else str(count),
        )

    def open_item(self, item: Deployment) -> None:
        from camtui.ui.screens.deployment_detail import DeploymentDetailScreen

        self.app.push_screen(DeploymentDetailScreen(item))

    def targets(self) -> list[Deployment]:
        if self.marked:
            return [d for d in self.items if d.id in self.marked]
        current = self.current_item()
        return [current] if current is not None else []

    # -- actions ----------------------------------------------------------------------------------

    def action_filter_form(self) -> None:
        from camtui.ui.screens.deployment_filter import DeploymentFilterModal

        def apply(result: DeploymentFilter | None) -> None:
            if result is not None:
                self.query_filter = result
                self.render_crumbs()
                self.reload()

        self.app.push_screen(DeploymentFilterModal(self.query_filter), apply)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # read-only profiles do not offer changes
        return not (action in ("deploy", "delete", "redeploy") and camtui_app(self).read_only)

    def action_deploy(self) -> None:
        from camtui.ui.screens.deploy_dialog import DeployModal

        self.app.push_screen(DeployModal(), lambda result: self.reload() if result else None)

    def action_delete(self) -> None:
        targets = self.targets()
        if targets:
            self.prepare_delete(targets)

    @work(group="delete", exit_on_error=False)
    async def prepare_delete(self, targets: list[Deployment]) -> None:
        from camtui.ui.screens.delete_dialog import DeleteDeploymentsModal

        engine = camtui_app(self).engine
        # what a cascade would take with it
        counts = await asyncio.gather(*(engine.instances.count(InstanceFilter(deployment_id=d.id)) for d in targets))
        modal = DeleteDeploymentsModal(
            targets, dict(zip((d.id for d in targets), counts, strict=True)), camtui_app(self).production
        )
        options = await self.app.push_screen_wait(modal)
        if options is None:
            return
        done = 0
        for deployment in targets:
            await engine.deployments.delete(
                deployment.id,
                cascade=options.cascade,
                skip_custom_listeners=options.skip_custom_listeners,
                skip_io_mappings=options.skip_io_mappings,
            )
            done += 1
            self.marked.discard(deployment.id)
        self.notify(f"Deleted {done} deployment{'s' if done != 1 else ''}.")
        self.reload()

    def action_redeploy(self) -> None:
        current = self.current_item()
        if current is not None:
            self.redeploy(current)

    @work(group="redeploy", exit_on_error=False)
    async def redeploy(self, deployment: Deployment) -> None:
        from camtui.ui.screens.modals import ConfirmModal

        ok = await self.app.push_screen_wait(
            ConfirmModal(
                "Redeploy",
                f"Deploy the resources of {deployment.name!r} ({deployment.id}) again as a new deployment.\n"
                f"POST /deployment/{deployment.id}/redeploy",
                action="Redeploy",
                typed="redeploy" if camtui_app(self).production else None,
            )
        )
        if not ok:
            return
        result = await camtui_app(self).engine.deployments.redeploy(deployment.id)
        versions = ", ".join(f"{d.key} v{d.version}" for d in result.definitions) or "no new definitions"
        self.notify(f"Redeployed as {result.deployment.id}: {versions}")
        self.reload()
