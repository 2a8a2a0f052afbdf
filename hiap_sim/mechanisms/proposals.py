"""Submodel 4.3 Proposals.

A civil servant who meets someone from another organisation proposes joint work with a probability rising
with own awareness, own department's urgency, topic fit with the other's priorities and trust, and falling
with rank: ideas start low in the hierarchy [HHS2016 #8]; higher ranks look to the minister, so the
minister's commitment gates their proposals more [HHS2016 SF4]. Steering-group contacts 'pacify':
fewer proposals per contact [HHS2016 #12].
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def proposal_probability(
    base: float,
    awareness: np.ndarray,
    urgency: np.ndarray,
    fit: np.ndarray,
    trust: np.ndarray,
    rank_factor: np.ndarray,
    orientation: np.ndarray,
    commitment: np.ndarray,
    scarcity: np.ndarray,
    capacity_free: np.ndarray,
    kind_factor: np.ndarray | float,
) -> np.ndarray:
    """Chance per contact that the initiator proposes joint work (arrays aligned per contact)."""
    proposer = proposer_factor(base, awareness, urgency, rank_factor, orientation, commitment, scarcity, capacity_free)
    return contact_probability(proposer, fit, trust, kind_factor)


def proposer_factor(
    base: float,
    awareness: np.ndarray,
    urgency: np.ndarray,
    rank_factor: np.ndarray,
    orientation: np.ndarray,
    commitment: np.ndarray,
    scarcity: np.ndarray,
    capacity_free: np.ndarray,
) -> np.ndarray:
    """The part of ``proposal_probability`` that depends on the proposer only (computed once per person per
    month rather than per contact): awareness, urgency, rank, the minister's commitment gate, scarcity and
    free capacity."""
    gate = (1.0 - orientation) + orientation * commitment
    return base * awareness * (0.3 + urgency) * rank_factor * gate * scarcity * capacity_free


def contact_probability(proposer: np.ndarray, fit: np.ndarray, trust: np.ndarray, kind_factor: np.ndarray | float) -> np.ndarray:
    """``proposal_probability`` from the proposer's factor and what the contact adds: fit, trust, kind."""
    p = proposer * fit * (0.5 + trust) * kind_factor
    return np.minimum(np.maximum(p, 0.0), 1.0)  # = np.clip, without its Python-level overhead


def scarcity_factor(pressure: np.ndarray | float, response: float, weight: float) -> np.ndarray | float:
    """How budget pressure (share of budget cut) changes appetite for joint work (per organisation: an array, or
    one organisation's Python number).

    response -1: retreat into own dossiers [HHS2016 #21]; +1: scarcity spurs change.
    """
    if isinstance(pressure, (int, float)):  # one organisation: the same operations on a Python number
        return min(max(1.0 + response * weight * pressure, 0.05), 3.0)
    return np.minimum(np.maximum(1.0 + response * weight * pressure, 0.05), 3.0)


def topic_scores(own_fit: Sequence[float], partner_fit: Sequence[float], potential: Sequence[float]) -> list[float]:
    """What each topic is worth to a proposer before noise and crisis windows: partner fit x own fit x health
    potential (``choose_topic``). Depends on the two organisations only, so it can be worked out once per pair."""
    return [partner_fit[topic] * math.sqrt(own_fit[topic] + 0.1) * (0.5 + potential[topic]) for topic in range(len(potential))]


def choose_topic(
    rng: np.random.Generator,
    candidates: Sequence[int],
    own_fit: Sequence[float],
    partner_fit: Sequence[float],
    potential: Sequence[float],
    window: Sequence[float] | None = None,
) -> int:
    """Topic a proposer picks: best match of partner fit, own fit and health potential, with some noise;
    ``window`` (a factor per topic) favours topics with an open crisis window ('never waste a good crisis'
    [ABD2024])."""
    return choose_scored_topic(rng, candidates, topic_scores(own_fit, partner_fit, potential), window)


def choose_scored_topic(rng: np.random.Generator, candidates: Sequence[int], scores: Sequence[float], window: Sequence[float] | None = None) -> int:
    """``choose_topic`` from the topics' scores (``topic_scores``): the best score (times its crisis window) plus
    Gumbel noise. Per topic (lists or arrays), in plain Python: a proposer weighs a handful of candidates."""
    candidates = candidates.tolist() if isinstance(candidates, np.ndarray) else candidates
    noise = rng.gumbel(0.0, 0.05, size=len(candidates)).tolist()
    best, best_score = candidates[0], -math.inf
    for topic, z in zip(candidates, noise, strict=True):
        score = scores[topic] + z if window is None else scores[topic] * window[topic] + z
        if score > best_score:  # the first of equal scores, as argmax
            best, best_score = topic, score
    return int(best)
