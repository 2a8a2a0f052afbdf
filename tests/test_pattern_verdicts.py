"""Verdicts of a criterion on hand-made replicate values: pass, fail, and fail but undecided (the 95 % interval
still reaches what the criterion asks for)."""

from __future__ import annotations

import numpy as np
import pytest

from hiap_sim.validation.patterns import Criterion, evaluate

EFFECT = "a hand-made criterion for a test"


def _values(**arms: np.ndarray) -> dict[str, dict[str, np.ndarray]]:
    return {arm: {"completed": v} for arm, v in arms.items()}


def _greater(min_effect: float) -> Criterion:
    return Criterion(statistic="completed", test="greater", arms=("a", "b"), min_effect=min_effect, effect=EFFECT)


def test_a_clear_difference_passes_and_is_not_undecided():
    rng = np.random.default_rng(1)
    b = rng.normal(0, 1, 40)
    out = evaluate(_greater(0.05), _values(a=b + 0.5, b=b))
    assert out["passed"] and not out["undecided"]


def test_a_difference_near_its_minimum_fails_undecided():
    rng = np.random.default_rng(2)
    b = rng.normal(0, 1, 30)
    diff = rng.normal(0, 0.06, 30)
    diff += 0.06 - diff.mean()  # mean difference 0.06, just above the minimum of 0.05, with a wide interval
    out = evaluate(_greater(0.05), _values(a=b + diff, b=b))
    assert not out["passed"] and out["undecided"]
    assert out["interval"][0] < 0.05 < out["interval"][1]


def test_a_difference_clearly_below_its_minimum_fails_decided():
    rng = np.random.default_rng(3)
    b = rng.normal(0, 1, 30)
    out = evaluate(_greater(1.0), _values(a=b + rng.normal(0.0, 0.1, 30), b=b))
    assert not out["passed"] and not out["undecided"]


@pytest.mark.parametrize(("criterion", "values", "undecided"), [
    (dict(test="mean_above", arm="a", threshold=0.05), np.linspace(0.0, 0.12, 30), True),     # mean 0.06, interval reaches 0.05
    (dict(test="mean_above", arm="a", threshold=0.5), np.linspace(0.0, 0.12, 30), False),     # far below
    (dict(test="mean_below", arm="a", threshold=0.05), np.linspace(0.0, 0.12, 30), True),
    (dict(test="mean_below", arm="a", threshold=-0.5), np.linspace(0.0, 0.12, 30), False),
    (dict(test="median_between", arm="a", low=60, high=120), np.linspace(100, 160, 31), True),  # median 130, interval reaches 120
    (dict(test="median_between", arm="a", low=60, high=120), np.linspace(125, 145, 31), False),
    (dict(test="share_above", arm="a", threshold=0.0, share=0.6), np.r_[np.ones(16), -np.ones(14)], True),
    (dict(test="share_above", arm="a", threshold=0.0, share=0.9), np.r_[np.ones(5), -np.ones(25)], False),
])
def test_one_arm_criteria_fail_undecided_only_when_their_interval_reaches_the_criterion(criterion, values, undecided):
    out = evaluate(Criterion(statistic="completed", effect=EFFECT, **criterion), _values(a=values))
    assert not out["passed"]
    assert out["undecided"] is undecided
