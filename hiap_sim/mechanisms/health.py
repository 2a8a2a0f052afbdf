"""Submodel 4.10 Health outcome.

Implemented and completed joint work closes a share of the socio-economic gap in healthy life expectancy
after a lag of years; effects combine multiplicatively (each closes a share of what is left), so the gap
never goes below zero. The link is uncertain and slow: lag and effect size belong in every sensitivity
analysis. Default gap 15 years ([RIVM2010] 14, [HHS2016] 16-19); target 30 % smaller by 2040 [REG2021].
"""

from __future__ import annotations

import math


def gap_reduction(arrived_effects: float) -> float:
    """Share of the starting gap closed by the sum of arrived effects (1 - exp(-sum))."""
    return 1.0 - math.exp(-arrived_effects)


def gap_years(initial_gap: float, arrived_effects: float) -> float:
    """Remaining gap in healthy life years."""
    return initial_gap * (1.0 - gap_reduction(arrived_effects))
