"""Engine name and version, health, the authenticated user (always demo)."""

from __future__ import annotations

from camtui.api import errors
from camtui.api.models import CurrentUser, EngineInfo
from tests.fakes import flavours
from tests.fakes.core import Area, engine_call

USER = "demo"


class FakeInfo(Area):
    area = "info"

    @engine_call()
    async def engine(self) -> EngineInfo:
        return EngineInfo(
            kind=flavours.ENGINE_KINDS[self._flavour],
            product=flavours.PRODUCTS[self._flavour],
            version=flavours.VERSIONS[self._flavour],
            engine_name="default" if self._flavour == "c7" else None,
        )

    async def health(self) -> bool:
        """Like the real one: False when the engine does not answer (down, or a fault on info.engine)."""
        try:
            await self.engine()
        except errors.EngineError:
            return False
        return True

    @engine_call()
    async def current_user(self) -> CurrentUser:
        return CurrentUser(id=USER, groups=self._data.groups_of(USER), tenants=self._data.tenants_of(USER))
