"""External tasks are Camunda 7's: Camunda 8 has job workers instead (see jobs.py). Every method is
capability-gated out, so the shared protocol holds and nothing is ever sent."""

from __future__ import annotations

from camtui.api import errors
from camtui.api.capabilities import Capability
from camtui.api.models import Batch, ExternalTask, ExternalTaskFilter
from camtui.api.paging import DEFAULT_LIMIT, Page


def _none(capability: Capability) -> errors.UnsupportedByEngine:
    return errors.UnsupportedByEngine("Camunda 8 has no external tasks (it has job workers).", capability=capability)


class C8ExternalTasks:
    async def list(
        self, f: ExternalTaskFilter | None = None, *, limit: int = DEFAULT_LIMIT, after: str | None = None
    ) -> Page[ExternalTask]:
        raise _none(Capability.EXTERNAL_TASK_LIST)

    async def get(self, task_id: str) -> ExternalTask:
        raise _none(Capability.EXTERNAL_TASK_LIST)

    async def error_details(self, task_id: str) -> str:
        raise _none(Capability.EXTERNAL_TASK_LIST)

    async def unlock(self, task_id: str) -> None:
        raise _none(Capability.EXTERNAL_TASK_UNLOCK)

    async def set_retries(self, task_id: str, retries: int) -> None:
        raise _none(Capability.EXTERNAL_TASK_RETRIES)

    async def set_retries_many(self, task_ids: tuple[str, ...], retries: int) -> Batch:
        raise _none(Capability.EXTERNAL_TASK_RETRIES)

    async def set_priority(self, task_id: str, priority: int) -> None:
        raise _none(Capability.EXTERNAL_TASK_PRIORITY)
