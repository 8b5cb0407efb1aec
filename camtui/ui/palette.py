"""ctrl+p: views and profiles in Textual's command palette, next to the built-in commands."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from camtui.ui.views import VIEWS

if TYPE_CHECKING:
    from camtui.ui.app import CamtuiApp


class CamtuiCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        app = cast("CamtuiApp", self.app)
        out: list[tuple[str, str, object]] = [
            (f"view: {v.name}", v.description, partial(app.show_view, v.name)) for v in VIEWS
        ]
        out += [
            (f"profile: switch to {name}", "connect to another cluster", partial(app.switch_profile, name))
            for name in app.settings.profile_names()
        ]
        out.append(("keys: show the keys of this view", "same as ?", app.action_help))
        return out

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)  # type: ignore[arg-type]
