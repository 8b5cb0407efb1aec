"""The console's head start (camtui.kinds.head_start, camtui.console): the first requests leave
before the console is imported, and the app uses their answers instead of asking again."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from camtui.config.settings import Settings
from camtui.console import head_start, run_console
from camtui.kinds.head_start import default_query
from camtui.kinds.registry import kind
from camtui.ui.screens.deployments import DeploymentsScreen
from camtui.ui.screens.list_view import ListView
from camtui.ui.screens.modals import PasswordModal
from tests.tui.conftest import SIZE, app_for, on_screen, wait_for
from tests.tui.test_console import on_list, row_count, rows


@pytest.fixture
def list_fetches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every page a list screen asks the engine for itself (by kind)."""
    asked: list[str] = []
    generic = ListView.fetch

    async def fetch(self: ListView[Any], after: str | None, limit: int) -> Any:
        asked.append(self.kind.name)
        return await generic(self, after, limit)

    monkeypatch.setattr(ListView, "fetch", fetch)
    return asked


async def test_the_first_list_comes_from_the_head_start(settings: Settings, list_fetches: list[str]) -> None:
    start = head_start(settings, None, None, False)
    assert start is not None and start.kind is kind("deployments") and start.first_page is not None
    expected = await start.engine.deployments.list(default_query(kind("deployments")), limit=1)
    app = app_for(settings, head_start=start)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, DeploymentsScreen) and row_count(app) > 0, what="rows")
        # the same engine, its page taken, no page asked again: one round trip saved
        assert app.session is not None and app.session.engine is start.engine
        assert app.head_start is None and start.first_page is None
        assert list_fetches == []
        assert expected.items[0].name in rows(app)[0]
        await wait_for(pilot, lambda: app.first_paint_ms is not None, what="first paint")


async def test_a_head_start_for_another_view_gives_way(settings: Settings, list_fetches: list[str]) -> None:
    start = head_start(settings, None, None, False)
    assert start is not None and start.first_page is not None
    page = start.first_page
    app = app_for(settings, view="definitions", head_start=start)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_list(app, "definitions") and row_count(app) > 0, what="definitions")
        assert list_fetches == ["definitions"]
        assert page.cancelled() or page.done()
        assert app.session is not None and app.session.engine is start.engine


async def test_a_head_start_for_another_profile_is_closed(settings: Settings) -> None:
    start = head_start(settings, "mary", None, False)
    assert start is not None
    app = app_for(settings, head_start=start)  # opens the default profile, admin
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, DeploymentsScreen) and row_count(app) > 0, what="rows")
        assert app.session is not None and app.session.engine is not start.engine
        assert app.profile_name == "admin"
        assert start.who.done() and (start.first_page is None)


async def test_refused_credentials_in_the_head_start_ask_as_before(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAMTUI_ADMIN_PASSWORD", "wrong")
    start = head_start(settings, None, None, False)
    assert start is not None
    app = app_for(settings, head_start=start)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, PasswordModal), what="password dialog")
        app.screen.query_one("#secret", Input).value = "demo"
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, DeploymentsScreen) and row_count(app) > 0, what="rows")
        assert app.session is not None and app.session.engine is not start.engine


def test_no_head_start_without_a_usable_profile(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    assert head_start(settings, "nosuch", None, False) is None
    monkeypatch.delenv("CAMTUI_ADMIN_PASSWORD")
    monkeypatch.setattr("camtui.config.secrets.from_keyring", lambda name, kind: None)
    assert head_start(settings, "admin", None, False) is None  # a secret it would have to ask for


def test_run_console_paints_the_first_list_and_ends(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """What `camtui` runs: the head start, the console imported meanwhile, the first list painted.
    In a thread of its own: the test may already run an event loop."""
    monkeypatch.setenv("CAMTUI_EXIT_AFTER_FIRST_PAINT", "1")
    done: list[Any] = []
    runner = threading.Thread(target=lambda: done.append(run_console(settings, headless=True)))
    runner.start()
    runner.join(120)
    assert done, "run_console did not end"
    app = done[0]
    assert app.first_paint_ms is not None and app.head_start is None
    assert app.view_name == "deployments"


async def test_the_home_screen_shows_its_keys_once_it_has_something_to_say(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While it only says "connecting" the home screen has no footer (a start straight to the list
    builds none); a message to act on brings the footer, with its keys."""
    monkeypatch.setenv("CAMTUI_ADMIN_PASSWORD", "wrong")
    app = app_for(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, PasswordModal), what="password dialog")
        assert not app.home.query(Footer)
        assert "Connecting to admin" in app.home.message
        await pilot.press("escape")
        await wait_for(pilot, lambda: "Not connected" in app.home.message, what="the refusal on the home screen")
        await wait_for(
            pilot, lambda: bool(app.home.query(Footer)) and bool(app.home.query(FooterKey)), what="the footer's keys"
        )
