"""Record every request the service layer sends during the engine tests, for the contract check."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx


@dataclass(frozen=True)
class Sent:
    method: str
    path: str
    query: tuple[str, ...]
    json_body: Any = None
    form_fields: tuple[str, ...] = ()


@dataclass
class Recorder:
    base_path: str
    sent: list[Sent] = field(default_factory=list)

    def record(self, request: httpx.Request) -> None:
        path = unquote(urlsplit(str(request.url)).path)
        if path.startswith(self.base_path):
            path = path[len(self.base_path) :] or "/"
        content_type = request.headers.get("content-type", "")
        body: Any = None
        form: tuple[str, ...] = ()
        content = request.content
        if content and content_type.startswith("application/json"):
            body = json.loads(content)
        elif content and content_type.startswith("multipart/form-data"):
            # text fields only: file parts may carry any name (the engine reads every part with a filename)
            form = tuple(
                m.group(1).decode()
                for m in re.finditer(rb'Content-Disposition: form-data; name="([^"]+)"(?!; filename)', content)
                for _ in [0]
            )
        self.sent.append(
            Sent(
                method=request.method,
                path=path,
                query=tuple(sorted({k for k, _ in request.url.params.multi_items()})),
                json_body=body,
                form_fields=form,
            )
        )


class RecordingTransport(httpx.AsyncBaseTransport):
    def __init__(self, recorder: Recorder) -> None:
        self._recorder = recorder
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self._recorder.record(request)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
