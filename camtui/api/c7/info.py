"""Engine name, version, the authenticated user, health."""

from __future__ import annotations

from camtui.api import errors
from camtui.api.blocking import together
from camtui.api.c7.wire import as_list, as_object, c7_area
from camtui.api.http import HttpSession
from camtui.api.models import CurrentUser, EngineInfo, EngineKind


@c7_area
class C7Info:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def engine(self) -> EngineInfo:
        """`GET /version` needs authentication, so this also proves the credentials work."""
        engines, version = await together(self._http.get("/engine"), self._http.get("/version"))
        # an answer without a version (a web server, a login page as JSON) is a MalformedResponse
        # naming what came back, with the hint to check that the base URL ends in /engine-rest
        text = as_object(version)["version"]
        if not isinstance(text, str):
            raise TypeError(f"version is {type(text).__name__}")
        # Operaton versions start at 1.x; Camunda 7 at 7.x
        product = "Camunda 7" if text.startswith("7.") else "Operaton"
        listed = as_list(engines)
        name = as_object(listed[0]).get("name") if listed else None
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
        groups, tenants = await together(
            self._http.get("/identity/groups", userId=user),
            self._http.get("/tenant", userMember=user, includingGroupsOfUser=True),
        )
        return CurrentUser(
            id=user,
            groups=tuple(g["id"] for g in as_list(as_object(groups)["groups"])),
            tenants=tuple(t["id"] for t in as_list(tenants)),
        )
