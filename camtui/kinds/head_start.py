"""The console's first requests, sent before the console itself is imported.

At start the console needs three answers: what the engine is, who the user is, and the first page
of its first list. `camtui.console` asks for them as soon as the profile, the secret and the engine
client exist, and only then imports Textual and the screens (in a thread, while the answers
travel); the app takes the answers from here instead of asking again. On a network with a round
trip of 50 ms this hides the round trip behind the imports instead of adding it after them.

Nothing here may depend on Textual: the point is to run before it is imported.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from camtui.api.models import CurrentUser, EngineInfo
from camtui.api.paging import Page
from camtui.api.protocol import Engine
from camtui.config.profiles import Profile
from camtui.kinds import registry
from camtui.kinds.base import Kind

# rows in a list's first page (the console's ListView asks for as many)
FIRST_PAGE = 100


async def who_and_what(engine: Engine) -> tuple[EngineInfo, CurrentUser]:
    """The engine and the current user in one round trip, not two; the first failure is raised
    once both have ended (so neither is left running, nor its failure unread)."""
    info, user = await asyncio.gather(engine.info.engine(), engine.info.current_user(), return_exceptions=True)
    if isinstance(info, BaseException):
        raise info
    if isinstance(user, BaseException):
        raise user
    return info, user


def default_query(kind: Kind[Any]) -> Any:
    """The query a list opens with: the kind's empty filter in the engine's own order."""
    query = kind.new_query()
    return kind.sorted_query(query, None, False) if kind.sorted_query is not None else query


@dataclass
class HeadStart:
    """A profile's engine with its first requests already on the way."""

    profile: Profile
    secret: str | None
    engine: Engine
    who: asyncio.Task[tuple[EngineInfo, CurrentUser]]
    kind: Kind[Any] | None = None
    query: Any = None
    page_size: int = FIRST_PAGE
    first_page: asyncio.Task[Page[Any]] | None = field(default=None)

    def page_for(self, kind: Kind[Any], query: Any, page_size: int) -> Awaitable[Page[Any]] | None:
        """The first page, once, if it was asked for exactly as this list would ask for it."""
        page = self.first_page
        if page is None or kind is not self.kind or page_size != self.page_size or query != self.query:
            return None
        self.first_page = None
        return page

    def drop_page(self) -> None:
        """The first page is not wanted (another view, another query): stop it, quietly."""
        page, self.first_page = self.first_page, None
        if page is None:
            return
        if page.done():
            if not page.cancelled():
                page.exception()  # read, so a failure nobody wants is not reported at exit
        else:
            page.cancel()

    async def aclose(self) -> None:
        """Not used after all (another profile, the app ended first): nothing is left running."""
        for task in (self.who, self.first_page):
            if task is not None and not task.done():
                task.cancel()
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self.first_page = None
        await self.engine.aclose()


def begin(profile: Profile, secret: str | None, engine: Engine, view: str | None) -> HeadStart:
    """Send the first requests for `profile` on `engine` (running event loop needed): the engine
    and the user, and the first page of the view it opens on (`view`, else the engine's own)."""
    capabilities = engine.capabilities
    start = HeadStart(profile, secret, engine, asyncio.ensure_future(who_and_what(engine)))
    kind = registry.find(view or registry.default_view(engine.connection.engine, capabilities), capabilities)
    if kind is not None and registry.offers(kind, capabilities):
        start.kind, start.query = kind, default_query(kind)
        start.first_page = asyncio.ensure_future(kind.fetch(engine, start.query, None, FIRST_PAGE))
    return start
