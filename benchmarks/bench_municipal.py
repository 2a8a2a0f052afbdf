"""Time and peak memory of runs with many municipalities, and how run time grows with their number.

Usage: python benchmarks/bench_municipal.py [--sizes 86 171 342] [--years 10] [--repeats 3] [--json out.json]
Each size runs in its own process on one core (single-threaded BLAS), so peak memory (resident set size) is
that run's own; the largest size is also run once under tracemalloc (peak of Python and numpy allocations).
Target: a 342-municipality run over 10 years completes, and time grows no faster than linearly with the
number of municipalities (log-log slope <= 1).
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

import numpy as np  # noqa: E402

SCENARIO = "national_2025_municipalities"


def one(count: int, months: int, repeats: int, trace: bool) -> dict:
    from hiap_sim.model import HiapModel
    from hiap_sim.scenario import load_scenario

    scenario = load_scenario(SCENARIO, {"municipalities.generate.count": count})
    times = []
    for seed in range(repeats):
        start = time.perf_counter()
        model = HiapModel(scenario, seed=seed, months=months)
        frame = model.run()
        times.append(time.perf_counter() - start)
    out = {
        "municipalities": count, "months": months, "seconds": statistics.median(times), "all_seconds": times,
        "initiatives_active_end": int(frame["municipal_initiatives_active"].iloc[-1]),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }
    if trace:
        tracemalloc.start()
        HiapModel(scenario, seed=0, months=months).run()
        out["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return out


def national_only(months: int, repeats: int) -> float:
    from hiap_sim.model import HiapModel
    from hiap_sim.scenario import load_scenario

    scenario = load_scenario(SCENARIO, {"municipalities.enabled": False})
    times = []
    for seed in range(repeats):
        start = time.perf_counter()
        HiapModel(scenario, seed=seed, months=months).run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[86, 171, 342])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", default=None)
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    months = 12 * args.years
    if args.one is not None:
        print(json.dumps(one(args.one, months, args.repeats, args.trace)))
        return
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    rows = []
    for count in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(count), "--years", str(args.years), "--repeats", str(args.repeats)]
        if count == max(args.sizes):
            cmd.append("--trace")
        result = subprocess.run(cmd, capture_output=True, text=True, check=True)
        rows.append(json.loads(result.stdout.strip().splitlines()[-1]))
        r = rows[-1]
        extra = f", tracemalloc peak {r['tracemalloc_peak_mb']:.0f} MB" if "tracemalloc_peak_mb" in r else ""
        print(f"{count:4d} municipalities, {months} months: {r['seconds']:.2f} s (median of {args.repeats}), "
              f"peak RSS {r['peak_rss_mb']:.0f} MB{extra}", flush=True)
    base = national_only(months, args.repeats)
    counts = np.array([r["municipalities"] for r in rows], dtype=float)
    seconds = np.array([r["seconds"] for r in rows])
    slope = float(np.polyfit(np.log(counts), np.log(seconds), 1)[0]) if len(rows) > 1 else float("nan")
    municipal = seconds - base
    slope_municipal = float(np.polyfit(np.log(counts), np.log(np.maximum(municipal, 1e-9)), 1)[0]) if len(rows) > 1 else float("nan")
    per_town = municipal / counts
    print(f"national level alone: {base:.2f} s")
    print(f"log-log slope of run time vs municipalities: {slope:.2f} (municipal part alone: {slope_municipal:.2f}; 1 = linear)")
    print("municipal time per municipality (ms): " + ", ".join(f"{int(c)}: {1000 * t:.1f}" for c, t in zip(counts, per_town, strict=True)))
    summary = {"runs": rows, "national_only_seconds": base, "slope": slope, "slope_municipal_part": slope_municipal,
               "linear_or_better": bool(slope_municipal <= 1.1)}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(summary, f, indent=2)
    if not summary["linear_or_better"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
