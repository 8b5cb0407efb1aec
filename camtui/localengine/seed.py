"""Fill the local engine with demo data every screen can show. Running it twice changes nothing.

Each step first looks whether its result is already there (a deployment of that name and source,
an instance with that business key, a user or group of that id).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr

from camtui.api import AuthKind, Connection, Credentials
from camtui.api.factory import connect
from camtui.api.models import (
    AuthorizationFilter,
    AuthorizationType,
    DeploymentFilter,
    Group,
    GroupFilter,
    IncidentFilter,
    InstanceFilter,
    NewDeployment,
    Tenant,
    User,
    UserFilter,
    VariableValue,
)
from camtui.api.protocol import Engine

DEMO = Path(__file__).parent / "demo"
SOURCE = "camtui-demo"
TENANT = "acme"

# name -> (files, tenant)
DEPLOYMENTS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "invoice": (("invoice-v1.bpmn", "invoice-approval.form"), None),
    "invoice v2": (("invoice-v2.bpmn", "invoice-approval.form"), None),
    "order fulfilment": (("order-fulfilment.bpmn", "discount.dmn", "README.txt"), None),
    "payments": (("failing.bpmn",), None),
    "reminders": (("reminder.bpmn",), None),
    "acme onboarding": (("onboarding.bpmn",), TENANT),
}

USERS = (
    User(id="mary", first_name="Mary", last_name="Anne", email="mary@camtui.dev"),
    User(id="peter", first_name="Peter", last_name="Meter", email="peter@camtui.dev"),
    User(id="zoe", first_name="Zoë", last_name="Müller", email="zoe@camtui.dev"),
)
PASSWORDS = {"mary": "mary", "peter": "peter", "zoe": "zoe"}
GROUPS = (
    Group(id="accounting", name="Accounting", type="WORKFLOW"),
    Group(id="acmestaff", name="ACME staff", type="WORKFLOW"),
    Group(id="management", name="Management", type="WORKFLOW"),
)
MEMBERSHIPS = (("accounting", "mary"), ("acmestaff", "peter"), ("management", "zoe"))


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)

    def add(self, what: str, created: bool) -> None:
        (self.created if created else self.existing).append(what)


def demo_connection(url: str, username: str = "demo", password: str = "demo") -> Connection:
    return Connection(
        base_url=url,
        credentials=Credentials(kind=AuthKind.BASIC, username=username, password=SecretStr(password)),
    )


async def seed(url: str) -> SeedReport:
    report = SeedReport()
    async with connect(demo_connection(url)) as engine:
        info = await engine.info.engine()
        await _identity(engine, report)
        await _deployments(engine, report)
        # Json and Object(JSON) variables need Spin, which the Operaton build cannot have
        await _instances(engine, report, rich_types=info.product == "Camunda 7")
        await _authorizations(engine, report)
    return report


async def _identity(engine: Engine, report: SeedReport) -> None:
    existing_tenants = {t.id for t in (await engine.tenants.list(limit=1000)).items}
    if TENANT not in existing_tenants:
        await engine.tenants.create(Tenant(id=TENANT, name="ACME Corporation"))
    report.add(f"tenant {TENANT}", TENANT not in existing_tenants)
    existing_users = {u.id for u in (await engine.users.list(limit=1000)).items}
    for user in USERS:
        if user.id not in existing_users:
            await engine.users.create(user, PASSWORDS[user.id])
        report.add(f"user {user.id}", user.id not in existing_users)
    existing_groups = {g.id for g in (await engine.groups.list(limit=1000)).items}
    for group in GROUPS:
        if group.id not in existing_groups:
            await engine.groups.create(group)
        report.add(f"group {group.id}", group.id not in existing_groups)
    for group_id, user_id in MEMBERSHIPS:
        members = {u.id for u in (await engine.users.list(UserFilter(member_of_group=group_id), limit=1000)).items}
        if user_id not in members:
            await engine.groups.add_member(group_id, user_id)
    tenant_users = {u.id for u in (await engine.users.list(UserFilter(member_of_tenant=TENANT), limit=1000)).items}
    if "peter" not in tenant_users:
        await engine.tenants.add_user(TENANT, "peter")
    tenant_groups = {g.id for g in (await engine.groups.list(GroupFilter(member_of_tenant=TENANT), limit=1000)).items}
    if "acmestaff" not in tenant_groups:
        await engine.tenants.add_group(TENANT, "acmestaff")


async def _deployments(engine: Engine, report: SeedReport) -> None:
    for name, (files, tenant) in DEPLOYMENTS.items():
        found = (await engine.deployments.list(DeploymentFilter(name=name, source=SOURCE), limit=1)).total
        if not found:
            await engine.deployments.create(
                NewDeployment(
                    name=name,
                    source=SOURCE,
                    tenant_id=tenant,
                    files=tuple((f, (DEMO / f).read_bytes()) for f in files),
                )
            )
        report.add(f"deployment {name}", not found)


INVOICES = (
    (
        "INV-1001",
        {"amount": VariableValue(value=420.5, type="Double"), "creditor": VariableValue(value="Great Pizza")},
    ),
    (
        "INV-1002",
        {
            "amount": VariableValue(value=1200, type="Integer"),
            "creditor": VariableValue(value="Café Ünicode"),
        },
    ),
    (
        "INV-1003",
        {"amount": VariableValue(value=99, type="Long"), "creditor": VariableValue(value="Paper Ltd")},
    ),
)


async def _instances(engine: Engine, report: SeedReport, *, rich_types: bool) -> None:
    for business_key, variables in INVOICES:
        common = {
            "urgent": VariableValue(value=business_key.endswith("2"), type="Boolean"),
            "received": VariableValue(value=datetime(2026, 11, 2, 9, 30, tzinfo=UTC), type="Date"),
        }
        extra = _spin_variables() if rich_types else {}
        await _start_once(engine, report, "camtui_invoice", business_key, {**variables, **common, **extra})
    order = {"amount": VariableValue(value=1500.0, type="Double")}
    await _start_once(engine, report, "camtui_order", "ORD-2001", order)
    await _start_once(engine, report, "camtui_reminder", "REM-3001", {})
    await _start_once(engine, report, "camtui_payment", "PAY-4001", {"amount": VariableValue(value=75, type="Integer")})
    await _start_once(engine, report, "camtui_onboarding", "ACME-5001", {}, tenant_id=TENANT)


def _spin_variables() -> dict[str, VariableValue]:
    return {
        "lines": VariableValue(value='{"items": [{"sku": "A-1", "qty": 2}]}', type="Json"),
        "address": VariableValue(
            value='{"street": "Hauptstraße 1", "city": "Berlin"}',
            type="Object",
            object_type_name="java.util.LinkedHashMap",
            serialization_format="application/json",
        ),
    }


async def _start_once(
    engine: Engine,
    report: SeedReport,
    bpmn_process_id: str,
    business_key: str,
    variables: dict[str, VariableValue],
    tenant_id: str | None = None,
) -> None:
    found = (await engine.instances.list(InstanceFilter(business_key=business_key), limit=1)).total
    if not found:
        await engine.definitions.start(
            bpmn_process_id=bpmn_process_id, tenant_id=tenant_id, business_key=business_key, variables=variables
        )
    report.add(f"instance {business_key}", not found)


# mary (accounting) may see and work on invoices only
MARY_GRANTS = (
    ("PROCESS_DEFINITION", "camtui_invoice", ("READ", "READ_INSTANCE", "READ_TASK", "UPDATE_TASK")),
    ("DEPLOYMENT", "*", ("READ",)),
    ("TASK", "*", ("READ", "UPDATE")),
)


async def _authorizations(engine: Engine, report: SeedReport) -> None:
    existing = {
        (a.resource_type, a.resource_id)
        for a in (await engine.authorizations.list(AuthorizationFilter(user_ids=("mary",)), limit=1000)).items
    }
    for resource_type, resource_id, permissions in MARY_GRANTS:
        if (resource_type, resource_id) not in existing:
            await engine.authorizations.create(
                type=AuthorizationType.GRANT,
                permissions=permissions,
                resource_type=resource_type,
                resource_id=resource_id,
                user_id="mary",
            )
        report.add(f"authorization mary {resource_type}:{resource_id}", (resource_type, resource_id) not in existing)


async def wait_for_demo_incident(url: str, seconds: float = 60.0) -> bool:
    """The failing payment becomes an incident after the job executor's retries."""
    async with connect(demo_connection(url)) as engine:
        try:
            async with asyncio.timeout(seconds):
                payments = IncidentFilter(bpmn_process_ids=("camtui_payment",))
                # polling the engine: there is no event to wait on
                while not (await engine.incidents.list(payments, limit=1)).total:  # noqa: ASYNC110
                    await asyncio.sleep(0.5)
        except TimeoutError:
            return False
    return True
