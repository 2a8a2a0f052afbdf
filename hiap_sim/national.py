"""The national level's side of the joint-work pipeline (``hiap_sim.pipeline``): ministries and pledge partners
as the organisations of one group, the ministers' commitment and the structural levers as political cover
[HHS2016 SF6; ABD2024 5.6], departmental budgets and capacity as resources.

The rules themselves are in ``hiap_sim.pipeline.joint_work``; this module only says where the national data
are and what national institutions do differently (see ``hiap_sim.pipeline.level.Level``).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.agents.initiative import Initiative
from hiap_sim.mechanisms import politics as politics_rules
from hiap_sim.mechanisms import proposals as proposal_rules
from hiap_sim.mechanisms import work as work_rules
from hiap_sim.mechanisms.decisions import Decision, DecisionInput
from hiap_sim.pipeline import FUNDINGS
from hiap_sim.scenario.schema import RANKS

if TYPE_CHECKING:
    from hiap_sim.model import HiapModel

NATIONAL = 0  # the national level is one group


class NationalLevel:
    """Ministries (and pledge partners) as seen by the joint-work pipeline."""

    def __init__(self, model: HiapModel) -> None:
        self.model = model
        p = model.params
        self.work_params = p.work
        self.proposal_params = p.proposals
        self.decision_params = p.decisions
        self.trust_params = p.trust
        self.health_params = p.health
        self.reinforce_bonus = p.actions.reinforce_bonus
        self.population_progress_bonus = p.work.population_funding_bonus
        self.fit = model.org_fit
        self.topic_potential = model.topic_potential
        self.topic_interdependence = model.topic_interdependence
        self.topic_barrier = model.topic_barrier
        self.views: list[Initiative] = []  # a Mesa agent per row: the initiatives as the front ends see them
        # resources of work led by each organisation while no budget is short: (strategy revision and work parameters
        # it was computed for, factor per organisation); recomputed when a strategy or the parameters are replaced
        self._lead_resources: tuple[tuple[int, Any], np.ndarray] | None = None
        self.completed: list[Initiative] = []  # in order of completion

    # time, randomness, bookkeeping (the model's) ---------------------------------------------------------------
    @property
    def rng(self) -> np.random.Generator:
        return self.model.rng

    @property
    def month(self) -> int:
        return self.model.month

    @property
    def counters(self) -> Counter[str]:
        return self.model.counters

    @property
    def month_counts(self) -> Counter[str]:
        return self.model.month_counts

    def project_months_of(self, g: int, lead: int) -> int:
        """Months of project money: a ministry's programme period, or a society partner's project subsidy [REG2021]."""
        financing = self.model.config.levers.financing
        return financing.ministry_project_months if self.model.is_department[lead] else financing.project_months

    # officials and trust -----------------------------------------------------------------------------------------
    def org_of(self, g: int, slot: int) -> int:
        return int(self.model.staff_org[slot])

    def staff_of(self, g: int, org: int) -> np.ndarray:
        return np.flatnonzero(self.model.staff_org == org)

    def rank_name(self, g: int, slot: int) -> str:
        return RANKS[int(self.model.staff_rank[slot])]

    def can_be_contact(self, g: int, slot: int) -> bool:
        return True

    def contact_person(self, g: int, org: int, towards: int) -> int:
        """The official of an organisation with the strongest tie to ``towards`` (ties broken by rank)."""
        model = self.model
        staff = ((model.staff_org == org) & model.staff_active).nonzero()[0]
        if len(staff) == 0:
            staff = (model.staff_org == org).nonzero()[0]
        return int(staff[np.argmax(model.trust[towards, staff] - 0.001 * model.staff_rank[staff])])

    def trust_block(self, g: int) -> np.ndarray:
        return self.model.trust

    def trust_at(self, groups: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        trust = self.model.trust
        return trust.reshape(-1).take(a * trust.shape[1] + b)  # = trust[a, b]

    def orgs_of(self, groups: np.ndarray, slots: np.ndarray) -> np.ndarray:
        return self.model.staff_org.take(slots)

    # strategies and proposals ---------------------------------------------------------------------------------
    def focus_topics(self, g: int, org: int) -> np.ndarray:
        return self.model.organisations[org].focus_topics()

    def topic_window(self, g: int, lead: int, partner: int) -> np.ndarray | None:
        """Topics with an open crisis window weigh more when either side is touched by the crisis [ABD2024]."""
        model = self.model
        if not model.window_topics or not (model.window_orgs[lead] or model.window_orgs[partner]):
            return None
        window = np.ones(len(model.topic_names))
        window[list(model.window_topics)] += model.params.urgency.window_boost
        return window

    def strategy_of(self, g: int, org: int) -> Any:
        return self.model.organisations[org].strategy

    def partner_scores(self, g: int, lead: int, topic: int) -> np.ndarray:
        """Fit x organisation trust with the lead; inactive organisations are out, and only a department brings
        society partners along."""
        model = self.model
        with_lead = model.org_trust_matrix()[lead]
        scores = model.org_fit[:, topic] * np.where(with_lead == with_lead, with_lead, 0.0)  # NaN (no pair): 0
        scores[~np.array([o.active for o in model.organisations])] = -1
        scores[~model.is_department] = np.where(model.is_department[lead], scores[~model.is_department], -1)
        return scores

    def proposes_by_player(self, groups: np.ndarray, orgs: np.ndarray) -> np.ndarray:
        player = np.zeros(self.model.n_org, dtype=bool)
        if self.model.player_orgs:
            player[list(self.model.player_orgs)] = True
        return player[orgs]

    def proposer_factors(self, groups: np.ndarray, slots: np.ndarray) -> np.ndarray:
        """The proposer's side of the proposal rule, per official: awareness, the department's urgency (raised in
        an open crisis window), rank, the minister's commitment as a gate, free capacity and, once budgets are
        cut, scarcity [HHS2016 #8, #21; ABD2024]."""
        model = self.model
        organisations = model.organisations
        climate = [min(max(1.0 - o.load, 0.05), 1.0) for o in organisations]
        pressure = [o.budget_pressure for o in organisations]
        if any(pressure):  # a factor 1 while no budget is under pressure
            dp = model.params.decisions
            # scarcity per organisation (``proposal_rules.scarcity_factor`` on Python numbers: the same operations)
            climate = [proposal_rules.scarcity_factor(p, dp.scarcity_response, dp.scarcity_weight) * c for p, c in zip(pressure, climate, strict=True)]
        climate = np.array(climate)
        urgency = model.org_urgency
        if model.window_open:
            urgency = urgency * np.where(model.window_orgs, 1.0 + model.params.urgency.window_boost, 1.0)
        staff_org = model.staff_org
        commitment = np.array([o.political_commitment for o in organisations])
        proposer = proposal_rules.proposer_factor(
            self.proposal_params.base_probability, model.staff_awareness, urgency[staff_org], model.rank_factor, model.orientation,
            commitment[staff_org], climate[staff_org], 1.0,
        )
        return proposer[slots]

    def goal_match(self, groups: np.ndarray, oi: np.ndarray, oj: np.ndarray) -> np.ndarray:
        return self.model.goal_pull()[oi, oj]

    def funding_model(self, requested: str) -> str:
        """A financing lever funds all new work by its model [REG2021]."""
        model = self.model
        return model.config.levers.financing.model if model.lever_active["financing"] else requested

    # decisions -----------------------------------------------------------------------------------------------------
    def decision_context(self, g: int, topic: int, lead: int, coordinator: int, partner: int, contact: int, level: int, hfap: bool,
                         joining: bool, current_level: int | None) -> DecisionInput:
        """What a ministry weighs (spec 4.4): its minister's commitment, agenda power of a coordinating minister
        or envoy, a programme minister's steering on the topics of a held mandate, a legal duty, an open crisis
        window, and the accountability tax."""
        model = self.model
        org = model.organisations[partner]
        levers = model.config.levers
        dp = model.params.decisions
        personal = float(model.trust[contact, coordinator])
        org_trust = float(model.org_trust_matrix()[partner, lead])
        trust = 0.5 * personal + 0.5 * (personal if org_trust != org_trust else org_trust)  # NaN: no pair of officials
        lever_value = 0.0
        for name in ("coordinating_minister", "government_envoy"):
            if model.lever_active[name]:
                lever = getattr(levers, name)
                lever_value += politics_rules.agenda_power(lever.strength, lever.goodwill, dp.political_lever_weight)
        lever_value += dp.legal_duty_weight * model.lever_strength("legal_duty")
        if topic in model.window_topics and (model.window_orgs[partner] or model.window_orgs[lead]):
            lever_value += dp.window_value
        lever_value += float(model.mandate_steering[topic])  # a programme minister's steering on the portfolio [HHS2016]
        fte_cost = model.params.work.fte_cost
        extra_fte = fte_cost[level] - (fte_cost[current_level] if current_level is not None else 0.0)
        load = (org.fte_committed + max(extra_fte, 0.0)) / org.capacity_fte if org.capacity_fte > 0 else 1.0
        return DecisionInput(
            fit=float(model.org_fit[partner, topic]),
            hfap=hfap,
            trust=trust,
            urgency=org.urgency,
            commitment=org.political_commitment,
            evidence=model.lever_strength("quantification"),
            level=level,
            load=load,
            budget_pressure=org.budget_pressure,
            budget_short=org.budget_short,
            autonomy=org.autonomy_preference,
            silo=org.silo_strength,
            lever_value=lever_value,
            accountability_relief=model.lever_strength("coordinating_minister"),
        )

    def player_answer(self, g: int, partner: int, topic: int, decision: Decision) -> Decision:
        model = self.model
        if model.decision_override is not None and partner in model.player_orgs:
            return model.decision_override(topic, partner, decision)
        return decision

    def played_mask(self, groups: np.ndarray) -> np.ndarray:
        mask = np.zeros((len(groups), self.model.n_org), dtype=bool)
        if self.model.player_orgs:
            mask[:, list(self.model.player_orgs)] = True
        return mask

    def escalates_patiently(self, rows: np.ndarray) -> np.ndarray:
        model, table = self.model, self.model.work.table
        return np.array([lead not in model.player_orgs and model.organisations[lead].strategy.escalation == "patient"
                         for lead in table.lead[rows].tolist()], dtype=bool)

    # resources, progress and politics --------------------------------------------------------------------------------
    def commit(self, g: int, org: int, fte: float, budget: float) -> None:
        organisation = self.model.organisations[org]
        organisation.fte_committed = max(0.0, organisation.fte_committed + fte)
        organisation.budget_committed = max(0.0, organisation.budget_committed + budget)

    def has_free_capacity(self, g: int, org: int) -> bool:
        return self.model.organisations[org].load < 1.0

    def load(self, groups: np.ndarray) -> np.ndarray:
        """Each ministry's (and pledge partner's) staff time committed to joint work over its capacity (1 without
        capacity), the same for every row: the national level is one group."""
        load = np.array([o.load for o in self.model.organisations])
        return load[None, :].repeat(len(groups), axis=0)

    def cover(self, rows: np.ndarray, members: np.ndarray | None = None) -> np.ndarray:
        """Mean commitment of the members' ministers, raised on its topics by a programme ministry's mandate while
        it is held [HHS2016] and by a coordinating minister or envoy in proportion to the cabinet's goodwill
        [HHS2016 SF6; ABD2024 5.6]. ``members``: the rows' member organisations (rows x organisations, the lead
        included) when the caller has them."""
        model, table = self.model, self.model.work.table
        commitment = np.array([o.political_commitment for o in model.organisations])
        members = self._member_weights(rows, members)
        cover = (members @ commitment) / members.sum(axis=1)
        cover = np.minimum(1.0, cover + model.mandate_cover[table.topic[rows]])  # a programme ministry's mandate [HHS2016]
        w = model.params.work
        for name in ("coordinating_minister", "government_envoy"):
            if model.lever_active[name]:
                lever = getattr(model.config.levers, name)
                cover = np.minimum(1.0, cover + w.lever_cover * lever.strength * lever.goodwill)
        return cover

    def resources(self, rows: np.ndarray, members: np.ndarray | None = None) -> np.ndarray:
        """Time the lead's strategy leaves for work (not relations) and the members' budget not short; a
        programme directorate bundles people and money [HHS2016]. ``members`` as in ``cover``."""
        model, table = self.model, self.model.work.table
        organisations = model.organisations
        short = [o.budget_short for o in organisations]
        if any(short):
            members = self._member_weights(rows, members)
            budget_ok = 1.0 - (members @ np.array(short)) / members.sum(axis=1)
            relation = np.array([organisations[lead].strategy.relation_share for lead in table.lead[rows].tolist()])
            resources = work_rules.resources_factor(relation, budget_ok, model.params.work)
        else:  # no budget short anywhere: every member's budget is there (exactly 1, as the product above gives), so
            # the factor is the lead's own, worked out per organisation while the strategies stay the same
            key = (model.strategy_revision, model.params.work)
            if self._lead_resources is None or self._lead_resources[0] != key:
                relation = np.array([o.strategy.relation_share for o in organisations])
                self._lead_resources = (key, work_rules.resources_factor(relation, np.ones(len(organisations)), model.params.work))
            resources = self._lead_resources[1].take(table.lead[rows])
        if model.lever_active["programme_directorate"]:
            resources = resources * (1.0 + model.params.work.programme_progress_bonus * model.lever_strength("programme_directorate"))
        return resources

    def _member_weights(self, rows: np.ndarray, members: np.ndarray | None) -> np.ndarray:
        """The rows' member organisations as 1.0 (rows x organisations, the lead included), from ``members`` if given."""
        if members is not None:
            return members.astype(float)
        table = self.model.work.table
        weights = table.partners.take(rows, axis=0).astype(float)
        weights[np.arange(len(rows)), table.lead[rows]] = 1.0
        return weights

    def anchor_awareness(self, rows: np.ndarray, amount: float, staff: list[list[int]] | None = None) -> None:
        """The member officials of ``rows`` grow aware by ``amount`` (up to 1); ``staff``: the rows' member officials
        (``WorkTable.member_staff_of``) when the caller has them. Each official gains ``amount`` once per row they
        are in, whatever the order of the rows."""
        table, awareness = self.model.work.table, self.model.staff_awareness
        if staff is None:
            r, s = table.partners.take(rows, axis=0).nonzero()
            officials = np.concatenate([table.coordinator[rows], table.contact[rows[r], s]])
        else:
            officials = np.array([official for members in staff for official in members], dtype=np.int64)
        np.add.at(awareness, officials, amount)
        np.minimum(awareness, 1.0, out=awareness)

    def raise_awareness(self, g: int, staff: np.ndarray, members: list[int], amount: float) -> None:
        awareness = self.model.staff_awareness
        awareness[staff] = np.minimum(1.0, awareness[staff] + amount)

    def small_win_politics(self, g: int, members: list[int]) -> None:
        """A little more political commitment per small win: visibility, the flywheel [ABD2024]."""
        gain = self.model.params.work.small_win_commitment
        for org in members:
            organisation = self.model.organisations[org]
            organisation.political_commitment = min(1.0, organisation.political_commitment + gain)

    def add_loyalty(self, g: int, orgs: list[int], delta: float) -> None:
        for org in orgs:
            organisation = self.model.organisations[org]
            organisation.loyalty = min(1.0, max(0.0, organisation.loyalty + delta))

    def follow_up_probability(self, row: int) -> float:
        model = self.model
        financing = model.config.levers.financing
        follow = financing.ministry_follow_up_probability if model.is_department[model.work.table.lead[row]] else financing.follow_up_probability
        return follow + model.params.work.regional_follow_up_bonus * model.lever_strength("regional_budget")

    def health_factor(self, row: int) -> float:
        """A legal duty breeds minimalism: part of the health yield is lost [ABD2024, contested]."""
        model = self.model
        if model.lever_active["legal_duty"]:
            return 1.0 - model.params.work.legal_duty_minimalism * model.lever_strength("legal_duty")
        return 1.0

    def add_health(self, g: int, arrival: int, amount: float) -> None:
        self.model.health_pipeline[arrival] = self.model.health_pipeline.get(arrival, 0.0) + amount

    # what happened --------------------------------------------------------------------------------------------------
    def started(self, row: int) -> None:
        model, table = self.model, self.model.work.table
        view = Initiative(model, row)
        self.views.append(view)
        key = "log.initiative_ongoing" if view.origin == "ongoing" else "log.initiative_started"  # seeded by a warm start, or new
        self.model.log("initiative_started", key, {**self._label(view), "level": view.level}, initiative=view.unique_id,
                       topic=model.topic_names[view.topic], level=view.level, frame=view.frame, approach=view.approach,
                       funding=view.funding, origin=view.origin)
        assert table.n == len(self.views)

    def _label(self, view: Initiative) -> dict[str, Any]:
        """The values that name joint work in a message: topic, lead and partners as they are now."""
        model = self.model
        organisations = model.organisations
        return {"topic": model.topic_names[view.topic], "lead": organisations[view.lead].code,
                "partners": tuple(organisations[p].code for p in model.work.table.partner_list(view.row))}

    def decided(self, g: int, row: int, topic: int, lead: int, partner: int, level: int, hfap: bool, decision: Decision, escalation: bool) -> None:
        if escalation:
            return
        model = self.model
        codes = model.organisations
        values = {"partner": codes[partner].code, "topic": model.topic_names[topic], "lead": codes[lead].code}
        if not decision.accept:
            values["reason"] = decision.reason
        model.log(
            "decision", "log.decision_joins" if decision.accept else "log.decision_declines", values,
            partner=codes[partner].code, lead=codes[lead].code, topic=model.topic_names[topic], accept=decision.accept,
            reason=decision.reason, probability=round(decision.probability, 3), level=level, frame="HfaP" if hfap else "HiaP",
            new_work=row < 0,
        )

    def event(self, kind: str, row: int, **detail: Any) -> None:
        """Log what the pipeline did to a national initiative (as an event of the event log)."""
        if kind == "small_win":
            return
        model = self.model
        view = self.views[row]
        label = self._label(view)
        key = "log." + kind
        uid = view.unique_id
        if kind == "partner_joined":
            model.log(kind, key, {**label, "partner": model.organisations[detail["partner"]].code}, initiative=uid)
        elif kind == "partner_left":
            code = model.organisations[detail["partner"]].code
            model.log(kind, key, {**label, "partner": code, "reason": detail["reason"]}, initiative=uid, reason=detail["reason"], partner=code)
        elif kind in ("escalation", "scale_down"):
            model.log(kind, key, {**label, "level": detail["level"]}, initiative=uid, level=detail["level"])
        elif kind == "initiative_stalled":
            model.log(kind, key, {**label, "reason": detail["reason"]}, initiative=uid, reason=detail["reason"])
        elif kind in ("initiative_revived", "funding", "turnover"):
            model.log(kind, key, label, initiative=uid)
        elif kind in ("initiative_completed", "initiative_abandoned"):
            if kind == "initiative_completed":
                self.completed.append(view)
            model.log(kind, key, {**label, "reason": detail["reason"]}, initiative=uid, reason=detail["reason"],
                      topic=model.topic_names[view.topic], level=view.level, small_wins=view.small_wins)
        elif kind == "reinforce":
            model.log(kind, key, label, initiative=uid, months=detail["months"])
        elif kind == "publicity":
            model.log(kind, key, label, initiative=uid, wins=detail["wins"])

    # views ----------------------------------------------------------------------------------------------------------
    def live(self) -> list[Initiative]:
        """Initiatives not yet completed or abandoned, in order of start."""
        views = self.views
        return [views[row] for row in self.model.work.table.alive_rows().tolist()]

    def structural(self, row: int) -> bool:
        return int(self.model.work.table.funding[row]) in (FUNDINGS.index("structural"), FUNDINGS.index("population"))
