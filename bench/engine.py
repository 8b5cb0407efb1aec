"""The engine a benchmark talks to: $CAMTUI_TEST_ENGINE_URL, or a local one started for the run."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory


@contextmanager
def engine_url() -> Iterator[tuple[str, bool]]:
    """The URL, and whether this run owns the engine (only then may a benchmark add data to it)."""
    url = os.environ.get("CAMTUI_TEST_ENGINE_URL")
    if url:
        yield url, False
        return
    from camtui.localengine.process import LocalEngine, free_port
    from camtui.localengine.seed import seed

    with TemporaryDirectory() as state:
        local = LocalEngine(Path(state))
        running, _ = local.up(port=free_port())
        try:
            asyncio.run(seed(running.url))
            yield running.url, True
        finally:
            local.down()
