"""Submodel 4.4 Partner decision.

``V = a1*fit*frame + a2*trust + a3*urgency + a4*commitment + a5*evidence - c_time(level)*load
      - c_budget(level) - c_autonomy(level)*autonomy - silo + levers + scarcity`` and the partner joins when
``V + logistic noise > 0``. HfaP framing multiplies fit (health as a means to the partner's goals)
[ABD2024 5.2, HHS2016 #17]; costs rise steeply with level [ABD2024 6.1]. Every decision records the
reason that weighed most.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

REASONS = ("no_fit", "low_trust", "no_urgency", "no_political_cover", "no_capacity", "no_budget", "autonomy", "silo")


@dataclass(slots=True)
class DecisionInput:
    """What a partner organisation weighs when asked to join (all 0-1 unless stated)."""

    fit: float
    hfap: bool
    trust: float
    urgency: float
    commitment: float
    evidence: float
    level: int
    load: float  # share of own HiaP capacity already committed (may exceed 1)
    budget_pressure: float  # share of budget cut since the start
    budget_short: float  # share of the needed budget not available
    autonomy: float
    silo: float
    lever_value: float = 0.0  # agenda power, legal duty, open crisis window (value units)
    accountability_relief: float = 0.0  # share of the accountability tax lifted (coordinating minister)


@dataclass(slots=True)
class Decision:
    """Outcome of a partner decision."""

    accept: bool
    value: float
    probability: float
    reason: str  # the main reason to decline ('' when accepted)


def _value(x: DecisionInput, p) -> tuple[float, float, float, float, float, float, float]:
    """V and the cost terms the deficits are read from: (value, fit seen through the frame, time, budget,
    autonomy, silo, scarcity)."""
    level = x.level
    framed = min(1.0, x.fit * p.frame_factor) if x.hfap else min(1.0, x.fit * 1.0)
    time_cost = p.time_cost[level] * (0.5 + x.load)
    budget_cost = p.budget_cost[level] * (1.0 + 2.0 * x.budget_short)
    autonomy_cost = p.autonomy_cost[level] * x.autonomy
    silo_cost = p.silo_weight * x.silo
    scarcity = p.scarcity_response * p.scarcity_weight * x.budget_pressure
    tax = p.accountability_tax * (1.0 - x.accountability_relief)
    value = (
        p.bias
        + p.fit_weight * framed
        + p.trust_weight * x.trust
        + p.urgency_weight * x.urgency
        + p.commitment_weight * x.commitment
        + p.evidence_weight * x.evidence
        + x.lever_value
        + scarcity
        - time_cost
        - budget_cost
        - autonomy_cost
        - silo_cost
        - tax
    )
    return value, framed, time_cost, budget_cost, autonomy_cost, silo_cost, scarcity


def _deficits(x: DecisionInput, p, framed: float, time_cost: float, budget_cost: float, autonomy_cost: float, silo_cost: float,
              scarcity: float) -> dict[str, float]:
    level = x.level
    return {
        "no_fit": p.fit_weight * (0.7 - framed),
        "low_trust": p.trust_weight * (0.6 - x.trust),
        "no_urgency": p.urgency_weight * (0.5 - x.urgency),
        "no_political_cover": p.commitment_weight * (0.6 - x.commitment),
        "no_capacity": time_cost - p.time_cost[level] * 0.5 + (1.0 if x.load >= 1.0 else 0.0),
        "no_budget": budget_cost - p.budget_cost[level] - min(0.0, scarcity),
        "autonomy": autonomy_cost - p.autonomy_cost[level] * 0.3,
        "silo": silo_cost - p.silo_weight * 0.3,
    }


def partner_value(x: DecisionInput, p) -> tuple[float, dict[str, float]]:
    """The value V of joining and the deficit per reason (how much each factor held V back)."""
    value, *costs = _value(x, p)
    return value, _deficits(x, p, *costs)


def decide(x: DecisionInput, p, uniform: float) -> Decision:
    """Join when V plus logistic noise is positive; a full capacity is a hard no. The deficits are worked out
    only for a decline (the main reason)."""
    value, framed, time_cost, budget_cost, autonomy_cost, silo_cost, scarcity = _value(x, p)
    if x.load >= 1.0:
        return Decision(False, value, 0.0, "no_capacity")
    probability = 1.0 / (1.0 + math.exp(-value / p.noise))
    if uniform < probability:
        return Decision(True, value, probability, "")
    deficits = _deficits(x, p, framed, time_cost, budget_cost, autonomy_cost, silo_cost, scarcity)
    return Decision(False, value, probability, max(deficits, key=deficits.get))
