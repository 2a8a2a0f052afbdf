"""Bad experiment files are rejected before any run: one clear message (file, field, expected, found), exit 2, no traceback."""

from __future__ import annotations

import pytest
from sweep_helpers import tiny, write_experiment
from typer.testing import CliRunner

from hiap_sim.cli import app

runner = CliRunner()


def sweep(tmp_path, data_or_path, *extra: str):
    """Run 'hiap-sim sweep' in-process on an experiment (mapping or path), results under tmp_path/results."""
    path = data_or_path if not isinstance(data_or_path, dict) else write_experiment(tmp_path, data_or_path)
    result = runner.invoke(app, ["sweep", str(path), "--results", str(tmp_path / "results"), "--executor", "serial", "--quiet", *extra])
    return result, (result.output or "") + (result.stderr or "")


def bad_parameter(index: int, **changes):
    data = tiny()
    data["parameters"][index] = {**data["parameters"][index], **changes}
    return data


CASES = [
    ("unknown path", bad_parameter(1, path="parameters.trust.contact_stp"), ["parameters.1.path", "not a setting", "parameters.trust.contact_step"]),
    ("unknown department", bad_parameter(0, path="departments.XYZ.budget"), ["parameters.0.path", "departments.XYZ.budget"]),
    ("block, not a number", bad_parameter(0, path="parameters.trust"), ["a block of settings", "parameters.trust.baseline_within"]),
    ("yes/no setting", bad_parameter(0, path="levers.coordinating_minister.enabled"), ["yes/no setting", "not a number"]),
    ("inverted bounds", bad_parameter(0, bounds=[1.5, 0.5]), ["parameters.0.bounds", "inverted", "[1.5, 0.5]"]),
    ("bounds outside the schema", bad_parameter(0, bounds=[0.5, 4.0]), ["parameters.0.bounds", "does not allow", "expected a number from 0 to 3"]),
    ("unknown output", {**tiny(), "outputs": [{"metric": "trust_crss"}]}, ["outputs.0.metric", "not a metric", "trust_cross"]),
    ("sobol not a power of 2", {**tiny(), "method": "sobol", "samples": 100}, ["samples", "power of 2", "found 100"]),
    ("fast sample too small", {**tiny(), "method": "fast", "samples": 50}, ["samples", "4 * harmonics^2 = 64", "found 50"]),
    ("morris odd levels", {**tiny(), "method": "morris", "samples": 4, "levels": 5}, ["levels", "even number"]),
    ("grid with a sample size", {**tiny(), "method": "grid", "samples": 4, "parameters": [{"path": "urgency", "levels": [1, 2]}]},
     ["samples", "takes no sample size"]),
    ("option of another method", {**tiny(), "second_order": True}, ["second_order", "only to method 'sobol'"]),
    ("unknown key", {**tiny(), "sampels": 8}, ["sampels", "Did you mean 'samples'"]),
    ("mean_last without months", {**tiny(), "outputs": [{"metric": "trust_cross", "aggregate": "mean_last"}]}, ["outputs.0.months", "mean_last"]),
    ("missing scenario", {**tiny(), "scenario": "no_such_scenario"}, ["scenario", "no_such_scenario"]),
    ("wrong type", {**tiny(), "replicates": "many"}, ["replicates", "expected a whole number", "'many'"]),
]


@pytest.mark.parametrize(("case", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_experiment_is_rejected_before_any_run(tmp_path, case, data, expected):
    result, text = sweep(tmp_path, data)
    assert result.exit_code == 2, text
    assert "Traceback" not in text
    assert "experiment.yaml" in text  # names the file
    for fragment in expected:
        assert fragment in text, f"{case}: {fragment!r} not in {text!r}"
    assert not (tmp_path / "results").exists()  # nothing was started


def test_missing_and_unreadable_files(tmp_path):
    result, text = sweep(tmp_path, tmp_path / "nope.yaml")
    assert result.exit_code == 2 and "no experiment file" in text and "Traceback" not in text
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nparameters: [\n", encoding="utf-8")
    result, text = sweep(tmp_path, broken)
    assert result.exit_code == 2 and "not valid YAML" in text and "Traceback" not in text


def test_folder_of_another_experiment_is_refused_and_left_untouched(tmp_path):
    first, text = sweep(tmp_path, tiny(samples=2, replicates=1, months=3), "--no-analyze")
    assert first.exit_code == 0, text
    folder = tmp_path / "results" / "tiny"
    before = sorted(p.name for p in (folder / "runs").iterdir())
    manifest = (folder / "manifest.json").read_text()
    other = tiny(samples=3, replicates=1, months=3)  # same name, different design
    second, text = sweep(tmp_path, other)
    assert second.exit_code == 2 and "different experiment" in text and "--out" in text and "Traceback" not in text
    assert sorted(p.name for p in (folder / "runs").iterdir()) == before
    assert (folder / "manifest.json").read_text() == manifest


def test_folder_with_foreign_files_is_refused(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result, text = sweep(tmp_path, tiny(samples=2, replicates=1, months=3), "--out", str(out))
    assert result.exit_code == 2 and "not hiap-sim sweep results" in text
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_dry_run_checks_and_plans_without_running(tmp_path):
    result, text = sweep(tmp_path, tiny(), "--dry-run")
    assert result.exit_code == 0, text
    assert "runs" in text and "10" in text and "Nothing was run" in text
    assert not (tmp_path / "results").exists()


def test_analyze_of_a_folder_that_is_no_result_folder(tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path)])
    text = (result.output or "") + (result.stderr or "")
    assert result.exit_code == 2 and "not a sweep result folder" in text and "Traceback" not in text
