"""Every behavioural parameter states the range its evidence supports: a source's figure, a calibration's
spread, or an assumption with its reasoning; the ranges feed sensitivity studies."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import Field

from hiap_sim.experiments.design import lookup, numeric_leaves, prepare
from hiap_sim.experiments.spec import Experiment, ExperimentError, experiment_from_dict
from hiap_sim.scenario.docs import behavioural_parameters, parameter_docs, plausible_ranges, range_problems
from hiap_sim.scenario.fields import Strict, each, metadata, param, share
from hiap_sim.scenario.schema import Scenario

# defaults that lie outside their own plausible range, each with the reason it is kept (none at present)
DEFAULT_OUTSIDE_RANGE: dict[str, str] = {}


def test_every_behavioural_parameter_is_sourced_or_ranged():
    problems = range_problems(behavioural_parameters(), DEFAULT_OUTSIDE_RANGE)
    assert not problems, "\n".join(problems)


def test_the_exceptions_are_still_needed():
    """An exception whose default has moved back into its range is stale and must go."""
    ranges = plausible_ranges()
    defaults = {d.path: d.value for d in behavioural_parameters()}
    for path in DEFAULT_OUTSIDE_RANGE:
        low, high = ranges[path]
        assert not low <= defaults[path] <= high, f"{path} lies inside its range now; remove it from DEFAULT_OUTSIDE_RANGE"


def test_both_levels_and_the_rule_blocks_outside_parameters_are_behavioural():
    paths = {d.path for d in behavioural_parameters()}
    for path in ("parameters.work.base_progress", "parameters.health.effect_size", "parameters.decisions.fit_weight",
                 "municipalities.parameters.decisions.bias", "levers.financing.follow_up_probability", "politics.early_fall_per_month",
                 "crises.random_per_year", "municipalities.financing.follow_up_probability", "pledges.takeover_factor"):
        assert path in paths, path
    # scenario inputs are not: targets, switches, dates, organisations, lever settings, headline knobs
    for path in ("parameters.health.target_year", "municipalities.parameters.physical_filter.enabled", "politics.cabinet_changes",
                 "departments.<KEY>.silo_strength", "levers.coordinating_minister.strength", "political_commitment", "seed"):
        assert path not in paths, path


def test_bases_are_read_from_the_evidence():
    by_path = {d.path: d for d in behavioural_parameters()}
    assert by_path["parameters.trust.contact_step"].basis == "source"
    assert "5-10 years" in by_path["parameters.trust.contact_step"].evidence
    assert by_path["parameters.health.initial_gap_years"].plausible == [14, 19]
    assert by_path["municipalities.parameters.decisions.bias"].basis == "calibrated"
    assert by_path["parameters.decisions.bias"].basis == "assumption"  # the national constant is not calibrated
    assert by_path["parameters.work.base_progress"].basis == "assumption"


# --------------------------------------------------------------------------- the check fails on bad declarations
class _Bad(Strict):
    ROLE = "behavioural"

    no_range: float = share(0.5, "a rate with nothing behind it")
    outside: float = share(0.9, "default beyond its range", plausible=(0.1, 0.5), evidence="assumption: a rate of this order because of that")
    beyond_bounds: float = share(0.5, "range beyond what the code accepts", plausible=(0.2, 1.5), evidence="assumption: a rate of this order because of that")
    no_figure: float = share(0.5, "a source without a number", source="HHS2016", plausible=(0.2, 0.8), evidence="[HHS2016] evidence.md §1 fact 6: it matters")
    no_reason: float = share(0.5, "an assumption without reasoning", plausible=(0.2, 0.8), evidence="assumption")
    inverted: float = param(2.0, "inverted range", ge=0, le=5, plausible=(3.0, 1.0), evidence="assumption: a weight of this order because of that")
    short_list: list[float] = Field(default_factory=lambda: [0.0, 0.5, 1.0], json_schema_extra=metadata("", "assumption", plausible=[(0, 0), (0.2, 0.8)],
                                                                                                           evidence="assumption: a cost by level because of that"))
    switch: bool = param(True, "a switch declared behavioural")
    an_input: float = share(0.5, "a scenario setting needs no range", role="input")


def test_the_check_names_each_bad_declaration():
    problems = "\n".join(range_problems(parameter_docs(_Bad)))
    assert "no_range: no plausible range" in problems
    assert "outside: default 0.9 lies outside its plausible range 0.1 .. 0.5" in problems
    assert "beyond_bounds: plausible range 0.2 .. 1.5 lies outside the allowed range" in problems
    assert "no_figure: a sourced range must quote the source's figure" in problems
    assert "no_reason: an assumption needs one line of reasoning" in problems
    assert "inverted: plausible range 3 .. 1 is inverted" in problems
    assert "short_list.2: no plausible range for this entry" in problems
    assert "switch: a behavioural parameter must be a number" in problems
    assert "an_input" not in problems
    # a listed exception silences exactly its own default
    assert "outside: default" not in "\n".join(range_problems(parameter_docs(_Bad), {"outside": "kept for a reason"}))


def test_a_calibrated_range_names_its_source_and_calibration():
    class Fitted(Strict):
        ROLE = "behavioural"
        rate: float = share(0.3, "a fitted rate", plausible=(0.2, 0.4), evidence="calibrated by eye: 0.2-0.4")

    problems = "\n".join(range_problems(parameter_docs(Fitted)))
    assert "must name its source key" in problems and "experiments/calibration" in problems


def test_each_scales_every_entry_and_keeps_zeros_fixed():
    assert each([0.0, 0.2, 1.0], 0.5, 1.5) == [(0.0, 0.0), (0.1, 0.3), (0.5, 1.5)]
    assert each({"a": 1.0, "b": 0.8}, 0.5, 1.5, cap=1.0) == {"a": (0.5, 1.0), "b": (0.4, 1.0)}


# --------------------------------------------------------------------------- ranges for sensitivity studies
def test_plausible_ranges_are_sweepable_paths_of_the_scenario():
    ranges = plausible_ranges()
    dumped = Scenario.model_construct().model_dump()
    leaves = set(numeric_leaves(dumped))
    assert len(ranges) > 250
    for path, (low, high) in ranges.items():
        assert path in leaves, path
        found, value = lookup(dumped, path)
        assert found and low <= value <= high and low < high, path
    # list entries and map keys come one by one; entries fixed by the rule's structure are left out
    assert "parameters.work.level_speed.3" in ranges and "parameters.work.level_speed.0" not in ranges
    assert "parameters.contacts.hours.officer" in ranges and "parameters.proposals.rank_factor.officer" not in ranges
    assert set(plausible_ranges("politics")) == {p for p in ranges if p.startswith("politics.")}


def _experiment(parameters) -> dict:
    return {"name": "behavioural_screen", "scenario": "national_2025", "method": "morris", "samples": 2,
            "parameters": parameters, "outputs": [{"metric": "health_gap_reduction"}]}


def test_an_experiment_can_take_every_behavioural_parameter_with_its_range():
    e = Experiment.model_validate(_experiment("behavioural"))
    ranges = plausible_ranges()
    assert {p.path: tuple(p.bounds) for p in e.parameters} == ranges


def test_an_experiment_can_take_a_part_and_override_one_range():
    e = experiment_from_dict(_experiment([{"behavioural": "parameters.work", "exclude": ["parameters.work.approach"]},
                                          {"path": "parameters.work.base_progress", "bounds": [0.02, 0.04]},
                                          {"path": "urgency", "bounds": [0.5, 1.5]}]))
    paths = [p.path for p in e.parameters]
    assert paths.count("parameters.work.base_progress") == 1
    assert next(p for p in e.parameters if p.path == "parameters.work.base_progress").bounds == [0.02, 0.04]
    assert "urgency" in paths and not any(p.startswith("parameters.work.approach") for p in paths)
    assert all(p.startswith(("parameters.work.", "urgency")) for p in paths)


def test_a_design_over_the_national_rules_checks_and_samples():
    e = experiment_from_dict(_experiment([{"behavioural": "parameters", "exclude": ["parameters.actions"]}]))
    design = prepare(e)
    assert design.values.shape[1] == len(e.parameters) > 100
    lows = np.array([p.bounds[0] for p in e.parameters])
    highs = np.array([p.bounds[1] for p in e.parameters])
    slack = 1e-9 * (highs - lows)  # low + u (high - low) at u = 1 may round a hair above high
    assert (design.values >= lows - slack).all() and (design.values <= highs + slack).all()


@pytest.mark.parametrize(("entry", "message"), [
    ({"behavioural": "nowhere"}, "no behavioural parameter with a plausible range under 'nowhere'"),
    ({"behavioural": "politics", "exclude": ["politics"]}, "once ['politics'] are excluded"),
    ({"behavioural": "politics", "bounds": [0, 1]}, "found also 'bounds'"),
])
def test_a_wrong_behavioural_entry_is_a_clear_error(entry, message):
    with pytest.raises(ExperimentError, match=message.replace("[", r"\[").replace("]", r"\]")):
        experiment_from_dict(_experiment([entry]))
