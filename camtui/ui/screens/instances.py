"""`:pi` — process instances: the generic list; enter opens the instance detail, and setting
variables asks for them in the typed-variables form first. `f` opens the search form (ended
instances and time ranges included), `o` a saved query; the crumbs name the active filter. On a
history search (Camunda 7) ctrl+d and D delete from history instead of cancelling."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from camtui.api.models import EngineKind, InstanceFilter, ProcessInstance
from camtui.config import queries
from camtui.kinds.base import Column, Scope
from camtui.kinds.batch_by_filter import PI_ACTIONS as FILTER_ACTIONS
from camtui.kinds.batch_by_filter import prefill_from
from camtui.kinds.common import plural
from camtui.kinds.instance_history import DELETE_HISTORY, DELETE_HISTORY_ALL
from camtui.kinds.instance_query import summary
from camtui.kinds.instances import (
    ACTIVATE,
    ACTIVATE_ALL,
    CANCEL,
    CANCEL_ALL,
    INSTANCES,
    SET_VARIABLES,
    SET_VARIABLES_ALL,
    SUSPEND,
    SUSPEND_ALL,
)
from camtui.kinds.migration import MIGRATE
from camtui.kinds.modification import MODIFY
from camtui.ui.screens.list_view import PAGE_SIZE, ListView
from camtui.ui.session import Session

# shown where rows carry times: history rows on Camunda 7, every row on Camunda 8
TIME_COLUMNS = frozenset({"started", "ended"})
# one key each, two meanings: running rows are cancelled, rows of a history search deleted from history
ON_RUNNING = frozenset({CANCEL.id, CANCEL_ALL.id})
ON_HISTORY = frozenset({DELETE_HISTORY.id, DELETE_HISTORY_ALL.id})
# changes only a running instance can take: not offered where every row has ended
RUNNING_ONLY = frozenset(
    a.id for a in (SUSPEND, ACTIVATE, SET_VARIABLES, MODIFY, MIGRATE, SUSPEND_ALL, ACTIVATE_ALL, SET_VARIABLES_ALL)
)
# and on a search of ended instances only (a state asked for, either engine): nor cancelling them, nor
# Camunda 8's migrate/move tokens of all matching (M, O)
ENDED_REFUSE = RUNNING_ONLY | ON_RUNNING | {a.id for a in FILTER_ACTIONS}


class InstancesScreen(ListView[ProcessInstance]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "search_form", "Search", id="instances.search"),
        Binding("o", "open_saved", "Saved queries", id="instances.saved"),
    ]

    def __init__(self, session: Session, query: InstanceFilter | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(INSTANCES, session, query, page_size=page_size)

    @property
    def breadcrumbs(self) -> list[str]:
        words = summary(self.query_filter)
        return [f"process instances [{words}]" if words else "process instances"]

    def columns(self) -> tuple[Column[ProcessInstance], ...]:
        if self.with_times(self.query_filter):
            return self.kind.columns
        return tuple(c for c in self.kind.columns if c.key not in TIME_COLUMNS)

    def with_times(self, query: InstanceFilter) -> bool:
        return query.needs_history or self.session.engine_kind is not EngineKind.C7

    @property
    def history_rows(self) -> bool:
        """The rows come from history (Camunda 7), where ctrl+d and D delete from history."""
        return DELETE_HISTORY.id in self.offered and self.query_filter.needs_history

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "run" and parameters:
            if parameters[0] in ON_RUNNING and self.history_rows:
                return False
            if parameters[0] in ENDED_REFUSE and self.query_filter.end_state is not None:
                return False
            if parameters[0] in ON_HISTORY and not self.history_rows:
                return False
        return super().check_action(action, parameters)

    def open_item(self, item: ProcessInstance) -> None:
        from camtui.ui.screens.instance_detail import InstanceDetailScreen

        self.app.push_screen(InstanceDetailScreen(self.session, item.id, self.breadcrumbs))

    # -- the search form and saved queries ----------------------------------------------------------

    def apply_filter(self, query: InstanceFilter) -> None:
        if self.with_times(query) != self.with_times(self.query_filter):
            # other columns: the same view made again for the new query
            self.app.switch_screen(InstancesScreen(self.session, query, page_size=self.page_size))
            return
        self.query_filter = query
        self.render_crumbs()
        self.refresh_bindings()
        self.table.reload()

    def action_search_form(self) -> None:
        from camtui.ui.screens.instance_filter import InstanceFilterModal

        def apply(result: InstanceFilter | None) -> None:
            if result is not None:
                self.apply_filter(result)

        self.app.push_screen(InstanceFilterModal(self.query_filter), apply)

    def action_open_saved(self) -> None:
        from camtui.ui.screens.filter_form import SavedQueries

        def chosen(name: str | None) -> None:
            if name is None:
                return
            try:
                query = queries.load("instances", name, InstanceFilter)
            except queries.QueryError as exc:
                self.notify(str(exc), severity="error")
                return
            self.apply_filter(query)

        self.app.push_screen(SavedQueries("instances", "instance"), chosen)

    # -- actions that ask first ---------------------------------------------------------------------

    def action_run(self, action_id: str) -> None:
        action = self.offered.get(action_id)
        if action is not None and action.scope is Scope.FILTER:
            # the query goes to the cluster; a query naming no process starts from the cursor row's
            self.run_flow(action, [self.query_filter], prefill_from(self.query_filter, self.table.current_item()))
            return
        if action_id not in (SET_VARIABLES.id, SET_VARIABLES_ALL.id) or action_id not in self.offered:
            super().action_run(action_id)
            return
        from camtui.ui.screens.variables_dialog import VariablesModal

        if action_id == SET_VARIABLES_ALL.id:
            # the variables first; the query is frozen to its ids when planned, after the form
            def on_query(values: dict[str, Any] | None) -> None:
                if values:
                    self.run_on_query(SET_VARIABLES_ALL, {"variables": values})

            self.app.push_screen(VariablesModal("Set variables on every instance the query matches", []), on_query)
            return
        items = self.table.targets()
        if not items:
            self.notify("Nothing to act on: move the cursor to a row, or mark rows with space.", severity="warning")
            return

        def chosen(values: dict[str, Any] | None) -> None:
            if values:
                self.run_flow(SET_VARIABLES, items, {"variables": values})

        title = f"Set variables on {plural(len(items), 'process instance')}"
        self.app.push_screen(VariablesModal(title, []), chosen)
