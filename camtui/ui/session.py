"""One profile's connection as the console holds it: engine, what it is, who we are, its health.

Screens receive the session they show, so two sessions (two clusters) can be open side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from camtui.api.capabilities import Capability
from camtui.api.models import CurrentUser, EngineInfo, EngineKind
from camtui.api.protocol import Engine
from camtui.config.profiles import Profile


@dataclass
class Health:
    connected: bool = True
    problem: str = ""


@dataclass
class Session:
    profile: Profile
    engine: Engine
    info: EngineInfo | None = None
    user: CurrentUser | None = None
    health: Health = field(default_factory=Health)

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def read_only(self) -> bool:
        # the engine's connection carries both the profile's flag and --readonly
        return self.engine.connection.read_only or self.profile.read_only

    @property
    def production(self) -> bool:
        return self.profile.production

    @property
    def capabilities(self) -> frozenset[Capability]:
        return self.engine.capabilities

    @property
    def engine_kind(self) -> EngineKind:
        return self.engine.connection.engine

    def can(self, capability: Capability) -> bool:
        return capability in self.engine.capabilities

    async def aclose(self) -> None:
        await self.engine.aclose()
