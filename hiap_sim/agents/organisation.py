"""Organisations: national departments (spec 2.1) and society partners that sign pledges (spec 2.5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from hiap_sim.mesa_core import Agent
from hiap_sim.scenario.schema import Strategy

if TYPE_CHECKING:
    from hiap_sim.model import HiapModel


class Organisation(Agent):
    """An organisation whose civil servants cooperate (or not) on health.

    Holds the organisation-level state of spec 2.1: urgency, the minister's (or coordinator's) commitment,
    budget and capacity for joint work, silo strength, autonomy preference, its strategy, and a loyalty
    record (kept vs broken commitments) that partners' trust feeds on [Nooteboom; HHS2016].
    """

    def __init__(
        self,
        model: HiapModel,
        *,
        index: int,
        code: str,
        name: str,
        kind: str,
        health_relevance: float,
        fit: np.ndarray,
        commitment: float,
        budget: float,
        capacity_fte: float,
        silo_strength: float,
        autonomy_preference: float,
        base_urgency: float,
        awareness: float,
        strategy: Strategy,
        is_coordinator: bool = False,
        active: bool = True,
    ) -> None:
        super().__init__(model)
        self.index = index
        self.code = code
        self.name = name
        self.kind = kind
        self.health_relevance = health_relevance
        self.fit = fit  # topic fit (0-1) per topic, from priorities over themes
        self.political_commitment = commitment
        self.cabinet_commitment = commitment  # the level drawn at the last cabinet change
        self.budget = budget  # M EUR / year available for joint work
        self.initial_budget = budget
        self.capacity_fte = capacity_fte
        self.silo_strength = silo_strength
        self.autonomy_preference = autonomy_preference
        self.base_urgency = base_urgency
        self.urgency = base_urgency
        self.awareness = awareness
        self._focus: np.ndarray | None = None
        self.strategy = strategy
        self.is_coordinator = is_coordinator
        self.active = active
        self.loyalty = 0.5
        self.fte_committed = 0.0
        self.budget_committed = 0.0  # M EUR / year

    @property
    def budget_pressure(self) -> float:
        """Share of the starting budget removed by cuts (0 = none)."""
        if self.initial_budget <= 0:
            return 0.0
        return max(0.0, 1.0 - self.budget / self.initial_budget)

    @property
    def load(self) -> float:
        """Share of HiaP capacity already committed to joint work."""
        if self.capacity_fte <= 0:
            return 1.0
        return self.fte_committed / self.capacity_fte

    @property
    def budget_short(self) -> float:
        """Share of committed joint-work spending that the budget does not cover."""
        if self.budget_committed <= 0:
            return 0.0
        return max(0.0, 1.0 - self.budget / self.budget_committed)

    @property
    def strategy(self) -> Strategy:
        return self._strategy

    @strategy.setter
    def strategy(self, value: Strategy) -> None:
        self._strategy = value
        self._focus = None
        self.model.strategy_revision += 1  # what the model caches from strategies is recomputed

    def focus_topics(self) -> np.ndarray:
        """Indices of the topics this organisation pursues (its strategy; cached until the strategy is replaced)."""
        if self._focus is None:  # strategies are frozen: only a new one changes the focus
            self._focus = self._compute_focus()
        return self._focus

    def _compute_focus(self) -> np.ndarray:
        topics = self.model.topic_index
        if self.strategy.focus_topics:
            own = np.array([topics[t] for t in self.strategy.focus_topics], dtype=int)
        else:
            weighted = self.fit * (0.5 + self.model.topic_potential)
            own = np.argsort(-weighted, kind="stable")[: self.strategy.n_topics]
        # a programme ministry's portfolio that this organisation holds (its own, or taken over by a successor
        # lever) is part of what it pursues [HHS2016]
        portfolio = [t for t in getattr(self.model, "mandate_portfolios", {}).get(self.index, ()) if t not in own]
        return np.concatenate([own, np.array(portfolio, dtype=own.dtype)]) if portfolio else own

    def refocus(self) -> None:
        """Recompute the focus topics (a mandate's portfolio came or went), and what the model derives from them."""
        self._focus = None
        self.model.strategy_revision += 1

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code})"


class Department(Organisation):
    """A national ministry (VWS, OCW, SZW, ...) with a minister whose commitment changes with cabinets."""


class PledgePartner(Organisation):
    """A society partner that signed a pledge: volunteer-driven, dependent on one enthusiastic coordinator,
    strengthened by small successes and a public platform [AIG2016]."""
