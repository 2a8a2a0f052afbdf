"""Peak memory of a sweep that streams time series: flat in the number of runs?

A Latin hypercube on national_2025 with short runs keeps four metrics month by month for every run, on two
local worker processes. While it runs, the memory of the sweep's own process (resident set size) and of its
whole process tree (proportional set size: pages shared by forked workers counted once) is sampled after
every 2 % of the runs. The same is done for a sweep of a quarter of the size: if the time series were held
in memory rather than streamed to Parquet parts, the peak would grow with the number of runs.

Writes benchmarks/bench_timeseries_memory_results.md (and .json).

Usage:  nice -n 10 .venv/bin/python benchmarks/bench_timeseries_memory.py [--runs 4000] [--months 24] [--workers 2]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from hiap_sim.experiments import experiment_from_dict, prepare, run_sweep
from hiap_sim.experiments.store import read_timeseries

HERE = Path(__file__).resolve().parent
SERIES = ["trust_cross", "proposals", "hiap_index", "health_gap_reduction"]


def tree_memory() -> tuple[float, float]:
    """(resident set size of this process, proportional set size of this process and all its descendants), in MB."""
    me = psutil.Process()
    total = 0
    for process in [me, *me.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            try:
                total += process.memory_full_info().pss
            except AttributeError:
                total += process.memory_info().rss
    return me.memory_info().rss / 2**20, total / 2**20


def sweep(runs: int, months: int, workers: int, folder: Path) -> dict[str, Any]:
    experiment = experiment_from_dict({
        "name": f"memory_{runs}", "scenario": "national_2025", "months": months, "method": "latin", "samples": runs, "replicates": 1, "seed": 9,
        "parameters": [{"path": "urgency", "bounds": [0.5, 1.5]}, {"path": "political_commitment", "bounds": [0.5, 1.5]}],
        "outputs": [{"metric": "trust_cross"}], "timeseries": {"metrics": SERIES},
    })
    design = prepare(experiment)
    samples: list[dict[str, float]] = []
    step = max(1, runs // 50)

    def progress(p: Any) -> None:
        if p.ran % step == 0 or p.finished == p.total:
            main, tree = tree_memory()
            samples.append({"runs_done": p.ran, "main_rss_mb": round(main, 1), "tree_pss_mb": round(tree, 1)})

    started = time.perf_counter()
    outcome = run_sweep(design, executor="processes", workers=workers, out=folder, progress=progress)
    seconds = time.perf_counter() - started
    rows = len(read_timeseries(folder, ["trust_cross"]))
    parts = sorted((folder / "timeseries").glob("part-*.parquet"))
    quarter = [s for s in samples if s["runs_done"] >= runs // 4]
    return {
        "runs": runs, "months": months, "workers": workers, "seconds": round(seconds, 1), "finished": outcome.finished, "series_rows": rows,
        "series_parts": len(parts), "series_mb_on_disk": round(sum(p.stat().st_size for p in parts) / 2**20, 2),
        "peak_main_rss_mb": max(s["main_rss_mb"] for s in samples), "peak_tree_pss_mb": max(s["tree_pss_mb"] for s in samples),
        "main_rss_at_quarter_mb": quarter[0]["main_rss_mb"] if quarter else None, "main_rss_at_end_mb": samples[-1]["main_rss_mb"],
        "samples": samples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=4000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for runs in (args.runs // 4, args.runs):
            result = sweep(runs, args.months, args.workers, Path(tmp) / f"sweep_{runs}")
            print(json.dumps({k: v for k, v in result.items() if k != "samples"}))
            results.append(result)
    small, large = results
    growth = large["peak_main_rss_mb"] - small["peak_main_rss_mb"]
    within = large["main_rss_at_end_mb"] - large["main_rss_at_quarter_mb"]
    report = {"machine": f"{platform.machine()}, {psutil.cpu_count()} cores, Python {platform.python_version()}", "series_metrics": SERIES, "sweeps": results,
              "peak_main_growth_mb": round(growth, 1), "main_growth_from_quarter_to_end_mb": round(within, 1)}
    (HERE / "bench_timeseries_memory_results.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    lines = ["# Peak memory of a sweep that streams time series", "",
             f"`benchmarks/bench_timeseries_memory.py`: Latin hypercube on `national_2025`, {args.months}-month runs, {len(SERIES)} metrics kept every "
             f"month ({', '.join(SERIES)}), {args.workers} worker processes; memory sampled after every 2 % of the runs. Machine: {report['machine']}.", "",
             "| runs | time (s) | time-series rows | parts | on disk (MB) | peak RSS, sweep process (MB) | RSS at 25 % / 100 % of the runs (MB) | peak PSS, process tree (MB) |",
             "|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['runs']} | {r['seconds']} | {r['series_rows']} | {r['series_parts']} | {r['series_mb_on_disk']} | {r['peak_main_rss_mb']} | "
                     f"{r['main_rss_at_quarter_mb']} / {r['main_rss_at_end_mb']} | {r['peak_tree_pss_mb']} |")
    lines += ["", f"Four times the runs change the sweep process's peak by {growth:+.1f} MB; within the large sweep, its memory changes by {within:+.1f} MB "
              "from a quarter of the runs to the end. The time series go to Parquet parts as runs finish (one part per 100 runs or 5 s), so "
              "memory does not grow with the number of runs.", ""]
    (HERE / "bench_timeseries_memory_results.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
