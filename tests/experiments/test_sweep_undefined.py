"""Undefined outputs in sweeps: months without a value are left out of mean, max and min; a run whose output has
no value at all is marked 'undefined' (not 'ok') and left out of the analysis."""

from __future__ import annotations

import math

from sweep_helpers import tiny

from hiap_sim.experiments import analyze, experiment_from_dict, load_results, prepare, run_sweep

OUTPUTS = [{"metric": "acceptance_rate", "aggregate": a} for a in ("mean", "max", "min")] + [{"metric": "acceptance_rate", "name": "acc_final"}]


def test_acceptance_rate_aggregates_skip_the_undefined_start(tmp_path):
    data = tiny(name="acceptance", months=24, samples=3, replicates=1, outputs=OUTPUTS)
    run_sweep(prepare(experiment_from_dict(data)), executor="serial", out=tmp_path / "out")
    runs = load_results(tmp_path / "out").runs
    assert (runs["status"] == "ok").all(), runs[["status", "error"]]
    for column in ("acceptance_rate_mean", "acceptance_rate_max", "acceptance_rate_min", "acc_final"):
        assert runs[column].map(math.isfinite).all(), column


def test_a_run_without_any_decision_is_marked_undefined(tmp_path):
    data = tiny(name="too_short", months=1, samples=2, replicates=1, outputs=OUTPUTS,
                parameters=[{"path": "parameters.proposals.base_probability", "bounds": [0.0, 0.0001]}])
    run_sweep(prepare(experiment_from_dict(data)), executor="serial", out=tmp_path / "out")
    runs = load_results(tmp_path / "out").runs
    assert (runs["status"] == "undefined").all(), runs[["status", "error"]]
    assert runs["error"].str.contains("undefined output").all()
    analyze(tmp_path / "out", make_figures=False)  # the report says so instead of failing
    report = (tmp_path / "out" / "report.md").read_text()
    assert "with undefined outputs" in report and "status 'undefined'" in report
