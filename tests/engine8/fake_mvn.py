"""A stand-in for `mvn ... dependency:copy` in the harness tests: writes a small distribution archive.

FAKE_MVN_DIR (a directory) receives `calls` (one line per call) and, for FAKE_MVN_MODE=gate, `waiting`;
the call then waits until the test creates `release`. Modes: ok, gate, fail, escape (an entry that
climbs out of the tree), nolauncher (no bin/broker).
"""

from __future__ import annotations

import io
import os
import sys
import tarfile
import time
from pathlib import Path


def add(tar: tarfile.TarFile, name: str, text: str, mode: int = 0o644) -> None:
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), mode
    tar.addfile(info, io.BytesIO(data))


def main(argv: list[str]) -> int:
    log = Path(os.environ["FAKE_MVN_DIR"])
    mode = os.environ.get("FAKE_MVN_MODE", "ok")
    with (log / "calls").open("a") as calls:
        calls.write(" ".join(argv) + "\n")
    options = dict(arg[2:].split("=", 1) for arg in argv if arg.startswith("-D"))
    if mode == "fail":
        print("[ERROR] Could not resolve io.camunda:camunda-zeebe: Connection refused (fake)")
        return 1
    if mode == "gate":
        (log / "waiting").touch()
        deadline = time.monotonic() + 60
        while not (log / "release").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
    version = options["artifact"].split(":")[2]
    out = Path(options["outputDirectory"])
    out.mkdir(parents=True)
    top = f"camunda-zeebe-{version}"
    with tarfile.open(out / f"{top}.tar.gz", "w:gz") as tar:
        add(tar, f"{top}/README.txt", "fake distribution\n")
        if mode != "nolauncher":
            add(tar, f"{top}/bin/broker", "#!/bin/sh\nexit 0\n", 0o755)
        if mode == "escape":
            add(tar, f"{top}/../../escaped.txt", "out of the tree\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
