"""issue 15: a Camunda 7 `/count` is sent only when the total is needed: with the first page of a
list (the console shows "of N" and jumps to the last row by it), never with the pages after it,
and not at all for `camtui get`, which prints no total. On the real engine, requests recorded."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from camtui.api.c7.engine import C7Engine
from camtui.api.models import DeploymentFilter, InstanceFilter, NewDeployment
from camtui.api.paging import without_totals
from tests.conftest import RunningEngine
from tests.engine.cli_runner import Cli, cli_runner
from tests.engine.helpers import bpmn, unique
from tests.recording import Recorder


def paths(recorder: Recorder, since: int = 0) -> list[str]:
    return [f"{s.method} {s.path}" for s in recorder.sent[since:]]


async def test_the_first_page_is_counted_the_pages_after_it_are_not(engine: C7Engine, sent_requests: Recorder) -> None:
    source = unique("count")
    for n in range(3):
        await engine.deployments.create(
            NewDeployment(name=f"{source}-{n}", source=source, files=((f"{source}{n}.bpmn", bpmn(f"{source}{n}")),))
        )
    key = f"{source}0"
    for _ in range(3):
        await engine.definitions.start(bpmn_process_id=key)

    asked = len(sent_requests.sent)
    first = await engine.deployments.list(DeploymentFilter(source=source), limit=2)
    assert paths(sent_requests, asked).count("GET /deployment/count") == 1
    assert first.total == 3 and first.next is not None and len(first.items) == 2

    asked = len(sent_requests.sent)
    second = await engine.deployments.list(DeploymentFilter(source=source), limit=2, after=first.next)
    assert paths(sent_requests, asked) == ["GET /deployment"], "the later page alone"
    assert second.total is None and len(second.items) == 1 and second.next is None
    assert {d.id for d in (*first.items, *second.items)} == {
        d.id for d in (await engine.deployments.list(DeploymentFilter(source=source))).items
    }

    # the POST queries (instances, tasks) the same way
    asked = len(sent_requests.sent)
    one = await engine.instances.list(InstanceFilter(bpmn_process_id=key), limit=2)
    assert paths(sent_requests, asked).count("POST /process-instance/count") == 1 and one.total == 3
    asked = len(sent_requests.sent)
    two = await engine.instances.list(InstanceFilter(bpmn_process_id=key), limit=2, after=one.next)
    assert "POST /process-instance/count" not in paths(sent_requests, asked)
    assert len(two.items) == 1 and two.next is None

    # where no total is shown, none is asked for, and the pages still end where the rows do
    asked = len(sent_requests.sent)
    with without_totals():
        uncounted = await engine.deployments.list(DeploymentFilter(source=source), limit=3)
    assert paths(sent_requests, asked) == ["GET /deployment"]
    assert uncounted.total is None and len(uncounted.items) == 3 and uncounted.next == "o3"
    with without_totals():
        past_the_end = await engine.deployments.list(DeploymentFilter(source=source), limit=3, after=uncounted.next)
    assert past_the_end.items == () and past_the_end.next is None


@pytest.fixture
def recorded_cli(
    real_engine: RunningEngine, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[Cli, list[str]]:
    """The CLI, with every request its (sync, event-loop free) reads send."""
    seen: list[str] = []
    base = urlsplit(real_engine.url).path
    original = httpx.HTTPTransport.handle_request

    def handle(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path.removeprefix(base)}")
        return original(self, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle)
    return cli_runner(real_engine, capsys, monkeypatch), seen


def test_camtui_get_sends_no_count(recorded_cli: tuple[Cli, list[str]]) -> None:
    cli, seen = recorded_cli
    code, out, err = cli("get", "deployments", "--limit", "2", "-o", "json")
    assert code == 0, err
    rows: list[dict[str, Any]] = json.loads(out)
    assert len(rows) == 2
    assert "GET /deployment" in seen and not any(p.endswith("/count") for p in seen), seen

    seen.clear()
    code, out, err = cli("get", "deployments", "--all", "-o", "json")
    assert code == 0, err
    assert len(json.loads(out)) >= 2 and not any(p.endswith("/count") for p in seen), seen
