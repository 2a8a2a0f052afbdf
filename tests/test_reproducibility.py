"""Same scenario + seed gives byte-identical output; different seeds differ."""

from __future__ import annotations

from hiap_sim.model import HiapModel
from hiap_sim.runner import replicate_seeds


def test_same_seed_identical_series(national):
    a = HiapModel(national, seed=11, months=60).run()
    b = HiapModel(national, seed=11, months=60).run()
    assert a.to_csv(index=False).encode() == b.to_csv(index=False).encode()


def test_different_seeds_differ(national):
    a = HiapModel(national, seed=11, months=60).run()
    b = HiapModel(national, seed=12, months=60).run()
    assert not a.equals(b)


def test_replicate_seeds_derived_and_stable():
    seeds = replicate_seeds(42, 5)
    assert seeds[0] == 42
    assert len(set(seeds)) == 5
    assert seeds == replicate_seeds(42, 5)
    assert replicate_seeds(42, 3) == seeds[:3]


def test_a_run_asked_for_some_metrics_computes_them_as_a_full_run(national):
    """A sweep asks the model only for its outputs' metrics; those values and the dynamics stay the same."""
    import pytest

    full = HiapModel(national, seed=5, months=60).run()
    wanted = ["health_gap_reduction", "ambition_gap", "trust_with_OCW", "level_share_2"]
    part = HiapModel(national, seed=5, months=60, metrics=wanted).run()
    assert set(wanted) <= set(part.columns) and "initiatives_active" not in part.columns
    for name in wanted:
        assert part[name].tolist() == full[name].tolist()
    with pytest.raises(ValueError, match="unknown metric 'no_such_metric'"):
        HiapModel(national, seed=5, months=2, metrics=["no_such_metric"])


def test_a_shorter_run_is_the_start_of_a_longer_one(national):
    """World events (crises, early cabinet falls) are drawn for the whole horizon at the start: a run of 60
    months sees the same months as the first 60 of a 120-month run, events included."""
    longer = HiapModel(national.model_copy(update={"crises": national.crises.model_copy(update={"random_per_year": 3.0})}), seed=4, months=120)
    shorter = HiapModel(longer.config, seed=4, months=60)
    long_frame, short_frame = longer.run(), shorter.run()
    assert short_frame.to_csv(index=False) == long_frame.iloc[: len(short_frame)].to_csv(index=False)
    assert list(shorter.event_log) == [e for e in longer.event_log if e.month <= 60]
    assert shorter.event_log.count("crisis") > 0
