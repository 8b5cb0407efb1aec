"""Shared fixtures: a real Camunda 7 engine on loopback for the whole session.

The engine is started with the same code as `camtui local up`, on a free port, in its own state
directory, seeded with the demo data, and stopped at the end. With CI=true a missing engine is a
failure; elsewhere a machine without Java or Maven skips the engine tests and says why.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pydantic import SecretStr

from camtui.api import AuthKind, Connection, Credentials
from camtui.api.c7.engine import C7Engine
from tests.memory_keyring import MemoryKeyring
from tests.recording import Recorder, RecordingTransport

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@dataclass(frozen=True)
class RunningEngine:
    url: str
    openapi: Path
    # where `camtui local` keeps its state for this engine; None for an external engine
    state_dir: Path | None = None

    def connection(self, user: str = "demo", password: str = "demo", **kwargs: object) -> Connection:
        return Connection(
            base_url=self.url,
            credentials=Credentials(kind=AuthKind.BASIC, username=user, password=SecretStr(password)),
            **kwargs,  # type: ignore[arg-type]
        )


def _no_engine(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"engine tests need the real engine in CI, but: {reason}")
    pytest.skip(f"no local engine on this machine: {reason}")


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """Every test gets its own config file and an in-memory keyring; none touches the user's."""
    import keyring

    for name in list(os.environ):
        if name.startswith(("CAMUNDA_", "CAMTUI_")) and name not in KEEP_ENV:
            monkeypatch.delenv(name)
    monkeypatch.setenv("CAMTUI_CONFIG_FILE", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("CAMTUI_LOG_FILE", str(tmp_path / "log" / "camtui.log"))
    monkeypatch.setenv("CAMTUI_STATE_DIR", str(tmp_path / "state"))
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        yield memory
    finally:
        keyring.set_keyring(previous)


# a developer's running engine and the shared engine build cache stay visible to tests
KEEP_ENV = {"CAMTUI_TEST_ENGINE_URL", "CAMTUI_ENGINE_CACHE"}
# ... and the Camunda 8 broker's (tests/engine8): cache, Java, JVM options, fixed ports
KEEP_ENV |= {"CAMTUI_C8_CACHE", "CAMTUI_C8_JAVA_HOME", "CAMTUI_C8_JAVA_OPTS"}
KEEP_ENV |= {f"CAMTUI_C8_{name}_PORT" for name in ("REST", "MANAGEMENT", "GRPC", "COMMAND", "INTERNAL")}


@pytest.fixture(scope="session")
def real_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEngine]:
    import asyncio

    from camtui.localengine.build import BuildError, ensure_built
    from camtui.localengine.process import LocalEngine, free_port
    from camtui.localengine.seed import seed, wait_for_demo_incident

    external = os.environ.get("CAMTUI_TEST_ENGINE_URL")
    if external:
        # a developer's already-running engine (camtui local up --seed)
        yield RunningEngine(url=external, openapi=ensure_built().openapi)
        return
    if shutil.which("java") is None or shutil.which("mvn") is None:
        _no_engine("java and mvn must be on PATH (Java 17+, Maven)")
    try:
        build = ensure_built()
    except BuildError as exc:
        _no_engine(str(exc))
        raise
    local = LocalEngine(tmp_path_factory.mktemp("engine-state"))
    state, _ = local.up(port=free_port())
    try:
        # in a thread of its own: the first test to ask for the engine may be running an event loop
        with ThreadPoolExecutor(1) as worker:
            worker.submit(asyncio.run, seed(state.url)).result()
            worker.submit(asyncio.run, wait_for_demo_incident(state.url)).result()
        yield RunningEngine(url=state.url, openapi=build.openapi, state_dir=local.directory)
    finally:
        local.down()


@pytest.fixture(scope="session")
def sent_requests(real_engine: RunningEngine) -> Recorder:
    """Every request the `engine` fixture's service layer sent, for the OpenAPI contract test."""
    return Recorder(base_path=urlsplit(real_engine.url).path)


@pytest.fixture
async def engine(real_engine: RunningEngine, sent_requests: Recorder) -> AsyncIterator[C7Engine]:
    """The service layer, connected as the admin user `demo`, its requests recorded."""
    async with C7Engine(real_engine.connection(), transport=RecordingTransport(sent_requests)) as e:
        yield e


@pytest.fixture
def demo_dir() -> Path:
    from camtui.localengine import seed

    return seed.DEMO


@dataclass(frozen=True)
class RunningBroker:
    """A real Camunda 8.6 broker: REST API v2 under `url` + "/v2", no authentication."""

    url: str
    log: Path
    # every record the broker writes, one JSON object a line (camtui.localengine.c8.read_records)
    records: Path


@pytest.fixture(scope="session")
def real_c8(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBroker]:
    """One Camunda 8.6 broker for the whole session, started only if a test asks for it.

    The first use downloads the distribution (299 MB) into the user cache. With CI=true a missing
    broker fails; elsewhere a machine without Java 21 or Maven skips and says why.
    """
    from camtui.localengine.c8 import Broker, C8Unavailable, check_maven, ensure_distribution, find_java_home

    try:
        java_home = find_java_home()
        check_maven()
    except C8Unavailable as exc:
        if IN_CI:
            pytest.fail(f"Camunda 8 tests need the real broker in CI, but: {exc}")
        pytest.skip(f"no Camunda 8 broker on this machine: {exc}")
    home = tmp_path_factory.mktemp("c8-broker")
    broker = Broker(home, distribution=ensure_distribution(), java_home=java_home, export_records=True)
    # die_with_parent: a test run killed outright (not just interrupted) leaves no JVM behind
    broker.start(die_with_parent=True)
    try:
        assert broker.records_file is not None
        yield RunningBroker(url=broker.url, log=broker.log_file, records=broker.records_file)
    finally:
        broker.stop()
        # its log and records stay for a look after a failure; the data (a 128 MB log segment) goes
        shutil.rmtree(home / "data", ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # the contract check reads what every other engine test sent, so it runs last
    items.sort(key=lambda item: "contract" in Path(str(item.fspath)).name)
    # tier markers follow the folder, so `-m "not engine"` runs without Java
    for item in items:
        parts = Path(str(item.fspath)).parts
        for tier in ("unit", "engine", "tui", "e2e", "fault", "contract", "engine8"):
            if tier in parts:
                item.add_marker(tier)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--snapshot-update", action="store_true", default=False, help="rewrite tests/tui/snapshots/*.svg")
