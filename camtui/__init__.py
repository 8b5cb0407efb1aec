"""camtui: a keyboard-first terminal operations console for Camunda."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("camtui")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
