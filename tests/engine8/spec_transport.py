"""Every exchange camtui's Camunda 8 client has with the real broker, checked against the official spec.

The spec (tests/c8/spec.py reads it from beside the repository) describes 8.8 and newer; the broker
is 8.6. So requests must match it exactly (what camtui sends is what an 8.8 cluster expects), and
answers are checked too, each way 8.6 differs being listed by the test that meets it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

from tests.c8.spec import NO_BODY, Spec, SpecViolation, load_spec, spec_available


@dataclass
class Exchange:
    method: str
    path: str  # below /v2
    status: int
    request_problem: str | None
    response_problem: str | None


@dataclass
class SpecCheckingTransport(httpx.AsyncBaseTransport):
    """Passes everything on; records each exchange and what the spec says of it."""

    inner: httpx.AsyncBaseTransport = field(default_factory=httpx.AsyncHTTPTransport)
    exchanges: list[Exchange] = field(default_factory=list)

    @property
    def spec(self) -> Spec | None:
        return load_spec() if spec_available() else None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        content = await request.aread()
        response = await self.inner.handle_async_request(request)
        raw = await response.aread()
        spec = self.spec
        path = urlsplit(str(request.url)).path.split("/v2", 1)[-1]
        request_problem = response_problem = None
        if spec is not None:
            try:
                check_request(spec, request, path, content)
            except SpecViolation as exc:
                request_problem = str(exc)
            try:
                check_response(spec, request.method, path, response, raw)
            except SpecViolation as exc:
                response_problem = str(exc)
        self.exchanges.append(Exchange(request.method, path, response.status_code, request_problem, response_problem))
        return httpx.Response(
            response.status_code, headers=response.headers, content=raw, extensions=response.extensions
        )

    def request_problems(self) -> list[str]:
        return [e.request_problem for e in self.exchanges if e.request_problem]


def check_request(spec: Spec, request: httpx.Request, path: str, content: bytes) -> None:
    query = dict(parse_qsl(urlsplit(str(request.url)).query))
    content_type = request.headers.get("content-type")
    if content_type and content_type.startswith("multipart/form-data"):
        fields = sorted(set(re.findall(rb'(?im)^content-disposition: *form-data; *name="([^"]+)"', content)))
        spec.check_request(
            request.method, path, query=query, content_type=content_type, form_fields=[f.decode() for f in fields]
        )
        return
    body: Any = json.loads(content) if content else NO_BODY
    spec.check_request(request.method, path, query=query, body=body, content_type=content_type)


def check_response(spec: Spec, method: str, path: str, response: httpx.Response, raw: bytes) -> None:
    content_type = response.headers.get("content-type")
    body: Any = NO_BODY
    if raw:
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode(errors="replace")
    spec.check_response(method, path, response.status_code, body, content_type=content_type)
