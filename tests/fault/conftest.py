"""What the fault tier's engine tests share: an administrator of their own and the misbehaving proxy."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.conftest import RunningEngine
from tests.fault.misbehaving_proxy import MisbehavingProxy, misbehaving_proxy

ADMIN_GROUP = "camunda-admin"


@dataclass(frozen=True)
class FaultUser:
    name: str
    password: str


@pytest.fixture(scope="module")
def fault_user(real_engine: RunningEngine) -> Iterator[FaultUser]:
    """An administrator whose password appears nowhere else, so a leak would show."""
    user = FaultUser(f"faultadm{uuid.uuid4().hex[:8]}", f"Pw-{uuid.uuid4().hex}")
    with httpx.Client(base_url=real_engine.url, auth=("demo", "demo"), timeout=30) as client:
        client.post(
            "/user/create",
            json={
                "profile": {"id": user.name, "firstName": "Fault", "lastName": "Admin", "email": "f@camtui.test"},
                "credentials": {"password": user.password},
            },
        ).raise_for_status()
        client.put(f"/group/{ADMIN_GROUP}/members/{user.name}").raise_for_status()
        try:
            yield user
        finally:
            client.delete(f"/user/{user.name}")


@pytest.fixture(scope="module")
def proxy(real_engine: RunningEngine) -> Iterator[MisbehavingProxy]:
    with misbehaving_proxy(real_engine.url, stall_seconds=10) as running:
        yield running
