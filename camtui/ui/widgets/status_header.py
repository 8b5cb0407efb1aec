"""The top bar: profile (in its colour), engine, user, READ-ONLY, production banner, connection, refresh."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from camtui.kinds.format import safe


class StatusHeader(Static):
    DEFAULT_CSS = """
    StatusHeader { height: 1; background: $panel; color: $text; padding: 0 1; }
    StatusHeader.-production { background: $error 60%; }
    """

    profile: reactive[str] = reactive("")
    colour: reactive[str] = reactive("")
    engine: reactive[str] = reactive("connecting…")
    user: reactive[str] = reactive("")
    read_only: reactive[bool] = reactive(False)
    production: reactive[bool] = reactive(False)
    # the profile does not verify TLS certificates (--insecure)
    insecure: reactive[bool] = reactive(False)
    connected: reactive[bool | None] = reactive(None)
    problem: reactive[str] = reactive("")
    # a read being tried again: "still waiting: GET … (attempt 2 of 3)"
    waiting: reactive[str] = reactive("")
    last_refresh: reactive[datetime | None] = reactive(None)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" camtui ", style="bold reverse")
        text.append(" ")
        # plain glyphs only: ambiguous-width ones (emoji) misalign over SSH and in screenshots
        text.append(safe(self.profile) or "no profile", style=f"bold {self.colour or 'cyan'}")
        # the engine's product and version and the user id come from the engine
        text.append(f"  {safe(self.engine)}")
        if self.user:
            text.append("  user ", style="dim")
            text.append(safe(self.user))
        if self.read_only:
            text.append("  ")
            text.append(" READ-ONLY ", style="bold black on yellow")
        if self.insecure:
            text.append("  ")
            text.append(" TLS NOT VERIFIED ", style="bold black on yellow")
        if self.production:
            text.append("  ")
            text.append(" PRODUCTION ", style="bold white on red")
        if self.connected is True:
            text.append("  ● connected", style="green")
        elif self.connected is False:
            text.append(f"  ○ connection lost: {safe(self.problem)}", style="bold red")
        if self.waiting:
            text.append(f"  ◌ {safe(self.waiting)}", style="bold yellow")
        if self.last_refresh is not None:
            text.append(f"  ⟳ {self.last_refresh:%H:%M:%S}", style="dim")
        return text

    def watch_production(self, production: bool) -> None:
        self.set_class(production, "-production")
