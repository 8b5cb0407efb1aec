"""camtui: a keyboard-first terminal operations console for Camunda."""

import time
from importlib.metadata import PackageNotFoundError, version

# as early as the package loads: start-up is measured from here to the first painted list
START_TIME = time.perf_counter()

try:
    __version__ = version("camtui")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
