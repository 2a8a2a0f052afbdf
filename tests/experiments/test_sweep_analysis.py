"""Analysis from the folder alone: tables, figures, report; scenario comparisons; the shipped experiments are valid."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from sweep_helpers import experiment, tiny

from hiap_sim.experiments import analyze, experiment_from_dict, load_experiment, load_results, prepare, run_sweep
from hiap_sim.experiments.evaluate import aggregate
from hiap_sim.experiments.spec import OutputSpec, shipped_experiments


def test_policy_comparison_with_common_random_numbers(tmp_path):
    data = tiny(name="compare", scenario=None, scenarios=["national_2025", "national_2025_structural_funding"], method="grid",
                samples=None, parameters=[], replicates=4, common_random_numbers=True)
    design = prepare(experiment_from_dict(data))
    assert design.n_runs == 8
    run_sweep(design, executor="serial", out=tmp_path / "out")
    plan = pd.read_parquet(tmp_path / "out" / "plan.parquet")
    assert plan.groupby("replicate")["seed"].nunique().eq(1).all()  # replicate r: the same seed in both scenarios
    moved = tmp_path / "moved"
    shutil.move(tmp_path / "out", moved)  # analysis needs nothing but the folder
    analysis = analyze(moved)
    differences = analysis.tables["scenario_differences"]
    assert set(differences["scenario"]) == {"national_2025_structural_funding"} and differences["paired"].all()
    assert (differences["low"] <= differences["difference"]).all() and (differences["difference"] <= differences["high"]).all()
    summary = analysis.tables["output_summary"]
    assert set(summary["scenario"]) == {"national_2025", "national_2025_structural_funding"} and (summary["runs"] == 4).all()
    assert "never_reached_share" in summary.columns
    assert analysis.tables["noise"]["noise_share_of_runs"].between(0, 1.5).all()
    assert (moved / "figures" / "distributions.png").is_file()
    report = analysis.report.read_text()
    for section in ("## Scenario comparison", "## Output distributions", "## Stochastic noise", "## Reproducibility", "No run failed."):
        assert section in report


def test_latin_analysis_writes_tables_figures_and_report(tmp_path):
    design = prepare(experiment(samples=48, replicates=1, months=4, outputs=[{"metric": "trust_cross"}, {"metric": "proposals", "aggregate": "max"}]))
    run_sweep(design, executor="serial", out=tmp_path / "out")
    analysis = analyze(tmp_path / "out")
    for name in ("rbd_fast_indices", "rank_correlations", "output_summary"):
        assert (tmp_path / "out" / "tables" / f"{name}.csv").is_file()
    ranks = analysis.tables["rank_correlations"]
    assert set(ranks["parameter"]) == {"urgency", "contact_step", "max_partners"} and (ranks["n"] == 48).all()
    figures = {p.name for p in analysis.figures}
    assert {"distributions.png", "scatter_trust_cross_final.png", "rank_trust_cross_final.png"} <= figures
    assert all((tmp_path / "out" / "figures" / name).stat().st_size > 5000 for name in figures)
    assert "## Main findings" in analysis.report.read_text()


def test_analysis_of_an_unfinished_sweep_says_so(tmp_path):
    design = prepare(experiment(method="sobol", samples=4, replicates=1, months=3))
    run_sweep(design, executor="serial", out=tmp_path / "out", max_runs=7)
    analysis = analyze(tmp_path / "out", make_figures=False)
    assert any("incomplete: 7 of 20" in note for note in analysis.notes)
    assert "sobol_indices" not in analysis.tables
    assert len(load_results(tmp_path / "out").runs) == 7


@pytest.mark.parametrize(
    ("rule", "extra", "expected"),
    [("final", {}, 3.0), ("max", {}, 5.0), ("min", {}, 0.0), ("mean", {}, 20 / 6), ("mean_last", {"months": 2}, 4.0),
     ("months_until", {"threshold": 4.5}, 2.0), ("months_until", {"threshold": 9}, 6.0), ("months_until", {"threshold": 0.5, "direction": "below"}, 0.0)],
)
def test_output_aggregations(rule, extra, expected):
    series = [0.0, 4.0, 5.0, 3.0, 5.0, 3.0]  # months 0..5 of a 5-month run
    assert aggregate(series, OutputSpec(metric="m", aggregate=rule, **extra), horizon=5) == expected


@pytest.mark.parametrize("name", shipped_experiments())
def test_shipped_experiments_are_valid(name):
    spec, path = load_experiment(name)
    design = prepare(spec, path)
    assert design.n_runs > 0 and design.output_labels
    if spec.method == "morris":
        assert len(spec.parameters) >= 20
    if spec.method == "sobol":
        assert design.n_runs <= 8192  # sized to finish on a 2-core machine within 30 minutes
        if name == "sobol_national":
            assert {"urgency", "trust", "budget", "political_commitment"} <= {p.path for p in spec.parameters}
        else:  # the study over plausible ranges: every behavioural parameter is drawn over its declared range
            from hiap_sim.scenario.docs import plausible_ranges

            ranges = plausible_ranges()
            knobs = {"urgency", "trust", "budget", "political_commitment"}
            for p in spec.parameters:
                assert p.path in knobs or tuple(p.bounds) == ranges[p.path], p.path
    if len(design.scenario_names) > 1:
        assert spec.common_random_numbers
