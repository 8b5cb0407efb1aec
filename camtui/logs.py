"""The log file: what happened, never a secret (the service layer logs method, URL and status only)."""

from __future__ import annotations

import logging

from camtui.config.paths import log_file


def setup_logging(level: int = logging.INFO) -> None:
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("camtui")
    root.setLevel(level)
    root.addHandler(handler)
