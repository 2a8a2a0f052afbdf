"""Submodel 4.9 Maturity of integral health policy (IGB) in a municipality [RIVM2010].

Five stages: 1 Bewust (aware), 2 Belegd (assigned), 3 Beproefd (tried), 4 Beleid (policy), 5 Begrepen
(understood, anchored). A stage holds while its conditions hold, and each stage needs those of the stages
below it:

- 2 Belegd: management has assigned IGB to the health officer;
- 3 Beproefd: a lead ('trekker'), management steering, and several sectors consciously working on
  inequalities;
- 4 Beleid: political support (the alderman's and the college's) and a shared vision across sectors;
- 5 Begrepen: anchoring in structure (formalised joint work) and budget (structural money).

Once the next stage's conditions hold, a municipality moves up one stage with a monthly chance; while its
own stage's conditions lapse it falls back one stage with a monthly chance. Stages are never skipped.
"""

from __future__ import annotations

import numpy as np

STAGES = 5


def stage_conditions(
    assigned: np.ndarray,
    has_lead: np.ndarray,
    steering: np.ndarray,
    conscious_sectors: np.ndarray,
    min_conscious: int,
    support: np.ndarray,
    support_threshold: float,
    vision: np.ndarray,
    anchored: np.ndarray,
) -> np.ndarray:
    """Whether the conditions of each stage hold, shape (municipalities, 6); column k is stage k (0 unused).

    Conditions are cumulative: a stage holds only when every stage below it holds too.
    """
    n = len(assigned)
    holds = np.zeros((n, STAGES + 1), dtype=bool)
    holds[:, 1] = True
    holds[:, 2] = assigned
    holds[:, 3] = holds[:, 2] & has_lead & steering & (conscious_sectors >= min_conscious)
    holds[:, 4] = holds[:, 3] & (support >= support_threshold) & vision
    holds[:, 5] = holds[:, 4] & anchored
    return holds


def transition(
    stage: np.ndarray,
    holds: np.ndarray,
    up_draw: np.ndarray,
    down_draw: np.ndarray,
    advance_rate: float,
    fall_back_rate: float,
) -> np.ndarray:
    """One month of stage change: up one stage when the next stage holds (chance ``advance_rate``), down one
    stage when the own stage no longer holds (chance ``fall_back_rate``)."""
    rows = np.arange(len(stage))
    next_stage = np.minimum(stage + 1, STAGES)
    up = (stage < STAGES) & holds[rows, next_stage] & (up_draw < advance_rate)
    down = (stage > 1) & ~holds[rows, stage] & (down_draw < fall_back_rate)
    return stage + up.astype(int) - down.astype(int)


def highest_holding(holds: np.ndarray) -> np.ndarray:
    """The highest stage whose conditions hold (the stage a municipality tends to)."""
    return np.where(holds[:, 1:], np.arange(1, STAGES + 1), 0).max(axis=1)
