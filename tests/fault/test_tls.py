"""TLS against a real HTTPS server on loopback with a throwaway CA: verification fails with a hint,
the profile's CA bundle fixes it, and `--insecure` (verify off) works too."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import trustme

from camtui.api import Connection, connect, errors

BODY = b'{"id": "d1", "name": "tls"}'


@asynccontextmanager
async def https_server(ca: trustme.CA) -> AsyncIterator[int]:
    cert = ca.issue_cert("127.0.0.1", "localhost")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + f"Content-Length: {len(BODY)}\r\n\r\n".encode()
                + BODY
            )
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


async def test_untrusted_certificate_is_explained_and_a_ca_bundle_fixes_it(tmp_path: Path) -> None:
    ca = trustme.CA()
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    async with https_server(ca) as port:
        url = f"https://127.0.0.1:{port}/engine-rest"
        async with connect(Connection(base_url=url, retries=0)) as engine:
            with pytest.raises(errors.ConnectionFailed) as info:
                await engine.deployments.get("d1")
        assert "TLS failed" in info.value.message
        assert "CA bundle" in info.value.hint
        async with connect(Connection(base_url=url, ca_bundle=str(bundle))) as engine:
            assert (await engine.deployments.get("d1")).name == "tls"
        async with connect(Connection(base_url=url, verify_tls=False)) as engine:
            assert (await engine.deployments.get("d1")).name == "tls"
