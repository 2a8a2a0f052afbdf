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

Figures (``bench_country_results.json``; old = 250875c, before the one pipeline; 3 seeds, 21 for national_2025;
processor time, medians; a 2-core machine with little other load):

=====================================  ===========  ===========  ========
run                                    old (cpu)    new (cpu)    new/old
=====================================  ===========  ===========  ========
national_2025                          0.126 s      0.183 s      1.45
whole country 2025-2040 (342 munic.)   11.84 s      6.26 s       0.53
a quarter of the municipalities        3.75 s       1.98 s       0.53
half of the municipalities             6.65 s       3.34 s       0.50
=====================================  ===========  ===========  ========

national_2025 costs more than before the one pipeline because it now does more: capacity that binds, a warm
start with joint work under way, national programme money (issue 14). The speed-ups since are exact: against
397fb9b (``bench_country_session_results.json``) national_2025 took 0.153 -> 0.138 s (0.90) and the whole country
8.78 -> 5.73 s (0.65), and ``benchmarks/identical_outputs.py --old 397fb9b --seeds 1 2`` gives 22 of 22 runs
byte-identical (metrics, events, counters, municipal tables). Time grows less than linearly with municipalities
(23, 20 and 18 ms per municipality for a quarter, half and all of them: the national part is fixed). Against
3bf975e, later exact speed-ups of the monthly step (national_2025 only, ``--national-only --national-repeats 41``,
a 2-core machine under other load) gave processor-time medians 0.157 -> 0.149 s (0.95) and 0.212 -> 0.196 s (0.93),
and 0.194 -> 0.202 s (1.04) in a third, busier run; ``identical_outputs.py --old 3bf975e --seeds 1 2`` gives 22 of
22 runs byte-identical. After turnover and contacts became one rule for both levels (municipal draws reordered,
``equivalent_outputs.py``), on a quiet machine (``bench_country_session_results.json``, against 3bf975e, 21 seeds
for national_2025, 3 for the rest): national_2025 0.143 -> 0.136 s (0.95), the whole country 5.38 -> 5.39 s (1.00),
a quarter and half of the municipalities 0.96 each (processor-time medians).

Both targets are still far off. What is left is per-event Python (about 100,000 proposals, 175,000 partner
decisions and 65,000 escalation attempts in a whole-country run, a few microseconds each) and, nationally, about
850 small array operations a month. Reaching the targets needs the proposals and decisions of all municipalities
drawn as arrays per month, which changes the order of random draws (statistical rather than exact equivalence).
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
