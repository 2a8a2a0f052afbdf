"""Mechanism switches (the scenario's mechanisms: section): each exists, each removes something, all on changes nothing."""

from __future__ import annotations

import hashlib

import pytest

from hiap_sim.model import HiapModel
from hiap_sim.pipeline.knockouts import IN_PIPELINE, NEUTRAL, knock_out
from hiap_sim.scenario import load_scenario
from hiap_sim.scenario.schema import Mechanisms
from hiap_sim.validation.patterns import load_pattern, pattern_files


def test_every_switch_has_a_knockout():
    assert set(NEUTRAL) | set(IN_PIPELINE) == set(Mechanisms.model_fields)


def test_every_validation_fact_names_its_mechanisms():
    for f in pattern_files():
        pattern = load_pattern(f)
        assert pattern.knockouts, f"{f.name} names no mechanism"


def _fingerprint(overrides: dict, scenario: str, months: int) -> str:
    model = HiapModel(load_scenario(scenario, overrides), seed=11, months=months)
    frame = model.run()
    return hashlib.md5(frame.to_csv().encode() + model.events().to_csv().encode() + repr(list(model.event_log)).encode()).hexdigest()


def test_all_switches_on_is_the_policy_model():
    scenario = load_scenario("national_2025")
    assert knock_out(scenario) is scenario
    on = {f"mechanisms.{name}": True for name in Mechanisms.model_fields}
    assert _fingerprint(on, "national_2025", 48) == _fingerprint({}, "national_2025", 48)


# a setting where each mechanism is at work (the default national scenario otherwise)
POLLUTION = {"crises.scheduled": [{"date": "2026-01", "kind": "industrial_pollution", "departments": ["IenW", "VWS"], "size": 0.5}]}
SETTINGS = {
    "physical_filter": ("rivm_municipalities_2009", None, {}),
    # three delegates each, so that officers (who propose most) sit in the group: with directors alone the group's
    # contacts yielded no proposal in the seed's run once ministries' work ran for a programme period
    "pacification": ("national_2025", 120, {"levers.working_group.enabled": True, "levers.working_group.delegates_per_department": 3}),
    "framing": ("national_2025", 120, {"departments.VWS.strategy.frame": "HfaP"}),
    "crisis_window": ("national_2025", 120, POLLUTION),
    "crisis_urgency": ("national_2025", 120, POLLUTION),
    "scarcity": ("national_2025", 120, {"budget_cuts": [{"date": "2026-01", "fraction": 0.5}]}),
    "programme_mandate": ("segv_2008", None, {}),  # J&G holds a mandate until 2010
    "capacity_binds": ("national_2025", 120, {"departments.VWS.capacity_fte": 2.5}),  # the HiaP team alone [ABD2024]
}


@pytest.mark.parametrize("name", list(Mechanisms.model_fields))
def test_each_knockout_changes_the_run(name):
    scenario, months, overrides = SETTINGS.get(name, ("national_2025", 120, {}))
    assert _fingerprint({**overrides, f"mechanisms.{name}": False}, scenario, months) != _fingerprint(overrides, scenario, months)


def test_capacity_knockout_switches_the_rule_off_at_both_levels():
    scenario = knock_out(load_scenario("national_2025_municipalities", {"mechanisms.capacity_binds": False}))
    for work in (scenario.parameters.work, scenario.municipalities.parameters.work):
        assert work.overload_slowdown == 0.0 and work.overload_drop_per_month == 0.0


def test_knockout_sets_neutral_values():
    scenario = knock_out(load_scenario("national_2025", {"mechanisms.framing": False, "mechanisms.rank": False}))
    assert scenario.parameters.decisions.frame_factor == 1.0
    assert len(set(scenario.parameters.proposals.rank_factor.values())) == 1
    assert scenario.parameters.decisions.trust_weight == load_scenario("national_2025").parameters.decisions.trust_weight


def test_a_pattern_arm_may_not_switch_mechanisms(tmp_path):
    from hiap_sim.scenario import ScenarioError

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nfact: 1\ntitle: t\nsource: HHS2016\nclaim: c\nknockouts: {framing: [framing]}\n"
        "arms:\n  a: {scenario: national_2025, overrides: {mechanisms.framing: false}}\n"
        "criteria:\n  - {statistic: proposals, arm: a, test: mean_above, threshold: 0, effect: any proposal at all}\n"
    )
    with pytest.raises(ScenarioError, match="knockouts belong"):
        load_pattern(bad)
