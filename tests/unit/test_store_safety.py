"""The config file loses nothing: concurrent saves, symlinked and read-only files, kept modes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from camtui.config.profiles import Profile
from camtui.config.settings import ConfigError
from camtui.config.store import save_profile

ROOT = Path(__file__).resolve().parents[2]


def names_in(path: Path) -> set[str]:
    return set(tomllib.loads(path.read_text())["profiles"])


def test_twenty_saves_at_once_lose_no_profile(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    names = [f"p{i:02}" for i in range(20)]

    def save(name: str) -> None:
        save_profile(Profile(name=name, url=f"http://{name}.example/engine-rest"), path=path)

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(save, names))
    assert names_in(path) == set(names)


def test_five_processes_adding_profiles_at_once_lose_none(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    code = (
        "import sys; from pathlib import Path; from camtui.config.profiles import Profile; "
        "from camtui.config.store import save_profile; "
        "[save_profile(Profile(name=f'{sys.argv[1]}x{i}', url='http://h/engine-rest'), path=Path(sys.argv[2])) "
        "for i in range(4)]"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen([sys.executable, "-c", code, f"w{n}", str(path)], env=env, stderr=subprocess.PIPE)
        for n in range(5)
    ]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()
    assert names_in(path) == {f"w{n}x{i}" for n in range(5) for i in range(4)}


def test_a_symlinked_config_is_written_through_to_its_target(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "camtui.toml"
    target.write_text('# mine\n[profiles.a]\nurl = "http://a/engine-rest"\n')
    link = tmp_path / "config" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(target)
    save_profile(Profile(name="b", url="http://b/engine-rest"), path=link)
    assert link.is_symlink() and link.resolve() == target
    assert names_in(target) == {"a", "b"} and target.read_text().startswith("# mine")


def test_the_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[profiles.a]\nurl = "http://a/engine-rest"\n')
    path.chmod(0o600)
    save_profile(Profile(name="b", url="http://b/engine-rest"), path=path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_read_only_config_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    text = '[profiles.a]\nurl = "http://a/engine-rest"\n'
    path.write_text(text)
    path.chmod(0o444)
    with pytest.raises(ConfigError, match=r"read-only \(mode 0444\).*chmod u\+w"):
        save_profile(Profile(name="b", url="http://b/engine-rest"), path=path)
    assert path.read_text() == text and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".config-")] == [], "no temp file left"


def test_a_config_directory_that_can_not_be_written_is_said_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from camtui.cli import main

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the config directory should be")
    with pytest.raises(ConfigError, match=r"Cannot write .*nothing was changed"):
        save_profile(Profile(name="a", url="http://a/engine-rest"), path=blocker / "config.toml")
    # the CLI: exit 2, one line, no traceback
    monkeypatch.setenv("CAMTUI_CONFIG_FILE", str(blocker / "config.toml"))
    assert main(["profile", "add", "a", "--url", "http://a/engine-rest"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Cannot " in err and "not-a-dir" in err and "Traceback" not in err
    assert blocker.read_text() == "a file where the config directory should be"
