"""Strict input: every case that once crashed or passed silently ends with exit 2 and a clear message, or runs
correctly; problems are listed one per line with line and column; undefined metrics never show as NaN."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from hiap_sim.cli import app

runner = CliRunner()


def hiap(*args: str) -> tuple[int, str]:
    """Run the command in this process; a crash (anything but a clean exit) fails the test with its traceback."""
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def refused(tmp_path: Path, text: str, *fragments: str) -> str:
    path = write(tmp_path, text)
    code, out = hiap("validate", path)
    flat = " ".join(out.split())
    assert code == 2, out
    assert "Traceback" not in out
    for fragment in fragments:
        assert fragment in flat, (fragment, flat)
    return out


# ----------------------------------------------------------------------------------------- codes
def test_a_mistyped_department_code_is_refused_with_a_suggestion(tmp_path):
    refused(tmp_path, "extends: national_2025\ndepartments:\n  VWZ:\n    budget: 2\n",
            "case.yaml:3:3", "departments.VWZ", "Did you mean 'VWS'?", "new: true")


def test_a_new_department_needs_the_marker_and_then_runs(tmp_path):
    path = write(tmp_path, "extends: national_2025\nname: with_wr\ndepartments:\n  WR:\n    new: true\n    name: Water board\n"
                 "    priorities: {environment: 1.0}\n")
    code, out = hiap("validate", path)
    assert code == 0 and "10 departments" in " ".join(out.split()), out


def test_mistyped_topic_and_sector_are_refused(tmp_path):
    refused(tmp_path, "extends: national_2025\ntopics:\n  air_qualty:\n    health_potential: 0.2\n", "Did you mean 'air_quality'?")
    refused(tmp_path, "extends: rivm_municipalities_2009\nmunicipalities:\n  sectors:\n    housng: {capacity_fte: 1}\n",
            "case.yaml:4:5: municipalities.sectors.housng:", "Did you mean 'housing'?")


# ----------------------------------------------------------------------------------------- mutated files
@pytest.mark.parametrize(("text", "fragments"), [
    ('extends: ""\n', ["extends", "expected the name or path of another scenario"]),
    ("extends: national_2025\nseed: 18446744073709551617\n", ["seed", "from 0 to 4294967295"]),
    ("extends: national_2025\nseed: 1.0e+100\n", ["seed"]),
    ("extends: national_2025\nstart: 0000-01\n", ["start", "between 1900-01 and 2200-12"]),
    ("extends: national_2025\nend: 2024-06\n", ["end", "on or after start"]),
    ("name: lonely\ndepartments:\n  VWS: {}\n", ["at least two departments"]),
    ("name: late\ndepartments:\n  VWS: {active_from: 2030-01}\n  SZW: {}\n", ["coordinator (VWS) must exist from the start"]),
    ("name: gone\ndepartments:\n  VWS: {active_until: 2024-01}\n  SZW: {active_until: 2024-01}\n", ["coordinator (VWS) must exist"]),
    ("name: merged\ndepartments:\n  VWS: {}\n  SZW: {}\n  OCW: {}\nreorganisations:\n  - date: 2030-01\n    moves: {VWS: SZW}\n",
     ["cannot merge into another department"]),
    ("name: alone_later\ndepartments:\n  VWS: {}\n  SZW: {active_until: 2027-12}\n", ["at least two departments", "2028-01"]),
    ("extends: national_2025\ntopics:\n" + "".join(f"  {t}: null\n" for t in (
        "air_quality", "housing_quality", "debt_livelihood", "healthy_school", "work_health", "food_environment", "green_exercise",
        "alcohol_tobacco", "loneliness_inclusion")), ["topics", "every topic was removed"]),
    ("extends: aig_pledges_2014\npledges:\n  partners: 2000\n  volunteers_per_partner: 10\n", ["pledges.partners", "at most 5,000 officials"]),
])
def test_mutated_scenarios_are_refused_clearly(tmp_path, text, fragments):
    refused(tmp_path, text, *fragments)


def test_deeply_nested_yaml_is_refused(tmp_path):
    refused(tmp_path, "extends: national_2025\nparameters: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than")
    block = "extends: national_2025\nx:\n" + "".join("  " * (k + 1) + f"k{k}:\n" for k in range(3000)) + "  " * 3001 + "v: 1\n"
    refused(tmp_path, block, "nested more than")


@pytest.mark.parametrize("path", [
    "parameters.decisions.time_cost", "parameters.work.level_speed", "parameters.work.fte_cost", "parameters.work.trust_required",
    "municipalities.parameters.work.level_speed", "municipalities.parameters.work.budget_cost",
])
@pytest.mark.parametrize("bad", [".nan", ".inf", "-1"])
def test_nan_infinity_and_negative_entries_of_level_lists_are_refused(tmp_path, path, bad):
    *parents, last = path.split(".")
    text = "extends: national_2025\n" + "".join("  " * k + f"{p}:\n" for k, p in enumerate(parents))
    text += "  " * len(parents) + f"{last}: [0, 0, {bad}, 0.5, 0.5]\n"
    refused(tmp_path, text, f"{path}.2", "expected a number from 0 to")


@pytest.mark.parametrize("path", ["parameters.work.approach_speed", "parameters.work.approach_payoff", "parameters.work.small_win_rate",
                                  "municipalities.parameters.work.small_win_rate"])
@pytest.mark.parametrize("bad", [".nan", "-.inf"])
def test_nan_and_infinity_in_maps_are_refused(tmp_path, path, bad):
    *parents, last = path.split(".")
    text = "extends: national_2025\n" + "".join("  " * k + f"{p}:\n" for k, p in enumerate(parents))
    text += "  " * len(parents) + f"{last}: {{area: {bad}}}\n"
    refused(tmp_path, text, f"{path}.area", "expected a number from 0 to")


def test_partial_maps_are_completed_from_the_defaults_and_run(tmp_path):
    path = write(tmp_path, "extends: rivm_municipalities_2009\nname: partial\nparameters:\n  work:\n    approach_speed: {system: 1}\n"
                 "  contacts:\n    hours: {dg: 2}\n  proposals:\n    rank_factor: {officer: 0.9}\nmunicipalities:\n  parameters:\n"
                 "    contacts:\n      hours: {head: 3}\n    proposals:\n      rank_factor: {officer: 0.8}\n")
    code, out = hiap("run", "-r", "1", path, "--months", "12", "--out", tmp_path / "out", "--no-plots", "-q")
    assert code == 0, out
    series = pd.read_csv(tmp_path / "out" / "timeseries.csv")
    numbers = series.drop(columns=["date"]).select_dtypes("number")
    defined = numbers[[c for c in numbers.columns if not c.endswith("acceptance_rate")]]
    assert defined.notna().all().all() and numbers.iloc[1:].notna().all().all()


# ----------------------------------------------------------------------------------------- names
@pytest.mark.parametrize("name", ["../outside", "/tmp/x", "a" * 300, "two words", ".."])
def test_unsafe_names_are_refused_and_nothing_is_written(tmp_path, name):
    path = write(tmp_path, f"extends: national_2025\nname: {json.dumps(name)}\n")
    code, out = hiap("run", "-r", "1", path, "--months", "6", "--results", tmp_path / "results")
    assert code == 2 and "folder name" in out, out
    assert not (tmp_path / "outside").exists() and not (tmp_path / "results").exists()


def test_experiment_names_are_checked_too(tmp_path):
    path = write(tmp_path, "name: ../escape\nscenario: national_2025\nmethod: latin\nsamples: 4\nparameters:\n"
                 "  - {path: urgency, bounds: [0.5, 1.5]}\noutputs:\n  - {metric: trust_cross}\n", "exp.yaml")
    code, out = hiap("sweep", path, "--dry-run")
    assert code == 2 and "name" in out and "folder name" in " ".join(out.split()), out


# ----------------------------------------------------------------------------------------- experiments
@pytest.mark.parametrize(("extra", "fragments"), [
    ("method: morris\nsamples: 1099511627776\n", ["samples", "from 1 to 1048576"]),
    ("method: morris\nsamples: 1.0e+30\n", ["samples"]),
    ("method: sobol\nsamples: 1048576\n", ["runs", "at most 1,000,000"]),
    ("method: latin\nsamples: 8\nseed: .nan\n", ["seed"]),
])
def test_oversized_or_invalid_experiments_are_refused_at_once(tmp_path, extra, fragments):
    path = write(tmp_path, "name: big\nscenario: national_2025\n" + extra + "parameters:\n  - {path: urgency, bounds: [0.5, 1.5]}\n"
                 "  - {path: trust, bounds: [0.5, 1.5]}\noutputs:\n  - {metric: trust_cross}\n", "exp.yaml")
    code, out = hiap("sweep", path, "--dry-run")
    flat = " ".join(out.split())
    assert code == 2, out
    for fragment in fragments:
        assert fragment in flat, (fragment, flat)


def test_deep_experiment_yaml_is_refused(tmp_path):
    path = write(tmp_path, "name: deep\nscenario: " + "[" * 4000 + "]" * 4000 + "\n", "exp.yaml")
    code, out = hiap("sweep", path, "--dry-run")
    assert code == 2 and "nested" in out


# ----------------------------------------------------------------------------------------- readable problems
def test_validate_lists_every_problem_once_per_line_with_line_and_column(tmp_path):
    text = ("extends: national_2025\n"          # 1
            "start: 2026/01\n"                   # 2
            "trust: high\n"                      # 3
            "levers:\n"                          # 4
            "  working_group:\n"                 # 5
            "    members: [VWS, OCX]\n"          # 6
            "parameters:\n"                      # 7
            "  trust:\n"                         # 8
            "    contact_step: 1.5\n")           # 9
    out = refused(tmp_path, text)
    lines = [line.strip() for line in out.splitlines() if "case.yaml:" in line]
    assert len(lines) == 4, out
    assert any(":2:1: start: expected a month as 'YYYY-MM'" in line and line.count("2026/01") == 1 for line in lines), lines
    assert any(":3:1: trust: expected a number, found 'high'" in line for line in lines), lines
    assert any(":6:20: levers.working_group.members.1: 'OCX' is not a department" in line and "Did you mean 'OCW'?" in line for line in lines)
    assert any(":9:5: parameters.trust.contact_step: expected a number from 0 to 1, found 1.5" in line for line in lines), lines
    assert "Input should" not in out and "(top level)" not in out
    assert len(set(lines)) == len(lines)


# ----------------------------------------------------------------------------------------- outputs
def test_run_outputs_are_strict_json_without_nan_and_dated_distinctly(tmp_path):
    code, out = hiap("run", "-r", "1", "national_2025", "--months", "24", "--out", tmp_path / "run", "--no-plots")
    assert code == 0, out
    assert "nan" not in out.lower()

    def no_constants(name: str) -> None:
        raise AssertionError(f"summary.json holds {name}")

    summary = json.loads((tmp_path / "run" / "summary.json").read_text(), parse_constant=no_constants)
    assert summary["outcomes"]["acceptance_rate"]["start"] is None
    series = pd.read_csv(tmp_path / "run" / "timeseries.csv", dtype=str)
    assert list(series["date"][:3]) == ["2024-12", "2025-01", "2025-02"] and series["date"].iloc[-1] == "2026-12"
    assert series["acceptance_rate"].isna().iloc[0]  # undefined before any partner decision: an empty cell
    digits = series.drop(columns=["date"]).stack().dropna().map(lambda v: len(v.replace("-", "").replace(".", "").lstrip("0")))
    assert digits.max() <= 12
    parquet = pd.read_parquet(tmp_path / "run" / "timeseries.parquet")
    assert parquet["acceptance_rate"].isna().iloc[0]
    assert all(math.isfinite(v) for v in parquet.drop(columns=["date", "acceptance_rate"]).select_dtypes("number").to_numpy().ravel())


@pytest.mark.parametrize(("command", "names"), [
    (["scenarios"], ["national_2025_coordinating_minister", "regional_networks_2021_structural"]),
    (["schema", "trust"], ["parameters.contacts.trust_pull", "municipalities.parameters.trust.institutional_learning"]),
    (["experiments"], ["morris_screening", "policy_comparison", "sobol_national"]),
    (["metrics"], ["pledge_partners_engaged", "health_gap_reduction"]),
])
def test_tables_keep_names_whole_at_80_columns(command, names):
    result = runner.invoke(app, command, env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    for name in names:
        assert name in result.output, (name, result.output)


@pytest.mark.parametrize("args", [["run", "national_2025", "--seed", str(2**64 + 1)], ["run", "national_2025", "--seed", "-5"],
                                  ["play", "national_2025", "--role", "programme_director", "--seed", str(2**64)]])
def test_seeds_out_of_range_on_the_command_line_are_refused(tmp_path, args):
    code, out = hiap(*args, "--no-plots" if args[0] == "run" else "--turns", *([] if args[0] == "run" else ["1"]))
    assert code == 2 and "--seed" in out, out
