"""Server time of one explorer step (issue 18: at most 5 ms): one month of the model plus the snapshot the page
draws (metric rows, department and sector networks, levers, events), serialised to JSON.

Usage: python benchmarks/bench_explorer.py [--scenario national_2025] [--steps 100] [--http] [--out FILE]

Times are CPU time of this process (``time.process_time``), so that other work on the machine does not count;
the median over ``--steps`` one-month steps of one run is reported, split into the model's month (``sim.step``)
and the snapshot with its JSON. The step is called in-process the way the web app's
``POST /api/explorer/{run}/step`` calls it (``Explorer.step``); with ``--http`` the same steps also go through
the FastAPI app with its test client (request parsing, budget guard and response serialisation included).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

from hiap_sim.web.explorer import Explorer


def in_process(scenario: str, steps: int) -> dict[str, Any]:
    """Median CPU milliseconds of ``Explorer.step`` (+ JSON), of the model's month and of the snapshot."""
    explorer = Explorer()
    run_id = explorer.start(scenario, seed=1)["run"]
    run = explorer.run(run_id)
    total, model, snapshot_ms = [], [], []
    for _ in range(min(steps, run.months_total)):
        began = time.process_time()
        snapshot = explorer.step(run_id, 1)
        json.dumps(snapshot)
        total.append(1000 * (time.process_time() - began))
        since = len(run.sim.view.records) - 1
        began = time.process_time()
        json.dumps(run.snapshot(since))  # the snapshot alone (the same month again: no new events)
        snapshot_ms.append(1000 * (time.process_time() - began))
        model.append(total[-1] - snapshot_ms[-1])
    return {"steps": len(total), "step_median_ms": round(statistics.median(total), 3), "step_max_ms": round(max(total), 3),
            "model_median_ms": round(statistics.median(model), 3), "snapshot_median_ms": round(statistics.median(snapshot_ms), 3)}


def over_http(scenario: str, steps: int) -> dict[str, Any]:
    """Median CPU milliseconds of ``POST /api/explorer/{run}/step`` through the app with FastAPI's test client."""
    try:
        from fastapi.testclient import TestClient
    except (ImportError, RuntimeError) as exc:  # the test client needs an HTTP client package not every install has
        return {"unavailable": str(exc).splitlines()[0]}
    from hiap_sim.web.app import create_app

    client = TestClient(create_app())
    started = client.post("/api/explorer", json={"scenario": scenario, "seed": 1})
    started.raise_for_status()
    run_id, months = started.json()["run"], started.json()["months_total"]
    times = []
    for _ in range(min(steps, months)):
        began = time.process_time()
        response = client.post(f"/api/explorer/{run_id}/step", json={"months": 1})
        response.raise_for_status()
        times.append(1000 * (time.process_time() - began))
    return {"steps": len(times), "step_median_ms": round(statistics.median(times), 3), "step_max_ms": round(max(times), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="national_2025")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--http", action="store_true", help="also time the steps through the FastAPI app (test client)")
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    args = parser.parse_args()
    result: dict[str, Any] = {"scenario": args.scenario, "target_ms": 5.0, "in_process": in_process(args.scenario, args.steps)}
    if args.http:
        result["http"] = over_http(args.scenario, args.steps)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out is not None:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
