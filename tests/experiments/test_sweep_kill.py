"""kill -9 of a sweep on local processes: no process is left behind (workers, fork server, resource tracker),
the killed command's output reaches its end, and the resumed sweep equals an uninterrupted one: no run lost,
none stored twice, every output identical."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pandas as pd
from sweep_helpers import part_rows, write_experiment

from hiap_sim.experiments import experiment_from_dict, load_results, prepare, run_sweep
from hiap_sim.experiments.executors import process_alive

DATA = {
    "name": "killed_processes", "scenario": "national_2025", "months": 12, "method": "latin", "samples": 120, "replicates": 1, "seed": 21,
    "parameters": [{"path": "urgency", "bounds": [0.5, 1.5]}, {"path": "parameters.trust.contact_step", "bounds": [0.005, 0.03]}],
    "outputs": [{"metric": "trust_cross"}, {"metric": "proposals", "aggregate": "max"}, {"metric": "acceptance_rate", "aggregate": "mean"}],
}


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, grandchildren, ...), from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        children = [p for p, parent in parents.items() if parent == current]
        found += children
        todo += children
    return found


def test_kill_9_of_a_sweep_on_processes_leaves_no_process_and_resumes_identically(tmp_path):
    path = write_experiment(tmp_path, DATA)
    folder = tmp_path / "out"
    command = [sys.executable, "-m", "hiap_sim.cli", "sweep", str(path), "--out", str(folder), "--quiet", "--no-analyze", "--flush-every", "10"]
    proc = subprocess.Popen([*command, "--executor", "processes", "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "COLUMNS": "200"})
    deadline = time.monotonic() + 120
    while not (folder / "runs").is_dir() or not list((folder / "runs").glob("part-*")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no part file was written"
        time.sleep(0.02)
    below = descendants(proc.pid)
    assert len(below) >= 3  # fork server and two workers (and the resource tracker)
    proc.kill()  # kill -9
    proc.wait(timeout=10)
    gone_by = time.monotonic() + 5
    while any(process_alive(p) for p in below) and time.monotonic() < gone_by:
        time.sleep(0.05)
    assert not [p for p in below if process_alive(p)], "processes outlived the killed sweep"
    out, err = proc.communicate(timeout=5)  # its output ends: nobody holds it open any more
    after_kill = len(load_results(folder).runs)
    assert 0 < after_kill < 120

    final = subprocess.run([*command, "--executor", "processes", "--workers", "2"], capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    rows = part_rows(folder)
    assert len(rows) == 120 and rows["run_id"].is_unique  # none lost, none stored twice
    reference = tmp_path / "uninterrupted"
    run_sweep(prepare(experiment_from_dict(DATA), path), executor="serial", out=reference)
    volatile = ["duration_s", "worker", "finished_at"]
    resumed = load_results(folder).runs.drop(columns=volatile).sort_values("run_id").reset_index(drop=True)
    expected = load_results(reference).runs.drop(columns=volatile).sort_values("run_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(resumed, expected)
