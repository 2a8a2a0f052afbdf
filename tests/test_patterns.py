"""The stylized facts in their reduced form (fewer replicates, same direction of every criterion).

The full form (30 replicates each, strict criteria) is `hiap-sim patterns`; its report is in docs/validation.
"""

from __future__ import annotations

import pytest

from hiap_sim.validation.patterns import load_pattern, pattern_files, run_patterns

REPLICATES = 20


@pytest.fixture(scope="module")
def results():
    found, _ = run_patterns(replicates=REPLICATES, workers=2, reduced=True)
    return {r.pattern.name: r for r in found}


def test_every_fact_of_the_evidence_has_a_pattern():
    facts = {load_pattern(f).fact for f in pattern_files()}
    assert facts == set(range(1, 16))  # evidence.md section 1 lists fifteen


@pytest.mark.slow
@pytest.mark.parametrize("name", [load_pattern(f).name for f in pattern_files()])
def test_pattern_holds_in_reduced_form(results, name):
    result = results[name]
    failed = [o["criterion"] + f" (observed {o['observed']:.3g}, p={o.get('p')})" for o in result.outcomes if not o["passed"]]
    assert not failed, failed


def test_pattern_files_reject_tuned_parameters(tmp_path):
    from hiap_sim.scenario import ScenarioError

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nfact: 1\ntitle: t\nsource: HHS2016\nclaim: c\narms:\n  a: {scenario: national_2025, overrides: {parameters.trust.contact_step: 0.5}}\n"
        "criteria:\n  - {statistic: proposals, arm: a, test: mean_above, threshold: 0}\n"
    )
    with pytest.raises(ScenarioError, match="behavioural parameters"):
        load_pattern(bad)
