"""The installed `camtui` console script in tmux on a Camunda 8 cluster (the fake, every exchange
checked against the spec), zero-config from CAMUNDA_REST_ADDRESS, as a person would drive it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.c8.fake_cluster import FakeCluster
from tests.c8.test_console import seeded
from tests.conftest import IN_CI
from tests.e2e.test_tmux import Tmux
from tests.waiting import eventually

CAMTUI = Path(sys.executable).parent / "camtui"
pytestmark = pytest.mark.e2e


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        if IN_CI:
            pytest.fail("tmux is needed for the e2e tests (scripts/setup installs it)")
        pytest.skip("tmux is not installed")
    t = Tmux(f"camtui-c8-{uuid.uuid4().hex[:8]}")
    yield t
    subprocess.run(["tmux", "-L", t.socket, "kill-server"], capture_output=True, check=False)


@pytest.mark.parametrize("size", [(160, 45), (80, 24)])
def test_installed_console_on_camunda8_in_tmux(
    cluster: FakeCluster, tmux: Tmux, tmp_path: Path, size: tuple[int, int]
) -> None:
    seed = seeded(cluster)
    exit_file = tmp_path / "exit-code"
    env = (
        f"CAMUNDA_REST_ADDRESS={cluster.url.removesuffix('/v2')} CAMTUI_CONFIG_FILE={tmp_path / 'config.toml'} "
        f"CAMTUI_LOG_FILE={tmp_path / 'camtui.log'} TERM=xterm-256color"
    )
    width, height = size
    tmux.run("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", str(width), "-y", str(height), "sh")
    tmux.type(f"env -u COLUMNS -u LINES {env} {CAMTUI} -p env; echo $? > {exit_file}")
    tmux.keys("Enter")
    screen = tmux.wait_for(lambda s: "instances" in s and seed["paying"][-6:] in s, "the instances of the cluster")
    assert "Camunda 8" in screen or width < 100
    tmux.type(":")
    tmux.wait_for(lambda s: ":profile NAME" in s, "command prompt")
    tmux.type("incidents")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "card declined" in s, "the incident and its message")
    tmux.type(":")
    tmux.wait_for(lambda s: ":profile NAME" in s, "command prompt")
    tmux.type("tasks")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "Approve order" in s, "the user tasks")
    # a Camunda 8 only view: the cluster's brokers
    tmux.type(":")
    tmux.wait_for(lambda s: ":profile NAME" in s, "command prompt")
    tmux.type("topology")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "topology" in s and cluster.version in s and "127.0.0.1:26501" in s, "the brokers")
    tmux.keys("C-q")
    # the shell makes the file (the redirection) a moment before it writes the code into it
    eventually(lambda: exit_file.exists() and bool(exit_file.read_text().strip()), "the exit code", 15)
    assert exit_file.read_text().strip() == "0"
    assert {"/incidents/search", "/user-tasks/search"} <= {e.path for e in cluster.requests("POST")}
