"""Benchmark of the sweep machinery on the national scenario (full 2025-2040 runs).

Measures, and writes to benchmarks/bench_sweep_results.md (and .json):

1. Overhead: 'hiap-sim sweep' on the serial executor against calling the model directly in a loop
   (same parameter sets, same seeds, same outputs). Target: at most 5 % per run.
2. Speed-up: the same sweep on 2 local worker processes against serial. Target: at least 1.8x.
3. mesa.batch_run against 'hiap-sim sweep' on the same grid of the same model, 2 processes each: time
   and peak memory (whole process tree, proportional set size, sampled every 250 ms) as the number of runs grows. Target:
   faster, and memory that stays flat.

Usage:  .venv/bin/python benchmarks/bench_sweep.py [--quick] [--sections 1,2,3]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
from mesa import DataCollector

from hiap_sim.model import HiapModel
from hiap_sim.scenario import load_scenario

HERE = Path(__file__).resolve().parent
GRID_URGENCY = [0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0]
GRID_COMMITMENT = [0.6, 1.0, 1.4, 1.8]
OUTPUTS = ["health_gap_reduction", "hiap_index", "trust_cross", "initiatives_completed"]


# ----------------------------------------------------------------------------------------- the model for mesa.batch_run
class BatchHiapModel(HiapModel):
    """national_2025 with the urgency and political-commitment knobs as keyword parameters (what mesa.batch_run needs)."""

    def __init__(self, urgency: float = 1.0, political_commitment: float = 1.0, rng: int | None = None) -> None:
        scenario = load_scenario("national_2025", overrides={"urgency": urgency, "political_commitment": political_commitment})
        super().__init__(scenario, seed=rng)
        reporters = {name: (lambda model, name=name: model.records[-1][name]) for name in OUTPUTS}
        self.datacollector = DataCollector(model_reporters=reporters)
        self.datacollector.collect(self)

    def step(self) -> None:
        super().step()
        self.datacollector.collect(self)
        if self.month >= self.horizon:
            self.running = False


# ----------------------------------------------------------------------------------------- helpers
def sobol_like_design(n_sets: int, replicates: int = 1, seed: int = 1):
    """A Latin hypercube design over the ten parameters of the shipped Sobol' study, n_sets parameter sets."""
    from hiap_sim.experiments import experiment_from_dict, load_experiment, prepare

    spec, _ = load_experiment("sobol_national")
    data = spec.model_dump(mode="json", exclude_defaults=True)
    data.update(name="bench_overhead", method="latin", samples=n_sets, replicates=replicates, common_random_numbers=False, seed=seed)
    data.pop("second_order", None)
    return prepare(experiment_from_dict(data))


def grid_design(points: int, replicates: int):
    """The urgency x political commitment grid (first `points` combinations), as a sweep design."""
    from hiap_sim.experiments import experiment_from_dict, prepare

    u = GRID_URGENCY[: max(1, points // len(GRID_COMMITMENT))]
    data = {
        "name": "bench_grid", "scenario": "national_2025", "method": "grid", "replicates": replicates, "seed": 5,
        "parameters": [{"path": "urgency", "levels": u}, {"path": "political_commitment", "levels": GRID_COMMITMENT}],
        "outputs": [{"metric": m} for m in OUTPUTS],
    }
    return prepare(experiment_from_dict(data))


def direct_loop(design, run_ids: list[int]) -> tuple[float, float]:
    """Wall and CPU seconds to run the given runs by calling the model in a plain loop (build scenario, run, take outputs)."""
    from hiap_sim.experiments.design import apply_values
    from hiap_sim.experiments.evaluate import reduce_outputs, task_for

    outputs = tuple(design.experiment.outputs)
    base = next(iter(design.scenarios.values()))
    horizon = next(iter(design.horizons.values()))
    tasks = [task_for(design, rid) for rid in run_ids]
    started, cpu = time.perf_counter(), time.process_time()
    for task in tasks:
        # the model computes only the metrics the outputs need, as the sweep asks of it: this measures the machinery
        metrics = HiapModel(apply_values(base, dict(task.values)), seed=task.seed, months=horizon, metrics=[o.metric for o in outputs]).run()
        reduce_outputs(metrics, outputs, horizon)
    return time.perf_counter() - started, time.process_time() - cpu


def sweep_time(design, executor: str, workers: int | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (of this process) for run_sweep on an executor: fresh folder, everything included."""
    from hiap_sim.experiments import run_sweep

    with tempfile.TemporaryDirectory() as tmp:
        started, cpu = time.perf_counter(), time.process_time()
        outcome = run_sweep(design, executor=executor, workers=workers, out=Path(tmp) / "out")
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert outcome.failed == 0, "benchmark runs must not fail"
    return elapsed, cpu


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


# ----------------------------------------------------------------------------------------- 1 and 2
def bench_overhead(n_runs: int, rounds: int) -> dict[str, Any]:
    """Per-run time of the serial sweep against the direct loop on the same runs, alternating rounds.

    Both run in this one process, so CPU time (time.process_time) measures them without the noise of other
    jobs on a shared machine; wall time is reported too.
    """
    from threadpoolctl import threadpool_limits

    rows = []
    with threadpool_limits(limits=1, user_api="blas"):  # the serial executor runs BLAS single-threaded; so does the loop
        for r in range(rounds):
            design = sobol_like_design(n_runs, seed=r + 1)  # the same runs (parameter sets and seeds) both ways
            direct_wall, direct_cpu = direct_loop(design, list(range(design.n_runs)))
            sweep_wall, sweep_cpu = sweep_time(design, "serial")
            rows.append({"direct_wall": direct_wall / n_runs, "direct_cpu": direct_cpu / n_runs, "sweep_wall": sweep_wall / n_runs, "sweep_cpu": sweep_cpu / n_runs})
    total = {k: sum(row[k] for row in rows) / rounds for k in rows[0]}
    return {"runs_per_round": n_runs, "rounds": rounds, **{f"{k}_s_per_run": v for k, v in total.items()},
            "overhead_cpu": total["sweep_cpu"] / total["direct_cpu"] - 1, "overhead_wall": total["sweep_wall"] / total["direct_wall"] - 1,
            "rounds_detail": rows, "load_average": load_average()}


def bench_speedup(n_runs: int, rounds: int) -> dict[str, Any]:
    """Serial against 2 local processes on the same runs (worker start-up included), wall time, alternating rounds."""
    design = sobol_like_design(n_runs)
    serial, parallel, loads = [], [], []
    for _ in range(rounds):
        serial.append(sweep_time(design, "serial")[0])
        parallel.append(sweep_time(design, "processes", workers=2)[0])
        loads.append(os.getloadavg()[0])
    s, p = statistics.median(serial), statistics.median(parallel)
    return {"runs": n_runs, "rounds": rounds, "serial_s": s, "processes_2_s": p, "speedup": s / p, "serial_rounds": serial,
            "parallel_rounds": parallel, "load_1min": loads, "load_average": load_average()}


# ----------------------------------------------------------------------------------------- 3: children measured from outside
def child(kind: str, points: int, replicates: int, workers: int) -> None:
    """Run one configuration in this (fresh) process and print its wall time as JSON."""
    started = time.perf_counter()
    if kind == "sweep":
        from hiap_sim.experiments import run_sweep

        design = grid_design(points, replicates)
        with tempfile.TemporaryDirectory() as tmp:
            outcome = run_sweep(design, executor="processes", workers=workers, out=Path(tmp) / "out")
            runs = outcome.finished
        rows = runs
    else:
        import warnings

        from mesa.batchrunner import batch_run

        period = 1 if kind == "batch_run_monthly" else -1
        u = GRID_URGENCY[: max(1, points // len(GRID_COMMITMENT))]
        seeds = [int(s) for s in np.random.SeedSequence(5).generate_state(replicates)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results = batch_run(BatchHiapModel, parameters={"urgency": u, "political_commitment": GRID_COMMITMENT}, number_processes=workers,
                                data_collection_period=period, max_steps=10_000, display_progress=False, rng=seeds)
        rows = len(results)
        runs = len({(r["RunId"]) for r in results})
    print(json.dumps({"seconds": time.perf_counter() - started, "runs": runs, "rows": rows}))


def proportional_memory(process: Any) -> int:
    """Proportional set size (shared pages split between the processes sharing them), else resident set size.

    Worker processes forked from a common parent share its pages; summing their resident sizes would count
    those pages once per process.
    """
    try:
        return int(process.memory_full_info().pss)
    except AttributeError:
        return int(process.memory_info().rss)


def measure_child(kind: str, points: int, replicates: int, workers: int) -> dict[str, Any]:
    """Run a child configuration, sampling the RSS of its whole process tree; returns time and peak memory."""
    import psutil

    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(points), str(replicates), str(workers)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=HERE.parent)
    peak = peak_main = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_main
        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                total = 0
                for p in tree:
                    with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                        rss = proportional_memory(p)
                        total += rss
                        if p is root:
                            peak_main = max(peak_main, rss)
                peak = max(peak, total)
            except psutil.NoSuchProcess:
                break
            time.sleep(0.25)  # reading the memory maps of every process costs CPU the runs need

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} failed: {err[-2000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result.update(kind=kind, points=points, replicates=replicates, workers=workers, peak_rss_mb=peak / 2**20, peak_main_mb=peak_main / 2**20)
    return result


def check_batch_model_matches() -> bool:
    """The batch_run wrapper steps the same model: its final outputs equal HiapModel.run() for the same seed."""
    model = BatchHiapModel(urgency=1.2, political_commitment=0.8, rng=123)
    while model.running:
        model.step()
    direct = HiapModel(load_scenario("national_2025", overrides={"urgency": 1.2, "political_commitment": 0.8}), seed=123).run().iloc[-1]
    return all(model.records[-1][m] == direct[m] for m in OUTPUTS)


def bench_batch_run(sizes: list[tuple[int, int]], workers: int, rounds: int = 2) -> list[dict[str, Any]]:
    """Each size and kind ``rounds`` times, the kinds in turn in alternating order (the host's speed drifts);
    per size and kind the median time and the highest peak memory."""
    kinds = ("sweep", "batch_run_final", "batch_run_monthly")
    measured: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for points, replicates in sizes:
        for r in range(rounds):
            for kind in kinds if r % 2 == 0 else tuple(reversed(kinds)):
                row = measure_child(kind, points, replicates, workers)
                measured.setdefault((points * replicates, kind), []).append(row)
                print(f"  {kind:18s} {row['runs']:4d} runs: {row['seconds']:6.1f} s, peak {row['peak_rss_mb']:6.0f} MB "
                      f"(main process {row['peak_main_mb']:.0f} MB)", flush=True)
    rows = []
    for found in measured.values():
        row = dict(found[0])
        row["seconds"] = statistics.median(f["seconds"] for f in found)
        row["all_seconds"] = [round(f["seconds"], 1) for f in found]
        row["peak_rss_mb"] = max(f["peak_rss_mb"] for f in found)
        row["peak_main_mb"] = max(f["peak_main_mb"] for f in found)
        rows.append(row)
    return rows


# ----------------------------------------------------------------------------------------- report
def write_report(results: dict[str, Any], path: Path) -> None:
    o, s, b = results["overhead"], results["speedup"], results["batch_run"]
    lines = [
        "# Sweep benchmark (benchmarks/bench_sweep.py)", "",
        f"Machine: {results['machine']}. Model: national_2025, full 2025-2040 runs (192 months). Run on {results['date']}.", "",
        "## 1. Overhead of the sweep machinery (serial executor vs the model called in a loop)", "",
        "| | CPU s per run | wall s per run |", "|---|---|---|",
        f"| direct loop (build scenario, run, reduce outputs) | {o['direct_cpu_s_per_run']:.4f} | {o['direct_wall_s_per_run']:.4f} |",
        f"| hiap-sim sweep, serial (folder, manifest, Parquet parts included) | {o['sweep_cpu_s_per_run']:.4f} | {o['sweep_wall_s_per_run']:.4f} |",
        f"| **overhead** | **{o['overhead_cpu']:+.1%}** (target <= 5 %) | {o['overhead_wall']:+.1%} |", "",
        f"{o['rounds']} alternating rounds of {o['runs_per_round']} runs (the same parameter sets and seeds both ways). CPU time of this "
        f"process is the measure: on a shared machine wall time also counts other jobs (load average at the end {o['load_average']}).", "",
        "## 2. Speed-up on 2 local processes", "",
        "| runs | serial | 2 processes | speed-up |", "|---|---|---|---|",
        f"| {s['runs']} | {s['serial_s']:.1f} s | {s['processes_2_s']:.1f} s | **{s['speedup']:.2f}x** (target >= 1.8x) |", "",
        f"Median of {s['rounds']} alternating rounds, worker start-up included. Two processes can only be twice as fast when both cores "
        f"are free: 1-minute load average during the rounds {', '.join(f'{x:.1f}' for x in s['load_1min'])}.", "",
        "## 3. mesa.batch_run vs hiap-sim sweep: the same grid, 2 processes each", "",
        f"Grid: urgency x political commitment of national_2025, replicated with different seeds. The batch_run model is a thin "
        f"HiapModel subclass with keyword parameters and a DataCollector (check that it reproduces HiapModel: {results['batch_model_matches']}). "
        "'final' collects only the last month (data_collection_period=-1), 'monthly' every month (needed for aggregations over time, "
        "as the sweep computes in the workers). The sweep asks the model only for the metrics its outputs need (HiapModel(..., metrics=...)); "
        "the batch_run model computes every metric each month, as HiapModel does by default. Sweep workers are replaced after "
        "TASKS_PER_WORKER runs (100), which keeps their memory bounded. Peak memory: proportional set size (shared pages split between the processes sharing them) "
        "of the whole process tree (main process + workers; the sweep's tree also holds the fork server that starts its workers), and of "
        "the main process alone, where results accumulate. Each cell: median time and highest peak over "
        f"{results.get('batch_rounds', 1)} rounds, the kinds in alternating order.", "",
        "| runs | sweep time | batch_run final | batch_run monthly | sweep peak MB (main) | batch_run final peak MB (main) | batch_run monthly peak MB (main) |",
        "|---|---|---|---|---|---|---|",
    ]
    by = {}
    for row in b:
        by.setdefault(row["runs"], {})[row["kind"]] = row
    for runs, kinds in sorted(by.items()):
        sw, bf, bm = kinds["sweep"], kinds["batch_run_final"], kinds["batch_run_monthly"]
        lines.append(f"| {runs} | {sw['seconds']:.1f} s | {bf['seconds']:.1f} s | {bm['seconds']:.1f} s | {sw['peak_rss_mb']:.0f} ({sw['peak_main_mb']:.0f}) | "
                     f"{bf['peak_rss_mb']:.0f} ({bf['peak_main_mb']:.0f}) | {bm['peak_rss_mb']:.0f} ({bm['peak_main_mb']:.0f}) |")
    lines += ["", f"Load average at the end: {results['load_average_end']}. The machine is shared; figures vary with other load.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the sweep machinery.")
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a smoke test of the benchmark itself)")
    parser.add_argument("--sections", default="1,2,3", help="which measurements to (re)run, e.g. '3'; the others are kept from the last results file")
    parser.add_argument("--child", nargs=4, metavar=("KIND", "POINTS", "REPLICATES", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, points, replicates, workers = args.child
        child(kind, int(points), int(replicates), int(workers))
        return
    quick = args.quick
    sections = set(args.sections.split(","))
    suffix = "_quick" if quick else ""
    previous = HERE / f"bench_sweep_results{suffix}.json"
    results: dict[str, Any] = json.loads(previous.read_text()) if previous.is_file() and sections != {"1", "2", "3"} else {}
    results.update(machine=f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                   date=time.strftime("%Y-%m-%d %H:%M"))
    if "1" in sections:
        print("1. overhead ...", flush=True)
        results["overhead"] = bench_overhead(n_runs=8 if quick else 40, rounds=2 if quick else 3)
        print(f"   {results['overhead']['overhead_cpu']:+.1%} (CPU), {results['overhead']['overhead_wall']:+.1%} (wall)", flush=True)
    if "2" in sections:
        print("2. speed-up ...", flush=True)
        results["speedup"] = bench_speedup(16 if quick else 240, rounds=1 if quick else 2)
        print(f"   {results['speedup']['speedup']:.2f}x", flush=True)
    if "3" in sections:
        print("3. batch_run vs sweep ...", flush=True)
        results["batch_model_matches"] = check_batch_model_matches()
        sizes = [(8, 1), (32, 1)] if quick else [(32, 1), (32, 4), (32, 16)]
        results["batch_rounds"] = 1 if quick else 2
        results["batch_run"] = bench_batch_run(sizes, workers=2, rounds=results["batch_rounds"])
        results["load_average_end"] = load_average()
    (HERE / f"bench_sweep_results{suffix}.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    write_report(results, HERE / f"bench_sweep_results{suffix}.md")
    print((HERE / f"bench_sweep_results{suffix}.md").read_text())


if __name__ == "__main__":
    main()
