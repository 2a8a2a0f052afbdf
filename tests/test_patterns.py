"""The stylized facts in their reduced form: fewer replicates, the same criteria at the same alpha.

The full form (each pattern's replicates, with knockouts) is `hiap-sim patterns --knockouts`; its report is in
docs/validation, with the power of this reduced form for each criterion. Here each criterion that passes in the
committed report and has a power of at least ``MIN_POWER`` at the reduced size must pass again, so a change to
the model that breaks a fact fails CI. Criteria the report shows failing stay failing (they are not asserted
to pass), and criteria with too little power at this size are left to the full report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hiap_sim.validation.patterns import EVIDENCE_FACTS, FURTHER_FACTS, load_pattern, pattern_files, run_patterns

REPLICATES = 20
MIN_POWER = 0.8
RESULTS = Path(__file__).resolve().parents[1] / "docs" / "validation" / "results.json"


def _checked() -> dict[str, set[str]]:
    """Pattern -> criteria (by their text) that the reduced form must reproduce."""
    records = json.loads(RESULTS.read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {}
    for r in records:
        if "knockout" in r or not r["passed"] or r.get("power_reduced", 0.0) < MIN_POWER:
            continue
        out.setdefault(r["pattern"], set()).add(r["criterion"])
    return out


CHECKED = _checked()


@pytest.fixture(scope="module")
def results():
    found, _ = run_patterns(sorted(CHECKED), replicates=REPLICATES, workers=2, reduced=True)
    return {r.pattern.name: r for r in found}


def test_every_fact_of_the_evidence_has_a_pattern():
    facts = {load_pattern(f).fact for f in pattern_files()}
    # evidence.md section 1 lists fifteen; further facts of the sources are registered with their source
    assert facts == set(EVIDENCE_FACTS) | set(FURTHER_FACTS)


def test_the_report_states_power_for_every_criterion():
    records = [r for r in json.loads(RESULTS.read_text(encoding="utf-8")) if "knockout" not in r]
    assert records and all("power_reduced" in r for r in records)
    assert len(CHECKED) >= 8  # most facts are checked in CI


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CHECKED))
def test_pattern_holds_in_reduced_form(results, name):
    outcomes = [o for o in results[name].outcomes if o["criterion"] in CHECKED[name]]
    assert len(outcomes) == len(CHECKED[name]), "the report's criteria no longer match the pattern file: regenerate the report"
    failed = [o["criterion"] + f" (observed {o['observed']:.3g}, p={o.get('p')})" for o in outcomes if not o["passed"]]
    assert not failed, failed


def test_pattern_files_reject_tuned_parameters(tmp_path):
    from hiap_sim.scenario import ScenarioError

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nfact: 1\ntitle: t\nsource: HHS2016\nclaim: c\nknockouts: {framing: [framing]}\n"
        "arms:\n  a: {scenario: national_2025, overrides: {parameters.trust.contact_step: 0.5}}\n"
        "criteria:\n  - {statistic: proposals, arm: a, test: mean_above, threshold: 0, effect: any proposal at all}\n"
    )
    with pytest.raises(ScenarioError, match="behavioural parameters"):
        load_pattern(bad)


def test_a_criterion_states_its_effect(tmp_path):
    from hiap_sim.scenario import ScenarioError

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nfact: 1\ntitle: t\nsource: HHS2016\nclaim: c\nknockouts: {framing: [framing]}\n"
        "arms:\n  a: {scenario: national_2025}\ncriteria:\n  - {statistic: proposals, arm: a, test: mean_above, threshold: 0}\n"
    )
    with pytest.raises(ScenarioError, match="effect"):
        load_pattern(bad)
