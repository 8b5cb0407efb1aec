"""Settings, profiles, the config file and secrets; an in-memory keyring, a temp config dir."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from camtui.api.connection import AuthKind
from camtui.api.models.info import EngineKind
from camtui.config import secrets, store
from camtui.config.paths import config_file
from camtui.config.profiles import Profile
from camtui.config.settings import ConfigError, load_settings
from tests.memory_keyring import MemoryKeyring


def write(text: str) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_profiles_from_toml_with_env_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        """default_profile = "dev"
[profiles.dev]
url = "http://dev:8080/engine-rest"
auth = "basic"
username = "alice"

[profiles.prod]
engine = "c8"
url = "https://prod.example/v2"
production = true
"""
    )
    monkeypatch.setenv("CAMTUI_PROFILES__DEV__READ_ONLY", "true")
    s = load_settings()
    dev = s.profile()
    assert dev.name == "dev" and dev.username == "alice" and dev.read_only
    prod = s.profile("prod")
    assert prod.engine is EngineKind.C8 and prod.production
    monkeypatch.setenv("CAMTUI_PROFILE", "prod")
    assert load_settings().profile().name == "prod"


def test_broken_toml_names_file_and_line_and_is_never_overwritten() -> None:
    path = write('default_profile = "x"\n[profiles.x]\nurl = "http://a\n')
    before = path.read_bytes()
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert str(path) in str(info.value) and "line 3" in str(info.value)
    with pytest.raises(ConfigError):
        store.save_profile(Profile(name="y", url="http://b/engine-rest"))
    assert path.read_bytes() == before


def test_invalid_values_name_the_field() -> None:
    write('[profiles.x]\nurl = "ftp://nope"\nengine = "c9"\n')
    with pytest.raises(ConfigError) as info:
        load_settings()
    text = str(info.value)
    assert "profiles.x.url" in text and "http://" in text
    assert "profiles.x.engine" in text


def test_unknown_profile_and_no_profile_messages() -> None:
    with pytest.raises(ConfigError, match="No profile is configured"):
        load_settings().profile()
    write('[profiles.a]\nurl = "http://a/engine-rest"\n[profiles.b]\nurl = "http://b/engine-rest"\n')
    with pytest.raises(ConfigError, match="Several profiles and no default"):
        load_settings().profile()
    with pytest.raises(ConfigError, match=r"Unknown profile 'c' \(known: a, b\)"):
        load_settings().profile("c")


def test_save_keeps_comments_and_other_profiles() -> None:
    path = write('# my clusters\ndefault_profile = "a"\n\n[profiles.a]  # the old one\nurl = "http://a/engine-rest"\n')
    store.save_profile(Profile(name="b", url="http://b/engine-rest", read_only=True))
    store.save_profile(Profile(name="a", url="http://a2/engine-rest"))
    text = path.read_text()
    assert "# my clusters" in text and "# the old one" in text
    s = load_settings()
    assert s.profile("a").url == "http://a2/engine-rest"
    assert s.profile("b").read_only
    assert s.default_profile == "a"
    store.set_default("b")
    assert load_settings().default_profile == "b"
    store.remove_profile("b")
    s = load_settings()
    assert "b" not in s.profiles and s.default_profile is None
    assert not list(path.parent.glob(".config-*")), "no temp file is left behind"


def test_write_is_atomic_when_the_disk_write_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    path = write('[profiles.a]\nurl = "http://a/engine-rest"\n')
    before = path.read_bytes()

    def boom(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    # said in one line (and nothing changed), not an OSError traceback
    with pytest.raises(ConfigError, match=r"disk full.*nothing was changed"):
        store.save_profile(Profile(name="b", url="http://b/engine-rest"))
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".config-*"))


def test_url_with_credentials_is_refused() -> None:
    with pytest.raises(ValueError, match="user:password"):
        Profile(name="x", url="http://bob:secret@host/engine-rest")


def test_env_profile_from_camunda_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMUNDA_REST_ADDRESS", "https://c8.example/v2/")
    monkeypatch.setenv("CAMUNDA_CLIENT_ID", "camtui")
    monkeypatch.setenv("CAMUNDA_CLIENT_SECRET", "very-secret")
    monkeypatch.setenv("CAMUNDA_OAUTH_URL", "https://login.example/token")
    monkeypatch.setenv("CAMUNDA_TOKEN_AUDIENCE", "zeebe-api")
    p = load_settings().profile()
    assert (p.name, p.engine, p.url, p.auth) == ("env", EngineKind.C8, "https://c8.example/v2", AuthKind.OAUTH2)
    assert p.audience == "zeebe-api"
    assert secrets.resolve_secret(p, interactive=False) == "very-secret"
    monkeypatch.delenv("CAMUNDA_REST_ADDRESS")
    monkeypatch.delenv("CAMUNDA_CLIENT_ID")
    monkeypatch.setenv("CAMUNDA_ENGINE_REST_URL", "http://c7:8080/engine-rest")
    monkeypatch.setenv("CAMUNDA_BASIC_AUTH_USERNAME", "demo")
    monkeypatch.setenv("CAMUNDA_BASIC_AUTH_PASSWORD", "pw")
    p = load_settings().profile("env")
    assert (p.engine, p.auth, p.username) == (EngineKind.C7, AuthKind.BASIC, "demo")
    assert secrets.resolve_secret(p, interactive=False) == "pw"


def test_secret_resolution_order(monkeypatch: pytest.MonkeyPatch, isolated_config: MemoryKeyring) -> None:
    p = Profile(name="prod-eu.1", url="http://x/engine-rest", auth=AuthKind.BASIC, username="u")
    assert secrets.env_var(p.name, "password") == "CAMTUI_PROD_EU_1_PASSWORD"
    with pytest.raises(secrets.SecretError) as info:
        secrets.resolve_secret(p, interactive=False)
    text = str(info.value)
    assert "CAMTUI_PROD_EU_1_PASSWORD" in text and "keyring" in text and "terminal" in text
    secrets.store_secret(p.name, "password", "from-keyring")
    assert isolated_config.store[("camtui", "prod-eu.1:password")] == "from-keyring"
    assert secrets.resolve_secret(p, interactive=False) == "from-keyring"
    monkeypatch.setenv("CAMTUI_PROD_EU_1_PASSWORD", "from-env")
    assert secrets.resolve_secret(p, interactive=False) == "from-env"


def test_no_keyring_means_an_error_not_a_plaintext_file() -> None:
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())  # type: ignore[no-untyped-call]
    with pytest.raises(secrets.SecretError, match="No OS keyring"):
        secrets.store_secret("x", "password", "pw")
    assert not config_file().exists()


def test_a_hanging_keyring_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    release = threading.Event()

    class Hanging(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            release.wait(10)
            return None

    keyring.set_keyring(Hanging())
    monkeypatch.setattr(secrets, "KEYRING_TIMEOUT", 0.2)
    try:
        with pytest.raises(secrets.SecretError, match="did not answer"):
            secrets.from_keyring("x", "password")
    finally:
        release.set()


def test_repr_of_settings_and_connection_never_shows_the_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    write('[profiles.a]\nurl = "http://a/engine-rest"\nauth = "basic"\nusername = "u"\n')
    monkeypatch.setenv("CAMTUI_A_PASSWORD", "hunter2-secret")
    s = load_settings()
    p = s.profile("a")
    conn = p.connection(secrets.resolve_secret(p, interactive=False))
    assert conn.credentials.password is not None
    assert conn.credentials.password.get_secret_value() == "hunter2-secret"
    for text in (repr(s), str(s), repr(p), repr(conn), str(conn)):
        assert "hunter2-secret" not in text
