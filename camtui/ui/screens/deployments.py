"""`:dep` — deployments: the generic list of the kind, plus resource counts, the filter form, the
deploy form and the deployment detail. Delete and redeploy are the kind's declared actions."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.worker import Worker

from camtui.api.capabilities import Capability
from camtui.api.models import Deployment, DeploymentFilter, NewDeployment
from camtui.api.plan import Report
from camtui.kinds.base import Action, Column
from camtui.kinds.deployments import DEPLOY, DEPLOYMENTS
from camtui.ui.action_flow import run_action
from camtui.ui.screens.list_view import PAGE_SIZE, ListView
from camtui.ui.session import Session


class DeploymentsScreen(ListView[Deployment]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "filter_form", "Filters", id="deployments.filters"),
    ]

    class ResourceCounts(Message):
        def __init__(self, counts: dict[str, int]) -> None:
            super().__init__()
            self.counts = counts

    def __init__(self, session: Session, query: DeploymentFilter | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(DEPLOYMENTS, session, query, page_size=page_size)
        self.resource_counts: dict[str, int] = {}
        self._count_timer: Timer | None = None

    @property
    def breadcrumbs(self) -> list[str]:
        active = [k for k, v in self.query_filter.model_dump(exclude_defaults=True).items() if k != "sort_order"]
        return ["deployments" + (f" [{', '.join(active)}]" if active else "")]

    def on_mount(self) -> None:
        # counts for the rows on screen only: as the user scrolls, the rows that come into view
        self.watch(self.table.table, "scroll_y", lambda _: self._count_later(), init=False)

    def page_shown(self, items: list[Deployment]) -> None:
        # only once the list is painted, so start-up does not wait on it
        self.call_after_refresh(self._count_visible)

    def _count_later(self) -> None:
        # scrolling moves many rows a second: count where it comes to rest
        if self._count_timer is not None:
            self._count_timer.stop()
        self._count_timer = self.set_timer(0.15, self._count_visible)

    def _count_visible(self) -> None:
        missing = [d.id for d in self.table.visible_items() if d.id not in self.resource_counts]
        if missing:
            self.count_resources(missing)

    @work(group="resource-counts", exit_on_error=False)
    async def count_resources(self, ids: list[str]) -> None:
        engine = self.session.engine
        if Capability.RESOURCE_CONTENT not in engine.capabilities:
            return
        gate = asyncio.Semaphore(4)

        async def one(deployment_id: str) -> tuple[str, int]:
            async with gate:
                return deployment_id, len(await engine.deployments.resources(deployment_id))

        counts = dict(await asyncio.gather(*(one(i) for i in ids)))
        self.post_message(self.ResourceCounts(counts))

    def columns(self) -> tuple[Column[Deployment], ...]:
        # the resource count arrives late, from its own requests
        def count(d: Deployment) -> str:
            n = self.resource_counts.get(d.id)
            return "" if n is None else str(n)

        return tuple(replace(c, text=count) if c.key == "resources" else c for c in self.kind.columns)

    def worker_failed(self, worker: Worker[object], error: BaseException) -> None:
        if worker.group == "resource-counts":
            # a count fills a column, the user did not ask for it: it stays empty, and the list's own
            # loading (or the next refresh) says what is wrong, in one place
            return
        super().worker_failed(worker, error)

    @on(ResourceCounts)
    def show_counts(self, message: ResourceCounts) -> None:
        self.resource_counts.update(message.counts)
        self.table.refresh_rows(list(message.counts))

    def open_item(self, item: Deployment) -> None:
        from camtui.ui.screens.deployment_detail import DeploymentDetailScreen

        self.app.push_screen(DeploymentDetailScreen(self.session, item))

    def action_filter_form(self) -> None:
        from camtui.ui.screens.deployment_filter import DeploymentFilterModal

        def apply(result: DeploymentFilter | None) -> None:
            if result is not None:
                self.query_filter = result
                self.render_crumbs()
                self.table.reload()

        self.app.push_screen(DeploymentFilterModal(self.query_filter), apply)

    def start_create(self, action: Action[Any]) -> None:
        from camtui.ui.screens.deploy_dialog import DeployModal

        async def submit(form: DeployModal, new: NewDeployment) -> Report | None:
            return await run_action(form, self.session, DEPLOY, [None], {"new": new}, asked_already=True)

        self.app.push_screen(DeployModal(submit), lambda report: self.table.reload() if report else None)
