"""Camunda 7 wire format: dates, variables, paging parameters. One place, used by every area."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from camtui.api.http import HttpSession
from camtui.api.models.base import SortOrder
from camtui.api.models.variables import Variable, VariableValue
from camtui.api.paging import DEFAULT_LIMIT, Page, offset_token, read_offset_token

T = TypeVar("T")


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
    info = dto.get("valueInfo") or {}
    return Variable(
        name=name,
        type=str(dto.get("type") or "Null"),
        value=dto.get("value"),
        object_type_name=info.get("objectTypeName"),
        serialization_format=info.get("serializationDataFormat"),
        filename=info.get("filename"),
        mime_type=info.get("mimeType"),
        encoding=info.get("encoding"),
    )


def variables_in(body: Mapping[str, Any] | None) -> tuple[Variable, ...]:
    return tuple(variable_in(name, dto) for name, dto in sorted((body or {}).items()))


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
    """GET `path` with firstResult/maxResults and its `/count` twin, concurrently."""
    offset = read_offset_token(after)
    query = {**params, "firstResult": offset, "maxResults": limit}
    counted = {k: v for k, v in (count_params or params).items() if k not in ("sortBy", "sortOrder")}
    rows, total = await asyncio.gather(http.get(path, **query), count(http, f"{path}/count", counted))
    items = tuple(parse(row) for row in rows or [])
    end = offset + len(items)
    return Page(items=items, total=total, next=offset_token(end) if end < total and items else None)


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
    count_call = http.json("POST", f"{path}/count", json_body=counted, mutating=False)
    rows, counted_body = await asyncio.gather(rows_call, count_call)
    items = tuple(parse(row) for row in rows or [])
    total = int(counted_body["count"])
    end = offset + len(items)
    return Page(items=items, total=total, next=offset_token(end) if end < total and items else None)


async def count(http: HttpSession, path: str, params: Mapping[str, Any]) -> int:
    body = await http.get(path, **params)
    return int(body["count"])
