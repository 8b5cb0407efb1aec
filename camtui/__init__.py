"""camtui: a keyboard-first terminal operations console for Camunda."""

import time

# as early as the package loads: start-up is measured from here to the first painted list
START_TIME = time.perf_counter()

# the one place the version is written (pyproject.toml reads it from here); a literal, because
# asking the installed metadata costs `camtui --version` more than the rest of its work
__version__ = "0.1.0"
