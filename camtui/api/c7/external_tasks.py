"""External tasks on Camunda 7: query, error details, unlock, retries (one or as a batch), priority."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from camtui.api.c7.instances import batch_from
from camtui.api.c7.wire import c7_area, csv, offset_page, parse_date, path_id
from camtui.api.errors import BadRequest
from camtui.api.http import HttpSession, RequestSpec
from camtui.api.models import Batch, ExternalTask, ExternalTaskFilter
from camtui.api.paging import DEFAULT_LIMIT, Page


def _task(task_id: str) -> str:
    return "/external-task/" + path_id(task_id, "external task id")


def external_task_from(dto: Mapping[str, Any]) -> ExternalTask:
    return ExternalTask(
        id=dto["id"],
        topic=dto.get("topicName") or "",
        worker_id=dto.get("workerId"),
        lock_expiration_time=parse_date(dto.get("lockExpirationTime")),
        retries=dto.get("retries"),
        error_message=dto.get("errorMessage"),
        activity_id=dto.get("activityId"),
        process_instance_id=dto.get("processInstanceId"),
        bpmn_process_id=dto.get("processDefinitionKey"),
        suspended=bool(dto.get("suspended")),
        tenant_id=dto.get("tenantId"),
        priority=dto.get("priority"),
        business_key=dto.get("businessKey"),
        create_time=parse_date(dto.get("createTime")),
    )


def filter_params(f: ExternalTaskFilter) -> dict[str, Any]:
    return {
        "externalTaskIdIn": csv(f.ids),
        "topicName": f.topic,
        "workerId": f.worker_id,
        "activityId": f.activity_id,
        "processInstanceId": f.process_instance_id,
        "processDefinitionKey": f.bpmn_process_id,
        "locked": f.locked or None,
        "notLocked": f.not_locked or None,
        "withRetriesLeft": f.with_retries_left or None,
        "noRetriesLeft": f.no_retries_left or None,
    }


@c7_area
class C7ExternalTasks:
    def __init__(self, http: HttpSession) -> None:
        self._http = http

    async def list(
        self, f: ExternalTaskFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[ExternalTask]:
        params = filter_params(f or ExternalTaskFilter())
        return await offset_page(self._http, "/external-task", params, external_task_from, limit=limit, after=after)

    async def get(self, task_id: str) -> ExternalTask:
        return external_task_from(await self._http.get(_task(task_id)))

    async def error_details(self, task_id: str) -> str:
        response = await self._http.request("GET", f"{_task(task_id)}/errorDetails", accept="text/plain, */*")
        return response.text

    def unlock_spec(self, task_id: str) -> RequestSpec:
        return RequestSpec("POST", f"{_task(task_id)}/unlock")

    async def unlock(self, task_id: str) -> None:
        await self._http.send(self.unlock_spec(task_id))

    def set_retries_spec(self, task_id: str, retries: int) -> RequestSpec:
        return RequestSpec("PUT", f"{_task(task_id)}/retries", json_body={"retries": retries})

    async def set_retries(self, task_id: str, retries: int) -> None:
        """Retries > 0 resolve a failedExternalTask incident; a worker can fetch the task again."""
        await self._http.send(self.set_retries_spec(task_id, retries))

    def set_retries_many_spec(self, task_ids: tuple[str, ...], retries: int) -> RequestSpec:
        if not task_ids:
            raise BadRequest("No external tasks to retry.")
        body = {"externalTaskIds": list(task_ids), "retries": retries}
        return RequestSpec("POST", "/external-task/retries-async", json_body=body)

    async def set_retries_many(self, task_ids: tuple[str, ...], retries: int) -> Batch:
        return batch_from(await self._http.send_json(self.set_retries_many_spec(task_ids, retries)))

    def set_priority_spec(self, task_id: str, priority: int) -> RequestSpec:
        return RequestSpec("PUT", f"{_task(task_id)}/priority", json_body={"priority": priority})

    async def set_priority(self, task_id: str, priority: int) -> None:
        await self._http.send(self.set_priority_spec(task_id, priority))
