"""Settings: the TOML file, then `CAMTUI_*` environment overrides (nested with `__`).

A file that is not valid TOML, or that holds something camtui does not understand, raises
ConfigError naming the file, the line (for syntax errors) and what is wrong. It is never rewritten.

The environment is read by pydantic-settings, imported only when a variable for a setting is set:
the import alone costs every command and the console ~45 ms of CPU at start.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from camtui.api.connection import AuthKind
from camtui.api.models.info import EngineKind
from camtui.config.paths import config_file
from camtui.config.profiles import Profile, problems

ENV_PROFILE = "env"
ENV_PREFIX = "CAMTUI_"


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and what to fix."""


class Settings(BaseModel):
    """What was passed, then the environment (`CAMTUI_*`, nested with `__`), then the file
    (`_file_data`), merged key by key as pydantic-settings merges its sources."""

    model_config = ConfigDict(extra="forbid")

    default_profile: str | None = None
    profiles: dict[str, Profile] = Field(default_factory=dict)
    # binding id -> keys, e.g. {"refresh": "ctrl+r,f5"}
    keys: dict[str, str] = Field(default_factory=dict)
    theme: str | None = None
    # seconds; 0 or unset: no auto-refresh
    auto_refresh: float = 0
    # CAMTUI_PROFILES__ENV__READ_ONLY=true and the like: settings for the implicit `env` profile,
    # which has no table of its own (its URL comes from CAMUNDA_*)
    env_overrides: dict[str, Any] = Field(default_factory=dict, exclude=True)

    def __init__(self, **data: Any) -> None:
        file_data = data.pop("_file_data", {})
        super().__init__(**merged(file_data, from_environment(), data))

    @model_validator(mode="before")
    @classmethod
    def _env_profile_overrides(cls, data: Any) -> Any:
        if isinstance(data, dict):
            profiles = data.get("profiles")
            env = profiles.get(ENV_PROFILE) if isinstance(profiles, dict) else None
            if isinstance(profiles, dict) and isinstance(env, dict) and "url" not in env:
                data = {**data, "profiles": {k: v for k, v in profiles.items() if k != ENV_PROFILE}}
                data["env_overrides"] = env
        return data

    def profile_names(self) -> list[str]:
        names = sorted(self.profiles)
        # `env` is listed while its variables are set, usable or not: using it says what is wrong
        if env_profile_set() and ENV_PROFILE not in names:
            names.append(ENV_PROFILE)
        return names

    def profile(self, name: str | None = None) -> Profile:
        """The named profile, else `CAMTUI_PROFILE`, else the default, else the only one."""
        name = name or os.environ.get("CAMTUI_PROFILE") or self.default_profile
        if name is None:
            names = self.profile_names()
            if len(names) == 1:
                name = names[0]
            elif not names:
                raise ConfigError(
                    "No profile is configured. Add one with `camtui profile add NAME --url URL`, "
                    "or start a local engine with `camtui local up --seed`."
                )
            else:
                raise ConfigError(f"Several profiles and no default: pick one with --profile ({', '.join(names)}).")
        if name in self.profiles:
            return self.profiles[name].model_copy(update={"name": name})
        if name == ENV_PROFILE and (implicit := env_profile()) is not None:
            if not self.env_overrides:
                return implicit
            try:
                return Profile.model_validate(
                    {**implicit.model_dump(exclude_defaults=True), **self.env_overrides, "name": ENV_PROFILE}
                )
            except ValidationError as exc:
                raise ConfigError(f"CAMTUI_PROFILES__ENV__*: {problems(exc)}") from None
        known = ", ".join(self.profile_names()) or "none"
        raise ConfigError(f"Unknown profile {name!r} (known: {known}).")


def from_environment() -> dict[str, Any]:
    """The settings the environment gives (`CAMTUI_THEME`, `CAMTUI_PROFILES__DEV__READ_ONLY`, ...),
    read as pydantic-settings reads them (case-insensitive, values as JSON where the field is
    complex); pydantic-settings is imported only when such a variable is there."""
    fields = [f"{ENV_PREFIX}{name}".lower() for name in Settings.model_fields]
    if not any(var.lower() in fields or var.lower().startswith(tuple(f + "__" for f in fields)) for var in os.environ):
        return {}
    from pydantic_settings import EnvSettingsSource

    source = EnvSettingsSource(
        Settings,  # type: ignore[arg-type]  # reads only its fields and model_config
        case_sensitive=False,
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
    )
    return source()


def merged(*layers: dict[str, Any]) -> dict[str, Any]:
    """Later layers win, tables merged key by key (pydantic-settings' deep update of sources)."""
    out: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            if isinstance(value, dict) and isinstance(out.get(key), dict):
                out[key] = merged(out[key], value)
            else:
                out[key] = value
    return out


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_file()
    return settings_from(read_toml(path), path)


def settings_from(data: dict[str, Any], path: Path) -> Settings:
    try:
        return Settings(_file_data=data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors(include_url=False)
        )
        raise ConfigError(f"{path}: {problems}") from None


def read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"Cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text.") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f", line {line.group(1)}" if line else ""
        raise ConfigError(f"{path}{where}: invalid TOML: {exc}") from None


# Camunda 8 variables the official SDKs read, each with the older names they also accept (first set wins)
C8_ENV_ALIASES: dict[str, tuple[str, ...]] = {
    "CAMUNDA_REST_ADDRESS": ("CAMUNDA_REST_ADDRESS", "ZEEBE_REST_ADDRESS"),
    "CAMUNDA_CLIENT_ID": ("CAMUNDA_CLIENT_ID", "CAMUNDA_CLIENT_AUTH_CLIENTID", "ZEEBE_CLIENT_ID"),
    "CAMUNDA_OAUTH_URL": ("CAMUNDA_OAUTH_URL", "ZEEBE_AUTHORIZATION_SERVER_URL"),
    "CAMUNDA_TOKEN_AUDIENCE": ("CAMUNDA_TOKEN_AUDIENCE", "ZEEBE_TOKEN_AUDIENCE"),
    "CAMUNDA_TOKEN_SCOPE": ("CAMUNDA_TOKEN_SCOPE", "CAMUNDA_OAUTH_SCOPE", "ZEEBE_TOKEN_SCOPE"),
}


def _env(name: str) -> str | None:
    for alias in C8_ENV_ALIASES.get(name, (name,)):
        if value := os.environ.get(alias):
            return value
    return None


def env_profile_set() -> bool:
    return bool(_env("CAMUNDA_REST_ADDRESS") or os.environ.get("CAMUNDA_ENGINE_REST_URL"))


def env_profile() -> Profile | None:
    """The implicit profile `env` from the usual Camunda variables, if they are set."""
    c8 = _env("CAMUNDA_REST_ADDRESS")
    c7 = os.environ.get("CAMUNDA_ENGINE_REST_URL")
    if not c8 and not c7:
        return None
    strategy = os.environ.get("CAMUNDA_AUTH_STRATEGY", "").upper()
    auth = AuthKind.NONE
    if strategy == "OAUTH" or _env("CAMUNDA_CLIENT_ID"):
        auth = AuthKind.OAUTH2
    if strategy == "BASIC" or (strategy == "" and os.environ.get("CAMUNDA_BASIC_AUTH_USERNAME")):
        auth = AuthKind.BASIC
    try:
        return _env_profile(c8, c7, auth)
    except ValidationError as exc:
        # the variables' values are not shown: a URL may carry a password
        var = "CAMUNDA_REST_ADDRESS" if c8 else "CAMUNDA_ENGINE_REST_URL"
        raise ConfigError(f"The profile `env` from {var} is not usable: {problems(exc)}.") from None


def _env_profile(c8: str | None, c7: str | None, auth: AuthKind) -> Profile:
    return Profile(
        name=ENV_PROFILE,
        engine=EngineKind.C8 if c8 else EngineKind.C7,
        url=(c8 or c7 or "").rstrip("/"),
        auth=auth,
        username=os.environ.get("CAMUNDA_BASIC_AUTH_USERNAME") if auth is AuthKind.BASIC else None,
        client_id=_env("CAMUNDA_CLIENT_ID") if auth is AuthKind.OAUTH2 else None,
        token_url=_env("CAMUNDA_OAUTH_URL") if auth is AuthKind.OAUTH2 else None,
        audience=_env("CAMUNDA_TOKEN_AUDIENCE") if auth is AuthKind.OAUTH2 else None,
        scope=_env("CAMUNDA_TOKEN_SCOPE") if auth is AuthKind.OAUTH2 else None,
    )
