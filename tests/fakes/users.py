"""Users: profiles, passwords, unlocking."""

from __future__ import annotations

from camtui.api.capabilities import Capability
from camtui.api.models import User, UserFilter
from camtui.api.paging import DEFAULT_LIMIT, Page
from tests.fakes.core import Area, engine_call
from tests.fakes.identity import user_of
from tests.fakes.paging import like


class FakeUsers(Area):
    area = "users"

    @engine_call(Capability.IDENTITY_USERS)
    async def list(
        self, f: UserFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[User]:
        f = f or UserFilter()
        data = self._data
        found = [
            u
            for u in data.users.values()
            if (f.id is None or u.id == f.id)
            and like(f.first_name_like, u.first_name)
            and like(f.last_name_like, u.last_name)
            and like(f.email_like, u.email)
            and (f.member_of_group is None or (f.member_of_group, u.id) in data.group_members)
            and (f.member_of_tenant is None or (f.member_of_tenant, u.id) in data.tenant_users)
        ]
        return self._core.page(found, limit=limit, after=after)

    @engine_call(Capability.IDENTITY_USERS)
    async def get(self, user_id: str) -> User:
        return user_of(self._core, user_id)

    @engine_call(Capability.IDENTITY_USERS, mutates=True)
    async def create(self, user: User, password: str) -> None:
        if user.id in self._data.users:
            raise self._core.refusal(f"The user with id '{user.id}' already exists.")
        self._data.users[user.id] = user
        self._data.passwords[user.id] = password

    @engine_call(Capability.IDENTITY_USERS, mutates=True)
    async def update(self, user: User) -> None:
        user_of(self._core, user.id)
        self._data.users[user.id] = user

    @engine_call(Capability.IDENTITY_USERS, mutates=True)
    async def change_password(self, user_id: str, password: str, authenticated_user_password: str) -> None:
        """The fake is always authenticated as demo: `authenticated_user_password` must be demo's."""
        user_of(self._core, user_id)
        if authenticated_user_password != self._data.passwords.get("demo"):
            raise self._core.bad_request("The given authenticated user password is not valid.")
        self._data.passwords[user_id] = password

    @engine_call(Capability.IDENTITY_USERS, mutates=True)
    async def delete(self, user_id: str) -> None:
        user_of(self._core, user_id)
        del self._data.users[user_id]
        self._data.passwords.pop(user_id, None)
        self._data.group_members = {(g, u) for g, u in self._data.group_members if u != user_id}
        self._data.tenant_users = {(t, u) for t, u in self._data.tenant_users if u != user_id}

    @engine_call(Capability.IDENTITY_UNLOCK, mutates=True)
    async def unlock(self, user_id: str) -> None:
        """Nobody is ever locked out of the fake; unlocking only checks the user exists."""
        user_of(self._core, user_id)
