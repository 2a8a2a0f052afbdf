"""Submodel 4.2 Contacts.

Civil servants spend hours on contacts: mostly inside their own organisation; across organisations with a
rate rising with boundary spanning, and a partner chosen partly by chance (a share of encounters is
random [HHS2016 SF1]) and partly by existing trust and goal matching. Each person's number of contacts of
each kind is a Poisson draw; partners are then sampled (uniformly for colleagues and chance encounters,
by weight for deliberate contacts). All numpy: no per-pair Python loops.
"""

from __future__ import annotations

import numpy as np


class ContactStructure:
    """Who works where: per-organisation blocks of staff, updated only when people move."""

    def __init__(self, org_of: np.ndarray, active: np.ndarray) -> None:
        self.org_of = org_of
        self.active = active.copy()
        n = len(org_of)
        # active staff sorted by organisation, with block starts and sizes
        members = np.flatnonzero(active)
        self.order = members[np.argsort(org_of[members], kind="stable")]
        n_org = int(org_of.max()) + 1 if n else 0
        self.size = np.bincount(org_of[members], minlength=n_org)
        self.start = np.concatenate([[0], np.cumsum(self.size)[:-1]])
        self.n_active = len(members)
        same = org_of[:, None] == org_of[None, :]
        alive = active[:, None] & active[None, :]
        self.cross = (alive & ~same).astype(float)
        self.colleagues = np.where(active, self.size[org_of] - 1, 0)
        self.others = np.where(active, self.n_active - self.size[org_of], 0)
        self.has_colleagues = (self.colleagues > 0).astype(float)
        self.has_others = (self.others > 0).astype(float)
        self._split: tuple[float, np.ndarray] | None = None

    def split(self, chance_share: float) -> np.ndarray:
        """Multipliers that turn (within, cross, cross) rates into (within, chance, deliberate) rates."""
        if self._split is None or self._split[0] != chance_share:
            n = len(self.org_of)
            self._split = (chance_share, np.concatenate([np.ones(n), np.full(n, chance_share), np.full(n, 1.0 - chance_share)]))
        return self._split[1]


def contact_counts(
    rng: np.random.Generator,
    contacts_per_person: np.ndarray,
    structure: ContactStructure,
    boundary_spanning: np.ndarray,
    within_share: float,
    chance_share: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Contacts each person starts this month: (with colleagues, chance encounters, deliberate)."""
    per = contacts_per_person * structure.active
    cross_total = per * (1.0 - within_share) * (0.5 + boundary_spanning)
    rates = np.concatenate([per * within_share * structure.has_colleagues, cross_total * structure.has_others])
    n = len(per)
    counts = rng.poisson(np.concatenate([rates, rates[n:]]) * structure.split(chance_share))
    return counts[:n], counts[n : 2 * n], counts[2 * n :]


def pick_colleagues(rng: np.random.Generator, starters: np.ndarray, structure: ContactStructure) -> np.ndarray:
    """A uniformly chosen colleague (same organisation, not oneself) for each starter."""
    org = structure.org_of[starters]
    size = structure.size[org]
    slot = rng.integers(0, np.maximum(size - 1, 1))
    partner = structure.order[structure.start[org] + slot]
    # skip oneself: the starter's own slot is replaced by the last member of the block
    last = structure.order[structure.start[org] + size - 1]
    return np.where(partner == starters, last, partner)


def pick_strangers(rng: np.random.Generator, starters: np.ndarray, structure: ContactStructure) -> np.ndarray:
    """A uniformly chosen official of another organisation for each starter (a chance encounter)."""
    org = structure.org_of[starters]
    slot = rng.integers(0, np.maximum(structure.others[starters], 1))
    # positions before the own block stay, positions from it on shift past the block
    shifted = np.where(slot >= structure.start[org], slot + structure.size[org], slot)
    return structure.order[shifted]


def pick_deliberate(
    rng: np.random.Generator,
    counts: np.ndarray,
    structure: ContactStructure,
    trust: np.ndarray,
    baseline: np.ndarray,
    affinity: np.ndarray,
    trust_pull: float,
) -> np.ndarray:
    """Partners for ``counts[i]`` deliberate contacts of each person i, chosen by weight: goal matching
    ``affinity`` (staff x staff) times ``1 + pull x (trust - baseline)``. Returns (starters, partners)."""
    rows = np.flatnonzero(counts)
    if len(rows) == 0:
        return rows, rows
    weight = 1.0 + trust_pull * (trust[rows] - baseline[rows])
    np.maximum(weight, 0.05, out=weight)
    weight *= affinity[rows]
    weight *= structure.cross[rows]
    cumulative = np.cumsum(weight, axis=1)
    where = np.repeat(np.arange(len(rows)), counts[rows])
    draws = rng.random(len(where)) * cumulative[where, -1]
    return rows[where], np.minimum(_row_search(cumulative, where, draws), trust.shape[1] - 1)


def _row_search(cumulative: np.ndarray, where: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """Vectorised per-row searchsorted: offset each row so one flat search serves all."""
    n_rows, n_cols = cumulative.shape
    scale = cumulative[:, -1:].max() + 1.0 if n_rows else 1.0
    flat = (cumulative + scale * np.arange(n_rows)[:, None]).ravel()
    index = np.searchsorted(flat, draws + scale * where, side="right")
    return index - where * n_cols


def pairs_from_starts(starters_per_person: np.ndarray) -> np.ndarray:
    """Repeat each person's index by the number of contacts they start."""
    return np.repeat(np.arange(len(starters_per_person)), starters_per_person)
