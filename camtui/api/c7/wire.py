"""Camunda 7 wire format: ids in paths, dates, variables, paging parameters, the shape of answers.
One place, used by every area."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from camtui.api import errors
from camtui.api.blocking import together
from camtui.api.http import HttpSession, parsed_answers, shown
from camtui.api.models.base import SortOrder
from camtui.api.models.variables import Variable, VariableValue
from camtui.api.paging import DEFAULT_LIMIT, Page, next_offset, read_offset_token, wants_total

T = TypeVar("T")

# Every area class of the engine: a body of the wrong shape becomes MalformedResponse, never a
# KeyError or TypeError (see `parsed_answers`).
c7_area = parsed_answers(
    "Camunda 7",
    hint="Check the base URL: Camunda 7 serves its REST API under /engine-rest (e.g. http://host:8080/engine-rest).",
)

# RFC 3986 unreserved characters: the only ones a path segment carries as they are
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def path_id(value: str, what: str = "id") -> str:
    """`value` (an id, a key, a name) as exactly one segment of a request's path.

    Everything but an unreserved character is percent-encoded (its UTF-8 bytes), so `/`, `?`, `#`,
    `%`, spaces and control characters stay inside the segment. The empty string, `.` and `..`
    cannot be one segment (the URL would lose the segment or climb out of it: `task/../claim` is
    `/claim`), so they are refused with BadRequest before anything is sent; `what` names the value
    in that message ("task id").
    """
    if not isinstance(value, str) or value in ("", ".", ".."):
        raise errors.BadRequest(
            f"Refused the {what} {shown(value)}: it would change the request's URL "
            "(an id in a URL can not be empty, '.' or '..'); nothing was sent."
        )
    try:
        raw = value.encode("utf-8")
    except UnicodeEncodeError:
        raise errors.BadRequest(f"Refused the {what} {shown(value)}: it is not valid text; nothing was sent.") from None
    return "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in raw)


def as_list(body: Any) -> list[Any]:
    """A JSON array the engine answered. Anything else (an object, a string, null, an empty body)
    is a wrong shape: the TypeError becomes MalformedResponse in the area method."""
    if not isinstance(body, list):
        raise TypeError(f"expected a JSON array, got {type(body).__name__}")
    return body


def as_object(body: Any) -> dict[str, Any]:
    """A JSON object the engine answered; anything else is a wrong shape (see `as_list`)."""
    if not isinstance(body, dict):
        raise TypeError(f"expected a JSON object, got {type(body).__name__}")
    return body


def format_date(value: datetime) -> str:
    """C7's `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g. `2013-01-23T14:42:45.000+0200`.

    A naive datetime is taken as local time: the engine compares instants, so the offset matters.
    """
    if value.tzinfo is None:
        value = value.astimezone()
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}" + value.strftime("%z")


def parse_date(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value))


def sort_params(sort_by: str | None, order: SortOrder, names: Mapping[str, str]) -> dict[str, str]:
    if sort_by is None:
        return {}
    if sort_by not in names:
        # issue 13 (audit): a field only Camunda 8's search sorts by, refused in words before sending
        raise errors.BadRequest(f"Camunda 7 sorts this list by {', '.join(names)}, not {sort_by}. Nothing was sent.")
    return {"sortBy": names[sort_by], "sortOrder": order.value}


def csv(values: tuple[str, ...]) -> str | None:
    return ",".join(values) if values else None


def true_or_none(flag: bool) -> bool | None:
    """C7 treats `withoutTenantId=false` like true for some filters: send a flag only when set."""
    return True if flag else None


def variables_out(values: Mapping[str, VariableValue]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name, var in values.items():
        value = var.value
        if isinstance(value, datetime):
            value = format_date(value)
        dto: dict[str, Any] = {"value": value}
        if var.type is not None:
            dto["type"] = var.type
        info = {"objectTypeName": var.object_type_name, "serializationDataFormat": var.serialization_format}
        if any(info.values()):
            dto["valueInfo"] = {k: v for k, v in info.items() if v}
        out[name] = dto
    return out


def variable_in(name: str, dto: Mapping[str, Any]) -> Variable:
    """A `VariableValueDto`: the engine always names the type (`Null` for null)."""
    dto = as_object(dto)
    info = as_object(dto.get("valueInfo") or {})
    return Variable(
        name=name,
        type=str(dto["type"] or "Null"),
        value=dto.get("value"),
        object_type_name=info.get("objectTypeName"),
        serialization_format=info.get("serializationDataFormat"),
        filename=info.get("filename"),
        mime_type=info.get("mimeType"),
        encoding=info.get("encoding"),
    )


def variables_in(body: Any) -> tuple[Variable, ...]:
    """A map of name to `VariableValueDto`; an empty body is a wrong shape, an empty map none."""
    return tuple(variable_in(name, dto) for name, dto in sorted(as_object(body).items()))


async def offset_page(
    http: HttpSession,
    path: str,
    params: Mapping[str, Any],
    parse: Callable[[Any], T],
    *,
    limit: int = DEFAULT_LIMIT,
    after: str | None = None,
    count_params: Mapping[str, Any] | None = None,
) -> Page[T]:
    """GET `path` with firstResult/maxResults, and its `/count` twin at once where the total is wanted."""
    offset = read_offset_token(after)
    query = {**params, "firstResult": offset, "maxResults": limit}
    counted = {k: v for k, v in (count_params or params).items() if k not in ("sortBy", "sortOrder")}
    rows, total = await rows_and_total(http.get(path, **query), offset, lambda: count(http, f"{path}/count", counted))
    items = tuple(parse(row) for row in as_list(rows))
    return Page(items=items, total=total, next=next_offset(offset, len(items), limit, total))


async def post_query_page(
    http: HttpSession,
    path: str,
    body: Mapping[str, Any],
    parse: Callable[[Any], T],
    *,
    limit: int = DEFAULT_LIMIT,
    after: str | None = None,
) -> Page[T]:
    """POST query endpoints (instances, tasks): filter in the body, paging in the query string."""
    offset = read_offset_token(after)
    counted = {k: v for k, v in body.items() if k != "sorting"}
    rows_call: Awaitable[Any] = http.json(
        "POST", path, params={"firstResult": offset, "maxResults": limit}, json_body=body, mutating=False
    )
    rows, total = await rows_and_total(rows_call, offset, lambda: posted_count(http, f"{path}/count", counted))
    items = tuple(parse(row) for row in as_list(rows))
    return Page(items=items, total=total, next=next_offset(offset, len(items), limit, total))


async def rows_and_total(
    rows: Awaitable[Any], offset: int, total: Callable[[], Awaitable[int]]
) -> tuple[Any, int | None]:
    """A page's rows, and its total where one is wanted (`wants_total`), the two requests at once."""
    if not wants_total(offset):
        return await rows, None
    got, counted = await together(rows, total())
    return got, counted


async def count(http: HttpSession, path: str, params: Mapping[str, Any]) -> int:
    return count_of(await http.get(path, **params))


async def posted_count(http: HttpSession, path: str, body: Mapping[str, Any]) -> int:
    return count_of(await http.json("POST", path, json_body=body, mutating=False))


def count_of(body: Any) -> int:
    """A `CountResultDto`: `{"count": n}`, n a whole number (not a bool, not a string)."""
    value = as_object(body)["count"]
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"count is {type(value).__name__}, not a number")
    return value
