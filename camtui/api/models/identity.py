"""Users, groups, tenants and authorizations."""

from __future__ import annotations

from enum import StrEnum

from camtui.api.models.base import Filter, Model, SortOrder


class User(Model):
    id: str
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None


class Group(Model):
    id: str
    name: str | None = None
    type: str | None = None


class Tenant(Model):
    id: str
    name: str | None = None


class AuthorizationType(StrEnum):
    GLOBAL = "global"
    GRANT = "grant"
    REVOKE = "revoke"


class Authorization(Model):
    id: str
    # GLOBAL/GRANT/REVOKE: Camunda 7 only; GRANT on Camunda 8 (whose authorizations only grant)
    type: AuthorizationType
    permissions: tuple[str, ...]
    user_id: str | None = None
    group_id: str | None = None
    # by name, e.g. "PROCESS_DEFINITION"; never the engine's number
    resource_type: str
    resource_id: str
    # Camunda 8 names its owner by type (USER, GROUP, ROLE, CLIENT, MAPPING_RULE) and id; None on Camunda 7
    owner_type: str | None = None
    owner_id: str | None = None


class UserFilter(Filter):
    id: str | None = None
    first_name_like: str | None = None
    last_name_like: str | None = None
    email_like: str | None = None
    member_of_group: str | None = None
    member_of_tenant: str | None = None
    # issue 13 (audit): sorted by the engine (id, first_name, last_name on Camunda 7, email)
    sort_by: str | None = None
    sort_order: SortOrder = SortOrder.ASC


class GroupFilter(Filter):
    id: str | None = None
    name_like: str | None = None
    type: str | None = None
    member: str | None = None
    member_of_tenant: str | None = None
    # issue 13 (audit): sorted by the engine (id, name, type on Camunda 7)
    sort_by: str | None = None
    sort_order: SortOrder = SortOrder.ASC


class TenantFilter(Filter):
    id: str | None = None
    name_like: str | None = None
    user_member: str | None = None
    group_member: str | None = None
    # issue 13 (audit): sorted by the engine (id, name, key on Camunda 8)
    sort_by: str | None = None
    sort_order: SortOrder = SortOrder.ASC


class AuthorizationFilter(Filter):
    type: AuthorizationType | None = None
    user_ids: tuple[str, ...] = ()
    group_ids: tuple[str, ...] = ()
    resource_type: str | None = None
    resource_id: str | None = None
