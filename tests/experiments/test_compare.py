"""hiap-sim compare: shipped policy variants on common random numbers, paired intervals, share of seeds where B beats A."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from hiap_sim.cli import app
from hiap_sim.experiments.compare import better_direction, paired_row, verdict, wilson

runner = CliRunner()


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    return result, (result.output or "") + (result.stderr or "")


def test_compare_shipped_policy_variants_end_to_end(tmp_path):
    result, text = invoke("compare", "national_2025", "national_2025_structural_funding", "national_2025_coordinating_minister",
                          "--replicates", "4", "--months", "24", "--executor", "serial", "--results", str(tmp_path))
    assert result.exit_code == 0, text
    assert "Difference from national_2025 over 4 paired seeds" in text and "verdict" in text
    folder = next(tmp_path.iterdir())
    plan = pd.read_parquet(folder / "plan.parquet")
    assert plan.groupby("replicate")["seed"].nunique().eq(1).all() and plan["scenario"].nunique() == 3  # the same seeds in every scenario
    table = pd.read_csv(folder / "tables" / "scenario_differences.csv")
    assert set(table["scenario"]) == {"national_2025_structural_funding", "national_2025_coordinating_minister"}
    assert table["paired"].all() and (table["pairs"] == 4).all() and table["share_better"].between(0, 1).all()
    assert set(table["verdict"]) <= {"better", "worse", "no clear difference"}
    for name in ("comparison_differences.png", "comparison_share_better.png", "bundles_by_scenario.png", "distributions.png"):
        assert (folder / "figures" / name).stat().st_size > 5000
    report = (folder / "report.md").read_text()
    assert "## Scenario comparison" in report and "share_better" in report
    again, text = invoke("compare", "national_2025", "national_2025_structural_funding", "national_2025_coordinating_minister",
                         "--replicates", "4", "--months", "24", "--executor", "serial", "--results", str(tmp_path))
    assert again.exit_code == 0, text  # the same comparison reuses its folder: nothing is run twice or overwritten
    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize(("args", "fragment"), [(["national_2025"], "at least two scenarios"),
                                                 (["national_2025", "no_such_scenario"], "no_such_scenario"),
                                                 (["national_2025", "national_2025_structural_funding", "--metric", "trust_crss"], "trust_cross")])
def test_compare_mistakes_exit_2_without_traceback(tmp_path, args, fragment):
    result, text = invoke("compare", *args, "--replicates", "2", "--results", str(tmp_path))
    assert result.exit_code == 2 and fragment in text and "Traceback" not in text
    assert not any(tmp_path.iterdir())


def test_paired_statistics():
    a = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    b = a + np.array([0.5, 0.4, 0.6, 0.5, -0.1])
    row = paired_row(a, b, "trust_cross", 0.95, 500, np.random.default_rng(1))
    assert row["difference"] == pytest.approx(0.38) and row["share_better"] == pytest.approx(0.8) and row["pairs"] == 5
    assert row["t_low"] < row["difference"] < row["t_high"]
    assert better_direction("health_gap_years") == "lower" and better_direction("health_gap_reduction") == "higher"
    lower = paired_row(a, b, "health_gap_years", 0.95, 500, np.random.default_rng(1))
    assert lower["share_better"] == pytest.approx(0.2)
    assert verdict(pd.Series({**lower, "low": 0.1, "high": 0.6})) == "worse"
    low, high = wilson(8, 10, 0.95)
    assert 0.44 < low < 0.5 and 0.94 < high < 0.98
