"""The CLI on the real engine when things go wrong: engine text with terminal escapes, --out that
cannot be written, a CA bundle that cannot be read, a reader that closes the pipe, a bug. Each
ends in one line and an exit code, never a traceback or a half-written file."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from camtui.api.connection import AuthKind
from camtui.cli import PIPE_CLOSED
from camtui.config import store
from camtui.config.paths import config_file, log_file
from camtui.config.profiles import Profile
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.engine.test_cli_commands import cli, rest

__all__ = ["cli"]

REPO = Path(__file__).resolve().parents[2]
OSC_TITLE = "\x1b]0;pwned\x07"
OSC_CLIPBOARD = "\x1b]52;c;aGk=\x07"
CSI_CLEAR = "\x1b[2J"


def deploy(cli: Any, tmp_path: Path, *extra: Path, name: str | None = None) -> tuple[str, str]:
    """A one-task process deployed (with `extra` resources); (deployment id, process key)."""
    key = unique("hard")
    f = tmp_path / f"{key}.bpmn"
    f.write_bytes(bpmn(key))
    code, out, err = cli("deploy", str(f), *map(str, extra), "--name", name or unique("hard"), "-o", "json")
    assert code == 0, err
    return json.loads(out)["deployment"]["id"], key


# -- engine text with terminal escapes ------------------------------------------------------------


def test_engine_text_with_escapes_is_shown_not_obeyed(
    cli: Any, real_engine: RunningEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # no column is shortened
    prefix = unique("esc")
    name = f"{prefix}{OSC_TITLE}{CSI_CLEAR}\u202etxt.exe"
    dep, key = deploy(cli, tmp_path, name=name)
    assert rest(real_engine, f"/deployment/{dep}")["name"] == name, "the engine keeps the text as it is"
    business_key = f"BK{OSC_CLIPBOARD}"
    assert cli("start", key, "--business-key", business_key)[0] == 0

    for fmt in ("table", "csv"):
        code, out, _ = cli("get", "deployments", "--name-like", f"{prefix}%", "-o", fmt)
        assert code == 0
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "\\x1b]0;pwned\\x07\\x1b[2J\\u202etxt.exe" in out
        code, out, _ = cli("get", "instances", "--key", key, "-o", fmt)
        assert "\x1b" not in out and "BK\\x1b]52;c;aGk=\\x07" in out
    code, out, _ = cli("describe", "deployment", dep)
    assert code == 0 and "\x1b" not in out and "\u202e" not in out
    for fmt in ("json", "yaml"):
        code, out, _ = cli("get", "deployments", "--name-like", f"{prefix}%", "-o", fmt)
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert yaml.safe_load(out)[0]["name"] == name, f"{fmt} keeps the exact text"


def test_an_error_with_engine_text_is_shown_not_obeyed(cli: Any, tmp_path: Path) -> None:
    evil = tmp_path / f"evil{OSC_TITLE}{CSI_CLEAR}.txt"  # a file name may hold escapes too
    evil.write_text("x")
    dep, _ = deploy(cli, tmp_path, evil)
    code, _, err = cli("get", "resource", dep, "missing.txt")
    assert code == 1
    assert err.startswith("error: No resource 'missing.txt'")
    assert "\x1b" not in err and "\x07" not in err
    assert "evil\\x1b]0;pwned" in err, "the engine's resource names are shown escaped"


# -- get resource --out ----------------------------------------------------------------------------


@pytest.fixture
def resource(cli: Any, tmp_path: Path) -> tuple[str, bytes]:
    """A deployment with a binary resource `blob.bin`; (deployment id, its bytes)."""
    blob = bytes(range(256)) * 40
    data = tmp_path / "blob.bin"
    data.write_bytes(blob)
    dep, _ = deploy(cli, tmp_path, data)
    return dep, blob


def test_out_into_a_missing_directory_onto_a_directory_or_unwritable(
    cli: Any, resource: tuple[str, bytes], tmp_path: Path
) -> None:
    dep, _ = resource
    for target, fragment in (
        (tmp_path / "missing" / "x.bin", "does not exist"),
        (tmp_path, "is a directory"),
        (tmp_path / "blob.bin" / "x.bin", "is not a directory"),
        # even root cannot create files here
        (Path("/proc/self/camtui-test.bin"), "cannot write"),
    ):
        code, out, err = cli("get", "resource", dep, "blob.bin", "--out", str(target))
        assert code == 2, (target, err)
        assert out == "" and err.count("\n") == 1 and fragment in err and str(target) in err
        assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_out_is_all_or_nothing(
    cli: Any, resource: tuple[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dep, blob = resource
    target = tmp_path / "out" / "kept.bin"
    target.parent.mkdir()
    target.write_bytes(b"the previous version")
    target.chmod(0o640)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(os, "fsync", disk_full)
        code, _, err = cli("get", "resource", dep, "blob.bin", "--out", str(target))
    assert code == 2 and "No space left on device" in err
    assert target.read_bytes() == b"the previous version", "a failed write leaves the old file whole"
    assert [p.name for p in target.parent.iterdir()] == ["kept.bin"], "and no temp file behind"

    code, _, err = cli("get", "resource", dep, "blob.bin", "--out", str(target))
    assert code == 0, err
    assert target.read_bytes() == blob
    assert stat.S_IMODE(target.stat().st_mode) == 0o640, "an existing file keeps its permissions"
    assert [p.name for p in target.parent.iterdir()] == ["kept.bin"]
    fresh = tmp_path / "out" / "fresh.bin"
    assert cli("get", "resource", dep, "blob.bin", "--out", str(fresh))[0] == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~_umask(), "a new file gets the usual permissions"
    assert cli("get", "resource", dep, "blob.bin", "--out", os.devnull)[0] == 0, "a device is written, not replaced"
    assert Path(os.devnull).is_char_device()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# -- the CA bundle ---------------------------------------------------------------------------------


def test_profile_add_and_edit_refuse_a_ca_bundle_that_cannot_be_used(
    cli: Any, real_engine: RunningEngine, tmp_path: Path
) -> None:
    garbage = tmp_path / "not-a-cert.pem"
    garbage.write_text("hello\n")
    for bundle, fragment in (
        (tmp_path / "missing.pem", "no such file"),
        (tmp_path, "is a directory"),
        (garbage, "not a PEM file"),
    ):
        for verb in ("add", "edit"):
            name = "tls" if verb == "add" else "t"
            code, _, err = cli("profile", verb, name, "--url", real_engine.url, "--ca-bundle", str(bundle))
            assert code == 2, err
            assert err.count("\n") == 1 and fragment in err and str(bundle) in err and "Traceback" not in err
    assert "[profiles.tls]" not in config_file().read_text()
    assert "ca_bundle" not in config_file().read_text(), "nothing was saved"


def test_profile_add_keeps_a_usable_ca_bundle_as_an_absolute_path(
    cli: Any, real_engine: RunningEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import certifi

    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(Path(certifi.where()).read_bytes())
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("profile", "add", "tls", "--url", real_engine.url, "--ca-bundle", "ca.pem")
    assert code == 0, err
    assert f"ca_bundle = {json.dumps(str(bundle))}" in config_file().read_text()


@pytest.mark.parametrize("problem", ["missing", "garbage"])
def test_a_hand_edited_ca_bundle_is_named_at_connect(
    cli: Any, real_engine: RunningEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: str
) -> None:
    bundle = tmp_path / "gone.pem"
    if problem == "garbage":
        bundle.write_text("not a certificate")
    store.save_profile(
        Profile(name="hand", url=real_engine.url, auth=AuthKind.BASIC, username="demo", ca_bundle=str(bundle))
    )
    monkeypatch.setenv("CAMTUI_HAND_PASSWORD", "demo")
    for argv in (("get", "deployments"), ("describe", "deployment", "x"), ("start", "x", "--dry-run")):
        code, out, err = cli(*argv, profile="hand")
        assert code == 2, err
        assert out == "" and err.count("\n") == 1 and "Traceback" not in err
        assert f"CA bundle {bundle}" in err and "camtui profile edit hand --ca-bundle" in err
    assert cli("get", "deployments", "--limit", "1")[0] == 0, "the other profiles still work"


# -- a reader that closes the pipe -----------------------------------------------------------------


def camtui(*argv: str) -> subprocess.Popen[bytes]:
    """`python -m camtui` with the test's config and secrets (the `cli` fixture's environment)."""
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    return subprocess.Popen(
        [sys.executable, "-m", "camtui", *argv],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finish(proc: subprocess.Popen[bytes]) -> tuple[int, str]:
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    return proc.wait(timeout=60), err


@pytest.mark.parametrize(
    "argv",
    [
        ("--profile", "t", "get", "deployments", "-o", "json", "--limit", "20"),
        ("--profile", "t", "get", "definitions", "-o", "table"),
        ("--profile", "t", "describe", "deployment", "{dep}", "-o", "yaml"),
        ("--profile", "t", "get", "resource", "{dep}", "{resource}"),
    ],
    ids=["json", "table", "yaml", "bytes"],
)
def test_a_reader_that_has_gone_before_the_output_ends_it_quietly(
    cli: Any, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    dep, key = deploy(cli, tmp_path)
    proc = camtui(*(a.format(dep=dep, resource=f"{key}.bpmn") for a in argv))
    assert proc.stdout is not None
    proc.stdout.close()  # gone before camtui writes a byte
    code, err = finish(proc)
    assert code == PIPE_CLOSED, err
    assert err == "", "no traceback, no 'Exception ignored'"


def test_help_into_a_closed_pipe_is_quiet(cli: Any) -> None:
    proc = camtui("get", "--help")
    assert proc.stdout is not None
    proc.stdout.close()
    code, err = finish(proc)
    assert code in (0, PIPE_CLOSED) and err == ""  # argparse itself ignores the failed write


def test_head_of_a_large_output_ends_it_quietly(cli: Any, tmp_path: Path) -> None:
    """`camtui get resource ... | head -c 100`: the reader stops while camtui still writes."""
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2_000_000)  # far more than a pipe holds
    dep, _ = deploy(cli, tmp_path, big)
    proc = camtui("--profile", "t", "get", "resource", dep, "big.txt")
    assert proc.stdout is not None
    assert proc.stdout.read(100) == b"x" * 100
    proc.stdout.close()
    code, err = finish(proc)
    assert code == PIPE_CLOSED, err
    assert "Traceback" not in err and err == ""


def test_a_whole_output_still_exits_0(cli: Any) -> None:
    proc = camtui("--profile", "t", "get", "deployments", "-o", "json", "--limit", "3")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert len(json.loads(out)) >= 1


# -- a bug -----------------------------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_and_the_log_has_the_traceback(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something nobody foresaw\nwith a second line")

    monkeypatch.setattr("camtui.commands.get.emit", broken)
    code, out, err = cli("get", "deployments", "--limit", "1")
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("error: unexpected RuntimeError: something nobody foresaw with a second line")
    assert str(log_file()) in err
    logged = log_file().read_text()
    assert "Traceback" in logged and "something nobody foresaw" in logged and "camtui get" in logged
