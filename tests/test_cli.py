"""End-to-end through the `hiap-sim` command: runs, run folders, and bad input reported without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

EXE = [sys.executable, "-m", "hiap_sim.cli"]


def hiap(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([*EXE, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_run_writes_a_complete_run_folder_and_never_overwrites(tmp_path):
    first = hiap("run", "-r", "1", "national_2025", "--months", "36", "--seed", "3", "--results", str(tmp_path))
    assert first.returncode == 0, first.stderr
    assert "Health gap" in first.stdout
    folder = tmp_path / "national_2025_seed3_001"
    for name in ("timeseries.csv", "timeseries.parquet", "events.csv", "summary.json", "scenario.yaml",
                 "plots/trust.png", "plots/levels.png", "plots/initiatives.png", "plots/health_gap.png"):
        assert (folder / name).is_file(), name
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["seed"] == 3 and summary["months"] == 36 and len(summary["scenario_sha256"]) == 64
    assert summary["hiap_sim_version"]
    assert summary["scenario_resolved"]["name"] == "national_2025"
    series = pd.read_csv(folder / "timeseries.csv")
    assert len(series) == 37 and {"trust_cross", "level_share_3", "health_gap_years"} <= set(series.columns)
    assert pd.read_parquet(folder / "timeseries.parquet").shape == series.shape
    events = pd.read_csv(folder / "events.csv")
    assert {"cabinet", "crisis", "budget_cut"} & set(events["kind"])
    second = hiap("run", "-r", "1", "national_2025", "--months", "36", "--seed", "3", "--results", str(tmp_path))
    assert second.returncode == 0
    assert (tmp_path / "national_2025_seed3_002").is_dir()
    assert pd.read_csv(tmp_path / "national_2025_seed3_002" / "timeseries.csv").equals(series)


def test_replicates_give_one_series_per_seed(tmp_path):
    result = hiap("run", "national_2025", "--months", "24", "--replicates", "3", "--out", str(tmp_path / "rep"))
    assert result.returncode == 0, result.stderr
    series = pd.read_csv(tmp_path / "rep" / "timeseries.csv")
    assert series["replicate"].nunique() == 3 and series["seed"].nunique() == 3
    assert "5-95" in result.stdout


def test_run_shows_the_distribution_over_replicates_by_default(tmp_path):
    """Without --replicates a run gives the scenario's replicates (10 for national_2025), in parallel processes, with the
    same numbers as one seed after another."""
    result = hiap("run", "national_2025", "--months", "12", "--out", str(tmp_path / "default"), "--no-plots")
    assert result.returncode == 0, result.stderr
    assert "10 replicates (mean, 5-95 %)" in result.stdout
    series = pd.read_csv(tmp_path / "default" / "timeseries.csv")
    assert series["replicate"].nunique() == 10
    assert json.loads((tmp_path / "default" / "summary.json").read_text())["replicates"] == 10
    from hiap_sim.runner import replicate_seeds, run_once
    from hiap_sim.scenario import resolve_scenario

    spec, _ = resolve_scenario("national_2025")
    seeds = replicate_seeds(spec.seed, 10)
    assert series["seed"].drop_duplicates().tolist() == seeds
    for replicate in (0, 9):  # parallel workers give what a serial run gives
        serial = run_once(spec, seeds[replicate], 12, replicate).metrics
        mine = series[series["replicate"] == replicate].reset_index(drop=True)
        assert np.allclose(mine["trust_cross"], serial["trust_cross"], rtol=1e-11)
        assert np.allclose(mine["hiap_index"], serial["hiap_index"], rtol=1e-11)


def test_out_folder_with_results_is_not_overwritten_unless_asked(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    refused = hiap("run", "-r", "1", "national_2025", "--months", "12", "--out", str(out))
    assert refused.returncode != 0
    assert "--overwrite" in refused.stderr and "Traceback" not in refused.stderr
    assert (out / "precious.txt").read_text() == "keep me"
    allowed = hiap("run", "-r", "1", "national_2025", "--months", "12", "--out", str(out), "--overwrite")
    assert allowed.returncode == 0


BAD_FILES = {
    "typo": ("extends: national_2025\nurgncy: 1.2\n", ["urgncy", "Did you mean 'urgency'"]),
    "nested_typo": ("extends: national_2025\nlevers:\n  coordinating_minister:\n    strenght: 0.5\n", ["levers.coordinating_minister.strenght", "strength"]),
    "range": ("extends: national_2025\nparameters:\n  trust:\n    contact_step: 1.5\n", ["parameters.trust.contact_step", "expected a number from 0 to 1", "1.5"]),
    "type": ("extends: national_2025\ntrust: high\n", ["trust", "expected a number", "'high'"]),
    "missing_extends": ("extends: no_such_scenario\n", ["extends", "no_such_scenario", "was not found"]),
    "not_yaml": ("name: [unclosed\n  urgency: {\n", ["not valid YAML", "line"]),
    "not_a_mapping": ("- just\n- a list\n", ["expected a YAML mapping"]),
    "bad_month": ("extends: national_2025\nstart: 2025-13\n", ["start", "YYYY-MM"]),
    "unknown_department": ("extends: national_2025\nbudget_cuts:\n  - date: 2026-01\n    departments: [XYZ]\n", ["budget_cuts.0.departments", "XYZ"]),
    "unknown_playable": ("extends: rivm_municipalities_2009\nmunicipalities:\n  playable: [Atlantis]\n", ["municipalities.playable", "Atlantis", "G4-A"]),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["validate", "run"])
def test_bad_input_gives_a_clear_error_without_traceback(tmp_path, case, command):
    text, expected = BAD_FILES[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text)
    result = hiap(command, str(path), "-r", "1", "--results", str(tmp_path / "res")) if command == "run" else hiap(command, str(path))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    message = " ".join(result.stderr.split())
    assert str(path) in message.replace(" ", "") or path.name in message
    for fragment in expected:
        assert fragment in message, (fragment, message)
    assert not (tmp_path / "res").exists() or not any((tmp_path / "res").iterdir())


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "image.yaml"
    path.write_bytes(bytes(range(256)))
    result = hiap("validate", str(path))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "not a text file" in " ".join(result.stderr.split())


def test_validate_accepts_every_shipped_scenario():
    from hiap_sim.scenario.loader import shipped_scenarios

    result = hiap("validate", *shipped_scenarios())
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("OK") == len(shipped_scenarios())


def test_schema_lists_documented_parameters():
    result = hiap("schema", "contact_step")
    assert result.returncode == 0
    assert "parameters.trust.contact_step" in result.stdout and "AIG2016" in result.stdout
    full = hiap("schema", "--markdown")
    lines = [line for line in full.stdout.splitlines() if line.startswith("| ")]
    assert len(lines) > 150
    assert all(line.count("|") >= 8 for line in lines)


def test_schema_shows_plausible_ranges_and_their_evidence():
    result = hiap("schema", "--behavioural", "trust.contact_step")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())  # the table folds long cells over lines
    assert "0.012 .. 0.022" in text and "(source)" in text and "5-10" in text
    behavioural = hiap("schema", "--behavioural", "politics")
    assert "early_fall_per_month" in behavioural.stdout and "cabinet_term_months" not in behavioural.stdout
    everything = hiap("schema", "politics")
    assert "cabinet_term_months" in everything.stdout


def test_help_explains_with_examples():
    for command in ([], ["run"], ["validate"], ["schema"], ["scenarios"], ["metrics"]):
        result = hiap(*command, "--help")
        assert result.returncode == 0
        assert "Example" in result.stdout, command


def test_vary_parameters_draws_behavioural_parameters_per_replicate(tmp_path):
    """--vary-parameters: each replicate draws the behavioural parameters from their plausible ranges; the summary says so."""
    from hiap_sim.runner import parameter_draws, replicate_seeds
    from hiap_sim.scenario import resolve_scenario
    from hiap_sim.scenario.docs import plausible_ranges

    spec, _ = resolve_scenario("national_2025")
    seeds = replicate_seeds(spec.seed, 3)
    drawn, ranges = parameter_draws(spec, seeds, spec.seed)
    assert len(drawn) == 3 and len(ranges) > 100 and not any(p.startswith("municipalities") for p in ranges)
    steps = [d.parameters.trust.contact_step for d in drawn]
    low, high = plausible_ranges()["parameters.trust.contact_step"]
    assert all(low <= v <= high for v in steps) and len(set(steps)) == 3
    assert all(isinstance(d.parameters.work.stall_months, int) for d in drawn)
    again, _ = parameter_draws(spec, seeds, spec.seed)
    assert [d.model_dump() for d in again] == [d.model_dump() for d in drawn]  # same seed, same draws
    result = hiap("run", "national_2025", "-r", "3", "--months", "6", "--vary-parameters", "--no-plots", "--out", str(tmp_path / "vary"))
    assert result.returncode == 0, result.stderr
    assert "drawn from their plausible ranges" in " ".join(result.stdout.split())
    summary = json.loads((tmp_path / "vary" / "summary.json").read_text())
    assert summary["uncertainty"] == "seed noise and parameter uncertainty" and summary["parameter_uncertainty"]["parameters_drawn"] == len(ranges)
    assert summary["replicate_seeds"] == seeds
