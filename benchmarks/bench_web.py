"""Time the explorer's step on the server side: one month of the model plus the snapshot the page draws
(metric rows, department and sector networks, levers, events) serialised to JSON.

Usage: python benchmarks/bench_web.py [--scenario national_2025] [--months 60]
The browser test (tests/web/test_web_e2e.py) measures the whole step as a user sees it (request, model, charts
and network redrawn) and writes it to test-artifacts/web/explorer_step_times.json.
Target: a step of national_2025 well under 100 ms, so that running month after month shows no lag.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from hiap_sim.web.explorer import Explorer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="national_2025")
    parser.add_argument("--months", type=int, default=60)
    args = parser.parse_args()
    explorer = Explorer()
    run = explorer.start(args.scenario)["run"]
    total, model = [], []
    for _ in range(args.months):
        began = time.perf_counter()
        snapshot = explorer.step(run, 1)
        json.dumps(snapshot)
        total.append(1000 * (time.perf_counter() - began))
        model.append(snapshot["compute_ms"])
    print(json.dumps({"scenario": args.scenario, "months": args.months, "step_median_ms": round(statistics.median(total), 2),
                      "step_max_ms": round(max(total), 2), "model_median_ms": round(statistics.median(model), 2)}, indent=2))


if __name__ == "__main__":
    main()
