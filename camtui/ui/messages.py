"""Messages that carry the app's flow: workers post them, handlers update widgets."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from camtui.api.models import CurrentUser, EngineInfo


@dataclass
class Connected(Message):
    """The engine answered: who and what it is."""

    profile: str
    info: EngineInfo
    user: CurrentUser


@dataclass
class ConnectionLost(Message):
    profile: str
    reason: str


@dataclass
class Refreshed(Message):
    """A view loaded fresh data from the engine."""

    view: str


@dataclass
class EngineSwitched(Message):
    """The app now talks to another profile; views reload."""

    profile: str


@dataclass
class StillWaiting(Message):
    """The service layer tries a read again; the header says so until an answer comes."""

    text: str
