"""The console against the real engine: what the screen shows, and the engine's state afterwards."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, DataTable, Input, Static

from camtui.api import connect
from camtui.api.models import DeploymentFilter, NewDeployment
from camtui.config.settings import Settings
from camtui.ui.app import CamtuiApp
from camtui.ui.screens.deploy_dialog import DeployModal
from camtui.ui.screens.deployment_detail import DeploymentDetailScreen
from camtui.ui.screens.deployments import DeploymentsScreen
from camtui.ui.screens.help import HelpScreen
from camtui.ui.screens.list_view import ListView
from camtui.ui.screens.modals import PasswordModal
from camtui.ui.screens.plan_dialog import PlanModal
from camtui.ui.screens.progress import ProgressModal
from camtui.ui.screens.resource_view import ResourceScreen, SaveModal
from camtui.ui.widgets.status_header import StatusHeader
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.tui.conftest import SIZE, app_for, on_screen, screen_as, wait_for


def plain(renderable: object) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def shown(static: Static) -> str:
    """The text a Static shows, whatever renderable it holds."""
    return plain(static.content)


def on_list(app: CamtuiApp, kind: str) -> bool:
    screen = app.screen
    return isinstance(screen, ListView) and screen.is_mounted and screen.kind.name == kind and row_count(app) > 0


def table(app: object) -> DataTable[object]:
    return app.screen.query_one(DataTable)  # type: ignore[attr-defined, no-any-return]


def row_count(app: CamtuiApp) -> int:
    """Rows of the current screen's table; 0 while a new screen is still being composed."""
    tables = app.screen.query(DataTable)
    return tables.first().row_count if tables else 0


def rows(app: CamtuiApp) -> list[list[str]]:
    tables = app.screen.query(DataTable)
    if not tables:
        return []
    t = tables.first()
    return [[str(c).strip() for c in t.get_row_at(i)] for i in range(t.row_count)]


async def create(real_engine: RunningEngine, name: str, *, instances: int = 0) -> str:
    async with connect(real_engine.connection()) as engine:
        key = unique("tk")
        result = await engine.deployments.create(
            NewDeployment(name=name, files=(("p.bpmn", bpmn(key)), ("notes.txt", "Grüße ✓\n".encode())))
        )
        for _ in range(instances):
            await engine.definitions.start(bpmn_process_id=key)
        return result.deployment.id


async def open_deployments(app: CamtuiApp, pilot: Pilot[None]) -> None:
    def where() -> str:
        home = app.screen.query("#home-message")
        return f"rows; on {app.screen}: {shown(home.first(Static)) if home else ''}"

    await wait_for(pilot, lambda: on_screen(app, DeploymentsScreen) and row_count(app) > 0, what=where())


async def test_opens_on_deployments_with_header_and_breadcrumbs(settings: Settings) -> None:
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        header = app.screen.query_one(StatusHeader)
        await wait_for(pilot, lambda: header.user == "demo", what="user in header")
        text = str(header.render())
        assert "admin" in text and "Camunda 7 7.24.0" in text and "demo" in text and "connected" in text
        assert "admin › deployments" in shown(app.screen.query_one("#crumbs", Static))
        names = {r[1] for r in rows(app)}
        assert "order fulfilment" in names or table(app).row_count == 100
        await wait_for(pilot, lambda: app.first_paint_ms is not None, what="the start-up time logged")
        assert app.first_paint_ms is not None and app.first_paint_ms > 0
        await pilot.press("colon")
        await pilot.press(*"pd", "enter")
        await wait_for(pilot, lambda: on_list(app, "definitions") and row_count(app) > 0)
        keys = {r[1] for r in rows(app)}
        assert "camtui_invoice" in keys
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: on_screen(app, HelpScreen))
        assert isinstance(app.screen, HelpScreen)
        keys_text = plain(app.screen.table)
        assert "list.refresh" in keys_text, keys_text
        assert "^r" in keys_text
        assert "deployments.delete" not in keys_text
        await pilot.press("escape")


async def test_live_filter_finds_rows_beyond_the_first_page(settings: Settings, real_engine: RunningEngine) -> None:
    name = unique("needle")
    await create(real_engine, name)
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        await pilot.press("slash", *name)
        await wait_for(pilot, lambda: [r[1] for r in rows(app)] == [name], what="filtered row")
        summary = shown(app.screen.query_one(".paged-summary", Static))
        assert f"match /{name}" in summary
        await pilot.press("escape")
        await wait_for(pilot, lambda: row_count(app) > 1)


async def test_keys_typed_at_once_after_slash_all_reach_the_filter(
    settings: Settings, real_engine: RunningEngine
) -> None:
    """A fast typist (or a paste over SSH): the letters after `/` are the list's own keys (s sorts,
    j/k/g move), and none of them may act on the list before the filter box has focus."""
    from textual import events

    name = unique("sjkg")
    await create(real_engine, name)
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        screen = screen_as(app, DeploymentsScreen)
        sort_before = (screen.sort_index, screen.descending)
        # queued in one go, as a terminal delivers a burst: nothing waits between the keys
        for ch in "/" + name:
            app.post_message(events.Key("slash" if ch == "/" else ch, ch))
        await wait_for(pilot, lambda: [r[1] for r in rows(app)] == [name], what="filtered row")
        assert screen.query_one("#filter", Input).value == name
        assert (screen.sort_index, screen.descending) == sort_before, "`s` did not sort the list"


async def test_paging_loads_more_as_the_cursor_nears_the_end(settings: Settings, real_engine: RunningEngine) -> None:
    async with connect(real_engine.connection()) as engine:
        total = (await engine.deployments.list(DeploymentFilter(), limit=1)).total or 0
        for _ in range(max(0, 130 - total)):
            await engine.deployments.create(NewDeployment(name=unique("fill"), files=(("f.bpmn", bpmn(unique("f"))),)))
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        await wait_for(pilot, lambda: row_count(app) == 100, what="first page")
        await pilot.press("G")
        await wait_for(pilot, lambda: row_count(app) > 100, what="second page")
        screen = app.screen
        assert isinstance(screen, DeploymentsScreen)
        assert len({screen.key_of(d) for d in screen.items}) == len(screen.items)


async def test_drill_down_view_and_save_a_resource_byte_identical(
    settings: Settings, real_engine: RunningEngine, tmp_path: Path
) -> None:
    name = unique("view")
    await create(real_engine, name)
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        await pilot.press("slash", *name, "enter")
        await wait_for(pilot, lambda: [r[1] for r in rows(app)] == [name])
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, DeploymentDetailScreen))
        resources = app.screen.query_one("#resources", DataTable)
        await wait_for(pilot, lambda: resources.row_count == 2, what="resources")
        names = [str(resources.get_row_at(i)[0]) for i in range(2)]
        resources.move_cursor(row=names.index("notes.txt"))
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: on_screen(app, ResourceScreen) and screen_as(app, ResourceScreen).content is not None
        )
        assert "Grüße ✓" in shown(app.screen.query_one("#content", Static))
        await pilot.press("w")
        await wait_for(pilot, lambda: on_screen(app, SaveModal))
        target = tmp_path / "saved.txt"
        app.screen.query_one("#target", Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: target.exists(), what="saved file")
        assert target.read_bytes() == "Grüße ✓\n".encode()
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, DeploymentDetailScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, DeploymentsScreen))


async def test_deploy_dialog_keeps_input_on_engine_error_then_deploys(
    settings: Settings, real_engine: RunningEngine, tmp_path: Path
) -> None:
    good, bad = tmp_path / "good.bpmn", tmp_path / "bad.bpmn"
    key = unique("dk")
    good.write_bytes(bpmn(key))
    bad.write_bytes(bpmn(unique("bk")).replace(b'targetRef="end"', b'targetRef="nowhere"'))
    name = unique("dialog")
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: on_screen(app, DeployModal))
        modal = screen_as(app, DeployModal)
        modal.query_one("#path", Input).value = str(bad)
        await pilot.press("enter")
        modal.query_one("#name", Input).value = name
        modal.query_one("#tenant", Input).value = ""
        await pilot.press("ctrl+s")
        error = modal.query_one("#deploy-error", Static)
        await wait_for(
            pilot, lambda: "nowhere" in shown(error), what=f"engine error, shown: {shown(error)!r}, files {modal.files}"
        )
        assert "line" in shown(error)
        assert app.screen is modal and modal.query_one("#name", Input).value == name
        modal.files.clear()
        modal.query_one("#path", Input).value = str(good)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_screen(app, DeploymentsScreen), what="dialog closed")
    async with connect(real_engine.connection()) as engine:
        found = await engine.deployments.list(DeploymentFilter(name=name))
        assert len(found.items) == 1
        assert [r.name for r in await engine.deployments.resources(found.items[0].id)] == ["good.bpmn"]


async def test_delete_with_cascade_needs_typed_confirmation(settings: Settings, real_engine: RunningEngine) -> None:
    name = unique("gone")
    dep_id = await create(real_engine, name, instances=2)
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        await pilot.press("slash", *name, "enter")
        await wait_for(pilot, lambda: [r[1] for r in rows(app)] == [name])
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal))
        modal = app.screen
        assert "2 running process instances" in shown(modal.query_one("#impact", Static))
        assert "cascade=false" in shown(modal.query_one("#request", Static))
        go = modal.query_one("#go", Button)
        # without cascade nothing else goes with it (the engine refuses): a plain yes would do
        assert not go.disabled
        modal.query_one("#cascade", Checkbox).value = True
        await wait_for(pilot, lambda: "cascade=true" in shown(modal.query_one("#request", Static)), what="replan")
        assert "Cascade deletes 2 running process instances" in shown(modal.query_one("#impact", Static))
        assert go.disabled, "a cascade that deletes instances is confirmed by typing the name"
        modal.query_one("#typed", Input).value = "wrong"
        await pilot.pause()
        assert go.disabled
        modal.query_one("#typed", Input).value = name
        await pilot.pause()
        assert not go.disabled
        await pilot.click("#go")
        await wait_for(
            pilot, lambda: name not in {r[1] for r in rows(app)} and isinstance(app.screen, DeploymentsScreen)
        )
    async with connect(real_engine.connection()) as engine:
        assert (await engine.deployments.list(DeploymentFilter(id=dep_id), limit=1)).total == 0


async def test_read_only_profile_does_not_offer_changes(settings: Settings) -> None:
    app = app_for(settings, profile_name="ro")
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        header = app.screen.query_one(StatusHeader)
        assert header.read_only and "READ-ONLY" in str(header.render())
        for key in ("n", "ctrl+d", "R"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, DeploymentsScreen), key


async def test_switch_profile_at_runtime(settings: Settings) -> None:
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        first = app.screen
        await pilot.press("colon", *"profile mary", "enter")
        await wait_for(
            pilot,
            lambda: (
                app.profile_name == "mary" and isinstance(app.screen, DeploymentsScreen) and app.screen is not first
            ),
        )
        await wait_for(pilot, lambda: row_count(app) > 0)
        header = app.screen.query_one(StatusHeader)
        await wait_for(pilot, lambda: header.user == "mary")
        assert "mary" in shown(app.screen.query_one("#crumbs", Static))
        await pilot.press("colon", *"pd", "enter")
        await wait_for(pilot, lambda: on_list(app, "definitions") and row_count(app) > 0)
        assert {r[1] for r in rows(app)} == {"camtui_invoice"}


async def test_production_profile_shows_a_banner_and_asks_to_type(
    settings: Settings, real_engine: RunningEngine
) -> None:
    name = unique("prod")
    await create(real_engine, name)
    app = app_for(settings, profile_name="prod")
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        assert "PRODUCTION" in str(app.screen.query_one(StatusHeader).render())
        await pilot.press("slash", *name, "enter")
        await wait_for(pilot, lambda: [r[1] for r in rows(app)] == [name])
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal))
        assert app.screen.query_one("#go", Button).disabled
        await pilot.press("escape")


async def test_wrong_password_asks_in_a_dialog(settings: Settings, monkeypatch: object) -> None:
    monkeypatch.setenv("CAMTUI_ADMIN_PASSWORD", "wrong")  # type: ignore[attr-defined]
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, PasswordModal), what="password dialog")
        assert "401" in shown(app.screen.query_one(".dim", Static)) or "refused" in str(
            app.screen.query_one(".dim", Static).render()
        )
        app.screen.query_one("#secret", Input).value = "demo"
        await pilot.press("enter")
        await open_deployments(app, pilot)


async def test_unreachable_engine_keeps_the_app_running(settings: Settings) -> None:
    from camtui.api.connection import AuthKind
    from camtui.config.profiles import Profile
    from camtui.localengine.process import free_port

    down = Profile(name="down", url=f"http://127.0.0.1:{free_port()}/engine-rest", auth=AuthKind.NONE)
    s = settings.model_copy(update={"profiles": {**settings.profiles, "down": down}})
    app = app_for(s, profile_name="down")
    async with app.run_test(size=SIZE) as pilot:

        def message() -> str:
            return shown(app.screen.query_one("#home-message", Static))

        await wait_for(pilot, lambda: "Cannot connect" in message(), what="connect error")
        assert "refused" in message().lower()
        await pilot.press("colon", *"profile admin", "enter")
        await open_deployments(app, pilot)
    await asyncio.sleep(0)


async def test_without_profiles_it_offers_the_running_local_engine(
    real_engine: RunningEngine, monkeypatch: object
) -> None:
    from camtui.config.settings import load_settings
    from camtui.ui.screens.modals import ConfirmModal

    if real_engine.state_dir is None:
        import pytest

        pytest.skip("an external engine (CAMTUI_TEST_ENGINE_URL) has no `camtui local` state to find")
    monkeypatch.setenv("CAMTUI_STATE_DIR", str(real_engine.state_dir))  # type: ignore[attr-defined]
    monkeypatch.setenv("CAMTUI_LOCAL_PASSWORD", "demo")  # type: ignore[attr-defined]
    app = app_for(Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ConfirmModal), what="the offer")
        assert real_engine.url in shown(app.screen.query_one("#details", Static))
        await pilot.press("enter")
        await open_deployments(app, pilot)
        assert app.profile_name == "local"
    assert load_settings().profile("local").url == real_engine.url


async def test_a_lost_connection_shows_in_the_header_and_recovers(
    settings: Settings, real_engine: RunningEngine, monkeypatch: object
) -> None:
    from urllib.parse import urlsplit

    from camtui.api.connection import AuthKind
    from camtui.config.profiles import Profile
    from tests.tcp_proxy import CuttableProxy

    target = urlsplit(real_engine.url)
    proxy = CuttableProxy(target.hostname or "127.0.0.1", target.port or 80)
    await proxy.start()
    flaky = Profile(
        name="flaky", url=f"http://127.0.0.1:{proxy.port}{target.path}", auth=AuthKind.BASIC, username="demo"
    )
    monkeypatch.setenv("CAMTUI_FLAKY_PASSWORD", "demo")  # type: ignore[attr-defined]
    s = settings.model_copy(update={"profiles": {**settings.profiles, "flaky": flaky}})
    app = app_for(s, profile_name="flaky")
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        header = app.screen.query_one(StatusHeader)
        await proxy.cut()
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: header.connected is False, what="connection lost in the header")
        assert "connection lost" in str(header.render())
        assert isinstance(app.screen, DeploymentsScreen), "the app keeps running, the list stays"
        await proxy.restore()
        await wait_for(pilot, lambda: header.connected is True, seconds=30, what="recovery")
        await wait_for(pilot, lambda: row_count(app) > 0, what="rows after recovery")
    await proxy.cut()


async def test_sort_filter_form_redeploy_and_profile_picker(settings: Settings, real_engine: RunningEngine) -> None:
    from camtui.ui.screens.deployment_filter import DeploymentFilterModal
    from camtui.ui.screens.profile_picker import ProfilePicker

    prefix = unique("srt")
    for letter in "bca":
        await create(real_engine, f"{prefix}-{letter}")
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        await pilot.press("f")
        await wait_for(pilot, lambda: on_screen(app, DeploymentFilterModal))
        app.screen.query_one("#name_like", Input).value = f"{prefix}%"
        app.screen.query_one("#after", Input).value = "not a time"
        app.screen.query_one("#after", Input).focus()
        await pilot.press("enter")
        assert isinstance(app.screen, DeploymentFilterModal), "a bad value keeps the form open"
        assert "not an ISO 8601 time" in shown(app.screen.query_one("#form-error", Static))
        assert app.screen.query_one("#name_like", Input).value == f"{prefix}%", "what was typed is still there"
        app.screen.query_one("#after", Input).value = ""
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(rows(app)) == 3, what="server-side filter")
        assert "name_like" in shown(app.screen.query_one("#crumbs", Static))
        await pilot.press("s")  # sort by name, ascending
        await wait_for(pilot, lambda: [r[1] for r in rows(app)] == [f"{prefix}-a", f"{prefix}-b", f"{prefix}-c"])
        await pilot.press("S")  # flip
        await wait_for(pilot, lambda: [r[1] for r in rows(app)] == [f"{prefix}-c", f"{prefix}-b", f"{prefix}-a"])
        assert "sorted by name ↓" in shown(app.screen.query_one(".paged-summary", Static))
        await pilot.press("g", "R")  # the first row: {prefix}-c
        await wait_for(pilot, lambda: on_screen(app, PlanModal))
        assert f"{prefix}-c" in shown(app.screen.query_one("#plan-targets", Static))
        assert "/redeploy" in shown(app.screen.query_one("#request", Static))
        await pilot.click("#go")
        await wait_for(pilot, lambda: len(rows(app)) == 4, what="the redeployment in the list")
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: on_screen(app, ProfilePicker))
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, DeploymentsScreen))
    async with connect(real_engine.connection()) as engine:
        assert (await engine.deployments.list(DeploymentFilter(name=f"{prefix}-c"), limit=1)).total == 2


async def test_enter_describes_incidents_and_users(settings: Settings) -> None:
    from camtui.ui.screens.describe_view import DescribeScreen
    from camtui.ui.screens.incidents import IncidentDetailScreen
    from camtui.ui.screens.instance_detail import InstanceDetailScreen

    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        await pilot.press("colon", *"inc", "enter")
        await wait_for(pilot, lambda: on_list(app, "incidents") and row_count(app) > 0)
        await pilot.press("slash", *"paymentGateway", "enter", "d")
        await wait_for(pilot, lambda: on_screen(app, IncidentDetailScreen), what="incident detail")
        content = app.screen.query_one("#content", Static)
        await wait_for(pilot, lambda: "paymentGateway" in shown(content), what="the incident's message")
        await pilot.press("escape")
        # enter on an incident opens the instance it stopped
        await wait_for(pilot, lambda: on_list(app, "incidents"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, InstanceDetailScreen), what="the instance's detail, as :pi's")
        detail = screen_as(app, InstanceDetailScreen)
        await wait_for(pilot, lambda: "camtui_payment" in shown(detail.query_one("#header", Static)), what="its header")
        await pilot.press("escape")
        await pilot.press("colon", *"users", "enter")
        await wait_for(pilot, lambda: on_list(app, "users") and row_count(app) > 0)
        await pilot.press("slash", *"mary", "enter", "enter")
        await wait_for(pilot, lambda: on_screen(app, DescribeScreen))
        content = app.screen.query_one("#content", Static)
        await wait_for(pilot, lambda: "accounting" in shown(content), what="mary's groups")


async def test_delete_without_cascade_shows_the_engine_refusal(settings: Settings, real_engine: RunningEngine) -> None:
    name = unique("keep")
    dep_id = await create(real_engine, name, instances=1)
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        await pilot.press("slash", *name, "enter")
        await wait_for(pilot, lambda: [r[1] for r in rows(app)] == [name])
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal))
        await pilot.click("#go")
        await wait_for(
            pilot,
            lambda: on_screen(app, ProgressModal) and app.screen.report is not None,  # type: ignore[attr-defined]
            what="the report with the engine's refusal",
        )
        message = shown(app.screen.query_one("#outcome-lines", Static))
        assert "ENGINE-03076" in message and "cascade" in message
        assert "1 failed" in shown(app.screen.query_one("#progress-summary", Static))
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, DeploymentsScreen))
        assert [r[1] for r in rows(app)] == [name], "the list and the filter are still there"
    async with connect(real_engine.connection()) as engine:
        assert (await engine.deployments.list(DeploymentFilter(id=dep_id), limit=1)).total == 1


async def test_a_binding_remapped_in_the_config_works(settings: Settings, real_engine: RunningEngine) -> None:
    name = unique("remap")
    s = settings.model_copy(update={"keys": {"list.filter": "f2"}})
    await create(real_engine, name)
    app = app_for(s)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        await pilot.press("f2", *name)
        await wait_for(pilot, lambda: [r[1] for r in rows(app)] == [name], what="filter opened with f2")


async def test_create_a_profile_from_the_console(real_engine: RunningEngine, isolated_config: object) -> None:
    from camtui.config.paths import config_file
    from camtui.config.settings import load_settings
    from camtui.ui.screens.profile_form import ProfileForm

    app = app_for(Settings())
    async with app.run_test(size=SIZE) as pilot:
        home = app.home
        await wait_for(pilot, lambda: "Press n to create a profile" in home.message, what="the offer to create one")
        await pilot.press("n")
        await wait_for(pilot, lambda: on_screen(app, ProfileForm))
        form = app.screen
        form.query_one("#name", Input).value = "mine"
        form.query_one("#url", Input).value = "ftp://wrong"
        form.query_one("#username", Input).value = "demo"
        form.query_one("#secret", Input).value = "demo"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "a bad URL keeps the form open"
        assert "http" in shown(form.query_one("#form-error", Static))
        assert form.query_one("#username", Input).value == "demo"
        form.query_one("#url", Input).value = real_engine.url
        await pilot.press("ctrl+s")
        await open_deployments(app, pilot)
        assert app.profile_name == "mine"
    assert load_settings().profile("mine").url == real_engine.url
    assert "demo" not in config_file().read_text().replace('username = "demo"', "")
    assert isolated_config.store[("camtui", "mine:password")] == "demo"  # type: ignore[attr-defined]


async def test_names_that_look_like_markup_are_shown_as_typed(settings: Settings, real_engine: RunningEngine) -> None:
    """Engine data is never read as markup: no crash on "[/]", no colour from "[red]"."""
    name = f"[red]odd[/] name [/] {unique('m')}"
    await create(real_engine, name)
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_deployments(app, pilot)
        await pilot.press("slash", *unique("no-such-thing"))
        await pilot.press("ctrl+u")
        app.screen.query_one("#filter", Input).value = name
        await wait_for(pilot, lambda: [r[1] for r in rows(app)] == [name], what="the odd name, as typed")
        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: on_screen(app, DeploymentDetailScreen))
        await wait_for(
            pilot, lambda: name in shown(app.screen.query_one("#meta", Static)), what="the name in the detail"
        )
