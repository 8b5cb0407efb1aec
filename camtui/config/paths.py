"""Where camtui keeps its files. `CAMTUI_CONFIG_FILE` points the config elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def config_file() -> Path:
    override = os.environ.get("CAMTUI_CONFIG_FILE")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir("camtui")) / "config.toml"


def log_file() -> Path:
    override = os.environ.get("CAMTUI_LOG_FILE")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_log_dir("camtui")) / "camtui.log"
