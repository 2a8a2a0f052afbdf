"""Time series per run: kept metrics streamed to Parquet parts, resumable, reproducible; outcome bundles in analyze."""

from __future__ import annotations

import pandas as pd
import pytest
from sweep_helpers import tiny, write_experiment
from typer.testing import CliRunner

from hiap_sim.cli import app
from hiap_sim.experiments import experiment_from_dict, load_results, prepare, rerun, run_sweep
from hiap_sim.experiments.evaluate import kept_months
from hiap_sim.experiments.store import read_timeseries

runner = CliRunner()


def with_series(**changes):
    return tiny(samples=6, replicates=2, months=10, timeseries={"metrics": ["trust_cross", "proposals"], "every": 3}, **changes)


def test_kept_months_include_the_last():
    assert kept_months(10, 3).tolist() == [0, 3, 6, 9, 10]
    assert kept_months(9, 3).tolist() == [0, 3, 6, 9]


def test_sweep_then_analyze_with_time_series_from_the_cli(tmp_path):
    path = write_experiment(tmp_path, with_series())
    result = runner.invoke(app, ["sweep", str(path), "--results", str(tmp_path / "results"), "--executor", "serial", "--no-analyze", "--flush-every", "5"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "results" / "tiny"
    parts = sorted(p.name for p in (folder / "timeseries").glob("part-*.parquet"))
    assert parts == sorted(p.name for p in (folder / "runs").glob("part-*.parquet")) and len(parts) == 3  # streamed with the run parts
    series = read_timeseries(folder)
    assert list(series.columns) == ["run_id", "month", "trust_cross", "proposals"]
    assert len(series) == 12 * 5 and set(series["month"]) == {0, 3, 6, 9, 10}
    # the kept months agree with the full run recomputed from the folder
    full = rerun(folder, 7)
    kept = series[series["run_id"] == 7].set_index("month")["trust_cross"]
    assert kept.to_numpy() == pytest.approx(full.set_index("month").loc[kept.index, "trust_cross"].to_numpy(), rel=1e-6)
    result = runner.invoke(app, ["analyze", str(folder), "--clusters", "2"])
    assert result.exit_code == 0, result.output
    for name in ("bundles_by_scenario.png", "bundles_by_cluster.png"):
        assert (folder / "figures" / name).stat().st_size > 5000
    bundles = pd.read_csv(folder / "tables" / "bundles_by_scenario.csv")
    assert set(bundles["metric"]) == {"trust_cross", "proposals"} and (bundles["runs"] == 12).all()
    assert set(pd.read_csv(folder / "tables" / "run_clusters.csv")["cluster"]) == {"cluster 1", "cluster 2"}
    assert "## Outcome bundles" in (folder / "report.md").read_text()


def test_time_series_resume_and_parallel_runs_give_the_same_parts(tmp_path):
    design = prepare(experiment_from_dict(with_series()))
    run_sweep(design, executor="serial", out=tmp_path / "whole")
    run_sweep(design, executor="serial", out=tmp_path / "resumed", max_runs=5, flush_every=2)
    (tmp_path / "resumed" / "timeseries" / "part-009-00001.parquet").write_bytes(  # an orphan left by a kill between the two writes
        (tmp_path / "resumed" / "timeseries" / "part-001-00001.parquet").read_bytes())
    run_sweep(design, executor="processes", workers=2, out=tmp_path / "resumed")
    whole, resumed = read_timeseries(tmp_path / "whole"), read_timeseries(tmp_path / "resumed")
    pd.testing.assert_frame_equal(whole, resumed)
    assert len(load_results(tmp_path / "resumed").runs) == 12


def test_unknown_time_series_metric_is_rejected(tmp_path):
    path = write_experiment(tmp_path, tiny(timeseries={"metrics": ["trust_crss"]}))
    result = runner.invoke(app, ["sweep", str(path), "--results", str(tmp_path / "results"), "--dry-run"])
    text = (result.output or "") + (result.stderr or "")
    assert result.exit_code == 2 and "timeseries.metrics.0" in text and "trust_cross" in text and "Traceback" not in text
