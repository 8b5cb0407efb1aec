"""Pilot tests drive the real app against the real engine."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

import pytest
from textual.pilot import Pilot

from camtui.api.connection import AuthKind
from camtui.config.profiles import Profile
from camtui.config.settings import Settings
from camtui.console import engine_for, local_engine_url
from camtui.ui.app import CamtuiApp, make_app
from tests.conftest import RunningEngine

SIZE = (160, 45)


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 20.0, what: str = "") -> None:
    """Let the app run until `condition` holds; fail with `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.05)
        await asyncio.sleep(0)


S = TypeVar("S")


def screen_as(app: CamtuiApp, cls: type[S]) -> S:
    """The current screen, typed: fails the test when it is something else."""
    current = app.screen
    assert isinstance(current, cls), f"expected a {cls.__name__}, got {type(current).__name__}"
    return current


def on_screen(app: CamtuiApp, cls: type) -> bool:
    """The current screen is a `cls` and has finished composing and mounting its widgets."""
    return isinstance(app.screen, cls) and app.screen.is_mounted


def profiles(engine: RunningEngine, **extra: Profile) -> Settings:
    admin = Profile(name="admin", url=engine.url, auth=AuthKind.BASIC, username="demo", colour="green")
    return Settings(default_profile="admin", profiles={"admin": admin, **extra})


@pytest.fixture
def settings(real_engine: RunningEngine, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CAMTUI_ADMIN_PASSWORD", "demo")
    monkeypatch.setenv("CAMTUI_MARY_PASSWORD", "mary")
    mary = Profile(name="mary", url=real_engine.url, auth=AuthKind.BASIC, username="mary")
    ro = Profile(name="ro", url=real_engine.url, auth=AuthKind.BASIC, username="demo", read_only=True)
    monkeypatch.setenv("CAMTUI_RO_PASSWORD", "demo")
    prod = Profile(name="prod", url=real_engine.url, auth=AuthKind.BASIC, username="demo", production=True)
    monkeypatch.setenv("CAMTUI_PROD_PASSWORD", "demo")
    return profiles(real_engine, mary=mary, ro=ro, prod=prod)


def app_for(settings: Settings, **kwargs: object) -> CamtuiApp:
    """The console with the real engines (as `camtui` builds it), unless a test hands in others."""
    kwargs.setdefault("engine_factory", engine_for)
    kwargs.setdefault("local_engine", local_engine_url)
    return make_app(settings, **kwargs)  # type: ignore[arg-type]
