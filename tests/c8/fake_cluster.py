"""A fake Camunda 8 Orchestration Cluster: a stateful HTTP server on 127.0.0.1 speaking REST API v2.

Written from the public documentation (no Camunda code or spec text in it). What it does:

- keeps process definitions, instances, user tasks, jobs, incidents, variables, identity
  (users, groups, roles, tenants, mapping rules, authorizations, memberships) and batch operations,
  as the result objects the API answers;
- searches with filters (plain values, `$eq`, `$neq`, `$in`, `$notIn`, `$exists`, `$like`, `$gt`…),
  sort, cursor pages (`page.after`) and totals capped at `total_cap` (`hasMoreTotalItems`);
- eventual consistency: while `indexing_held()` is on, what is created is known to commands but not
  yet to searches and GETs (the secondary storage lags); `release_indexing()` lets it through;
- back-pressure on demand: `overload(n)` answers the next n requests 503 RESOURCE_EXHAUSTED;
- checks EVERY request it receives and every answer it gives against the official spec
  (`tests/c8/spec.py`): a request the spec does not allow is answered 400 and recorded in
  `violations`, and so is an answer of its own that the spec does not allow. The fixture fails the
  test when `violations` is not empty.

Use it as `with FakeCluster() as cluster: ... cluster.url ...` (the base URL ends in /v2).
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import fnmatch
import itertools
import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.c8.spec import NO_BODY, Spec, SpecViolation, load_spec

KEY_BASE = 2251799813685248
DEFAULT = "<default>"

Json = dict[str, Any]


class Problem(Exception):
    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail


def not_found(what: str, key: str) -> Problem:
    return Problem(404, "NOT_FOUND", f"{what} with key '{key}' not found")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# -- filters -------------------------------------------------------------------------------------


def _like(pattern: str, value: str) -> bool:
    return fnmatch.fnmatchcase(value, pattern)


def _holds(condition: Any, value: Any) -> bool:
    """One filter property against one value: a plain value means equality."""
    if not isinstance(condition, dict):
        return _same(condition, value)
    for op, operand in condition.items():
        if op == "$eq" and not _same(operand, value):
            return False
        if op == "$neq" and _same(operand, value):
            return False
        if op == "$exists" and (value is not None) != operand:
            return False
        if op == "$in" and not any(_same(o, value) for o in operand):
            return False
        if op == "$notIn" and any(_same(o, value) for o in operand):
            return False
        if op == "$like" and (value is None or not _like(str(operand), str(value))):
            return False
        if op in ("$gt", "$gte", "$lt", "$lte"):
            if value is None:
                return False
            left, right = _comparable(value), _comparable(operand)
            if op == "$gt" and not left > right:
                return False
            if op == "$gte" and not left >= right:
                return False
            if op == "$lt" and not left < right:
                return False
            if op == "$lte" and not left <= right:
                return False
    return True


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return str(a) == str(b) if a is not None and b is not None else a == b


# -- the state ---------------------------------------------------------------------------------------


@dataclass
class State:
    definitions: dict[str, Json] = field(default_factory=dict)
    xml: dict[str, str] = field(default_factory=dict)
    instances: dict[str, Json] = field(default_factory=dict)
    elements: dict[str, Json] = field(default_factory=dict)
    tasks: dict[str, Json] = field(default_factory=dict)
    jobs: dict[str, Json] = field(default_factory=dict)
    incidents: dict[str, Json] = field(default_factory=dict)
    variables: dict[str, Json] = field(default_factory=dict)
    users: dict[str, Json] = field(default_factory=dict)
    groups: dict[str, Json] = field(default_factory=dict)
    roles: dict[str, Json] = field(default_factory=dict)
    tenants: dict[str, Json] = field(default_factory=dict)
    mapping_rules: dict[str, Json] = field(default_factory=dict)
    authorizations: dict[str, Json] = field(default_factory=dict)
    batches: dict[str, Json] = field(default_factory=dict)
    decisions: dict[str, Json] = field(default_factory=dict)
    decision_instances: dict[str, Json] = field(default_factory=dict)
    messages: list[Json] = field(default_factory=list)
    signals: list[Json] = field(default_factory=list)
    # (tenant or None, name) -> the variable
    cluster_variables: dict[tuple[str | None, str], Json] = field(default_factory=dict)
    audit: list[Json] = field(default_factory=list)
    batch_items: dict[str, list[Json]] = field(default_factory=dict)
    # (collection, id, member kind) -> member ids
    members: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)
    # issue 13: who waits for which message (seeded by add_subscription)
    subscriptions: dict[str, Json] = field(default_factory=dict)
    # issue 13 (audit): the sequence flows each instance took (seeded by take_flow), linked forms by task
    forms: dict[str, Json] = field(default_factory=dict)
    flows: dict[str, list[Json]] = field(default_factory=dict)
    # keys not yet visible to searches and GETs (eventual consistency)
    unindexed: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    body: Any
    status: int


class FakeCluster:
    def __init__(
        self,
        *,
        version: str = "8.8.0",
        total_cap: int = 10000,
        basic_auth: tuple[str, str] | None = None,
        spec: Spec | None = None,
    ) -> None:
        self.version = version
        self.total_cap = total_cap
        self.basic_auth = basic_auth
        self.spec = spec or load_spec()
        self.state = State()
        self.violations: list[str] = []
        self.exchanges: list[Exchange] = []
        self._lock = threading.RLock()
        self._keys = itertools.count(1)
        self._hold_indexing = False
        self._overload: list[tuple[int, str | None]] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life ------------------------------------------------------------------------------------

    def start(self) -> FakeCluster:
        cluster = self

        class Handler(_Handler):
            fake = cluster

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="fake-c8", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start the fake cluster first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v2"

    # -- knobs for tests -------------------------------------------------------------------------

    @contextmanager
    def indexing_held(self) -> Iterator[None]:
        """What is created inside is not searchable (nor readable by GET) until the block ends."""
        self.hold_indexing()
        try:
            yield
        finally:
            self.release_indexing()

    def hold_indexing(self) -> None:
        with self._lock:
            self._hold_indexing = True

    def release_indexing(self) -> None:
        with self._lock:
            self._hold_indexing = False
            self.state.unindexed.clear()

    def overload(self, times: int = 1, *, status: int = 503, retry_after: str | None = None) -> None:
        """The next `times` requests are answered with back-pressure (503 RESOURCE_EXHAUSTED or 429)."""
        with self._lock:
            self._overload.extend([(status, retry_after)] * times)

    def requests(self, method: str | None = None, path_prefix: str = "") -> list[Exchange]:
        with self._lock:
            return [
                e for e in self.exchanges if (method is None or e.method == method) and e.path.startswith(path_prefix)
            ]

    # -- keys --------------------------------------------------------------------------------------

    def new_key(self) -> str:
        return str(KEY_BASE + next(self._keys))

    def _created(self, key: str) -> None:
        if self._hold_indexing:
            self.state.unindexed.add(key)

    def _visible(self, row: Json, key_field: str) -> bool:
        return str(row.get(key_field)) not in self.state.unindexed

    # -- seeding (also what the API's commands do) -------------------------------------------------

    def deploy(self, name: str, content: bytes, tenant_id: str | None = None) -> list[Json]:
        """Deploy one BPMN file: a definition per process in it. Broken XML is the broker's 400."""
        text = content.decode("utf-8", errors="replace")
        if not name.lower().endswith((".bpmn", ".xml")):
            raise Problem(400, "INVALID_ARGUMENT", f"'{name}': unsupported resource type (the fake deploys BPMN)")
        processes = re.findall(r"<(?:\w+:)?process\b[^>]*\bid=\"([^\"]+)\"", text)
        if "<" not in text.strip()[:1] or not processes:
            raise Problem(
                400,
                "INVALID_ARGUMENT",
                "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, "
                f"but encountered the following errors:\n'{name}': Content is not allowed in prolog.",
            )
        tenant = tenant_id or DEFAULT
        out = []
        with self._lock:
            for process_id in processes:
                versions = [d for d in self.state.definitions.values() if d["processDefinitionId"] == process_id]
                for older in versions:
                    older["_latest"] = False
                key = self.new_key()
                names = re.findall(
                    rf"<(?:\w+:)?process\b[^>]*\bid=\"{re.escape(process_id)}\"[^>]*name=\"([^\"]*)\"", text
                )
                definition = {
                    "name": names[0] if names else None,
                    "resourceName": name,
                    "version": len(versions) + 1,
                    "versionTag": None,
                    "processDefinitionId": process_id,
                    "tenantId": tenant,
                    "processDefinitionKey": key,
                    "hasStartForm": False,
                    "state": "ACTIVE",
                    "_latest": True,
                    "_user_tasks": re.findall(
                        r"<(?:\w+:)?userTask\b[^>]*\bid=\"([^\"]+)\"(?:[^>]*name=\"([^\"]*)\")?", text
                    ),
                    "_jobs": re.findall(r"<(?:\w+:)?taskDefinition\b[^>]*\btype=\"([^\"]+)\"", text),
                }
                self.state.definitions[key] = definition
                self.state.xml[key] = text
                self._created(key)
                out.append(definition)
        return out

    def start_instance(self, definition_key: str, variables: Json | None = None, tenant_id: str | None = None) -> Json:
        with self._lock:
            definition = self.state.definitions.get(definition_key)
            if definition is None:
                raise not_found("Process definition", definition_key)
            key = self.new_key()
            instance = {
                "processDefinitionId": definition["processDefinitionId"],
                "processDefinitionName": definition["name"],
                "processDefinitionVersion": definition["version"],
                "processDefinitionVersionTag": None,
                "startDate": now(),
                "endDate": None,
                "state": "ACTIVE",
                "suspendedDate": None,
                "hasIncident": False,
                "tenantId": tenant_id or definition["tenantId"],
                "processInstanceKey": key,
                "processDefinitionKey": definition_key,
                "parentProcessInstanceKey": None,
                "parentElementInstanceKey": None,
                "rootProcessInstanceKey": key,
                "tags": [],
                "businessId": None,
            }
            self.state.instances[key] = instance
            self._created(key)
            for name, value in (variables or {}).items():
                self._set_variable(instance, key, name, value)
            for element_id, element_name in definition["_user_tasks"][:1]:
                self._add_user_task(instance, element_id, element_name or element_id)
            for job_type in definition["_jobs"][:1]:
                self._add_job(instance, job_type)
            return instance

    def call(self, parent_key: str, definition_key: str) -> Json:
        """`parent_key`'s call activity starts an instance of `definition_key` (its parent and root set)."""
        child = self.start_instance(definition_key)
        with self._lock:
            parent = self.state.instances[parent_key]
            child.update(parentProcessInstanceKey=parent_key, rootProcessInstanceKey=parent["rootProcessInstanceKey"])
        return child

    def link_form(self, task_key: str, form_id: str, schema: Json) -> None:
        """The user task gets a linked Camunda Form (`zeebe:formDefinition formId=...`)."""
        with self._lock:
            task = self.state.tasks[task_key]
            task["formKey"] = self.new_key()
            self.state.forms[task_key] = {"formId": form_id, "schema": json.dumps(schema)}

    def take_flow(self, instance_key: str, flow_id: str, element_id: str) -> None:
        """A token of the instance took the sequence flow `flow_id` towards `element_id`."""
        with self._lock:
            instance = self.state.instances[instance_key]
            self.state.flows.setdefault(instance_key, []).append(
                {
                    "sequenceFlowId": flow_id,
                    "processInstanceKey": instance_key,
                    "rootProcessInstanceKey": instance["rootProcessInstanceKey"],
                    "processDefinitionKey": instance["processDefinitionKey"],
                    "processDefinitionId": instance["processDefinitionId"],
                    "elementId": element_id,
                    "tenantId": instance["tenantId"],
                }
            )

    def _element(self, instance: Json, element_id: str, kind: str, name: str | None = None) -> Json:
        key = self.new_key()
        element = {
            "processDefinitionId": instance["processDefinitionId"],
            "startDate": now(),
            "endDate": None,
            "elementId": element_id,
            "elementName": name or element_id,
            "type": kind,
            "state": "ACTIVE",
            "hasIncident": False,
            "tenantId": instance["tenantId"],
            "elementInstanceKey": key,
            "processInstanceKey": instance["processInstanceKey"],
            "rootProcessInstanceKey": instance["processInstanceKey"],
            "processDefinitionKey": instance["processDefinitionKey"],
            "incidentKey": None,
        }
        self.state.elements[key] = element
        self._created(key)
        return element

    def _add_user_task(self, instance: Json, element_id: str, name: str) -> Json:
        element = self._element(instance, element_id, "USER_TASK", name)
        key = self.new_key()
        task = {
            "name": name,
            "state": "CREATED",
            "assignee": None,
            "elementId": element_id,
            "candidateGroups": [],
            "candidateUsers": [],
            "processDefinitionId": instance["processDefinitionId"],
            "creationDate": now(),
            "completionDate": None,
            "followUpDate": None,
            "dueDate": None,
            "tenantId": instance["tenantId"],
            "externalFormReference": None,
            "processDefinitionVersion": instance["processDefinitionVersion"],
            "customHeaders": {},
            "priority": 50,
            "userTaskKey": key,
            "elementInstanceKey": element["elementInstanceKey"],
            "processName": instance["processDefinitionName"],
            "processDefinitionKey": instance["processDefinitionKey"],
            "processInstanceKey": instance["processInstanceKey"],
            "rootProcessInstanceKey": instance["processInstanceKey"],
            "businessId": None,
            "formKey": None,
            "tags": [],
        }
        self.state.tasks[key] = task
        self._created(key)
        return task

    def _add_job(self, instance: Json, job_type: str) -> Json:
        element = self._element(instance, f"{job_type}-task", "SERVICE_TASK")
        key = self.new_key()
        job = {
            "customHeaders": {},
            "deadline": None,
            "deniedReason": None,
            "elementId": element["elementId"],
            "elementInstanceKey": element["elementInstanceKey"],
            "endTime": None,
            "errorCode": None,
            "errorMessage": None,
            "hasFailedWithRetriesLeft": False,
            "isDenied": None,
            "jobKey": key,
            "kind": "BPMN_ELEMENT",
            "listenerEventType": "UNSPECIFIED",
            "processDefinitionId": instance["processDefinitionId"],
            "processDefinitionKey": instance["processDefinitionKey"],
            "processInstanceKey": instance["processInstanceKey"],
            "rootProcessInstanceKey": instance["processInstanceKey"],
            "businessId": None,
            "retries": 3,
            "state": "CREATED",
            "tenantId": instance["tenantId"],
            "type": job_type,
            "worker": "",
            "creationTime": now(),
            "lastUpdateTime": now(),
            "priority": 0,
        }
        self.state.jobs[key] = job
        self._created(key)
        return job

    def fail_job(self, job_key: str, message: str = "worker failed", retries: int = 0) -> Json | None:
        """A worker fails the job; with no retries left, an incident opens (as the broker does)."""
        with self._lock:
            job = self.state.jobs[job_key]
            job.update(state="FAILED", retries=retries, errorMessage=message, lastUpdateTime=now())
            if retries > 0:
                return None
            instance = self.state.instances[job["processInstanceKey"]]
            key = self.new_key()
            incident = {
                "processDefinitionId": job["processDefinitionId"],
                "errorType": "JOB_NO_RETRIES",
                "errorMessage": message,
                "elementId": job["elementId"],
                "creationTime": now(),
                "state": "ACTIVE",
                "tenantId": job["tenantId"],
                "incidentKey": key,
                "processDefinitionKey": job["processDefinitionKey"],
                "processInstanceKey": job["processInstanceKey"],
                "rootProcessInstanceKey": job["processInstanceKey"],
                "elementInstanceKey": job["elementInstanceKey"],
                "jobKey": job_key,
            }
            self.state.incidents[key] = incident
            instance["hasIncident"] = True
            element = self.state.elements[job["elementInstanceKey"]]
            element.update(hasIncident=True, incidentKey=key)
            self._created(key)
            return incident

    def _set_variable(self, instance: Json, scope: str, name: str, value: Any) -> None:
        for row in self.state.variables.values():
            if row["scopeKey"] == scope and row["name"] == name:
                row["value"] = json.dumps(value)
                return
        key = self.new_key()
        self.state.variables[key] = {
            "value": json.dumps(value),
            "isTruncated": False,
            "name": name,
            "tenantId": instance["tenantId"],
            "variableKey": key,
            "scopeKey": scope,
            "processInstanceKey": instance["processInstanceKey"],
            "rootProcessInstanceKey": instance["processInstanceKey"],
        }

    def _end_instance(self, instance: Json, state: str) -> None:
        key = instance["processInstanceKey"]
        instance.update(state=state, endDate=now(), hasIncident=False)
        for element in self.state.elements.values():
            if element["processInstanceKey"] == key and element["state"] == "ACTIVE":
                element.update(state="TERMINATED" if state == "TERMINATED" else "COMPLETED", endDate=now())
        for task in self.state.tasks.values():
            if task["processInstanceKey"] == key and task["state"] == "CREATED":
                task.update(state="CANCELED", completionDate=now())
        for job in self.state.jobs.values():
            if job["processInstanceKey"] == key and job["state"] in ("CREATED", "FAILED", "RETRIES_UPDATED"):
                job.update(state="CANCELED", endTime=now())
        for incident in self.state.incidents.values():
            if incident["processInstanceKey"] == key and incident["state"] == "ACTIVE":
                incident["state"] = "RESOLVED"

    def add_user(self, username: str, name: str = "", email: str = "") -> Json:
        with self._lock:
            user = {"username": username, "name": name, "email": email}
            self.state.users[username] = user
            return user

    # -- dispatch ----------------------------------------------------------------------------------

    def handle(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        for route_method, pattern, handler in ROUTES:
            if route_method != method:
                continue
            found = pattern.match(path)
            if found:
                args = {k: unquote(v) for k, v in found.groupdict().items()}
                with self._lock:
                    return handler(self, body if body is not NO_BODY else None, query, **args)
        raise Problem(404, "NOT_FOUND", f"the fake cluster has no {method} {path}")

    # -- search ------------------------------------------------------------------------------------

    def search(
        self,
        rows: Any,
        body: Json | None,
        key_field: str,
        matches: Callable[[Json, Json], bool] | None = None,
        special: tuple[str, ...] = (),
    ) -> Json:
        body = body or {}
        criteria = dict(body.get("filter") or {})
        visible = [r for r in rows if self._visible(r, key_field)]

        def plain_match(row: Json) -> bool:
            for name, condition in criteria.items():
                if name in special:
                    continue
                if not _holds(condition, row.get(name)):
                    return False
            return matches(criteria, row) if matches else True

        found = [r for r in visible if plain_match(r)]
        for sort in reversed(body.get("sort") or []):
            name = sort["field"]
            found.sort(
                key=lambda r: (r.get(name) is None, _sort_key(r.get(name))),
                reverse=str(sort.get("order", "ASC")).upper() == "DESC",
            )
        page = body.get("page") or {}
        limit = int(page.get("limit", 100))
        offset = int(page.get("from", 0))
        if page.get("after"):
            offset = _read_cursor(page["after"])
        items = found[offset : offset + limit]
        total = len(found)
        return {
            "items": [_public(r) for r in items],
            "page": {
                "totalItems": min(total, self.total_cap),
                "hasMoreTotalItems": total > self.total_cap,
                "startCursor": _cursor(offset) if items else None,
                "endCursor": _cursor(offset + len(items)) if items else None,
            },
        }

    def get(self, table: dict[str, Json], key: str, what: str) -> Json:
        row = table.get(key)
        if row is None or key in self.state.unindexed:
            raise not_found(what, key)
        return _public(row)


def _sort_key(value: Any) -> Any:
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return (0, int(value), "")
    if isinstance(value, (int, float)):
        return (0, value, "")
    return (1, 0, str(value))


def _cursor(offset: int) -> str:
    return base64.b64encode(json.dumps([offset]).encode()).decode()


def _read_cursor(cursor: str) -> int:
    try:
        return int(json.loads(base64.b64decode(cursor))[0])
    except (ValueError, TypeError, IndexError) as exc:
        raise Problem(400, "INVALID_ARGUMENT", f"Invalid cursor: {cursor}") from exc


def _public(row: Json) -> Json:
    return {k: v for k, v in row.items() if not k.startswith("_")}


# -- handlers ------------------------------------------------------------------------------------------

Handler = Callable[..., tuple[int, Any]]
ROUTES: list[tuple[str, re.Pattern[str], Handler]] = []


def route(method: str, template: str) -> Callable[[Handler], Handler]:
    pattern = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template) + "$")

    def register(fn: Handler) -> Handler:
        ROUTES.append((method, pattern, fn))
        return fn

    return register


@route("GET", "/topology")
def _topology(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    partition = {"partitionId": 1, "role": "leader", "health": "healthy", "state": "active"}
    broker = {
        "nodeId": 0,
        "brokerId": "0",
        "host": "127.0.0.1",
        "port": 26501,
        "partitions": [partition],
        "version": c.version,
    }
    return 200, {
        "brokers": [broker],
        "clusterId": "fake-cluster",
        "clusterSize": 1,
        "partitionsCount": 1,
        "replicationFactor": 1,
        "gatewayVersion": c.version,
        "lastCompletedChangeId": "-1",
    }


@route("GET", "/license")
def _license(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    return 200, {"validLicense": False, "licenseType": "unknown", "isCommercial": False, "expiresAt": None}


@route("GET", "/status")
def _status(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    return 204, None


@route("GET", "/authentication/me")
def _me(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    username = c.basic_auth[0] if c.basic_auth else "demo"
    groups = sorted(
        g for (kind, g, m), ids in c.state.members.items() if kind == "groups" and m == "users" and username in ids
    )
    tenants = [
        _public(c.state.tenants[t])
        for (kind, t, m), ids in c.state.members.items()
        if kind == "tenants" and m == "users" and username in ids and t in c.state.tenants
    ]
    return 200, {
        "username": username,
        "displayName": username,
        "email": None,
        "authorizedComponents": ["*"],
        "tenants": tenants,
        "groups": groups,
        "roles": [],
        "salesPlanType": None,
        "c8Links": {},
        "canLogout": True,
    }


@route("POST", "/deployments")
def _deploy(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    files, form = body
    if not files:
        raise Problem(400, "INVALID_ARGUMENT", "Expected to deploy at least one resource")
    tenant = form.get("tenantId")
    deployed: list[Json] = []
    # atomic: every file parses, or nothing is deployed
    for name, content in files:
        if not re.search(rb"<(?:\w+:)?process\b", content):
            c.deploy(name, content, tenant)  # raises the broker's error
    for name, content in files:
        deployed.extend(c.deploy(name, content, tenant))
    deployment_key = c.new_key()
    _audit_deployment(c, deployment_key, deployed)
    return 200, {
        "deploymentKey": deployment_key,
        "tenantId": tenant or DEFAULT,
        "deployments": [
            {
                "processDefinition": {
                    "processDefinitionId": d["processDefinitionId"],
                    "processDefinitionVersion": d["version"],
                    "resourceName": d["resourceName"],
                    "tenantId": d["tenantId"],
                    "processDefinitionKey": d["processDefinitionKey"],
                },
                "decisionDefinition": None,
                "decisionRequirements": None,
                "form": None,
                "resource": None,
            }
            for d in deployed
        ],
    }


def _audit_deployment(c: FakeCluster, deployment_key: str, deployed: list[Json]) -> None:
    """The audit log's record of each deployed resource, with the deployment that brought it (8.9+)."""
    with c._lock:
        for d in deployed:
            entry: Json = dict.fromkeys(AUDIT_FIELDS)
            entry.update(
                auditLogKey=c.new_key(),
                entityKey=d["processDefinitionKey"],
                entityType="RESOURCE",
                operationType="CREATE",
                timestamp=now(),
                actorId=c.basic_auth[0] if c.basic_auth else "demo",
                actorType="USER",
                result="SUCCESS",
                category="DEPLOYED_RESOURCES",
                tenantId=d["tenantId"],
                deploymentKey=deployment_key,
                processDefinitionKey=d["processDefinitionKey"],
                processDefinitionId=d["processDefinitionId"],
            )
            c.state.audit.append(entry)


@route("POST", "/decision-requirements/search")
def _decision_requirements(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    rows = {
        d["decisionRequirementsKey"]: {
            "decisionRequirementsId": d["decisionRequirementsId"],
            "decisionRequirementsKey": d["decisionRequirementsKey"],
            "decisionRequirementsName": d["decisionRequirementsName"],
            "resourceName": f"{d['decisionRequirementsId']}.dmn",
            "tenantId": d["tenantId"],
            "version": d["decisionRequirementsVersion"],
        }
        for d in c.state.decisions.values()
    }
    return 200, c.search(rows.values(), body, "decisionRequirementsKey")


@route("POST", "/resources/{key}/deletion")
def _delete_resource(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    if key not in c.state.definitions:
        raise not_found("Resource", key)
    del c.state.definitions[key]
    return 200, {"resourceKey": key, "batchOperation": None}


@route("POST", "/process-definitions/search")
def _definitions(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    def latest(criteria: Json, row: Json) -> bool:
        return not criteria.get("isLatestVersion") or bool(row["_latest"])

    return 200, c.search(
        c.state.definitions.values(), body, "processDefinitionKey", latest, special=("isLatestVersion",)
    )


@route("GET", "/process-definitions/{key}")
def _definition(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    return 200, c.get(c.state.definitions, key, "Process definition")


@route("GET", "/process-definitions/{key}/xml")
def _xml(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    c.get(c.state.definitions, key, "Process definition")
    return 200, ("text/xml", c.state.xml[key])


@route("POST", "/process-instances")
def _create_instance(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    if "processDefinitionKey" in body:
        key = str(body["processDefinitionKey"])
    else:
        candidates = [
            d
            for d in c.state.definitions.values()
            if d["processDefinitionId"] == body["processDefinitionId"]
            and d["tenantId"] == body.get("tenantId", d["tenantId"])
        ]
        if not candidates:
            # the broker says NOT_FOUND; the spec declares 400 for this operation, so the status is 400
            raise Problem(
                400,
                "NOT_FOUND",
                f"Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID '{body['processDefinitionId']}', but none found",
            )
        key = max(candidates, key=lambda d: d["version"])["processDefinitionKey"]
    instance = c.start_instance(key, body.get("variables"), body.get("tenantId"))
    return 200, {
        "processDefinitionId": instance["processDefinitionId"],
        "processDefinitionVersion": instance["processDefinitionVersion"],
        "tenantId": instance["tenantId"],
        "variables": {},
        "processDefinitionKey": instance["processDefinitionKey"],
        "processInstanceKey": instance["processInstanceKey"],
        "tags": [],
        "businessId": None,
    }


def _instance_matches(c: FakeCluster) -> Callable[[Json, Json], bool]:
    def matches(criteria: Json, row: Json) -> bool:
        for condition in criteria.get("variables") or []:
            values = [
                v["value"]
                for v in c.state.variables.values()
                if v["processInstanceKey"] == row["processInstanceKey"] and v["name"] == condition["name"]
            ]
            if not any(_holds(condition["value"], v) for v in values):
                return False
        if "elementId" in criteria:
            elements = [
                e["elementId"]
                for e in c.state.elements.values()
                if e["processInstanceKey"] == row["processInstanceKey"]
            ]
            if not any(_holds(criteria["elementId"], e) for e in elements):
                return False
        return all(
            _instance_matches_branch(c, branch, row) for branch in ([criteria["$or"]] if "$or" in criteria else [])
        )

    return matches


def _instance_matches_branch(c: FakeCluster, branches: list[Json], row: Json) -> bool:
    return any(all(_holds(v, row.get(k)) for k, v in branch.items()) for branch in branches)


@route("POST", "/process-instances/search")
def _instances(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    answer = c.search(
        c.state.instances.values(),
        body,
        "processInstanceKey",
        _instance_matches(c),
        special=("variables", "elementId", "$or"),
    )
    return 200, answer


@route("GET", "/process-instances/{key}")
def _instance(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    return 200, c.get(c.state.instances, key, "Process instance")


def _live_instance(c: FakeCluster, key: str) -> Json:
    instance = c.state.instances.get(key)
    if instance is None:
        raise not_found("Process instance", key)
    if instance["state"] != "ACTIVE":
        raise Problem(
            404,
            "NOT_FOUND",
            f"Command 'CANCEL' rejected with code 'NOT_FOUND': Expected to cancel a process instance with key '{key}', "
            "but no such process instance was found",
        )
    return instance


@route("POST", "/process-instances/{key}/cancellation")
def _cancel(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    c._end_instance(_live_instance(c, key), "TERMINATED")
    return 204, None


@route("POST", "/process-instances/{key}/modification")
def _modify(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    instance = _live_instance(c, key)
    for ins in body.get("terminateInstructions") or []:
        element = c.state.elements.get(str(ins.get("elementInstanceKey")))
        if element is None or element["processInstanceKey"] != key:
            raise Problem(400, "INVALID_ARGUMENT", f"element instance {ins.get('elementInstanceKey')} is not in {key}")
        element.update(state="TERMINATED", endDate=now())
    for ins in body.get("activateInstructions") or []:
        c._element(instance, ins["elementId"], "TASK")
    return 204, None


@route("POST", "/process-instances/{key}/migration")
def _migrate(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    instance = _live_instance(c, key)
    target = c.state.definitions.get(str(body["targetProcessDefinitionKey"]))
    if target is None:
        raise not_found("Process definition", str(body["targetProcessDefinitionKey"]))
    instance.update(
        processDefinitionKey=target["processDefinitionKey"],
        processDefinitionId=target["processDefinitionId"],
        processDefinitionVersion=target["version"],
    )
    return 204, None


@route("GET", "/process-instances/{key}/call-hierarchy")
def _hierarchy(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    instance = c.get(c.state.instances, key, "Process instance")
    chain = [instance]
    while chain[0]["parentProcessInstanceKey"]:
        chain.insert(0, c.state.instances[chain[0]["parentProcessInstanceKey"]])
    return 200, [
        {
            "processInstanceKey": i["processInstanceKey"],
            "processDefinitionKey": i["processDefinitionKey"],
            "processDefinitionName": i["processDefinitionName"] or i["processDefinitionId"],
        }
        for i in chain
    ]


@route("GET", "/process-instances/{key}/sequence-flows")
def _flows(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    c.get(c.state.instances, key, "Process instance")
    return 200, {"items": c.state.flows.get(key, [])}


@route("POST", "/element-instances/search")
def _elements(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    return 200, c.search(c.state.elements.values(), body, "elementInstanceKey")


@route("PUT", "/element-instances/{key}/variables")
def _set_variables(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    instance = c.state.instances.get(key)
    if instance is None:
        element = c.state.elements.get(key)
        if element is None:
            raise not_found("Element instance", key)
        instance = c.state.instances[element["processInstanceKey"]]
    for name, value in body["variables"].items():
        c._set_variable(instance, key, name, value)
    return 204, None


@route("POST", "/variables/search")
def _variables(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    return 200, c.search(c.state.variables.values(), body, "variableKey")


def _batch(c: FakeCluster, kind: str, body: Json, apply: Callable[[Json], None]) -> tuple[int, Any]:
    criteria = {"filter": body.get("filter") or {}, "page": {"limit": 10000}}
    matched = c.search(
        c.state.instances.values(),
        criteria,
        "processInstanceKey",
        _instance_matches(c),
        ("variables", "elementId", "$or"),
    )
    key = c.new_key()
    items = []
    for row in matched["items"]:
        instance = c.state.instances[row["processInstanceKey"]]
        try:
            apply(instance)
            state, error = "COMPLETED", None
        except Problem as exc:
            state, error = "FAILED", exc.detail
        items.append(
            {
                "operationType": kind,
                "batchOperationKey": key,
                "itemKey": instance["processInstanceKey"],
                "processInstanceKey": instance["processInstanceKey"],
                "rootProcessInstanceKey": instance["processInstanceKey"],
                "state": state,
                "processedDate": now(),
                "errorMessage": error,
            }
        )
    failed = sum(1 for i in items if i["state"] == "FAILED")
    c.state.batches[key] = {
        "batchOperationKey": key,
        "state": "COMPLETED" if not failed else "PARTIALLY_COMPLETED",
        "batchOperationType": kind,
        "startDate": now(),
        "endDate": now(),
        "actorType": "USER",
        "actorId": "demo",
        "operationsTotalCount": len(items),
        "operationsFailedCount": failed,
        "operationsCompletedCount": len(items) - failed,
        "errors": [],
    }
    c.state.batch_items[key] = items
    c._created(key)
    return 200, {"batchOperationKey": key, "batchOperationType": kind}


@route("POST", "/process-instances/cancellation")
def _batch_cancel(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    def cancel(instance: Json) -> None:
        if instance["state"] != "ACTIVE":
            raise Problem(409, "INVALID_STATE", "not active")
        c._end_instance(instance, "TERMINATED")

    return _batch(c, "CANCEL_PROCESS_INSTANCE", body, cancel)


@route("POST", "/process-instances/incident-resolution")
def _batch_resolve(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    def resolve(instance: Json) -> None:
        for incident in list(c.state.incidents.values()):
            if incident["processInstanceKey"] == instance["processInstanceKey"] and incident["state"] == "ACTIVE":
                _resolve_incident(c, incident)

    return _batch(c, "RESOLVE_INCIDENT", body or {}, resolve)


@route("POST", "/batch-operations/search")
def _batches(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    # the search filters and sorts the type as `operationType`, the answer names it `batchOperationType`
    rows = [{**b, "_type": b["batchOperationType"]} for b in c.state.batches.values()]
    body = dict(body or {})
    body["filter"] = {("_type" if k == "operationType" else k): v for k, v in (body.get("filter") or {}).items()}
    body["sort"] = [{**s, "field": "_type"} if s["field"] == "operationType" else s for s in body.get("sort") or []]
    return 200, c.search(rows, body, "batchOperationKey")


@route("GET", "/batch-operations/{key}")
def _batch_get(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    return 200, c.get(c.state.batches, key, "Batch operation")


@route("POST", "/batch-operation-items/search")
def _batch_items(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    rows = [i for items in c.state.batch_items.values() for i in items]
    return 200, c.search(rows, body, "batchOperationKey")


def _batch_control(target: str, allowed: tuple[str, ...]) -> Handler:
    def control(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
        batch = c.state.batches.get(key)
        if batch is None:
            raise not_found("Batch operation", key)
        if batch["state"] not in allowed:
            # the spec declares no 409 here: the cluster refuses with 400
            raise Problem(400, "INVALID_STATE", f"Batch operation {key} is {batch['state']}; can not make it {target}")
        batch["state"] = target
        return 204, None

    return control


route("POST", "/batch-operations/{key}/suspension")(_batch_control("SUSPENDED", ("CREATED", "ACTIVE")))
route("POST", "/batch-operations/{key}/resumption")(_batch_control("ACTIVE", ("SUSPENDED",)))
route("POST", "/batch-operations/{key}/cancellation")(_batch_control("CANCELED", ("CREATED", "ACTIVE", "SUSPENDED")))


@route("POST", "/incidents/search")
def _incidents(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    return 200, c.search(c.state.incidents.values(), body, "incidentKey")


@route("GET", "/incidents/{key}")
def _incident(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    return 200, c.get(c.state.incidents, key, "Incident")


def _resolve_incident(c: FakeCluster, incident: Json) -> None:
    job = c.state.jobs.get(str(incident.get("jobKey")))
    if job is not None and job["retries"] <= 0:
        raise Problem(
            409,
            "INVALID_STATE",
            f"Command 'RESOLVE' rejected with code 'INVALID_STATE': Expected to resolve incident with key "
            f"'{incident['incidentKey']}', but job with key '{job['jobKey']}' has no retries left. Update the job's retries first.",
        )
    incident["state"] = "RESOLVED"
    if job is not None:
        job.update(state="CREATED", errorMessage=None)
    instance = c.state.instances[incident["processInstanceKey"]]
    instance["hasIncident"] = any(
        i["state"] == "ACTIVE" and i["processInstanceKey"] == instance["processInstanceKey"]
        for i in c.state.incidents.values()
    )
    element = c.state.elements.get(incident["elementInstanceKey"])
    if element is not None:
        element.update(hasIncident=False, incidentKey=None)


@route("POST", "/incidents/{key}/resolution")
def _resolve(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    incident = c.state.incidents.get(key)
    if incident is None or incident["state"] != "ACTIVE":
        raise not_found("Incident", key)
    _resolve_incident(c, incident)
    return 204, None


@route("POST", "/jobs/search")
def _jobs(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    return 200, c.search(c.state.jobs.values(), body, "jobKey")


@route("PATCH", "/jobs/{key}")
def _update_job(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    job = c.state.jobs.get(key)
    if job is None:
        raise not_found("Job", key)
    changes = body["changeset"]
    if "retries" in changes and changes["retries"] is not None:
        if changes["retries"] < 1:
            raise Problem(400, "INVALID_ARGUMENT", "Expected retries to be greater than zero")
        job.update(retries=changes["retries"], state="RETRIES_UPDATED")
    if "timeout" in changes and changes["timeout"] is not None:
        job["state"] = "TIMEOUT_UPDATED"
    return 204, None


@route("POST", "/jobs/{key}/failure")
def _fail_job(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    if key not in c.state.jobs:
        raise not_found("Job", key)
    c.fail_job(key, (body or {}).get("errorMessage") or "", int((body or {}).get("retries", 0)))
    return 204, None


@route("POST", "/user-tasks/search")
def _tasks(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    return 200, c.search(c.state.tasks.values(), body, "userTaskKey")


@route("GET", "/user-tasks/{key}")
def _task(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    return 200, c.get(c.state.tasks, key, "User task")


def _open_task(c: FakeCluster, key: str, command: str) -> Json:
    task = c.state.tasks.get(key)
    if task is None:
        raise not_found("User task", key)
    if task["state"] != "CREATED":
        raise Problem(
            409,
            "INVALID_STATE",
            f"Command '{command}' rejected with code 'INVALID_STATE': Expected to {command.lower()} user task with key "
            f"'{key}', but it is in state '{task['state']}'",
        )
    return task


@route("POST", "/user-tasks/{key}/assignment")
def _assign(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    task = _open_task(c, key, "ASSIGN")
    if task["assignee"] and body.get("allowOverride") is False and task["assignee"] != body.get("assignee"):
        raise Problem(
            409,
            "INVALID_STATE",
            f"Command 'CLAIM' rejected with code 'INVALID_STATE': Expected to claim user task with key '{key}', "
            f"but it has already been assigned",
        )
    task["assignee"] = body.get("assignee")
    return 204, None


@route("DELETE", "/user-tasks/{key}/assignee")
def _unassign(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    _open_task(c, key, "UNASSIGN")["assignee"] = None
    return 204, None


@route("POST", "/user-tasks/{key}/completion")
def _complete(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    task = _open_task(c, key, "COMPLETE")
    instance = c.state.instances[task["processInstanceKey"]]
    for name, value in ((body or {}).get("variables") or {}).items():
        c._set_variable(instance, instance["processInstanceKey"], name, value)
    task.update(state="COMPLETED", completionDate=now())
    c.state.elements[task["elementInstanceKey"]].update(state="COMPLETED", endDate=now())
    if not any(
        e["state"] == "ACTIVE"
        for e in c.state.elements.values()
        if e["processInstanceKey"] == instance["processInstanceKey"]
    ):
        c._end_instance(instance, "COMPLETED")
    return 204, None


def _task_variables(c: FakeCluster, body: Any, key: str, effective: bool) -> tuple[int, Any]:
    """What the spec says: every variable visible from the task's scope, its parents' too (each
    scope's own row); `effective` keeps one per name, the innermost scope's."""
    task = c.get(c.state.tasks, key, "User task")
    scopes = (task["elementInstanceKey"], task["processInstanceKey"])  # innermost first
    rows = [v for scope in scopes for v in c.state.variables.values() if v["scopeKey"] == scope]
    if effective:
        innermost: dict[str, Any] = {}
        for v in rows:
            innermost.setdefault(v["name"], v)
        rows = list(innermost.values())
    return 200, c.search(rows, body, "variableKey")


@route("POST", "/user-tasks/{key}/variables/search")
def _task_vars(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    return _task_variables(c, body, key, effective=False)


@route("POST", "/user-tasks/{key}/effective-variables/search")
def _task_effective(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    return _task_variables(c, body, key, effective=True)


@route("GET", "/user-tasks/{key}/form")
def _task_form(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    task = c.get(c.state.tasks, key, "User task")
    form = c.state.forms.get(key)
    if form is None:
        return 204, None
    return 200, {"formId": form["formId"], "schema": form["schema"], "version": 1, "tenantId": task["tenantId"]} | {
        "formKey": task["formKey"]
    }


# -- identity ------------------------------------------------------------------------------------------

IDENTITY = {
    # collection: (state attribute, id field, what, create fields, update fields)
    "users": ("users", "username", "User", ("username", "name", "email"), ("name", "email")),
    "groups": ("groups", "groupId", "Group", ("groupId", "name", "description"), ("name", "description")),
    "roles": ("roles", "roleId", "Role", ("roleId", "name", "description"), ("name", "description")),
    "tenants": ("tenants", "tenantId", "Tenant", ("tenantId", "name", "description"), ("name", "description")),
    "mapping-rules": (
        "mapping_rules",
        "mappingRuleId",
        "Mapping rule",
        ("mappingRuleId", "name", "claimName", "claimValue"),
        ("name", "claimName", "claimValue"),
    ),
}
MEMBER_FIELDS = {
    "users": "username",
    "groups": "groupId",
    "roles": "roleId",
    "clients": "clientId",
    "mapping-rules": "mappingRuleId",
}


def _identity_routes(collection: str) -> None:
    attribute, id_field, what, create_fields, update_fields = IDENTITY[collection]

    def table(c: FakeCluster) -> dict[str, Json]:
        rows: dict[str, Json] = getattr(c.state, attribute)
        return rows

    def create(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
        entity_id = body[id_field]
        if entity_id in table(c):
            raise Problem(409, "ALREADY_EXISTS", f"{what} with id '{entity_id}' already exists")
        row = {f: body.get(f) or "" for f in create_fields}
        table(c)[entity_id] = row
        c._created(entity_id)
        return 201, dict(row)

    def search(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
        return 200, c.search(table(c).values(), body, id_field)

    def get(c: FakeCluster, body: Any, query: Any, entity_id: str) -> tuple[int, Any]:
        return 200, c.get(table(c), entity_id, what)

    def update(c: FakeCluster, body: Any, query: Any, entity_id: str) -> tuple[int, Any]:
        row = table(c).get(entity_id)
        if row is None:
            raise not_found(what, entity_id)
        for f in update_fields:
            if f in body:
                row[f] = body[f] or ""
        return 200, dict(row)

    def delete(c: FakeCluster, body: Any, query: Any, entity_id: str) -> tuple[int, Any]:
        if table(c).pop(entity_id, None) is None:
            raise not_found(what, entity_id)
        for members_key in [k for k in c.state.members if k[:2] == (collection, entity_id)]:
            del c.state.members[members_key]
        return 204, None

    route("POST", f"/{collection}")(create)
    route("POST", f"/{collection}/search")(search)
    route("GET", f"/{collection}/{{entity_id}}")(get)
    route("PUT", f"/{collection}/{{entity_id}}")(update)
    route("DELETE", f"/{collection}/{{entity_id}}")(delete)

    for kind, member_field in MEMBER_FIELDS.items():
        if kind == collection:
            continue
        _member_routes(collection, table, what, kind, member_field)


def _member_routes(
    collection: str, table: Callable[[FakeCluster], dict[str, Json]], what: str, kind: str, member_field: str
) -> None:
    def members(c: FakeCluster, entity_id: str) -> set[str]:
        if entity_id not in table(c):
            raise not_found(what, entity_id)
        return c.state.members.setdefault((collection, entity_id, kind), set())

    def indexed_members(c: FakeCluster, entity_id: str) -> set[str]:
        """The members a search sees: not those added while indexing is held, still those removed then.
        A group's roles are the roles that hold the group (the cluster changes them on the role)."""
        if (collection, kind) == ("groups", "roles"):
            members(c, entity_id)
            sides = {
                r: f"roles/{r}/groups/{entity_id}"
                for (col, r, k), held in c.state.members.items()
                if (col, k) == ("roles", "groups") and entity_id in held
            }
            ghosts = {
                u.split("/")[1]
                for u in c.state.unindexed
                if u.startswith("-roles/") and u.endswith(f"/groups/{entity_id}")
            }
        else:
            prefix = f"{collection}/{entity_id}/{kind}/"
            sides = {m: prefix + m for m in members(c, entity_id)}
            ghosts = {u.removeprefix("-" + prefix) for u in c.state.unindexed if u.startswith("-" + prefix)}
        return {m for m, key in sides.items() if key not in c.state.unindexed} | ghosts

    def search(c: FakeCluster, body: Any, query: Any, entity_id: str) -> tuple[int, Any]:
        rows = [{member_field: m} for m in sorted(indexed_members(c, entity_id))]
        if kind in IDENTITY:
            attribute = IDENTITY[kind][0]
            rows = [_public(getattr(c.state, attribute).get(r[member_field]) or r) for r in rows]
            if kind == "users":
                rows = [{"username": r["username"]} for r in rows]
        return 200, c.search(rows, body, member_field)

    def assign(c: FakeCluster, body: Any, query: Any, entity_id: str, member_id: str) -> tuple[int, Any]:
        assigned = members(c, entity_id)
        if member_id in assigned:
            raise Problem(409, "ALREADY_EXISTS", f"'{member_id}' is already a member of {what.lower()} '{entity_id}'")
        assigned.add(member_id)
        c._created(f"{collection}/{entity_id}/{kind}/{member_id}")
        return 204, None

    def unassign(c: FakeCluster, body: Any, query: Any, entity_id: str, member_id: str) -> tuple[int, Any]:
        assigned = members(c, entity_id)
        if member_id not in assigned:
            raise Problem(404, "NOT_FOUND", f"'{member_id}' is not a member of {what.lower()} '{entity_id}'")
        assigned.discard(member_id)
        # while indexing is held, searches still see it
        c._created(f"-{collection}/{entity_id}/{kind}/{member_id}")
        return 204, None

    route("POST", f"/{collection}/{{entity_id}}/{kind}/search")(search)
    route("PUT", f"/{collection}/{{entity_id}}/{kind}/{{member_id}}")(assign)
    route("DELETE", f"/{collection}/{{entity_id}}/{kind}/{{member_id}}")(unassign)


for _collection in IDENTITY:
    _identity_routes(_collection)


@route("POST", "/authorizations")
def _create_authorization(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    key = c.new_key()
    c.state.authorizations[key] = {
        "ownerId": body["ownerId"],
        "ownerType": body["ownerType"],
        "resourceType": body["resourceType"],
        "resourceId": body.get("resourceId"),
        "resourcePropertyName": None,
        "permissionTypes": list(body["permissionTypes"]),
        "authorizationKey": key,
    }
    c._created(key)
    return 201, {"authorizationKey": key}


@route("POST", "/authorizations/search")
def _authorizations(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    def matches(criteria: Json, row: Json) -> bool:
        ids = criteria.get("resourceIds")
        return not ids or row["resourceId"] in ids

    return 200, c.search(c.state.authorizations.values(), body, "authorizationKey", matches, special=("resourceIds",))


@route("GET", "/authorizations/{key}")
def _authorization(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    return 200, c.get(c.state.authorizations, key, "Authorization")


@route("PUT", "/authorizations/{key}")
def _update_authorization(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    row = c.state.authorizations.get(key)
    if row is None:
        raise not_found("Authorization", key)
    row.update(
        ownerId=body["ownerId"],
        ownerType=body["ownerType"],
        resourceType=body["resourceType"],
        resourceId=body.get("resourceId"),
        permissionTypes=list(body["permissionTypes"]),
    )
    return 204, None


@route("DELETE", "/authorizations/{key}")
def _delete_authorization(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    if c.state.authorizations.pop(key, None) is None:
        raise not_found("Authorization", key)
    return 204, None


# -- the HTTP side ---------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    fake: FakeCluster
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: pytest shows failures, not traffic
        return

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        fake = self.fake
        split = urlsplit(self.path)
        path = split.path
        query = parse_qs(split.query, keep_blank_values=True)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        content_type = self.headers.get("Content-Type") or ""
        api_path = path[len("/v2") :] if path.startswith("/v2/") else path
        status, answer, answer_type, headers = self._answer(method, api_path, query, raw, content_type)
        with fake._lock:
            fake.exchanges.append(Exchange(method, api_path, _loggable(raw, content_type), status))
        self._check_response(method, api_path, status, answer, answer_type)
        self._send(status, answer, answer_type, headers)

    def _answer(
        self, method: str, path: str, query: dict[str, list[str]], raw: bytes, content_type: str
    ) -> tuple[int, Any, str, dict[str, str]]:
        fake = self.fake
        try:
            if not self.path.startswith("/v2/"):
                raise Problem(404, "NOT_FOUND", f"No endpoint {self.path} (the API is under /v2)")
            with fake._lock:
                overloaded = fake._overload.pop(0) if fake._overload else None
            if overloaded is not None:
                status, retry_after = overloaded
                problem = _problem(
                    status, "RESOURCE_EXHAUSTED", "Expected to handle request, but the cluster is busy", path
                )
                return status, problem, "application/problem+json", {"Retry-After": retry_after} if retry_after else {}
            if fake.basic_auth is not None and not self._authorized():
                problem = _problem(401, "UNAUTHORIZED", "Full authentication is required to access this resource", path)
                return 401, problem, "application/problem+json", {"WWW-Authenticate": 'Basic realm="camunda"'}
            body: Any = NO_BODY
            form_fields: list[str] = []
            if content_type.startswith("multipart/form-data"):
                files, form = _multipart(raw, content_type)
                form_fields = [*(["resources"] if files else []), *form]
                body = (files, form)
                self._check_request(method, path, query, NO_BODY, content_type, form_fields)
            else:
                if raw:
                    try:
                        body = json.loads(raw)
                    except ValueError as exc:
                        raise Problem(400, "INVALID_ARGUMENT", f"Request body is not JSON: {exc}") from exc
                self._check_request(method, path, query, body, content_type or None, [])
            status, answer = fake.handle(method, path, query, body)
            if status < 300:
                with fake._lock:
                    audit_change(fake, method, path)
            if isinstance(answer, tuple):
                return status, answer[1], answer[0], {}
            return status, answer, "application/json", {}
        except Problem as problem:
            return (
                problem.status,
                _problem(problem.status, problem.title, problem.detail, path),
                "application/problem+json",
                {},
            )
        except Exception as exc:  # a bug of the fake: answered, recorded, and the test fails
            with fake._lock:
                fake.violations.append(f"the fake crashed on {method} {path}: {type(exc).__name__}: {exc}")
            return 500, _problem(500, "INTERNAL", f"the fake crashed: {exc}", path), "application/problem+json", {}

    def _authorized(self) -> bool:
        header = self.headers.get("Authorization") or ""
        if not header.startswith("Basic "):
            return False
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        return (user, password) == self.fake.basic_auth

    def _check_request(
        self, method: str, path: str, query: dict[str, list[str]], body: Any, content_type: str | None, form: list[str]
    ) -> None:
        try:
            self.fake.spec.check_request(
                method, path, query=query, body=body, content_type=content_type, form_fields=form
            )
        except SpecViolation as violation:
            with self.fake._lock:
                self.fake.violations.append(f"request: {violation}")
            raise Problem(
                400, "INVALID_ARGUMENT", f"The fake cluster refused a request the spec does not allow: {violation}"
            ) from None

    def _check_response(self, method: str, path: str, status: int, answer: Any, answer_type: str) -> None:
        if not self.path.startswith("/v2/"):
            return
        try:
            self.fake.spec.check_response(
                method, path, status, NO_BODY if answer is None else answer, content_type=answer_type
            )
        except SpecViolation as violation:
            with self.fake._lock:
                self.fake.violations.append(f"response: {violation}")

    def _send(self, status: int, answer: Any, answer_type: str, headers: dict[str, str]) -> None:
        if answer is None:
            data = b""
        elif isinstance(answer, str):
            data = answer.encode()
        else:
            data = json.dumps(answer).encode()
        self.send_response(status)
        if data:
            self.send_header("Content-Type", answer_type)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _problem(status: int, title: str, detail: str, path: str) -> Json:
    return {"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": f"/v2{path}"}


def _multipart(raw: bytes, content_type: str) -> tuple[list[tuple[str, bytes]], dict[str, str]]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + raw
    )
    files: list[tuple[str, bytes]] = []
    form: dict[str, str] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        decoded = part.get_payload(decode=True)
        payload = decoded if isinstance(decoded, bytes) else b""
        if filename is not None:
            if name != "resources":
                form[str(name)] = ""
            files.append((filename, payload))
        else:
            form[str(name)] = payload.decode()
    return files, form


def _loggable(raw: bytes, content_type: str) -> Any:
    if not raw:
        return None
    if content_type.startswith("multipart/"):
        return "<multipart>"
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


# -- decisions, messages, signals, cluster variables, audit log, usage metrics ------------------------------


def add_decision(c: FakeCluster, decision_id: str, name: str, output: Any) -> Json:
    """Seed a decision definition whose evaluation answers `output` (the fake evaluates no DMN)."""
    with c._lock:
        key = c.new_key()
        versions = [d for d in c.state.decisions.values() if d["decisionDefinitionId"] == decision_id]
        row = {
            "decisionDefinitionId": decision_id,
            "decisionDefinitionKey": key,
            "decisionRequirementsId": f"{decision_id}-drd",
            "decisionRequirementsKey": c.new_key(),
            "decisionRequirementsName": name,
            "decisionRequirementsVersion": 1,
            "name": name,
            "tenantId": DEFAULT,
            "version": len(versions) + 1,
            "_output": output,
        }
        c.state.decisions[key] = row
        return row


@route("POST", "/decision-definitions/search")
def _decisions(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    return 200, c.search(c.state.decisions.values(), body, "decisionDefinitionKey", special=("isLatestVersion",))


@route("GET", "/decision-definitions/{key}")
def _decision(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    return 200, c.get(c.state.decisions, key, "Decision definition")


@route("POST", "/decision-definitions/evaluation")
def _evaluate(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    wanted = body.get("decisionDefinitionKey") or body.get("decisionDefinitionId")
    found = [d for d in c.state.decisions.values() if wanted in (d["decisionDefinitionKey"], d["decisionDefinitionId"])]
    if not found:
        raise Problem(404, "NOT_FOUND", f"Expected to evaluate decision '{wanted}', but no decision found")
    decision = max(found, key=lambda d: d["version"])
    key = c.new_key()
    output = json.dumps(decision["_output"])
    c.state.decision_instances[f"{key}-1"] = {
        "businessId": None,
        "decisionDefinitionId": decision["decisionDefinitionId"],
        "decisionDefinitionKey": decision["decisionDefinitionKey"],
        "decisionDefinitionName": decision["name"],
        "decisionDefinitionType": "DECISION_TABLE",
        "decisionDefinitionVersion": decision["version"],
        "decisionEvaluationInstanceKey": f"{key}-1",
        "decisionEvaluationKey": key,
        "elementInstanceKey": None,
        "evaluationDate": now(),
        "evaluationFailure": None,
        "processDefinitionKey": None,
        "processInstanceKey": None,
        "result": output,
        "rootDecisionDefinitionKey": decision["decisionDefinitionKey"],
        "rootProcessInstanceKey": None,
        "state": "EVALUATED",
        "tenantId": decision["tenantId"],
    }
    return 200, {
        "decisionDefinitionId": decision["decisionDefinitionId"],
        "decisionDefinitionKey": decision["decisionDefinitionKey"],
        "decisionDefinitionName": decision["name"],
        "decisionDefinitionVersion": decision["version"],
        "decisionEvaluationKey": key,
        "decisionInstanceKey": key,
        "decisionRequirementsId": decision["decisionRequirementsId"],
        "decisionRequirementsKey": decision["decisionRequirementsKey"],
        "evaluatedDecisions": [],
        "failedDecisionDefinitionId": None,
        "failureMessage": None,
        "output": output,
        "tenantId": decision["tenantId"],
    }


@route("POST", "/decision-instances/search")
def _decision_instances(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    return 200, c.search(c.state.decision_instances.values(), body, "decisionEvaluationInstanceKey")


@route("POST", "/messages/publication")
def _publish(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    key = c.new_key()
    c.state.messages.append({**body, "messageKey": key})
    return 200, {"tenantId": body.get("tenantId") or DEFAULT, "messageKey": key}


@route("POST", "/message-subscriptions/search")
def _subscriptions(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    # only what a test seeded with add_subscription (the fake's processes wait for no message)
    return 200, c.search(c.state.subscriptions.values(), body, "messageSubscriptionKey")


@route("POST", "/messages/correlation")
def _correlate(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    waiting = _waiting_subscription(c, body)
    if waiting is not None:
        return 200, _correlate_to(c, waiting, body)
    raise Problem(
        404,
        "NOT_FOUND",
        f"Expected to find subscription for message with name '{body['name']}' and correlation key "
        f"'{body.get('correlationKey', '')}', but none was found.",
    )


@route("POST", "/signals/broadcast")
def _broadcast(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    key = c.new_key()
    c.state.signals.append({**body, "signalKey": key})
    return 200, {"tenantId": body.get("tenantId") or DEFAULT, "signalKey": key}


def _cluster_variable(c: FakeCluster, name: str, tenant: str | None) -> Json:
    row = c.state.cluster_variables.get((tenant, name))
    if row is None:
        raise Problem(404, "NOT_FOUND", f"Cluster variable '{name}' not found")
    return row


def _cluster_variable_routes(scope: str, tenant_param: bool) -> None:
    prefix = "/cluster-variables/tenants/{tenant}" if tenant_param else "/cluster-variables/global"

    def create(c: FakeCluster, body: Any, query: Any, tenant: str | None = None) -> tuple[int, Any]:
        if (tenant, body["name"]) in c.state.cluster_variables:
            raise Problem(409, "ALREADY_EXISTS", f"Cluster variable '{body['name']}' already exists")
        value = json.dumps(body["value"])
        row = {"value": value, "name": body["name"], "scope": scope, "tenantId": tenant, "kind": "JSON"}
        row["metadata"] = {}
        c.state.cluster_variables[(tenant, body["name"])] = row
        return 200, dict(row)

    def get(c: FakeCluster, body: Any, query: Any, name: str, tenant: str | None = None) -> tuple[int, Any]:
        return 200, dict(_cluster_variable(c, name, tenant))

    def update(c: FakeCluster, body: Any, query: Any, name: str, tenant: str | None = None) -> tuple[int, Any]:
        row = _cluster_variable(c, name, tenant)
        row["value"] = json.dumps(body["value"])
        return 200, dict(row)

    def delete(c: FakeCluster, body: Any, query: Any, name: str, tenant: str | None = None) -> tuple[int, Any]:
        _cluster_variable(c, name, tenant)
        del c.state.cluster_variables[(tenant, name)]
        return 204, None

    route("POST", prefix)(create)
    route("GET", prefix + "/{name}")(get)
    route("PUT", prefix + "/{name}")(update)
    route("DELETE", prefix + "/{name}")(delete)


_cluster_variable_routes("GLOBAL", tenant_param=False)
_cluster_variable_routes("TENANT", tenant_param=True)


@route("POST", "/cluster-variables/search")
def _cluster_variables(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    rows = [{**r, "isTruncated": False} for r in c.state.cluster_variables.values()]
    return 200, c.search(rows, body, "name")


@route("POST", "/audit-logs/search")
def _audit(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    return 200, c.search(c.state.audit, body, "auditLogKey")


@route("GET", "/system/usage-metrics")
def _usage(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    assignees = {t["assignee"] for t in c.state.tasks.values() if t["assignee"]}
    return 200, {
        "activeTenants": len({i["tenantId"] for i in c.state.instances.values()}),
        "tenants": {},
        "processInstances": len(c.state.instances),
        "decisionInstances": len(c.state.decision_instances),
        "assignees": len(assignees),
    }


@route("POST", "/incidents/statistics/process-instances-by-error")
def _incident_statistics(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    by_message: dict[str, set[str]] = {}
    for incident in c.state.incidents.values():
        if incident["state"] == "ACTIVE":
            by_message.setdefault(incident["errorMessage"], set()).add(incident["processInstanceKey"])
    rows = [
        {"errorHashCode": abs(hash(m)) % 2**31, "errorMessage": m, "activeInstancesWithErrorCount": len(keys)}
        for m, keys in sorted(by_message.items())
    ]
    return 200, c.search(rows, body, "errorHashCode")


AUDIT_ENTITIES = {
    "process-instances": "PROCESS_INSTANCE",
    "users": "USER",
    "groups": "GROUP",
    "roles": "ROLE",
    "tenants": "TENANT",
    "mapping-rules": "MAPPING_RULE",
    "authorizations": "AUTHORIZATION",
    "batch-operations": "BATCH",
    "incidents": "INCIDENT",
    "jobs": "JOB",
    "user-tasks": "USER_TASK",
    "deployments": "RESOURCE",
    "resources": "RESOURCE",
    "element-instances": "VARIABLE",
}
AUDIT_OPERATIONS = {
    "cancellation": "CANCEL",
    "resolution": "RESOLVE",
    "assignment": "ASSIGN",
    "assignee": "UNASSIGN",
    "completion": "COMPLETE",
    "migration": "MIGRATE",
    "modification": "MODIFY",
    "deletion": "DELETE",
    "suspension": "SUSPEND",
    "resumption": "RESUME",
}


def audit_change(c: FakeCluster, method: str, path: str) -> None:
    """Record a change the cluster made, as its audit log would (8.9+)."""
    parts = path.strip("/").split("/")
    entity = AUDIT_ENTITIES.get(parts[0])
    if entity is None or parts[-1] == "search" or "statistics" in parts or method == "GET":
        return
    if parts == ["deployments"]:
        # recorded per deployed resource, with its deployment key (_audit_deployment)
        return
    operation = AUDIT_OPERATIONS.get(parts[-1]) or {"POST": "CREATE", "DELETE": "DELETE"}.get(method, "UPDATE")
    key = c.new_key()
    entry: Json = dict.fromkeys(AUDIT_FIELDS)
    entry.update(
        auditLogKey=key,
        entityKey=parts[1] if len(parts) > 1 else key,
        entityType=entity,
        operationType=operation,
        timestamp=now(),
        actorId=c.basic_auth[0] if c.basic_auth else "demo",
        actorType="USER",
        result="SUCCESS",
        category="ADMIN"
        if entity in ("USER", "GROUP", "ROLE", "TENANT", "MAPPING_RULE", "AUTHORIZATION")
        else "DEPLOYED_RESOURCES",
        tenantId=None,
    )
    c.state.audit.append(entry)


AUDIT_FIELDS = [
    "auditLogKey",
    "entityKey",
    "entityType",
    "operationType",
    "batchOperationKey",
    "batchOperationType",
    "timestamp",
    "actorId",
    "actorType",
    "agentElementId",
    "tenantId",
    "result",
    "category",
    "processDefinitionId",
    "processDefinitionKey",
    "processInstanceKey",
    "rootProcessInstanceKey",
    "elementInstanceKey",
    "jobKey",
    "userTaskKey",
    "decisionRequirementsId",
    "decisionRequirementsKey",
    "decisionDefinitionId",
    "decisionDefinitionKey",
    "decisionEvaluationKey",
    "deploymentKey",
    "formKey",
    "resourceKey",
    "relatedEntityKey",
    "relatedEntityType",
    "entityDescription",
    "inboundChannelType",
    "inboundChannelToolName",
]


# -- statistics, instance incidents, task updates, generic resources ---------------------------------------


def _element_statistics(elements: list[Json], incidents: list[Json]) -> list[Json]:
    rows: dict[str, Json] = {}
    for element in elements:
        row = rows.setdefault(
            element["elementId"],
            {"elementId": element["elementId"], "active": 0, "canceled": 0, "incidents": 0, "completed": 0},
        )
        state = {"ACTIVE": "active", "COMPLETED": "completed", "TERMINATED": "canceled"}[element["state"]]
        row[state] += 1
    for incident in incidents:
        if incident["state"] == "ACTIVE" and incident["elementId"] in rows:
            rows[incident["elementId"]]["incidents"] += 1
    return sorted(rows.values(), key=lambda r: r["elementId"])


@route("POST", "/process-definitions/{key}/statistics/element-instances")
def _definition_statistics(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    c.get(c.state.definitions, key, "Process definition")
    elements = [e for e in c.state.elements.values() if e["processDefinitionKey"] == key]
    incidents = [i for i in c.state.incidents.values() if i["processDefinitionKey"] == key]
    return 200, {"items": _element_statistics(elements, incidents)}


@route("GET", "/process-instances/{key}/statistics/element-instances")
def _instance_statistics(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    elements = [e for e in c.state.elements.values() if e["processInstanceKey"] == key]
    incidents = [i for i in c.state.incidents.values() if i["processInstanceKey"] == key]
    return 200, {"items": _element_statistics(elements, incidents)}


@route("POST", "/process-instances/{key}/incidents/search")
def _instance_incidents(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    c.get(c.state.instances, key, "Process instance")
    rows = [i for i in c.state.incidents.values() if i["processInstanceKey"] == key]
    return 200, c.search(rows, body, "incidentKey")


@route("POST", "/process-instances/{key}/incident-resolution")
def _instance_resolution(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    if key not in c.state.instances:
        raise not_found("Process instance", key)

    def resolve(instance: Json) -> None:
        for incident in list(c.state.incidents.values()):
            if incident["processInstanceKey"] == instance["processInstanceKey"] and incident["state"] == "ACTIVE":
                _resolve_incident(c, incident)

    return _batch(c, "RESOLVE_INCIDENT", {"filter": {"processInstanceKey": key}}, resolve)


@route("PATCH", "/user-tasks/{key}")
def _update_task(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    task = _open_task(c, key, "UPDATE")
    for name, value in ((body or {}).get("changeset") or {}).items():
        task[name] = value
    return 204, None


@route("GET", "/resources/{key}")
def _resource(c: FakeCluster, body: Any, query: Any, key: str) -> tuple[int, Any]:
    # the fake deploys BPMN only, and BPMN is a process definition, not a generic resource
    raise not_found("Resource", key)


@route("POST", "/jobs/statistics/by-types")
def _job_statistics(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    rows: dict[str, Json] = {}
    for job in c.state.jobs.values():
        row = rows.setdefault(
            job["type"],
            {
                "jobType": job["type"],
                "created": {"count": 0, "lastUpdatedAt": None},
                "completed": {"count": 0, "lastUpdatedAt": None},
                "failed": {"count": 0, "lastUpdatedAt": None},
                "workers": 0,
            },
        )
        row["created"]["count"] += 1
        if job["state"] in ("FAILED",):
            row["failed"]["count"] += 1
        if job["state"] == "COMPLETED":
            row["completed"]["count"] += 1
    items = sorted(rows.values(), key=lambda r: r["jobType"])
    return 200, {
        "items": items,
        "page": {"totalItems": len(items), "hasMoreTotalItems": False, "startCursor": None, "endCursor": None},
    }


# -- issue 13: message subscriptions, correlation, batch migration and modification --------------------


def add_subscription(c: FakeCluster, instance_key: str, message_name: str, correlation_key: str) -> Json:
    """The instance waits in an intermediate message catch event (`wait-<message>`) for the message."""
    with c._lock:
        instance = c.state.instances[instance_key]
        element = c._element(instance, f"wait-{message_name}", "INTERMEDIATE_CATCH_EVENT")
        key = c.new_key()
        row = {
            "messageSubscriptionKey": key,
            "processDefinitionId": instance["processDefinitionId"],
            "processDefinitionKey": instance["processDefinitionKey"],
            "processInstanceKey": instance_key,
            "rootProcessInstanceKey": instance_key,
            "elementId": element["elementId"],
            "elementInstanceKey": element["elementInstanceKey"],
            "messageSubscriptionState": "CREATED",
            "lastUpdatedDate": now(),
            "messageName": message_name,
            "correlationKey": correlation_key,
            "messageSubscriptionType": "PROCESS_EVENT",
            "toolProperties": {},
            "inboundConnectorType": None,
            "processDefinitionName": instance["processDefinitionName"],
            "processDefinitionVersion": instance["processDefinitionVersion"],
            "toolName": None,
            "tenantId": instance["tenantId"],
        }
        c.state.subscriptions[key] = row
        return row


def _waiting_subscription(c: FakeCluster, body: Json) -> Json | None:
    for row in c.state.subscriptions.values():
        if (
            row["messageSubscriptionState"] == "CREATED"
            and row["messageName"] == body["name"]
            and row["correlationKey"] == (body.get("correlationKey") or "")
            and row["tenantId"] == (body.get("tenantId") or DEFAULT)
        ):
            return row
    return None


def _correlate_to(c: FakeCluster, row: Json, body: Json) -> Json:
    """The message reaches the waiting instance: the catch event completes, its variables are set."""
    with c._lock:
        row.update(messageSubscriptionState="CORRELATED", lastUpdatedDate=now())
        c.state.elements[row["elementInstanceKey"]].update(state="COMPLETED", endDate=now())
        instance = c.state.instances[row["processInstanceKey"]]
        for name, value in (body.get("variables") or {}).items():
            c._set_variable(instance, row["processInstanceKey"], name, value)
        key = c.new_key()
        c.state.messages.append({**body, "messageKey": key, "_correlated": row["processInstanceKey"]})
        return {"tenantId": row["tenantId"], "messageKey": key, "processInstanceKey": row["processInstanceKey"]}


def _active_elements(c: FakeCluster, instance: Json) -> list[Json]:
    key = instance["processInstanceKey"]
    return [e for e in c.state.elements.values() if e["processInstanceKey"] == key and e["state"] == "ACTIVE"]


@route("POST", "/process-instances/migration")
def _batch_migrate(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    plan = body["migrationPlan"]
    target = c.state.definitions.get(str(plan["targetProcessDefinitionKey"]))
    if target is None:
        raise not_found("Process definition", str(plan["targetProcessDefinitionKey"]))
    mapping = {m["sourceElementId"]: m["targetElementId"] for m in plan["mappingInstructions"]}

    def migrate(instance: Json) -> None:
        # as the broker: every active element needs a mapping, and a new definition
        if instance["processDefinitionKey"] == target["processDefinitionKey"]:
            raise Problem(400, "INVALID_STATE", "the process instance is already on the target definition")
        elements = _active_elements(c, instance)
        unmapped = sorted({e["elementId"] for e in elements} - set(mapping))
        if unmapped:
            raise Problem(400, "INVALID_ARGUMENT", f"no mapping instruction for active element(s) {unmapped}")
        for e in elements:
            e.update(
                elementId=mapping[e["elementId"]],
                processDefinitionKey=target["processDefinitionKey"],
                processDefinitionId=target["processDefinitionId"],
            )
        instance.update(
            processDefinitionKey=target["processDefinitionKey"],
            processDefinitionId=target["processDefinitionId"],
            processDefinitionVersion=target["version"],
        )

    return _batch(c, "MIGRATE_PROCESS_INSTANCE", body, migrate)


@route("POST", "/process-instances/modification")
def _batch_modify(c: FakeCluster, body: Any, query: Any) -> tuple[int, Any]:
    moves = [(m["sourceElementId"], m["targetElementId"]) for m in body["moveInstructions"]]

    def modify(instance: Json) -> None:
        for source, target in moves:
            for e in [e for e in _active_elements(c, instance) if e["elementId"] == source]:
                e.update(state="TERMINATED", endDate=now())
                c._element(instance, target, e["type"])

    return _batch(c, "MODIFY_PROCESS_INSTANCE", body, modify)
