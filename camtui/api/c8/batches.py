"""Batch operations on Camunda 8 (Camunda 8 only): the view (progress, items), suspend, resume, cancel.
Creating one is the instances area's `batch(kind, filter)`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api.c8.identity import cleaned, sorted_by
from camtui.api.c8.wire import Fresh, as_list, as_object, c8_area, parse_date, path_key, search, until_indexed
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models.cluster import BatchOperation, BatchOperationFilter, BatchOperationItem
from camtui.api.paging import DEFAULT_LIMIT, Page

# issue 13 (audit): every field the batch operation search sorts by (the type is `operationType`
# here, `batchOperationType` in the answer)
SORT_NAMES = {
    "id": "batchOperationKey",
    "type": "operationType",
    "state": "state",
    "start": "startDate",
    "end": "endDate",
    "actor_type": "actorType",
    "actor_id": "actorId",
}
NEWEST_FIRST = [{"field": "startDate", "order": "DESC"}]


def _batch(key: str) -> str:
    return "/batch-operations/" + path_key(key, "batch operation key")


def batch_operation_from(dto: Mapping[str, Any]) -> BatchOperation:
    return BatchOperation(
        id=str(dto["batchOperationKey"]),
        type=str(dto.get("batchOperationType") or ""),
        state=str(dto.get("state") or ""),
        total=int(dto.get("operationsTotalCount") or 0),
        completed=int(dto.get("operationsCompletedCount") or 0),
        failed=int(dto.get("operationsFailedCount") or 0),
        start=parse_date(dto.get("startDate")),
        end=parse_date(dto.get("endDate")),
        errors=tuple(str(as_object(e).get("message") or e) for e in as_list(dto.get("errors") or [])),
        actor_type=dto.get("actorType"),
        actor_id=dto.get("actorId"),
    )


def item_from(dto: Mapping[str, Any]) -> BatchOperationItem:
    pik = dto.get("processInstanceKey")
    return BatchOperationItem(
        batch_operation_id=str(dto["batchOperationKey"]),
        item_key=str(dto["itemKey"]),
        process_instance_id=None if pik is None else str(pik),
        state=str(dto.get("state") or ""),
        error_message=dto.get("errorMessage"),
    )


@c8_area
class C8Batches:
    def __init__(self, http: HttpSession, fresh: Fresh | None = None) -> None:
        self._http = http
        self._fresh = fresh or Fresh()

    async def list(
        self, f: BatchOperationFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[BatchOperation]:
        f = f or BatchOperationFilter()
        sort = sorted_by("batch operations", SORT_NAMES, f.sort_by, f.sort_order) or NEWEST_FIRST
        criteria = cleaned({"state": f.state, "operationType": f.type}) or None

        async def read() -> Page[BatchOperation]:
            return await search(
                self._http,
                "/batch-operations/search",
                criteria,
                batch_operation_from,
                limit=limit,
                after=after,
                sort=sort,
            )

        # the newest first, unfiltered: a batch this client just started belongs on the first page;
        # wait for it (sorted or filtered otherwise, it may rightly be elsewhere or nowhere)
        default_view = f.sort_by is None and criteria is None
        started = self._fresh.recent("batches") if after is None and default_view else frozenset()
        if not started:
            return await read()
        return await until_indexed(
            read, what="the new batch operation", visible=lambda page: started <= {b.id for b in page.items}
        )

    async def get(self, batch_id: str) -> BatchOperation:
        async def read() -> BatchOperation:
            return batch_operation_from(as_object(await self._http.get(_batch(batch_id))))

        if batch_id in self._fresh:
            return await until_indexed(read, what=f"batch operation {batch_id}")
        return await read()

    async def items(
        self, batch_id: str, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[BatchOperationItem]:
        return await search(
            self._http,
            "/batch-operation-items/search",
            {"batchOperationKey": batch_id},
            item_from,
            limit=limit,
            after=after,
        )

    def control_spec(self, batch_id: str, action: str) -> RequestSpec:
        """`action`: suspension, resumption or cancellation."""
        return RequestSpec("POST", f"{_batch(batch_id)}/{action}")

    async def suspend(self, batch_id: str) -> None:
        await self._http.send(self.control_spec(batch_id, "suspension"))

    async def resume(self, batch_id: str) -> None:
        await self._http.send(self.control_spec(batch_id, "resumption"))

    async def cancel(self, batch_id: str) -> None:
        await self._http.send(self.control_spec(batch_id, "cancellation"))
