"""HiapModel: cooperation on Health in All Policies between Dutch ministries (spec sections 2-5).

One step is one month. Each month: scheduled events fire (cabinet changes, crises, budget cuts,
reorganisations, lever start/end, project money ending); urgency is updated; civil servants make contacts
and trust moves; some contacts become proposals; partners decide, each for a stated reason; joint work
progresses, yields small wins, changes level, stalls or ends; staff turn over; health effects arrive with a
lag and the outcome metrics are collected.

Randomness: one seed is split with ``numpy.random.SeedSequence`` into separate streams for the world
(politics, crises, turnover, set-up) and for behaviour (Mesa's ``model.rng``), so two runs that differ
only in decisions face the same world (common random numbers).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from hiap_sim.agents import CivilServant, Department, Initiative, Organisation, PledgePartner
from hiap_sim.events import EventLog
from hiap_sim.mechanisms import contacts as contact_rules
from hiap_sim.mechanisms import politics as politics_rules
from hiap_sim.mechanisms import trust as trust_rules
from hiap_sim.mechanisms import turnover as turnover_rules
from hiap_sim.mechanisms import urgency as urgency_rules
from hiap_sim.mechanisms.decisions import REASONS, Decision
from hiap_sim.mesa_core import Model
from hiap_sim.metrics import MetricCollector, metric_groups
from hiap_sim.municipal import MunicipalLevel
from hiap_sim.national import NationalLevel
from hiap_sim.national_actions import DeliberateActions
from hiap_sim.pipeline import JointWork
from hiap_sim.pipeline.knockouts import Switches, knock_out
from hiap_sim.scenario.fields import month_index, month_label
from hiap_sim.scenario.schema import RANKS, THEMES, Scenario
from hiap_sim.turnover import NationalTurnover
from hiap_sim.warm_start import WarmStart
from hiap_sim.world import LEVERS, WorldEvents

STREAMS = ("behaviour", "politics", "crises", "turnover", "setup", "municipal", "municipal_behaviour", "cabinet_falls")  # new streams go last: the others keep their draws
CONTACT_KINDS = ("encounter", "relation", "working_group", "joint_work")


class HiapModel(WorldEvents, NationalTurnover, DeliberateActions, WarmStart, Model):
    """Agent-based model of interdepartmental cooperation on health, built from [ABD2024], [HHS2016],
    [RIVM2010], [REG2021] and [AIG2016] (see docs/ODD.md).

    Rule in one line: officials meet by chance and by relation, propose joint work when aware, urgent and
    matched; partners join when fit, trust, urgency and political cover outweigh the costs of the level.
    """

    def __init__(self, scenario: Scenario, seed: int | None = None, months: int | None = None, metrics: Iterable[str] | None = None) -> None:
        """``metrics``: collect only these metrics each month (and what is computed with them; see
        ``metrics.METRIC_GROUPS``), e.g. a sweep's outputs; default: all of them."""
        seed = scenario.seed if seed is None else int(seed)
        scenario = knock_out(scenario)  # validation runs only: mechanisms switched off (every switch is on in a policy run)
        children = np.random.SeedSequence(seed).spawn(len(STREAMS))
        streams = {name: np.random.default_rng(child) for name, child in zip(STREAMS, children, strict=True)}
        super().__init__(rng=streams["behaviour"])
        self.seed = seed
        self.config = scenario
        self.streams = streams
        self.horizon = scenario.months if months is None else int(months)
        self.params = scenario.parameters
        self.event_log = EventLog(lambda month: self.calendar_label(month - 1))  # typed events; text at the edge (hiap_sim.text)
        self.records: list[dict[str, Any]] = []
        self.metric_groups = metric_groups(metrics)
        self._callbacks: list[Any] = []  # keeps scheduled callables alive (Mesa holds weak references)
        self._contact_rate: tuple[tuple, np.ndarray] | None = None
        self._staff_loyalty: tuple[list[float], Any, np.ndarray] | None = None  # (loyalties, structure, trust step scale per official)

        self._build_topics()
        self.strategy_revision = 0  # counts strategy replacements (caches derived from strategies follow it)
        self._build_organisations()
        # fixed per organisation
        self._base_urgency = np.array([o.base_urgency for o in self.organisations])
        self._org_awareness = np.array([o.awareness for o in self.organisations])
        self._build_staff()
        self._build_trust()

        # joint work: the one pipeline of both levels, with the national level's data (hiap_sim.national)
        self.national = NationalLevel(self)
        self.work = JointWork(self.national, self.n_org, Switches.of(scenario.mechanisms))
        self.crises: list[dict[str, Any]] = []
        self.health_pipeline: dict[int, float] = {}
        self.health_arrived = 0.0
        self.org_last_contact = np.full((self.n_org, self.n_org), -10_000, dtype=int)  # last month officials of two organisations met
        self.lever_active = dict.fromkeys(LEVERS, False)
        self.counters: Counter[str] = Counter()
        self.month_counts: Counter[str] = Counter()
        self.player_orgs: set[int] = set()  # organisations whose choices a player makes (game)
        self.decision_override: Any = None  # (topic, partner, decision) -> Decision for a player's organisation
        self.relation_investments: list[dict[str, Any]] = []  # bilateral ties organisations keep up (deliberate actions)
        self.pending_levers: dict[str, int] = {}  # lever -> month it starts (commissioned or adopted, not yet on)
        self.next_cabinet_event: Any = None
        self._rotation_rule: np.ndarray | None = None
        self._build_mandates()

        self._schedule_world()
        self._update_urgency()
        self._warm_start()  # relations and joint work the scenario states at the start (none: the empty world)
        # municipal level (spec 2.3, 4.9): only when the scenario has municipalities
        self.municipal = MunicipalLevel(self) if scenario.municipalities.enabled else None
        self.collector = MetricCollector(self, self.metric_groups)
        self._record_metrics(month=0)

    # ------------------------------------------------------------------------------------- joint work
    @property
    def initiatives(self) -> list[Initiative]:
        """Every national initiative, in order of start (views on the joint-work table)."""
        return self.national.views

    @property
    def live(self) -> list[Initiative]:
        """Initiatives active or stalled."""
        return self.national.live()

    @property
    def completed(self) -> list[Initiative]:
        """Completed initiatives, in order of completion."""
        return self.national.completed

    @property
    def last_escalation(self) -> list[tuple[int, Decision]]:
        return self.work.last_escalation

    def was_publicised(self, initiative: Initiative) -> int:
        """Small wins of ``initiative`` already made public."""
        return self.work.publicised.get(initiative.row, 0)

    def reinforced_until(self, initiative: Initiative) -> int:
        """Last month of extra staff and money for ``initiative`` (-1: none)."""
        return self.work.reinforced.get(initiative.row, -1)

    # ------------------------------------------------------------------------------------- building
    def _build_topics(self) -> None:
        topics = self.config.topics
        self.topic_names = list(topics)
        self.topic_index = {name: i for i, name in enumerate(self.topic_names)}
        self.topic_potential = np.array([t.health_potential for t in topics.values()])
        self.topic_interdependence = np.array([t.interdependence for t in topics.values()], dtype=int)
        self.topic_barrier = np.array([t.legal_barrier_risk for t in topics.values()])
        self._interdependence = self.topic_interdependence.tolist()  # plain lists for scalar use in the monthly loop
        self._barrier = self.topic_barrier.tolist()
        self.topic_themes = np.array([[t.themes.get(theme, 0.0) for theme in THEMES] for t in topics.values()])

    def _fit_from_priorities(self, priorities: dict[str, float]) -> np.ndarray:
        """Topic fit: the best product of the topic's theme weight and the organisation's priority."""
        weights = np.array([priorities.get(theme, 0.0) for theme in THEMES])
        return (self.topic_themes * weights[None, :]).max(axis=1)

    def _build_organisations(self) -> None:
        sc = self.config
        self.organisations: list[Organisation] = []
        self.org_codes: dict[str, int] = {}
        draws = politics_rules.draw_commitments(self.streams["politics"], len(sc.departments), sc.politics, sc.political_commitment)
        for k, (code, spec) in enumerate(sc.departments.items()):
            active = spec.active_from is None or month_index(sc.start, spec.active_from) <= 0
            if spec.active_until is not None and month_index(sc.start, spec.active_until) < 0:
                active = False
            # start from the scenario's stated commitment, nudged by the first cabinet draw
            commitment = float(np.clip(0.5 * spec.political_commitment * sc.political_commitment + 0.5 * draws[k], 0, 1))
            org = Department(
                self,
                index=len(self.organisations),
                code=code,
                name=spec.name or code,
                kind=spec.kind,
                health_relevance=spec.health_relevance,
                fit=self._fit_from_priorities(spec.priorities),
                commitment=commitment,
                budget=spec.budget * sc.budget,
                capacity_fte=spec.capacity_fte,
                silo_strength=spec.silo_strength,
                autonomy_preference=spec.autonomy_preference,
                base_urgency=spec.base_urgency,
                awareness=spec.awareness,
                strategy=spec.strategy,  # frozen: shared with the scenario, replaced (never changed) in a game
                is_coordinator=spec.is_coordinator,
                active=active,
            )
            self.org_codes[code] = org.index
            self.organisations.append(org)
        self.n_departments = len(self.organisations)
        pledges = sc.pledges
        if pledges.enabled:
            rng = self.streams["setup"]
            social_themes = [t for t in THEMES if t not in ("public_finance",)]
            for k in range(pledges.partners):
                # each partner cares about two random themes and somewhat about care (assumption)
                chosen = rng.choice(len(social_themes), size=2, replace=False)
                priorities = {social_themes[int(chosen[0])]: 1.0, social_themes[int(chosen[1])]: 0.5, "care": 0.4}
                org = PledgePartner(
                    self,
                    index=len(self.organisations),
                    code=f"P{k + 1:03d}",
                    name=f"Pledge partner {k + 1}",
                    kind="society",
                    health_relevance=pledges.awareness,  # volunteers join for health
                    fit=self._fit_from_priorities(priorities),
                    commitment=pledges.enthusiasm,
                    budget=pledges.budget * sc.budget,
                    capacity_fte=pledges.capacity_per_volunteer * pledges.volunteers_per_partner,
                    silo_strength=pledges.silo_strength,
                    autonomy_preference=pledges.autonomy_preference,
                    base_urgency=pledges.base_urgency,
                    awareness=pledges.awareness,
                    strategy=sc.departments[sc.coordinator].strategy.model_copy(update={"n_topics": 2, "funding": "project"}),
                )
                self.org_codes[org.code] = org.index
                self.organisations.append(org)
        self.n_org = len(self.organisations)
        self.coordinator_org = self.org_codes[sc.coordinator]
        self.is_department = np.array([isinstance(o, Department) for o in self.organisations])
        self.org_fit = np.array([o.fit for o in self.organisations])
        self._fit_by_topic = self.org_fit.T.tolist()  # [topic][organisation], for scalar use in the monthly loop

    def _build_staff(self) -> None:
        sc = self.config
        orgs, ranks = [], []
        for code, spec in sc.departments.items():
            for r, rank in enumerate(RANKS):
                count = getattr(spec.staff, rank)
                orgs += [self.org_codes[code]] * count
                ranks += [r] * count
        if sc.pledges.enabled:
            for org in self.organisations[self.n_departments :]:
                orgs += [org.index] * sc.pledges.volunteers_per_partner
                ranks += [0] * sc.pledges.volunteers_per_partner
        n = len(orgs)
        self.n_staff = n
        self.staff_org = np.array(orgs, dtype=int)
        self.staff_rank = np.array(ranks, dtype=int)
        rng = self.streams["setup"]
        t = self.params.turnover
        # officials in post at the start are drawn as successors are (hiap_sim.mechanisms.turnover)
        self.staff_boundary = turnover_rules.newcomer_boundary(rng.random((2, n)), t.boundary_spanning_mean)
        base_awareness = np.array([self.organisations[o].awareness for o in orgs])
        self.staff_awareness = turnover_rules.starting_awareness(base_awareness, rng.normal(0, t.awareness_sd, n))
        hours = self.params.contacts.hours
        self.staff_hours = np.array([hours[RANKS[r]] for r in ranks], dtype=float)
        is_volunteer = ~self.is_department[self.staff_org]
        self.staff_hours[is_volunteer] *= sc.pledges.volunteer_hours_share
        self.staff_tenure = rng.integers(0, int(t.mean_tenure_months), n)
        self.staff_active = np.array([self.organisations[o].active for o in orgs], dtype=bool)
        self.civil_servants = [CivilServant(self, i) for i in range(n)]
        self.rank_factor = np.array([self.params.proposals.rank_factor[r] for r in RANKS])[self.staff_rank]
        self.orientation = np.array([self.params.proposals.minister_orientation[r] for r in RANKS])[self.staff_rank]

    def _build_trust(self) -> None:
        tp = self.params.trust
        knob = self.config.trust
        self.org_baseline = np.full((self.n_org, self.n_org), min(1.0, tp.baseline_cross * knob))
        np.fill_diagonal(self.org_baseline, min(1.0, tp.baseline_within * knob))
        self._refresh_structure()
        self.trust = self.baseline.copy()
        self._org_trust, self.org_trust_sums = trust_rules.organisation_trust(self.onehot, self.trust, self.org_pairs, self._org_pair_divisor)

    def _refresh_structure(self) -> None:
        """Recompute what depends on who works where (after reorganisations and rotations)."""
        self.onehot = np.zeros((self.n_staff, self.n_org))
        self.onehot[np.flatnonzero(self.staff_active), self.staff_org[self.staff_active]] = 1.0
        self.org_order = np.argsort(self.staff_org, kind="stable")
        self.org_present, self.org_starts = np.unique(self.staff_org[self.org_order], return_index=True)
        if (self.org_order == np.arange(self.n_staff)).all():
            self.org_order = None  # already sorted: no reordering needed
        department_staff = self.staff_active & self.is_department[self.staff_org]
        same = self.staff_org[:, None] == self.staff_org[None, :]
        self.department_cross_pairs = np.triu(department_staff[:, None] & department_staff[None, :] & ~same, k=1)
        self.contact_structure = contact_rules.ContactStructure(self.staff_org, self.staff_active)
        self._working_group_pairs = None
        self._layout = None
        counts = self.onehot.sum(axis=0)
        self.org_pairs = np.outer(counts, counts) - np.diag(counts)
        self._org_pair_divisor = trust_rules.pair_divisor(self.org_pairs)
        self._affinity_key = None
        self._refresh_baseline()

    def _refresh_baseline(self) -> None:
        """Staff-level baseline trust from the organisations' baseline."""
        self.baseline = self.org_baseline.take(self.staff_org, axis=0).take(self.staff_org, axis=1)  # = [org[:, None], org[None, :]]
        self.baseline.flat[:: self.n_staff + 1] = 0.0  # no self-trust

    # ------------------------------------------------------------------------------------- events
    def month_of(self, label: str) -> int:
        """Step number (1-based) of a calendar month 'YYYY-MM'."""
        return month_index(self.config.start, label) + 1

    @property
    def month(self) -> int:
        """The month being simulated (1-based; 0 before the first step)."""
        return int(self.steps)

    @property
    def date(self) -> str:
        return self.calendar_label(max(self.month - 1, 0))

    def calendar_label(self, months_after_start: int) -> str:
        """'YYYY-MM' of the month ``months_after_start`` months after the start."""
        return month_label(self.config.start, months_after_start)

    def schedule_at_month(self, month: int, function: Any, *args: Any) -> None:
        """Schedule ``function(*args)`` to fire at the start of a month (before that month's step)."""
        if month < 1 or month > self.horizon:
            return
        callback = functools.partial(function, *args)
        self._callbacks.append(callback)
        self.schedule_event(callback, at=max(month - 0.5, self.time))

    # ------------------------------------------------------------------------------------- step
    def step(self) -> None:
        """One month (spec section 3)."""
        self.month_counts = Counter()
        self._update_urgency()
        counts = self._contacts()
        self._proposals(counts)
        self.work.work()
        if self.municipal is not None:
            self.municipal.step()  # 7. municipal dynamics and maturity
        self._turnover()
        self._health()
        self._record_metrics(self.month)

    # 2. urgency ------------------------------------------------------------------------------------
    def _update_urgency(self) -> None:
        up = self.params.urgency
        month = self.month
        shock = np.zeros(self.n_org)
        economic = 0.0
        self.window_topics: set[int] = set()
        self.window_orgs = np.zeros(self.n_org, dtype=bool)
        self.window_open = False  # any organisation in an open crisis window this month
        keep = []
        for crisis in self.crises:
            left = urgency_rules.shock_remaining(crisis["size"], month - crisis["start"], crisis["half_life"])
            if left < 0.01:
                continue
            keep.append(crisis)
            if crisis["kind"] == "economic":
                economic += left
                continue
            spillover = up.spillover * left * up.crisis_weight
            shock += spillover  # every organisation feels some of it; the touched ones the full shock
            touched = crisis["touched"]
            shock[touched] += left * up.crisis_weight - spillover
            if left >= up.window_threshold:
                self.window_topics.update(crisis["topics"])
                self.window_orgs[touched] = True
                self.window_open = True
        self.crises = keep
        base = self._base_urgency * self.config.urgency + self.mandate_urgency
        narrative = self.lever_strength("shared_narrative")
        urgency = urgency_rules.department_urgency(base, narrative, up.narrative_weight, shock, economic, up.economic_weight)
        for org, value in zip(self.organisations, urgency.tolist(), strict=True):
            org.urgency = value
        self.org_urgency = urgency

    def goal_pull(self) -> np.ndarray:
        """Goal matching between organisations (organisation x organisation): the best fit of the partner with the
        proposer's focus topics, the term of the proposal rule (spec 4.3)."""
        self._refresh_affinity()
        return self._org_fit_pull

    # 3. contacts and trust -------------------------------------------------------------------------
    def _refresh_affinity(self) -> None:
        """Goal matching between organisations: best fit of the partner with the proposer's focus topics
        (organisation x organisation, and staff x staff with the reach of deliberate contacts).

        Recomputed only when a strategy or the structure has changed.
        """
        if self._affinity_key != self.strategy_revision:  # None after a change of structure
            focus = [org.focus_topics() for org in self.organisations]
            aff = np.empty((self.n_org, self.n_org))
            for org, topics in zip(self.organisations, focus, strict=True):
                aff[org.index] = self.org_fit[:, topics].max(axis=1) if len(topics) else 0.0
            self._org_fit_pull = aff  # the goal-matching term of proposals (affinity without its floor)
            org_affinity = self.params.contacts.affinity_floor + aff
            self._staff_affinity = org_affinity[self.staff_org][:, self.staff_org]
            self._staff_reach = self._staff_affinity * self.contact_structure.cross
            self._affinity_key = self.strategy_revision

    def _contacts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[str, int]]]:
        """Meetings of the month as pairs (rows, cols, count), grouped by kind in the order of ``segments``
        (kind, number of pairs): within, encounter, relation, then working group and joint work when there
        are any. Trust moves with them."""
        cp = self.params.contacts
        tp = self.params.trust
        organisations = self.organisations
        # contacts per person from the strategy's relation share and the hours of the post (cached while both stay)
        key = (self.contact_structure, cp.contacts_per_hour, self.strategy_revision)
        if self._contact_rate is None or self._contact_rate[0] != key:
            rate = np.array([o.strategy.relation_share * 2.0 * cp.contacts_per_hour for o in organisations])[self.staff_org] * self.staff_hours
            self._contact_rate = (key, rate)
        per_person = self._contact_rate[1]
        if self.lever_active["programme_directorate"]:
            boost = 1.0 + self.lever_strength("programme_directorate")
            per_person = np.where(self.staff_org == self.coordinator_org, per_person * boost, per_person)
        if self.config.pledges.enabled:
            platform = 1.0 + self.config.pledges.platform_boost * float(self.org_urgency[: self.n_departments].mean())
            per_person = np.where(self.is_department[self.staff_org], per_person, per_person * platform)
        self._refresh_affinity()
        rng = self.rng
        structure = self.contact_structure
        # contacts with colleagues, chance encounters and deliberate contacts across the boundary (more for boundary
        # spanners): the rule of both levels (contacts.month_contacts), over one block of posts. Trust above the
        # baseline now weighs deliberate partners and, once they have met, it decays (trust does not change in between)
        gap = self.trust - self.baseline
        (within, within_b), (encounter, encounter_b), (relation_a, relation_b) = contact_rules.month_contacts(
            rng, per_person, self.staff_boundary, structure, structure, cp.within_share, cp.chance_share, self.trust, self.baseline,
            self._staff_reach, cp.trust_pull, gap=gap)
        n_within, n_encounter = len(within), len(encounter)
        rows, cols = [within, encounter, relation_a], [within_b, encounter_b, relation_b]
        n_once = len(within) + len(encounter) + len(relation_a)
        counts = [np.ones(n_once, dtype=int)]
        segments = [("within", len(within)), ("encounter", len(encounter)), ("relation", len(relation_a))]
        # contacts counted per kind: one meeting per pair, except invested relations and joint work (their counts)
        tallies = [("contacts_within", n_within), ("contacts_encounter", n_encounter), ("contacts_relation", len(relation_a))]
        invested = self._invested_meetings()
        if invested is not None:
            rows.append(invested[0])
            cols.append(invested[1])
            counts.append(invested[2])
            segments[-1] = ("relation", len(relation_a) + len(invested[0]))
            tallies[-1] = ("contacts_relation", len(relation_a) + int(invested[2].sum()))
        wg = self.config.levers.working_group
        if self.lever_active["working_group"] and self.month % wg.meet_every_months == 0:
            if self._working_group_pairs is None:
                delegates = self.working_group_delegates()
                a, b = np.triu_indices(len(delegates), k=1)
                a, b = delegates[a], delegates[b]
                keep = self.staff_org[a] != self.staff_org[b]
                self._working_group_pairs = (a[keep], b[keep], np.ones(int(keep.sum()), dtype=int))
            rows.append(self._working_group_pairs[0])
            cols.append(self._working_group_pairs[1])
            counts.append(self._working_group_pairs[2])
            segments.append(("working_group", len(self._working_group_pairs[0])))
            tallies.append(("contacts_working_group", len(self._working_group_pairs[0])))  # one meeting per pair
        if len(self.work.table.active_rows()):
            _, coordinators, contacts, held = self.work.table.meetings(self.rng, cp.joint_work_meetings)
            rows.append(coordinators)
            cols.append(contacts)
            counts.append(held)
            segments.append(("joint_work", len(held)))
            tallies.append(("contacts_joint_work", int(held.sum())))  # the pairs that did not meet add nothing
        all_rows = np.concatenate(rows)
        all_cols = np.concatenate(cols)
        all_k = np.concatenate(counts)
        # the trust step's scale per official from their organisation's loyalty (kept while loyalties and posts stay)
        loyalty = [o.loyalty for o in organisations]
        if self._staff_loyalty is None or self._staff_loyalty[0] != loyalty or self._staff_loyalty[1] is not structure:
            self._staff_loyalty = (loyalty, structure, trust_rules.loyalty_factor(np.array(loyalty), tp.loyalty_weight)[self.staff_org])
        factor = self._staff_loyalty[2]
        trust_rules.update_trust(self.trust, all_rows, all_cols, all_k, self.baseline, tp.contact_step, factor, tp.decay_per_month,
                                 max_meetings=tp.max_meetings_counted or None, gap=gap)
        # organisations that met this month: every pair after the contacts within organisations (all held: no
        # pair with zero meetings is kept)
        oa, ob = self.staff_org[all_rows[n_within:]], self.staff_org[all_cols[n_within:]]
        self.org_last_contact[oa, ob] = self.month
        self.org_last_contact[ob, oa] = self.month
        self._org_trust, self.org_trust_sums = trust_rules.organisation_trust(self.onehot, self.trust, self.org_pairs, self._org_pair_divisor)
        self._institutional_learning()
        counters = self.counters
        for key, count in tallies:
            counters[key] += count
        return all_rows, all_cols, all_k, segments

    def _institutional_learning(self) -> None:
        """Relations outlive people: organisation baselines drift towards their strongest ties [HHS2016]."""
        rate = trust_rules.learning_rate_this_month(self.params.trust.institutional_learning, self.month)
        if rate == 0.0:
            return
        strongest = trust_rules.strongest_ties(self.trust, self.org_order, self.org_starts, self.org_present, self.n_org)
        trust_rules.institutional_learning(self.org_baseline, strongest, rate)
        self._refresh_baseline()

    def working_group_delegates(self) -> np.ndarray:
        """The most senior non-DG officials of each member department."""
        wg = self.config.levers.working_group
        members = [self.org_codes[c] for c in wg.members] or [o.index for o in self.organisations[: self.n_departments]]
        delegates = []
        for org_index in members:
            if not self.organisations[org_index].active:
                continue
            staff = np.flatnonzero((self.staff_org == org_index) & (self.staff_rank < 3))
            staff = staff[np.argsort(-self.staff_rank[staff], kind="stable")]
            delegates.extend(staff[: wg.delegates_per_department].tolist())
        return np.array(delegates, dtype=int)

    # 4-5. proposals and decisions ------------------------------------------------------------------
    def _proposals(self, meetings: tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[str, int]]]) -> None:
        """Cross-organisation meetings of the month to the pipeline's proposal rule (spec 4.3); the contacts of a formal
        steering group propose less: ``formal_factor`` [HHS2016 #12]; an informal working group's (``formal: false``)
        propose as any other contact."""
        all_rows, all_cols, all_k, segments = meetings
        skip = segments[0][1] if segments[0][0] == "within" else 0
        kinds = [kind for kind, _ in segments if kind != "within"]
        lengths = [length for kind, length in segments if kind != "within"]
        kind = np.arange(len(kinds)).repeat(lengths)
        factor: np.ndarray | float = 1.0
        if "working_group" in kinds and self.config.levers.working_group.formal:
            factor = np.where(kind == kinds.index("working_group"), self.params.proposals.formal_factor, 1.0)
        rows = all_rows[skip:]
        self.work.proposals_from_meetings(np.zeros(len(rows), dtype=np.int64), rows, all_cols[skip:], all_k[skip:], kind, kinds, factor)

    # 9. health and metrics -------------------------------------------------------------------------
    def _health(self) -> None:
        arrived = self.health_pipeline.pop(self.month, 0.0)
        self.health_arrived += arrived
        self.decay_commitment()

    def decay_commitment(self) -> None:
        """Between cabinets, commitment raised by small wins drifts back to the cabinet's level."""
        for org in self.organisations[: self.n_departments]:
            org.political_commitment += self.config.politics.commitment_relaxation * (org.cabinet_commitment - org.political_commitment)

    def department_layout(self) -> DepartmentLayout:
        """Index helpers for department-level metrics (cached until the structure changes)."""
        if self._layout is None:
            self._layout = DepartmentLayout(self)
        return self._layout

    def ladder(self) -> np.ndarray:
        """The collaboration ladder between departments now (departments x departments): the deepest level of
        their active joint work, else 1 (ad hoc) when their officials met within ``memory_months``, else 0."""
        n = self.n_departments
        deepest = self.work.deepest_levels(1, n)[0]
        recent = self.org_last_contact[:n, :n] > self.month - self.params.contacts.memory_months  # month 0: only contacts before the start (warm_start)
        deepest[(deepest == 0) & recent] = 1
        return deepest

    def org_trust_matrix(self) -> np.ndarray:
        """Mean trust between organisations as of this month's contacts."""
        return self._org_trust

    def _record_metrics(self, month: int) -> None:
        self.records.append(self.collector.collect(month))

    # ------------------------------------------------------------------------------------- running
    def run(self, months: int | None = None) -> pd.DataFrame:
        """Run to the horizon (or for ``months``) and return the monthly metrics."""
        remaining = self.horizon - self.month if months is None else min(months, self.horizon - self.month)
        if remaining > 0:
            self.run_for(remaining)
        return self.dataframe()

    def dataframe(self) -> pd.DataFrame:
        return pd.DataFrame.from_records(self.records)

    def events(self) -> pd.DataFrame:
        """The event log as a table without text: month, date, kind and the structured detail of each event
        (``hiap_sim.output.event_table`` adds the English ``what`` of ``events.csv``)."""
        frame = pd.DataFrame.from_records(self.event_log.records())
        return pd.DataFrame(columns=["month", "date", "kind"]) if frame.empty else frame


class DepartmentLayout:
    """Which organisations are active departments, their pairs, and the pair counts the metrics need."""

    def __init__(self, model: HiapModel) -> None:
        n = model.n_org
        active = np.array([o.active for o in model.organisations[: model.n_departments]])
        self.departments = np.flatnonzero(active)
        a, b = np.triu_indices(len(self.departments), k=1)
        self.pair_a, self.pair_b = self.departments[a], self.departments[b]  # department pairs (a < b)
        self.pair_index = {(i, j): k for k, (i, j) in enumerate(zip(self.pair_a.tolist(), self.pair_b.tolist(), strict=True))}
        self.pair_flat = self.pair_a * n + self.pair_b  # the pairs as flat indices into an organisation x organisation matrix
        is_dep = np.zeros(n, dtype=bool)
        is_dep[self.departments] = True
        block = is_dep[:, None] & is_dep[None, :]
        eye = np.eye(n, dtype=bool)
        self.cross_mask = (block & ~eye).astype(float)
        self.within_mask = (block & eye).astype(float)
        self.cross_pairs = float((model.org_pairs * self.cross_mask).sum())
        self.within_pairs = float((model.org_pairs * self.within_mask).sum())
        # weights that turn the organisation-level trust sums into the mean over cross / within pairs
        self.cross_weights = self.cross_mask.ravel() / self.cross_pairs if self.cross_pairs else self.cross_mask.ravel()
        self.within_weights = self.within_mask.ravel() / self.within_pairs if self.within_pairs else self.within_mask.ravel()
        self.mean_weights = np.stack([self.cross_weights, self.within_weights], axis=1)  # both means in one product
        self.department_list = self.departments.tolist()
        # cross-department pairs of officials (i < j), as flat indices into the trust matrix both ways round
        ti, tj = np.nonzero(model.department_cross_pairs)
        self.tie_flat = ti * model.n_staff + tj
        self.tie_flat_reverse = tj * model.n_staff + ti
        self.org_staff = np.maximum(model.onehot.sum(axis=0), 1)
        self._others: dict[int, list[int]] = {}  # per coordinator: the other departments
        self._trust_with_columns: dict[int, list[str]] = {}  # and their metric names
        self.n_org = n

    def trust_with_columns(self, coordinator: int, organisations: list) -> list[str]:
        """The metric names trust_with_<department> for the departments other than the coordinator."""
        if coordinator not in self._trust_with_columns:
            self._trust_with_columns[coordinator] = [f"trust_with_{organisations[d].code}" for d in self.others(coordinator)]
        return self._trust_with_columns[coordinator]

    def others(self, coordinator: int) -> list[int]:
        """The active departments other than the coordinator."""
        if coordinator not in self._others:
            self._others[coordinator] = [int(d) for d in self.departments if d != coordinator]
        return self._others[coordinator]


def run_scenario(scenario: Scenario, seed: int | None = None, months: int | None = None) -> pd.DataFrame:
    """Run a scenario once and return its monthly metrics."""
    return HiapModel(scenario, seed=seed, months=months).run()


__all__ = ["HiapModel", "REASONS", "run_scenario"]
