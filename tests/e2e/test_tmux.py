"""The installed `camtui` console script, driven in tmux at 160x45 as a person would."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from camtui.localengine.seed import DEMO
from tests.conftest import IN_CI, RunningEngine
from tests.waiting import eventually

CAMTUI = Path(sys.executable).parent / "camtui"


class Tmux:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def run(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True)
        return out.stdout

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "e2e", *keys)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", "e2e", "-l", text)

    def screen(self) -> str:
        return self.run("capture-pane", "-t", "e2e", "-p")

    def press_until(self, key: str, condition: Callable[[str], bool], what: str, tries: int = 3) -> str:
        """Press `key` and look, as a person does when the first press went to the wrong widget."""
        for _ in range(tries - 1):
            self.keys(key)
            try:
                return self.wait_for(condition, what, seconds=3)
            except AssertionError:
                continue
        self.keys(key)
        return self.wait_for(condition, what)

    def wait_for(self, condition: Callable[[str], bool], what: str, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while True:
            text = self.screen()
            if condition(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; screen:\n{text}")
            time.sleep(0.1)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        if IN_CI:
            pytest.fail("tmux is needed for the e2e tests (scripts/setup installs it)")
        pytest.skip("tmux is not installed")
    t = Tmux(f"camtui-e2e-{uuid.uuid4().hex[:8]}")
    yield t
    subprocess.run(["tmux", "-L", t.socket, "kill-server"], capture_output=True, check=False)


def test_installed_console_in_tmux(real_engine: RunningEngine, tmux: Tmux, tmp_path: Path) -> None:
    assert CAMTUI.exists(), f"the console script is installed next to {sys.executable}"
    config = tmp_path / "config.toml"
    config.write_text(
        f'default_profile = "e2e"\n[profiles.e2e]\nurl = "{real_engine.url}"\nauth = "basic"\nusername = "demo"\n'
    )
    exit_file = tmp_path / "exit-code"
    # a pager that keeps what it was given, to prove `p` hands over the resource's bytes
    paged = tmp_path / "paged.bpmn"
    pager = tmp_path / "pager.sh"
    pager.write_text(f'#!/bin/sh\ncp "$1" {paged}\n')
    pager.chmod(0o755)
    env = (
        f"CAMTUI_CONFIG_FILE={config} CAMTUI_E2E_PASSWORD=demo CAMTUI_LOG_FILE={tmp_path / 'camtui.log'} "
        f"TERM=xterm-256color PAGER={pager}"
    )
    # a shell first, then the command typed into it, as a person would
    tmux.run("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "160", "-y", "45", "sh")
    # COLUMNS/LINES from the test runner would pin the app to that size, not the pane's
    tmux.type(f"env -u COLUMNS -u LINES {env} {CAMTUI}; echo $? > {exit_file}")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "e2e › deployments" in s and "loaded" in s, "the deployments list")
    tmux.wait_for(lambda s: "Camunda 7 7.24.0" in s, "engine version in the header")
    tmux.type(":")
    tmux.wait_for(lambda s: ":profile NAME" in s, "command prompt")
    assert len(max(tmux.screen().splitlines(), key=len)) > 120, "the console uses the full 160 columns"
    tmux.type("dep")
    tmux.keys("Enter")
    tmux.wait_for(
        lambda s: ":profile NAME" not in s and "e2e › deployments" in s and "loaded" in s, "deployments again"
    )
    tmux.type("/")
    tmux.wait_for(lambda s: "filter rows (esc clears)" in s, "the filter box")
    tmux.type("order fulfilment")
    screen = tmux.wait_for(lambda s: "match /order fulfilment" in s, "filtered list")
    assert "invoice v2" not in screen
    tmux.keys("Enter")  # leave the filter box, back to the table
    screen = tmux.press_until(
        "Enter", lambda s: "deployments › order fulfilment" in s and "discount.dmn" in s, "detail"
    )
    assert "README.txt" in screen and "order-fulfilment.bpmn" in screen
    names = [
        line.split()[0] for line in screen.splitlines() if line.strip().endswith("000001") and "." in line.split()[0]
    ]
    steps = names.index("order-fulfilment.bpmn")
    for _ in range(steps):
        tmux.keys("Down")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "order-fulfilment.bpmn" in s and "<bpmn:process" in s, "the BPMN resource")
    tmux.type("o")
    tmux.wait_for(lambda s: "serviceTask" in s and "ship_order" in s, "the BPMN outline")
    tmux.type("p")
    deadline = time.monotonic() + 15
    while not paged.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert paged.read_bytes() == (DEMO / "order-fulfilment.bpmn").read_bytes()
    tmux.wait_for(lambda s: "serviceTask" in s and "ship_order" in s, "the console back after the pager")
    tmux.keys("C-q")
    # the shell makes the file (the redirection) a moment before it writes the code into it
    eventually(lambda: exit_file.exists() and bool(exit_file.read_text().strip()), "the exit code", 15)
    assert exit_file.read_text().strip() == "0"
