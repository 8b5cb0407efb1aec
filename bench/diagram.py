"""Diagram rendering: parse and draw chains of 30, 300 and 3000 elements (with DI, rows of ten) on 200
columns, where tasks are 14 columns wide and names readable; the drawing grows with the diagram.
Reports the best of several runs and how they grow per tenfold step (10 is linear), and whether parsing and
drawing 300 elements fits the console's 50 ms event-loop budget (the console does both in a thread
anyway). `python -m bench.diagram`; `python -m bench.run` includes it."""

from __future__ import annotations

import json
import time

from camtui.diagram import parse, render
from tests.diagram.generate import chain

SIZES = (30, 300, 3000)
COLS = 200


def timed(fn: object, rounds: int) -> float:
    """The best of `rounds`: on a shared machine the slower runs measure the neighbours."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def run(rounds: int = 7) -> dict[str, float]:
    results: dict[str, float] = {}
    for n in SIZES:
        xml = chain(n)
        document = parse(xml)
        (diagram,) = document.diagrams
        results[f"parse_{n}_ms"] = round(timed(lambda xml=xml: parse(xml), rounds), 2)
        results[f"render_{n}_ms"] = round(timed(lambda d=diagram: render(d, COLS), rounds), 2)
    for step in ("parse", "render"):
        small, middle, large = (results[f"{step}_{n}_ms"] for n in SIZES)
        # per tenfold step: 10.0 is linear, less is better than linear
        results[f"{step}_growth_30_to_300"] = round(middle / max(small, 1e-6), 1)
        results[f"{step}_growth_300_to_3000"] = round(large / max(middle, 1e-6), 1)
    results["render_300_within_50ms_budget"] = float(results["render_300_ms"] + results["parse_300_ms"] <= 50)
    return results


def main() -> None:
    print(json.dumps(run(), indent=2))


if __name__ == "__main__":
    main()
