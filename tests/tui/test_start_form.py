"""`:pd` start form on the real engine: typed variables checked before sending, kept when the engine
refuses, and the new instance offered to open."""

from __future__ import annotations

from textual.widgets import Input, Select, Static

from camtui.api import connect
from camtui.api.models import DefinitionFilter, NewDeployment
from camtui.config.settings import Settings
from camtui.ui.screens.definitions import DefinitionsScreen
from camtui.ui.screens.instance_detail import InstanceDetailScreen
from camtui.ui.screens.list_view import ListView
from camtui.ui.screens.start_dialog import StartModal
from camtui.ui.widgets.variables_editor import VariableRow, VariablesEditor
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.tui.conftest import SIZE, app_for, on_screen, wait_for


def fill(row: VariableRow, name: str, type_name: str, value: str) -> None:
    row.query_one(".var-name", Input).value = name
    row.query_one(".var-type", Select).value = type_name
    row.query_one(".var-value", Input).value = value


async def test_start_with_typed_variables_kept_when_refused_then_open_it(
    settings: Settings, real_engine: RunningEngine
) -> None:
    key = unique("start")
    async with connect(real_engine.connection()) as engine:
        await engine.deployments.create(NewDeployment(name=key, files=((f"{key}.bpmn", bpmn(key)),)))
        definition = await engine.definitions.get_latest(key)
        await engine.definitions.set_suspended(definition.id, True)

    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ListView), what="the first view")
        assert app.session is not None
        screen = DefinitionsScreen(app.session, DefinitionFilter(bpmn_process_id=key))
        await app.push_screen(screen)
        await wait_for(pilot, lambda: screen.is_mounted and len(screen.items) == 1, what="the definition")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: on_screen(app, StartModal), what="the start form")
        form = app.screen
        assert isinstance(form, StartModal)
        await pilot.press(*"BK-7")
        editor = form.query_one(VariablesEditor)
        fill(editor.rows()[0], "amount", "Long", "lots")
        await pilot.pause()
        # checked where it was typed, and nothing is sent
        assert "'lots' is not a valid Long" in str(editor.rows()[0].query_one(".var-problem", Static).render())
        await pilot.press("ctrl+s")
        error = form.query_one("#start-error", Static)
        await wait_for(pilot, lambda: "Not started: row 1" in str(error.render()), what="the inline refusal")

        fill(editor.rows()[0], "amount", "Long", "1200")
        for name, type_name, value in (
            ("due", "Date", "2026-01-31T12:00:00+01:00"),
            ("ok", "Boolean", "true"),
            ("doc", "Json", '{"a": [1, 2]}'),
            ("nothing", "Null", ""),
        ):
            fill(await editor.add_row(), name, type_name, value)
        await pilot.pause()
        # the engine refuses (the definition is suspended): its words, and everything typed stays
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "suspended" in str(error.render()).lower(), what="the engine's refusal")
        assert form.query_one("#business-key", Input).value == "BK-7"
        assert [r.query_one(".var-name", Input).value for r in editor.rows()] == [
            "amount",
            "due",
            "ok",
            "doc",
            "nothing",
        ]

        async with connect(real_engine.connection()) as engine:
            await engine.definitions.set_suspended(definition.id, False)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: form.started is not None, what="the started instance")
        started = form.started
        assert started is not None and started in str(error.render())
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, InstanceDetailScreen), what="the new instance")

    async with connect(real_engine.connection()) as engine:
        instance = await engine.instances.get(started)
        assert instance.business_key == "BK-7" and instance.definition_id == definition.id
        values = {v.name: v for v in await engine.instances.variables(started)}
        assert (values["amount"].type, values["amount"].value) == ("Long", 1200)
        assert values["due"].type == "Date" and str(values["due"].value).startswith("2026-01-31T")
        assert (values["ok"].type, values["ok"].value) == ("Boolean", True)
        assert values["doc"].type == "Json"
        assert (values["nothing"].type, values["nothing"].value) == ("Null", None)
