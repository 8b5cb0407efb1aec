"""The composition root of the console: the UI with the real engines and the real local engine.

`camtui.ui` never imports an engine implementation (import-linter enforces it); this module hands
them in. The CLI, the screenshot script and the benchmarks build the console here; tests may hand
the UI fakes through `camtui.ui.app.make_app` instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from camtui.api.protocol import Engine
from camtui.config.profiles import Profile
from camtui.config.settings import Settings

if TYPE_CHECKING:
    from camtui.ui.app import CamtuiApp


def engine_for(profile: Profile, secret: str | None, read_only: bool) -> Engine:
    from camtui.api.factory import connect

    return connect(profile.connection(secret, read_only=read_only))


def local_engine_url() -> str | None:
    from camtui.localengine.process import LocalEngine

    state = LocalEngine().state()
    return state.url if state else None


def console_app(
    settings: Settings, *, profile_name: str | None = None, view: str | None = None, read_only: bool = False
) -> CamtuiApp:
    from camtui.ui.app import make_app

    return make_app(
        settings,
        profile_name=profile_name,
        view=view,
        read_only=read_only,
        engine_factory=engine_for,
        local_engine=local_engine_url,
    )
