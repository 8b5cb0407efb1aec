"""The console on a Camunda 8 profile against the real 8.6 broker: its lists need a search store 8.6
lacks, and the console says so in words and keeps running."""

from __future__ import annotations

import pytest

from camtui.api import errors
from camtui.api.models import EngineKind
from camtui.config.profiles import Profile
from camtui.config.settings import Settings
from camtui.console import engine_for
from camtui.ui.app import make_app
from camtui.ui.screens.list_view import ListView
from camtui.ui.screens.modals import ErrorModal
from tests.conftest import RunningBroker
from tests.tui.conftest import SIZE, on_screen, wait_for

pytestmark = pytest.mark.tui


async def test_a_list_on_8_6_says_it_needs_8_8_and_the_console_goes_on(real_c8: RunningBroker) -> None:
    profile = Profile(name="c86", url=real_c8.url, engine=EngineKind.C8)
    app = make_app(Settings(default_profile="c86", profiles={"c86": profile}), engine_factory=engine_for)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, ErrorModal), what="the error dialog")
        shown = app.screen
        assert isinstance(shown, ErrorModal)
        assert isinstance(shown.error, errors.UnsupportedByEngine)
        assert "does not offer /v2/process-instances/search" in shown.error.message
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, ListView), what="the instances view again")
        assert app.screen.kind.name == "instances"  # type: ignore[attr-defined]
        # another view: the same words, and still no crash
        await pilot.press("colon", *"incidents", "enter")
        await wait_for(pilot, lambda: on_screen(app, ErrorModal), what="the incidents' error")
        assert "/v2/incidents/search" in app.screen.error.message  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, ListView), what="the incidents view")
