"""The parameter table of docs/ODD.md is generated from the scenario schema and must not go stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiap_sim.scenario.docs import (
    ODD_BEGIN,
    ODD_END,
    ODD_REFRESH,
    basis,
    behavioural_parameters,
    main,
    odd_parameter_table,
    parameter_docs,
    replace_between_markers,
)
from hiap_sim.scenario.schema import Scenario

ODD = Path(__file__).resolve().parents[1] / "docs" / "ODD.md"


def _table_in(text: str) -> str:
    start, end = text.index(ODD_BEGIN) + len(ODD_BEGIN), text.index(ODD_END)
    return text[start:end].strip("\n")


def test_odd_parameter_table_matches_the_schema():
    text = ODD.read_text(encoding="utf-8")
    assert ODD_BEGIN in text and ODD_END in text, f"docs/ODD.md has lost its '{ODD_BEGIN}' / '{ODD_END}' markers"
    assert _table_in(text) == odd_parameter_table(), (
        f"The parameter table in docs/ODD.md differs from what the scenario schema generates. Refresh it with\n    {ODD_REFRESH}\n"
        "and commit the result."
    )


def test_a_stale_table_is_detected_and_refreshed(tmp_path):
    stale = tmp_path / "ODD.md"
    text = ODD.read_text(encoding="utf-8")
    stale.write_text(text.replace("| `contact_step` | 0.014 |", "| `contact_step` | 0.02 |", 1), encoding="utf-8")
    assert stale.read_text(encoding="utf-8") != text
    assert main(["--odd", str(stale), "--check"]) == 1
    assert main(["--odd", str(stale)]) == 0
    assert main(["--odd", str(stale), "--check"]) == 0
    assert _table_in(stale.read_text(encoding="utf-8")) == odd_parameter_table()


def test_refresh_needs_the_markers():
    with pytest.raises(ValueError, match="parameters:begin"):
        replace_between_markers("# no table here\n", "x")


def test_table_holds_every_behavioural_parameter_of_both_levels():
    table = odd_parameter_table()
    rows = behavioural_parameters()
    assert any(d.path.startswith("parameters.") for d in rows) and any(d.path.startswith("municipalities.parameters.") for d in rows)
    body = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(body) == len(rows)


def test_documented_defaults_are_the_defaults_a_scenario_gets():
    """Nested defaults set by a parent (the municipal level's own trust and decision values) are documented as
    the values a scenario gets, not as the class defaults; an overridden value names its own source."""
    defaults = Scenario.model_construct()  # every block at its defaults, without the checks a runnable scenario needs
    for d in behavioural_parameters():
        value = defaults
        for part in d.path.split("."):
            value = getattr(value, part)
        assert d.default == repr(value), d.path
    docs = {d.path: d for d in parameter_docs()}
    assert docs["municipalities.parameters.decisions.bias"].default == "-0.569"
    assert docs["municipalities.parameters.decisions.bias"].source.startswith("calibrated")
    assert docs["municipalities.parameters.trust.baseline_cross"].default == "0.35"


@pytest.mark.parametrize(("source", "expected"), [
    ("", "assumption"),
    ("assumption", "assumption"),
    ("assumption (range 0.05-0.2)", "assumption"),
    ("HHS2016", "source"),
    ("RIVM2010 (~24 of 32 h/week); assumption on the cross-cutting part", "source + assumption"),
    ("HHS2016; calibrated to RIVM2010 (experiments/calibration)", "calibrated"),
])
def test_basis_marks_missing_and_assumed_sources(source, expected):
    assert basis(source) == expected
