"""A form's error is seen whole: the search form is taller than the screen, and the error at its foot
(which may wrap to a second line) is scrolled fully into view with the buttons below it."""

from __future__ import annotations

from textual.app import App
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Static

from camtui.api.models import InstanceFilter
from camtui.ui.app import stylesheet_path
from camtui.ui.screens.instance_filter import InstanceFilterModal
from tests.tui.conftest import wait_for


class FormApp(App[None]):
    CSS_PATH = stylesheet_path()


async def test_a_wrapped_error_at_the_foot_of_a_long_form_is_seen_whole() -> None:
    app = FormApp()
    async with app.run_test(size=(160, 45)) as pilot:
        form = InstanceFilterModal(InstanceFilter())
        await app.push_screen(form)
        typed = form.query_one("#ended_before", Input)
        typed.value = "yesterdayx"
        typed.focus()
        await pilot.press("enter")
        error = form.query_one("#form-error", Static)
        dialog = form.query_one("#dialog", VerticalScroll)
        await wait_for(pilot, lambda: error.size.height >= 2, what="the error, wrapped")
        seen = dialog.scrollable_content_region
        await wait_for(
            pilot,
            lambda: (
                seen.contains_region(error.region) and seen.contains_region(form.query_one("#apply", Button).region)
            ),
            what=f"the whole error and the buttons in view ({error.region} in {seen})",
        )
        assert typed.value == "yesterdayx", "what was typed is kept"
