"""Exit codes and the one-line failure: light enough for `camtui --help` to import and stay fast."""

from __future__ import annotations

import sys

OK, ENGINE_ERROR, USAGE_ERROR, READ_ONLY = 0, 1, 2, 3


class CommandError(Exception):
    """Ends a command with a message on stderr and an exit code."""

    def __init__(self, message: str, code: int = USAGE_ERROR) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int) -> int:
    """Print `error: message` on stderr; engine text in it shows its control characters, never obeys them."""
    from camtui.kinds.format import safe  # only on the way out: `--help` does not pay for it

    print(f"error: {safe(message)}", file=sys.stderr)
    return code
