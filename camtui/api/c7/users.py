"""Users on Camunda 7: profiles, credentials, unlocking."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import SecretStr

from camtui.api.c7.wire import c7_area, offset_page, path_id, sort_params
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import User, UserFilter
from camtui.api.paging import DEFAULT_LIMIT, Page


def _user(user_id: str) -> str:
    return "/user/" + path_id(user_id, "user id")


def user_from(dto: Mapping[str, Any]) -> User:
    return User(id=dto["id"], first_name=dto.get("firstName"), last_name=dto.get("lastName"), email=dto.get("email"))


def _profile(user: User) -> dict[str, Any]:
    return {"id": user.id, "firstName": user.first_name, "lastName": user.last_name, "email": user.email}


# issue 13 (audit): every field this list sorts by on Camunda 7
SORT_NAMES = {"id": "userId", "first_name": "firstName", "last_name": "lastName", "email": "email"}


@c7_area
class C7Users:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def list(
        self, f: UserFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[User]:
        f = f or UserFilter()
        params = {
            "id": f.id,
            "firstNameLike": f.first_name_like,
            "lastNameLike": f.last_name_like,
            "emailLike": f.email_like,
            "memberOfGroup": f.member_of_group,
            "memberOfTenant": f.member_of_tenant,
            # issue 13 (audit): the engine's sort when asked for one, else by id
            **(sort_params(f.sort_by, f.sort_order, SORT_NAMES) or {"sortBy": "userId", "sortOrder": "asc"}),
        }
        return await offset_page(self._http, "/user", params, user_from, limit=limit, after=after)

    async def get(self, user_id: str) -> User:
        body = await self._http.get(f"{_user(user_id)}/profile")
        return user_from(body)

    def create_spec(self, user: User, password: str | SecretStr) -> RequestSpec:
        secret = password if isinstance(password, SecretStr) else SecretStr(password)
        body = {"profile": _profile(user), "credentials": {"password": secret}}
        return RequestSpec("POST", "/user/create", json_body=body)

    async def create(self, user: User, password: str | SecretStr) -> None:
        await self._http.send(self.create_spec(user, password))

    def update_spec(self, user: User) -> RequestSpec:
        return RequestSpec("PUT", f"{_user(user.id)}/profile", json_body=_profile(user))

    async def update(self, user: User) -> None:
        await self._http.send(self.update_spec(user))

    def password_spec(
        self, user_id: str, password: str | SecretStr, authenticated_user_password: str | SecretStr
    ) -> RequestSpec:
        def secret(value: str | SecretStr) -> SecretStr:
            return value if isinstance(value, SecretStr) else SecretStr(value)

        body = {"password": secret(password), "authenticatedUserPassword": secret(authenticated_user_password)}
        return RequestSpec("PUT", f"{_user(user_id)}/credentials", json_body=body)

    async def change_password(
        self, user_id: str, password: str | SecretStr, authenticated_user_password: str | SecretStr
    ) -> None:
        """The engine asks for the password of the user making the change, not of `user_id`."""
        await self._http.send(self.password_spec(user_id, password, authenticated_user_password))

    def delete_spec(self, user_id: str) -> RequestSpec:
        return RequestSpec("DELETE", _user(user_id))

    async def delete(self, user_id: str) -> None:
        await self._http.send(self.delete_spec(user_id))

    def unlock_spec(self, user_id: str) -> RequestSpec:
        return RequestSpec("POST", f"{_user(user_id)}/unlock")

    async def unlock(self, user_id: str) -> None:
        await self._http.send(self.unlock_spec(user_id))
