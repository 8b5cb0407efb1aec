"""The console's main flows against the real engine, through a misbehaving proxy.

For each fault: the app keeps running, says the cause in words (the list's summary, and either the
notification and the header's "connection lost: …" for a connection problem, or an error dialog for
an answer that makes no sense), keeps the rows it had; and once the proxy passes again, a reload
works and the header says connected. A 401 mid-session asks for the password in place. A delete
whose answer is lost is looked up by the runner, and the report says what the engine shows.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static

from camtui.api.connection import AuthKind
from camtui.config.profiles import Profile, ProfileTimeouts
from camtui.config.settings import Settings
from camtui.console import engine_for
from camtui.ui.app import CamtuiApp, make_app
from camtui.ui.screens.deployments import DeploymentsScreen
from camtui.ui.screens.modals import ErrorModal, PasswordModal
from camtui.ui.screens.plan_dialog import PlanModal
from camtui.ui.widgets.status_header import StatusHeader
from tests.conftest import RunningEngine
from tests.engine.helpers import unique
from tests.fault.conftest import FaultUser
from tests.fault.misbehaving_proxy import MisbehavingProxy
from tests.tui.conftest import SIZE, on_screen, screen_as, wait_for

# connection problems: a notification, "connection lost: …" in the header, a health check
TRANSIENT = ("refuse", "stall", "reset", "status:503", "drop-body")
# answers that make no sense: an error dialog
NONSENSE = ("malformed", "wrong-shape", "empty")
# what the user is told, in lower case (any one of the words)
CAUSE: dict[str, tuple[str, ...]] = {
    "refuse": ("connection refused",),
    "stall": ("timed out",),
    "reset": ("connection dropped", "reset"),
    "status:503": ("503",),
    "malformed": ("not json",),
    "wrong-shape": ("not what a camunda 7 engine answers",),
    "empty": ("empty body",),
    "drop-body": ("connection dropped",),
}


@pytest.fixture
async def direct(real_engine: RunningEngine) -> AsyncIterator[httpx.AsyncClient]:
    """The real engine, asked directly (not through the proxy)."""
    async with httpx.AsyncClient(base_url=real_engine.url, auth=("demo", "demo"), timeout=30) as client:
        yield client


@pytest.fixture
def app(proxy: MisbehavingProxy, fault_user: FaultUser, monkeypatch: pytest.MonkeyPatch) -> Iterator[CamtuiApp]:
    """The console as `camtui` builds it, on a profile through the proxy (connect 1 s, read 2 s)."""
    proxy.set_mode("pass")
    monkeypatch.setenv("CAMTUI_FAULT_PASSWORD", fault_user.password)
    profile = Profile(
        name="fault",
        url=proxy.url,
        auth=AuthKind.BASIC,
        username=fault_user.name,
        timeouts=ProfileTimeouts(connect=1, read=2),
    )
    yield make_app(Settings(default_profile="fault", profiles={"fault": profile}), engine_factory=engine_for)
    proxy.set_mode("pass")


def plain(renderable: object) -> str:
    console = Console(width=400, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def header(app: CamtuiApp) -> str:
    return plain(app.screen.query_one(StatusHeader).render())


def summary(listing: DeploymentsScreen) -> str:
    return plain(listing.table.query_one(".paged-summary", Static).content)


def notifications(app: CamtuiApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications).lower()


def alive(app: CamtuiApp) -> None:
    assert app.is_running and app._exception is None, f"the app crashed: {app._exception!r}"


async def loaded_list(app: CamtuiApp, pilot: Pilot[None]) -> DeploymentsScreen:
    await wait_for(
        pilot,
        lambda: on_screen(app, DeploymentsScreen) and screen_as(app, DeploymentsScreen).items != [],
        what="the deployments list",
    )
    listing = screen_as(app, DeploymentsScreen)
    await wait_for(pilot, lambda: not listing.table.is_loading, what="the first page")
    # the resource counts come late, in requests of their own: let them arrive before any fault
    await wait_for(
        pilot,
        lambda: all(d.id in listing.resource_counts for d in listing.table.visible_items()),
        what="the resource counts",
    )
    return listing


async def reload_recovers(app: CamtuiApp, pilot: Pilot[None], listing: DeploymentsScreen) -> None:
    """With the proxy passing again, ctrl+r loads the list and the header says connected."""
    await pilot.press("ctrl+r")
    await wait_for(
        pilot,
        lambda: (
            app.screen is listing
            and not listing.table.is_loading
            and listing.items != []
            and "could not load" not in summary(listing)
        ),
        what=f"the list loaded again; summary: {summary(listing)!r}",
    )
    await wait_for(pilot, lambda: "● connected" in header(app), what=f"connected; header: {header(app)!r}")
    alive(app)


@pytest.mark.parametrize("mode", [*TRANSIENT, *NONSENSE])
async def test_a_reload_under_a_fault_is_explained_keeps_the_rows_and_recovers(
    app: CamtuiApp, proxy: MisbehavingProxy, mode: str
) -> None:
    words = CAUSE[mode]

    def names_cause(text: str) -> bool:
        return any(word in text.lower() for word in words)

    async with app.run_test(size=SIZE) as pilot:
        listing = await loaded_list(app, pilot)
        before = [d.id for d in listing.items]
        assert "● connected" in header(app)
        proxy.set_mode(mode)
        await pilot.press("ctrl+r")
        await wait_for(
            pilot, lambda: "could not load" in summary(listing), seconds=15, what=f"the failure [{mode}] in the summary"
        )
        alive(app)
        assert names_cause(summary(listing)), f"[{mode}] the summary does not name {words}: {summary(listing)!r}"
        assert [d.id for d in listing.items] == before, "the rows loaded before are still there"
        assert listing.table.table.row_count == len(before)
        if mode in TRANSIENT:
            await wait_for(pilot, lambda: "connection lost:" in header(app), what="the header says connection lost")
            assert names_cause(notifications(app)), f"[{mode}] notified: {notifications(app)!r}"
            assert app.screen is listing, "a connection problem opens no dialog"
        else:
            await wait_for(pilot, lambda: on_screen(app, ErrorModal), what="the error dialog")
            text = plain(app.screen.query_one("#error-message", Static).content)
            assert names_cause(text), f"[{mode}] the dialog does not name {words}: {text!r}"
            # one dialog per failed request: close them all
            for _ in range(10):
                if not isinstance(app.screen, ErrorModal):
                    break
                await pilot.press("escape")
                await pilot.pause(0.1)
            await wait_for(pilot, lambda: app.screen is listing, what=f"the dialogs closed: {app.screen_stack}")
        # the fault goes away
        proxy.set_mode("pass")
        await reload_recovers(app, pilot, listing)
        assert set(before) <= {d.id for d in listing.items}


async def test_a_401_mid_session_asks_for_the_password_in_place_then_the_list_loads(
    app: CamtuiApp, proxy: MisbehavingProxy, fault_user: FaultUser
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await loaded_list(app, pilot)
        before = [d.id for d in listing.items]
        proxy.set_mode("unauthorized-after:0")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: on_screen(app, PasswordModal), seconds=15, what="the password asked in place")
        alive(app)
        assert listing.query_one(StatusHeader).connected is False, "the header says the session is signed out"
        assert [d.id for d in listing.items] == before
        proxy.set_mode("pass")
        app.screen.query_one("#secret", Input).value = fault_user.password
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is listing, what="back on the list")
        await wait_for(
            pilot,
            lambda: "signed in again" in notifications(app) and not listing.table.is_loading and listing.items != [],
            what="signed in again, the list reloaded",
        )
        await wait_for(pilot, lambda: "● connected" in header(app), what=f"connected; header: {header(app)!r}")
        assert "could not load" not in summary(listing)
        assert fault_user.password not in notifications(app)
        alive(app)


async def test_a_delete_whose_answer_is_lost_is_looked_up_and_reported_done(
    app: CamtuiApp, proxy: MisbehavingProxy, direct: httpx.AsyncClient
) -> None:
    name = unique("tuilost")
    created = await direct.post("/deployment/create", data={"deployment-name": name}, files={"a.txt": ("a.txt", b"x")})
    created.raise_for_status()
    doomed = str(created.json()["id"])
    try:
        async with app.run_test(size=SIZE) as pilot:
            listing = await loaded_list(app, pilot)
            await pilot.press("slash", *name, "enter")
            await wait_for(pilot, lambda: [d.id for d in listing.items if d.name == name] == [doomed])
            await wait_for(pilot, lambda: listing.table.table.row_count == 1, what="only the one to delete shown")
            listing.table.table.move_cursor(row=0)
            await pilot.press("space")
            assert list(listing.table.marked) == [doomed]
            await pilot.press("ctrl+d")
            await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
            before = len(proxy.requests)
            proxy.set_mode("drop-body", when=lambda method, path: method == "DELETE")
            await pilot.click("#go")
            # one target done: the report is a notification, not a dialog to close
            lost = "the answer was lost, but the engine shows it done"
            await wait_for(
                pilot,
                lambda: lost in notifications(app),
                seconds=20,
                what=f"the report: {app.screen_stack} {notifications(app)!r}",
            )
            alive(app)
            report = next(str(n.message) for n in app._notifications if lost in str(n.message))
            assert "1 done" in report and "failed" not in report and "unknown" not in report, report
            assert doomed in report, report
            deletes = [r for r in proxy.requests[before:] if r[0] == "DELETE"]
            assert [r[2] for r in deletes] == ["drop-body"], f"the delete was sent once: {deletes}"
            proxy.set_mode("pass")
            await wait_for(
                pilot,
                lambda: app.screen is listing and not listing.table.is_loading and doomed not in listing.table.marked,
                what="the list reloaded, the mark gone",
            )
            assert doomed not in {d.id for d in listing.items}
            alive(app)
        count = await direct.get("/deployment/count", params={"id": doomed})
        count.raise_for_status()
        assert count.json()["count"] == 0, "the engine shows the deployment gone"
    finally:
        await direct.delete(f"/deployment/{doomed}", params={"cascade": "true"})
