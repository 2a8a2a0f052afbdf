"""Old and new code in one process: the whole country (national level + all 342 municipalities, 2025-2040) and
national_2025, and how time grows with the number of municipalities.

Usage: python benchmarks/bench_country.py [--old 250875c] [--repeats 5] [--out benchmarks/bench_country_results.json]

The old code is taken from git (``git archive OLD hiap_sim``) into a temporary folder and imported as
``hiap_sim_old``, so both versions run in this process, alternating seed by seed: differences in the host's
speed hit both alike. Runs on one core (single-threaded BLAS). Each repeat is a different seed; medians are
reported, with the least and the median processor time of each version beside them (on a machine shared with other
work the processor time leaves out the moments the process waited for the core). ``--national-only`` times
national_2025 alone. Targets: the whole country in <= 1 s,
national_2025 in <= 0.05 s, time linear in municipalities.

Figures (``bench_country_results.json``; old = 250875c, before the one pipeline; 5 seeds; measured on a 2-core
machine under a load of 6-8 other processes, so the wall-clock figures are inflated and the ratios are what counts):

=====================================  ===================  ===================  ================
run                                    old (wall / cpu)     new (wall / cpu)     new/old (cpu)
=====================================  ===================  ===================  ================
national_2025                          0.413 s / 0.101 s    0.668 s / 0.157 s    1.55
whole country 2025-2040 (342 munic.)   12.18 s / 10.42 s    7.50 s / 6.94 s      0.67
a quarter of the municipalities        3.28 s / 3.05 s      2.24 s / 2.14 s      0.70
half of the municipalities             8.09 s / 6.09 s      5.87 s / 5.23 s      0.86
=====================================  ===================  ===================  ================

Before the exact speed-ups (6928cee) the whole country took new/old 0.94 against the same old code (11.1 s vs
11.8 s on a quiet machine), so they made it about 1.4x faster; ``benchmarks/identical_outputs.py`` confirms every
shipped scenario x 3 seeds gives byte-identical metrics, events, counters and municipal tables
(``identical_outputs_results.json``). national_2025 is unchanged by them (new/old 0.90-1.01 against 6928cee in
repeated runs). Both targets are still far off: the remaining time is per-event Python (proposals, partner
decisions, escalation attempts: about half of the whole-country run) and the monthly array work over all
municipalities (contacts and trust, goal matching, observation), and reaching them needs the proposals and decisions
of all municipalities batched per month as arrays, which changes the order of random draws (statistical rather than
exact equivalence).
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import importlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tarfile  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
COUNTRY = "national_2025_municipalities"


def old_package(ref: str, into: Path) -> str:
    """Extract ``hiap_sim`` at ``ref`` as the package ``hiap_sim_old`` under ``into`` (with the shipped scenarios of
    that revision beside it); returns its name."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "hiap_sim", "scenarios"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    (into / "hiap_sim").rename(into / "hiap_sim_old")
    for path in (into / "hiap_sim_old").rglob("*.py"):
        path.write_text(re.sub(r"\bhiap_sim\b", "hiap_sim_old", path.read_text(encoding="utf-8")), encoding="utf-8")
    sys.path.insert(0, str(into))
    return "hiap_sim_old"


def runner(package: str):
    model = importlib.import_module(f"{package}.model")
    loader = importlib.import_module(f"{package}.scenario")

    def run(name: str, seed: int, overrides: dict | None = None) -> tuple[float, float]:
        scenario = loader.load_scenario(name, overrides or {})  # each version's own shipped scenario
        start, cpu = time.perf_counter(), time.process_time()
        model.HiapModel(scenario, seed=seed).run()
        return time.perf_counter() - start, time.process_time() - cpu

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", default="250875c", help="git revision of the old code (default: before the one pipeline)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--national-repeats", type=int, default=21)
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    parser.add_argument("--national-only", action="store_true", help="time national_2025 only")
    args = parser.parse_args()
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    with tempfile.TemporaryDirectory() as tmp:
        versions = {"old": runner(old_package(args.old, Path(tmp))), "new": runner("hiap_sim")}
        figures: dict[str, dict[str, float]] = {}
        jobs = [("national_2025", args.national_repeats, None)]
        if not args.national_only:
            jobs.append((COUNTRY, args.repeats, None))
            # growth with municipalities: a quarter and a half of the country (generated municipalities only)
            for share in (4, 2):
                jobs.append((f"{COUNTRY}/{share}", args.repeats, {"municipalities.generate.count": 342 // share}))
        for label, repeats, overrides in jobs:
            name = label.split("/")[0]
            times: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
            for seed in range(repeats):
                for version in ("old", "new") if seed % 2 == 0 else ("new", "old"):
                    times[version].append(versions[version](name, seed, overrides))
            # wall-clock medians, and the least processor time of each version (on a shared machine the processor time
            # leaves out the moments the process waited for the core; its minimum is the run least disturbed)
            figure = {version: statistics.median(wall for wall, _ in values) for version, values in times.items()}
            figure.update({f"{version}_cpu_min": min(cpu for _, cpu in values) for version, values in times.items()})
            figure.update({f"{version}_cpu_median": statistics.median(cpu for _, cpu in values) for version, values in times.items()})
            figure["ratio_new_old"] = figure["new"] / figure["old"]
            figure["ratio_new_old_cpu"] = figure["new_cpu_min"] / figure["old_cpu_min"]
            figures[label] = figure
            print(f"{label:40s} old {figure['old']:7.3f} s   new {figure['new']:7.3f} s   new/old {figure['ratio_new_old']:.2f}   "
                  f"(processor time, least: old {figure['old_cpu_min']:7.3f} s   new {figure['new_cpu_min']:7.3f} s   new/old {figure['ratio_new_old_cpu']:.2f}; "
                  f"median: old {figure['old_cpu_median']:7.3f} s   new {figure['new_cpu_median']:7.3f} s   new/old {figure['new_cpu_median'] / figure['old_cpu_median']:.2f})",
                  flush=True)
    if args.out:
        args.out.write_text(json.dumps({"old": args.old, "repeats": args.repeats, "figures": figures}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
