"""Submodel 4.2 Contacts.

Civil servants spend hours on contacts: mostly inside their own organisation; across organisations with a
rate rising with boundary spanning, and a partner chosen partly by chance (a share of encounters is
random [HHS2016 SF1]) and partly by existing trust and goal matching. Each person's number of contacts of
each kind is a Poisson draw; partners are then sampled (uniformly for colleagues and chance encounters,
by weight for deliberate contacts). All numpy: no per-pair Python loops.
"""

from __future__ import annotations

import math

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
        self._factors: tuple[tuple[float, float], np.ndarray] | None = None
        # per person: where the own organisation's block starts, its size, its last member, how many colleagues
        # and officials of other organisations there are to draw from (at least 1, so empty draws stay in range)
        org_start = self.start[org_of] if n else np.zeros(0, dtype=int)
        org_size = self.size[org_of] if n else np.zeros(0, dtype=int)
        self.own_start = org_start
        self.own_size = org_size
        self.own_last = self.order[np.maximum(org_start + org_size - 1, 0)] if self.n_active else np.zeros(n, dtype=int)
        self.colleague_slots = np.maximum(org_size - 1, 1)
        self.stranger_slots = np.maximum(self.others, 1)

    def rate_factors(self, within_share: float, chance_share: float) -> np.ndarray:
        """Multipliers (kind-major: within, chance, deliberate; each per person) that turn a person's contacts
        (within) and cross-boundary contacts (chance, deliberate) into rates; 0 for inactive people and where
        there is nobody to meet."""
        key = (within_share, chance_share)
        if self._factors is None or self._factors[0] != key:
            active = self.active.astype(float)
            self._factors = (key, np.concatenate([
                active * within_share * self.has_colleagues,
                active * (1.0 - within_share) * chance_share * self.has_others,
                active * (1.0 - within_share) * (1.0 - chance_share) * self.has_others,
            ]))
        return self._factors[1]


def draw_starts(rng: np.random.Generator, rates: np.ndarray, kinds: int) -> list[np.ndarray]:
    """Who starts each contact of the month, for ``kinds`` kinds of contact at once.

    ``rates`` holds each person's expected number of contacts of each kind, kind-major (all people for the
    first kind, then the second, ...). All contacts together form one Poisson process: their number is
    Poisson with the summed rate, and each falls to a (kind, person) with probability proportional to its
    rate. That is the same distribution as one Poisson draw per person and kind, at the cost of a few array
    operations instead of a draw per entry. Returns, per kind, the starters sorted by person.
    """
    # (array methods rather than np.cumsum / np.searchsorted: the same code without their Python wrappers)
    n = len(rates) // kinds
    cumulative = rates.cumsum()
    total = float(cumulative[-1]) if len(cumulative) else 0.0
    if total <= 0.0:
        return [np.zeros(0, dtype=int) for _ in range(kinds)]
    points = rng.random(rng.poisson(total))
    points.sort()
    points *= total
    top = math.nextafter(total, 0.0)  # rounding must not reach past the last positive rate
    if len(points) and points[-1] > top:
        points[points > top] = top
    flat = cumulative.searchsorted(points, side="right")
    bounds = [0, *flat.searchsorted([k * n for k in range(1, kinds)]).tolist(), len(flat)]
    return [flat[bounds[k] : bounds[k + 1]] - k * n if k else flat[: bounds[1]] for k in range(kinds)]  # the first kind as it is


def uniform_slots(uniform: np.ndarray, slots: np.ndarray) -> np.ndarray:
    """A uniform integer in [0, slots) per entry, from uniform draws in [0, 1)."""
    # u x k rounds below k for every u < 1 and integer k < 2**52 (at u = 1 - 2**-53 the product lies nearer to
    # the double below k than to k), so the floor is always a valid slot
    return (uniform * slots).astype(np.int64)


def pick_colleagues(rng: np.random.Generator, starters: np.ndarray, structure: ContactStructure, uniform: np.ndarray | None = None) -> np.ndarray:
    """A uniformly chosen colleague (same organisation, not oneself) for each starter. ``uniform``: one draw
    in [0, 1) per starter, given when the caller draws for several kinds of contact at once."""
    slots = structure.colleague_slots[starters]
    slot = rng.integers(0, slots) if uniform is None else uniform_slots(uniform, slots)
    partner = structure.order[structure.own_start[starters] + slot]
    # skip oneself: the starter's own slot is replaced by the last member of the block
    return np.where(partner == starters, structure.own_last[starters], partner)


def pick_strangers(rng: np.random.Generator, starters: np.ndarray, structure: ContactStructure, uniform: np.ndarray | None = None) -> np.ndarray:
    """A uniformly chosen official of another organisation for each starter (a chance encounter); ``uniform``
    as in ``pick_colleagues``."""
    slots = structure.stranger_slots[starters]
    slot = rng.integers(0, slots) if uniform is None else uniform_slots(uniform, slots)
    # positions before the own block stay, positions from it on shift past the block
    shifted = np.where(slot >= structure.own_start[starters], slot + structure.own_size[starters], slot)
    return structure.order[shifted]


def deliberate_partners(
    rng: np.random.Generator,
    starters: np.ndarray,
    structure: ContactStructure,
    trust: np.ndarray,
    baseline: np.ndarray,
    affinity: np.ndarray,
    trust_pull: float,
    reach: np.ndarray | None = None,
    uniform: np.ndarray | None = None,
    gap: np.ndarray | None = None,
) -> np.ndarray:
    """A partner for each deliberate contact started by ``starters[k]``, chosen by weight: goal matching
    ``affinity`` (staff x staff) times ``1 + pull x (trust - baseline)``, among officials of other organisations.

    ``reach``, when given, is ``affinity x structure.cross`` computed once by the caller (it changes only
    when the affinity or the structure does); ``affinity`` is then not used. ``uniform``: one draw in [0, 1)
    per contact, as in ``pick_colleagues``. ``gap``: ``trust - baseline`` when the caller has it (the same values)."""
    if len(starters) == 0:
        return starters
    # (rows by ``take``: the same values as ``trust[starters]``, without fancy indexing's set-up)
    if gap is None:
        weight = trust.take(starters, axis=0)
        weight -= baseline.take(starters, axis=0)
    else:
        weight = gap.take(starters, axis=0)
    weight *= trust_pull
    weight += 1.0
    np.maximum(weight, 0.05, out=weight)
    if reach is None:
        weight *= affinity.take(starters, axis=0)
        weight *= structure.cross.take(starters, axis=0)
    else:  # cross is 0 or 1: the same products as the two steps above
        weight *= reach.take(starters, axis=0)
    cumulative = weight.cumsum(axis=1)
    draws = (rng.random(len(starters)) if uniform is None else uniform) * cumulative[:, -1]
    # per draw, the first column whose cumulative weight exceeds it (a row-wise searchsorted: the weights are not
    # negative, so each row of ``cumulative`` never falls); the last column when none does (a draw at the total)
    beyond = cumulative > draws[:, None]
    partners = beyond.argmax(axis=1)
    partners[~beyond[:, -1]] = trust.shape[1] - 1
    return partners


def pairs_from_starts(starters_per_person: np.ndarray) -> np.ndarray:
    """Repeat each person's index by the number of contacts they start."""
    return np.arange(len(starters_per_person)).repeat(starters_per_person)


def month_contacts(rng: np.random.Generator, per_person: np.ndarray, boundary_spanning: np.ndarray, structure: ContactStructure, block: ContactStructure,
                   within_share: float, chance_share: float, trust: np.ndarray, baseline: np.ndarray, reach: np.ndarray,
                   trust_pull: float, gap: np.ndarray | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """The contacts of a month, one rule for ministries and municipalities: (starters, partners) of the contacts
    with colleagues, the chance encounters and the deliberate contacts, in that order.

    Officials are numbered across blocks of equal posts (one block nationally, a municipality each locally:
    ``structure`` holds the rate factors of all of them, ``block`` the posts of one block); ``trust``, ``baseline``
    and ``reach`` (goal matching x cross, ``deliberate_partners``) have a row per official and a column per post of
    its block. Each official starts ``per_person`` contacts a month, with colleagues a ``within_share`` of them and
    across the boundary more the more they span it (``0.5 + boundary spanning``), a ``chance_share`` of those by
    chance [HHS2016 SF1] and the rest deliberately, by goal matching and trust. Starters are numbered across blocks,
    partners within the starter's block. One uniform draw per contact picks its partner. ``gap``: ``trust -
    baseline`` when the caller has it (``deliberate_partners``)."""
    cross = per_person * (0.5 + boundary_spanning)
    rates = np.concatenate([per_person, cross, cross])
    rates *= structure.rate_factors(within_share, chance_share)
    within, encounter, deliberate = draw_starts(rng, rates, 3)
    n_within, n_encounter = len(within), len(encounter)
    uniform = rng.random(n_within + n_encounter + len(deliberate))
    posts = len(block.org_of)
    local_within, local_encounter = (within, encounter) if posts == len(per_person) else (within % posts, encounter % posts)
    return [
        (within, pick_colleagues(rng, local_within, block, uniform[:n_within])),
        (encounter, pick_strangers(rng, local_encounter, block, uniform[n_within : n_within + n_encounter])),
        (deliberate, deliberate_partners(rng, deliberate, structure, trust, baseline, reach, trust_pull, reach=reach,
                                         uniform=uniform[n_within + n_encounter :], gap=gap)),
    ]
