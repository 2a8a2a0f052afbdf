"""The validity report's section on the ABC posterior: rendered from the stored result, counts stated."""

from __future__ import annotations

from hiap_sim.validation import posterior


def _result(pinned: bool, within: bool) -> dict:
    return {
        "method": "ABC-SMC", "generations": 3, "simulations": 900, "epsilons": [40.0, 20.0, 12.5], "weights": [0.5, 0.5], "effective_sample_size": 2.0,
        "posterior": {"bias": {"path": "municipalities.parameters.decisions.bias", "prior": [-1.2, 0.0], "median": -0.5,
                               "interval_90": [-0.6, -0.4] if pinned else [-1.1, -0.1], "interval_share_of_prior": 0.17 if pinned else 0.83,
                               "pinned_down": pinned}},
        "predictive": {"draws": 10, "targeted_within": int(within),
                       "targeted": {"sport": {"observed": 1.0, "n": 10, "predicted_mean": 0.9, "predicted_90": [0.8, 1.0], "within": within}},
                       "untargeted": [{"figure": "works on inequalities", "survey": 0.56, "n": 123, "survey_95": [0.47, 0.64],
                                       "predicted_mean": 0.6, "predicted_90": [0.5, 0.7], "overlaps": True}]},
    }


def test_the_section_states_what_is_pinned_down_and_what_the_check_found():
    text = "\n".join(posterior.markdown(_result(pinned=True, within=False)))
    assert "pins down 1 of 1 parameters (bias)" in text
    assert "| sport | 100% (10) | 90% [80%, 100%] | **no** |" in text
    assert "0 of 1 targeted shares lie within" in text and "1 of 1 figures that were not targeted agree" in text
    assert "pins down 0 of 1" in "\n".join(posterior.markdown(_result(pinned=False, within=True)))


def test_the_stored_posterior_is_complete():
    """The committed result of experiments/calibration/abc_rivm.py has every part the report shows."""
    result = posterior.load()
    assert result is not None, "experiments/calibration/abc_rivm.json is missing: run the ABC calibration"
    assert len(result["posterior"]) == 7 and result["generations"] >= 3
    assert abs(sum(result["weights"]) - 1.0) < 1e-6 and len(result["weights"]) == len(next(iter(result["particles"].values())))
    assert len(result["predictive"]["targeted"]) == 12 and len(result["predictive"]["untargeted"]) == 4
    posterior.markdown(result)
