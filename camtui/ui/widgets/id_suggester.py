"""A picker in an input: completes the ids of a kind (users, groups, tenants) as they are typed.

The ids are fetched once, a page of them, when the first suggestion is wanted; a failed fetch
suggests nothing (the input still takes any id, and the engine has the last word).
"""

from __future__ import annotations

from typing import Any

from textual.suggester import Suggester

from camtui.api.errors import EngineError
from camtui.api.protocol import Engine
from camtui.kinds.registry import kind

PICK_LIMIT = 500


class IdSuggester(Suggester):
    def __init__(self, engine: Engine, kind_name: str) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.engine = engine
        self.kind = kind(kind_name)
        self.ids: list[str] | None = None

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        if self.ids is None:
            try:
                page: Any = await self.kind.fetch(self.engine, self.kind.new_query(), None, PICK_LIMIT)
                self.ids = sorted(self.kind.key_of(item) for item in page.items)
            except EngineError:  # a picker never breaks typing
                self.ids = []
        return next((i for i in self.ids if i.startswith(value) and i != value), None)
