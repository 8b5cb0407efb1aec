"""`camtui profile list|show|add|edit|remove|use|test|import`."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import ssl
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from camtui.api import errors
from camtui.api.connection import AuthKind
from camtui.api.factory import connect
from camtui.api.models.info import EngineKind
from camtui.commands.common import (
    ENGINE_ERROR,
    OK,
    USAGE_ERROR,
    CommandError,
    selected_profile,
    settings,
    tls_file_problem,
)
from camtui.commands.output import json_text
from camtui.config import store
from camtui.config.profiles import Profile, check_name, problems
from camtui.config.secrets import SecretError, delete_secret, resolve_secret, store_secret
from camtui.config.settings import ConfigError
from camtui.kinds.format import safe


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("profile", help="saved connections, one per cluster")
    verbs = p.add_subparsers(dest="profile_command", required=True, metavar="COMMAND")
    verbs.add_parser("list", help="all profiles")
    show = verbs.add_parser("show", help="one profile (never its secret)")
    show.add_argument("name", nargs="?")
    for verb in ("add", "edit"):
        v = verbs.add_parser(verb, help=f"{verb} a profile (flags, or questions on a terminal)")
        v.add_argument("name")
        _profile_flags(v, adding=verb == "add")
    remove = verbs.add_parser("remove", help="delete a profile and its stored secret")
    remove.add_argument("name")
    use = verbs.add_parser("use", help="make a profile the default")
    use.add_argument("name")
    test = verbs.add_parser("test", help="connect, authenticate, report engine, version, user, round trip")
    test.add_argument("name", nargs="?")
    imp = verbs.add_parser(
        "import", help="import c8ctl profiles.json or Camunda Modeler connections (settings.json; default: its own)"
    )
    imp.add_argument("file", type=Path, nargs="?")
    p.set_defaults(handler=run)


def _profile_flags(p: argparse.ArgumentParser, *, adding: bool) -> None:
    p.add_argument("--engine", choices=[e.value for e in EngineKind], default="c7" if adding else None)
    p.add_argument("--url", help="base URL, e.g. https://host/engine-rest (C7) or https://host/v2 (C8)")
    p.add_argument("--auth", choices=[a.value for a in AuthKind])
    p.add_argument("--username")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.add_argument("--token-stdin", action="store_true", help="read a bearer token from standard input")
    p.add_argument("--client-id")
    p.add_argument("--client-secret-stdin", action="store_true")
    p.add_argument("--token-url")
    p.add_argument("--audience")
    p.add_argument("--scope")
    p.add_argument("--tenant")
    p.add_argument("--readonly", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--production", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--colour", "--color", dest="colour")
    p.add_argument("--ca-bundle")
    p.add_argument("--client-cert")
    p.add_argument("--insecure", action="store_true", default=None, help="do not verify TLS certificates")
    p.add_argument("--deployment-create-url")
    p.add_argument("--connect-timeout", type=float)
    p.add_argument("--read-timeout", type=float)
    p.add_argument("--default", action="store_true", help="make it the default profile")


def run(args: argparse.Namespace) -> int:
    try:
        match args.profile_command:
            case "list":
                return _list()
            case "show":
                return _show(args)
            case "add" | "edit":
                return _add_or_edit(args)
            case "remove":
                store.remove_profile(args.name)
                for kind in ("password", "client_secret", "token"):
                    delete_secret(args.name, kind)
                print(f"Removed profile {args.name!r}.")
                return OK
            case "use":
                store.set_default(args.name)
                print(f"Default profile is now {args.name!r}.")
                return OK
            case "test":
                return _test(args)
            case "import":
                return _import(args.file)
    except (ConfigError, SecretError, ValueError) as exc:
        raise CommandError(str(exc), USAGE_ERROR) from None
    return USAGE_ERROR


def _list() -> int:
    s = settings()
    names = s.profile_names()
    if not names:
        print(
            "No profiles yet. Add one: camtui profile add NAME --url URL [--auth basic --username U --password-stdin]"
        )
        return OK
    for name in names:
        mark = "*" if name == s.default_profile else " "
        try:
            p = s.profile(name)
        except ConfigError as exc:
            # the `env` profile from broken variables: listed, with what is wrong
            print(safe(f"{mark} {name:<16} not usable: {exc}", layout=False))
            continue
        flags = " ".join(f for f, on in (("read-only", p.read_only), ("PRODUCTION", p.production)) if on)
        line = f"{mark} {name:<16} {p.engine.value}  {p.url}  {p.auth.value}{'  ' + flags if flags else ''}"
        print(safe(line, layout=False))
    return OK


def _show(args: argparse.Namespace) -> int:
    p = settings().profile(args.name or getattr(args, "profile", None))
    data = p.model_dump(mode="json", exclude_none=True)
    kind = p.secret_kind
    if kind is not None:
        data["secret"] = f"<{kind} kept outside the config file>"
    print(json_text(data, indent=2))
    return OK


def _read_stdin_secret(what: str) -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"{what}: ")
    value = sys.stdin.readline().rstrip("\r\n")
    if not value:
        raise CommandError(f"No {what} on standard input.", USAGE_ERROR)
    return value


def _add_or_edit(args: argparse.Namespace) -> int:
    name = check_name(args.name)
    s = settings()
    if args.profile_command == "add" and name in s.profiles:
        raise CommandError(f"Profile {name!r} exists; change it with `camtui profile edit {name}`.", USAGE_ERROR)
    if args.profile_command == "edit" and name not in s.profiles:
        raise CommandError(f"No profile named {name!r}; add it with `camtui profile add {name}`.", USAGE_ERROR)
    current: dict[str, Any] = (
        s.profiles[name].model_dump(exclude={"name"}) if name in s.profiles else {"engine": args.engine or "c7"}
    )
    if args.profile_command == "add" and args.url is None and sys.stdin.isatty():
        _ask(args)
    updates = {
        "engine": args.engine,
        "url": args.url,
        "auth": args.auth,
        "username": args.username,
        "client_id": args.client_id,
        "token_url": args.token_url,
        "audience": args.audience,
        "scope": args.scope,
        "tenant": args.tenant,
        "read_only": args.readonly,
        "production": args.production,
        "colour": args.colour,
        "ca_bundle": args.ca_bundle,
        "client_cert": args.client_cert,
        "verify_tls": False if args.insecure else None,
        "deployment_create_url": args.deployment_create_url,
    }
    data = {**current, **{k: v for k, v in updates.items() if v is not None}}
    if args.connect_timeout is not None or args.read_timeout is not None:
        # a 0 is refused by the profile's validation, not silently dropped
        t = dict(data.get("timeouts") or {})
        t.update({k: v for k, v in (("connect", args.connect_timeout), ("read", args.read_timeout)) if v is not None})
        data["timeouts"] = t
    if "auth" not in data or data["auth"] is None:
        data["auth"] = "basic" if data.get("username") else ("oauth2" if data.get("client_id") else "none")
    if "url" not in data:
        raise CommandError("A profile needs --url.", USAGE_ERROR)
    try:
        profile = Profile(name=name, **data)
    except ValueError as exc:
        raise CommandError(f"Invalid profile: {problems(exc)}", USAGE_ERROR) from None
    secret_flag = {
        "password": args.password_stdin,
        "client_secret": args.client_secret_stdin,
        "token": args.token_stdin,
    }
    secret = None
    kind = profile.secret_kind
    if kind is not None and secret_flag[kind]:
        secret = _read_stdin_secret(kind.replace("_", " "))
    # secret first: if the keyring refuses, the config file is not touched
    if secret is not None and kind is not None:
        store_secret(name, kind, secret)
    store.save_profile(profile, make_default=args.default)
    print(f"Saved profile {name!r} ({profile.engine.value}, {profile.url}).")
    if kind is not None and secret is None and args.profile_command == "add":
        print(f"Its {kind.replace('_', ' ')} is asked when needed, or set in the environment/keyring.")
    return OK


def _ask(args: argparse.Namespace) -> None:
    def ask(prompt: str, default: str | None = None) -> str | None:
        answer = input(f"{prompt}{f' [{default}]' if default else ''}: ").strip()
        return answer or default

    args.engine = ask("Engine (c7 or c8)", args.engine or "c7")
    args.url = ask("Base URL", "http://127.0.0.1:18080/engine-rest" if args.engine == "c7" else None)
    args.auth = ask("Auth (none, basic, bearer, oauth2)", args.auth or "basic")
    if args.auth == "basic":
        args.username = ask("User name", args.username)
        args.password_stdin = True
    elif args.auth == "oauth2":
        args.client_id = ask("Client id", args.client_id)
        args.token_url = ask("Token URL", args.token_url)
        args.audience = ask("Audience", args.audience)
        args.client_secret_stdin = True
    elif args.auth == "bearer":
        args.token_stdin = True


def _test(args: argparse.Namespace) -> int:
    if args.name:
        args.profile = args.name
    profile = selected_profile(args)
    try:
        secret = resolve_secret(profile)
    except SecretError as exc:
        raise CommandError(str(exc), USAGE_ERROR) from None

    async def probe() -> tuple[str, str, str, float]:
        async with connect(profile.connection(secret)) as engine:
            started = time.perf_counter()
            info = await engine.info.engine()
            rtt = (time.perf_counter() - started) * 1000
            me = await engine.info.current_user()
            return info.product, info.version, me.id or "(anonymous)", rtt

    try:
        product, version, user, rtt = asyncio.run(probe())
    except (OSError, ssl.SSLError) as exc:
        # a CA bundle or client certificate that TLS can not read
        raise CommandError(tls_file_problem(profile, exc), USAGE_ERROR) from None
    except errors.EngineError as exc:
        print(safe(f"FAILED {profile.name}: {exc.message}"), file=sys.stderr)
        hint = _base_path_hint(profile, exc) or exc.hint
        if hint:
            print(f"hint: {hint}", file=sys.stderr)
        return ENGINE_ERROR
    print(f"OK {profile.name}: {product} {version} at {profile.url}, user {user}, round trip {rtt:.0f} ms")
    return OK


def _base_path_hint(profile: Profile, exc: errors.EngineError) -> str | None:
    if not isinstance(exc, errors.NotFound | errors.MalformedResponse):
        return None
    base = "/engine-rest" if profile.engine is EngineKind.C7 else "/v2"
    if not profile.url.endswith(base):
        # replace a wrong path (https://host/api -> https://host/engine-rest), do not append to it
        parts = urlsplit(profile.url)
        path = parts.path.rstrip("/")
        # keep a path that already holds the base (…/camunda/engine-rest/engine/default -> …/camunda/engine-rest)
        marker = base.strip("/")
        kept = path[: path.index(marker) + len(marker)] if marker in path else base
        suggestion = urlunsplit((parts.scheme, parts.netloc, kept, "", ""))
        product = "Camunda 7" if profile.engine is EngineKind.C7 else "Camunda 8"
        return f"{product} serves its REST API under {base}: try {suggestion}"
    return "The server answers, but not with the engine's API at this path; check the base URL."


MODELER_KEY = "connectionManagerPlugin.c8connections"


def modeler_settings() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("camunda-modeler", roaming=True)) / "settings.json"


def _from_modeler(connection: dict[str, Any]) -> dict[str, Any]:
    """A Camunda Modeler connection in c8ctl's spelling, so one importer reads both."""
    cloud = connection.get("targetType") == "camundaCloud"
    auth = connection.get("authType") or ("oauth" if cloud else "none")
    return {
        "name": re.sub(r"[^A-Za-z0-9_.-]+", "-", str(connection.get("name") or connection.get("id") or "")).strip("-"),
        "baseUrl": connection.get("camundaCloudClusterUrl") if cloud else connection.get("contactPoint"),
        "clientId": connection.get("camundaCloudClientId" if cloud else "clientId") if auth == "oauth" else None,
        "clientSecret": connection.get("camundaCloudClientSecret" if cloud else "clientSecret"),
        "oAuthUrl": connection.get("oauthURL") or ("https://login.cloud.camunda.io/oauth/token" if cloud else None),
        "audience": connection.get("audience") or ("zeebe.camunda.io" if cloud else None),
        "username": connection.get("basicAuthUsername") if auth == "basic" else None,
        "password": connection.get("basicAuthPassword"),
    }


def _import(path: Path | None) -> int:
    """c8ctl's `profiles.json` (a list, or {profiles: [...]}, of {name, baseUrl, clientId, ...}),
    or Camunda Modeler's settings.json with its saved connections."""
    path = path or modeler_settings()
    try:
        raw = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise CommandError(f"Cannot read {path}: {exc}", USAGE_ERROR) from None
    if isinstance(raw, dict) and MODELER_KEY in raw:
        entries: Any = [_from_modeler(c) for c in raw[MODELER_KEY] if isinstance(c, dict)]
    else:
        entries = raw.get("profiles", raw) if isinstance(raw, dict) else raw
    if isinstance(entries, dict):
        entries = [{"name": k, **v} for k, v in entries.items()]
    imported = 0
    for entry in entries:
        name = str(entry.get("name", "")).strip()
        url = entry.get("baseUrl") or entry.get("url")
        if not name or not url:
            continue
        client_id = entry.get("clientId")
        username = entry.get("username")
        auth = AuthKind.OAUTH2 if client_id else (AuthKind.BASIC if username else AuthKind.NONE)
        try:
            profile = Profile(
                name=check_name(name),
                engine=EngineKind.C8,
                url=url,
                auth=auth,
                username=username,
                client_id=client_id,
                token_url=entry.get("oAuthUrl") or entry.get("oauthUrl"),
                audience=entry.get("audience"),
            )
        except ValueError as exc:
            print(safe(f"Skipped {name}: {problems(exc)}", layout=False), file=sys.stderr)
            continue
        secret = entry.get("clientSecret") if auth is AuthKind.OAUTH2 else entry.get("password")
        if secret and profile.secret_kind:
            store_secret(name, profile.secret_kind, str(secret))
        store.save_profile(profile)
        imported += 1
        print(safe(f"Imported {name} ({url}).", layout=False))
    if not imported:
        print(f"No profiles found in {path}.")
    return OK
