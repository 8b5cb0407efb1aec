"""Memberships on Camunda 8 (issue 13): who belongs to a role, a group or a tenant, one kind of
member at a time, as the cluster lists them (`/roles/{id}/users/search`, ...)."""

from __future__ import annotations

from camtui.api.models.base import Filter, Model

# the owners and the kinds of member the cluster lists for each (its REST API v2 paths)
OWNER_MEMBERS: dict[str, tuple[str, ...]] = {
    "roles": ("users", "groups", "clients", "mapping-rules"),
    "groups": ("users", "clients", "mapping-rules", "roles"),
    "tenants": ("users", "groups", "roles", "clients", "mapping-rules"),
}

# a kind of member (or owner) in words
WORDS: dict[str, str] = {
    "users": "user",
    "groups": "group",
    "roles": "role",
    "tenants": "tenant",
    "clients": "client",
    "mapping-rules": "mapping rule",
}


class Member(Model):
    """One member (`id`, of `kind`) of one owner (`owner_id`, of `owner`: roles, groups, tenants)."""

    owner: str
    owner_id: str
    kind: str
    id: str

    @property
    def key(self) -> str:
        return f"{self.owner}/{self.owner_id}/{self.kind}/{self.id}"


class MemberQuery(Filter):
    """The members of one kind of one owner; no owner lists nothing."""

    owner: str = ""
    owner_id: str = ""
    kind: str = "users"
