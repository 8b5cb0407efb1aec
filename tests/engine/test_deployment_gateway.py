"""A gateway in front of deployment/create (e.g. POST /enhancement/deployment/create, same multipart form).

A real proxy on 127.0.0.1 forwards to the real engine; for one deployment name it answers the way
gateways do, with a plain-text error instead of the engine's JSON.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from camtui.api import connect, errors
from camtui.api.models import DeploymentFilter, NewDeployment
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique

REJECT = b"gateway-says-no"


@asynccontextmanager
async def gateway(engine_url: str) -> AsyncIterator[tuple[str, list[str]]]:
    seen: list[str] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        body = await reader.readexactly(int(headers.get("Content-Length", headers.get("content-length", "0"))))
        seen.append(f"{method} {target}")
        if target.endswith("/enhancement/deployment/create") and REJECT not in body:
            async with httpx.AsyncClient() as client:
                answer = await client.post(
                    f"{engine_url}/deployment/create",
                    content=body,
                    headers={k: v for k, v in headers.items() if k.lower() in ("content-type", "authorization")},
                )
            status, ctype, payload = answer.status_code, answer.headers["content-type"], answer.content
        else:
            status, ctype, payload = 422, "text/plain", b"Rejected by policy: deployment names must not say no"
        writer.write(
            f"HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {len(payload)}\r\n"
            "Connection: close\r\n\r\n".encode()
            + payload
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/enhancement/deployment/create", seen
    finally:
        server.close()
        await server.wait_closed()


async def test_custom_create_url_deploys_through_the_gateway(real_engine: RunningEngine) -> None:
    async with gateway(real_engine.url) as (create_url, seen):
        conn = real_engine.connection(deployment_create_url=create_url)
        async with connect(conn) as engine:
            name = unique("gw")
            result = await engine.deployments.create(NewDeployment(name=name, files=(("g.bpmn", bpmn(unique("g"))),)))
            assert result.definitions, "the engine's answer came back through the gateway"
            assert (await engine.deployments.list(DeploymentFilter(name=name), limit=1)).total == 1
    assert seen == ["POST /enhancement/deployment/create"]


async def test_gateway_errors_that_are_not_engine_json_still_reach_the_user(real_engine: RunningEngine) -> None:
    async with gateway(real_engine.url) as (create_url, _):
        async with connect(real_engine.connection(deployment_create_url=create_url)) as engine:
            name = "gateway-says-no"
            with pytest.raises(errors.BadRequest) as info:
                await engine.deployments.create(NewDeployment(name=name, files=(("g.bpmn", bpmn(unique("g"))),)))
            assert "Rejected by policy" in info.value.message
            assert (await engine.deployments.list(DeploymentFilter(name=name), limit=1)).total == 0
