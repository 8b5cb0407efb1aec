"""The camtui console: one session (profile + engine) at a time, views from the kind registry,
errors through one handler. Screens receive the session they show (camtui.ui.session).

`make_app` is the one factory the CLI, the tests and the screenshot script use.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState

import camtui
from camtui.api import errors, events
from camtui.api.models import CurrentUser, EngineInfo
from camtui.api.protocol import Engine
from camtui.config.profiles import Profile
from camtui.config.secrets import SecretError, resolve_secret_async
from camtui.config.settings import ConfigError, Settings
from camtui.kinds import registry
from camtui.kinds.format import safe
from camtui.kinds.head_start import HeadStart, who_and_what
from camtui.ui.context import context
from camtui.ui.messages import Connected, ConnectionLost, StillWaiting
from camtui.ui.palette import CamtuiCommands
from camtui.ui.screens.modals import ErrorModal, PasswordModal, describe
from camtui.ui.session import Session
from camtui.ui.terminal_safety import ControlCharacters
from camtui.ui.views import make_screen, saved_query
from camtui.ui.widgets.status_header import StatusHeader

log = logging.getLogger("camtui.ui")

EngineFactory = Callable[[Profile, str | None, bool], Engine]
TRANSIENT = (errors.ConnectionFailed, errors.TimedOut, errors.Unavailable)
HEALTH_INTERVAL = 3.0
# seconds between attempts while the engine does not answer at start
START_RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0, 15.0)

CAMTUI_THEME = Theme(
    name="camtui",
    primary="#FC5D0D",  # Camunda orange
    secondary="#3C85FF",
    accent="#FFB000",
    background="#1B1D21",
    surface="#24272D",
    panel="#2E323A",
    success="#2EB872",
    warning="#F2C94C",
    error="#E5484D",
    dark=True,
)


def stylesheet_path() -> Path:
    """Inside the wheel the stylesheet sits in the package; in a checkout, at the top level."""
    packaged = Path(camtui.__file__).parent / "camtui.tcss"
    return packaged if packaged.is_file() else Path(camtui.__file__).parent.parent / "camtui.tcss"


# where `camtui local up` serves an engine right now, if it does (None: it does not)
LocalEngineFinder = Callable[[], str | None]


QUIT_COMMANDS = ("q", "q!", "quit")
PROFILE_COMMANDS = ("profile", "ctx", "context")
HELP_COMMANDS = ("help", "?")
BUILT_IN_COMMANDS = (*QUIT_COMMANDS, *PROFILE_COMMANDS, *HELP_COMMANDS, "theme")


async def discard(screen: Screen[None] | None) -> None:
    """A prepared screen that will not be shown: its first page is no longer wanted."""
    cancel = getattr(screen, "cancel_prefetch", None)
    if cancel is not None:
        await cancel()


def no_local_engine() -> str | None:
    return None


class HomeScreen(Screen[None]):
    """The bottom of the stack: what shows while connecting, or when there is nothing to connect to."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("n", "app.new_profile", "New profile", id="home.new_profile")]

    def __init__(self) -> None:
        super().__init__()
        self.message = "Connecting…"
        # the footer of keys comes with the first message someone has to act on (no profile, a
        # failure): while it only says "connecting" there is none, so a start that goes straight
        # on to its list does not build one for nothing (a footer is ~25 ms of CPU at start)
        self.with_keys = False

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status-header")
        yield Static(Text(safe(self.message)), id="home-message")
        if self.with_keys:
            yield Footer()

    def on_mount(self) -> None:
        context(self).sync_header(self.query_one(StatusHeader))
        self._shown()  # a message given while it was being composed

    def show(self, message: str, *, keys: bool = True) -> None:
        self.message = message
        self.with_keys = self.with_keys or keys
        if self.is_mounted:
            self._shown()

    def _shown(self) -> None:
        self.query_one("#home-message", Static).update(Text(safe(self.message)))
        if self.with_keys and not self.query(Footer):
            self.mount(Footer())
            # a footer mounted on a screen already shown learns its keys from the next update
            self.call_after_refresh(self.refresh_bindings)


def text_box_has_focus(app: App[None]) -> bool:
    """Whether the focused widget takes typed text. TextArea is looked up only once something has
    imported it: start-up does not pay for its module just to answer no."""
    text_area = sys.modules.get("textual.widgets._text_area")
    kinds: tuple[type, ...] = (Input, text_area.TextArea) if text_area else (Input,)
    return isinstance(app.focused, kinds)


class CamtuiApp(App[None]):
    CSS_PATH = stylesheet_path()
    TITLE = "camtui"
    COMMANDS: ClassVar = App.COMMANDS | {CamtuiCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: the keys typed right after `:` must find the prompt open, not the list's keys
        Binding("colon", "command", "Command", id="app.command", priority=True),
        Binding("question_mark", "help", "Keys", id="app.help"),
        Binding("ctrl+o", "profiles", "Profiles", id="app.profiles"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(
        self,
        settings: Settings,
        *,
        profile_name: str | None = None,
        view: str | None = None,
        read_only: bool = False,
        engine_factory: EngineFactory,
        local_engine: LocalEngineFinder = no_local_engine,
        head_start: HeadStart | None = None,
    ) -> None:
        super().__init__()
        # the first requests, already sent by camtui.console before this app was imported
        self.head_start = head_start
        self.local_engine = local_engine
        self._control_characters = ControlCharacters()
        self.settings = settings
        self.requested_profile = profile_name
        # None: the engine's own default view (deployments on Camunda 7, instances on Camunda 8)
        self.view_name = view
        self.force_read_only = read_only
        self.engine_factory = engine_factory
        self.session: Session | None = None
        self._stop_listening: Callable[[], None] = lambda: None
        self.reauthenticating = False
        self.profile: Profile | None = None
        self.header_state: dict[str, object] = {}
        self.first_paint_ms: float | None = None
        self._health_timer: object | None = None
        self.home = HomeScreen()
        # the first view, held while a `:` prompt opened during connecting is still being typed in
        self.held_first_view: tuple[Screen[None] | None] | None = None
        # secrets typed in this session for profiles whose secret could not be stored
        self.session_secrets: dict[str, str] = {}

    # -- state the screens read -------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        if self.session is None:
            raise errors.ConnectionFailed("Not connected to any engine yet.")
        return self.session.engine

    @property
    def profile_name(self) -> str | None:
        return self.profile.name if self.profile else None

    @property
    def read_only(self) -> bool:
        return self.force_read_only or bool(self.profile and self.profile.read_only)

    @property
    def production(self) -> bool:
        return bool(self.profile and self.profile.production)

    def sync_header(self, header: StatusHeader) -> None:
        header.profile = self.profile_name or ""
        header.colour = (self.profile.colour if self.profile else None) or ""
        header.read_only = self.read_only
        header.production = self.production
        header.insecure = bool(self.profile and not self.profile.verify_tls and self.profile.url.startswith("https"))
        for name, value in self.header_state.items():
            setattr(header, name, value)

    def update_header(self, **values: object) -> None:
        self.header_state.update(values)
        for screen in self.screen_stack:
            for header in screen.query(StatusHeader):
                self.sync_header(header)

    def refreshed(self, view: str) -> None:
        self.update_header(last_refresh=datetime.now(), connected=True, waiting="")
        if self.first_paint_ms is None:
            self.call_after_refresh(self._log_first_paint)

    def _log_first_paint(self) -> None:
        self.first_paint_ms = (time.perf_counter() - camtui.START_TIME) * 1000
        log.info("first list painted %.0f ms after start", self.first_paint_ms)
        if os.environ.get("CAMTUI_EXIT_AFTER_FIRST_PAINT"):
            # for bench/startup.py: the time to a usable list, measured from outside
            self.exit(message=f"first-paint-ms {self.first_paint_ms:.0f}")
            return
        # issue 15: only the first view's kind was loaded; the others load now, off the event loop,
        # so the first `:` or palette finds them ready
        self.run_worker(registry.load_all, thread=True, group="kinds", description="load every kind")

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, and the one that keeps control characters from the terminal."""
        return [*super().get_line_filters(), self._control_characters]

    def _fatal_error(self) -> None:
        """Textual's crash report, without the values of each frame's local variables.

        Textual prints the traceback of an unhandled exception with `show_locals=True`, and a
        frame may hold a secret (the password typed into `PasswordModal`, the one handed to the
        engine factory): that report goes to the terminal, and from there to scrollback and logs.
        """
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications carry engine messages and names: never read them as markup."""
        super().notify(safe(message), title=safe(title), severity=severity, timeout=timeout, markup=False)

    # -- start-up ---------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._stop_listening = events.on_retry(self.still_waiting)
        self.register_theme(CAMTUI_THEME)
        try:
            self.theme = self.settings.theme or "camtui"
        except Exception:
            self.theme = "camtui"
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        self.push_screen(self.home)
        if self.settings.auto_refresh > 0:
            self.set_interval(self.settings.auto_refresh, self.refresh_current_view)
        self.open_profile(self.requested_profile)

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def open_profile(self, name: str | None) -> None:
        try:
            profile = self.settings.profile(name)
        except ConfigError as exc:
            offered = await self.offer_local_engine() if not self.settings.profile_names() else None
            if offered is None:
                self.show_home(f"{exc}\n\nPress n to create a profile, ctrl+o to pick one, or ctrl+q to quit.")
                return
            profile = offered
        self.show_home(f"Connecting to {profile.name} ({profile.url})…", keys=False)
        start, self.head_start = self.head_start, None
        if start is not None and start.profile != profile:
            await start.aclose()
            start = None
        try:
            if start is not None:
                secret = start.secret
            else:
                secret = self.session_secrets.get(profile.name) or await resolve_secret_async(profile)
        except SecretError as exc:
            secret = await self.ask_secret(profile, str(exc)) if profile.secret_kind else None
            if secret is None:
                self.show_home(f"Not connected: {exc}")
                return
        refused = 0
        attempt = 0
        while refused < 3:
            who: Awaitable[tuple[EngineInfo, CurrentUser]]
            if start is not None:
                # its requests left before the console was imported; the answers may be here already
                engine, who = start.engine, start.who
                session = Session(profile, engine)
                screen = self.prepare_view(session, start)
                start.drop_page()  # if the screen did not take it
                start = None
            else:
                engine = self.engine_factory(profile, secret, self.force_read_only)
                session = Session(profile, engine)
                # the first list is asked for with the engine and the user: one round trip, not two
                screen = self.prepare_view(session)
                who = who_and_what(engine)
            try:
                info, user = await who
            except errors.Unauthorized as exc:
                await discard(screen)
                await engine.aclose()
                refused += 1
                secret = await self.ask_secret(profile, exc.describe())
                if secret is None:
                    self.show_home(f"Not connected to {profile.name}: {exc.message}")
                    return
                continue
            except TRANSIENT as exc:
                # the engine may be starting, or the network back in a moment: keep trying, visibly
                await discard(screen)
                await engine.aclose()
                delay = START_RETRY_DELAYS[min(attempt, len(START_RETRY_DELAYS) - 1)]
                attempt += 1
                self.show_home(
                    f"Cannot connect to {profile.name}:\n{describe(exc)}\n\n"
                    f"Trying again in {delay:g} s (attempt {attempt + 1}); ctrl+o picks another profile."
                )
                await asyncio.sleep(delay)
                continue
            except errors.EngineError as exc:
                await discard(screen)
                await engine.aclose()
                self.show_home(f"Cannot connect to {profile.name}:\n{describe(exc)}\n\nctrl+o picks another profile.")
                return
            session.info, session.user = info, user
            await self.adopt(session, screen)
            self.post_message(Connected(profile.name, info, user))
            return
        self.show_home(f"Not connected to {profile.name}: the credentials were refused three times.")

    async def offer_local_engine(self) -> Profile | None:
        """With no profile at all, offer the engine `camtui local up` runs, and keep it as `local`."""
        from camtui.api.connection import AuthKind
        from camtui.config.store import save_profile
        from camtui.ui.screens.modals import ConfirmModal

        url = await asyncio.to_thread(self.local_engine)
        if url is None:
            return None
        use = await self.push_screen_wait(
            ConfirmModal(
                "No profile yet",
                f"A local engine started by `camtui local up` runs at {url}.\n"
                "Use it as the demo admin user, and save it as the profile `local`?",
                action="Use it",
                danger=False,
            )
        )
        if not use:
            return None
        profile = Profile(name="local", url=url, auth=AuthKind.BASIC, username="demo")
        try:
            await asyncio.to_thread(save_profile, profile)
        except ConfigError as exc:
            self.notify(f"Not saved: {exc}", severity="warning")
        self.settings.profiles["local"] = profile
        return profile

    def action_new_profile(self) -> None:
        from camtui.ui.screens.profile_form import ProfileForm

        def created(new: object) -> None:
            name = getattr(new, "profile", None)
            if isinstance(name, Profile):
                self.open_profile(name.name)

        self.push_screen(ProfileForm(self.save_new_profile), created)

    async def save_new_profile(self, new: object) -> str | None:
        """Save the profile (atomically), its secret to the keyring; what went wrong, or None."""
        from camtui.config.secrets import env_var, store_secret
        from camtui.config.store import save_profile
        from camtui.ui.screens.profile_form import NewProfile

        if not isinstance(new, NewProfile):
            return "Nothing to save."
        profile = new.profile
        try:
            await asyncio.to_thread(save_profile, profile, make_default=not self.settings.profile_names())
        except ConfigError as exc:
            return f"Not saved: {exc}"
        self.settings.profiles[profile.name] = profile
        if new.secret is not None and profile.secret_kind is not None:
            try:
                await asyncio.to_thread(store_secret, profile.name, profile.secret_kind, new.secret)
            except SecretError as exc:
                # no keyring here: the secret serves this session only, and the user learns how to keep it
                self.notify(
                    f"{exc}\nThis session uses it anyway; next time set {env_var(profile.name, profile.secret_kind)}.",
                    severity="warning",
                    timeout=15,
                )
                self.session_secrets[profile.name] = new.secret
        return None

    async def ask_secret(self, profile: Profile, reason: str) -> str | None:
        what = (profile.secret_kind or "password").replace("_", " ")
        result: str | None = await self.push_screen_wait(PasswordModal(profile.name, what, reason))
        return result

    def prepare_view(self, session: Session, start: HeadStart | None = None) -> Screen[None] | None:
        """The screen the session opens on, its first page already asked for (not yet shown):
        by `start`, where it asked for the same page, else now."""
        kind = registry.find(
            self.view_name or registry.default_view(session.engine_kind, session.capabilities), session.capabilities
        )
        if kind is None or not registry.offers(kind, session.capabilities):
            return None
        screen = make_screen(kind, session)
        prefetch = getattr(screen, "prefetch", None)
        if prefetch is not None:
            prefetch(start)
        return screen

    async def adopt(self, session: Session, screen: Screen[None] | None = None) -> None:
        """Swap sessions: the old client closes, and no old screen outlives it."""
        old = self.session
        self.session = session
        self.profile = session.profile
        self.header_state = {"connected": True, "engine": "connected", "user": "", "last_refresh": None}
        if old is not None:
            await old.aclose()
        if screen is not None:
            self.view_name = getattr(screen, "VIEW", self.view_name)
        if self.command_prompt_open():
            # `:` was typed while connecting: closing the prompt now would drop what is being
            # typed and send the rest of it to the list's own keys; the prompt decides instead
            self.held_first_view = (screen,)
            return
        self.open_first_view(screen)

    def open_first_view(self, screen: Screen[None] | None) -> None:
        if screen is not None:
            self.back_to_home()
            self.push_screen(screen)
            return
        session = self.session
        if session is not None:
            self.show_view(self.view_name or registry.default_view(session.engine_kind, session.capabilities))

    def back_to_home(self) -> None:
        while self.screen is not self.home and len(self.screen_stack) > 1:
            self.pop_screen()

    def show_home(self, message: str, *, keys: bool = True) -> None:
        self.back_to_home()
        self.home.show(message, keys=keys)

    def go_back(self) -> None:
        """esc: one level up, but never below a view's root onto the home screen."""
        stack = self.screen_stack
        if len(stack) >= 2 and stack[-2] is not self.home:
            self.pop_screen()

    def still_waiting(self, notice: events.Retrying) -> None:
        """From the service layer (same event loop): say it in the header, by message."""
        path = notice.url.split("/engine-rest", 1)[-1].split("?", 1)[0] or notice.url
        if notice.reason == events.INDEXING:
            self.post_message(StillWaiting(f"{events.INDEXING}: {path} (try {notice.attempt})"))
            return
        self.post_message(
            StillWaiting(f"still waiting: {notice.method} {path} (attempt {notice.attempt} of {notice.attempts})")
        )

    @on(StillWaiting)
    def show_still_waiting(self, message: StillWaiting) -> None:
        self.update_header(waiting=message.text)

    @on(Connected)
    def connected(self, message: Connected) -> None:
        if self.session is not None:
            self.session.health.connected = True
        who = message.user.id or "anonymous"
        self.update_header(engine=f"{message.info.product} {message.info.version}", user=who, connected=True)

    # -- navigation -------------------------------------------------------------------------------

    def show_view(self, name: str, argument: str = "") -> None:
        kind = registry.find(name, self.session.capabilities if self.session else None)
        session = self.session
        offered = registry.supported(session.capabilities if session else None)
        if kind is None:
            words = ", ".join(f":{k.aliases[0]}" for k in offered)
            self.notify(f"No view {name!r}. Try {words}.", severity="warning")
            return
        if session is None:
            self.view_name = kind.name
            return
        if kind not in offered:
            # said in words, not as an error: this engine has no such list
            product = session.info.product if session.info else session.engine_kind.value
            self.notify(f"{kind.title} are not offered by {product} ({kind.capability.value}).", severity="warning")
            return
        query = None
        if argument.startswith("@"):
            # a saved query (camtui.config.queries): `:pi @stuck-orders`
            try:
                query = saved_query(kind, argument)
            except ConfigError as exc:
                self.notify(str(exc), severity="error", timeout=10)
                return
        self.view_name = kind.name
        # a fresh stack: nothing of the previous view (or profile) stays on screen
        self.back_to_home()
        self.push_screen(make_screen(kind, session, query))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "command":
            # a `:` typed into a text box is text, and the prompt does not open over itself
            return not (text_box_has_focus(self) or self.command_prompt_open())
        return True

    def command_prompt_open(self) -> bool:
        # by name: importing the prompt's module here would load it before the first paint
        return type(self.screen).__name__ == "CommandPrompt"

    def action_command(self) -> None:
        from camtui.ui.screens.command_prompt import CommandPrompt

        capabilities = self.session.capabilities if self.session else None
        self.push_screen(CommandPrompt(self.settings.profile_names(), capabilities), self.run_command)

    def run_command(self, command: str | None) -> None:
        held, self.held_first_view = self.held_first_view, None
        if held is not None and not self.names_a_view(command):
            # cancelled, help, a theme, a profile: the view held for the prompt comes first
            self.open_first_view(held[0])
            held = None
        self.run_typed_command(command)
        if held is None:
            return
        if self.screen is self.home:  # the view named is not offered here (said in words)
            self.open_first_view(held[0])
        elif held[0] is not None:
            self.run_worker(discard(held[0]), group="discard")

    def names_a_view(self, command: str | None) -> bool:
        word = (command or "").partition(" ")[0]
        if word in BUILT_IN_COMMANDS:
            return False
        return registry.find(word, self.session.capabilities if self.session else None) is not None

    def run_typed_command(self, command: str | None) -> None:
        if not command:
            return
        word, _, rest = command.partition(" ")
        if word in QUIT_COMMANDS:
            self.exit()
        elif word in PROFILE_COMMANDS:
            if rest.strip():
                self.switch_profile(rest.strip())
            else:
                self.action_profiles()
        elif word in HELP_COMMANDS:
            self.action_help()
        elif word == "theme" and rest.strip():
            try:
                self.theme = rest.strip()
            except Exception as exc:
                self.notify(str(exc), severity="error")
        else:
            self.show_view(word, rest.strip())

    def switch_profile(self, name: str) -> None:
        if name not in self.settings.profile_names():
            self.notify(f"Unknown profile {name!r}.", severity="error")
            return
        self.open_profile(name)

    def action_profiles(self) -> None:
        from camtui.ui.screens.profile_picker import ProfilePicker

        profiles: list[Profile] = []
        for name in self.settings.profile_names():
            try:
                profiles.append(self.settings.profile(name))
            except ConfigError as exc:
                # a profile from broken CAMUNDA_* variables: said, not offered
                self.notify(str(exc), severity="warning", timeout=10)
        if not profiles:
            self.notify("No profiles: add one with `camtui profile add`.", severity="warning")
            return
        self.push_screen(
            ProfilePicker(profiles, self.profile_name), lambda name: self.switch_profile(name) if name else None
        )

    def action_help(self) -> None:
        from camtui.ui.screens.help import HelpScreen, key_table

        app_keys = [(b, self.get_key_display(b)) for b in self.BINDINGS if isinstance(b, Binding)]
        self.push_screen(HelpScreen(key_table(self.screen, app_keys)))

    def refresh_current_view(self) -> None:
        from camtui.ui.screens.list_view import ListView

        screen = self.screen
        if isinstance(screen, ListView) and not screen.loading_more:
            screen.reload()

    # -- errors: one place ------------------------------------------------------------------------

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR or event.worker.error is None:
            return
        self.handle_error(event.worker.error)

    def handle_error(self, error: BaseException) -> None:
        self.update_header(waiting="")
        if isinstance(error, TRANSIENT):
            self.notify(describe(error), title="Connection problem", severity="error", timeout=8)
            self.post_message(ConnectionLost(self.profile_name or "", error.message))
        elif isinstance(error, errors.Unauthorized) and self.session is not None:
            # a password changed or a token expired mid-session: sign in again in place
            if not self.reauthenticating:
                self.reauthenticating = True
                self.reauthenticate(error)
        elif isinstance(error, errors.ReadOnlyProfile):
            self.notify(describe(error), title="Read-only", severity="warning")
        elif isinstance(error, errors.EngineError):
            self.push_screen(ErrorModal(type(error).__name__, error))
        else:
            log.exception("unexpected error in a worker", exc_info=error)
            self.push_screen(ErrorModal("Unexpected error (the app keeps running)", error))

    @work(group="reauth", exit_on_error=False)
    async def reauthenticate(self, error: errors.Unauthorized) -> None:
        """Ask for the secret over whatever is open (a half-filled dialog stays), then swap the engine."""
        session = self.session
        try:
            if session is None:
                return
            self.update_header(connected=False, problem="credentials refused")
            reason = f"{error.describe()}\nWhat you have open stays as it is."
            while True:
                secret = await self.ask_secret(session.profile, reason)
                if secret is None:
                    self.notify("Still signed out: the engine refuses this session until you sign in (ctrl+r asks).")
                    return
                engine = self.engine_factory(session.profile, secret, self.force_read_only)
                try:
                    user = await engine.info.current_user()
                except errors.Unauthorized as exc:
                    if engine is not session.engine:
                        await engine.aclose()
                    reason = exc.describe()
                    continue
                old, session.engine, session.user = session.engine, engine, user
                self.session_secrets[session.name] = secret
                if old is not engine:
                    await old.aclose()
                self.update_header(connected=True, problem="", user=user.id or "anonymous")
                self.notify(f"Signed in again to {session.name}.")
                self.refresh_current_view()
                return
        finally:
            self.reauthenticating = False

    @on(ConnectionLost)
    def connection_lost(self, message: ConnectionLost) -> None:
        self.update_header(connected=False, problem=message.reason[:60])
        if self._health_timer is None:
            self._health_timer = self.set_interval(HEALTH_INTERVAL, self.check_health)

    @work(exclusive=True, group="health", exit_on_error=False)
    async def check_health(self) -> None:
        if self.session is None or not await self.session.engine.info.health():
            return
        timer = self._health_timer
        self._health_timer = None
        if timer is not None:
            timer.stop()  # type: ignore[attr-defined]
        self.update_header(connected=True, problem="")
        self.notify("Connection restored.")
        self.refresh_current_view()

    async def on_unmount(self) -> None:
        self._stop_listening()
        if self.session is not None:
            await self.session.aclose()


def make_app(
    settings: Settings,
    *,
    profile_name: str | None = None,
    view: str | None = None,
    read_only: bool = False,
    engine_factory: EngineFactory,
    local_engine: LocalEngineFinder = no_local_engine,
    head_start: HeadStart | None = None,
) -> CamtuiApp:
    """The app with the services it is given (camtui.console gives it the real ones; tests, fakes)."""
    return CamtuiApp(
        settings,
        profile_name=profile_name,
        view=view,
        read_only=read_only,
        engine_factory=engine_factory,
        local_engine=local_engine,
        head_start=head_start,
    )


__all__ = ["CamtuiApp", "make_app"]
