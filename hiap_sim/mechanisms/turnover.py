"""Turnover of officials (spec 4.8), one rule for ministries and municipalities: a monthly hazard of leaving the
post (and, where a level rotates posts by rule, leaving when the rule's months are up); successors inherit the
post, not the ties [HHS2016 'changing contact persons']: they start at the organisation's baseline trust, with a
boundary-spanning skill and an awareness of their own; when a coordinator leaves, someone takes the work over only
with a chance [AIG2016].

A level keeps its officials in its own arrays (the national level one row of officials, the municipal level a
block per municipality, numbered across municipalities here) and supplies what differs as data: the mean tenure,
the rotation rule, the mean boundary spanning, the spread of awareness, each official's starting awareness and the
takeover bonuses its institutions give.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def newcomer_boundary(pair: np.ndarray, mean: float) -> np.ndarray:
    """Boundary-spanning skill of newcomers from two uniform draws each (``pair``: shape (2, ...)): the mean of the
    two, scaled to 0 .. 2 x ``mean`` (a triangular distribution with mean ``mean``) and cut at 1 [HHS2016:
    boundary spanners are the exception]. The same rule at the start of a run and for every successor."""
    return np.minimum((pair[0] + pair[1]) * mean, 1.0)


def starting_awareness(field_mean: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """Awareness of an official new in a post: the mean of the post's organisation (for a municipal sector head a
    share of it: the level's data) plus individual noise, within 0-1."""
    return np.minimum(np.maximum(field_mean + noise, 0.0), 1.0)


@dataclass(frozen=True)
class Departures:
    """Who leaves this month (positions in the level's flat numbering of officials) and what their successors
    bring: boundary-spanning skill and awareness noise."""

    leavers: np.ndarray
    boundary: np.ndarray
    noise: np.ndarray


def departures(stream: np.random.Generator, tenure: np.ndarray, mean_tenure_months: float, boundary_mean: float, awareness_sd: float,
               rotation_rule: np.ndarray | None = None, active: np.ndarray | None = None) -> Departures:
    """One month of turnover over officials numbered ``0 .. n-1`` (``tenure``: months in post, a flat array the
    month is added to). Draws come from the world's turnover stream in a fixed number a month, whoever leaves
    (common random numbers across scenarios): a uniform for leaving, two for a successor's boundary spanning, a
    normal for the successor's awareness.

    An official leaves with the monthly hazard ``1 / mean_tenure_months``, or when ``rotation_rule`` (months
    after which each post rotates; 0: never) is up; only ``active`` posts (all when None) are filled again."""
    n = tenure.size
    uniforms = stream.random((3, n))
    noise = stream.normal(0.0, awareness_sd, n)
    tenure += 1
    leaves = uniforms[0] < 1.0 / mean_tenure_months
    if rotation_rule is not None:
        leaves |= (rotation_rule > 0) & (tenure >= rotation_rule)
    if active is not None:
        leaves &= active
    leavers = leaves.nonzero()[0]
    return Departures(leavers, newcomer_boundary(uniforms[1:, leavers], boundary_mean), noise[leavers])


def takeover_chance(takeover_probability: float, takeover_bonus_formal: float, levels: np.ndarray, *bonuses: np.ndarray | float) -> np.ndarray:
    """The chance that someone takes over joint work whose coordinator left [AIG2016: work depends on 'one
    enthusiastic coordinator']: a base chance, more for formalised work (level 3 and up: it has a place in the
    organisation [HHS2016]), plus the bonuses the level's institutions give (structural money, a programme
    directorate nationally; an IGB lead locally), added in the order given."""
    chance = takeover_probability + np.where(levels >= 3, takeover_bonus_formal, 0.0)
    for bonus in bonuses:
        chance = chance + bonus
    return chance
