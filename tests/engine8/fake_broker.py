"""A stand-in for a broker's bin/broker in the harness tests: answers /v2/topology on SERVER_PORT.

FAKE_BROKER_DIR receives `env.json` (what it was started with) and `pid`. FAKE_BROKER_MODE:
ok (healthy leader from the FAKE_BROKER_READY_AFTER-th poll on, default 3), linger (ignores SIGTERM), exit (fails at once),
bind-once (the first start finds its port taken and exits, as Tomcat does; later starts are fine),
hang-once (the first start finds its port taken and keeps running, never ready, as netty's parts do).
"""

from __future__ import annotations

import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

polls = 0


class Topology(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        global polls
        polls += 1
        health = "healthy" if polls >= int(os.environ.get("FAKE_BROKER_READY_AFTER", "3")) else "unhealthy"
        body = json.dumps(
            {"brokers": [{"partitions": [{"partitionId": 1, "role": "leader", "health": health}]}]}
        ).encode()
        self.send_response(200 if self.path == "/v2/topology" else 404)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> int:
    record = Path(os.environ["FAKE_BROKER_DIR"])
    mode = os.environ.get("FAKE_BROKER_MODE", "ok")
    (record / "pid").write_text(str(os.getpid()))
    (record / "env.json").write_text(json.dumps(dict(os.environ)))
    if mode == "exit":
        print("fake broker: boom, the configuration is wrong", flush=True)
        return 3
    if mode == "bind-once" and not (record / "bound-once").exists():
        (record / "bound-once").touch()
        print("Web server failed to start. Port 8080 was already in use.", flush=True)
        return 1
    if mode == "hang-once" and not (record / "bound-once").exists():
        (record / "bound-once").touch()
        print("java.io.IOException: Failed to bind to address /127.0.0.1:26500", flush=True)
        signal.pause()
    if mode == "linger":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    else:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    HTTPServer(("127.0.0.1", int(os.environ["SERVER_PORT"])), Topology).serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
