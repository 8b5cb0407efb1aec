"""What the fake identity areas share: finding a user, group or tenant, or failing as the engine does."""

from __future__ import annotations

from camtui.api.models import Group, Tenant, User
from tests.fakes.core import FakeCore


def user_of(core: FakeCore, user_id: str) -> User:
    found = core.data.users.get(user_id)
    if found is None:
        raise core.missing("User", user_id)
    return found


def group_of(core: FakeCore, group_id: str) -> Group:
    found = core.data.groups.get(group_id)
    if found is None:
        raise core.missing("Group", group_id)
    return found


def tenant_of(core: FakeCore, tenant_id: str) -> Tenant:
    found = core.data.tenants.get(tenant_id)
    if found is None:
        raise core.missing("Tenant", tenant_id)
    return found
