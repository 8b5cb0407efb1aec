"""Deterministic demo data: enough of everything for lists, paging, marks and actions.

No randomness: item n always looks the same, so a test can rely on "deployment 3 has a markup name"
without reading the builder. What is in it (defaults):

- 250 deployments `invoice-0000`, `order-0001`, ... three hours apart; every tenth (9, 19, ...) of
  tenant `acme`; deployment 3 is named `markup [red]x[/] in a name` and 6 `Rechnung – Prüfung`.
- every third deployment (0, 3, 6, ...) holds a BPMN process (keys invoice, order, shipping, review,
  onboarding; versions counting up per key and tenant); the others hold a form only, so they can be
  deleted without cascade. The processes of deployments 3 and 6 carry their awkward names too.
- 300 instances spread over three of every four definitions (so some definitions have none); two
  of three have a business key `BK-00000`, a few are suspended; variables of every common type,
  and instance 0 has a File variable.
- 12 incidents (failed jobs; on C7 also failed external tasks and one custom incident to resolve).
- up to 100 user tasks, a quarter assigned to demo, a quarter to mary, the rest unassigned.
- users demo, mary, peter (password = user id); groups camunda-admin, accounting, management, sales;
  tenant acme (demo and the accounting group); four authorizations (the two grants on C8, which
  has no GLOBAL or REVOKE).
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from camtui.api.models import (
    Authorization,
    AuthorizationType,
    Comment,
    ExternalTask,
    Group,
    Incident,
    Job,
    ProcessDefinition,
    Tenant,
    User,
    UserTask,
    VariableValue,
)
from tests.fakes.data import BASE_TIME, FakeData, Position, change
from tests.fakes.flavours import Flavour

# (key, process name, user task name)
PROCESSES = (
    ("invoice", "Invoice Receipt", "Approve invoice"),
    ("order", "Order Fulfilment", "Check order"),
    ("shipping", "Shipping", "Book carrier"),
    ("review", "Review Application", "Review application"),
    ("onboarding", "Employee Onboarding", "Welcome new employee"),
)
AWKWARD_NAMES = {3: "markup [red]x[/] in a name", 6: "Rechnung – Prüfung"}
CUSTOMERS = ("Smith & Sons", "Müller & Söhne GmbH", "[bold]Acme[/bold] Ltd", "Łódź Trading", "O'Brien")
FAILURE = "Payment service unavailable (HTTP 503)"
STACKTRACE = (
    "java.lang.IllegalStateException: Payment service unavailable (HTTP 503)\n"
    "\tat com.example.payment.ChargeCardDelegate.execute(ChargeCardDelegate.java:42)\n"
    "\tat org.camunda.bpm.engine.impl.delegate.JavaDelegateInvocation.invoke(JavaDelegateInvocation.java:40)\n"
)
PDF = b"%PDF-1.4\n% fake invoice for camtui tests\n%%EOF\n"


def bpmn_xml(key: str, name: str) -> bytes:
    """A small executable process: start, approve (user task), charge (service task), wait, end."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_{key}" targetNamespace="http://camtui.test">
  <bpmn:process id="{key}" name="{escape(name)}" isExecutable="true" camunda:historyTimeToLive="180">
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:userTask id="Task_Approve" name="Approve" camunda:candidateGroups="accounting" />
    <bpmn:serviceTask id="Task_Charge" name="Charge card" camunda:type="external" camunda:topic="charge-card" />
    <bpmn:receiveTask id="Wait_Payment" name="Wait for payment" />
    <bpmn:endEvent id="EndEvent_1" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_Approve" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Approve" targetRef="Task_Charge" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_Charge" targetRef="Wait_Payment" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Wait_Payment" targetRef="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>
""".encode()


def form_json(key: str) -> bytes:
    return f'{{"id": "{key}-form", "type": "default", "components": []}}\n'.encode()


def build_demo(flavour: Flavour, *, deployments: int, instances: int, incidents: int, tasks: int) -> FakeData:
    data = FakeData(flavour=flavour)
    _identity(data)
    definitions = _deployments(data, deployments)
    _instances(data, definitions, instances=instances, incidents=incidents, tasks=tasks)
    return data


def _deployments(data: FakeData, count: int) -> list[ProcessDefinition]:
    definitions: list[ProcessDefinition] = []
    for n in range(count):
        key, process, _ = PROCESSES[n % len(PROCESSES)]
        name = AWKWARD_NAMES.get(n, f"{key}-{n:04d}")
        files: list[tuple[str, bytes]] = [(f"{key}.form", form_json(key))]
        if n % 3 == 0:
            files.insert(0, (f"{key}.bpmn", bpmn_xml(key, name if n in AWKWARD_NAMES else process)))
        result = data.deploy(
            name,
            files,
            tenant_id="acme" if n % 10 == 9 else None,
            source=("camtui", "process application", None)[n % 3],
            time=BASE_TIME + timedelta(hours=3, minutes=17) * n,
        )
        definitions += [data.definitions[d.id] for d in result.definitions]
    # one old version is suspended, as an operator might have left it
    if len(definitions) > 5:
        definitions[5] = change(data.definitions, definitions[5].id, suspended=True)
    return definitions


def _variables(j: int) -> dict[str, VariableValue]:
    values = {
        "amount": VariableValue(value=round(100 + (j * 37.5) % 900, 2), type="Double"),
        "customer": VariableValue(value=CUSTOMERS[j % len(CUSTOMERS)], type="String"),
        "approved": VariableValue(value=j % 2 == 0, type="Boolean"),
        "invoiceNumber": VariableValue(value=f"INV-2025-{j:05d}", type="String"),
    }
    if j % 10 == 0:
        values["address"] = VariableValue(value='{"street": "Hauptstraße 1", "city": "Köln"}', type="Json")
    if j % 50 == 1:
        values["items"] = VariableValue(
            value='["pen","paper"]',
            type="Object",
            object_type_name="java.util.ArrayList",
            serialization_format="application/json",
        )
    return values


def _instances(
    data: FakeData, definitions: list[ProcessDefinition], *, instances: int, incidents: int, tasks: int
) -> None:
    # a quarter of the definitions never get an instance, so they can go without cascade
    live = [d for n, d in enumerate(definitions) if n % 4 != 3]
    if not live:
        return
    step = max(1, instances // max(incidents, 1))
    failing = {7 + k * step for k in range(incidents)}
    made_tasks = 0
    for j in range(instances):
        definition = live[j % len(live)]
        suspended = j % 37 == 5
        if j in failing:
            at = Position(data.activity_instance_id("Task_Charge"), "Task_Charge", "Charge card", "serviceTask")
        elif j % 3 == 0 and made_tasks < tasks:
            at = Position(data.activity_instance_id("Task_Approve"), "Task_Approve", "Approve", "userTask")
        elif j % 25 == 12:
            at = Position(data.activity_instance_id("Task_Charge"), "Task_Charge", "Charge card", "serviceTask")
        else:
            at = None
        instance = data.start(
            definition,
            business_key=f"BK-{j:05d}" if j % 3 != 2 else None,
            variables=_variables(j),
            suspended=suspended,
            waiting_at=at,
        )
        if j == 0:
            data.variables[instance.id]["invoiceDocument"] = data.variables[instance.id]["invoiceNumber"].model_copy(
                update={
                    "name": "invoiceDocument",
                    "type": "File",
                    "value": None,
                    "filename": "invoice.pdf",
                    "mime_type": "application/pdf",
                }
            )
            data.files[(instance.id, "invoiceDocument")] = PDF
        if at is None:
            continue
        if j in failing:
            _incident(data, instance.id, definition, k=sorted(failing).index(j), suspended=suspended)
        elif at.activity_id == "Task_Approve":
            _task(data, instance.id, definition, k=made_tasks, suspended=suspended)
            made_tasks += 1
        else:
            _waiting_work(data, instance.id, definition, j=j, suspended=suspended)


def _incident(data: FakeData, instance_id: str, definition: ProcessDefinition, *, k: int, suspended: bool) -> None:
    """A failed job (or on C7 every fourth a failed external task, the last one a custom incident)."""
    now = data.tick()
    external = data.flavour == "c7" and k % 4 == 1
    custom = data.flavour == "c7" and k == 11
    if data.flavour == "c8":
        kind = "IO_MAPPING_ERROR" if k % 4 == 2 else "JOB_NO_RETRIES"
    else:
        kind = "customIncident" if custom else "failedExternalTask" if external else "failedJob"
    # the failing job or external task; the fake C8 keeps its job key here too (the model has no
    # jobKey field yet, and retry and stacktrace find the job through it)
    configuration: str | None = None
    if external:
        configuration = data.new_id()
        data.external_tasks[configuration] = ExternalTask(
            id=configuration,
            topic="charge-card",
            worker_id="payment-worker",
            retries=0,
            error_message=FAILURE,
            activity_id="Task_Charge",
            process_instance_id=instance_id,
            bpmn_process_id=definition.bpmn_process_id,
            suspended=suspended,
            tenant_id=definition.tenant_id,
        )
        data.stacktraces[configuration] = STACKTRACE
    elif kind in ("failedJob", "JOB_NO_RETRIES"):
        configuration = data.new_id()
        data.jobs[configuration] = Job(
            id=configuration,
            retries=0,
            exception_message=FAILURE,
            failed_activity_id="Task_Charge",
            process_instance_id=instance_id,
            bpmn_process_id=definition.bpmn_process_id,
            due_date=now,
            suspended=suspended,
            tenant_id=definition.tenant_id,
        )
        data.stacktraces[configuration] = STACKTRACE
    incident_id = data.new_id()
    data.incidents[incident_id] = Incident(
        id=incident_id,
        type=kind,
        message="Manual check required" if custom else FAILURE,
        timestamp=now,
        activity_id="Task_Charge",
        failed_activity_id="Task_Charge",
        process_instance_id=instance_id,
        process_definition_id=definition.id,
        execution_id=data.new_id(),
        root_cause_incident_id=incident_id,
        configuration=configuration,
        tenant_id=definition.tenant_id,
    )


def _task(data: FakeData, instance_id: str, definition: ProcessDefinition, *, k: int, suspended: bool) -> None:
    created = data.tick()
    task_name = next(t for key, _, t in PROCESSES if key == definition.bpmn_process_id)
    task_id = data.new_id()
    data.tasks[task_id] = UserTask(
        id=task_id,
        name=task_name,
        assignee=("demo", None, "mary", None)[k % 4],
        created=created,
        due=created + timedelta(days=3) if k % 4 == 0 else None,
        follow_up=created + timedelta(days=1) if k % 8 == 5 else None,
        description=f"{task_name} for business key BK-{k:05d}" if k % 5 == 0 else None,
        priority=(50, 75, 25)[k % 3],
        process_definition_id=definition.id,
        process_instance_id=instance_id,
        task_definition_key="Task_Approve",
        suspended=suspended,
        tenant_id=definition.tenant_id,
    )
    data.candidate_groups[task_id] = ("management",) if k % 8 == 3 else ("accounting",)
    if k == 0:
        data.comments[task_id] = [
            Comment(id=data.new_id(), user_id="demo", time=data.tick(), message="Checked the amount – looks fine.")
        ]


def _waiting_work(data: FakeData, instance_id: str, definition: ProcessDefinition, *, j: int, suspended: bool) -> None:
    """Work waiting for a worker at the service task: an external task on C7, a job on C8."""
    work_id = data.new_id()
    if data.flavour == "c8":
        data.jobs[work_id] = Job(
            id=work_id,
            retries=3,
            failed_activity_id=None,
            process_instance_id=instance_id,
            bpmn_process_id=definition.bpmn_process_id,
            suspended=suspended,
            tenant_id=definition.tenant_id,
        )
        return
    locked = j % 2 == 0
    data.external_tasks[work_id] = ExternalTask(
        id=work_id,
        topic="charge-card",
        worker_id="payment-worker" if locked else None,
        lock_expiration_time=data.clock + timedelta(days=1) if locked else None,
        retries=None,
        activity_id="Task_Charge",
        process_instance_id=instance_id,
        bpmn_process_id=definition.bpmn_process_id,
        suspended=suspended,
        tenant_id=definition.tenant_id,
    )


def _identity(data: FakeData) -> None:
    for user in (
        User(id="demo", first_name="Demo", last_name="Demo", email="demo@camunda.org"),
        User(id="mary", first_name="Mary", last_name="Anne", email="mary@camunda.org"),
        User(id="peter", first_name="Peter", last_name="Meter", email="peter@camunda.org"),
    ):
        data.users[user.id] = user
        data.passwords[user.id] = user.id
    for group in (
        Group(id="camunda-admin", name="camunda BPM Administrators", type="SYSTEM"),
        Group(id="accounting", name="Accounting", type="WORKFLOW"),
        Group(id="management", name="Management", type="WORKFLOW"),
        Group(id="sales", name="Sales", type="WORKFLOW"),
    ):
        data.groups[group.id] = group
    data.group_members |= {
        ("camunda-admin", "demo"),
        ("accounting", "demo"),
        ("management", "demo"),
        ("sales", "demo"),
        ("accounting", "mary"),
        ("management", "peter"),
    }
    data.tenants["acme"] = Tenant(id="acme", name="ACME Corp")
    data.tenant_users.add(("acme", "demo"))
    data.tenant_groups.add(("acme", "accounting"))
    for authorization in (
        (AuthorizationType.GLOBAL, ("READ",), None, None, "PROCESS_DEFINITION", "*"),
        (AuthorizationType.GRANT, ("ALL",), None, "camunda-admin", "APPLICATION", "*"),
        (AuthorizationType.GRANT, ("READ", "UPDATE"), "mary", None, "PROCESS_DEFINITION", "invoice"),
        (AuthorizationType.REVOKE, ("DELETE",), None, "accounting", "PROCESS_INSTANCE", "*"),
    ):
        kind, permissions, user_id, group_id, resource_type, resource_id = authorization
        auth_id = data.new_id()
        if data.flavour == "c8" and kind is not AuthorizationType.GRANT:
            # GLOBAL and REVOKE are Camunda 7's (the id is still taken, so later ids stay as they were)
            continue
        data.authorizations[auth_id] = Authorization(
            id=auth_id,
            type=kind,
            permissions=permissions,
            user_id="*" if kind is AuthorizationType.GLOBAL else user_id,
            group_id=group_id,
            resource_type=resource_type,
            resource_id=resource_id,
        )
