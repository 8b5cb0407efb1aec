"""Engine name, version, the authenticated user, health."""

from __future__ import annotations

import asyncio

from camtui.api import errors
from camtui.api.http import HttpSession
from camtui.api.models import CurrentUser, EngineInfo, EngineKind


class C7Info:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def engine(self) -> EngineInfo:
        """`GET /version` needs authentication, so this also proves the credentials work."""
        engines, version = await asyncio.gather(self._http.get("/engine"), self._http.get("/version"))
        if not isinstance(version, dict) or "version" not in version:
            raise errors.MalformedResponse(
                "The URL answers, but not like Camunda 7 engine-rest; does it end in /engine-rest?"
            )
        # Operaton versions start at 1.x; Camunda 7 at 7.x
        text = str(version["version"])
        product = "Camunda 7" if text.startswith("7.") else "Operaton"
        name = engines[0].get("name") if isinstance(engines, list) and engines else None
        return EngineInfo(kind=EngineKind.C7, product=product, version=text, engine_name=name)

    async def health(self) -> bool:
        """True when the engine answers the anonymous `GET /engine`."""
        try:
            await self._http.get("/engine")
        except errors.EngineError:
            return False
        return True

    async def current_user(self) -> CurrentUser:
        user = self._http.connection.credentials.username
        if not user:
            return CurrentUser(id=None)
        groups, tenants = await asyncio.gather(
            self._http.get("/identity/groups", userId=user),
            self._http.get("/tenant", userMember=user, includingGroupsOfUser=True),
        )
        return CurrentUser(
            id=user,
            groups=tuple(g["id"] for g in groups.get("groups") or []),
            tenants=tuple(t["id"] for t in tenants or []),
        )
