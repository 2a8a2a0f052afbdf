"""A run that raises is recorded with its error; the other runs complete; the report lists the failures."""

from __future__ import annotations

import numpy as np
import pytest
from sweep_helpers import FAIL_ABOVE, flaky, function_experiment

from hiap_sim.experiments import analyze, load_results, prepare, run_sweep


@pytest.fixture
def design():
    return prepare(function_experiment("latin", 40, ["x1", "x2"], [0.0, 1.0], replicates=2), model=flaky)


def test_failed_runs_are_recorded_and_the_rest_complete(design, tmp_path):
    outcome = run_sweep(design, executor="serial", out=tmp_path / "out")
    results = load_results(tmp_path / "out")
    x1 = results.runs["x1"].to_numpy()
    failing = x1 > FAIL_ABOVE
    assert outcome.complete and 0 < failing.sum() < len(x1)
    assert outcome.failed == failing.sum() == len(results.failures)
    assert (results.runs.loc[failing, "status"] == "error").all() and (results.runs.loc[~failing, "status"] == "ok").all()
    assert results.failures["error"].str.contains("ValueError: injected model error at x1=").all()
    assert results.failures["error"].str.contains(r"sweep_helpers.py:\d+ in flaky").all()
    assert np.isnan(results.failures["y"]).all() and results.ok["y"].notna().all()

    analysis = analyze(tmp_path / "out", make_figures=False)
    report = analysis.report.read_text()
    assert f"{failing.sum()} run(s) raised an error" in report and "injected model error" in report
    assert len(analysis.tables["failures"]) == failing.sum()

    again = run_sweep(design, executor="serial", out=tmp_path / "out")
    assert again.ran == 0  # failures are finished runs: not run again ...
    retried = run_sweep(design, executor="serial", out=tmp_path / "out", retry_failed=True)
    assert retried.ran == failing.sum() and retried.failed == failing.sum()  # ... unless asked
    assert load_results(tmp_path / "out").runs["run_id"].is_unique


def test_failures_on_worker_processes_are_recorded_too(tmp_path):
    design = prepare(function_experiment("latin", 8, ["x1", "x2"], [0.0, 1.0]), model=flaky)
    outcome = run_sweep(design, executor="processes", workers=2, out=tmp_path / "out")
    results = load_results(tmp_path / "out")
    assert outcome.complete and outcome.failed == (results.runs["x1"] > FAIL_ABOVE).sum() > 0
    assert results.failures["error"].str.contains("injected model error").all()


def test_sobol_with_a_failed_sample_explains_the_missing_indices(tmp_path):
    design = prepare(function_experiment("sobol", 8, ["x1", "x2"], [0.0, 1.0]), model=flaky)
    run_sweep(design, executor="serial", out=tmp_path / "out")
    analysis = analyze(tmp_path / "out", make_figures=False)
    assert "sobol_indices" not in analysis.tables
    assert any("No sobol indices for 'y'" in note and "no successful run" in note for note in analysis.notes)
    assert "No sobol indices" in analysis.report.read_text()
