"""Indices through the sweep runner match known answers: Ishigami's analytic Sobol' indices, an inert parameter in Morris."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sweep_helpers import function_experiment, ishigami, ishigami_indices

from hiap_sim.experiments import analyze, prepare, run_sweep

PI = [-math.pi, math.pi]


def indices_of(table, column):
    return table.set_index("parameter").loc[["x1", "x2", "x3"], column].to_numpy()


def test_sobol_on_ishigami_matches_the_analytic_indices(tmp_path):
    design = prepare(function_experiment("sobol", 1024, ["x1", "x2", "x3"], PI, second_order=True), model=ishigami)
    assert design.n_runs == 1024 * (2 * 3 + 2)
    outcome = run_sweep(design, executor="serial", out=tmp_path / "out")
    assert outcome.complete and outcome.failed == 0
    analysis = analyze(tmp_path / "out", make_figures=False)
    table = analysis.tables["sobol_indices"]
    first, total, s13 = ishigami_indices()
    assert indices_of(table, "S1") == pytest.approx(first, abs=0.05)
    assert indices_of(table, "ST") == pytest.approx(total, abs=0.05)
    # the intervals cover the truth
    assert (indices_of(table, "ST_low") <= np.array(total) + 0.01).all() and (indices_of(table, "ST_high") >= np.array(total) - 0.01).all()
    second = analysis.tables["sobol_second_order"].set_index(["parameter_1", "parameter_2"])
    assert second.loc[("x1", "x3"), "S2"] == pytest.approx(s13, abs=0.1)
    assert second.loc[("x1", "x2"), "S2"] == pytest.approx(0.0, abs=0.1)
    assert "largest total effect is `x1`" in analysis.report.read_text()


def test_fast_on_ishigami_matches_the_analytic_first_order_indices(tmp_path):
    design = prepare(function_experiment("fast", 600, ["x1", "x2", "x3"], PI), model=ishigami)
    run_sweep(design, executor="serial", out=tmp_path / "out")
    table = analyze(tmp_path / "out", make_figures=False).tables["fast_indices"]
    first, total, _ = ishigami_indices()
    assert indices_of(table, "S1") == pytest.approx(first, abs=0.05)
    assert indices_of(table, "ST") == pytest.approx(total, abs=0.08)


def test_morris_screens_out_an_inert_parameter(tmp_path):
    design = prepare(function_experiment("morris", 20, ["x1", "x2", "x3", "x4"], PI), model=ishigami_with_inert_x4)
    run_sweep(design, executor="serial", out=tmp_path / "out")
    analysis = analyze(tmp_path / "out")
    table = analysis.tables["morris_indices"].set_index("parameter")
    assert table.loc["x4", "mu_star"] == 0 and table.loc["x4", "sigma"] == 0
    assert table["mu_star"].idxmax() in ("x1", "x2")
    assert table.loc["x3", "sigma"] > 0  # x3 acts only through its interaction with x1
    assert (tmp_path / "out" / "figures" / "morris_y.png").is_file()


def ishigami_with_inert_x4(values, seed):
    """Ishigami plus a fourth parameter that the output ignores."""
    return ishigami(values, seed)
