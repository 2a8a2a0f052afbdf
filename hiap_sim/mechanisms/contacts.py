"""Submodel 4.2 Contacts.

Civil servants spend hours on contacts: mostly inside their own organisation; across organisations with a
rate rising with boundary spanning, and a partner chosen partly by chance (a share of encounters is
random [HHS2016 SF1]) and partly by existing trust and goal matching. Monthly meeting counts per pair are
Poisson draws from a rate matrix (numpy, no per-pair loops).
"""

from __future__ import annotations

import numpy as np


def contact_rates(
    contacts_per_person: np.ndarray,
    structure: ContactStructure,
    boundary_spanning: np.ndarray,
    trust: np.ndarray,
    baseline: np.ndarray,
    affinity: np.ndarray,
    within_share: float,
    chance_share: float,
    trust_pull: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Expected contacts each person starts per month: (all contacts, chance encounters), both (N, N).

    Cross-organisation contacts are split into chance encounters (uniform over the other organisations'
    staff) and deliberate ones, steered by trust above baseline and goal matching ``affinity`` (staff x staff).
    """
    per = contacts_per_person * structure.active
    within = structure.own_share * (per * within_share)[:, None]
    cross_total = per * (1.0 - within_share) * (0.5 + boundary_spanning)
    chance = structure.cross_share * (cross_total * chance_share)[:, None]
    pull = structure.cross * np.exp(trust_pull * (trust - baseline)) * affinity
    norm = pull.sum(axis=1, keepdims=True)
    norm[norm == 0] = 1.0
    deliberate = pull * ((cross_total * (1.0 - chance_share))[:, None] / norm)
    return within + chance + deliberate, chance


class ContactStructure:
    """Who can meet whom: masks that change only when people move (reorganisation, rotation)."""

    def __init__(self, org_of: np.ndarray, active: np.ndarray) -> None:
        same = org_of[:, None] == org_of[None, :]
        alive = active[:, None] & active[None, :]
        np.fill_diagonal(alive, False)
        own = same & alive
        self.active = active.astype(float)
        self.cross = (alive & ~same).astype(float)
        self.own_share = own / np.maximum(own.sum(axis=1), 1)[:, None]
        self.cross_share = self.cross / np.maximum(self.cross.sum(axis=1), 1)[:, None]


def draw_meetings(rng: np.random.Generator, rates: np.ndarray, chance: np.ndarray, upper: tuple[np.ndarray, np.ndarray]):
    """Draw one month of meetings: a contact i starts with j is also j's with i.

    Returns (rows, cols, count, chance_count) for pairs that met (rows < cols): the number of meetings and
    how many of them were chance encounters (binomial split, exact for a sum of Poisson processes).
    """
    pair_rates = (rates + rates.T)[upper]
    counts = rng.poisson(pair_rates)
    hit = np.flatnonzero(counts)
    rows, cols, k = upper[0][hit], upper[1][hit], counts[hit]
    chance_rates = (chance + chance.T)[rows, cols]
    share = np.divide(chance_rates, pair_rates[hit], out=np.zeros(len(hit)), where=pair_rates[hit] > 0)
    n_chance = rng.binomial(k, np.clip(share, 0.0, 1.0))
    return rows, cols, k, n_chance
