"""An instance detail's variables and the incident groups fit the terminal: a long value is cut with "…" to what the width
leaves it (more of it on a wider terminal, again after a resize), never cut off by the edge with the
table scrolling sideways."""

from __future__ import annotations

from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from camtui.api import connect
from camtui.api.models import NewDeployment, VariableValue
from camtui.config.settings import Settings
from camtui.ui.screens.instance_detail import InstanceDetailScreen
from camtui.ui.screens.instances import InstancesScreen
from camtui.ui.screens.list_view import ListView
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.tui.conftest import app_for, on_screen, screen_as, wait_for

LONG = " ".join(f"word{n}" for n in range(80))


async def test_a_long_value_is_cut_with_an_ellipsis_to_the_width(
    settings: Settings, real_engine: RunningEngine
) -> None:
    key = unique("fits")
    async with connect(real_engine.connection()) as engine:
        await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
        started = await engine.definitions.start(
            bpmn_process_id=key, variables={"delivery_instructions": VariableValue(value=LONG, type="String")}
        )

    app = app_for(settings, view="instances")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: on_screen(app, InstancesScreen), what="the instances view")
        await app.push_screen(InstanceDetailScreen(app.session, started.id, ["instances"]))  # type: ignore[arg-type]
        detail = screen_as(app, InstanceDetailScreen)
        table = detail.query_one("#variables", DataTable)
        await wait_for(pilot, lambda: table.row_count == 1, what="the variable")

        def value() -> str:
            return str(table.get_row_at(0)[2])

        await pilot.pause()
        narrow = value()
        assert narrow.endswith("…") and LONG.startswith(narrow[:-1]), narrow
        assert table.virtual_size.width <= table.size.width, "no part of the row beyond the edge"

        await pilot.resize_terminal(160, 45)
        await wait_for(pilot, lambda: len(value()) > len(narrow) + 60, what="more of it on 160 columns")
        await pilot.pause()
        assert value().endswith("…") and LONG.startswith(value()[:-1])
        assert table.virtual_size.width <= table.size.width

        # and narrow again: the columns shrink with it
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: len(value()) < len(narrow) + 5, what="less of it on 80 columns again")
        await pilot.pause()
        assert value().endswith("…") and table.virtual_size.width <= table.size.width


async def test_incident_groups_fit_the_width_with_their_keys_cut_visibly(settings: Settings) -> None:
    from camtui.ui.screens.incidents import IncidentGroupsScreen

    app = app_for(settings, view="incidents")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView) and bool(screen_as(app, ListView).items))
        await pilot.press("b")
        await wait_for(pilot, lambda: on_screen(app, IncidentGroupsScreen), what="the groups")
        groups = screen_as(app, IncidentGroupsScreen)
        table = groups.query_one("#groups", DataTable)
        await wait_for(pilot, lambda: table.row_count > 0, what="the groups' rows")
        await pilot.pause()
        keys = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        payment = next(k for k in keys if k.startswith("Unknown prop"))
        assert payment.endswith("…"), keys
        assert table.virtual_size.width <= table.size.width, "no part of a row beyond the edge"
        assert str(table.columns[ColumnKey("key")].label) == "MESSAGE"


async def test_an_incidents_long_message_wraps_in_its_own_column(settings: Settings) -> None:
    import io

    from rich.console import Console
    from textual.widgets import Static

    from camtui.ui.screens.incidents import IncidentDetailScreen

    app = app_for(settings, view="incidents")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView) and bool(screen_as(app, ListView).items))
        await pilot.press("slash", *"paymentGateway", "enter", "d")
        await wait_for(pilot, lambda: on_screen(app, IncidentDetailScreen), what="the incident's detail")
        detail = screen_as(app, IncidentDetailScreen)
        await wait_for(pilot, lambda: detail.incident is not None, what="the incident")
        await pilot.pause()
        console = Console(width=78, record=True, file=io.StringIO())
        console.print(detail.query_one("#content", Static).content)
        lines = console.export_text().splitlines()
        at = next(n for n, line in enumerate(lines) if line.strip().startswith("message"))
        value_column = lines[at].index("Unknown")
        assert lines[at + 1][:value_column].strip() == "", "the message's next line stays under it"
        assert "paymentGateway" in lines[at + 1]
