"""Submodel 4.2 Trust (Nooteboom-style: trust follows observed loyalty).

A contact moves trust a step towards 1, larger when the partner's organisation has kept its commitments;
a broken commitment cuts trust by a larger share; without contact trust decays towards the institutional
baseline. Calibrated so sustained joint work reaches 'solid' trust (>= 0.7) in 5-10 years [AIG2016].
The trust matrix is numpy (the hot path): no per-pair Python loops.
"""

from __future__ import annotations

import functools

import numpy as np


def loyalty_factor(loyalty: np.ndarray, weight: float) -> np.ndarray:
    """Scale of the trust step per organisation: 1 at neutral loyalty 0.5, from 1-w to 1+w."""
    return 1.0 - weight + 2.0 * weight * loyalty


def update_trust(
    trust: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    meetings: np.ndarray,
    baseline: np.ndarray,
    step: float,
    partner_factor: np.ndarray,
    decay: float,
    blocks: np.ndarray | None = None,
    max_meetings: float | None = None,
    gap: np.ndarray | None = None,
) -> None:
    """One month of trust change, in place.

    ``rows[k], cols[k]`` met ``meetings[k]`` times this month (each pair once; both directions learn).
    i's trust in j grows to ``1 - (1 - trust) * (1 - step * partner_factor[j]) ** k``, where
    ``partner_factor[j]`` reflects j's organisation's loyalty; pairs that did not meet decay towards
    ``baseline``. Contacts are sparse, so growth is computed on the pairs that met only.

    ``max_meetings`` caps the meetings of one pair that count in a month: trust follows loyalty observed over
    time, so it cannot be rushed by meeting more often.

    Block-structured trust (``trust`` of shape (blocks, n, n), e.g. one block per municipality): ``blocks[k]``
    names the block of pair k and ``partner_factor`` has shape (blocks, n).

    ``gap``: ``trust - baseline`` when the caller has worked it out for this month's trust already (a scratch array:
    it is overwritten).
    """
    n = trust.shape[-1]
    flat_pairs = np.concatenate([rows * n + cols, cols * n + rows])
    if blocks is not None:
        flat_pairs += np.concatenate([blocks, blocks]) * (n * n)
    counts = np.bincount(flat_pairs, weights=np.concatenate([meetings, meetings]), minlength=trust.size)
    met = (counts > 0).nonzero()[0]  # (a boolean array: nonzero() is several times faster than on floats)
    k = counts.take(met) if max_meetings is None else np.minimum(counts.take(met), max_meetings)
    flat = trust.reshape(-1)
    before = flat.take(met)
    drift = trust - baseline if gap is None else gap
    drift *= decay
    trust -= drift  # = decay x (trust - baseline), in place
    partner = met % n if blocks is None else (met // (n * n)) * n + met % n
    flat.put(met, 1.0 - (1.0 - before) * np.power(1.0 - step * partner_factor.reshape(-1).take(partner), k))  # (take and put: 1-D fancy indexing)


def breach(trust: np.ndarray, victims: np.ndarray, breakers: np.ndarray, share: float) -> None:
    """A broken commitment: every victim's trust in every breaker falls by ``share`` of its value."""
    if len(victims) == 0 or len(breakers) == 0:
        return
    block = np.ix_(victims, breakers)
    trust[block] *= 1.0 - share


def boost(trust: np.ndarray, members: np.ndarray, share: float) -> None:
    """Shared success (a small win): trust among members moves ``share`` of the way to 1."""
    if len(members) < 2:
        return
    if len(members) <= 8:  # a few members (the usual team): element by element is faster than a block copy
        members = [int(m) for m in members]
        for a in members:
            row = trust[a]
            for b in members:
                if a != b:
                    row[b] += share * (1.0 - row[b])
        return
    block = np.ix_(members, members)
    sub = trust[block]
    off = ~np.eye(len(members), dtype=bool)
    sub[off] += share * (1.0 - sub[off])
    trust[block] = sub


def mean_trust_among(trust: np.ndarray, members: list[int]) -> float:
    """Mean trust over ordered pairs of distinct members (few members: plain indexing is fastest)."""
    n = len(members)
    if n < 2:
        return 0.0
    item = trust.item  # a Python float per pair, without a numpy scalar
    total = 0.0
    for a in members:
        for b in members:
            if a != b:
                total += item(a, b)
    return total / (n * (n - 1))


def organisation_trust(onehot: np.ndarray, trust: np.ndarray, pairs: np.ndarray, divisor: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Mean trust between organisations (aggregate of members' ties, both directions).

    ``onehot[i, o]`` is 1 when active official i works for organisation o; ``pairs[a, b]`` counts ordered
    pairs of distinct members. The diagonal of ``trust`` is 0 (no self-trust), so within-organisation means
    exclude it. Returns (mean, sums), each (n_org, n_org); the mean is NaN where there is no pair.
    Block-structured trust (blocks, n, n) gives (blocks, n_org, n_org). ``divisor`` is ``pair_divisor(pairs)``,
    for callers that keep it while the pairs stay the same.
    """
    sums = onehot.T @ trust @ onehot
    mean = sums / (pair_divisor(pairs) if divisor is None else divisor)
    return 0.5 * (mean + mean.swapaxes(-1, -2)), sums


def pair_divisor(pairs: np.ndarray) -> np.ndarray:
    """The pair counts with NaN where there is no pair: dividing by it gives NaN means there."""
    return np.where(pairs > 0, pairs, np.nan)


def strongest_ties(trust: np.ndarray, order: np.ndarray, starts: np.ndarray, present: np.ndarray, n_org: int) -> np.ndarray:
    """Strongest tie (either direction) between each pair of organisations, shape (n_org, n_org).

    ``order`` sorts staff by organisation (skipped when already sorted), ``starts`` gives where each present
    organisation begins. Block-structured trust (blocks, n, n) gives (blocks, n_org, n_org).
    """
    ordered = trust if order is None else trust.take(order, axis=-2).take(order, axis=-1)
    block = np.maximum.reduceat(np.maximum.reduceat(ordered, starts, axis=-2), starts, axis=-1)
    block = np.maximum(block, block.swapaxes(-1, -2))
    if len(present) == n_org:  # every organisation has staff: the blocks are the organisations, in order
        return block
    out = np.zeros((*trust.shape[:-2], n_org, n_org))
    out[..., present[:, None], present[None, :]] = block
    return out


def institutional_learning(org_baseline: np.ndarray, strongest: np.ndarray, rate: float) -> None:
    """Baseline trust between organisations drifts towards their strongest tie (in place, off-diagonal).

    Newcomers start at the baseline, so relations outlive the people who built them: 'the same core
    partners, though often with changing contact persons' [HHS2016].
    """
    diagonal = np.arange(org_baseline.shape[-1])
    within = org_baseline[..., diagonal, diagonal].copy()
    org_baseline += rate * (strongest - org_baseline)
    org_baseline[..., diagonal, diagonal] = within


def learning_rate_this_month(rate: float, month: int) -> float:
    """Institutional learning is applied every third month with the drift of three monthly steps (cheaper, the
    same drift); 0 in the other months and when learning is off."""
    if rate <= 0 or month % 3:
        return 0.0
    return 1.0 - (1.0 - rate) ** 3


def expected_trust_after_meetings(trust: float, baseline: float, months: int, meetings_per_month: float, step: float, partner_factor: float,
                                  decay: float, max_meetings: int | None = None) -> float:
    """Expected trust of one official in another after ``months`` of Poisson(``meetings_per_month``) meetings under
    ``update_trust``'s rule: a month with k > 0 meetings moves trust to ``1 - (1 - t)(1 - step * factor) ** k``, a
    month without one decays it towards ``baseline``. The rule is linear in t, so the expectation follows it exactly:
    the trust joint work under way for ``months`` has built between its coordinator and a partner's contact."""
    none, remaining = _meeting_odds(meetings_per_month, step, partner_factor, max_meetings)
    for _ in range(months):
        trust = none * (trust - decay * (trust - baseline)) + (1.0 - none) - (1.0 - trust) * remaining
    return float(trust)


@functools.lru_cache(maxsize=256)
def _meeting_odds(meetings_per_month: float, step: float, partner_factor: float, max_meetings: int | None) -> tuple[float, float]:
    """P(no meeting in a month) and E[q^k; k > 0] for Poisson(``meetings_per_month``) meetings, q = 1 - step x factor
    (a pure function of its arguments: kept for the many pairs a warm start replays with the same rates)."""
    q = 1.0 - step * partner_factor
    # Poisson probabilities of k meetings (k counted up to the cap), to where the tail no longer matters
    top = int(meetings_per_month + 10.0 * np.sqrt(meetings_per_month) + 10)
    k = np.arange(top + 1)
    log_pmf = k * np.log(meetings_per_month) - meetings_per_month - np.cumsum(np.log(np.maximum(k, 1))) if meetings_per_month > 0 else np.where(k == 0, 0.0, -np.inf)
    pmf = np.exp(log_pmf)
    counted = k if max_meetings is None else np.minimum(k, max_meetings)
    return float(pmf[0]), float((pmf[1:] * q ** counted[1:]).sum())  # the second: E[q^k; k > 0]
