"""Authorizations of one resource type as a matrix: a row per user or group and resource id, a column
per permission, each cell grant (✓), revoke (✗) or nothing; global authorizations apart.

Engine-neutral; the console draws it (camtui/ui/screens/auth_matrix.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from camtui.api.models import Authorization, AuthorizationType
from camtui.kinds.permissions import PERMISSIONS

GRANT, REVOKE, NOTHING = "✓", "✗", ""


@dataclass(frozen=True)
class MatrixRow:
    who: str  # "user mary", "group sales", "everyone"
    resource_id: str
    cells: tuple[str, ...]
    authorization: Authorization


@dataclass(frozen=True)
class Matrix:
    resource_type: str
    permissions: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    globals: tuple[MatrixRow, ...]


def owner(a: Authorization) -> str:
    if a.type is AuthorizationType.GLOBAL or a.user_id == "*":
        return "everyone"
    return f"user {a.user_id}" if a.user_id else f"group {a.group_id}"


def cells(a: Authorization, permissions: tuple[str, ...]) -> tuple[str, ...]:
    names = {p.upper() for p in a.permissions}
    mark = REVOKE if a.type is AuthorizationType.REVOKE else GRANT
    return tuple(mark if ("ALL" in names or p in names) else NOTHING for p in permissions)


def build(resource_type: str, authorizations: Iterable[Authorization], *, contains: str = "") -> Matrix:
    """Rows sorted groups first, then users, by name and resource id; `contains` filters rows by who and id."""
    rtype = resource_type.upper()
    perms = PERMISSIONS.get(rtype, ())
    wanted = contains.strip().lower()
    rows: list[MatrixRow] = []
    globals_: list[MatrixRow] = []
    for a in authorizations:
        if a.resource_type.upper() != rtype:
            continue
        row = MatrixRow(owner(a), a.resource_id, cells(a, perms), a)
        if wanted and wanted not in f"{row.who} {row.resource_id}".lower():
            continue
        (globals_ if row.who == "everyone" else rows).append(row)

    def order(r: MatrixRow) -> tuple[bool, str, str, str]:
        return (r.who.startswith("user"), r.who, r.resource_id, r.authorization.type.value)

    return Matrix(rtype, perms, tuple(sorted(rows, key=order)), tuple(sorted(globals_, key=order)))
