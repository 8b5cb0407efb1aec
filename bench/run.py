"""Run every benchmark against one engine and print the ratios: `python -m bench.run`.

The engine is $CAMTUI_TEST_ENGINE_URL (measured as it is, never written to) or a local one this run
starts and seeds. Every figure is a ratio against a baseline measured in the same run.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench import bulk_cancel, cli, diagram, paging, startup, table
from bench.engine import engine_url


def main() -> None:
    with engine_url() as (url, owned), tempfile.TemporaryDirectory() as tmp:
        results = {
            "startup": startup.run(url, Path(tmp)),
            "cli": cli.run(url, Path(tmp)),
            "paging": paging.run(url, may_write=owned),
            "table_100k": table.run(),
            "diagram": diagram.run(),
        }
        if owned:
            # thousands of instances started and cancelled: only in an engine this run started
            results["bulk_cancel_2000"] = bulk_cancel.run(url)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
