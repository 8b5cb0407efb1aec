"""Engine text can not drive the terminal: every control character the console draws is made visible.

Names, messages and resource content come from the engine; here they carry OSC (retitle, clipboard),
CSI (clear screen), DCS, C1 controls and bidirectional overrides, and the screen the console draws
must hold none of them raw.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.color import Color
from textual.widgets import Static

from camtui.api.models import NewDeployment
from camtui.ui.screens.deployment_detail import DeploymentDetailScreen
from camtui.ui.screens.deployments import DeploymentsScreen
from camtui.ui.screens.resource_view import ResourceScreen
from camtui.ui.terminal_safety import UNSAFE, ControlCharacters
from tests.fakes.engine import FakeEngine
from tests.tui.conftest import SIZE, on_screen, screen_as, wait_for
from tests.tui.test_generic import fake_backend

HOSTILE = "\x1b]0;pwned\x07\x1b]52;c;aGk=\x07\x1b[2J\x1bP1;2|x\x1b\\\x9b31m\u202ename\x00"


def raw_controls(svg: str) -> set[str]:
    # the SVG itself uses newlines between its elements; what matters is what the rows hold
    return {c for c in UNSAFE.findall(svg) if c not in "\n\t"}


def test_the_filter_replaces_controls_and_keeps_the_line_width() -> None:
    segments = [Segment("ab\x1b]0;x\x07c"), Segment("\u202edef", None, None)]
    width = Segment.get_line_length(segments)
    out = ControlCharacters().apply(segments, Color(0, 0, 0))
    text = "".join(s.text for s in out)
    assert not UNSAFE.search(text) and "␛" in text and "␇" in text
    assert Segment.get_line_length(out) == width


async def test_hostile_names_and_content_are_drawn_as_visible_text() -> None:
    fake = FakeEngine("c7")
    created = await fake.deployments.create(
        NewDeployment(name=f"evil{HOSTILE}", files=(("evil.txt", f"line {HOSTILE} end\n".encode()),))
    )
    app = fake_backend(fake).app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: on_screen(app, DeploymentsScreen) and screen_as(app, DeploymentsScreen).items != []
        )
        screen = screen_as(app, DeploymentsScreen)
        await wait_for(pilot, lambda: created.deployment.id in {d.id for d in screen.items})
        svg = app.export_screenshot()
        assert raw_controls(svg) == set() and "evil\\x1b]0;pwned" in svg
        # a widget that forgot to make its text safe is still covered by the line filter
        await app.screen.mount(Static(Text(f"forgotten {HOSTILE}"), id="forgotten"))
        await pilot.pause()
        svg = app.export_screenshot()
        assert raw_controls(svg) == set() and "forgotten&#160;␛]0;pwned" in svg
        await app.screen.query_one("#forgotten").remove()
        screen.table.table.move_cursor(row=[d.id for d in screen.items].index(created.deployment.id))
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, DeploymentDetailScreen))
        detail = screen_as(app, DeploymentDetailScreen)
        await wait_for(pilot, lambda: detail.resources != ())
        await pilot.pause()
        assert raw_controls(app.export_screenshot()) == set()
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, ResourceScreen) and bool(screen_as(app, ResourceScreen).content))
        await pilot.pause()
        svg = app.export_screenshot()
        assert raw_controls(svg) == set() and "line&#160;\\x1b]0;pwned\\x07" in svg
        # the bytes themselves are kept for `w` (save) and `p` (pager)
        assert b"\x1b]0;pwned\x07" in (screen_as(app, ResourceScreen).content or b"")


async def test_a_20_mb_resource_shows_its_first_part_and_says_so_while_keys_keep_working() -> None:
    from textual.widgets import Static

    big = b"".join(f"<line n='{i}'>{'x' * 60}</line>\n".encode() for i in range(300_000))
    assert len(big) > 20_000_000
    fake = FakeEngine("c7")
    created = await fake.deployments.create(NewDeployment(name="huge", files=(("huge.xml", big),)))
    app = fake_backend(fake).app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: on_screen(app, DeploymentsScreen) and screen_as(app, DeploymentsScreen).items != []
        )
        screen = screen_as(app, DeploymentsScreen)
        screen.table.table.move_cursor(row=[d.id for d in screen.items].index(created.deployment.id))
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, DeploymentDetailScreen))
        detail = screen_as(app, DeploymentDetailScreen)
        await wait_for(pilot, lambda: detail.resources != ())
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, ResourceScreen))
        viewer = screen_as(app, ResourceScreen)
        content = viewer.query_one("#content", Static)
        await wait_for(pilot, lambda: "Showing the first 256 KB of" in str(content.render()), seconds=60)
        shown = str(content.render())
        assert "p opens all of it in $PAGER" in shown and len(shown) < 400_000
        assert viewer.content == big, "save and pager get every byte"
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, DeploymentDetailScreen), what="keys still work")


def test_every_c0_c1_control_and_bidi_override_is_replaced_by_the_filter() -> None:
    codes = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x200E, 0x200F, 0x2028, 0x2029]
    codes += [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    line = [Segment(f"a{chr(c)}b") for c in codes]
    out = ControlCharacters().apply(line, Color(0, 0, 0))
    text = "".join(s.text for s in out)
    assert not any(chr(c) in text for c in codes)
    assert Segment.get_line_length(out) == Segment.get_line_length(line)
