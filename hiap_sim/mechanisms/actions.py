"""Deliberate actions of an organisation: the rules behind the choices a player (or a policy script) makes.

Each rule is a small function of explicit inputs; the model's public methods (``invest_relation``,
``seek_political_cover``, ``publicise``, ``commission_evidence``, ``lobby_for_lever``, ``reinforce``) apply
them to its state, so a game never carries its own mechanics.

- Investing in a relationship buys regular bilateral meetings between fixed pairs of officials: informal
  bilateral contact builds the trust that later proposals need [HHS2016 #12; RIVM2010 'good relations'].
- Political cover: a minister backs visible joint work with a chance that rises with urgency, and then
  moves part of the way to full commitment; without cover everything rests on the officials [HHS2016 SF6].
- Publicising small wins makes them visible to ministers and officials: the flywheel [AIG2016; ABD2024 6.3].
- A structural lever needs the cabinet's goodwill ('gunfactor') [ABD2024 5.6].
"""

from __future__ import annotations

import numpy as np


def relation_pairs(trust: np.ndarray, own_staff: np.ndarray, partner_staff: np.ndarray, officials: int) -> list[tuple[int, int]]:
    """Pairs of officials who keep up a relationship between two organisations.

    The ``officials`` of the investing organisation with the strongest existing tie to the partner go first
    (relations build on what is there); each is paired with the partner official they trust most who is not
    yet taken (a partner official is shared only when the partner has fewer officials).
    """
    if len(own_staff) == 0 or len(partner_staff) == 0:
        return []
    block = trust[np.ix_(own_staff, partner_staff)]
    order = np.argsort(-block.max(axis=1), kind="stable")[:officials]
    taken: set[int] = set()
    pairs = []
    for row in order:
        ranked = np.argsort(-block[row], kind="stable")
        free = [c for c in ranked if int(partner_staff[c]) not in taken] or list(ranked)
        chosen = int(partner_staff[free[0]])
        taken.add(chosen)
        pairs.append((int(own_staff[row]), chosen))
    return pairs


def cover_probability(urgency: float, base: float, urgency_weight: float) -> float:
    """Chance that a minister gives visible backing when asked: ministers back what is urgent [HHS2016 SF6]."""
    return float(min(1.0, max(0.0, base + urgency_weight * urgency)))


def cover_commitment(commitment: float, gain: float) -> float:
    """Commitment after a minister gives cover: a share ``gain`` of the way to full commitment."""
    return float(min(1.0, commitment + gain * (1.0 - commitment)))


def publicity_effect(unpublicised_wins: int, max_wins: int, per_win: float) -> float:
    """What publicising small wins adds (commitment or awareness): per win shown, at most ``max_wins``."""
    return per_win * min(max(unpublicised_wins, 0), max_wins)


def lever_adoption_probability(mean_commitment: float, weight: float) -> float:
    """Chance that the cabinet adopts a proposed structural lever: its goodwill follows its commitment [ABD2024 5.6]."""
    return float(min(1.0, max(0.0, weight * mean_commitment)))
