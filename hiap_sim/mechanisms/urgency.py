"""Submodel 4.1 Urgency.

``urgency = clip(base + narrative*w_n + sum(crisis shocks * exp(-ln2*age/half_life)) - economic crisis*w_e)``
Crises raise urgency on the departments they touch ('never waste a good crisis' [ABD2024]); an economic
crisis lowers health urgency everywhere [HHS2016].
"""

from __future__ import annotations

import math

import numpy as np


def shock_remaining(size: float, age_months: float, half_life_months: float) -> float:
    """What is left of a shock of ``size`` after ``age_months`` with exponential decay."""
    if age_months < 0:
        return 0.0
    return size * math.exp(-math.log(2.0) * age_months / half_life_months)


def department_urgency(
    base: np.ndarray,
    narrative: float,
    narrative_weight: float,
    crisis_shock: np.ndarray,
    economic_shock: float,
    economic_weight: float,
) -> np.ndarray:
    """Urgency per organisation in [0, 1] from base, narrative, crisis shocks and economic crisis."""
    raw = base + narrative * narrative_weight + crisis_shock - economic_shock * economic_weight
    return np.minimum(np.maximum(raw, 0.0), 1.0)  # = np.clip, without its Python-level overhead
