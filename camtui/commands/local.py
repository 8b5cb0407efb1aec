"""`camtui local up|down|status|logs|seed`: a real Camunda 7 engine on this machine."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time

from camtui.api import EngineError
from camtui.api.connection import AuthKind
from camtui.config.profiles import Profile
from camtui.config.secrets import SecretError, env_var, store_secret
from camtui.config.settings import ConfigError, load_settings
from camtui.config.store import save_profile
from camtui.localengine.build import BuildError, Variant
from camtui.localengine.process import DEFAULT_PORT, EngineStartError, LocalEngine
from camtui.localengine.seed import seed, wait_for_demo_incident


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    local = sub.add_parser("local", help="run a real Camunda 7 engine on 127.0.0.1 for demos and tests")
    verbs = local.add_subparsers(dest="local_command", required=True, metavar="COMMAND")
    up = verbs.add_parser("up", help="build (the first time) and start the engine; waits until it answers")
    up.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})")
    up.add_argument("--engine", choices=[v.value for v in Variant], default=Variant.CAMUNDA.value)
    up.add_argument("--seed", action="store_true", help="fill it with demo data (idempotent)")
    verbs.add_parser("down", help="stop the engine `up` started")
    verbs.add_parser("status", help="is it running, where, which version")
    logs = verbs.add_parser("logs", help="print the end of the engine's log")
    logs.add_argument("-n", "--lines", type=int, default=60)
    verbs.add_parser("seed", help="fill the running engine with demo data (idempotent)")
    local.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    engine = LocalEngine()
    match args.local_command:
        case "up":
            return _up(engine, args)
        case "down":
            stopped = engine.down()
            print("Stopped the local engine." if stopped else "No local engine was running.")
            return 0
        case "status":
            return _status(engine)
        case "logs":
            text = engine.log_tail(args.lines)
            print(text or "No engine log yet: run `camtui local up` first.")
            return 0
        case "seed":
            state = engine.state()
            if state is None:
                print("No local engine is running: start one with `camtui local up --seed`.", file=sys.stderr)
                return 1
            return _seed(state.url)
    return 2


def _up(engine: LocalEngine, args: argparse.Namespace) -> int:
    variant = Variant(args.engine)
    started_at = time.monotonic()
    if engine.state() is None:
        print(f"Starting a local {variant.value} engine on 127.0.0.1:{args.port}", end="")
        print(" (the first start builds it with Maven)...", flush=True)
    try:
        state, started = engine.up(port=args.port, variant=variant)
    except (BuildError, EngineStartError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if started:
        print(f"Engine ready after {time.monotonic() - started_at:.1f} s.", flush=True)
    else:
        print("The local engine is already running.")
    if state.variant != variant.value:
        print(f"note: it runs {state.variant}; `camtui local down` first to switch to {variant.value}.")
    if args.seed and _seed(state.url) != 0:
        return 1
    hint = _save_local_profile(state.url)
    print(
        f"\n  REST API   {state.url}\n  user       demo / demo (admin; also mary/mary, peter/peter)\n"
        f"  log        {state.log}\n  profile    {LOCAL_PROFILE}\n\n"
        f"Open the console:  {hint}camtui -p {LOCAL_PROFILE}\n"
        "Stop:              camtui local down"
    )
    return 0


LOCAL_PROFILE = "local"


def _save_local_profile(url: str) -> str:
    """Keep a `local` profile pointing at this engine; its well-known demo password goes to the
    keyring when there is one. Returns what to prefix the open command with otherwise."""
    try:
        settings = load_settings()
        current = settings.profiles.get(LOCAL_PROFILE)
        if current is None or current.url != url:
            save_profile(Profile(name=LOCAL_PROFILE, url=url, auth=AuthKind.BASIC, username="demo"))
    except ConfigError as exc:
        print(f"note: the `local` profile was not saved: {exc}", file=sys.stderr)
    if os.environ.get(env_var(LOCAL_PROFILE, "password")):
        return ""
    try:
        store_secret(LOCAL_PROFILE, "password", "demo")
    except SecretError:
        return f"{env_var(LOCAL_PROFILE, 'password')}=demo "
    return ""


def _status(engine: LocalEngine) -> int:
    state = engine.state()
    if state is None:
        print("No local engine is running.")
        return 3
    uptime = time.time() - state.started_at
    print(f"Running: {state.variant} at {state.url} (pid {state.pid}, up {uptime:.0f} s)\nLog: {state.log}")
    return 0


def _seed(url: str) -> int:
    try:
        report = asyncio.run(seed(url))
        incident = asyncio.run(wait_for_demo_incident(url))
    except EngineError as exc:
        print(f"error: seeding failed: {exc.describe()}", file=sys.stderr)
        return 1
    print(f"Demo data: {len(report.created)} created, {len(report.existing)} already there.")
    if not incident:
        print("note: the demo incident has not appeared yet; the job executor creates it shortly.")
    return 0
