"""Users on Camunda 8 (its own identity): username, name, email; password on create and update."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import SecretStr

from camtui.api import errors
from camtui.api.c8.identity import Collection, like, sorted_by
from camtui.api.c8.wire import Fresh, as_object, c8_area, search
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import User, UserFilter
from camtui.api.paging import DEFAULT_LIMIT, Page


def user_from(dto: Mapping[str, Any]) -> User:
    # Camunda 8 has one `name`; it is shown where Camunda 7 shows the first name
    return User(id=dto["username"], first_name=dto.get("name") or None, email=dto.get("email") or None)


def _name(user: User) -> str | None:
    parts = [p for p in (user.first_name, user.last_name) if p]
    return " ".join(parts) if parts else None


# issue 13 (audit): every field the user search sorts by (one name on Camunda 8: the first name)
SORT_NAMES = {"id": "username", "first_name": "name", "email": "email"}


@c8_area
class C8Users:
    def __init__(self, http: HttpSession, fresh: Fresh | None = None) -> None:
        self._http = http
        self._users = Collection(http, "users", "username", fresh)

    async def list(
        self, f: UserFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[User]:
        f = f or UserFilter()
        if f.last_name_like:
            raise errors.BadRequest("Camunda 8 users have one name; filter by first name (the name). Nothing was sent.")
        body = {"username": f.id, "name": like(f.first_name_like), "email": like(f.email_like)}
        sort = sorted_by("users", SORT_NAMES, f.sort_by, f.sort_order)
        if f.member_of_group or f.member_of_tenant:
            # members of a group or tenant: that collection's member search, by username
            owner, owner_id = ("groups", f.member_of_group) if f.member_of_group else ("tenants", f.member_of_tenant)
            path = f"{Collection(self._http, owner, 'id').path(owner_id or '')}/users/search"
            return await search(
                self._http, path, None, lambda dto: User(id=as_object(dto)["username"]), limit=limit, after=after
            )
        return await self._users.search(body, user_from, limit=limit, after=after, sort=sort)

    async def get(self, user_id: str) -> User:
        return await self._users.get(user_id, user_from)

    def create_spec(self, user: User, password: str | SecretStr) -> RequestSpec:
        # a SecretStr in the body: previews and logs show asterisks, only the wire has the password
        secret = password if isinstance(password, SecretStr) else SecretStr(password)
        return self._users.create_spec(
            {"username": user.id, "password": secret, "name": _name(user), "email": user.email}
        )

    async def create(self, user: User, password: str | SecretStr) -> None:
        await self._users.send(self.create_spec(user, password))

    def update_spec(self, user: User) -> RequestSpec:
        return self._users.update_spec(user.id, {"name": _name(user) or "", "email": user.email or ""})

    async def update(self, user: User) -> None:
        await self._users.send(self.update_spec(user))

    def read_spec(self, user_id: str) -> RequestSpec:
        return RequestSpec("GET", self._users.path(user_id))

    def password_spec(self, user_id: str, password: str | SecretStr, current: User | None = None) -> RequestSpec:
        """The update that sets the password and keeps name and email as they are (as read first)."""
        secret = password if isinstance(password, SecretStr) else SecretStr(password)
        kept = current or User(id=user_id, first_name="(as read)", email="(as read)")
        return self._users.update_spec(
            user_id, {"password": secret, "name": _name(kept) or "", "email": kept.email or ""}
        )

    async def change_password(
        self, user_id: str, password: str | SecretStr, authenticated_user_password: str | SecretStr
    ) -> None:
        """Camunda 8 takes the new password in the update, keeping name and email as they are."""
        await self._users.send(self.password_spec(user_id, password, await self.get(user_id)))

    def delete_spec(self, user_id: str) -> RequestSpec:
        return self._users.delete_spec(user_id)

    async def delete(self, user_id: str) -> None:
        await self._users.send(self.delete_spec(user_id))

    async def unlock(self, user_id: str) -> None:
        raise errors.UnsupportedByEngine("Camunda 8 does not lock users out, so there is nothing to unlock.")
