"""The log file: what camtui did, never a secret (the service layer logs method, URL and status only)."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

from camtui.config.paths import log_file

_HANDLER_NAME = "camtui-file"


def setup_logging(level: int = logging.INFO) -> None:
    """Log to the log file (`CAMTUI_LOG_FILE` or the platform log dir); once per path."""
    root = logging.getLogger("camtui")
    path = log_file()
    current = next((h for h in root.handlers if h.get_name() == _HANDLER_NAME), None)
    if isinstance(current, RotatingFileHandler) and current.baseFilename == str(path.absolute()):
        return
    if current is not None:
        root.removeHandler(current)
        current.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # a few MB at most on a jump host that runs camtui every day
        handler: logging.Handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=2, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.setLevel(level)
    root.addHandler(handler)
