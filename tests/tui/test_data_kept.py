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


async def test_a_401_mid_session_asks_for_the_password_in_place_and_keeps_the_open_dialog() -> None:
    from textual.widgets import Input

    from camtui.api import errors
    from camtui.config.profiles import Profile
    from camtui.config.settings import Settings
    from camtui.ui.app import make_app
    from camtui.ui.screens.deployment_filter import DeploymentFilterModal
    from camtui.ui.screens.deployments import DeploymentsScreen
    from camtui.ui.screens.modals import PasswordModal
    from camtui.ui.widgets.status_header import StatusHeader

    fake = FakeEngine("c7")
    secrets: list[str | None] = []

    def factory(profile: Profile, secret: str | None, read_only: bool) -> FakeEngine:
        secrets.append(secret)
        if secret == "right":
            fake.heal()
        return fake

    profile = Profile(name="fake", url=fake.connection.base_url)
    app = make_app(Settings(default_profile="fake", profiles={"fake": profile}), engine_factory=factory)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: on_screen(app, DeploymentsScreen) and screen_as(app, DeploymentsScreen).items != []
        )
        listing = screen_as(app, DeploymentsScreen)
        await pilot.press("f")
        await wait_for(pilot, lambda: on_screen(app, DeploymentFilterModal))
        form = screen_as(app, DeploymentFilterModal)
        form.query_one("#name_like", Input).value = "half-typed%"
        # the password changed on the server: from now on every request is refused
        refused = errors.Unauthorized("The engine refused the credentials (401 Unauthorized).", status=401)
        fake.fail("deployments.list", "*", refused)
        fake.fail("info.current_user", "*", refused)
        listing.table.reload()
        await wait_for(pilot, lambda: on_screen(app, PasswordModal), what="the password asked in place")
        assert listing.query_one(StatusHeader).connected is False, "the header says the session is signed out"
        first = app.screen
        first.query_one("#secret", Input).value = "wrong"
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: secrets[-1:] == ["wrong"] and on_screen(app, PasswordModal) and app.screen is not first,
            what="asked again after a wrong one",
        )
        app.screen.query_one("#secret", Input).value = "right"
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, DeploymentFilterModal), what="back to the open dialog")
        assert app.screen is form and form.query_one("#name_like", Input).value == "half-typed%"
        assert secrets[-2:] == ["wrong", "right"] and app.session_secrets["fake"] == "right"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is listing)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: not listing.table.is_loading and listing.items != [])
        assert listing.query_one(StatusHeader).connected is True


async def test_a_broken_env_profile_is_explained_and_the_console_keeps_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from camtui.config.settings import Settings
    from camtui.ui.app import make_app
    from camtui.ui.screens.command_prompt import CommandPrompt

    monkeypatch.setenv("CAMUNDA_ENGINE_REST_URL", "http://ops:hunter2@bpm.example/engine-rest")
    fake = FakeEngine("c7")
    app = make_app(Settings(), engine_factory=lambda p, s, r: fake)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "not usable" in app.home.message, what="the explanation")
        assert "hunter2" not in app.home.message and "user:password@" in app.home.message
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert any("not usable" in str(n.message) for n in app._notifications)
        assert not any("hunter2" in str(n.message) for n in app._notifications)
        await pilot.press("colon")
        await wait_for(pilot, lambda: on_screen(app, CommandPrompt))
        await pilot.press("escape")
        assert app.is_running


async def test_the_header_says_when_a_read_is_tried_again_until_an_answer_comes() -> None:
    from camtui.api import events
    from camtui.config.profiles import Profile
    from camtui.config.settings import Settings
    from camtui.ui.app import make_app
    from camtui.ui.screens.deployments import DeploymentsScreen
    from camtui.ui.widgets.status_header import StatusHeader

    fake = FakeEngine("c7")
    profile = Profile(name="fake", url=fake.connection.base_url)
    app = make_app(Settings(default_profile="fake", profiles={"fake": profile}), engine_factory=lambda p, s, r: fake)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: on_screen(app, DeploymentsScreen) and screen_as(app, DeploymentsScreen).items != []
        )
        header = app.screen.query_one(StatusHeader)
        url = "http://fake-c7.invalid/engine-rest/deployment?maxResults=100"
        events.retrying(events.Retrying("GET", url, 2, 3, 0.4, "HTTP 503"))
        await wait_for(pilot, lambda: "still waiting: GET /deployment (attempt 2 of 3)" in str(header.render()))
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: header.waiting == "", what="cleared by the next answer")


async def test_a_profile_that_does_not_verify_tls_says_so_in_the_header() -> None:
    from camtui.config.profiles import Profile
    from camtui.config.settings import Settings
    from camtui.ui.app import make_app
    from camtui.ui.screens.deployments import DeploymentsScreen
    from camtui.ui.widgets.status_header import StatusHeader

    fake = FakeEngine("c7")
    profile = Profile(name="lax", url="https://bpm.example/engine-rest", verify_tls=False)
    app = make_app(Settings(default_profile="lax", profiles={"lax": profile}), engine_factory=lambda p, s, r: fake)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, DeploymentsScreen))
        assert "TLS NOT VERIFIED" in str(app.screen.query_one(StatusHeader).render())


async def test_a_failed_resource_count_leaves_its_column_empty_without_a_dialog() -> None:
    from camtui.api import errors
    from camtui.config.profiles import Profile
    from camtui.config.settings import Settings
    from camtui.ui.app import make_app
    from camtui.ui.screens.deployments import DeploymentsScreen
    from camtui.ui.screens.modals import ErrorModal

    fake = FakeEngine("c7")
    asked: list[str] = []

    async def resources(deployment_id: str) -> tuple[object, ...]:
        asked.append(deployment_id)
        raise errors.ServerError("resources are on fire")

    fake.deployments.resources = resources  # type: ignore[method-assign, assignment]
    profile = Profile(name="fake", url=fake.connection.base_url)
    app = make_app(Settings(default_profile="fake", profiles={"fake": profile}), engine_factory=lambda p, s, r: fake)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: on_screen(app, DeploymentsScreen) and screen_as(app, DeploymentsScreen).items != []
        )
        await wait_for(pilot, lambda: len(asked) > 0, what="the counts asked for")
        # let the failed worker's state change travel through the message queue
        for _ in range(5):
            await pilot.pause()
        assert not isinstance(app.screen, ErrorModal)
        assert screen_as(app, DeploymentsScreen).resource_counts == {}


async def test_resource_counts_are_asked_for_the_rows_on_screen_only_and_follow_the_scroll() -> None:
    """No N+1: a page of 100 deployments costs as many count requests as rows fit on screen."""
    from camtui.config.profiles import Profile
    from camtui.config.settings import Settings
    from camtui.ui.app import make_app
    from camtui.ui.screens.deployments import DeploymentsScreen

    fake = FakeEngine("c7")
    asked: list[str] = []
    real = fake.deployments.resources

    async def resources(deployment_id: str) -> tuple[object, ...]:
        asked.append(deployment_id)
        return await real(deployment_id)

    fake.deployments.resources = resources  # type: ignore[method-assign, assignment]
    profile = Profile(name="fake", url=fake.connection.base_url)
    app = make_app(Settings(default_profile="fake", profiles={"fake": profile}), engine_factory=lambda p, s, r: fake)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: on_screen(app, DeploymentsScreen) and len(screen_as(app, DeploymentsScreen).items) >= 100
        )
        listing = screen_as(app, DeploymentsScreen)
        on_screen_now = [d.id for d in listing.table.visible_items()]
        await wait_for(pilot, lambda: all(i in listing.resource_counts for i in on_screen_now), what="the counts")
        # what is on screen is counted, and little else (the layout may settle by a row or two first)
        assert 5 < len(on_screen_now) < 60 and set(on_screen_now) <= set(asked)
        assert len(asked) <= len(on_screen_now) + 5
        # one page down: at most two screens' rows are ever counted, however slowly the keys arrive
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: listing.table.visible_items()[-1].id not in on_screen_now, what="the scroll")
        scrolled_to = [d.id for d in listing.table.visible_items()]
        await wait_for(pilot, lambda: all(i in listing.resource_counts for i in scrolled_to), what="the new counts")
        assert len(set(asked)) == len(asked) < 100


async def test_the_first_list_is_asked_for_with_the_engine_and_the_user_in_one_round_trip() -> None:
    """Start-up sends the engine check, the user and the first page at once: three calls wait on
    the (held) engine together, and the list paints when they are answered."""
    from camtui.config.profiles import Profile
    from camtui.config.settings import Settings
    from camtui.ui.app import make_app
    from camtui.ui.screens.deployments import DeploymentsScreen

    fake = FakeEngine("c7")
    fake.hold()
    profile = Profile(name="fake", url=fake.connection.base_url)
    app = make_app(Settings(default_profile="fake", profiles={"fake": profile}), engine_factory=lambda p, s, r: fake)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: fake.waiting == 3, what="three calls under way at once")
        assert not on_screen(app, DeploymentsScreen)
        fake.release()
        await wait_for(
            pilot, lambda: on_screen(app, DeploymentsScreen) and len(screen_as(app, DeploymentsScreen).items) > 0
        )
