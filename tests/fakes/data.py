"""The fake engines' in-memory state, and the domain rules every area (and the demo builder) shares.

Models are the service layer's frozen models, kept in insertion-ordered dicts by id; a change
replaces a model with `model_copy(update=...)`. `FakeData` compares by value, so a test can snapshot
it with `copy.deepcopy` and assert that a refused change left it equal.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel

from camtui.api.models import (
    Authorization,
    Batch,
    Comment,
    DefinitionKind,
    DeployedDefinition,
    Deployment,
    DeploymentResult,
    ExternalTask,
    Group,
    Incident,
    Job,
    JobDefinition,
    ProcessDefinition,
    ProcessInstance,
    Resource,
    Tenant,
    User,
    UserTask,
    Variable,
    VariableValue,
)
from tests.fakes import bpmn
from tests.fakes.flavours import Flavour, make_id

BASE_TIME = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
BPMN_SUFFIXES = (".bpmn20.xml", ".bpmn")
M = TypeVar("M", bound=BaseModel)

PROCESS_NAME = re.compile(rb"<(?:\w+:)?process\b[^>]*?\bname=\"([^\"]*)\"")


@dataclass(frozen=True)
class StoredResource:
    resource: Resource
    content: bytes


@dataclass(frozen=True)
class Position:
    """Where a process instance waits: one activity instance. The activity tree is built from these."""

    id: str
    activity_id: str
    activity_name: str | None = None
    activity_type: str = "receiveTask"


def bpmn_process_id_of(resource_name: str) -> str | None:
    """A BPMN resource's process id, as the fake reads it: its file name stem (`invoice.bpmn` -> `invoice`)."""
    lowered = resource_name.lower()
    for suffix in BPMN_SUFFIXES:
        if lowered.endswith(suffix):
            return resource_name.rsplit("/", 1)[-1][: -len(suffix)]
    return None


def process_name(content: bytes) -> str | None:
    found = PROCESS_NAME.search(content)
    return html.unescape(found.group(1).decode("utf-8", "replace")) if found else None


def change(store: dict[str, M], item_id: str, **fields: Any) -> M:
    """Change fields of a frozen model in one of the stores; returns the new model."""
    store[item_id] = changed = store[item_id].model_copy(update=fields)
    return changed


def variable_from(name: str, value: VariableValue) -> Variable:
    """A value as the engine would store it: the given type, or one inferred from the JSON value."""
    raw = value.value
    if value.type is not None:
        kind = value.type
    elif raw is None:
        kind = "Null"
    elif isinstance(raw, bool):
        kind = "Boolean"
    elif isinstance(raw, int):
        kind = "Integer" if -(2**31) <= raw < 2**31 else "Long"
    elif isinstance(raw, float):
        kind = "Double"
    elif isinstance(raw, datetime):
        kind = "Date"
    else:
        kind = "String"
    if isinstance(raw, datetime):
        raw = raw.isoformat()
    return Variable(
        name=name,
        type=kind,
        value=raw,
        object_type_name=value.object_type_name,
        serialization_format=value.serialization_format,
    )


@dataclass
class FakeData:
    """Everything one fake engine knows. Build one with `FakeData.demo(flavour)` or `FakeData(flavour)`."""

    flavour: Flavour = "c7"
    deployments: dict[str, Deployment] = field(default_factory=dict)
    # by deployment id
    resources: dict[str, list[StoredResource]] = field(default_factory=dict)
    definitions: dict[str, ProcessDefinition] = field(default_factory=dict)
    instances: dict[str, ProcessInstance] = field(default_factory=dict)
    # by instance id, then variable name
    variables: dict[str, dict[str, Variable]] = field(default_factory=dict)
    # bytes of File variables, by (instance id, name)
    files: dict[tuple[str, str], bytes] = field(default_factory=dict)
    # by instance id
    positions: dict[str, list[Position]] = field(default_factory=dict)
    incidents: dict[str, Incident] = field(default_factory=dict)
    jobs: dict[str, Job] = field(default_factory=dict)
    external_tasks: dict[str, ExternalTask] = field(default_factory=dict)
    # by job or external task id
    stacktraces: dict[str, str] = field(default_factory=dict)
    job_definitions: dict[str, JobDefinition] = field(default_factory=dict)
    tasks: dict[str, UserTask] = field(default_factory=dict)
    # by task id
    candidate_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    comments: dict[str, list[Comment]] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    tenants: dict[str, Tenant] = field(default_factory=dict)
    # (group id, user id)
    group_members: set[tuple[str, str]] = field(default_factory=set)
    # (tenant id, user id) and (tenant id, group id)
    tenant_users: set[tuple[str, str]] = field(default_factory=set)
    tenant_groups: set[tuple[str, str]] = field(default_factory=set)
    authorizations: dict[str, Authorization] = field(default_factory=dict)
    batches: dict[str, Batch] = field(default_factory=dict)
    # jobs of a batch that failed (its targets were gone), by batch id
    batch_failures: dict[str, int] = field(default_factory=dict)
    serial: int = 0
    # the engine's "now": advances a second with every change, so times are increasing and repeatable
    clock: datetime = BASE_TIME

    @classmethod
    def demo(
        cls,
        flavour: Flavour = "c7",
        *,
        deployments: int = 250,
        instances: int = 300,
        incidents: int = 12,
        tasks: int = 100,
    ) -> FakeData:
        """Deterministic demo data; see `tests.fakes.demo` for what is in it."""
        from tests.fakes.demo import build_demo

        return build_demo(flavour, deployments=deployments, instances=instances, incidents=incidents, tasks=tasks)

    # -- ids and time -----------------------------------------------------------------------------

    def new_id(self) -> str:
        self.serial += 1
        return make_id(self.flavour, self.serial)

    def tick(self) -> datetime:
        self.clock += timedelta(seconds=1)
        return self.clock

    def activity_instance_id(self, activity_id: str) -> str:
        return self.new_id() if self.flavour == "c8" else f"{activity_id}:{self.new_id()}"

    # -- queries several areas share --------------------------------------------------------------

    def instances_of_deployment(self, deployment_id: str) -> tuple[ProcessInstance, ...]:
        ids = {d.id for d in self.definitions.values() if d.deployment_id == deployment_id}
        return tuple(i for i in self.instances.values() if i.definition_id in ids)

    def definitions_of(self, bpmn_process_id: str, tenant_id: str | None) -> tuple[ProcessDefinition, ...]:
        return tuple(
            d for d in self.definitions.values() if d.bpmn_process_id == bpmn_process_id and d.tenant_id == tenant_id
        )

    def latest(self, bpmn_process_id: str, tenant_id: str | None) -> ProcessDefinition | None:
        return max(self.definitions_of(bpmn_process_id, tenant_id), key=lambda d: d.version, default=None)

    def groups_of(self, user_id: str) -> tuple[str, ...]:
        return tuple(sorted(g for g, u in self.group_members if u == user_id))

    def tenants_of(self, user_id: str) -> tuple[str, ...]:
        groups = set(self.groups_of(user_id))
        direct = {t for t, u in self.tenant_users if u == user_id}
        via = {t for t, g in self.tenant_groups if g in groups}
        return tuple(sorted(direct | via))

    def content_of(self, definition: ProcessDefinition) -> bytes:
        for stored in self.resources.get(definition.deployment_id or "", []):
            if stored.resource.name == definition.resource:
                return stored.content
        return b""

    # -- changes ----------------------------------------------------------------------------------

    def deploy(
        self,
        name: str,
        files: Iterable[tuple[str, bytes]],
        *,
        tenant_id: str | None = None,
        source: str | None = None,
        time: datetime | None = None,
        duplicate_filtering: bool = False,
        changed_only: bool = False,
    ) -> DeploymentResult:
        """Create a deployment; every BPMN file brings the next version of its process."""
        files = tuple(files)
        if duplicate_filtering or changed_only:
            previous = max(
                (d for d in self.deployments.values() if d.name == name and d.tenant_id == tenant_id),
                key=lambda d: (d.deployment_time or BASE_TIME, d.id),
                default=None,
            )
            if previous is not None:
                old = {r.resource.name: r.content for r in self.resources.get(previous.id, [])}
                if changed_only:
                    files = tuple((n, c) for n, c in files if old.get(n) != c)
                # nothing new: the engine answers with the deployment that already has these files
                if not files or (duplicate_filtering and dict(files) == old):
                    return DeploymentResult(deployment=previous)
        if time is None:
            time = self.tick()
        else:
            self.clock = max(self.clock, time)
        deployment = Deployment(id=self.new_id(), name=name, source=source, tenant_id=tenant_id, deployment_time=time)
        self.deployments[deployment.id] = deployment
        stored = [
            StoredResource(Resource(id=self.new_id(), name=file_name, deployment_id=deployment.id), content)
            for file_name, content in files
        ]
        self.resources[deployment.id] = stored
        deployed: list[DeployedDefinition] = []
        for item in stored:
            process_id = bpmn_process_id_of(item.resource.name)
            if process_id is None:
                continue
            latest = self.latest(process_id, tenant_id)
            version = latest.version + 1 if latest else 1
            definition_id = self.new_id() if self.flavour == "c8" else f"{process_id}:{version}:{self.new_id()}"
            definition = ProcessDefinition(
                id=definition_id,
                bpmn_process_id=process_id,
                name=process_name(item.content),
                version=version,
                deployment_id=deployment.id,
                resource=item.resource.name,
                tenant_id=tenant_id,
                history_time_to_live=180 if self.flavour == "c7" else None,
            )
            self.definitions[definition.id] = definition
            deployed.append(
                DeployedDefinition(
                    kind=DefinitionKind.PROCESS,
                    id=definition.id,
                    model_id=process_id,
                    name=definition.name,
                    version=version,
                    resource=definition.resource,
                    tenant_id=tenant_id,
                )
            )
        deployed.sort(key=lambda d: (d.kind.value, d.model_id))
        return DeploymentResult(deployment=deployment, definitions=tuple(deployed))

    def start(
        self,
        definition: ProcessDefinition,
        *,
        business_key: str | None = None,
        variables: Mapping[str, VariableValue] | None = None,
        suspended: bool = False,
        waiting_at: Position | None = None,
    ) -> ProcessInstance:
        """A new instance, waiting at `waiting_at` (by default the process's receive task)."""
        self.tick()
        instance = ProcessInstance(
            id=self.new_id(),
            definition_id=definition.id,
            bpmn_process_id=definition.bpmn_process_id,
            business_key=business_key,
            suspended=suspended,
            tenant_id=definition.tenant_id,
        )
        self.instances[instance.id] = instance
        self.variables[instance.id] = {name: variable_from(name, v) for name, v in (variables or {}).items()}
        if waiting_at is None:
            waiting_at = Position(self.activity_instance_id("Wait_Payment"), "Wait_Payment", "Wait for payment")
        self.positions[instance.id] = [waiting_at]
        return instance

    def enter(self, instance: ProcessInstance, activity_id: str) -> None:
        """The instance starts waiting at an activity (a user task there becomes a task)."""
        definition = self.definitions.get(instance.definition_id or "")
        found = bpmn.element(self.content_of(definition), activity_id) if definition else None
        kind, name = found or ("task", None)
        if kind == "endEvent":
            return
        position = Position(self.activity_instance_id(activity_id), activity_id, name, kind)
        self.positions.setdefault(instance.id, []).append(position)
        if kind == "userTask":
            task_id = self.new_id()
            self.tasks[task_id] = UserTask(
                id=task_id,
                name=name,
                created=self.tick(),
                priority=50,
                process_definition_id=instance.definition_id,
                process_instance_id=instance.id,
                task_definition_key=activity_id,
                suspended=instance.suspended,
                tenant_id=instance.tenant_id,
            )

    def leave(self, instance_id: str, activity_id: str) -> None:
        """The instance moves on from an activity: to the next one, or it ends (and is gone)."""
        instance = self.instances.get(instance_id)
        if instance is None:
            return
        positions = self.positions.get(instance_id, [])
        left = next((p for p in positions if p.activity_id == activity_id), None)
        if left is not None:
            positions.remove(left)
        definition = self.definitions.get(instance.definition_id or "")
        following = bpmn.following(self.content_of(definition), activity_id) if definition else None
        if following is not None:
            self.enter(instance, following)
        if not self.positions.get(instance_id):
            self.remove_instance(instance_id)

    def remove_instance(self, instance_id: str) -> None:
        """An instance and everything that hangs on it: tasks, incidents, jobs, variables."""
        self.instances.pop(instance_id, None)
        self.variables.pop(instance_id, None)
        self.positions.pop(instance_id, None)
        for key in [k for k in self.files if k[0] == instance_id]:
            del self.files[key]
        for task_id in [t.id for t in self.tasks.values() if t.process_instance_id == instance_id]:
            self.remove_task(task_id)
        for incident_id in [i.id for i in self.incidents.values() if i.process_instance_id == instance_id]:
            del self.incidents[incident_id]
        for job_id in [j.id for j in self.jobs.values() if j.process_instance_id == instance_id]:
            del self.jobs[job_id]
            self.stacktraces.pop(job_id, None)
        for task_id in [t.id for t in self.external_tasks.values() if t.process_instance_id == instance_id]:
            del self.external_tasks[task_id]
            self.stacktraces.pop(task_id, None)

    def remove_task(self, task_id: str) -> None:
        self.tasks.pop(task_id, None)
        self.candidate_groups.pop(task_id, None)
        self.comments.pop(task_id, None)

    def remove_deployment(self, deployment_id: str) -> None:
        """A deployment with its resources, definitions and (the caller checked cascade) their instances."""
        for instance in self.instances_of_deployment(deployment_id):
            self.remove_instance(instance.id)
        for definition_id in [d.id for d in self.definitions.values() if d.deployment_id == deployment_id]:
            del self.definitions[definition_id]
        self.resources.pop(deployment_id, None)
        self.deployments.pop(deployment_id, None)

    def run_batch(
        self, kind: str, ids: tuple[str, ...], store: Mapping[str, object], apply: Callable[[str], None]
    ) -> Batch:
        """A batch that has run by the time it is returned; ids no longer in `store` are its failed jobs."""
        batch = Batch(
            id=self.new_id(),
            type=kind,
            total_jobs=len(ids),
            jobs_created=len(ids),
            create_user_id="demo",
            start_time=self.tick(),
        )
        failed = 0
        for item_id in ids:
            if item_id in store:
                apply(item_id)
            else:
                failed += 1
        self.batches[batch.id] = batch
        self.batch_failures[batch.id] = failed
        return batch

    def set_variables(self, instance_id: str, values: Mapping[str, VariableValue]) -> None:
        current = self.variables.setdefault(instance_id, {})
        for name, value in values.items():
            current[name] = variable_from(name, value)
