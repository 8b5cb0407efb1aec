"""The list view's footer (KeysFooter) is rebuilt only when the keys it shows change, and still
follows them when they do: a key that becomes enabled or disabled shows so."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from camtui.ui.widgets.keys_footer import KeysFooter
from tests.waiting import until


class Keys(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f2", "go", "Go"), Binding("f3", "other", "Other")]
    go_allowed = True

    def compose(self) -> ComposeResult:
        yield Input()
        yield Input(id="second")
        yield KeysFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None: shown, disabled
        return None if action == "go" and not self.go_allowed else True


def go_disabled(app: Keys) -> bool | None:
    keys = [key for key in app.screen.query(FooterKey) if key.action == "go"]
    return keys[0].has_class("-disabled") if keys else None  # how the footer shows it


async def test_the_footer_follows_its_keys_and_skips_rebuilds_that_change_nothing() -> None:
    app = Keys()
    async with app.run_test() as pilot:
        footer = app.screen.query_one(KeysFooter)
        await until(lambda: go_disabled(app) is False, "the footer's keys")
        first = [id(key) for key in footer.query(FooterKey)]
        # focus moves: the bindings update, but the keys shown are the same: the same widgets stay
        app.screen.query_one("#second", Input).focus()
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert [id(key) for key in footer.query(FooterKey)] == first
        # a key becomes disabled: the footer shows it
        app.go_allowed = False
        app.screen.refresh_bindings()
        await until(lambda: go_disabled(app) is True, "Go shown disabled")
