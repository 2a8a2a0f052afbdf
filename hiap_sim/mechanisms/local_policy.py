"""Submodel 4.9 Municipal rules around the shared mechanisms [RIVM2010].

- Awareness at the start differs by field: physical sectors (housing, spatial planning, environment,
  mobility) see the health side of their policy less clearly than social ones.
- Physical sectors filter a proposal on 'relevance, necessity and urgency' before weighing it.
- Alderman support (college support and the portfolio alderman's leadership) is redrawn at municipal
  elections around the size class's mean (small towns: part-time aldermen), with some continuity.
- Management assigns IGB to an aware health officer, more readily under alderman support; a lead
  ('trekker') is appointed once IGB is assigned, more readily under alderman support.
- National grants require co-financing: a municipality takes one only when its free own budget covers the
  local share.
- National priorities and grants raise the local priority of their topics.
"""

from __future__ import annotations

import numpy as np


def physical_filter(fit: float, awareness: float, urgency: float, relevance: float, necessity: float, urgency_needed: float) -> str:
    """The reason a physical sector turns a proposal down before weighing it, or '' when it passes.

    Relevance: the contact sees the topic's health side (awareness x fit); necessity: the sector's own
    policy is a real lever for the topic (fit); urgency: the municipality perceives the problem as urgent.
    """
    if fit < necessity or awareness * fit < relevance:
        return "no_fit"
    if urgency < urgency_needed:
        return "no_urgency"
    return ""


def draw_alderman_support(rng: np.random.Generator, old: np.ndarray, mean: np.ndarray, sd: float, persistence: float) -> np.ndarray:
    """Support of the new colleges after an election (always one normal draw per municipality)."""
    fresh = mean + sd * rng.standard_normal(len(old))
    return np.clip(persistence * old + (1.0 - persistence) * fresh, 0.0, 1.0)


def assignment_probability(rate: float, officer_awareness: np.ndarray, support: np.ndarray) -> np.ndarray:
    """Monthly chance that management assigns IGB to the health officer (stage 1 -> 2)."""
    return np.clip(rate * officer_awareness * (0.5 + support), 0.0, 1.0)


def lead_probability(rate: float, assigned: np.ndarray, support: np.ndarray) -> np.ndarray:
    """Monthly chance that a lead ('trekker') is appointed: only once IGB is assigned."""
    return np.where(assigned, np.clip(rate * support, 0.0, 1.0), 0.0)


def grant_affordable(free_budget: np.ndarray, amount: np.ndarray, co_financing: float) -> np.ndarray:
    """Whether a municipality can pay the local share of a grant from its free own budget."""
    return (amount > 0) & (free_budget >= co_financing * amount)


def topic_priority(local: np.ndarray, national_focus: np.ndarray, national_weight: float, grant_topics: np.ndarray, grant_weight: float) -> np.ndarray:
    """Local priority of each topic (municipalities x topics): own priorities plus national focus topics
    plus the topics of grants held."""
    return local[None, :] + national_weight * national_focus[None, :] + grant_weight * grant_topics


def local_urgency(base: np.ndarray, knob: float, national_urgency: float, national_weight: float) -> np.ndarray:
    """Perceived local urgency of health inequalities: own base (scaled by the headline knob) plus a share
    of the coordinating ministry's urgency (national signals reach the town hall)."""
    return np.clip(base * knob + national_weight * national_urgency, 0.0, 1.0)
