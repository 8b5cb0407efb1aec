"""The Camunda 8 broker harness (camtui/localengine/c8.py) with a stand-in Maven and broker.

What a real first download or a real JVM cannot show on demand: a failed or interrupted download,
two sessions downloading at once, a hostile archive, a port taken meanwhile, a broker that ignores
SIGTERM, a test run killed outright.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from camtui.localengine import c8
from camtui.localengine.process import free_port
from tests import waiting

HERE = Path(__file__).parent


def script(path: Path, module: str) -> Path:
    """An executable `path` that runs tests/engine8/`module` with this Python (exec: same pid)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{HERE / module}" "$@"\n')
    path.chmod(0o755)
    return path


def eventually(condition: Callable[[], bool], within: float = 20.0) -> None:
    waiting.eventually(condition, seconds=within)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].split()[0] != "Z"
    except OSError:
        return True


@pytest.fixture
def mvn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake `mvn` first on PATH, and an empty cache; returns the directory it reports into."""
    report = tmp_path / "mvn-report"
    report.mkdir()
    script(tmp_path / "bin" / "mvn", "fake_mvn.py")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_MVN_DIR", str(report))
    monkeypatch.setenv("CAMTUI_C8_CACHE", str(tmp_path / "cache"))
    return report


def calls(report: Path) -> list[str]:
    path = report / "calls"
    return path.read_text().splitlines() if path.exists() else []


def test_the_distribution_is_downloaded_once_and_extracted_whole(mvn: Path) -> None:
    tree = c8.ensure_distribution("9.9.9")
    assert tree == c8.cache_root() / "camunda-zeebe-9.9.9"
    assert (tree / "bin" / "broker").is_file()
    assert os.access(tree / "bin" / "broker", os.X_OK)
    [call] = calls(mvn)
    assert "-Dartifact=io.camunda:camunda-zeebe:9.9.9:tar.gz" in call
    assert "--strict-checksums" in call
    # the archive and Maven's throwaway repository are gone: only the tree and the lock remain
    assert sorted(p.name for p in c8.cache_root().iterdir()) == [".camunda-zeebe-9.9.9.lock", "camunda-zeebe-9.9.9"]

    assert c8.ensure_distribution("9.9.9") == tree
    assert len(calls(mvn)) == 1


def test_a_failed_download_says_what_maven_said_and_leaves_nothing(mvn: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_MVN_MODE", "fail")
    with pytest.raises(c8.C8SetupError, match="Connection refused"):
        c8.ensure_distribution("9.9.9")
    assert [p.name for p in c8.cache_root().iterdir()] == [".camunda-zeebe-9.9.9.lock"]
    # the next try starts afresh and succeeds
    monkeypatch.setenv("FAKE_MVN_MODE", "ok")
    assert (c8.ensure_distribution("9.9.9") / "bin" / "broker").is_file()


def test_a_killed_runs_half_tree_is_never_taken_for_a_whole_one(mvn: Path) -> None:
    # what a run killed during extraction leaves: a temporary tree beside where the whole one goes
    leftover = c8.cache_root() / ".camunda-zeebe-9.9.9-k1ll3d" / "extracted" / "camunda-zeebe-9.9.9" / "lib"
    leftover.mkdir(parents=True)
    tree = c8.ensure_distribution("9.9.9")
    assert len(calls(mvn)) == 1
    assert (tree / "bin" / "broker").is_file()
    assert not leftover.exists()
    assert sorted(p.name for p in c8.cache_root().iterdir()) == [".camunda-zeebe-9.9.9.lock", "camunda-zeebe-9.9.9"]


def test_two_sessions_at_once_download_once(mvn: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_MVN_MODE", "gate")
    results: list[Path] = []
    first = threading.Thread(target=lambda: results.append(c8.ensure_distribution("9.9.9")))
    first.start()
    eventually((mvn / "waiting").exists)  # the first one holds the lock and is downloading
    second = threading.Thread(target=lambda: results.append(c8.ensure_distribution("9.9.9")))
    second.start()
    (mvn / "release").touch()
    first.join(30)
    second.join(30)
    assert results == [c8.distribution_dir("9.9.9")] * 2
    assert len(calls(mvn)) == 1


@pytest.mark.parametrize(
    ("mode", "message"), [("escape", "Could not extract"), ("nolauncher", "has no camunda-zeebe-9.9.9/bin/broker")]
)
def test_an_archive_that_is_not_a_distribution_is_refused(
    mvn: Path, monkeypatch: pytest.MonkeyPatch, mode: str, message: str
) -> None:
    monkeypatch.setenv("FAKE_MVN_MODE", mode)
    with pytest.raises(c8.C8SetupError, match=message):
        c8.ensure_distribution("9.9.9")
    assert [p.name for p in c8.cache_root().iterdir()] == [".camunda-zeebe-9.9.9.lock"]
    assert not (c8.cache_root().parent / "escaped.txt").exists()


def test_without_maven_the_error_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CAMTUI_C8_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(c8.C8Unavailable, match="needs Maven"):
        c8.ensure_distribution("9.9.9")


def test_an_explicit_java_home_that_is_too_old_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    home = tmp_path / "jdk17"
    java = home / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text("#!/bin/sh\necho 'openjdk version \"17.0.15\" 2025-04-15' >&2\n")
    java.chmod(0o755)
    monkeypatch.setenv("CAMTUI_C8_JAVA_HOME", str(home))
    with pytest.raises(c8.C8Unavailable, match=r"CAMTUI_C8_JAVA_HOME: Java 17 at .*jdk17"):
        c8.find_java_home()


def test_ports_come_from_the_environment_or_are_free(monkeypatch: pytest.MonkeyPatch) -> None:
    free = c8.BrokerPorts.choose({})
    assert len({free.rest, free.management, free.grpc, free.command, free.internal}) == 5
    assert not free.fixed({})
    fixed = c8.BrokerPorts.choose({"CAMTUI_C8_REST_PORT": "18088"})
    assert fixed.rest == 18088
    assert fixed.fixed({"CAMTUI_C8_REST_PORT": "18088"})
    with pytest.raises(c8.C8StartError, match=r"CAMTUI_C8_GRPC_PORT='26500x' is not a port number"):
        c8.BrokerPorts.choose({"CAMTUI_C8_GRPC_PORT": "26500x"})


# -- the process ----------------------------------------------------------------------------------


@pytest.fixture
def fake_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A distribution whose bin/broker is tests/engine8/fake_broker.py; returns where it reports."""
    report = tmp_path / "broker-report"
    report.mkdir()
    script(tmp_path / "dist" / "bin" / "broker", "fake_broker.py")
    monkeypatch.setenv("FAKE_BROKER_DIR", str(report))
    return report


def broker(tmp_path: Path, *, export_records: bool = False) -> c8.Broker:
    home, dist, jdk = tmp_path / "home", tmp_path / "dist", tmp_path / "jdk"
    return c8.Broker(home, distribution=dist, java_home=jdk, export_records=export_records)


def test_a_broker_starts_on_loopback_with_its_own_ports_and_data_and_stops(
    tmp_path: Path, fake_distribution: Path
) -> None:
    b = broker(tmp_path, export_records=True)
    b.start(timeout=30)
    try:
        env = json.loads((fake_distribution / "env.json").read_text())
        assert env["SERVER_PORT"] == str(b.ports.rest)
        assert env["MANAGEMENT_SERVER_PORT"] == str(b.ports.management)
        assert env["ZEEBE_BROKER_GATEWAY_NETWORK_PORT"] == str(b.ports.grpc)
        assert env["ZEEBE_BROKER_NETWORK_COMMANDAPI_PORT"] == str(b.ports.command)
        assert env["ZEEBE_BROKER_NETWORK_INTERNALAPI_PORT"] == str(b.ports.internal)
        for host in ("ZEEBE_BROKER_NETWORK_HOST", "ZEEBE_BROKER_GATEWAY_NETWORK_HOST", "SERVER_ADDRESS"):
            assert env[host] == "127.0.0.1"
        assert env["ZEEBE_BROKER_DATA_DIRECTORY"] == str(tmp_path / "home" / "data")
        assert env["JAVA_HOME"] == str(tmp_path / "jdk")
        assert f"-Dlog4j2.configurationFile={tmp_path / 'home' / 'log4j2.xml'}" in env["JAVA_OPTS"]
        assert env["ZEEBE_BROKER_EXPORTERS_RECORDS_CLASSNAME"] == c8.RECORDS_EXPORTER
        assert str(tmp_path / "home" / "records.jsonl") in (tmp_path / "home" / "log4j2.xml").read_text()
        pid = b.pid
        assert pid is not None
    finally:
        b.stop()
    assert not alive(pid)


def test_a_broker_that_ignores_sigterm_is_killed(
    tmp_path: Path, fake_distribution: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_BROKER_MODE", "linger")
    b = broker(tmp_path)
    b.start(timeout=30)
    pid = b.pid
    assert pid is not None
    b.stop(timeout=0.5)
    assert not alive(pid)


def test_a_broker_that_exits_while_starting_shows_its_log(
    tmp_path: Path, fake_distribution: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_BROKER_MODE", "exit")
    b = broker(tmp_path)
    with pytest.raises(c8.C8StartError, match=r"(?s)exited \(code 3\).*boom, the configuration is wrong"):
        b.start(timeout=30)
    assert b.process is None


@pytest.mark.parametrize("mode", ["bind-once", "hang-once"])
def test_a_port_taken_meanwhile_is_chosen_again(
    tmp_path: Path, fake_distribution: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    monkeypatch.setenv("FAKE_BROKER_MODE", mode)
    # the second start takes a few seconds, as a real one: the first one's failure in the shared
    # log file must not be read as the second one's
    monkeypatch.setenv("FAKE_BROKER_READY_AFTER", "12")
    b = broker(tmp_path)
    first = b.ports
    started = time.monotonic()
    b.start(timeout=60)
    # a broker stuck on a taken port is given up on from its log, not after the whole timeout
    assert time.monotonic() - started < 30
    try:
        assert b.ports != first
        assert json.loads((fake_distribution / "env.json").read_text())["SERVER_PORT"] == str(b.ports.rest)
    finally:
        b.stop()


def test_fixed_ports_are_not_changed_behind_the_users_back(
    tmp_path: Path, fake_distribution: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_BROKER_MODE", "bind-once")
    monkeypatch.setenv("CAMTUI_C8_REST_PORT", str(free_port()))
    b = broker(tmp_path)
    with pytest.raises(c8.C8StartError, match="Port 8080 was already in use"):
        b.start(timeout=30)


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
def test_a_test_run_killed_outright_leaves_no_broker(tmp_path: Path, fake_distribution: Path) -> None:
    starter = textwrap.dedent(f"""
        import signal
        from pathlib import Path
        from camtui.localengine import c8
        b = c8.Broker(Path({str(tmp_path / "home")!r}), distribution=Path({str(tmp_path / "dist")!r}),
                      java_home=Path("/nonexistent"))
        b.start(timeout=30, die_with_parent=True)
        print(b.pid, flush=True)
        signal.pause()
    """)
    run = subprocess.Popen([sys.executable, "-c", starter], stdout=subprocess.PIPE, text=True)
    try:
        assert run.stdout is not None
        pid = int(run.stdout.readline())
        assert alive(pid)
    finally:
        run.kill()  # SIGKILL: no finally, no atexit runs in the starter
        run.wait(10)
    try:
        eventually(lambda: not alive(pid))
    finally:
        if alive(pid):  # the test failed; still leave nothing behind
            os.kill(pid, signal.SIGKILL)
