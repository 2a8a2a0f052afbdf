"""Reports that know their precision: --samples/--replicates overrides, small-N and implausible-sum warnings, inactive parameters."""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import pandas as pd
import pytest
from sweep_helpers import function_experiment, ishigami, tiny, write_experiment
from typer.testing import CliRunner

from hiap_sim.cli import app
from hiap_sim.experiments import analyze, load_experiment, prepare, run_sweep
from hiap_sim.experiments.methods import get_method, method_names
from hiap_sim.experiments.precision import variance_warnings
from hiap_sim.experiments.spec import ExperimentError, experiment_from_dict, shipped_experiments
from hiap_sim.model import HiapModel
from hiap_sim.scenario import load_scenario

runner = CliRunner()


def small_sobol(**changes):
    data = tiny(name="small_sobol", method="sobol", samples=64, replicates=1, months=12,
                parameters=[{"path": "urgency", "bounds": [0.5, 1.5]}, {"path": "political_commitment", "bounds": [0.5, 1.5]},
                            {"path": "parameters.decisions.frame_factor", "name": "frame_factor", "bounds": [1.0, 2.5]}],
                outputs=[{"metric": "trust_cross"}, {"metric": "proposals"}])
    data.update(changes)
    return data


def test_methods_are_found_by_name():
    assert method_names() == ("sobol", "morris", "fast", "latin", "grid")
    assert get_method("sobol").name == "sobol" and get_method("grid").uses_levels
    with pytest.raises(ExperimentError, match="expected one of sobol, morris, fast, latin, grid"):
        experiment_from_dict(tiny(method="sobolx"))


def test_sweep_with_samples_override_warns_at_n16_and_records_it(tmp_path):
    path = write_experiment(tmp_path, small_sobol())
    result = runner.invoke(app, ["sweep", str(path), "--samples", "16", "--results", str(tmp_path / "results"), "--executor", "serial"])
    text = (result.output or "") + (result.stderr or "")
    assert result.exit_code == 0, text
    folder = tmp_path / "results" / "small_sobol-samples16"  # a folder of its own: the file's full-size results are never mixed in
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["overrides"] == {"samples": 16} and manifest["experiment"]["spec"]["samples"] == 16
    assert manifest["n_runs"] == 16 * (3 + 2)
    assert manifest["inactive"].keys() == {"frame_factor"}
    assert "Inactive parameter: 'frame_factor'" in text and "N = 16 is small" in text
    report = (folder / "report.md").read_text()
    assert "--samples 16" in report and "## Precision" in report and "small sample" in report
    assert "do not support a ranking" in report and "largest total effect" not in report  # no findings the intervals cannot carry
    assert "inactive in this scenario" in report and "## Inactive parameters" in report
    warnings = pd.read_csv(folder / "tables" / "precision_warnings.csv")
    assert {"small_sample", "wide_intervals"} <= set(warnings["kind"])
    assert (warnings["suggested_samples"].dropna() > 16).all()


def test_bad_override_names_the_option(tmp_path):
    path = write_experiment(tmp_path, small_sobol())
    result = runner.invoke(app, ["sweep", str(path), "--samples", "20", "--results", str(tmp_path / "results"), "--dry-run"])
    text = (result.output or "") + (result.stderr or "")
    assert result.exit_code == 2 and "--samples 20" in text and "power of 2" in text and "Traceback" not in text


def test_replicates_override_through_the_api(tmp_path):
    design = prepare(experiment_from_dict(tiny(samples=3, months=3)), replicates=3)
    assert design.overrides == {"replicates": 3} and design.n_runs == 9


@pytest.mark.parametrize("name", shipped_experiments())
def test_no_small_sample_warning_at_the_shipped_sizes(name):
    spec, _ = load_experiment(name)
    method = get_method(spec.method)
    assert spec.samples is None or spec.samples >= method.minimum_samples
    assert get_method("sobol").minimum_samples > 16


def test_no_warning_when_the_sample_is_large_enough(tmp_path):
    design = prepare(function_experiment("sobol", 1024, ["x1", "x2", "x3"], [-math.pi, math.pi]), model=ishigami)
    run_sweep(design, executor="serial", out=tmp_path / "out")
    analysis = analyze(tmp_path / "out", make_figures=False)
    assert analysis.precision == []
    assert "largest total effect is `x1`" in analysis.report.read_text() or "largest total effect is `x2`" in analysis.report.read_text()


def test_implausible_sums_and_order_are_flagged():
    table = pd.DataFrame([
        {"scenario": "s", "output": "y", "parameter": "a", "S1": 0.9, "S1_conf": 0.05, "ST": 0.6, "ST_conf": 0.05},
        {"scenario": "s", "output": "y", "parameter": "b", "S1": 0.5, "S1_conf": 0.05, "ST": 0.55, "ST_conf": 0.05},
    ])
    analysis = SimpleNamespace(results=SimpleNamespace(manifest={"experiment": {"spec": {"samples": 512}}, "inactive": {}}))
    warnings = variance_warnings(analysis, table, minimum_samples=64, power_of_two=True)
    assert [w.kind for w in warnings] == ["implausible_sums"]
    assert "sum to 1.40" in warnings[0].text and "ST < S1 for `a`" in warnings[0].text


def test_inactive_check_flags_frame_factor_only_where_nobody_frames_as_hfap():
    frame = {"path": "parameters.decisions.frame_factor", "name": "frame_factor", "bounds": [1.0, 2.5]}
    lever = {"path": "levers.coordinating_minister.strength", "name": "minister_strength", "bounds": [0.2, 0.9]}
    follow = {"path": "levers.financing.follow_up_probability", "name": "follow_up", "bounds": [0.1, 0.5]}
    local = {"path": "municipalities.strategy.relation_share", "name": "local_relations", "bounds": [0.2, 0.8]}
    base = prepare(experiment_from_dict(tiny(parameters=[frame, lever, follow, local])))
    assert set(base.inactive) == {"frame_factor", "minister_strength", "local_relations"}  # financing's follow-up is read even with the lever off
    assert "municipalities.enabled: false" in base.inactive["local_relations"]
    variant = prepare(experiment_from_dict(tiny(scenario="national_2025_small_wins_hfap", parameters=[frame])))
    assert variant.inactive == {}
    spec, path = load_experiment("sobol_national")
    assert "frame_factor" in prepare(spec, path).inactive


@pytest.mark.parametrize(("path", "low", "high"), [("parameters.decisions.frame_factor", 1.0, 2.5),
                                                    ("levers.coordinating_minister.strength", 0.1, 0.9)])
def test_inactive_rules_hold_in_the_model(path, low, high):
    """An inactive parameter moved over its range leaves every metric of a run unchanged, seed for seed."""
    from hiap_sim.experiments.design import apply_values

    raw = load_scenario("national_2025").model_dump()
    runs = [HiapModel(apply_values(raw, {path: value}), seed=5, months=60).run() for value in (low, high)]
    pd.testing.assert_frame_equal(runs[0], runs[1])
