"""The municipal level's side of the one joint-work pipeline (``hiap_sim.pipeline.level.Level``): sectors as the
organisations of each municipality (one group each), the alderman's support as political cover, the local budget,
GGD support and an IGB lead as resources [RIVM2010]."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.mechanisms import proposals as proposal_rules
from hiap_sim.mechanisms import work as work_rules
from hiap_sim.mechanisms.decisions import Decision
from hiap_sim.pipeline import APPROACHES
from hiap_sim.pipeline.table import at_cells, cells
from hiap_sim.scenario.municipal import MUNICIPAL_RANKS, SECTORS

if TYPE_CHECKING:
    pass


class MunicipalJointWork:
    """The municipal level's side of the one joint-work pipeline (``hiap_sim.pipeline.level.Level``): sectors as the"""

    # the level's side of the joint-work pipeline (hiap_sim.pipeline.level) ------------------------------------
    def _bind_pipeline(self) -> None:
        """Parameters and data the pipeline reads: the municipal values of the shared rules."""
        self.work_params = self.params.work
        self.proposal_params = self.params.proposals
        self.decision_params = self.params.decisions
        self.trust_params = self.params.trust
        self.health_params = self.model.params.health
        self.project_months = self.config.financing.project_months
        self.reinforce_bonus = self.params.actions.reinforce_bonus
        self.population_progress_bonus = self.config.financing.population_progress_bonus
        self.topic_potential = self.potential
        self.topic_interdependence = self.interdependence
        self.topic_barrier = self.model.topic_barrier
        # the autopilot funds joint work by the municipal financing model
        self._autopilot_strategy = self.config.strategy.model_copy(update={"funding": self.config.financing.model})
        # constant data the per-decision rules read, as Python numbers
        self._fit_rows = self.fit.tolist()
        self._is_physical_list = self.is_physical.tolist()
        self._autonomy_list = self.sector_autonomy.astype(float).tolist()
        self._silo_list = self.sector_silo.astype(float).tolist()
        self._ggd_list = self.ggd.tolist()
        self._heads_of = [[int(h) for h in heads if h >= 0] for heads in self.sector_heads]
        self._slot_sector_list = self.slot_sector.tolist()
        self._slot_rank_names = [MUNICIPAL_RANKS[rank] for rank in self.slot_rank.tolist()]
        self._is_officer_list = self.is_officer.tolist()
        filt = self.params.physical_filter
        self._physical_filter = filt if filt.enabled else None  # None: physical sectors weigh proposals as the others
        self._agenda_value = self.config.national.agenda_value
        self._small_win_support = self.config.politics.small_win_support
        # staff time a partner adds by joining at a level, or by moving from one level to another (never negative)
        fte_cost = list(self.params.work.fte_cost)
        self._joining_fte = [max(cost - 0.0, 0.0) for cost in fte_cost]
        self._moving_fte = [[max(cost - current, 0.0) for cost in fte_cost] for current in fte_cost]

    def org_of(self, g: int, slot: int) -> int:
        return self._slot_sector_list[slot]

    def orgs_of(self, groups: np.ndarray, slots: np.ndarray) -> np.ndarray:
        return self.slot_sector[slots]

    def proposes_by_player(self, groups: np.ndarray, orgs: np.ndarray) -> np.ndarray:
        if not self.officer_players:
            return np.zeros(len(orgs), dtype=bool)
        return (orgs == self.ph) & np.isin(groups, list(self.officer_players))  # a player makes the health officer's proposals

    def proposer_factors(self, groups: np.ndarray, slots: np.ndarray) -> np.ndarray:
        """The proposer's side of the proposal rule: awareness, local urgency, rank, the alderman's support as the
        political gate and the sector's free capacity [HHS2016 #8; RIVM2010]."""
        load = np.divide(self.fte_committed, self.capacity, out=np.ones_like(self.capacity), where=self.capacity > 0)
        capacity_free = np.clip(1.0 - load, 0.05, 1.0)
        # once per official (municipalities x slots), then read per meeting: the same products, fewer of them
        per_official = proposal_rules.proposer_factor(self.params.proposals.base_probability, self.awareness, self.urgency[:, None],
                                                      self.rank_factor[None, :], self.orientation[None, :], self.support[:, None], 1.0,
                                                      capacity_free[:, self.slot_sector])
        return per_official[groups, slots]

    def goal_match(self, groups: np.ndarray, oi: np.ndarray, oj: np.ndarray) -> np.ndarray:
        return self.affinity[groups, oi, oj] - self.params.contacts.affinity_floor

    def staff_of(self, g: int, org: int) -> np.ndarray:
        return self.sector_slots[org]

    def rank_name(self, g: int, slot: int) -> str:
        return self._slot_rank_names[slot]

    def can_be_contact(self, g: int, slot: int) -> bool:
        return self._is_officer_list[slot]  # officers do the joint work

    def trust_block(self, g: int) -> np.ndarray:
        return self.trust[g]

    def trust_at(self, groups: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return self.trust[groups, a, b]

    def focus_topics(self, g: int, org: int) -> list[int]:
        return self._focus_lists[g][org]  # the month's focus (``_signals``) as Python numbers

    def topic_window(self, g: int, lead: int, partner: int) -> np.ndarray | None:
        return None  # crisis windows are national

    def strategy_of(self, g: int, org: int) -> Any:
        return self._autopilot_strategy

    def partner_scores(self, g: int, lead: int, topic: int) -> np.ndarray:
        return self.fit[:, topic] * self.sector_trust[g, lead]

    def project_months_of(self, g: int, lead: int) -> int:
        return self.project_months

    def funding_model(self, requested: str) -> str:
        return requested

    def player_answer(self, g: int, partner: int, topic: int, decision: Decision) -> Decision:
        if partner == self.ph and g in self.answer_policy:
            return self._player_answer(g, topic, decision)
        return decision

    def played_mask(self, groups: np.ndarray) -> np.ndarray:
        mask = np.zeros((len(groups), self.n_sectors), dtype=bool)
        if self.officer_players:  # a player decides whether public health leaves
            mask[:, self.ph] = np.isin(groups, list(self.officer_players))
        return mask

    def escalates_patiently(self, rows: np.ndarray) -> np.ndarray:
        ready = np.full(len(rows), self.config.strategy.escalation == "patient")
        if self.officer_players:  # a player escalates the health officer's joint work
            table = self.initiatives
            ready &= ~((table.lead[rows] == self.ph) & np.isin(table.group[rows], list(self.officer_players)))
        return ready

    def commit(self, g: int, org: int, fte: float, budget: float) -> None:
        fte_committed, budget_committed = self.fte_committed, self.budget_committed
        fte, budget = fte_committed.item(g, org) + fte, budget_committed.item(g) + budget  # the municipality's one budget
        fte_committed[g, org] = fte if fte > 0.0 else 0.0  # = max(0.0, fte), without the call
        budget_committed[g] = budget if budget > 0.0 else 0.0

    def has_free_capacity(self, g: int, org: int) -> bool:
        capacity = self._capacity_rows[g][org]
        return capacity > 0 and self.fte_committed.item(g, org) < capacity

    def load(self, groups: np.ndarray) -> np.ndarray:
        """Each sector's staff time committed to joint work over its capacity (1 without capacity), per row."""
        per_municipality = np.divide(self.fte_committed, self.capacity, out=np.ones_like(self.capacity), where=self.capacity > 0)
        return per_municipality[groups]

    def cover(self, rows: np.ndarray, members: np.ndarray | None = None) -> np.ndarray:
        return self.support[self.initiatives.group[rows]]  # the alderman's support [RIVM2010]

    def resources(self, rows: np.ndarray, members: np.ndarray | None = None) -> np.ndarray:
        """Time and money the members put in: the relation share of the strategy, the budget not short, GGD
        support and an IGB lead; the area approach needs concentrated low-SES residents [RIVM2010]."""
        table, w = self.initiatives, self.params.work
        muni = table.group[rows]
        relation = self.config.strategy.relation_share
        resources = work_rules.resources_factor(relation, 1.0 - self.budget_short()[muni], w)
        resources = resources * (1.0 + w.ggd_progress_bonus * self.ggd[muni]) * (1.0 + w.lead_progress_bonus * self.has_lead[muni])
        area = table.approach[rows] == APPROACHES.index("area")
        return np.where(area, resources * (1.0 - w.area_concentration_weight + w.area_concentration_weight * self.ses_concentration[muni]), resources)

    def anchor_awareness(self, rows: np.ndarray, amount: float, staff: list[list[int]] | None = None) -> None:
        """Officials in joint work grow aware; part of it reaches their heads."""
        mask = self._member_mask(rows)
        member_m, member_slot = cells(mask)
        muni = self.initiatives.group[rows]
        at_cells(np.add, self.awareness, muni[member_m], member_slot, amount)
        self._heads_learn(muni[member_m], self.slot_sector[member_slot], amount * self.params.work.head_learning)
        np.minimum(self.awareness, 1.0, out=self.awareness)

    def raise_awareness(self, g: int, staff: np.ndarray, members: list[int], amount: float) -> None:
        aware = self.awareness[g]  # only municipality g changes (awareness is <= 1 elsewhere)
        aware[staff] = np.minimum(1.0, aware[staff] + amount)
        if amount > 0:  # the heads of the member sectors learn too (as _heads_learn, one by one)
            for sector in members:
                for head in self._heads_of[sector]:
                    aware[head] += amount
        np.minimum(aware, 1.0, out=aware)

    def small_win_politics(self, g: int, members: list[int]) -> None:
        self.support[g] = min(1.0, self.support.item(g) + self._small_win_support)  # the flywheel [AIG2016]

    def add_loyalty(self, g: int, orgs: list[int], delta: float) -> None:
        loyalty = self.loyalty
        for org in orgs:
            loyalty[g, org] = min(1.0, max(0.0, loyalty.item(g, org) + delta))

    def follow_up_probability(self, row: int) -> float:
        """Structural follow-up of project money: likelier in mature municipalities, with a regional budget and
        with money the council earmarked [REG2021]."""
        fin = self.config.financing
        m = int(self.initiatives.group[row])
        follow = fin.follow_up_probability + fin.maturity_follow_up_bonus * max(0, int(self.maturity[m]) - 3)
        follow += fin.regional_follow_up_bonus * self.model.lever_strength("regional_budget")
        if self.earmarked is not None and self.earmarked[m]:
            follow += self.params.actions.budget_follow_up_bonus
        return follow

    def health_factor(self, row: int) -> float:
        return 1.0

    def add_health(self, g: int, arrival: int, amount: float) -> None:
        """Local health gain after the national lag; its population share also reaches the national gap."""
        local = self.health_pipeline.setdefault(arrival, np.zeros(self.n_muni))
        local[g] += amount
        national = amount * self.population[g] / self.config.national.national_population
        self.model.health_pipeline[arrival] = self.model.health_pipeline.get(arrival, 0.0) + national

    def started(self, row: int) -> None:
        if self.watched:  # only watched municipalities keep a journal
            self._note(int(self.initiatives.group[row]), "initiative_started", row=row, level=int(self.initiatives.level[row]))

    def decided(self, g: int, row: int, topic: int, lead: int, partner: int, level: int, hfap: bool, decision: Decision, escalation: bool) -> None:
        if self.watched:  # only watched municipalities keep a journal
            self._note_decision(g, row, topic, lead, partner, level, hfap, decision, escalation=escalation)

    def event(self, kind: str, row: int, **detail: Any) -> None:
        if not self.watched or kind == "turnover":
            return
        if "partner" in detail:
            detail["partner"] = SECTORS[detail["partner"]]
        self._note(int(self.initiatives.group[row]), kind, row=row, **detail)
