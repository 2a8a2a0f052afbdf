"""Start-up and sweep speed, measured as whole processes (what a user waits for).

1. ``hiap-sim --help``                        target <= 0.3 s
2. ``hiap-sim run national_2025`` (figures)    target <= 1.5 s
3. a 60-run sweep of national_2025 (full horizon) on 2 local processes against serial: target >= 1.7x

Each command runs ``--repeat`` times (median reported), in a fresh folder, with wall time and the CPU time
of the process and its children; the machine's load average is printed too, since other work on a shared
machine lengthens wall times. Before the sweep, two CPU-bound loops run side by side against one alone: the
ratio says how much parallel throughput the machine gives right now (2.0 on two free cores); a sweep can
never be faster than that. Results go to benchmarks/bench_startup_results.json.

Usage:  .venv/bin/python benchmarks/bench_startup.py [--repeat 5] [--sections 1,2,3]
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


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system, of the process and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, "COLUMNS": "100"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(name: str, command_for: callable, repeat: int) -> dict[str, float]:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sections", default="1,2,3")
    args = parser.parse_args()
    sections = {int(s) for s in args.sections.split(",")}
    results: dict[str, dict[str, float]] = {}
    if 1 in sections:
        results["help"] = measure("hiap-sim --help", lambda folder, i: [EXE, "--help"], args.repeat)
    if 2 in sections:
        results["run"] = measure("hiap-sim run national_2025 (figures)", lambda folder, i: [EXE, "run", "national_2025", "--out", str(folder / "r"), "-q"],
                                 args.repeat)
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
