"""Members of a role, group or tenant on Camunda 8 (issue 13): the child lists under each one's
detail, one per kind of member the cluster lists (users, groups, roles, clients, mapping rules),
with `+` to add and `-` to remove through the runner. `camtui get members --role ID --members users` lists them too."""

from __future__ import annotations

import argparse
from typing import Any

from camtui.api.capabilities import Capability
from camtui.api.errors import BadRequest
from camtui.api.models.memberships import OWNER_MEMBERS, WORDS, Member, MemberQuery
from camtui.api.paging import Page
from camtui.api.protocol import Engine, mapping_rules_of, memberships_of
from camtui.kinds.base import Child, Column, Kind, Priority
from camtui.kinds.c8_actions import MEMBER_ACTIONS, MEMBER_ADD, MEMBER_REMOVE
from camtui.kinds.format import cell

TITLES = {
    "users": "Users",
    "groups": "Groups",
    "roles": "Roles",
    "clients": "Clients",
    "mapping-rules": "Mapping rules",
}


def member_lists(owner: str) -> tuple[Child, ...]:
    """The child lists of one owner (`roles`, `groups`, `tenants`): one per kind of member."""
    return tuple(
        Child(
            TITLES[kind],
            "members",
            lambda owner_id, kind=kind: MemberQuery(owner=owner, owner_id=owner_id, kind=kind),  # type: ignore[misc]
            actions=MEMBER_ACTIONS,
        )
        for kind in OWNER_MEMBERS[owner]
    )


async def fetch_members(engine: Engine, query: MemberQuery, after: str | None, limit: int) -> Page[Member]:
    if not query.owner or not query.owner_id:
        # `:members` alone: a role's, group's or tenant's detail lists them
        return Page(items=(), total=0)
    if query.kind not in OWNER_MEMBERS.get(query.owner, ()):
        raise BadRequest(f"A {WORDS.get(query.owner, query.owner)} has no {query.kind} members on Camunda 8.")
    ids = await memberships_of(engine, query.owner).members(query.owner_id, query.kind)
    items = tuple(Member(owner=query.owner, owner_id=query.owner_id, kind=query.kind, id=i) for i in ids)
    return Page(items=items, total=len(items))


def parse_key(key: str) -> Member:
    owner, owner_id, kind, member_id = [*key.split("/", 3), "", "", ""][:4]
    if not member_id:
        raise BadRequest(f"{key!r} names no member: OWNER/ID/KIND/MEMBER, e.g. roles/ops/users/mary.")
    return Member(owner=owner, owner_id=owner_id, kind=kind, id=member_id)


async def get_member(engine: Engine, key: str) -> Member:
    member = parse_key(key)
    if member.id not in await memberships_of(engine, member.owner).members(member.owner_id, member.kind):
        raise BadRequest(f"{WORDS.get(member.kind, member.kind)} {member.id} is not a member of {member.owner_id}.")
    return member


async def describe_member(engine: Engine, key: str) -> dict[str, Any]:
    """The member itself, as its own kind describes it (a client is only its id)."""
    from camtui.kinds import c8, identity

    member = parse_key(key)
    describe = {
        "users": identity.describe_user,
        "groups": identity.describe_group,
        "tenants": identity.describe_tenant,
        "roles": c8.describe_role,
    }.get(member.kind)
    of = {"member of": f"{WORDS.get(member.owner, member.owner)} {member.owner_id}"}
    if describe is not None:
        return of | await describe(engine, member.id)
    if member.kind == "mapping-rules":
        return of | (await mapping_rules_of(engine).get(member.id)).model_dump(mode="json")
    return of | {"client": member.id}


def member_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--role", help="the members of this role")
    p.add_argument("--group", help="the members of this group")
    p.add_argument("--tenant", help="the members of this tenant")
    p.add_argument(
        "--members",
        default="users",
        choices=("users", "groups", "roles", "clients", "mapping-rules"),
        help="which members (default: users)",
    )


def member_query(a: argparse.Namespace) -> MemberQuery:
    owners = [(o, v) for o, v in (("roles", a.role), ("groups", a.group), ("tenants", a.tenant)) if v]
    if not owners:
        # lists nothing: the members are always some role's, group's or tenant's
        return MemberQuery()
    if len(owners) > 1:
        raise BadRequest("Name one role, group or tenant: --role ID, --group ID or --tenant ID.")
    owner, owner_id = owners[0]
    if a.members not in OWNER_MEMBERS[owner]:
        raise BadRequest(f"A {WORDS[owner]}'s members are {', '.join(OWNER_MEMBERS[owner])}; not {a.members!r}.")
    return MemberQuery(owner=owner, owner_id=owner_id, kind=a.members)


MEMBERS = Kind[Member](
    name="members",
    singular="member",
    aliases=("membership", "memberships"),
    title="Members",
    capability=Capability.IDENTITY_MEMBERSHIPS,
    columns=(
        Column("id", "MEMBER", lambda m: cell(m.id), 30, 8, Priority.ALWAYS, grow=True),
        Column("kind", "KIND", lambda m: WORDS.get(m.kind, m.kind), 12, 4, Priority.HIGH),
        Column("of", "OF", lambda m: cell(f"{WORDS.get(m.owner, m.owner)} {m.owner_id}"), 24, 8, Priority.NORMAL),
    ),
    fetch=fetch_members,
    new_query=MemberQuery,
    get=get_member,
    describe=describe_member,
    key_of=lambda m: m.key,
    label_of=lambda m: f"{WORDS.get(m.kind, m.kind)} {m.id}",
    actions=(MEMBER_REMOVE,),
    # `+` under a detail adds to the owner its list shows (the list's query gives owner, id and kind)
    create=MEMBER_ADD,
    cli_flags=member_flags,
    cli_query=member_query,
    cli_help="the members of a role, group or tenant, one kind at a time (Camunda 8)",
    fields=("id", "kind", "owner", "owner_id"),
)
