"""No secret anywhere after profile, CLI and console flows: the hardening issue's secret scan.

Every flow runs with distinctive secrets (an engine user's password, an OAuth2 client secret, a
bearer token, the secrets of imported c8ctl and Camunda Modeler profiles), once with the in-memory
keyring and once with keyrings.alt's PlaintextKeyring installed (camtui must refuse to store
there). After each step the whole temp tree of the test (config, log, state, XDG cache/state/data/
config, working directory, screenshots, the plaintext keyring's file) and everything the step
printed or raised is searched for each secret, its URL-encoded and base64 forms and the HTTP
Basic header made from it. Each flow also checks that the secret was really used (the engine, or a
recording server, accepted or received it), so no test passes by never using it.
"""

from __future__ import annotations

import asyncio
import io
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from camtui.cli import main
from camtui.config.paths import config_file, log_file
from camtui.config.secrets import env_var
from tests.conftest import RunningEngine
from tests.engine.helpers import bpmn, unique
from tests.memory_keyring import MemoryKeyring
from tests.secret_scan import Secret, scan_exception, scan_text, scan_tree

# -- the engine user whose password is the secret -------------------------------------------------


@dataclass(frozen=True)
class EngineUser:
    id: str
    password: str


@pytest.fixture(scope="module")
def engine_user(real_engine: RunningEngine) -> Iterator[EngineUser]:
    """A real engine user (in camunda-admin) with a password no test data contains."""
    from camtui.api import connect
    from camtui.api.models import User

    user = EngineUser(id=unique("scan"), password=f"S3cr3t-Pa55-{uuid.uuid4().hex}")

    async def create() -> None:
        async with connect(real_engine.connection()) as engine:
            await engine.users.create(User(id=user.id, first_name="Secret", last_name="Scan"), user.password)
            await engine.groups.add_member("camunda-admin", user.id)

    async def delete() -> None:
        async with connect(real_engine.connection()) as engine:
            await engine.users.delete(user.id)

    asyncio.run(create())
    # the engine takes it: a scan that finds nothing is not a scan of a secret that never worked
    with httpx.Client(auth=(user.id, user.password)) as client:
        answer = client.get(f"{real_engine.url}/identity/groups", params={"userId": user.id})
        assert answer.status_code == 200 and "camunda-admin" in answer.text, answer.text
    yield user
    asyncio.run(delete())


# -- where to look ----------------------------------------------------------------------------------


@dataclass
class Scan:
    root: Path
    inputs: Path
    secrets: list[Secret] = field(default_factory=list)
    steps: int = 0

    def secret(self, label: str, value: str | None = None, *, user: str | None = None) -> str:
        value = value or f"{label}-{uuid.uuid4().hex}"
        self.secrets.append(Secret(label, value, user=user))
        return value

    def check(self, what: str, *texts: str, exc: BaseException | None = None) -> None:
        """Nothing under the test's temp tree (but its inputs), in `texts` or in `exc` holds a secret."""
        assert self.secrets, "a scan for nothing"
        self.steps += 1
        hits = scan_tree(self.root, self.secrets, skip=[self.inputs])
        for i, text in enumerate(texts):
            hits += scan_text(f"{what}: output #{i}", text, self.secrets)
        if exc is not None:
            hits += scan_exception(what, exc, self.secrets)
        assert hits == [], f"a secret leaked after {what}:\n" + "\n".join(hits)


@pytest.fixture
def scan(real_engine: RunningEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Scan:
    """Everything camtui may write goes under tmp_path; the files a test hands in sit in `inputs`."""
    for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR"):
        path = tmp_path / name.lower()
        path.mkdir(mode=0o700)
        monkeypatch.setenv(name, str(path))
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    return Scan(root=tmp_path, inputs=inputs)


KEYRINGS = ["memory", "plaintext"]


def install_plaintext_keyring(tmp_path: Path) -> None:
    """keyrings.alt's PlaintextKeyring, writing to a file under tmp_path (so the scan reads it)."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring  # type: ignore[import-untyped]

    plain = PlaintextKeyring()
    plain.file_path = str(tmp_path / "plaintext-keyring" / "keyring_pass.cfg")
    # the scan sees what this keyring writes: a canary put there directly is found, then removed
    canary = Secret("canary", f"canary-{uuid.uuid4().hex}")
    plain.set_password("canary", "canary", canary.value)
    assert canary.found_in(Path(plain.file_path).read_bytes()), "the scan must find the keyring's own format"
    plain.delete_password("canary", "canary")
    assert not canary.found_in(Path(plain.file_path).read_bytes())
    keyring.set_keyring(plain)  # conftest's isolated_config puts the previous one back


@pytest.fixture(params=KEYRINGS)
def keyring_kind(request: pytest.FixtureRequest, tmp_path: Path, isolated_config: MemoryKeyring) -> str:
    """The in-memory keyring (conftest), or keyrings.alt's PlaintextKeyring writing to a temp file."""
    if request.param == "plaintext":
        install_plaintext_keyring(tmp_path)
    return str(request.param)


# -- running camtui ---------------------------------------------------------------------------------


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, scan: Scan) -> Any:
    def run(*argv: str, stdin: str = "") -> Run:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            code = main(list(argv))
        except BaseException as exc:  # main never raises; if it does, what it raised is scanned too
            out, err = capsys.readouterr()
            scan.check(f"camtui {' '.join(argv)} (raised)", out, err, exc=exc)
            raise
        out, err = capsys.readouterr()
        scan.check(f"camtui {' '.join(argv)}", out, err)
        return Run(code, out, err)

    return run


class Recorder(BaseHTTPRequestHandler):
    """A token endpoint and an engine that refuse everyone, and remember what they were sent."""

    seen: list[tuple[str, str, dict[str, str], bytes]]

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen.append((self.command, self.path, dict(self.headers.items()), body))
        if self.path.startswith("/token"):
            payload = {"error": "invalid_client", "error_description": "Client authentication failed"}
        else:
            payload = {"type": "AuthenticationException", "message": "Unauthorized"}
        data = json.dumps(payload).encode()
        try:
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            # the client gave up first (it had what it needed): not camtui's traceback, and not ours
            pass

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    """socketserver prints a client's dropped connection as a traceback on stderr, where the scan
    looks for camtui's: a client that hangs up is no error here."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[tuple[str, str, dict[str, str], bytes]]]]:
    seen: list[tuple[str, str, dict[str, str], bytes]] = []
    handler = type("Recording", (Recorder,), {"seen": seen})
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def refused_url() -> str:
    from camtui.localengine.process import free_port

    return f"http://127.0.0.1:{free_port()}"


# -- profile flows ----------------------------------------------------------------------------------


def test_profile_flows_leave_no_secret(
    keyring_kind: str,
    real_engine: RunningEngine,
    engine_user: EngineUser,
    scan: Scan,
    cli: Any,
    recorder: tuple[str, list[tuple[str, str, dict[str, str], bytes]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import keyring

    stores = keyring_kind == "memory"
    password = scan.secret("password", engine_user.password, user=engine_user.id)
    wrong = scan.secret("S3cr3t-wrong", user=engine_user.id)
    client_secret = scan.secret("client-secret")
    token = scan.secret("bearer-token")
    c8_secret = scan.secret("c8ctl-secret")
    modeler_password = scan.secret("modeler-password", user="ops")
    modeler_cloud = scan.secret("modeler-cloud-secret")
    server, seen = recorder

    def stored(name: str, kind: str) -> str | None:
        return keyring.get_password("camtui", f"{name}:{kind}")

    def refused(run: Run, name: str, kind: str) -> None:
        """The plaintext keyring: the secret is not stored, and the message says what to do instead."""
        assert run.code == 2, run.err
        assert "unencrypted" in run.err and env_var(name, kind) in run.err, run.err  # type: ignore[arg-type]
        assert "Traceback" not in run.err

    # add, with the password on standard input
    add = ["profile", "add", "scan", "--url", real_engine.url, "--username", engine_user.id]
    r = cli(*add, "--password-stdin", stdin=f"{password}\n")
    if stores:
        assert r.code == 0, r.err
        assert stored("scan", "password") == password
    else:
        refused(r, "scan", "password")
        assert not config_file().exists() or "scan" not in config_file().read_text(), "the config stays untouched"
        assert stored("scan", "password") is None
        r = cli(*add)
        assert r.code == 0, r.err
        monkeypatch.setenv(env_var("scan", "password"), password)

    # test: the engine accepts the password and names the user
    r = cli("profile", "test", "scan")
    assert r.code == 0 and f"user {engine_user.id}" in r.out, r.err
    r = cli("profile", "show", "scan")
    assert r.code == 0 and json.loads(r.out)["username"] == engine_user.id
    r = cli("profile", "list")
    assert r.code == 0 and "scan" in r.out

    # edit: a wrong password (401), then the right one again
    if stores:
        r = cli("profile", "edit", "scan", "--readonly", "--password-stdin", stdin=f"{wrong}\n")
        assert r.code == 0, r.err
        assert stored("scan", "password") == wrong
    else:
        refused(
            cli("profile", "edit", "scan", "--readonly", "--password-stdin", stdin=f"{wrong}\n"), "scan", "password"
        )
        r = cli("profile", "edit", "scan", "--readonly")
        assert r.code == 0, r.err
        monkeypatch.setenv(env_var("scan", "password"), wrong)
    r = cli("profile", "test", "scan")
    assert r.code == 1 and "401" in r.err and "hint:" in r.err, r.err
    if stores:
        assert cli("profile", "edit", "scan", "--password-stdin", stdin=f"{password}\n").code == 0
    else:
        monkeypatch.setenv(env_var("scan", "password"), password)
    r = cli("profile", "test", "scan")
    assert r.code == 0 and f"user {engine_user.id}" in r.out, r.err
    assert json.loads(cli("profile", "show", "scan").out)["read_only"] is True

    # OAuth2 with a token endpoint on a refused port
    oauth = ["--url", real_engine.url, "--auth", "oauth2", "--client-id", "camtui-scan", "--audience", "a"]
    r = cli("profile", "add", "oa", *oauth, "--token-url", f"{refused_url()}/token", "--client-secret-stdin",
            stdin=f"{client_secret}\n")  # fmt: skip
    if stores:
        assert r.code == 0, r.err
        assert stored("oa", "client_secret") == client_secret
    else:
        refused(r, "oa", "client_secret")
        assert cli("profile", "add", "oa", *oauth, "--token-url", f"{refused_url()}/token").code == 0
        monkeypatch.setenv(env_var("oa", "client_secret"), client_secret)
    r = cli("profile", "test", "oa")
    assert r.code == 1 and "token endpoint" in r.err and "hint:" in r.err, r.err

    # OAuth2 with a token endpoint that refuses the client: it did receive the secret
    assert cli("profile", "edit", "oa", "--token-url", f"{server}/token").code == 0
    r = cli("profile", "test", "oa")
    assert r.code == 1 and "invalid_client" in r.err, r.err
    sent = [body for method, path, _, body in seen if path == "/token"]
    assert sent and f"client_secret={client_secret}".encode() in sent[-1], "the client secret was sent"

    # a bearer token, sent to a recording engine that refuses it
    bearer = ["--url", f"{server}/engine-rest", "--auth", "bearer"]
    r = cli("profile", "add", "br", *bearer, "--token-stdin", stdin=f"{token}\n")
    if stores:
        assert r.code == 0, r.err
        assert stored("br", "token") == token
    else:
        refused(r, "br", "token")
        assert cli("profile", "add", "br", *bearer).code == 0
        monkeypatch.setenv(env_var("br", "token"), token)
    r = cli("profile", "test", "br")
    assert r.code == 1 and "Unauthorized" in r.err, r.err
    assert any(h.get("Authorization") == f"Bearer {token}" for _, p, h, _ in seen if p.startswith("/engine-rest"))

    # import: c8ctl's profiles.json and Camunda Modeler's settings.json, both with secrets
    c8ctl = scan.inputs / "profiles.json"
    c8ctl.write_text(
        json.dumps(
            {
                "profiles": [
                    {
                        "name": "c8saas",
                        "baseUrl": "https://bru-2.zeebe.camunda.io/abc/v2",
                        "clientId": "cid",
                        "clientSecret": c8_secret,
                        "audience": "zeebe.camunda.io",
                        "oAuthUrl": f"{refused_url()}/oauth/token",
                    }
                ]
            }
        )
    )
    modeler = scan.inputs / "settings.json"
    modeler.write_text(
        json.dumps(
            {
                "connectionManagerPlugin.c8connections": [
                    {
                        "id": "b2",
                        "name": "SM basic",
                        "targetType": "selfHosted",
                        "contactPoint": f"{refused_url()}/v2",
                        "authType": "basic",
                        "basicAuthUsername": "ops",
                        "basicAuthPassword": modeler_password,
                    },
                    {
                        "id": "c3",
                        "name": "SaaS prod",
                        "targetType": "camundaCloud",
                        "camundaCloudClusterUrl": "https://bru-2.zeebe.camunda.io/abc",
                        "camundaCloudClientId": "cid",
                        "camundaCloudClientSecret": modeler_cloud,
                    },
                ]
            }
        )
    )
    r = cli("profile", "import", str(c8ctl))
    if stores:
        assert r.code == 0 and "Imported c8saas" in r.out, r.err
        assert stored("c8saas", "client_secret") == c8_secret
    else:
        refused(r, "c8saas", "client_secret")
    r = cli("profile", "import", str(modeler))
    if stores:
        assert r.code == 0 and "Imported SM-basic" in r.out and "Imported SaaS-prod" in r.out, r.err
        assert stored("SM-basic", "password") == modeler_password
        assert stored("SaaS-prod", "client_secret") == modeler_cloud
        # Camunda 8 profiles can not connect yet: the failure, too, says nothing of the secret
        r = cli("profile", "test", "SM-basic")
        assert r.code == 1 and "Traceback" not in r.err, r.err
    else:
        refused(r, "SM-basic", "password")
    r = cli("profile", "list")
    assert r.code == 0

    # remove: the stored secrets go with the profile
    names = ["scan", "oa", "br"] + (["c8saas", "SM-basic", "SaaS-prod"] if stores else [])
    for name in names:
        r = cli("profile", "remove", name)
        assert r.code == 0, r.err
        assert all(stored(name, kind) is None for kind in ("password", "client_secret", "token"))
    assert "scan" not in cli("profile", "list").out
    assert scan.steps > 20


# -- CLI flows --------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["keyring", "env-with-plaintext-keyring"])
def test_cli_flows_leave_no_secret(
    source: str,
    real_engine: RunningEngine,
    engine_user: EngineUser,
    scan: Scan,
    cli: Any,
    monkeypatch: pytest.MonkeyPatch,
    isolated_config: MemoryKeyring,
    tmp_path: Path,
) -> None:
    password = scan.secret("password", engine_user.password, user=engine_user.id)
    wrong = scan.secret("S3cr3t-wrong", user=engine_user.id)
    add = ["profile", "add", "ops", "--url", real_engine.url, "--username", engine_user.id, "--default"]
    if source == "keyring":
        assert cli(*add, "--password-stdin", stdin=f"{password}\n").code == 0
        assert isolated_config.store[("camtui", "ops:password")] == password
    else:
        install_plaintext_keyring(tmp_path)
        assert cli(*add, "--password-stdin", stdin=f"{password}\n").code == 2
        assert cli(*add).code == 0
        monkeypatch.setenv(env_var("ops", "password"), password)

    # reading: the engine accepts the password (the current user is ours)
    r = cli("describe", "user", engine_user.id, "-o", "json")
    assert r.code == 0 and json.loads(r.out)["id"] == engine_user.id, r.err
    r = cli("get", "deployments", "--limit", "5", "-o", "json")
    assert r.code == 0 and isinstance(json.loads(r.out), list), r.err
    r = cli("get", "users", "-o", "table")
    assert r.code == 0 and engine_user.id in r.out, r.err

    # changing: deploy (dry run, then for real), delete (dry run as text and JSON, then for real)
    key = unique("scan")
    f = scan.inputs / f"{key}.bpmn"
    f.write_bytes(bpmn(key))
    r = cli("deploy", str(f), "--name", key, "--dry-run")
    assert r.code == 0 and "nothing was sent" in r.out and "$PASSWORD" in r.out, r.out
    r = cli("deploy", str(f), "--name", key, "-o", "json")
    assert r.code == 0, r.err
    dep = json.loads(r.out)["deployment"]["id"]
    r = cli("delete", "deployment", dep, "--dry-run")
    assert r.code == 0 and f"DELETE {real_engine.url}/deployment/{dep}" in r.out and '"$PASSWORD"' in r.out
    r = cli("delete", "deployment", dep, "--dry-run", "-o", "json")
    plan = json.loads(r.out)
    assert plan["curl"] and all("$PASSWORD" in line for line in plan["curl"]), plan["curl"]
    assert all(engine_user.id in line for line in plan["curl"]), "the curl lines name the user, not the password"

    # read-only refusals, before anything is sent
    r = cli("--readonly", "delete", "deployment", dep, "--yes")
    assert r.code == 3 and "read-only" in r.err, r.err
    r = cli("--readonly", "deploy", str(f), "--name", key)
    assert r.code == 3, r.err
    r = cli("delete", "deployment", dep, "--yes")
    assert r.code == 0, r.err
    assert cli("get", "deployments", "--id", dep, "-o", "json").out.strip() in ("[]", "")

    # a wrong password: 401, said in words
    monkeypatch.setenv(env_var("ops", "password"), wrong)
    r = cli("get", "deployments")
    assert r.code == 1 and ("401" in r.err or "refused" in r.err.lower()), r.err
    r = cli("describe", "user", engine_user.id)
    assert r.code == 1
    monkeypatch.setenv(env_var("ops", "password"), password)

    # an unexpected failure where the connection (with the password) is at hand: one line, traceback in the log
    import camtui.commands.common as common

    def broken(connection: object) -> object:
        raise RuntimeError(f"boom while opening {connection!r}")

    monkeypatch.setattr(common, "connect", broken)
    r = cli("get", "deployments")
    assert r.code == 1 and r.err.startswith("error: unexpected RuntimeError: boom while opening"), r.err
    assert "Traceback" not in r.err and str(log_file()) in r.err
    log = log_file().read_text()
    assert "Traceback" in log and "boom while opening" in log and real_engine.url in log
    assert scan.steps >= 15


# -- console flows ----------------------------------------------------------------------------------


def console(settings: Any) -> Any:
    from camtui.console import engine_for, local_engine_url
    from camtui.logs import setup_logging
    from camtui.ui.app import make_app

    setup_logging()  # as `camtui` does before it opens the console: the log file is scanned too
    return make_app(settings, engine_factory=engine_for, local_engine=local_engine_url)


def shot(app: Any, scan: Scan, name: str) -> str:
    """A screenshot saved to a file (scanned with the tree) and exported as SVG text (scanned here)."""
    (scan.root / "screenshots").mkdir(exist_ok=True)
    app.save_screenshot(filename=f"{name}.svg", path=str(scan.root / "screenshots"))
    svg = str(app.export_screenshot(title=name))
    scan.check(f"screenshot {name}", svg)
    return svg


def scan_profile(real_engine: RunningEngine, user: EngineUser) -> Any:
    from camtui.api.connection import AuthKind
    from camtui.config.profiles import Profile
    from camtui.config.settings import Settings

    profile = Profile(name="scan", url=real_engine.url, auth=AuthKind.BASIC, username=user.id)
    return Settings(default_profile="scan", profiles={"scan": profile})


async def test_console_connect_and_password_dialog_leave_no_secret(
    real_engine: RunningEngine,
    engine_user: EngineUser,
    scan: Scan,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from textual.widgets import Input

    from camtui.ui.screens.list_view import ListView
    from camtui.ui.screens.modals import PasswordModal
    from tests.tui.conftest import SIZE, on_screen, wait_for

    password = scan.secret("password", engine_user.password, user=engine_user.id)
    wrong = scan.secret("S3cr3t-wrong", user=engine_user.id)
    settings = scan_profile(real_engine, engine_user)

    def connected(app: Any) -> bool:
        return on_screen(app, ListView) and not app.screen.table.is_loading

    # the password from the environment
    monkeypatch.setenv(env_var("scan", "password"), password)
    app = console(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: connected(app), what="connected with the password from the environment")
        assert app.session is not None and app.session.user.id == engine_user.id
        assert app.screen.items, "the engine answered the list: it took the password"
        shot(app, scan, "list")
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        shot(app, scan, "help")
        await pilot.press("escape", "ctrl+o")
        await pilot.pause(0.2)
        shot(app, scan, "profiles")
    scan.check("the console on the password from the environment", *capsys.readouterr())

    # a wrong password: the dialog asks, the right one is typed
    monkeypatch.setenv(env_var("scan", "password"), wrong)
    app = console(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_screen(app, PasswordModal), what="the password dialog")
        field = app.screen.query_one("#secret", Input)
        field.focus()
        await pilot.press(*[c if c.isalnum() else "minus" for c in password])
        assert field.value == password, "typed as a user would"
        shot(app, scan, "password-dialog")
        await pilot.press("enter")
        await wait_for(pilot, lambda: connected(app), what="connected with the typed password")
        assert app.session is not None and app.session.user.id == engine_user.id
        shot(app, scan, "after-password")
    scan.check("the console after the password dialog", *capsys.readouterr())
    assert "401" in log_file().read_text(), "the refused login is in the log"


async def test_console_profile_form_leaves_no_secret(
    keyring_kind: str,
    real_engine: RunningEngine,
    engine_user: EngineUser,
    scan: Scan,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import keyring
    from textual.widgets import Input

    from camtui.config.settings import Settings, load_settings
    from camtui.ui.screens.list_view import ListView
    from camtui.ui.screens.profile_form import ProfileForm
    from tests.tui.conftest import SIZE, on_screen, wait_for

    password = scan.secret("password", engine_user.password, user=engine_user.id)
    app = console(Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Press n to create a profile" in app.home.message, what="the offer")
        await pilot.press("n")
        await wait_for(pilot, lambda: on_screen(app, ProfileForm), what="the form")
        form = app.screen
        form.query_one("#name", Input).value = "fresh"
        form.query_one("#url", Input).value = real_engine.url
        form.query_one("#username", Input).value = engine_user.id
        form.query_one("#secret", Input).value = password
        shot(app, scan, "profile-form")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_screen(app, ListView) and not app.screen.table.is_loading, what="connected")
        assert app.profile_name == "fresh" and app.session is not None
        assert app.session.user.id == engine_user.id and app.screen.items
        shot(app, scan, "new-profile-connected")
        if keyring_kind == "plaintext":
            assert app.session_secrets["fresh"] == password, "not stored, but this session uses it"
            assert any("unencrypted" in n.message for n in app._notifications), "the user is told"
    scan.check("the console's new profile", *capsys.readouterr())
    assert load_settings().profile("fresh").username == engine_user.id
    stored = keyring.get_password("camtui", "fresh:password")
    assert stored == (password if keyring_kind == "memory" else None)


async def test_console_crash_output_leaves_no_secret(
    real_engine: RunningEngine,
    engine_user: EngineUser,
    scan: Scan,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A crash in a frame that holds the typed password: Textual's report must not show its locals."""
    from textual.widgets import Input

    from camtui.ui.screens.modals import PasswordModal
    from tests.tui.conftest import SIZE, on_screen, wait_for

    password = scan.secret("password", engine_user.password, user=engine_user.id)
    typed: list[str] = []

    def crash(self: PasswordModal, result: object = None) -> None:
        typed.append(str(result))
        raise RuntimeError("crash while closing the password dialog")

    monkeypatch.setattr(PasswordModal, "dismiss", crash)
    app = console(scan_profile(real_engine, engine_user))  # no secret anywhere: the dialog asks

    async def type_the_password() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: on_screen(app, PasswordModal), what="the password dialog")
            app.screen.query_one("#secret", Input).value = password
            await pilot.press("enter")
            await pilot.pause(0.5)

    with pytest.raises(RuntimeError, match="crash while closing") as raised:
        await type_the_password()
    assert typed == [password], "the crash happened with the password at hand"
    out, err = capsys.readouterr()
    assert "RuntimeError" in out + err and "crash while closing" in out + err, "the crash report was printed"
    scan.check("the console's crash report", out, err, exc=raised.value)
