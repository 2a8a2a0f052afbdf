"""Interrupted sweeps (Ctrl-C, SIGTERM-like hooks, kill -9) resume without running a run twice, to identical indices."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
from sweep_helpers import part_rows, tiny, write_experiment

from hiap_sim.experiments import SweepInterrupted, analyze, experiment_from_dict, load_results, prepare, run_sweep

SOBOL = {"method": "sobol", "samples": 16, "replicates": 1, "months": 6}


@pytest.fixture(scope="module")
def design():
    return prepare(experiment_from_dict(tiny(**SOBOL)))


@pytest.fixture(scope="module")
def reference(design, tmp_path_factory):
    """Indices of the uninterrupted sweep."""
    folder = tmp_path_factory.mktemp("reference") / "out"
    run_sweep(design, executor="serial", out=folder)
    return analyze(folder, make_figures=False).tables["sobol_indices"], load_results(folder).runs


def assert_same_as_reference(folder, reference):
    rows = part_rows(folder)
    assert rows["run_id"].is_unique, "a run was stored twice"
    indices = analyze(folder, make_figures=False).tables["sobol_indices"]
    pd.testing.assert_frame_equal(indices, reference[0])
    runs = load_results(folder).runs.drop(columns=["duration_s", "worker", "finished_at"])
    pd.testing.assert_frame_equal(runs, reference[1].drop(columns=["duration_s", "worker", "finished_at"]))


def test_resume_in_chunks(design, reference, tmp_path):
    folder = tmp_path / "out"
    first = run_sweep(design, executor="serial", out=folder, max_runs=25)
    assert (first.ran, first.finished, first.complete) == (25, 25, False)
    second = run_sweep(design, executor="serial", out=folder, max_runs=30)
    assert (second.ran, second.finished) == (30, 55)
    last = run_sweep(design, executor="serial", out=folder)
    assert last.ran == design.n_runs - 55 and last.complete
    again = run_sweep(design, executor="serial", out=folder)
    assert again.ran == 0 and again.complete  # a finished sweep runs nothing
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [s["runs_done"] for s in manifest["sessions"]] == [25, 30, design.n_runs - 55, 0] and manifest["complete"]
    assert_same_as_reference(folder, reference)


def test_interrupt_saves_finished_runs_and_releases_the_folder(design, reference, tmp_path):
    folder = tmp_path / "out"

    def stop_after_30(progress):
        if progress.ran == 30:
            raise KeyboardInterrupt  # as Ctrl-C would, in the middle of the sweep

    with pytest.raises(SweepInterrupted) as stopped:
        run_sweep(design, executor="serial", out=folder, progress=stop_after_30)
    assert stopped.value.outcome.finished == 30 and not stopped.value.outcome.complete
    assert not (folder / ".lock").exists()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["sessions"][-1]["interrupted"] and not manifest["complete"]
    resumed = run_sweep(design, executor="serial", out=folder)
    assert resumed.ran == design.n_runs - 30 and resumed.complete
    assert_same_as_reference(folder, reference)


def test_ctrl_c_and_kill_of_the_command_then_resume(tmp_path):
    """The real command: Ctrl-C (SIGINT) on local processes, then kill -9, then a run to the end."""
    data = tiny(name="killed", **SOBOL)
    data.update(replicates=2)  # 160 short runs, a part file every 10: room to interrupt twice
    path = write_experiment(tmp_path, data)
    folder = tmp_path / "out"
    env = {**os.environ, "COLUMNS": "200"}
    command = [sys.executable, "-m", "hiap_sim.cli", "sweep", str(path), "--out", str(folder), "--quiet", "--no-analyze", "--flush-every", "10"]

    def start_and_wait_for_a_part(executor: str) -> subprocess.Popen:
        before = len(list((folder / "runs").glob("part-*"))) if (folder / "runs").exists() else 0
        proc = subprocess.Popen([*command, "--executor", executor, "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if (folder / "runs").exists() and len(list((folder / "runs").glob("part-*"))) > before:
                return proc
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.02)
        proc.kill()
        raise AssertionError("no part file was written")

    proc = start_and_wait_for_a_part("processes")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Interrupted" in err and "same command" in err and "Traceback" not in err
    after_ctrl_c = len(load_results(folder).runs)
    assert 0 < after_ctrl_c < 160

    proc = start_and_wait_for_a_part("serial")
    proc.kill()  # kill -9: no chance to flush; the lock stays behind
    proc.communicate(timeout=30)
    assert (folder / ".lock").exists()
    after_kill = len(load_results(folder).runs)
    assert after_ctrl_c < after_kill < 160

    final = subprocess.run([*command, "--executor", "serial"], capture_output=True, text=True, env=env, timeout=120)
    assert final.returncode == 0, final.stderr
    rows = part_rows(folder)
    assert len(rows) == 160 and rows["run_id"].is_unique
    # the uninterrupted sweep of the same design, in this process
    experiment = experiment_from_dict(data)
    reference_folder = tmp_path / "uninterrupted"
    run_sweep(prepare(experiment, path), executor="serial", out=reference_folder)
    a = analyze(folder, make_figures=False).tables["sobol_indices"]
    b = analyze(reference_folder, make_figures=False).tables["sobol_indices"]
    pd.testing.assert_frame_equal(a, b)
    sessions = json.loads((folder / "manifest.json").read_text())["sessions"]
    assert sessions[0]["interrupted"] and len(sessions) == 2  # the killed session could not record itself
