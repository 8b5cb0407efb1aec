"""Every CLI command that talks to the engine, through a misbehaving proxy in front of the real engine.

For each command and fault: no traceback, the documented exit code (1), a message that names the
cause, no password anywhere in the output or the log; and once the proxy passes again, the same
command succeeds. Changes whose answer is lost say the outcome is unknown, and the engine's state
is looked at directly afterwards.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from camtui.cli import main
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.fault.conftest import FaultUser
from tests.fault.misbehaving_proxy import MisbehavingProxy

# faults the proxy makes up itself (nothing reaches the engine): the short timeouts keep them quick
MADE_UP = ("refuse", "stall", "reset", "status:503", "status:502", "status:500")
# what the error must say, in lower case (any one of the words)
CAUSE: dict[str, tuple[str, ...]] = {
    "refuse": ("connection refused",),
    "stall": ("timed out",),
    "reset": ("connection dropped", "reset"),
    "status:503": ("503",),
    "status:502": ("502",),
    "status:500": ("500",),
    "malformed": ("not json",),
    "wrong-shape": ("not what a camunda 7 engine answers",),
    "wrong-shape:list": ("not what a camunda 7 engine answers",),
    "empty": ("empty body",),
    "drop-body": ("connection dropped",),
    "unauthorized-after": ("unauthorized",),
}
LOST = "may or may not have happened"
LOST_MODES = ("stall", "reset", "drop-body")


@pytest.fixture(scope="module")
def demo(real_engine: RunningEngine) -> dict[str, str]:
    """Ids from the engine's demo data, read directly from the engine."""

    def first(path: str, **params: str) -> Any:
        with httpx.Client(auth=("demo", "demo"), timeout=30) as client:
            response = client.get(f"{real_engine.url}{path}", params=params)
            response.raise_for_status()
            return response.json()[0]

    deployment = first("/deployment", name="invoice", sortBy="deploymentTime", sortOrder="asc")["id"]
    with httpx.Client(auth=("demo", "demo"), timeout=30) as client:
        resources = client.get(f"{real_engine.url}/deployment/{deployment}/resources").json()
    return {
        "deployment": deployment,
        "resource": resources[0]["name"],
        "definition": first("/process-definition", key="camtui_invoice", latestVersion="true")["id"],
        "instance": first("/process-instance", processDefinitionKey="camtui_invoice")["id"],
        "incident": first("/incident")["id"],
        "task": first("/task")["id"],
        "user": "demo",
        "group": "accounting",
        "tenant": "acme",
    }


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(
    proxy: MisbehavingProxy,
    fault_user: FaultUser,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Iterator[Run]:
    """`run(*argv, mode=..., profile=...)`: set the proxy's mode, run camtui in-process, check that
    nothing leaked (no traceback, no password, no 'unexpected'), return (code, stdout, stderr).

    Profile `fault` has timeouts that suit the real engine (connect 1 s, read 2 s); profile `quick`
    (0.3 s each) is for faults the proxy makes up without asking the engine, so stalls and the
    retries of reads end quickly."""
    from camtui.api.connection import AuthKind
    from camtui.config import store
    from camtui.config.profiles import Profile, ProfileTimeouts

    for name, timeouts in (
        ("fault", ProfileTimeouts(connect=1, read=2)),
        ("quick", ProfileTimeouts(connect=0.3, read=0.3)),
    ):
        store.save_profile(
            Profile(name=name, url=proxy.url, auth=AuthKind.BASIC, username=fault_user.name, timeouts=timeouts)
        )
        monkeypatch.setenv(f"CAMTUI_{name.upper()}_PASSWORD", fault_user.password)
    log = tmp_path / "log" / "camtui.log"

    def run(*argv: str, mode: str = "pass", profile: str = "fault", when: Any = None) -> tuple[int, str, str]:
        proxy.set_mode(mode, when)
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        args = [arg.replace("{profile}", profile) for arg in argv]
        try:
            code = main(["--profile", profile, *args])
        except SystemExit as exc:  # argparse: a usage error in the test itself
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        shown = f"camtui {' '.join(args)} [{mode}] -> {code}\nstdout: {out[:500]}\nstderr: {err[:1500]}"
        assert "Traceback" not in err and "Traceback" not in out, shown
        assert "unexpected" not in err, shown
        assert fault_user.password not in out and fault_user.password not in err, shown
        if log.exists():
            assert fault_user.password not in log.read_text(errors="replace"), "the password reached the log"
        return code, out, err

    yield run
    proxy.set_mode("pass")


def assert_fails_naming(result: tuple[int, str, str], mode: str, *, expected: int = 1) -> None:
    code, out, err = result
    words = CAUSE[mode.split(":")[0] if mode.startswith("unauthorized") else mode]
    assert code == expected, f"[{mode}] exit {code}, stderr: {err}"
    assert any(word in err.lower() for word in words), f"[{mode}] the cause ({words}) is not named: {err}"


# -- every reading command under every fault --

READS: dict[str, tuple[str, ...]] = {
    **{f"get-{k}": ("get", k) for k in ("deployments", "definitions", "instances", "incidents", "tasks")},
    **{f"get-{k}": ("get", k) for k in ("users", "groups", "tenants", "authorizations")},
    "get-resources": ("get", "resources", "{deployment}"),
    "get-resource": ("get", "resource", "{deployment}", "{resource}", "--out", "{out}"),
    **{
        f"describe-{k}": ("describe", k, "{" + k + "}")
        for k in ("deployment", "definition", "instance", "incident", "task", "user", "group", "tenant")
    },
    "profile-test": ("profile", "test", "{profile}"),
}
# every command under the faults that reach every code path; the variants of one answer
# (502 beside 503, a list where an object belongs) on one command of each family
FULL = (
    "refuse",
    "stall",
    "reset",
    "status:503",
    "status:500",
    "malformed",
    "wrong-shape",
    "empty",
    "drop-body",
    "unauthorized-after",
)
SAMPLE = ("get-deployments", "describe-instance", "describe-user", "profile-test")
# `get deployments` asks for one list (no count: it prints no total), and `[]` is a right answer
# there, an empty list: a list where an object belongs is tried on the others
READ_CASES = (
    [(c, m) for m in FULL for c in READS]
    + [(c, "status:502") for c in SAMPLE]
    + [(c, "wrong-shape:list") for c in SAMPLE if c != "get-deployments"]
)


def read_argv(command: str, demo: dict[str, str], out: Path) -> list[str]:
    values = {**demo, "out": str(out)}
    return [arg.format(**values) if arg.startswith("{") and arg != "{profile}" else arg for arg in READS[command]]


@pytest.mark.parametrize(("command", "mode"), READ_CASES, ids=[f"{m}-{c}" for c, m in READ_CASES])
def test_a_read_fails_naming_the_cause_then_recovers(
    cli: Run, proxy: MisbehavingProxy, demo: dict[str, str], tmp_path: Path, command: str, mode: str
) -> None:
    out_file = tmp_path / "resource.bin"
    argv = read_argv(command, demo, out_file)
    if mode == "unauthorized-after":
        # the engine answers until the last request this command makes, which is refused: a session
        # whose credentials stop working on the way
        before = len(proxy.requests)
        assert cli(*argv)[0] == 0
        sent = len(proxy.requests) - before
        out_file.unlink(missing_ok=True)
        result = cli(*argv, mode=f"unauthorized-after:{sent - 1}")
        assert_fails_naming(result, mode)
        assert "password" in result[2], "the hint says what to check"
    else:
        result = cli(*argv, mode=mode, profile="quick" if mode in MADE_UP else "fault")
        assert_fails_naming(result, mode)
        if command == "profile-test":
            assert result[2].startswith("FAILED fault") or result[2].startswith("FAILED quick"), result[2]
    assert result[1] == "", "nothing on stdout when the command fails"
    assert not out_file.exists(), "--out is written whole or not at all"
    # the fault goes away: the same command works
    code, out, err = cli(*argv)
    assert code == 0, err
    if command == "get-resource":
        assert out_file.stat().st_size > 0
    elif command == "profile-test":
        assert out.startswith("OK fault"), out
    else:
        assert out.strip(), "the recovered command prints what it read"


# -- every changing command under every fault --


class Engine:
    """The real engine, asked directly (not through the proxy) what is there."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, auth=("demo", "demo"), timeout=30)

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def count(self, path: str, **params: Any) -> int:
        return int(self.get(f"{path}/count", **params)["count"])

    def deploy(self, key: str) -> str:
        response = self.client.post(
            "/deployment/create",
            data={"deployment-name": key},
            files={"p.bpmn": ("p.bpmn", bpmn(key), "application/octet-stream")},
        )
        response.raise_for_status()
        return str(response.json()["id"])

    def start(self, key: str) -> str:
        response = self.client.post(f"/process-definition/key/{key}/start", json={})
        response.raise_for_status()
        return str(response.json()["id"])


@pytest.fixture(scope="module")
def direct(real_engine: RunningEngine) -> Iterator[Engine]:
    engine = Engine(real_engine.url)
    yield engine
    engine.client.close()


@pytest.fixture(scope="module")
def waiting_process(direct: Engine) -> Iterator[str]:
    """One deployed process with a user task, for the instances and tasks the changes act on."""
    key = unique("fault")
    deployment = direct.deploy(key)
    yield key
    direct.client.delete(f"/deployment/{deployment}", params={"cascade": "true"})


@dataclass
class Change:
    """One changing command: how to make a fresh target, its argv, and whether it happened."""

    argv: tuple[str, ...]
    happened: Callable[[], bool]
    cleanup: Callable[[], None] = lambda: None


def make_change(name: str, direct: Engine, key: str, tmp_path: Path, user: str) -> Change:
    if name == "deploy":
        new = unique("fdep")
        path = tmp_path / f"{new}.bpmn"
        path.write_bytes(bpmn(new))

        def remove_deployed() -> None:
            for found in direct.get("/deployment", name=new):
                direct.client.delete(f"/deployment/{found['id']}", params={"cascade": "true"})

        return Change(
            ("deploy", str(path), "--name", new, "-o", "json"),
            lambda: direct.count("/deployment", name=new) > 0,
            remove_deployed,
        )
    if name == "delete":
        doomed = direct.deploy(unique("fdel"))

        def remove_doomed() -> None:
            direct.client.delete(f"/deployment/{doomed}", params={"cascade": "true"})

        return Change(
            ("delete", "deployment", doomed, "--yes"),
            lambda: direct.count("/deployment", id=doomed) == 0,
            remove_doomed,
        )
    if name == "start":
        business_key = unique("BK")
        return Change(
            ("start", key, "--business-key", business_key),
            lambda: direct.count("/process-instance", businessKey=business_key) > 0,
        )
    instance = direct.start(key)
    if name == "cancel":
        return Change(
            ("cancel", "instance", instance, "--yes"),
            lambda: direct.count("/process-instance", processInstanceIds=instance) == 0,
        )
    assert name == "claim"
    [task] = direct.get("/task", processInstanceId=instance)
    return Change(
        ("task", "claim", task["id"]),
        lambda: direct.get(f"/task/{task['id']}")["assignee"] == user,
    )


CHANGES = ("deploy", "start", "claim", "cancel", "delete")
CHANGE_MODES = (
    "refuse",
    "stall",
    "reset",
    "status:503",
    "status:500",
    "malformed",
    "wrong-shape",
    "empty",
    "drop-body",
    "unauthorized-after",
)
CHANGE_CASES = [(c, m) for m in CHANGE_MODES for c in CHANGES]


def is_change(method: str, path: str) -> bool:
    """The request that changes something (not the reads that find the targets and make the plan)."""
    return method == "DELETE" or path.endswith(("/deployment/create", "/start", "/claim"))


@pytest.mark.parametrize(("change", "mode"), CHANGE_CASES, ids=[f"{m}-{c}" for c, m in CHANGE_CASES])
def test_a_change_under_a_fault_exits_1_naming_the_cause_then_recovers(
    cli: Run,
    proxy: MisbehavingProxy,
    direct: Engine,
    waiting_process: str,
    fault_user: FaultUser,
    tmp_path: Path,
    change: str,
    mode: str,
) -> None:
    """Every request faulty: the first one the command sends fails, and camtui names why."""
    target = make_change(change, direct, waiting_process, tmp_path, fault_user.name)
    try:
        before = len(proxy.requests)
        if mode == "unauthorized-after":
            # the reads that find the targets pass; the change itself gets the 401
            result = cli(*target.argv, mode="unauthorized-after:0", when=is_change)
        else:
            result = cli(*target.argv, mode=mode, profile="quick" if mode in MADE_UP else "fault")
        changes_sent = [r for r in proxy.requests[before:] if is_change(r[0], r[1])]
        assert len(changes_sent) <= 1, f"a change is never sent twice: {changes_sent}"
        if changes_sent and mode in LOST_MODES:
            # the change left (deploy sends it first) and its answer was lost: camtui can not know
            code, _, err = result
            assert code == 1 and LOST in err and "not sent" not in err, err
            # camtui looked to see what happened, through the same faulty proxy, and says that failed too
            assert "checking failed too" in err.lower(), err
        else:
            assert_fails_naming(result, mode)
        done = target.happened()
        # the proxy passes a change on only in drop-body
        assert done == (mode == "drop-body" and bool(changes_sent)), f"engine state after [{mode}]: done={done}"
        if not done:
            # the fault goes away: the same command does it
            code, _, err = cli(*target.argv)
            assert code == 0, err
            assert target.happened()
    finally:
        target.cleanup()


LOST_CASES = [(c, m) for m in LOST_MODES for c in CHANGES]


# the changes after whose lost answer camtui asks the engine what happened (a deployment of that
# name appeared, an instance with the business key started since, the deleted deployment or
# cancelled instance is gone, the task has its assignee)
VERIFIED = ("deploy", "start", "claim", "cancel", "delete")


@pytest.mark.parametrize(("change", "mode"), LOST_CASES, ids=[f"{m}-{c}" for c, m in LOST_CASES])
def test_a_change_whose_answer_is_lost_is_reported_as_the_engine_shows_it(
    cli: Run,
    proxy: MisbehavingProxy,
    direct: Engine,
    waiting_process: str,
    fault_user: FaultUser,
    tmp_path: Path,
    change: str,
    mode: str,
) -> None:
    """Only the change is faulty: the targets are found, the change is sent once and its answer lost
    (drop-body passes it on to the engine, stall and reset do not). Never "not sent", never retried;
    where the engine can tell, camtui looks and reports what really happened, else it says the
    outcome is unknown; the engine's own state agrees; and the command works once the fault is gone."""
    target = make_change(change, direct, waiting_process, tmp_path, fault_user.name)
    try:
        before = len(proxy.requests)
        # the reads have the whole read timeout; only the stalled change waits for it
        code, out, err = cli(*target.argv, mode=mode, when=is_change, profile="fault")
        changes_sent = [r for r in proxy.requests[before:] if is_change(r[0], r[1])]
        assert [r[2] for r in changes_sent] == [mode], "sent once, never retried"
        assert "not sent" not in err, err
        done = target.happened()
        assert done == (mode == "drop-body"), f"engine state after [{mode}]: done={done}"
        if change not in VERIFIED:
            assert code == 1, err
            assert LOST in err and "Look before you try again" in err, err
        elif done:
            assert code == 0, err
            assert "the answer was lost, but the engine shows it done" in err, err
            if change == "deploy":
                # what the engine would have answered, found by name: the script still gets it
                assert json.loads(out)["name"] == target.argv[3], out
        else:
            assert code == 1, err
            assert "the answer was lost, and the engine shows it did not happen" in err, err
        if not done:
            code, _, err = cli(*target.argv)
            assert code == 0, err
            assert target.happened()
    finally:
        target.cleanup()


def is_batch_delete(method: str, path: str) -> bool:
    return method == "POST" and path.endswith("/process-instance/delete")


@pytest.mark.parametrize("mode", ["drop-body", "reset"])
def test_a_batch_cancel_whose_answer_is_lost_is_checked_instance_by_instance(
    cli: Run, proxy: MisbehavingProxy, direct: Engine, waiting_process: str, mode: str
) -> None:
    """Several instances are cancelled as one engine batch; its answer (and with it the batch's id)
    is lost. camtui looks at the instances themselves: drop-body let the batch reach the engine, so
    they are reported done once they are gone; reset kept it from the engine, so they are reported
    as not cancelled, safe to try again. Never "not sent", never retried; the engine agrees."""
    first, second = direct.start(waiting_process), direct.start(waiting_process)
    before = len(proxy.requests)
    code, _, err = cli("cancel", "instance", first, second, "--yes", mode=mode, when=is_batch_delete)
    sent = [r for r in proxy.requests[before:] if is_batch_delete(r[0], r[1])]
    assert [r[2] for r in sent] == [mode], "sent once, never retried"
    assert "not sent" not in err, err
    gone = direct.count("/process-instance", processInstanceIds=f"{first},{second}") == 0
    if mode == "drop-body":
        assert gone and code == 0, err
        assert err.count("the answer was lost, but the engine shows it done") == 2, err
    else:
        assert not gone and code == 1, err
        assert "the engine shows it did not happen: trying again is safe" in err, err
        assert cli("cancel", "instance", first, second, "--yes")[0] == 0
        assert direct.count("/process-instance", processInstanceIds=f"{first},{second}") == 0
