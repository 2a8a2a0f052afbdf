"""The game score: the spec's outcome metrics (section 5) turned into points.

``score = health + depth + trust + small wins - staff time - money`` with the weights of
``scenario.game.score``:

- health: the share of the socio-economic health gap secured — arrived, or on its way from implemented joint
  work (``health_gap_secured``; effects arrive years later, so a game of a few years scores what it set in
  motion) [REG2021 target: 30 % smaller by 2040];
- depth: the game-long average share of department pairs doing real joint work (level 2 or more:
  ``level_share_2..4``) [ABD2024 6.1];
- trust: the rise of mean trust across departments (``trust_cross``) since the start [AIG2016];
- small wins: visible intermediate results (``small_wins``) [AIG2016, ABD2024 6.3];
- resources: FTE-years (``fte_used``) and M EUR (``budget_used``) spent, deducted.

A game with players at both levels (a ministry and a municipality) is scored on each level's indicators with the
same weights, and the two scores are added (``combine``).

The same function scores the player's run and the autopilot's run of the same scenario and seed, so the
difference measures the decisions, not the luck of the world (common random numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

COMPONENTS = ("health", "depth", "trust", "small_wins", "staff_time", "money")


@dataclass(frozen=True)
class Score:
    """Points per component and the total, at one month."""

    month: int
    health: float
    depth: float
    trust: float
    small_wins: float
    staff_time: float
    money: float

    @property
    def total(self) -> float:
        return self.health + self.depth + self.trust + self.small_wins + self.staff_time + self.money

    def as_dict(self) -> dict[str, float]:
        return {**asdict(self), "total": self.total}


def score(records: Sequence[dict[str, Any]], weights: Any, month: int | None = None) -> Score:
    """Score of a run from its monthly metric rows (``records[0]`` is the start), up to ``month``."""
    rows = list(records) if month is None else [r for r in records if r["month"] <= month]
    first, last = rows[0], rows[-1]
    played = rows[1:]
    depth_share = sum(r["level_share_2"] + r["level_share_3"] + r["level_share_4"] for r in played) / len(played) if played else 0.0
    fte_years = sum(r["fte_used"] for r in played) / 12.0
    money = sum(r["budget_used"] for r in played)
    return Score(
        month=int(last["month"]),
        health=weights.health * 100.0 * float(last.get("health_gap_secured", last["health_gap_reduction"])),
        depth=weights.depth * depth_share,
        trust=weights.trust * (float(last["trust_cross"]) - float(first["trust_cross"])),
        small_wins=weights.small_wins * float(last["small_wins"]),
        staff_time=-weights.fte * fte_years,
        money=-weights.budget * money,
    )


def combine(scores: Sequence[Score]) -> Score:
    """The sum of the scores of several levels, component by component (at the month of the first)."""
    if len(scores) == 1:
        return scores[0]
    return Score(month=scores[0].month, **{c: sum(getattr(s, c) for s in scores) for c in COMPONENTS})
