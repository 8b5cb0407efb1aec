"""The generic console (lists, marks, the runner, capability gating) on the fakes and the real engine.

The same flows run against an in-memory Camunda 7-like fake, and against the real engine where it
can serve them; faults on demand and Camunda 8 come from the fakes only.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from textual.widgets import Button, Static

from camtui.api import errors
from camtui.api.capabilities import Capability
from camtui.api.models import Deployment, DeploymentFilter, EngineInfo, InstanceFilter, NewDeployment
from camtui.api.protocol import Engine
from camtui.config.profiles import Profile
from camtui.config.settings import Settings
from camtui.console import engine_for
from camtui.ui.app import CamtuiApp, make_app
from camtui.ui.screens.deployments import DeploymentsScreen
from camtui.ui.screens.list_view import ListView
from camtui.ui.screens.modals import ErrorModal
from camtui.ui.screens.plan_dialog import PlanModal
from camtui.ui.screens.progress import ProgressModal
from tests.conftest import RunningEngine
from tests.engine.helpers import unique
from tests.fakes.engine import FakeEngine
from tests.tui.conftest import SIZE, on_screen, wait_for


@dataclass
class Backend:
    """What a test needs of an engine: an app on it, and a way to look at its state afterwards."""

    name: str
    app: Callable[[], CamtuiApp]
    # a fresh service-layer connection to check the engine's state with
    engine: Callable[[], Engine]
    fake: FakeEngine | None = None
    # deployments the test may act on (none has running instances)
    query: DeploymentFilter = field(default_factory=DeploymentFilter)


def fake_backend(fake: FakeEngine) -> Backend:
    profile = Profile(name="fake", url=fake.connection.base_url, engine=fake.connection.engine)
    settings = Settings(default_profile="fake", profiles={"fake": profile})
    return Backend(
        name=fake.flavour,
        app=lambda: make_app(settings, engine_factory=lambda p, s, r: fake),
        engine=lambda: fake,
        fake=fake,
    )


async def real_backend(real_engine: RunningEngine, monkeypatch: pytest.MonkeyPatch) -> Backend:
    from camtui.api import connect
    from camtui.api.connection import AuthKind

    prefix = unique("gen")
    async with connect(real_engine.connection()) as engine:
        for i in range(32):
            await engine.deployments.create(
                NewDeployment(name=f"{prefix}-{i:02}", files=((f"{prefix}-{i}.txt", b"x"),))
            )
    monkeypatch.setenv("CAMTUI_ADMIN_PASSWORD", "demo")
    profile = Profile(name="admin", url=real_engine.url, auth=AuthKind.BASIC, username="demo")
    settings = Settings(default_profile="admin", profiles={"admin": profile})
    return Backend(
        name="real",
        app=lambda: make_app(settings, engine_factory=engine_for),
        engine=lambda: connect(real_engine.connection()),
        query=DeploymentFilter(name_like=f"{prefix}-%"),
    )


@pytest.fixture(params=["fake-c7", "real"])
async def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Backend]:
    if request.param == "real":
        yield await real_backend(request.getfixturevalue("real_engine"), monkeypatch)
    else:
        yield fake_backend(FakeEngine("c7"))


async def deletable(backend: Backend, screen: DeploymentsScreen) -> list[int]:
    """Row indexes of loaded deployments with no running instance (a delete needs no cascade)."""
    engine = backend.engine()
    out = []
    for index, d in enumerate(screen.items):
        page = await engine.instances.list(InstanceFilter(deployment_id=d.id), limit=1)
        if not page.items:
            out.append(index)
    if backend.fake is None:
        await engine.aclose()
    return out


async def open_paged(app: CamtuiApp, pilot: Any, backend: Backend, page_size: int) -> DeploymentsScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, ListView) and app.screen.is_mounted, what="the first view")
    assert app.session is not None
    screen = DeploymentsScreen(app.session, backend.query, page_size=page_size)
    await app.push_screen(screen)
    await wait_for(pilot, lambda: screen.is_mounted and len(screen.items) >= page_size, what="the first page")
    return screen


async def exists(backend: Backend, ids: list[str]) -> set[str]:
    engine = backend.engine()
    found = set()
    for i in ids:
        try:
            await engine.deployments.get(i)
            found.add(i)
        except errors.NotFound:
            pass
    if backend.fake is None:
        await engine.aclose()
    return found


async def test_marks_on_pages_one_and_three_survive_reload_and_sort(backend: Backend) -> None:
    app = backend.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_paged(app, pilot, backend, page_size=10)
        table = screen.table

        # page 1: the first deletable row; then on to page 3 (the cursor on the last row loads the
        # next page; G would jump to the end) and mark one there
        async def next_page() -> None:
            loaded = len(screen.items)
            table.table.move_cursor(row=table.table.row_count - 1)
            await wait_for(pilot, lambda: len(screen.items) > loaded and not table.is_loading, what="the next page")

        while len(screen.items) < 30:
            await next_page()
        candidates = await deletable(backend, screen)
        first = next(i for i in candidates if i < 10)
        third = next(i for i in candidates if 20 <= i < 30)
        wanted: list[Deployment] = [screen.items[first], screen.items[third]]
        for row in (first, third):
            table.table.move_cursor(row=row)
            await pilot.press("space")
        assert set(table.marked) == {d.id for d in wanted}
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: not table.is_loading, what="the reload")
        await pilot.press("s")  # a server-side sort: another order, the first page again
        await wait_for(pilot, lambda: not table.is_loading and screen.sort_index == 0, what="the sorted list")
        assert set(table.marked) == {d.id for d in wanted}
        assert "2 marked" in str(table.query_one(".paged-summary", Static).render())
        table.table.move_cursor(row=len(table.items) - 1)  # the cursor is on neither
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        plan = app.screen.plan  # type: ignore[attr-defined]
        assert {t.id for t in plan.targets} == {d.id for d in wanted}
        assert len(plan.requests) == 2 and all(r.method == "DELETE" for r in plan.requests)
        await pilot.click("#go")
        await wait_for(pilot, lambda: isinstance(app.screen, ProgressModal) and app.screen.report is not None)
        report = app.screen.report  # type: ignore[attr-defined]
        assert report.done == 2 and report.failed == 0
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen and not table.marked, what="marks cleared after the delete")
    assert await exists(backend, [d.id for d in wanted]) == set()
    if backend.fake is not None:
        deleted = [args[0] for name, args in backend.fake.calls if name == "deployments.delete"]
        assert sorted(deleted) == sorted(d.id for d in wanted)


async def test_a_bulk_delete_goes_on_past_a_failure_and_reports_it() -> None:
    fake = FakeEngine("c7")
    backend = fake_backend(fake)
    app = backend.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_paged(app, pilot, backend, page_size=50)
        rows = (await deletable(backend, screen))[:5]
        targets = [screen.items[i] for i in rows]
        fake.fail("deployments.delete", targets[1].id, errors.ServerError("disk full on node 2"))
        for row in rows:
            screen.table.table.move_cursor(row=row)
            await pilot.press("space")
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        await pilot.click("#go")
        await wait_for(pilot, lambda: isinstance(app.screen, ProgressModal) and app.screen.report is not None)
        modal = app.screen
        assert isinstance(modal, ProgressModal) and modal.report is not None
        assert (modal.report.done, modal.report.failed, modal.report.skipped) == (4, 1, 0)
        lines = str(modal.query_one("#outcome-lines", Static).render())
        assert "disk full on node 2" in lines and targets[1].id in lines
        assert "1 failed" in str(modal.query_one("#progress-summary", Static).render())
        await pilot.press("escape")
        # the list reloaded: four are gone; the one that failed is still there, and still marked
        await wait_for(pilot, lambda: app.screen is screen and not screen.table.is_loading)
        shown = {d.id for d in screen.items}
        assert targets[1].id in shown and not {d.id for d in targets if d is not targets[1]} & shown
        assert set(screen.table.marked) == {targets[1].id}
    attempted = [args[0] for name, args in fake.calls if name == "deployments.delete"]
    assert attempted == [d.id for d in targets], "every target attempted, in order, none twice"


async def test_a_camunda8_engine_opens_on_its_own_view_and_offers_no_deployment_actions() -> None:
    fake = FakeEngine("c8")
    app = fake_backend(fake).app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, ListView) and app.screen.is_mounted and app.screen.items != []
        )
        screen = app.screen
        assert isinstance(screen, ListView) and screen.kind.name == "instances"
        assert "more below" in str(screen.query_one(".paged-summary", Static).render())
        # a view the engine lacks is not offered: said in words, not an error dialog (`:dep` is
        # Camunda 8's own deployments view since issue 13; job definitions are Camunda 7's only)
        await pilot.press("colon", *"jd", "enter")
        await pilot.pause()
        assert app.screen is screen and not isinstance(app.screen, ErrorModal)
        assert any("not offered" in str(n.message) for n in app._notifications)
        keys = {b.id for _, b in screen._bindings if b.id}
        assert not {k for k in keys if k.startswith("deployments.")}
        # Camunda 8 pages with cursors and caps its totals
        assert isinstance(screen, ListView) and screen.table.total_exact is False
    assert not [c for c in fake.calls if c[0].startswith("deployments.")]


async def test_a_command_typed_at_once_after_colon_opens_its_view() -> None:
    """`:pi` and enter in one burst (a fast typist, a paste over SSH) opens the instances, and a `:`
    typed into a text box stays text."""
    from textual import events
    from textual.widgets import Input

    app = fake_backend(FakeEngine("c7")).app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, DeploymentsScreen) and app.screen.is_mounted)
        for key, char in [("colon", ":"), ("p", "p"), ("i", "i"), ("enter", None)]:
            app.post_message(events.Key(key, char))
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ListView) and app.screen.kind.name == "instances",
            what="the instances view",
        )
        await pilot.press("slash", "a", "colon", "b")
        assert app.screen.query_one("#filter", Input).value == "a:b"


def held_connect(fake: FakeEngine) -> asyncio.Event:
    """The engine answers the console's first question only once the returned event is set."""
    gate = asyncio.Event()
    answer = fake.info.engine

    async def held() -> EngineInfo:
        await gate.wait()
        return await answer()

    fake.info.engine = held  # type: ignore[method-assign]
    return gate


@pytest.mark.parametrize("then", ["enter", "ctrl+j", "escape"])
async def test_a_command_typed_while_connecting_is_kept_and_decides_the_first_view(then: str) -> None:
    """`:` typed while the console connects (keys waiting in the terminal at start): the first view
    used to close the prompt under the typist, the rest of the word going to the list's own keys
    (`n` opened Deploy). The prompt stays with what was typed; enter opens what it names (also as
    the line feed an enter typed before the terminal went raw arrives as), escape the first view."""
    from textual.widgets import Input

    from camtui.ui.screens.command_prompt import CommandPrompt

    fake = FakeEngine("c7")
    gate = held_connect(fake)
    app = fake_backend(fake).app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Connecting" in app.home.message)
        await pilot.press("colon", "i", "n")
        gate.set()
        await wait_for(pilot, lambda: app.session is not None)
        await pilot.pause()
        assert isinstance(app.screen, CommandPrompt)
        assert app.screen.query_one(Input).value == "in"
        await pilot.press("c", then)
        expected = "deployments" if then == "escape" else "incidents"
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ListView) and app.screen.kind.name == expected,
            what=f"the {expected} view",
        )
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["HomeScreen", type(app.screen).__name__]


async def test_an_action_the_engine_lacks_is_neither_bound_nor_in_the_footer() -> None:
    caps = FakeEngine("c7").capabilities - {Capability.DEPLOYMENT_DELETE}
    fake = FakeEngine("c7", capabilities=caps)
    app = fake_backend(fake).app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, DeploymentsScreen) and app.screen.items != [])  # type: ignore[attr-defined]
        screen = app.screen
        assert "deployments.delete" not in screen.offered  # type: ignore[attr-defined]
        assert "deployments.redeploy" in screen.offered  # type: ignore[attr-defined]
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert app.screen is screen
    assert not [c for c in fake.calls if c[0] == "deployments.delete"]


async def test_read_only_fake_offers_nothing_that_changes_and_refuses_in_the_service_layer() -> None:
    fake = FakeEngine("c7", read_only=True)
    app = fake_backend(fake).app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, DeploymentsScreen) and app.screen.items != [])  # type: ignore[attr-defined]
        screen = app.screen
        assert isinstance(screen, DeploymentsScreen)
        assert not screen.offered
        # even if a screen asked, the runner refuses before anything is sent or asked
        screen.run_flow(screen.kind.action("delete"), [screen.items[0]])
        await wait_for(pilot, lambda: any("read-only" in str(n.message) for n in app._notifications))
        assert not isinstance(app.screen, PlanModal)
    assert fake.calls == []


async def test_production_asks_to_type_and_escape_sends_nothing() -> None:
    fake = FakeEngine("c7")
    backend = fake_backend(fake)
    profile = Profile(name="fake", url=fake.connection.base_url, production=True)
    settings = Settings(default_profile="fake", profiles={"fake": profile})
    app = make_app(settings, engine_factory=lambda p, s, r: fake)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_paged(app, pilot, backend, page_size=20)
        row = (await deletable(backend, screen))[0]
        screen.table.table.move_cursor(row=row)
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal))
        assert app.screen.query_one("#go", Button).disabled
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
    assert fake.calls == []


async def test_a_detail_embeds_paged_lists_that_open_in_turn(backend: Backend) -> None:
    from camtui.ui.screens.describe_view import DescribeScreen
    from camtui.ui.widgets.paged_table import PagedTable

    app = backend.app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ListView) and app.screen.is_mounted)
        await pilot.press("colon", *"groups", "enter")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ListView) and app.screen.kind.name == "groups" and app.screen.items != [],
        )
        groups = app.screen
        assert isinstance(groups, ListView)
        row = next(i for i, g in enumerate(groups.items) if g.id == "accounting")
        groups.table.table.move_cursor(row=row)
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, DescribeScreen), what="the group's detail")
        members = app.screen.query_one("#child-0", PagedTable)
        await wait_for(pilot, lambda: {u.id for u in members.items} >= {"mary"}, what="the members list")
        # enter on a member opens that user, with their own lists (groups, tenants)
        members.focus()
        members.table.move_cursor(row=[u.id for u in members.items].index("mary"))
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, DescribeScreen) and app.screen.item_id == "mary",
            what="mary's detail",
        )
        groups_of_mary = app.screen.query_one("#child-0", PagedTable)
        await wait_for(pilot, lambda: "accounting" in {g.id for g in groups_of_mary.items}, what="mary's groups")


async def test_escape_during_a_bulk_action_skips_what_has_not_started() -> None:
    fake = FakeEngine("c7")
    backend = fake_backend(fake)
    app = backend.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_paged(app, pilot, backend, page_size=50)
        rows = (await deletable(backend, screen))[:6]
        for row in rows:
            screen.table.table.move_cursor(row=row)
            await pilot.press("space")
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        fake.hold()  # the first delete stays in flight while escape is pressed
        await pilot.click("#go")
        await wait_for(pilot, lambda: on_screen(app, ProgressModal) and fake.waiting >= 1, what="the first delete")
        await pilot.press("escape")
        fake.release()
        modal = app.screen
        assert isinstance(modal, ProgressModal)
        await wait_for(pilot, lambda: modal.report is not None, what="the report")
        assert modal.report is not None
        done, skipped = modal.report.done, modal.report.skipped
        assert done >= 1 and skipped >= 1 and done + skipped == 6 and modal.report.failed == 0
        assert done == 1, "only the one in flight when escape was pressed"
        assert "skipped" in str(modal.query_one("#progress-summary", Static).render())
    deleted = [args[0] for name, args in fake.calls if name == "deployments.delete"]
    assert len(deleted) == done, "nothing was sent for the skipped ones"


async def test_an_action_over_the_whole_query_acts_on_the_frozen_matches() -> None:
    """Scope QUERY (retry everything the filter matches, later): every match, fetched page by page."""
    from dataclasses import replace

    from camtui.kinds.base import Scope
    from camtui.kinds.deployments import DELETE, DEPLOYMENTS

    fake = FakeEngine("c7")
    backend = fake_backend(fake)
    # the deployments nothing runs in, named alike: the query matches exactly those
    delete_all = replace(DELETE, id="deployments.delete_all", key="ctrl+x", scope=Scope.QUERY)
    kind = replace(DEPLOYMENTS, actions=(delete_all,))
    app = backend.app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ListView) and app.screen.is_mounted)
        assert app.session is not None
        engine = app.session.engine
        everything = (await engine.deployments.list(DeploymentFilter(), limit=1000)).items
        empty = [
            d
            for d in everything
            if not (await engine.instances.list(InstanceFilter(deployment_id=d.id), limit=1)).items
        ]
        name = empty[0].name or ""
        query = DeploymentFilter(name_like=name[:7] + "%")
        matching = [d for d in empty if (d.name or "").startswith(name[:7])]
        screen = ListView(kind, app.session, query, page_size=5)
        await app.push_screen(screen)
        await wait_for(pilot, lambda: screen.is_mounted and screen.items != [])
        await pilot.press("ctrl+x")
        await wait_for(pilot, lambda: on_screen(app, PlanModal), what="the plan")
        plan = app.screen.plan  # type: ignore[attr-defined]
        expected = {d.id for d in everything if (d.name or "").startswith(name[:7])}
        assert {t.id for t in plan.targets} == expected, "every match, not only the loaded page"
        assert len(expected) > 5 and set(d.id for d in matching) <= expected
        await pilot.press("escape")
    assert fake.calls == []


async def test_engine_text_in_a_plan_and_its_report_cannot_drive_the_terminal() -> None:
    fake = FakeEngine("c7")
    hostile = "evil\x1b]0;pwned\x07\x1b[2J\u202ename"
    created = await fake.deployments.create(NewDeployment(name=hostile, files=(("notes.txt", b"x"),)))
    fake.fail("deployments.delete", created.deployment.id, errors.ServerError(f"refused: {hostile}"))
    backend = fake_backend(fake)
    app = backend.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_paged(app, pilot, backend, page_size=50)
        row = [d.id for d in screen.items].index(created.deployment.id)
        cells = [str(c) for c in screen.table.table.get_row_at(row)]
        assert not any("\x1b" in c or "\x07" in c or "\u202e" in c for c in cells)
        assert any("\\x1b]0;pwned\\x07" in c for c in cells)
        screen.table.table.move_cursor(row=row)
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: on_screen(app, PlanModal))
        targets = str(app.screen.query_one("#plan-targets", Static).render())
        assert "\x1b" not in targets and "\\x1b]0;pwned\\x07" in targets
        await pilot.click("#go")
        await wait_for(pilot, lambda: isinstance(app.screen, ProgressModal) and app.screen.report is not None)
        lines = str(app.screen.query_one("#outcome-lines", Static).render())
        assert "refused: evil\\x1b]0;pwned" in lines and "\x1b" not in lines and "\x07" not in lines


@pytest.mark.parametrize(
    ("flavour", "present", "absent"),
    [
        ("c8", {"view: instances", "action: cancel (instances.cancel)"}, {"view: deployments"}),
        ("c7", {"view: deployments", "action: delete (deployments.delete)"}, set()),
    ],
)
async def test_the_palette_offers_what_the_engine_can_do_and_the_view_actions(
    flavour: str, present: set[str], absent: set[str]
) -> None:
    from camtui.ui.palette import CamtuiCommands

    app = fake_backend(FakeEngine(flavour)).app()  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ListView) and app.screen.is_mounted)
        titles = {title for title, _, _ in CamtuiCommands(app.screen)._commands()}
        assert present <= titles
        assert not absent & titles
