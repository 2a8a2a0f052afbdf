"""Time one run of national_2025 over its full horizon, and how run time grows with the number of civil servants.

Usage: python benchmarks/bench_run.py [--repeats 21] [--scenario national_2025]
Runs on one core (CPU affinity and single-threaded BLAS); reports the median of the repeats. Each repeat is
a different seed (seeds 0, 1, ...), so the median is over runs that differ in what happens, not only in noise.
Target: <= 0.1 s per run, and time growing no faster than linearly with the number of civil servants.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from hiap_sim.model import HiapModel  # noqa: E402
from hiap_sim.scenario import load_scenario  # noqa: E402
from hiap_sim.scenario.schema import RANKS  # noqa: E402


def scaled(name: str, factor: int):
    """The scenario with every department's posts multiplied by ``factor``."""
    base = load_scenario(name)
    overrides = {}
    for code, dept in base.departments.items():
        for rank in RANKS:
            overrides[f"departments.{code}.staff.{rank}"] = getattr(dept.staff, rank) * factor
        overrides[f"departments.{code}.capacity_fte"] = dept.capacity_fte * factor
    return load_scenario(name, overrides)


def time_runs(scenario, repeats: int) -> tuple[float, int]:
    times = []
    staff = 0
    for seed in range(repeats):
        start = time.perf_counter()
        model = HiapModel(scenario, seed=seed)
        model.run()
        times.append(time.perf_counter() - start)
        staff = model.n_staff
    return statistics.median(times), staff


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="national_2025")
    parser.add_argument("--repeats", type=int, default=21, help="runs per staff size, one seed each (default 21)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    HiapModel(load_scenario(args.scenario), seed=0).run()  # warm-up (imports, caches)
    rows = []
    for factor in (1, 2, 4):
        median, staff = time_runs(scaled(args.scenario, factor), args.repeats)
        rows.append({"factor": factor, "civil_servants": staff, "median_s": round(median, 4)})
    base = rows[0]
    print(f"{args.scenario}: {load_scenario(args.scenario).months} months, median of {args.repeats} runs on one core")
    print(f"{'civil servants':>15} {'median s':>10} {'x time':>8} {'x staff':>8} {'time/staff ratio':>17}")
    for row in rows:
        ratio_t = row["median_s"] / base["median_s"]
        ratio_n = row["civil_servants"] / base["civil_servants"]
        row["time_ratio"] = round(ratio_t, 2)
        print(f"{row['civil_servants']:>15} {row['median_s']:>10.4f} {ratio_t:>8.2f} {ratio_n:>8.1f} {ratio_t / ratio_n:>17.2f}")
    print(json.dumps({"scenario": args.scenario, "rows": rows}))


if __name__ == "__main__":
    main()
