"""Start-up and sweep speed, measured as whole processes (what a user waits for).

1. ``hiap-sim --help``                        target <= 0.3 s
2. ``hiap-sim run national_2025`` (figures)    target <= 1.5 s
3. a 60-run sweep of national_2025 (full horizon) on 2 local processes against serial: target >= 1.7x

Each command runs ``--repeat`` times after one warm-up (median reported), in a fresh folder, with wall time
and the CPU time of the process and its children (the run's plot helpers included); the machine's load
average is printed too, since other work on a shared machine lengthens wall times: on two busy cores a run
takes about as long as its CPU time, on two free ones about as long as its longest process. With
``--baseline DIR`` (a checkout of an earlier revision) sections 1 and 2 also run that tree's code (as
``PYTHONPATH=DIR``), alternating with this one, and print the median of the pairwise time ratios, which holds
when the machine's speed drifts. The package's bytecode is compiled first (see main()). Before the sweep, two CPU-bound loops run side by side against one alone: the
ratio says how much parallel throughput the machine gives right now (2.0 on two free cores); a sweep can
never be faster than that. Results go to benchmarks/bench_startup_results.json.

Usage:  .venv/bin/python benchmarks/bench_startup.py [--repeat 5] [--sections 1,2,3] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXE = str(Path(sys.executable).with_name("hiap-sim"))
SWEEP = """name: bench_sweep60
scenario: national_2025
method: latin
samples: 60
seed: 3
parameters:
  - {path: urgency, bounds: [0.5, 1.5]}
  - {path: trust, bounds: [0.5, 1.5]}
outputs:
  - {metric: trust_cross}
  - {metric: hiap_index}
"""


def timed(command: list[str], cwd: Path, pythonpath: str | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system, of the process and its children) of one command."""
    env = {**os.environ, "COLUMNS": "100"}
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(name: str, command_for: callable, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:  # warm-up: file caches, compiled bytecode
        timed(command_for(Path(folder), -1), Path(folder))
    walls, cpus = [], []
    for i in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            wall, cpu = timed(command_for(Path(folder), i), Path(folder))
        walls.append(wall)
        cpus.append(cpu)
    row = {"wall_median_s": round(statistics.median(walls), 3), "wall_min_s": round(min(walls), 3), "cpu_median_s": round(statistics.median(cpus), 3),
           "load_average": round(os.getloadavg()[0], 2)}
    print(f"{name:<40} wall median {row['wall_median_s']:6.2f} s (min {row['wall_min_s']:.2f})  cpu {row['cpu_median_s']:6.2f} s  "
          f"load {row['load_average']}", flush=True)
    return row


def paired(name: str, command_for: callable, repeat: int, baseline: str) -> dict[str, float]:
    """This tree's code against ``baseline``'s, in turn (one warm-up each): medians and the median pairwise ratio."""
    here = str(HERE.parent)
    walls: dict[str, list[float]] = {"this": [], "baseline": []}
    cpus: dict[str, list[float]] = {"this": [], "baseline": []}
    for i in range(repeat + 1):
        for which, path in (("this", here), ("baseline", baseline)):
            with tempfile.TemporaryDirectory() as folder:
                wall, cpu = timed(command_for(Path(folder), i), Path(folder), path)
            if i:  # the first round warms the caches
                walls[which].append(wall)
                cpus[which].append(cpu)
    ratios = [a / b for a, b in zip(walls["this"], walls["baseline"], strict=True)]
    row = {"wall_median_s": round(statistics.median(walls["this"]), 3), "baseline_wall_median_s": round(statistics.median(walls["baseline"]), 3),
           "cpu_median_s": round(statistics.median(cpus["this"]), 3), "baseline_cpu_median_s": round(statistics.median(cpus["baseline"]), 3),
           "wall_ratio_median": round(statistics.median(ratios), 3), "load_average": round(os.getloadavg()[0], 2)}
    print(f"{name:<40} wall median {row['wall_median_s']:6.2f} s against {row['baseline_wall_median_s']:.2f} s (ratio {row['wall_ratio_median']:.2f}); "
          f"cpu {row['cpu_median_s']:.2f} s against {row['baseline_cpu_median_s']:.2f} s  load {row['load_average']}", flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sections", default="1,2,3")
    parser.add_argument("--baseline", help="a source tree of an earlier revision to compare sections 1 and 2 with, pair by pair")
    args = parser.parse_args()
    sections = {int(s) for s in args.sections.split(",")}
    results: dict[str, dict[str, float]] = {}
    # the package's bytecode, as an installed copy has it after its first run: with PYTHONDONTWRITEBYTECODE set
    # (or a read-only tree) every run would otherwise compile hiap_sim's modules again, about 0.3 s of CPU
    for tree in filter(None, (str(HERE.parent), args.baseline)):
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(tree) / "hiap_sim")], check=True)

    def run_command(folder: Path, i: int) -> list[str]:
        return [EXE, "run", "national_2025", "--out", str(folder / "r"), "-q"]

    if 1 in sections:
        if args.baseline:
            results["help"] = paired("hiap-sim --help", lambda folder, i: [EXE, "--help"], args.repeat, args.baseline)
        else:
            results["help"] = measure("hiap-sim --help", lambda folder, i: [EXE, "--help"], args.repeat)
    if 2 in sections:
        if args.baseline:
            results["run"] = paired("hiap-sim run national_2025 (figures)", run_command, args.repeat, args.baseline)
        else:
            results["run"] = measure("hiap-sim run national_2025 (figures)", run_command, args.repeat)
    if 3 in sections:
        spin = [sys.executable, "-c", "x = 0\nfor i in range(10_000_000): x += i"]
        start = time.perf_counter()
        subprocess.run(spin, check=True)
        one = time.perf_counter() - start
        start = time.perf_counter()
        both = [subprocess.Popen(spin) for _ in range(2)]
        for proc in both:
            proc.wait()
        two = time.perf_counter() - start
        results["parallel_capacity"] = {"ratio": round(2 * one / two, 2)}
        print(f"parallel throughput available now: {2 * one / two:.2f}x of one core (two free cores: 2.0)")

        def sweep(executor: str):
            def command(folder: Path, i: int) -> list[str]:
                (folder / "sweep.yaml").write_text(SWEEP)
                return [EXE, "sweep", "sweep.yaml", "--out", str(folder / "out"), "--quiet", "--no-analyze", "--executor", executor, "--workers", "2"]
            return command

        repeat = max(1, args.repeat // 2)
        results["sweep_serial"] = measure("sweep of 60 runs, serial", sweep("serial"), repeat)
        results["sweep_2_processes"] = measure("sweep of 60 runs, 2 processes", sweep("processes"), repeat)
        speedup = results["sweep_serial"]["wall_median_s"] / results["sweep_2_processes"]["wall_median_s"]
        results["sweep_speedup"] = {"wall_ratio": round(speedup, 2)}
        print(f"speed-up on 2 processes: {speedup:.2f}x (target >= 1.7x)")
    results["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    (HERE / "bench_startup_results.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
