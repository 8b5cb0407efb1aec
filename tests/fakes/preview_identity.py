"""Issue 12's operations (the rest of user tasks, and identity) as each engine family sends them.

C7 follows `camtui.api.c7` exactly (tests/unit/test_fakes.py compares the two); C8 follows REST API v2
(`/v2/users`, `/v2/groups/{id}/users/{username}`, `/v2/authorizations`, PATCH `/v2/user-tasks/{key}`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from pydantic import SecretStr

from camtui.api import errors
from camtui.api import operations as op
from camtui.api.c7.authorizations import AUTH_TYPES, RESOURCE_TYPES
from camtui.api.c7.wire import format_date, variables_out
from camtui.api.c8.wire import format_date as c8_date
from camtui.api.capabilities import Capability
from camtui.api.models import Authorization, AuthorizationType, Group, Tenant, User, UserTask, VariableValue
from camtui.api.plan import PlannedRequest, json_safe

CAPABILITIES: dict[type[op.Operation], Capability] = {
    op.DelegateTask: Capability.TASK_DELEGATE,
    op.ResolveTask: Capability.TASK_DELEGATE,
    op.UpdateTask: Capability.TASK_UPDATE,
    op.CommentTask: Capability.TASK_COMMENTS,
    op.CreateUser: Capability.IDENTITY_USERS,
    op.UpdateUser: Capability.IDENTITY_USERS,
    op.ChangePassword: Capability.IDENTITY_USERS,
    op.DeleteUser: Capability.IDENTITY_USERS,
    op.UnlockUser: Capability.IDENTITY_UNLOCK,
    op.CreateGroup: Capability.IDENTITY_GROUPS,
    op.UpdateGroup: Capability.IDENTITY_GROUPS,
    op.DeleteGroup: Capability.IDENTITY_GROUPS,
    op.GroupMembership: Capability.IDENTITY_GROUPS,
    op.CreateTenant: Capability.IDENTITY_TENANTS,
    op.UpdateTenant: Capability.IDENTITY_TENANTS,
    op.DeleteTenant: Capability.IDENTITY_TENANTS,
    op.TenantMembership: Capability.IDENTITY_TENANTS,
    op.CreateAuthorization: Capability.IDENTITY_AUTHORIZATIONS,
    op.UpdateAuthorization: Capability.IDENTITY_AUTHORIZATIONS,
    op.DeleteAuthorization: Capability.IDENTITY_AUTHORIZATIONS,
}

_TASK = UserTask(id="t1", name="Approve", assignee="mary", priority=50, due=datetime(2030, 1, 2, 3, 4, tzinfo=UTC))
SAMPLES: list[op.Operation] = [
    op.DelegateTask(task_id="t1", user_id="peter"),
    op.ResolveTask(task_id="t1", variables={"ok": VariableValue(value=True, type="Boolean")}),
    op.UpdateTask(task=_TASK),
    op.CommentTask(task_id="t1", message="looked at it"),
    op.CreateUser(user=User(id="mary", first_name="Mary", email="m@x.dev"), password=SecretStr("pw-secret-1")),
    op.UpdateUser(user=User(id="mary", first_name="Mary", last_name="Major")),
    op.ChangePassword(
        user_id="mary", password=SecretStr("pw-secret-2"), authenticated_user_password=SecretStr("pw-secret-3")
    ),
    op.DeleteUser(user_id="mary"),
    op.UnlockUser(user_id="mary"),
    op.CreateGroup(group=Group(id="sales", name="Sales", type="WORKFLOW")),
    op.UpdateGroup(group=Group(id="sales", name="Sales team")),
    op.DeleteGroup(group_id="sales"),
    op.GroupMembership(group_id="sales", user_id="mary", add=True),
    op.CreateTenant(tenant=Tenant(id="acme", name="Acme")),
    op.UpdateTenant(tenant=Tenant(id="acme", name="Acme Ltd")),
    op.DeleteTenant(tenant_id="acme"),
    op.TenantMembership(tenant_id="acme", group_id="sales", add=False),
    op.CreateAuthorization(
        type=AuthorizationType.GRANT, permissions=("READ",), resource_type="PROCESS_DEFINITION", group_id="sales"
    ),
    op.UpdateAuthorization(
        authorization=Authorization(
            id="a1",
            type=AuthorizationType.GRANT,
            permissions=("READ", "UPDATE"),
            user_id="mary",
            resource_type="PROCESS_DEFINITION",
            resource_id="camtui_invoice",
        )
    ),
    op.DeleteAuthorization(authorization_id="a1"),
]


def _q(value: str) -> str:
    return quote(value, safe="")


def _request(method: str, url: str, json_body: Any = None) -> PlannedRequest:
    return PlannedRequest(method=method, url=url, json_body=json_safe(json_body) if json_body is not None else None)


def _profile(u: User) -> dict[str, Any]:
    return {"id": u.id, "firstName": u.first_name, "lastName": u.last_name, "email": u.email}


def c7_requests(base: str, o: op.Operation) -> tuple[PlannedRequest, ...]:
    task = f"{base}/task"
    match o:
        case op.DelegateTask():
            return (_request("POST", f"{task}/{_q(o.task_id)}/delegate", {"userId": o.user_id}),)
        case op.ResolveTask():
            return (_request("POST", f"{task}/{_q(o.task_id)}/resolve", {"variables": variables_out(o.variables)}),)
        case op.UpdateTask(task=t):
            body: dict[str, Any] = {
                "name": t.name,
                "description": t.description,
                "priority": t.priority,
                "assignee": t.assignee,
                "owner": t.owner,
                "delegationState": t.delegation_state,
                "due": format_date(t.due) if t.due else None,
                "followUp": format_date(t.follow_up) if t.follow_up else None,
                "tenantId": t.tenant_id,
            }
            return (_request("PUT", f"{task}/{_q(t.id)}", body),)
        case op.CommentTask():
            return (_request("POST", f"{task}/{_q(o.task_id)}/comment/create", {"message": o.message}),)
        case op.CreateUser():
            body = {"profile": _profile(o.user), "credentials": {"password": o.password}}
            return (_request("POST", f"{base}/user/create", body),)
        case op.UpdateUser():
            return (_request("PUT", f"{base}/user/{_q(o.user.id)}/profile", _profile(o.user)),)
        case op.ChangePassword():
            body = {"password": o.password, "authenticatedUserPassword": o.authenticated_user_password}
            return (_request("PUT", f"{base}/user/{_q(o.user_id)}/credentials", body),)
        case op.DeleteUser():
            return (_request("DELETE", f"{base}/user/{_q(o.user_id)}"),)
        case op.UnlockUser():
            return (_request("POST", f"{base}/user/{_q(o.user_id)}/unlock"),)
        case op.CreateGroup(group=g):
            return (_request("POST", f"{base}/group/create", {"id": g.id, "name": g.name, "type": g.type}),)
        case op.UpdateGroup(group=g):
            return (_request("PUT", f"{base}/group/{_q(g.id)}", {"id": g.id, "name": g.name, "type": g.type}),)
        case op.DeleteGroup():
            return (_request("DELETE", f"{base}/group/{_q(o.group_id)}"),)
        case op.GroupMembership():
            url = f"{base}/group/{_q(o.group_id)}/members/{_q(o.user_id)}"
            return (_request("PUT" if o.add else "DELETE", url),)
        case op.CreateTenant(tenant=t):
            return (_request("POST", f"{base}/tenant/create", {"id": t.id, "name": t.name}),)
        case op.UpdateTenant(tenant=t):
            return (_request("PUT", f"{base}/tenant/{_q(t.id)}", {"id": t.id, "name": t.name}),)
        case op.DeleteTenant():
            return (_request("DELETE", f"{base}/tenant/{_q(o.tenant_id)}"),)
        case op.TenantMembership():
            member = f"user-members/{_q(o.user_id)}" if o.user_id else f"group-members/{_q(o.group_id or '')}"
            return (_request("PUT" if o.add else "DELETE", f"{base}/tenant/{_q(o.tenant_id)}/{member}"),)
        case op.CreateAuthorization():
            glob = o.type is AuthorizationType.GLOBAL
            body = {
                "type": AUTH_TYPES[o.type],
                "permissions": [p.upper() for p in o.permissions],
                "resourceType": RESOURCE_TYPES[o.resource_type.upper()],
                "resourceId": o.resource_id,
                "userId": "*" if glob else o.user_id,
                "groupId": None if glob else o.group_id,
            }
            return (_request("POST", f"{base}/authorization/create", body),)
        case op.UpdateAuthorization(authorization=a):
            body = {
                "permissions": [p.upper() for p in a.permissions],
                "userId": a.user_id,
                "groupId": a.group_id,
                "resourceType": RESOURCE_TYPES[a.resource_type.upper()],
                "resourceId": a.resource_id,
            }
            return (_request("PUT", f"{base}/authorization/{_q(a.id)}", body),)
        case op.DeleteAuthorization():
            return (_request("DELETE", f"{base}/authorization/{_q(o.authorization_id)}"),)
    raise errors.UnsupportedByEngine(f"No preview for {type(o).__name__} on the fake Camunda 7.")


def _c8_authorization(
    user_id: str | None, group_id: str | None, resource_type: str, resource_id: str, permissions: tuple[str, ...]
) -> dict[str, Any]:
    return {
        "ownerId": user_id or group_id,
        "ownerType": "USER" if user_id else "GROUP",
        "resourceType": resource_type.upper(),
        "resourceId": resource_id,
        "permissionTypes": [p.upper() for p in permissions],
    }


def c8_requests(base: str, o: op.Operation) -> tuple[PlannedRequest, ...]:
    match o:
        case op.UpdateTask(task=t):
            changes = {
                "dueDate": c8_date(t.due) if t.due else None,
                "followUpDate": c8_date(t.follow_up) if t.follow_up else None,
                "priority": t.priority,
            }
            changeset = {k: v for k, v in changes.items() if v is not None}
            return (_request("PATCH", f"{base}/user-tasks/{_q(t.id)}", {"changeset": changeset, "action": "update"}),)
        case op.CreateUser(user=u):
            name = " ".join(x for x in (u.first_name, u.last_name) if x) or None
            body = {"username": u.id, "password": o.password, "name": name, "email": u.email}
            return (_request("POST", f"{base}/users", body),)
        case op.UpdateUser(user=u):
            name = " ".join(x for x in (u.first_name, u.last_name) if x)
            return (_request("PUT", f"{base}/users/{_q(u.id)}", {"name": name, "email": u.email or ""}),)
        case op.ChangePassword():
            # read first: the update keeps the user's name and email as they are
            kept = {"password": o.password, "name": "(as read)", "email": "(as read)"}
            return (
                _request("GET", f"{base}/users/{_q(o.user_id)}"),
                _request("PUT", f"{base}/users/{_q(o.user_id)}", kept),
            )
        case op.DeleteUser():
            return (_request("DELETE", f"{base}/users/{_q(o.user_id)}"),)
        case op.CreateGroup(group=g):
            return (_request("POST", f"{base}/groups", {"groupId": g.id, "name": g.name or g.id}),)
        case op.UpdateGroup(group=g):
            return (_request("PUT", f"{base}/groups/{_q(g.id)}", {"name": g.name or g.id}),)
        case op.DeleteGroup():
            return (_request("DELETE", f"{base}/groups/{_q(o.group_id)}"),)
        case op.GroupMembership():
            return (_request("PUT" if o.add else "DELETE", f"{base}/groups/{_q(o.group_id)}/users/{_q(o.user_id)}"),)
        case op.CreateTenant(tenant=t):
            return (_request("POST", f"{base}/tenants", {"tenantId": t.id, "name": t.name or t.id}),)
        case op.UpdateTenant(tenant=t):
            return (_request("PUT", f"{base}/tenants/{_q(t.id)}", {"name": t.name or t.id}),)
        case op.DeleteTenant():
            return (_request("DELETE", f"{base}/tenants/{_q(o.tenant_id)}"),)
        case op.TenantMembership():
            member = f"users/{_q(o.user_id)}" if o.user_id else f"groups/{_q(o.group_id or '')}"
            return (_request("PUT" if o.add else "DELETE", f"{base}/tenants/{_q(o.tenant_id)}/{member}"),)
        case op.CreateAuthorization():
            body = _c8_authorization(o.user_id, o.group_id, o.resource_type, o.resource_id, o.permissions)
            return (_request("POST", f"{base}/authorizations", body),)
        case op.UpdateAuthorization(authorization=a):
            body = _c8_authorization(a.user_id, a.group_id, a.resource_type, a.resource_id, a.permissions)
            return (_request("PUT", f"{base}/authorizations/{_q(a.id)}", body),)
        case op.DeleteAuthorization():
            return (_request("DELETE", f"{base}/authorizations/{_q(o.authorization_id)}"),)
    raise errors.UnsupportedByEngine(f"No preview for {type(o).__name__} on the fake Camunda 8.")
