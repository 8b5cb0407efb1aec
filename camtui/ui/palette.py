"""ctrl+p: the views the engine offers, the current view's actions and the profiles, in Textual's palette."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from camtui.kinds.registry import supported

if TYPE_CHECKING:
    from camtui.ui.app import CamtuiApp


class CamtuiCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        app = cast("CamtuiApp", self.app)
        session = app.session
        out: list[tuple[str, str, object]] = [
            (f"view: {k.name}", k.title, partial(app.show_view, k.name))
            for k in supported(session.capabilities if session else None)
        ]
        # the actions the current view offers (already filtered by capability and read-only)
        screen = app.screen
        for action in getattr(screen, "offered", {}).values():
            run = getattr(screen, "action_run", None)
            if run is not None:
                out.append(
                    (f"action: {action.label.lower()} ({action.id})", action.description, partial(run, action.id))
                )
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
