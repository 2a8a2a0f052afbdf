"""Submodel 4.7 Political commitment and structures.

At a cabinet change every minister's commitment is redrawn around the coalition's stance (plus a bonus when
health is in the coalition agreement), scaled by the headline knob. Partners whose minister's commitment
falls sharply may renege on joint work [HHS2016]. A coordinating minister or envoy adds agenda power
whose effect depends on the cabinet's goodwill ('gunfactor') [ABD2024 5.6].
"""

from __future__ import annotations

import numpy as np


def draw_commitments(rng: np.random.Generator, n: int, politics, knob: float) -> np.ndarray:
    """Ministers' commitment for a new cabinet (always draws n+1 numbers: common random numbers)."""
    stance = rng.normal(politics.coalition_stance_mean, politics.coalition_stance_sd)
    personal = rng.normal(0.0, politics.minister_sd, size=n)
    bonus = politics.agreement_bonus if politics.health_in_agreement else 0.0
    return np.clip((stance + bonus + personal) * knob, 0.0, 1.0)


def agenda_power(strength: float, goodwill: float, weight: float) -> float:
    """Value a coordinating minister or envoy adds to a partner's decision."""
    return weight * strength * goodwill


def reneges(old: float, new: float, drop: float) -> bool:
    """Whether a commitment change is sharp enough for a partner to reconsider its joint work."""
    return (old - new) >= drop and new < 0.4
