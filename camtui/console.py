"""The composition root of the console: the UI with the real engines and the real local engine.

`camtui.ui` never imports an engine implementation (import-linter enforces it); this module hands
them in. The CLI, the screenshot script and the benchmarks build the console here; tests may hand
the UI fakes through `camtui.ui.app.make_app` instead.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from typing import TYPE_CHECKING, Any

from camtui.api.protocol import Engine
from camtui.config.profiles import Profile
from camtui.config.settings import ConfigError, Settings

if TYPE_CHECKING:
    from camtui.kinds.base import Kind
    from camtui.kinds.head_start import HeadStart
    from camtui.ui.app import CamtuiApp

log = logging.getLogger("camtui.console")


def engine_for(profile: Profile, secret: str | None, read_only: bool) -> Engine:
    from camtui.api.factory import connect

    return connect(profile.connection(secret, read_only=read_only))


def local_engine_url() -> str | None:
    from camtui.localengine.process import LocalEngine

    state = LocalEngine().state()
    return state.url if state else None


def console_app(
    settings: Settings,
    *,
    profile_name: str | None = None,
    view: str | None = None,
    read_only: bool = False,
    head_start: HeadStart | None = None,
) -> CamtuiApp:
    from camtui.ui.app import make_app

    return make_app(
        settings,
        profile_name=profile_name,
        view=view,
        read_only=read_only,
        engine_factory=engine_for,
        local_engine=local_engine_url,
        head_start=head_start,
    )


def run_console(
    settings: Settings,
    *,
    profile_name: str | None = None,
    view: str | None = None,
    read_only: bool = False,
    headless: bool = False,
) -> CamtuiApp:
    """Run the console until it ends; its first requests leave before Textual is imported."""
    return asyncio.run(_run(settings, profile_name, view, read_only, headless))


async def _run(
    settings: Settings, profile_name: str | None, view: str | None, read_only: bool, headless: bool
) -> CamtuiApp:
    start = head_start(settings, profile_name, view, read_only)
    # Textual, the app and the first view's screen load in a thread while the first answers
    # travel (the event loop sends and reads them meanwhile); then the app takes them from `start`
    await asyncio.to_thread(import_console, start.kind if start is not None else None)
    app = console_app(settings, profile_name=profile_name, view=view, read_only=read_only, head_start=start)
    try:
        await app.run_async(headless=headless)
    finally:
        if app.head_start is not None:
            await app.head_start.aclose()
    return app


def import_console(kind: Kind[Any] | None) -> None:
    importlib.import_module("camtui.ui.app")
    from camtui.ui.views import screen_modules

    for module in screen_modules(kind):
        importlib.import_module(module)


def head_start(settings: Settings, profile_name: str | None, view: str | None, read_only: bool) -> HeadStart | None:
    """The engine with its first requests sent, where that needs no question to the user (a
    profile that resolves, a secret found without a prompt); else None, and the app does it all."""
    from camtui.config.secrets import SecretError, resolve_secret
    from camtui.kinds.head_start import begin

    try:
        profile = settings.profile(profile_name)
        secret = resolve_secret(profile, interactive=False)
    except (ConfigError, SecretError):
        return None
    try:
        engine = engine_for(profile, secret, read_only)
    except Exception:
        # whatever it is, the app meets it again in its own start and says it in words
        log.debug("no head start for %s", profile.name, exc_info=True)
        return None
    return begin(profile, secret, engine, view)
