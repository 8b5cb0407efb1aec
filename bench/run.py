"""Run every benchmark against one engine and print the ratios: `python -m bench.run`."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench import diagram, paging, startup
from bench.engine import engine_url


def main() -> None:
    with engine_url() as url, tempfile.TemporaryDirectory() as tmp:
        results = {"startup": startup.run(url, Path(tmp)), "paging": paging.run(url), "diagram": diagram.run()}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
