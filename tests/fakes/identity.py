"""Users, groups, tenants, memberships and authorizations."""

from __future__ import annotations

from camtui.api.c7.identity import RESOURCE_TYPES as C7_RESOURCE_TYPES
from camtui.api.capabilities import Capability
from camtui.api.models import (
    Authorization,
    AuthorizationFilter,
    AuthorizationType,
    Group,
    GroupFilter,
    Tenant,
    TenantFilter,
    User,
    UserFilter,
)
from camtui.api.paging import DEFAULT_LIMIT, Page
from tests.fakes.core import Area, engine_call
from tests.fakes.paging import like

# Camunda 8's resource types (its authorizations speak names; C7's numbers are the real client's)
C8_RESOURCE_TYPES = (
    "AUTHORIZATION",
    "BATCH",
    "COMPONENT",
    "DECISION_DEFINITION",
    "DECISION_REQUIREMENTS_DEFINITION",
    "DOCUMENT",
    "GROUP",
    "MAPPING_RULE",
    "MESSAGE",
    "PROCESS_DEFINITION",
    "RESOURCE",
    "ROLE",
    "SYSTEM",
    "TENANT",
    "USER",
    "USER_TASK",
)


class FakeIdentity(Area):
    area = "identity"

    # -- users ------------------------------------------------------------------------------------

    @engine_call(Capability.IDENTITY_USERS)
    async def users(
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
    async def user(self, user_id: str) -> User:
        return self._user(user_id)

    @engine_call(Capability.IDENTITY_USERS, mutates=True)
    async def create_user(self, user: User, password: str) -> None:
        if user.id in self._data.users:
            raise self._core.refusal(f"The user with id '{user.id}' already exists.")
        self._data.users[user.id] = user
        self._data.passwords[user.id] = password

    @engine_call(Capability.IDENTITY_USERS, mutates=True)
    async def update_user(self, user: User) -> None:
        self._user(user.id)
        self._data.users[user.id] = user

    @engine_call(Capability.IDENTITY_USERS, mutates=True)
    async def change_password(self, user_id: str, password: str, authenticated_user_password: str) -> None:
        """The fake is always authenticated as demo: `authenticated_user_password` must be demo's."""
        self._user(user_id)
        if authenticated_user_password != self._data.passwords.get("demo"):
            raise self._core.bad_request("The given authenticated user password is not valid.")
        self._data.passwords[user_id] = password

    @engine_call(Capability.IDENTITY_USERS, mutates=True)
    async def delete_user(self, user_id: str) -> None:
        self._user(user_id)
        del self._data.users[user_id]
        self._data.passwords.pop(user_id, None)
        self._data.group_members = {(g, u) for g, u in self._data.group_members if u != user_id}
        self._data.tenant_users = {(t, u) for t, u in self._data.tenant_users if u != user_id}

    @engine_call(Capability.IDENTITY_USERS, mutates=True)
    async def unlock_user(self, user_id: str) -> None:
        """Nobody is ever locked out of the fake; unlocking only checks the user exists."""
        self._user(user_id)

    # -- groups -----------------------------------------------------------------------------------

    @engine_call(Capability.IDENTITY_GROUPS)
    async def groups(
        self, f: GroupFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Group]:
        f = f or GroupFilter()
        data = self._data
        found = [
            g
            for g in data.groups.values()
            if (f.id is None or g.id == f.id)
            and like(f.name_like, g.name)
            and (f.type is None or g.type == f.type)
            and (f.member is None or (g.id, f.member) in data.group_members)
            and (f.member_of_tenant is None or (f.member_of_tenant, g.id) in data.tenant_groups)
        ]
        return self._core.page(found, limit=limit, after=after)

    @engine_call(Capability.IDENTITY_GROUPS)
    async def group(self, group_id: str) -> Group:
        return self._group(group_id)

    @engine_call(Capability.IDENTITY_GROUPS, mutates=True)
    async def create_group(self, group: Group) -> None:
        if group.id in self._data.groups:
            raise self._core.refusal(f"The group with id '{group.id}' already exists.")
        self._data.groups[group.id] = group

    @engine_call(Capability.IDENTITY_GROUPS, mutates=True)
    async def update_group(self, group: Group) -> None:
        self._group(group.id)
        self._data.groups[group.id] = group

    @engine_call(Capability.IDENTITY_GROUPS, mutates=True)
    async def delete_group(self, group_id: str) -> None:
        self._group(group_id)
        del self._data.groups[group_id]
        self._data.group_members = {(g, u) for g, u in self._data.group_members if g != group_id}
        self._data.tenant_groups = {(t, g) for t, g in self._data.tenant_groups if g != group_id}

    @engine_call(Capability.IDENTITY_GROUPS, mutates=True)
    async def add_group_member(self, group_id: str, user_id: str) -> None:
        self._group(group_id)
        self._user(user_id)
        self._data.group_members.add((group_id, user_id))

    @engine_call(Capability.IDENTITY_GROUPS, mutates=True)
    async def remove_group_member(self, group_id: str, user_id: str) -> None:
        self._group(group_id)
        self._data.group_members.discard((group_id, user_id))

    # -- tenants ----------------------------------------------------------------------------------

    @engine_call(Capability.IDENTITY_TENANTS)
    async def tenants(
        self, f: TenantFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Tenant]:
        f = f or TenantFilter()
        data = self._data
        found = [
            t
            for t in data.tenants.values()
            if (f.id is None or t.id == f.id)
            and like(f.name_like, t.name)
            and (f.user_member is None or (t.id, f.user_member) in data.tenant_users)
            and (f.group_member is None or (t.id, f.group_member) in data.tenant_groups)
        ]
        return self._core.page(found, limit=limit, after=after)

    @engine_call(Capability.IDENTITY_TENANTS)
    async def tenant(self, tenant_id: str) -> Tenant:
        return self._tenant(tenant_id)

    @engine_call(Capability.IDENTITY_TENANTS, mutates=True)
    async def create_tenant(self, tenant: Tenant) -> None:
        if tenant.id in self._data.tenants:
            raise self._core.refusal(f"The tenant with id '{tenant.id}' already exists.")
        self._data.tenants[tenant.id] = tenant

    @engine_call(Capability.IDENTITY_TENANTS, mutates=True)
    async def update_tenant(self, tenant: Tenant) -> None:
        self._tenant(tenant.id)
        self._data.tenants[tenant.id] = tenant

    @engine_call(Capability.IDENTITY_TENANTS, mutates=True)
    async def delete_tenant(self, tenant_id: str) -> None:
        self._tenant(tenant_id)
        del self._data.tenants[tenant_id]
        self._data.tenant_users = {(t, u) for t, u in self._data.tenant_users if t != tenant_id}
        self._data.tenant_groups = {(t, g) for t, g in self._data.tenant_groups if t != tenant_id}

    @engine_call(Capability.IDENTITY_TENANTS, mutates=True)
    async def add_tenant_user(self, tenant_id: str, user_id: str) -> None:
        self._tenant(tenant_id)
        self._user(user_id)
        self._data.tenant_users.add((tenant_id, user_id))

    @engine_call(Capability.IDENTITY_TENANTS, mutates=True)
    async def remove_tenant_user(self, tenant_id: str, user_id: str) -> None:
        self._tenant(tenant_id)
        self._data.tenant_users.discard((tenant_id, user_id))

    @engine_call(Capability.IDENTITY_TENANTS, mutates=True)
    async def add_tenant_group(self, tenant_id: str, group_id: str) -> None:
        self._tenant(tenant_id)
        self._group(group_id)
        self._data.tenant_groups.add((tenant_id, group_id))

    @engine_call(Capability.IDENTITY_TENANTS, mutates=True)
    async def remove_tenant_group(self, tenant_id: str, group_id: str) -> None:
        self._tenant(tenant_id)
        self._data.tenant_groups.discard((tenant_id, group_id))

    # -- authorizations ---------------------------------------------------------------------------

    @engine_call(Capability.IDENTITY_AUTHORIZATIONS)
    async def authorizations(
        self, f: AuthorizationFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Authorization]:
        f = f or AuthorizationFilter()
        if f.resource_type is not None:
            self._resource_type(f.resource_type)
        found = [
            a
            for a in self._data.authorizations.values()
            if (f.type is None or a.type is f.type)
            and (not f.user_ids or a.user_id in f.user_ids)
            and (not f.group_ids or a.group_id in f.group_ids)
            and (f.resource_type is None or a.resource_type == f.resource_type.upper())
            and (f.resource_id is None or a.resource_id == f.resource_id)
        ]
        # C7 sorts by resource type, which it numbers; C8 by name
        order = C7_RESOURCE_TYPES if self._flavour == "c7" else {n: i for i, n in enumerate(C8_RESOURCE_TYPES)}
        return self._core.page(found, limit=limit, after=after, field=lambda a: order.get(a.resource_type, -1))

    @engine_call(Capability.IDENTITY_AUTHORIZATIONS)
    async def authorization(self, authorization_id: str) -> Authorization:
        return self._authorization(authorization_id)

    @engine_call(Capability.IDENTITY_AUTHORIZATIONS, mutates=True)
    async def create_authorization(
        self,
        *,
        type: AuthorizationType,
        permissions: tuple[str, ...],
        resource_type: str,
        resource_id: str = "*",
        user_id: str | None = None,
        group_id: str | None = None,
    ) -> Authorization:
        if (user_id is None) == (group_id is None) and type is not AuthorizationType.GLOBAL:
            raise self._core.bad_request("An authorization names exactly one user or one group.")
        authorization = Authorization(
            id=self._data.new_id(),
            type=type,
            permissions=tuple(p.upper() for p in permissions),
            user_id="*" if type is AuthorizationType.GLOBAL else user_id,
            group_id=group_id,
            resource_type=self._resource_type(resource_type),
            resource_id=resource_id,
        )
        self._data.authorizations[authorization.id] = authorization
        return authorization

    @engine_call(Capability.IDENTITY_AUTHORIZATIONS, mutates=True)
    async def update_authorization(
        self, authorization_id: str, *, permissions: tuple[str, ...], resource_id: str | None = None
    ) -> None:
        current = self._authorization(authorization_id)
        self._data.authorizations[authorization_id] = current.model_copy(
            update={
                "permissions": tuple(p.upper() for p in permissions),
                "resource_id": resource_id or current.resource_id,
            }
        )

    @engine_call(Capability.IDENTITY_AUTHORIZATIONS, mutates=True)
    async def delete_authorization(self, authorization_id: str) -> None:
        self._authorization(authorization_id)
        del self._data.authorizations[authorization_id]

    # -- helpers ----------------------------------------------------------------------------------

    def _user(self, user_id: str) -> User:
        found = self._data.users.get(user_id)
        if found is None:
            raise self._core.missing("User", user_id)
        return found

    def _group(self, group_id: str) -> Group:
        found = self._data.groups.get(group_id)
        if found is None:
            raise self._core.missing("Group", group_id)
        return found

    def _tenant(self, tenant_id: str) -> Tenant:
        found = self._data.tenants.get(tenant_id)
        if found is None:
            raise self._core.missing("Tenant", tenant_id)
        return found

    def _authorization(self, authorization_id: str) -> Authorization:
        found = self._data.authorizations.get(authorization_id)
        if found is None:
            raise self._core.missing("Authorization", authorization_id)
        return found

    def _resource_type(self, name: str) -> str:
        known = tuple(C7_RESOURCE_TYPES) if self._flavour == "c7" else C8_RESOURCE_TYPES
        if name.upper() not in known:
            raise self._core.bad_request(f"Unknown resource type {name!r}; use one of {', '.join(known)}.")
        return name.upper()
