"""Start, find and stop the local engine process.

`up` writes a small state file (pid, port, jar, log); `down` stops only a process that state file
names and whose command line is our jar, never anything else on the port.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx
import platformdirs

from camtui.localengine.build import Build, Variant, ensure_built

DEFAULT_PORT = 18080
ADMIN_USER = "demo"
ADMIN_PASSWORD = "demo"
JAVA_OPTS = ["-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"]


class EngineStartError(RuntimeError):
    """The engine did not come up; the message includes the end of its log."""


@dataclass(frozen=True)
class EngineState:
    pid: int
    port: int
    variant: str
    jar: str
    log: str
    started_at: float

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/engine-rest"


def state_dir() -> Path:
    override = os.environ.get("CAMTUI_STATE_DIR")
    return Path(override) if override else Path(platformdirs.user_state_dir("camtui"))


class LocalEngine:
    """One local engine, identified by its state directory."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or state_dir()
        self.state_file = self.directory / "local-engine.json"
        self.log_file = self.directory / "local-engine.log"

    def state(self) -> EngineState | None:
        """The running engine, or None (a stale state file is removed)."""
        try:
            state = EngineState(**json.loads(self.state_file.read_text()))
        except (OSError, ValueError, TypeError):
            return None
        if not _is_our_process(state.pid, state.jar):
            self.state_file.unlink(missing_ok=True)
            return None
        return state

    def up(
        self, *, port: int = DEFAULT_PORT, variant: Variant = Variant.CAMUNDA, timeout: float = 240.0
    ) -> tuple[EngineState, bool]:
        """Start the engine and wait until it answers; (state, started). Idempotent."""
        running = self.state()
        if running is not None:
            wait_until_ready(running.url, timeout=timeout, pid=running.pid, log=Path(running.log))
            return running, False
        if _port_in_use(port):
            raise EngineStartError(
                f"Port {port} on 127.0.0.1 is already in use by another program; choose another with --port."
            )
        build: Build = ensure_built(variant)
        self.directory.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("wb") as log:
            proc = subprocess.Popen(
                [
                    "java",
                    *JAVA_OPTS,
                    "-jar",
                    str(build.jar),
                    f"--server.port={port}",
                    "--server.address=127.0.0.1",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                # its own session: it outlives `camtui local up`, and ctrl+c there does not kill it
                start_new_session=True,
            )
        state = EngineState(
            pid=proc.pid,
            port=port,
            variant=variant.value,
            jar=str(build.jar),
            log=str(self.log_file),
            started_at=time.time(),
        )
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(state)))
        tmp.replace(self.state_file)
        try:
            wait_until_ready(state.url, timeout=timeout, pid=proc.pid, log=self.log_file, process=proc)
        except BaseException:
            self.down()
            raise
        return state, True

    def down(self, timeout: float = 30.0) -> bool:
        """Stop the engine `up` started; False when none was running."""
        state = self.state()
        if state is None:
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(state.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(state.pid) and time.monotonic() < deadline:
            _reap(state.pid)
            time.sleep(0.1)
        if _alive(state.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(state.pid, signal.SIGKILL)
            _reap(state.pid)
        self.state_file.unlink(missing_ok=True)
        return True

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def wait_until_ready(
    url: str,
    *,
    timeout: float,
    pid: int | None = None,
    log: Path | None = None,
    process: subprocess.Popen[bytes] | None = None,
) -> None:
    """Poll `GET /version` as the admin user: 200 means Tomcat, the engine and the admin user exist."""
    deadline = time.monotonic() + timeout
    with httpx.Client(auth=(ADMIN_USER, ADMIN_PASSWORD), timeout=2.0) as client:
        while True:
            exited = process.poll() if process is not None else (None if pid is None or _alive(pid) else -1)
            if exited is not None:
                raise EngineStartError(f"The engine exited (code {exited}) while starting.\n{_tail(log)}")
            with contextlib.suppress(httpx.HTTPError):
                if client.get(f"{url}/version").status_code == 200:
                    return
            if time.monotonic() > deadline:
                raise EngineStartError(f"The engine did not answer within {timeout:.0f} s.\n{_tail(log)}")
            time.sleep(0.25)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _port_in_use(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child counts as gone
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1].split()[0] != "Z"
    except OSError:
        return True


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def _is_our_process(pid: int, jar: str) -> bool:
    if not _alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        # no /proc (macOS): trust the pid while it lives
        return True
    return jar.encode() in cmdline


def _tail(log: Path | None, lines: int = 30) -> str:
    if log is None:
        return ""
    try:
        return "Last lines of the engine log:\n" + "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
