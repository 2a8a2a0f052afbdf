"""Does VWS capacity bind? A sweep of VWS's ``capacity_fte`` on the national_2025 baseline.

Usage: python benchmarks/bench_capacity.py [--seeds 30] [--fte 1 2 3 4 5 6 7 8] [--out file.json] [--jobs 2]

For each capacity, over the same seeds (common random numbers): completed and abandoned joint work, completed per
abandoned, the health gap closed (``health_gap_reduction``) and secured (``health_gap_secured``) at the end, the
share of department pairs at integration (``level_share_4``) at the end and averaged over the run, and VWS's
mean load (staff time committed / capacity). Means with 95 % t-intervals. Issue 14 item 1: 'capacity binds'.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402

import numpy as np  # noqa: E402
from scipy import stats  # noqa: E402

from hiap_sim.model import HiapModel  # noqa: E402
from hiap_sim.runner import replicate_seeds  # noqa: E402
from hiap_sim.scenario import load_scenario  # noqa: E402

OUTCOMES = ("completed", "abandoned", "completed_per_abandoned", "health_gap_reduction", "health_gap_secured", "level_share_4_end",
            "level_share_4_mean", "vws_load_mean")


def one_run(task: tuple[str, float, int]) -> dict[str, float]:
    scenario_name, fte, seed = task
    model = HiapModel(load_scenario(scenario_name, {"departments.VWS.capacity_fte": fte}), seed=seed)
    loads = []
    vws = next(o for o in model.organisations if o.code == "VWS")
    while model.month < model.horizon:
        model.run(1)
        loads.append(vws.load)
    frame = model.dataframe()
    last = frame.iloc[-1]
    completed, abandoned = float(last["initiatives_completed"]), float(last["initiatives_abandoned"])
    return {
        "completed": completed,
        "abandoned": abandoned,
        "completed_per_abandoned": completed / abandoned if abandoned else float("nan"),
        "health_gap_reduction": float(last["health_gap_reduction"]),
        "health_gap_secured": float(last["health_gap_secured"]),
        "level_share_4_end": float(last["level_share_4"]),
        "level_share_4_mean": float(frame["level_share_4"].mean()),
        "vws_load_mean": float(np.mean(loads)),
    }


def summary(values: np.ndarray) -> dict[str, float]:
    values = values[~np.isnan(values)]
    n = len(values)
    mean = float(values.mean()) if n else float("nan")
    half = float(stats.t.ppf(0.975, n - 1) * values.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")
    return {"mean": mean, "low": mean - half, "high": mean + half, "n": n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="national_2025")
    parser.add_argument("--seeds", type=int, default=30)
    parser.add_argument("--fte", type=float, nargs="+", default=[1, 2, 3, 4, 5, 6, 7, 8])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    seeds = replicate_seeds(1, args.seeds)
    tasks = [(args.scenario, fte, seed) for fte in args.fte for seed in seeds]
    with ProcessPoolExecutor(args.jobs) as pool:
        runs = list(pool.map(one_run, tasks, chunksize=4))
    table = {}
    for k, fte in enumerate(args.fte):
        block = runs[k * len(seeds): (k + 1) * len(seeds)]
        table[str(fte)] = {name: summary(np.array([r[name] for r in block])) for name in OUTCOMES}
    header = "fte  " + "  ".join(f"{name:>26}" for name in OUTCOMES)
    print(header)
    for fte, row in table.items():
        print(f"{fte:>4} " + "  ".join(f"{row[n]['mean']:8.3f} [{row[n]['low']:7.3f},{row[n]['high']:7.3f}]" for n in OUTCOMES))
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"scenario": args.scenario, "seeds": args.seeds, "table": table}, f, indent=1)


if __name__ == "__main__":
    main()
