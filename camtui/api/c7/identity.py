"""Users, groups, tenants, memberships and authorizations on Camunda 7."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from camtui.api import errors
from camtui.api.c7.wire import csv, offset_page
from camtui.api.http import HttpSession
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

# org.camunda.bpm.engine.authorization.Resources: the engine speaks numbers, users speak names
RESOURCE_TYPES: dict[str, int] = {
    "APPLICATION": 0,
    "USER": 1,
    "GROUP": 2,
    "GROUP_MEMBERSHIP": 3,
    "AUTHORIZATION": 4,
    "FILTER": 5,
    "PROCESS_DEFINITION": 6,
    "TASK": 7,
    "PROCESS_INSTANCE": 8,
    "DEPLOYMENT": 9,
    "DECISION_DEFINITION": 10,
    "TENANT": 11,
    "TENANT_MEMBERSHIP": 12,
    "BATCH": 13,
    "DECISION_REQUIREMENTS_DEFINITION": 14,
    "REPORT": 15,
    "DASHBOARD": 16,
    "OPERATION_LOG_CATEGORY": 17,
    "OPTIMIZE": 18,
    "HISTORIC_TASK": 19,
    "HISTORIC_PROCESS_INSTANCE": 20,
    "SYSTEM": 21,
}
RESOURCE_NAMES = {number: name for name, number in RESOURCE_TYPES.items()}
AUTH_TYPES = {AuthorizationType.GLOBAL: 0, AuthorizationType.GRANT: 1, AuthorizationType.REVOKE: 2}
AUTH_TYPE_NAMES = {number: kind for kind, number in AUTH_TYPES.items()}


def _q(value: str) -> str:
    return quote(value, safe="")


def resource_type_number(name: str) -> int:
    try:
        return RESOURCE_TYPES[name.upper()]
    except KeyError:
        known = ", ".join(RESOURCE_TYPES)
        raise errors.BadRequest(f"Unknown resource type {name!r}; use one of {known}.") from None


def user_from(dto: Mapping[str, Any]) -> User:
    return User(id=dto["id"], first_name=dto.get("firstName"), last_name=dto.get("lastName"), email=dto.get("email"))


def group_from(dto: Mapping[str, Any]) -> Group:
    return Group(id=dto["id"], name=dto.get("name"), type=dto.get("type"))


def tenant_from(dto: Mapping[str, Any]) -> Tenant:
    return Tenant(id=dto["id"], name=dto.get("name"))


def authorization_from(dto: Mapping[str, Any]) -> Authorization:
    number = int(dto.get("resourceType") or 0)
    return Authorization(
        id=dto["id"],
        type=AUTH_TYPE_NAMES.get(int(dto.get("type") or 0), AuthorizationType.GLOBAL),
        permissions=tuple(dto.get("permissions") or ()),
        user_id=dto.get("userId"),
        group_id=dto.get("groupId"),
        resource_type=RESOURCE_NAMES.get(number, str(number)),
        resource_id=dto.get("resourceId") or "*",
    )


class C7Identity:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    # users -------------------------------------------------------------------------------------

    async def users(
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
            "sortBy": "userId",
            "sortOrder": "asc",
        }
        return await offset_page(self._http, "/user", params, user_from, limit=limit, after=after)

    async def user(self, user_id: str) -> User:
        body = await self._http.get(f"/user/{_q(user_id)}/profile")
        return user_from(body)

    async def create_user(self, user: User, password: str) -> None:
        profile = {
            "id": user.id,
            "firstName": user.first_name,
            "lastName": user.last_name,
            "email": user.email,
        }
        await self._http.request(
            "POST", "/user/create", json_body={"profile": profile, "credentials": {"password": password}}
        )

    async def update_user(self, user: User) -> None:
        profile = {
            "id": user.id,
            "firstName": user.first_name,
            "lastName": user.last_name,
            "email": user.email,
        }
        await self._http.request("PUT", f"/user/{_q(user.id)}/profile", json_body=profile)

    async def change_password(self, user_id: str, password: str, authenticated_user_password: str) -> None:
        """The engine asks for the password of the user making the change, not of `user_id`."""
        await self._http.request(
            "PUT",
            f"/user/{_q(user_id)}/credentials",
            json_body={"password": password, "authenticatedUserPassword": authenticated_user_password},
        )

    async def delete_user(self, user_id: str) -> None:
        await self._http.request("DELETE", f"/user/{_q(user_id)}")

    async def unlock_user(self, user_id: str) -> None:
        await self._http.request("POST", f"/user/{_q(user_id)}/unlock")

    # groups ------------------------------------------------------------------------------------

    async def groups(
        self, f: GroupFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Group]:
        f = f or GroupFilter()
        params = {
            "id": f.id,
            "nameLike": f.name_like,
            "type": f.type,
            "member": f.member,
            "memberOfTenant": f.member_of_tenant,
            "sortBy": "id",
            "sortOrder": "asc",
        }
        return await offset_page(self._http, "/group", params, group_from, limit=limit, after=after)

    async def group(self, group_id: str) -> Group:
        return group_from(await self._http.get(f"/group/{_q(group_id)}"))

    async def create_group(self, group: Group) -> None:
        await self._http.request(
            "POST", "/group/create", json_body={"id": group.id, "name": group.name, "type": group.type}
        )

    async def update_group(self, group: Group) -> None:
        await self._http.request(
            "PUT",
            f"/group/{_q(group.id)}",
            json_body={"id": group.id, "name": group.name, "type": group.type},
        )

    async def delete_group(self, group_id: str) -> None:
        await self._http.request("DELETE", f"/group/{_q(group_id)}")

    async def add_group_member(self, group_id: str, user_id: str) -> None:
        await self._http.request("PUT", f"/group/{_q(group_id)}/members/{_q(user_id)}")

    async def remove_group_member(self, group_id: str, user_id: str) -> None:
        await self._http.request("DELETE", f"/group/{_q(group_id)}/members/{_q(user_id)}")

    # tenants -----------------------------------------------------------------------------------

    async def tenants(
        self, f: TenantFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Tenant]:
        f = f or TenantFilter()
        params = {
            "id": f.id,
            "nameLike": f.name_like,
            "userMember": f.user_member,
            "groupMember": f.group_member,
            "sortBy": "id",
            "sortOrder": "asc",
        }
        return await offset_page(self._http, "/tenant", params, tenant_from, limit=limit, after=after)

    async def tenant(self, tenant_id: str) -> Tenant:
        return tenant_from(await self._http.get(f"/tenant/{_q(tenant_id)}"))

    async def create_tenant(self, tenant: Tenant) -> None:
        await self._http.request("POST", "/tenant/create", json_body={"id": tenant.id, "name": tenant.name})

    async def update_tenant(self, tenant: Tenant) -> None:
        await self._http.request("PUT", f"/tenant/{_q(tenant.id)}", json_body={"id": tenant.id, "name": tenant.name})

    async def delete_tenant(self, tenant_id: str) -> None:
        await self._http.request("DELETE", f"/tenant/{_q(tenant_id)}")

    async def add_tenant_user(self, tenant_id: str, user_id: str) -> None:
        await self._http.request("PUT", f"/tenant/{_q(tenant_id)}/user-members/{_q(user_id)}")

    async def remove_tenant_user(self, tenant_id: str, user_id: str) -> None:
        await self._http.request("DELETE", f"/tenant/{_q(tenant_id)}/user-members/{_q(user_id)}")

    async def add_tenant_group(self, tenant_id: str, group_id: str) -> None:
        await self._http.request("PUT", f"/tenant/{_q(tenant_id)}/group-members/{_q(group_id)}")

    async def remove_tenant_group(self, tenant_id: str, group_id: str) -> None:
        await self._http.request("DELETE", f"/tenant/{_q(tenant_id)}/group-members/{_q(group_id)}")

    # authorizations ----------------------------------------------------------------------------

    async def authorizations(
        self, f: AuthorizationFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[Authorization]:
        f = f or AuthorizationFilter()
        params = {
            "type": AUTH_TYPES[f.type] if f.type else None,
            "userIdIn": csv(f.user_ids),
            "groupIdIn": csv(f.group_ids),
            "resourceType": resource_type_number(f.resource_type) if f.resource_type else None,
            "resourceId": f.resource_id,
            "sortBy": "resourceType",
            "sortOrder": "asc",
        }
        return await offset_page(self._http, "/authorization", params, authorization_from, limit=limit, after=after)

    async def authorization(self, authorization_id: str) -> Authorization:
        return authorization_from(await self._http.get(f"/authorization/{_q(authorization_id)}"))

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
            raise errors.BadRequest("An authorization names exactly one user or one group.")
        payload = {
            "type": AUTH_TYPES[type],
            "permissions": [p.upper() for p in permissions],
            "resourceType": resource_type_number(resource_type),
            "resourceId": resource_id,
            "userId": "*" if type is AuthorizationType.GLOBAL else user_id,
            "groupId": group_id,
        }
        return authorization_from(await self._http.json("POST", "/authorization/create", json_body=payload))

    async def update_authorization(
        self, authorization_id: str, *, permissions: tuple[str, ...], resource_id: str | None = None
    ) -> None:
        current = await self.authorization(authorization_id)
        payload = {
            "permissions": [p.upper() for p in permissions],
            "userId": current.user_id,
            "groupId": current.group_id,
            "resourceType": RESOURCE_TYPES.get(current.resource_type, 0),
            "resourceId": resource_id or current.resource_id,
        }
        await self._http.request("PUT", f"/authorization/{_q(authorization_id)}", json_body=payload)

    async def delete_authorization(self, authorization_id: str) -> None:
        await self._http.request("DELETE", f"/authorization/{_q(authorization_id)}")
