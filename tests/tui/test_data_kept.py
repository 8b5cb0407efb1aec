"""What the user typed survives a refusal: a profile the config can not take keeps its form."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from tests.fakes.engine import FakeEngine
from tests.tui.conftest import SIZE, on_screen, screen_as, wait_for


async def test_a_profile_that_cannot_be_saved_keeps_the_form_and_what_was_typed() -> None:
    from textual.widgets import Input

    from camtui.config.paths import config_file
    from camtui.config.settings import Settings
    from camtui.ui.app import make_app
    from camtui.ui.screens.profile_form import ProfileForm

    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# mine, read-only on purpose\n")
    path.chmod(0o444)
    fake = FakeEngine("c7")
    app = make_app(Settings(), engine_factory=lambda p, s, r: fake)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Press n to create a profile" in app.home.message)
        await pilot.press("n")
        await wait_for(pilot, lambda: on_screen(app, ProfileForm))
        form = screen_as(app, ProfileForm)
        form.query_one("#name", Input).value = "mine"
        form.query_one("#url", Input).value = "http://127.0.0.1:1/engine-rest"
        form.query_one("#username", Input).value = "demo"
        form.query_one("#secret", Input).value = "s3cret"
        await pilot.press("ctrl+s")
        error = form.query_one("#form-error", Static)
        await wait_for(pilot, lambda: "read-only" in str(error.render()), what="the refusal")
        assert app.screen is form
        assert [form.query_one(f"#{i}", Input).value for i in ("name", "username", "secret")] == [
            "mine",
            "demo",
            "s3cret",
        ]
        assert path.read_text() == "# mine, read-only on purpose\n"
        path.chmod(0o644)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ProfileForm), what="saved")
    assert "[profiles.mine]" in path.read_text() and "s3cret" not in path.read_text()


async def test_an_engine_that_is_down_at_start_is_tried_again_until_it_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from camtui.config.profiles import Profile
    from camtui.config.settings import Settings
    from camtui.ui import app as app_module
    from camtui.ui.app import make_app
    from camtui.ui.screens.list_view import ListView

    monkeypatch.setattr(app_module, "START_RETRY_DELAYS", (0.05, 0.1))
    fake = FakeEngine("c7")
    fake.down = True
    profile = Profile(name="fake", url=fake.connection.base_url)
    app = make_app(Settings(default_profile="fake", profiles={"fake": profile}), engine_factory=lambda p, s, r: fake)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "attempt 3" in app.home.message, what="a visible third attempt")
        assert "Trying again in" in app.home.message and isinstance(app.screen, type(app.home))
        fake.down = False
        await wait_for(pilot, lambda: isinstance(app.screen, ListView) and app.screen.is_mounted, what="connected")
