"""Scenario discovery: a sweep with time series, then analyze, then discover, from the CLI; PRIM finds a known box."""

from __future__ import annotations

import pandas as pd
import pytest
from sweep_helpers import function_experiment, tiny, write_experiment
from typer.testing import CliRunner

from hiap_sim.cli import app
from hiap_sim.experiments import prepare, run_sweep
from hiap_sim.experiments.discover import choose_box, discover

runner = CliRunner()


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    return result, (result.output or "") + (result.stderr or "")


def box_function(values: dict[str, float], seed: int) -> dict[str, float]:
    """1 inside the box x1 > 0.6 and x2 < 0.4, else 0 (x3 plays no part)."""
    return {"y": float(values["x1"] > 0.6 and values["x2"] < 0.4)}


def test_sweep_analyze_discover_from_the_cli(tmp_path):
    data = tiny(name="discovery", samples=40, replicates=1, months=24,
                parameters=[{"path": "urgency", "bounds": [0.5, 1.5]}, {"path": "political_commitment", "bounds": [0.5, 1.5]},
                            {"path": "budget", "bounds": [0.5, 2.0]}],
                outputs=[{"metric": "proposals"}, {"metric": "trust_cross"}],
                timeseries={"metrics": ["proposals", "trust_cross"], "every": 4})
    path = write_experiment(tmp_path, data)
    result, text = invoke("sweep", str(path), "--results", str(tmp_path / "results"), "--executor", "serial", "--no-analyze", "--quiet")
    assert result.exit_code == 0, text
    folder = tmp_path / "results" / "discovery"
    result, text = invoke("analyze", str(folder))
    assert result.exit_code == 0, text
    assert (folder / "figures" / "bundles_by_scenario.png").is_file()
    proposals = pd.read_parquet(folder / "runs")["proposals_final"]
    threshold = float(proposals.median())
    result, text = invoke("discover", str(folder), "--outcome", "proposals", "--threshold", f"{threshold:g}")
    assert result.exit_code == 0, text
    assert "Chosen box" in text and "coverage" in text and "Feature scores" in text
    out = next((folder / "discovery").iterdir())
    for name in ("peeling_trajectory.png", "chosen_box.png", "cart_tree.png", "feature_scores.png", "bundles_box.png"):
        assert (out / "figures" / name).stat().st_size > 5000, name
    for name in ("peeling_trajectory.csv", "chosen_box.csv", "cart_stats.csv", "feature_scores.csv", "runs.csv"):
        assert (out / "tables" / name).is_file()
    trajectory = pd.read_csv(out / "tables" / "peeling_trajectory.csv")
    assert {"coverage", "density", "res_dim", "mass"} <= set(trajectory.columns) and trajectory["coverage"].iloc[0] == 1.0
    report = (out / "report.md").read_text()
    for section in ("## The chosen box", "quasi-p", "## Peeling trajectory", "## CART", "## Feature scores", "## Reproduce"):
        assert section in report


@pytest.mark.parametrize(("args", "fragment"), [(["--outcome", "trust_crss", "--threshold", "0.3"], "not an output"),
                                                 (["--outcome", "trust_cross", "--threshold", "5"], "nothing to tell apart")])
def test_discover_mistakes_exit_2(tmp_path, args, fragment):
    design = prepare(function_experiment("latin", 20, ["x1", "x2"], [0.0, 1.0], outputs=[{"metric": "y", "name": "trust_cross"}]), model=box_function)
    run_sweep(design, executor="serial", out=tmp_path / "out")
    result, text = invoke("discover", str(tmp_path / "out"), *args)
    assert result.exit_code == 2 and fragment in text and "Traceback" not in text
    result, text = invoke("discover", str(tmp_path / "nowhere"), "--outcome", "y", "--threshold", "1")
    assert result.exit_code == 2 and "not a sweep result folder" in text


def test_prim_recovers_a_known_box(tmp_path):
    design = prepare(function_experiment("latin", 600, ["x1", "x2", "x3"], [0.0, 1.0]), model=box_function)
    run_sweep(design, executor="serial", out=tmp_path / "out")
    found = discover(tmp_path / "out", "y", 1.0, make_figures=False)
    limits = found.limits.set_index("parameter")
    assert found.box["density"] > 0.9 and found.box["coverage"] > 0.8
    assert limits.loc["x1", "box_min"] == pytest.approx(0.6, abs=0.05) and limits.loc["x2", "box_max"] == pytest.approx(0.4, abs=0.05)
    assert limits.loc[["x1", "x2"], "significant"].all()
    assert "x3" not in limits.index or not limits.loc["x3", "significant"]
    assert set(found.scores.head(2)["parameter"]) == {"x1", "x2"}
    again = discover(tmp_path / "out", "y", 1.0, make_figures=False)  # the same folder gives the same answer (CART and scores are seeded)
    pd.testing.assert_frame_equal(found.cart_stats, again.cart_stats)
    pd.testing.assert_frame_equal(found.scores, again.scores)
    assert found.report.read_text() == again.report.read_text()


def test_choose_box_prefers_density_above_the_coverage_floor():
    trajectory = pd.DataFrame({"id": [0, 1, 2, 3], "coverage": [1.0, 0.9, 0.6, 0.3], "density": [0.2, 0.4, 0.8, 1.0], "res_dim": [0, 1, 2, 2]})
    assert choose_box(trajectory, 0.5) == 2 and choose_box(trajectory, 0.95) == 0
