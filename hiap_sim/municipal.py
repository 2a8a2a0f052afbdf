"""The municipal level (spec 2.3, step 7 of section 3, 4.9): collaboration between the sectors of each
municipality, alderman support, the IGB lead, GGD support, local budgets and national grants, and maturity.

Inside each municipality the national mechanisms run between sectors: contacts (``contacts.month_contacts``,
the one rule of both levels), trust (``trust.update_trust``, ``breach``, ``boost``, ``institutional_learning``),
proposals (``proposals.proposal_probability``, ``choose_topic``), partner decisions (``decisions.decide``)
and work (``work.progress_rate``, ``small_win_probability``, ``phase_for``, ``health_value``), with the
alderman's support in the role of the minister's commitment [RIVM2010]. National programmes reach
municipalities: the coordinating ministry's urgency and focus topics raise local urgency and priority,
national grants with co-financing raise local budget and capacity where the local share is affordable,
and a national regional-budget lever helps project money get structural follow-up [REG2021].

State is held in numpy arrays in per-municipality blocks (municipalities x staff x staff for trust), so
memory and time grow linearly with the number of municipalities. Joint work runs through the one
pipeline of both levels (``hiap_sim.pipeline``): rows of its table, one group per municipality.

Randomness: world events of the municipal level (set-up, elections, turnover, grant awards, leads leaving)
come from sub-streams of the ``municipal`` stream with a fixed number of draws per event; behaviour inside
municipalities from the ``municipal_behaviour`` stream, so the national level draws exactly what it drew
without municipalities.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.agents.municipality import Municipality, MunicipalOfficial
from hiap_sim.mechanisms import contacts as contact_rules
from hiap_sim.mechanisms import local_policy as local_rules
from hiap_sim.mechanisms import maturity as maturity_rules
from hiap_sim.mechanisms import politics as politics_rules
from hiap_sim.mechanisms import trust as trust_rules
from hiap_sim.mechanisms import turnover as turnover_rules
from hiap_sim.mechanisms.decisions import Decision, DecisionInput
from hiap_sim.mesa_core import AgentSet
from hiap_sim.municipal_choices import MunicipalChoices
from hiap_sim.municipal_observation import MunicipalObservation
from hiap_sim.municipal_work import MunicipalJointWork
from hiap_sim.pipeline import ABANDONED, ACTIVE_MAX, APPROACHES, COMPLETED, FUNDINGS, PHASES, STALLED, JointWork
from hiap_sim.pipeline.knockouts import Switches
from hiap_sim.pipeline.table import at_cells, cells
from hiap_sim.scenario.municipal import PUBLIC_HEALTH, SECTORS, SIZE_CLASSES

if TYPE_CHECKING:
    from hiap_sim.model import HiapModel

WORLD_STREAMS = ("setup", "elections", "turnover", "grants")


class _TiledStructure:
    """The contact structure of one municipality repeated for all of them, for the contact rule of both levels
    (``contacts.month_contacts``), which numbers officials across municipalities: every municipality has the same
    posts, and ``cross`` keeps each official's partners (columns) inside its own municipality. Linear in the number
    of municipalities (no officials x officials matrix over all of them)."""

    def __init__(self, template: contact_rules.ContactStructure, municipalities: int) -> None:
        self.template, self.municipalities = template, municipalities
        self.org_of = np.tile(template.org_of, municipalities)
        self.active = np.tile(template.active, municipalities)
        self.cross = np.tile(template.cross, (municipalities, 1))
        self._factors: tuple[tuple[float, float], np.ndarray] | None = None

    def rate_factors(self, within_share: float, chance_share: float) -> np.ndarray:
        """The template's rate factors (``ContactStructure.rate_factors``) for every municipality, kind-major."""
        key = (within_share, chance_share)
        if self._factors is None or self._factors[0] != key:
            per_kind = self.template.rate_factors(within_share, chance_share).reshape(3, 1, -1)
            self._factors = (key, np.tile(per_kind, (1, self.municipalities, 1)).ravel())
        return self._factors[1]


class MunicipalLevel(MunicipalJointWork, MunicipalChoices, MunicipalObservation):
    """All municipalities of a run, their sectors and officials, and the monthly municipal dynamics."""

    def __init__(self, model: HiapModel) -> None:
        self.model = model
        sc = model.config
        self.config = mc = sc.municipalities
        self.params = mc.parameters
        self.world = dict(zip(WORLD_STREAMS, model.streams["municipal"].spawn(len(WORLD_STREAMS)), strict=True))
        self.rng = model.streams["municipal_behaviour"]
        self.counters: Counter[str] = Counter()
        self.month_counts: Counter[str] = Counter()
        self.table_rows: list[dict[str, Any]] = []
        self._build_sectors()
        self._build_municipalities()
        self._build_staff()
        self._build_trust()
        self._bind_pipeline()
        self.work = JointWork(self, self.n_sectors, Switches.of(self.model.config.mechanisms))
        self.initiatives = self.work.table
        self.fte_committed = np.zeros((self.n_muni, self.n_sectors))
        self.budget_committed = np.zeros(self.n_muni)
        self.loyalty = np.full((self.n_muni, self.n_sectors), 0.5)
        self.last_collab = np.full((self.n_muni, self.n_slots), -10_000, dtype=np.int64)
        self.collab_level = np.zeros((self.n_muni, self.n_slots), dtype=np.int64)
        self.last_contact_ph = np.full((self.n_muni, self.n_sectors), -10_000, dtype=np.int64)
        self.health_pipeline: dict[int, np.ndarray] = {}
        self.health_arrived = np.zeros(self.n_muni)
        self.month = 0
        self._focus_key: tuple[bytes, tuple[Any, ...]] | None = None  # the priorities the focus was worked out from
        self._init_players()
        self._signals()
        self._schedule()
        self.snapshot(0)

    # ------------------------------------------------------------------------------------- building
    def _build_sectors(self) -> None:
        mc, model = self.config, self.model
        self.n_sectors = len(SECTORS)
        self.ph = SECTORS.index(PUBLIC_HEALTH)
        specs = [mc.sectors[name] for name in SECTORS]
        self.sector_specs = specs
        self.sector_field = [spec.field for spec in specs]
        self.is_physical = np.array([f == "physical" for f in self.sector_field])
        self.sector_silo = np.array([spec.silo_strength for spec in specs])
        self.sector_autonomy = np.array([spec.autonomy_preference for spec in specs])
        self.fit = np.array([model._fit_from_priorities(spec.priorities) for spec in specs])  # sectors x topics
        self.potential = model.topic_potential
        self.interdependence = model.topic_interdependence
        self.n_topics = len(model.topic_names)
        slot_sector, slot_rank = [], []
        for s, spec in enumerate(specs):
            slot_sector += [s] * (spec.staff.officer + spec.staff.head)
            slot_rank += [0] * spec.staff.officer + [1] * spec.staff.head
        self.slot_sector = np.array(slot_sector, dtype=np.int64)
        self.slot_rank = np.array(slot_rank, dtype=np.int64)
        self.n_slots = len(slot_sector)
        self.sector_slots = [np.flatnonzero(self.slot_sector == s) for s in range(self.n_sectors)]
        self.sector_officers = [np.flatnonzero((self.slot_sector == s) & (self.slot_rank == 0)) for s in range(self.n_sectors)]
        self.is_officer = self.slot_rank == 0
        self.health_officers = self.sector_officers[self.ph]
        heads = [np.flatnonzero((self.slot_sector == s) & (self.slot_rank == 1)) for s in range(self.n_sectors)]
        self.sector_heads = np.full((self.n_sectors, max(1, max(len(h) for h in heads))), -1, dtype=np.int64)
        for s, h in enumerate(heads):
            self.sector_heads[s, : len(h)] = h
        self.onehot = np.zeros((self.n_slots, self.n_sectors))
        self.onehot[np.arange(self.n_slots), self.slot_sector] = 1.0
        counts = self.onehot.sum(axis=0)
        self.sector_pairs = np.outer(counts, counts) - np.diag(counts)
        self.sector_starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        self.structure = contact_rules.ContactStructure(self.slot_sector, np.ones(self.n_slots, dtype=bool))
        pp = self.params.proposals
        self.rank_factor = np.array([pp.rank_factor["officer"], pp.rank_factor["head"]])[self.slot_rank]
        self.orientation = np.array([pp.alderman_orientation["officer"], pp.alderman_orientation["head"]])[self.slot_rank]
        field_awareness = self.params.awareness.by_field
        self.sector_awareness = np.array([spec.awareness if spec.awareness is not None else field_awareness[spec.field] for spec in specs])
        topics = self.model.topic_index
        self.local_priority = np.zeros(self.n_topics)
        for name, weight in mc.priority_topics.items():
            self.local_priority[topics[name]] = weight
        self.grant_topics = np.zeros((len(mc.grants), self.n_topics))
        for g, grant in enumerate(mc.grants):
            self.grant_topics[g, [topics[t] for t in grant.topics]] = 1.0
        self.fixed_focus = np.array([topics[t] for t in mc.strategy.focus_topics], dtype=np.int64)

    def _build_municipalities(self) -> None:
        mc = self.config
        classes = mc.size_classes
        specs: list[dict[str, Any]] = [m.model_dump() for m in mc.municipalities]
        specs += self._generated()
        self.n_muni = n = len(specs)
        setup = self.world["setup"]
        z_support = setup.standard_normal(n)
        u_lead = setup.random(n)
        self.names = [s["name"] for s in specs]
        self.size_class = [s["size_class"] for s in specs]
        cls = [classes[c] for c in self.size_class]

        def pick(key: str, default_key: str | None = None) -> np.ndarray:
            return np.array([s[key] if s.get(key) is not None else getattr(c, default_key or key) for s, c in zip(specs, cls, strict=True)], dtype=float)

        self.population = pick("population")
        self.low_ses_share = pick("low_ses_share")
        self.ses_concentration = pick("ses_concentration")
        self.ggd = pick("ggd_support")
        self.budget_per_inhabitant = pick("budget_per_inhabitant")
        self.own_budget = self.population * self.budget_per_inhabitant / 1000.0  # k EUR / year
        self.base_urgency = np.array([c.base_urgency for c in cls])
        self.hours_factor = np.array([c.hours_factor for c in cls])
        self.capacity_factor = np.array([c.capacity_factor for c in cls])
        self.support_mean = np.array([c.support_mean for c in cls])
        drawn = np.clip(self.support_mean + mc.politics.support_sd * z_support, 0.0, 1.0)
        given = np.array([np.nan if s["alderman_support"] is None else s["alderman_support"] for s in specs])
        self.support = np.where(np.isnan(given), drawn, given)
        self.support_elected = self.support.copy()
        lead_drawn = u_lead < np.array([c.lead_share for c in cls])
        self.has_lead = np.array([bool(d) if s["has_lead"] is None else bool(s["has_lead"]) for s, d in zip(specs, lead_drawn, strict=True)])
        self.maturity = np.array([s["maturity"] for s in specs], dtype=np.int64)
        self.assigned = self.maturity >= 2
        self.held = np.zeros((n, len(mc.grants)), dtype=bool)
        self.grant_amount = np.zeros((n, len(mc.grants)))
        self.grant_cofinancing = np.zeros((n, len(mc.grants)))
        self._grant_sums = [0.0] * n
        self.capacity = np.array([spec.capacity_fte for spec in self.sector_specs])[None, :] * self.capacity_factor[:, None]
        self._capacity_rows = self.capacity.tolist()  # as the decisions read it (changes only with grants)
        self.urgency = self.base_urgency.copy()
        self.agents = [Municipality(self.model, self, m, self.names[m], self.size_class[m]) for m in range(n)]
        self.municipalities = AgentSet(self.agents, random=self.model.random)

    def _generated(self) -> list[dict[str, Any]]:
        """Municipalities generated by size class: counts by largest remainder, values drawn around the class."""
        gen = self.config.generate
        if gen.count == 0:
            return []
        counts = gen.counts()
        rng = self.world["setup"]
        z = rng.standard_normal((gen.count, 4))
        out, k = [], 0
        classes = self.config.size_classes
        for c in SIZE_CLASSES:
            spec = classes[c]
            for i in range(counts[c]):
                out.append({
                    "name": gen.name(c, i), "size_class": c,
                    "population": int(np.clip(spec.population * math.exp(gen.population_spread * z[k, 0]), 1_000, 2_000_000)),
                    "low_ses_share": float(np.clip(spec.low_ses_share + gen.spread * z[k, 1], 0.0, 1.0)),
                    "ses_concentration": float(np.clip(spec.ses_concentration + gen.spread * z[k, 2], 0.0, 1.0)),
                    "ggd_support": float(np.clip(spec.ggd_support + gen.spread * z[k, 3], 0.0, 1.0)),
                    "budget_per_inhabitant": None, "alderman_support": None, "has_lead": None, "maturity": 1,
                })
                k += 1
        return out

    def _build_staff(self) -> None:
        mp = self.params
        n, slots = self.n_muni, self.n_slots
        setup = self.world["setup"]
        # the awareness a post starts with: its sector's, a head a share of it (head_factor); officials in post at the
        # start are drawn as successors are (hiap_sim.mechanisms.turnover)
        field = self.sector_awareness[self.slot_sector]
        self.post_awareness = np.where(self.slot_rank == 1, field * mp.awareness.head_factor, field)
        noise = setup.normal(0.0, mp.awareness.sd, (n, slots))
        self.awareness = turnover_rules.starting_awareness(self.post_awareness[None, :], noise)
        self.boundary = turnover_rules.newcomer_boundary(setup.random((2, n, slots)), mp.turnover.boundary_spanning_mean)
        self.tenure = np.ascontiguousarray(setup.integers(0, int(mp.turnover.mean_tenure_months), (n, slots)))  # a flat view counts months
        hours = mp.contacts.hours
        base_hours = np.array([hours["officer"], hours["head"]])[self.slot_rank]
        base_hours[self.health_officers] = mp.contacts.health_officer_hours
        self.base_hours = base_hours[None, :] * self.hours_factor[:, None]
        self.hours = self.base_hours.copy()
        self.officials = [[MunicipalOfficial(self.model, municipality, slot) for slot in range(slots)] for municipality in self.agents]

    def _build_trust(self) -> None:
        tp = self.params.trust
        knob = self.model.config.trust
        base = np.full((self.n_sectors, self.n_sectors), min(1.0, tp.baseline_cross * knob))
        np.fill_diagonal(base, min(1.0, tp.baseline_within * knob))
        self.sector_baseline = np.repeat(base[None], self.n_muni, axis=0)
        self._refresh_baseline()
        self.trust = self.baseline.copy()
        self._tiled = _TiledStructure(self.structure, self.n_muni)
        self._sector_trust()

    def _refresh_baseline(self) -> None:
        """Official-level baseline trust from each municipality's sector baseline."""
        self.baseline = self.sector_baseline.take(self.slot_sector, axis=1).take(self.slot_sector, axis=2)  # row-major: read by rows
        self.baseline[:, np.arange(self.n_slots), np.arange(self.n_slots)] = 0.0

    def _sector_trust(self) -> None:
        """Mean trust between sectors of each municipality (both directions), municipalities x sectors x sectors."""
        mean, _ = trust_rules.organisation_trust(self.onehot, self.trust, self.sector_pairs)
        self.sector_trust = np.nan_to_num(mean, nan=0.0)

    # ------------------------------------------------------------------------------------- events
    def _schedule(self) -> None:
        model, politics = self.model, self.config.politics
        for date in politics.elections:
            model.schedule_at_month(model.month_of(date), self.election, "scheduled")
        last = max([model.month_of(d) for d in politics.elections], default=1)
        month = last + politics.term_months
        while month <= model.horizon:
            model.schedule_at_month(month, self.election, "regular")
            month += politics.term_months
        for g, grant in enumerate(self.config.grants):
            model.schedule_at_month(max(model.month_of(grant.start), 1), self.offer_grant, g)
            if grant.end is not None:
                model.schedule_at_month(model.month_of(grant.end) + 1, self.end_grant, g)

    def election(self, cause: str) -> None:
        """Municipal elections: every college's support is redrawn; sharp drops make partner sectors renege."""
        politics = self.config.politics
        old = self.support.copy()
        new = local_rules.draw_alderman_support(self.world["elections"], self.support_elected, self.support_mean, politics.support_sd, politics.persistence)
        self.support = new
        self.support_elected = new.copy()
        self.model.log("municipal_election", "log.municipal_election", {"cause": cause, "mean": float(new.mean())}, cause=cause)
        for m in sorted(self.watched):
            self._note(m, "municipal_election", before=round(float(old[m]), 3), after=round(float(new[m]), 3))
        dropped = np.array([politics_rules.reneges(o, n, politics.renege_drop) for o, n in zip(old.tolist(), new.tolist(), strict=True)])
        table = self.initiatives
        for row in np.flatnonzero(np.isin(table.phase[: table.n], [*range(ACTIVE_MAX + 1), STALLED]) & dropped[table.group[: table.n]]):
            for partner in np.flatnonzero(table.partners[row]).tolist():
                if self.rng.random() < politics.renege_probability:
                    self.work.leave(int(row), partner, "election", broken=True)

    def set_alderman_support(self, value: float, municipalities: list[int] | None = None) -> None:
        """Set alderman support (a game action or a scenario test: e.g. the college withdraws its support)."""
        index = np.arange(self.n_muni) if municipalities is None else np.asarray(municipalities, dtype=np.int64)
        self.support[index] = value
        self.support_elected[index] = value

    def offer_grant(self, g: int) -> None:
        """A national grant is offered: eligible municipalities that can pay the co-financing apply; the funder
        awards a share (always one draw per municipality)."""
        grant = self.config.grants[g]
        draws = self.world["grants"].random(self.n_muni)
        scale = 1.0
        if self.config.national.follow_national_budget:
            coord = self.model.organisations[self.model.coordinator_org]
            scale = coord.budget / coord.initial_budget if coord.initial_budget > 0 else 1.0
        amount = self.population * grant.amount_per_inhabitant * scale / 1000.0
        eligible = np.array([not grant.eligible or c in grant.eligible for c in self.size_class])
        free = self.own_budget - self.grant_cofinancing.sum(axis=1)
        affordable = local_rules.grant_affordable(free, amount, grant.co_financing)
        awarded = eligible & affordable & (draws < grant.award_probability)
        self.held[:, g] = awarded
        self.grant_amount[:, g] = np.where(awarded, amount, 0.0)
        self.grant_cofinancing[:, g] = np.where(awarded, grant.co_financing * amount, 0.0)
        self._apply_grants()
        self.counters[f"grant_{g}_taken"] = int(awarded.sum())
        self.counters[f"grant_{g}_unaffordable"] = int((eligible & ~affordable).sum())
        taken, unaffordable = int(awarded.sum()), int((eligible & ~affordable).sum())
        self.model.log("grant", "log.grant_awarded", {"grant": grant.name, "taken": taken, "eligible": int(eligible.sum()), "unaffordable": unaffordable},
                       grant=grant.name, taken=taken, unaffordable=unaffordable)

    def end_grant(self, g: int) -> None:
        self.held[:, g] = False
        self.grant_amount[:, g] = 0.0
        self.grant_cofinancing[:, g] = 0.0
        self._apply_grants()
        self.model.log("grant", "log.grant_ends", {"grant": self.config.grants[g].name}, grant=self.config.grants[g].name)

    def _apply_grants(self) -> None:
        """Grant money buys project staff for public health: capacity for joint work and contact hours."""
        self._grant_sums = [float(row.sum()) for row in self.grant_amount]  # per municipality, as the decisions read it
        link = self.config.national
        extra_fte = self.grant_amount.sum(axis=1) / link.cost_per_fte
        self.capacity[:, self.ph] = self.sector_specs[self.ph].capacity_fte * self.capacity_factor + extra_fte
        self._capacity_rows = self.capacity.tolist()
        self.hours = self.base_hours.copy()
        self.hours[:, self.health_officers] += (extra_fte * link.hours_per_fte / max(len(self.health_officers), 1))[:, None]

    def total_budget(self) -> np.ndarray:
        """Budget for joint health work: own money plus grants held (k EUR / year)."""
        return self.own_budget + self.grant_amount.sum(axis=1)

    def budget_short(self) -> np.ndarray:
        """Share of committed joint-work spending the budget does not cover."""
        total = self.total_budget()
        short = np.where(self.budget_committed > 0, 1.0 - total / np.maximum(self.budget_committed, 1e-12), 0.0)
        return np.clip(short, 0.0, 1.0)

    def _budget_short_of(self, m: int) -> float:
        committed = self.budget_committed.item(m)
        if committed <= 0:
            return 0.0
        short = 1.0 - (self.own_budget.item(m) + self._grant_sums[m]) / committed
        short = short if short > 0.0 else 0.0  # = min(1.0, max(0.0, short)), without the calls
        return short if short < 1.0 else 1.0

    # ------------------------------------------------------------------------------------- step
    def step(self) -> None:
        """One month of municipal dynamics (spec section 3, step 7)."""
        self.month = self.model.month
        self.month_counts = Counter()
        if self.pending_evidence:
            self._evidence_arrives()
        self._signals()
        meetings = self._contacts()
        self._proposals(meetings)
        self.work.work()
        self._management()
        self._maturity()
        self._turnover()
        self._health()
        self._collaboration_state()
        if self.reservations:
            self._release()
        for m in self.watched:
            self.watch_records[m].append(self.indicators(m))
        if self.month % 12 == 0 or self.month == self.model.horizon:
            self.snapshot(self.month)

    # national signals -> local urgency, priorities, focus and goal matching -----------------------------
    def _signals(self) -> None:
        model, link = self.model, self.config.national
        # support raised by small wins drifts back to the level the college was elected with
        self.support += self.config.politics.relaxation * (self.support_elected - self.support)
        coord = model.organisations[model.coordinator_org]
        self.urgency = local_rules.local_urgency(self.base_urgency, model.config.urgency, float(coord.urgency), link.urgency_weight)
        national_focus = np.zeros(self.n_topics)
        national_focus[coord.focus_topics()] = 1.0
        grant_topics = np.minimum(self.held.astype(float) @ self.grant_topics, 1.0) if len(self.config.grants) else np.zeros((self.n_muni, self.n_topics))
        self.priority = local_rules.topic_priority(self.local_priority, national_focus, link.priority_weight, grant_topics, link.grant_priority_weight)
        if self.note_priority is not None:
            live = (self.note_until >= self.month)[:, None]
            self.priority = self.priority + np.where(live, self.note_priority, 0.0)
        # the focus topics follow the priorities (and a player's focus): worked out again only when these changed
        key = (self.priority.tobytes(), tuple((m, tuple(strategy.focus_topics or ())) for m, strategy in self.player_strategy.items()))
        if key != self._focus_key:
            self._focus_key = key
            self._focus()
            # the national agenda's value to a partner, per municipality and topic (as the decisions read it)
            self._lever_values = [[self._agenda_value * min(1.0, priority) for priority in row] for row in self.priority.tolist()]
        # what the partner decisions read, as Python numbers (the month's urgency)
        self._urgency_list = self.urgency.tolist()

    def _focus(self) -> None:
        """Each sector's focus topics from the priorities (municipalities x sectors x topics), and goal matching
        between sectors from them (``affinity``, per official ``staff_affinity``, and the reach of deliberate
        contacts)."""
        n_top = min(max(self.config.strategy.n_topics, len(self.fixed_focus)), self.n_topics)
        # other sectors pursue topics that fit them, weighted by the local agenda (ties: health potential)
        score = self.fit[None, :, :] * (0.5 + self.priority[:, None, :])
        focus = np.lexsort((np.broadcast_to(-self.potential, score.shape), -score), axis=-1)[:, :, :n_top]
        # a sector pursues only topics its own policy touches: pad with its best topic
        own_fit = np.take_along_axis(np.broadcast_to(self.fit[None], score.shape), focus, axis=2)
        focus = np.where(own_fit > 0, focus, focus[:, :, :1])
        # the health officer pursues the local agenda (or the strategy's fixed list)
        if len(self.fixed_focus):
            ph_focus = np.resize(self.fixed_focus, n_top)[None, :].repeat(self.n_muni, axis=0)
        else:
            ph_focus = np.lexsort((np.broadcast_to(-self.potential, self.priority.shape), -self.priority), axis=-1)[:, :n_top]
        focus[:, self.ph, :] = ph_focus
        for m, strategy in self.player_strategy.items():  # a player's focus topics for the health officer
            if strategy.focus_topics:
                focus[m, self.ph, :] = np.resize([self.model.topic_index[t] for t in strategy.focus_topics], n_top)
        self.focus = focus
        self._focus_lists = focus.tolist()  # what the proposals read, as Python numbers
        # goal matching: how well sector j fits the focus topics of sector i (as national _affinity)
        by_topic = self.fit.T  # topics x partner sectors: the best over the focus topics, one topic at a time
        best = by_topic[focus[:, :, 0]]
        for k in range(1, focus.shape[2]):
            np.maximum(best, by_topic[focus[:, :, k]], out=best)
        self.affinity = self.params.contacts.affinity_floor + best
        self.staff_affinity = self.affinity.take(self.slot_sector, axis=1).take(self.slot_sector, axis=2)
        # affinity x cross for the deliberate contacts of officials numbered across municipalities (contacts.deliberate_partners)
        self._staff_reach = self.staff_affinity.reshape(-1, self.n_slots) * self._tiled.cross

    # contacts and trust --------------------------------------------------------------------------------
    def _contacts(self) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """Meetings of the month by kind as (municipality, official, official, count); trust moves with them."""
        cp, tp, rng = self.params.contacts, self.params.trust, self.rng
        n = self.n_slots
        per_person = cp.contacts_per_hour * self.hours * self.config.strategy.relation_share * 2.0
        # the rule of both levels (contacts.month_contacts), over officials numbered across municipalities
        drawn = contact_rules.month_contacts(rng, per_person.ravel(), self.boundary.ravel(), self._tiled, self.structure, cp.within_share, cp.chance_share,
                                             self.trust.reshape(-1, n), self.baseline.reshape(-1, n), self._staff_reach, cp.trust_pull)
        meetings = {}
        for kind, (starters, partners) in zip(("within", "encounter", "relation"), drawn, strict=True):
            muni, local = np.divmod(starters, n)
            meetings[kind] = (muni, local, partners)
        out = {kind: (m, a, b, np.ones(len(a), dtype=np.int64)) for kind, (m, a, b) in meetings.items()}
        invested = self._invested_meetings()
        if invested is not None:
            out["invested"] = invested
        if len(self.initiatives.active_rows()):
            out["joint_work"] = self.initiatives.meetings(rng, cp.joint_work_meetings)
        all_m = np.concatenate([v[0] for v in out.values()])
        all_a = np.concatenate([v[1] for v in out.values()])
        all_b = np.concatenate([v[2] for v in out.values()])
        all_k = np.concatenate([v[3] for v in out.values()])
        factor = trust_rules.loyalty_factor(self.loyalty, tp.loyalty_weight)[:, self.slot_sector]
        trust_rules.update_trust(self.trust, all_a, all_b, all_k, self.baseline, tp.contact_step, factor, tp.decay_per_month, blocks=all_m, max_meetings=tp.max_meetings_counted or None)
        # contacts of public health with other sectors count as ad hoc (level 1) collaboration
        sa, sb = self.slot_sector[all_a], self.slot_sector[all_b]
        met = all_k > 0
        with_ph = met & (sa == self.ph) & (sb != self.ph)
        self.last_contact_ph[all_m[with_ph], sb[with_ph]] = self.month
        with_ph = met & (sb == self.ph) & (sa != self.ph)
        self.last_contact_ph[all_m[with_ph], sa[with_ph]] = self.month
        self._sector_trust()
        self._institutional_learning()
        return out

    def _institutional_learning(self) -> None:
        """Relations outlive people: sector baselines drift towards their strongest ties (as nationally)."""
        rate = trust_rules.learning_rate_this_month(self.params.trust.institutional_learning, self.month)
        if rate == 0.0:
            return
        size = self.n_slots // self.n_sectors
        if (self.onehot.sum(axis=0) == size).all():
            # sectors of equal size: the maxima of trust_rules.strongest_ties, slot by slot over views of each block
            blocks = self.trust.reshape(self.n_muni, self.n_sectors, size, self.n_sectors, size)
            rows = blocks[:, :, 0]
            for k in range(1, size):
                rows = np.maximum(rows, blocks[:, :, k])
            block = rows[..., 0]
            for k in range(1, size):
                block = np.maximum(block, rows[..., k])
            strongest = np.maximum(block, block.swapaxes(-1, -2))  # either direction
        else:
            strongest = trust_rules.strongest_ties(self.trust, None, self.sector_starts, np.arange(self.n_sectors), self.n_sectors)
        trust_rules.institutional_learning(self.sector_baseline, strongest, rate)
        self._refresh_baseline()

    # proposals and decisions -----------------------------------------------------------------------------
    def _proposals(self, meetings: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]) -> None:
        """Cross-sector meetings of the month to the pipeline's proposal rule (spec 4.3); an investment in relations
        counts as a relation."""
        kinds = [kind for kind in ("encounter", "relation", "joint_work", "invested") if kind in meetings]
        if not kinds:
            return
        kind = np.concatenate([np.full(len(meetings[name][0]), kinds.index(name)) for name in kinds])
        m, a, b, k = (np.concatenate([meetings[name][part] for name in kinds]) for part in range(4))
        self.work.proposals_from_meetings(m, a, b, k, kind, ["relation" if name == "invested" else name for name in kinds])

    def alive_work(self, m: int, lead: int, topic: int) -> int | None:
        """The row of the joint work that sector ``lead`` of municipality ``m`` leads on ``topic``, if any is alive."""
        return self.work.alive_index.get((m, lead, topic))

    def propose(self, m: int, proposer: int, topic: int, partners: list[int], level: int, target: int, contact_hint: int | None = None,
                frame: str | None = None, approach: str | None = None, funding: str | None = None) -> int | None:
        """A deliberate proposal (a player's): frame, approach and funding default to the municipal strategy and
        financing model."""
        strategy = self._autopilot_strategy
        return self.work.propose(m, proposer, topic, partners, level, target, frame or strategy.frame, approach or strategy.approach,
                                 funding or strategy.funding, "player", contact_hint=contact_hint)

    def contact_person(self, m: int, sector: int, towards: int) -> int:
        """The officer of a sector with the strongest tie to ``towards`` (officers do the joint work)."""
        officers = self.sector_officers[sector]
        if len(officers) == 1:  # a sector's only officer
            return int(officers[0])
        return int(officers[self.trust[m, towards, officers].argmax()])

    def decision_context(self, g: int, topic: int, lead: int, coordinator: int, partner: int, contact: int, level: int, hfap: bool,
                         joining: bool, current_level: int | None) -> DecisionInput | Decision:
        """What a sector weighs (the rule of 4.4), alderman support in the role of commitment; physical sectors
        first filter on relevance, necessity and urgency [RIVM2010]."""
        m = g
        fit = self._fit_rows[partner][topic]
        urgency = self._urgency_list[m]
        filt = self._physical_filter
        if joining and filt is not None and self._is_physical_list[partner]:
            reason = local_rules.physical_filter(fit, self.awareness.item(m, contact), urgency, filt.relevance, filt.necessity, filt.urgency)
            if reason:
                return Decision(False, float("-inf"), 0.0, reason)
        extra = self._joining_fte[level] if current_level is None else self._moving_fte[current_level][level]  # staff time it adds
        capacity = self._capacity_rows[m][partner]
        load = (self.fte_committed.item(m, partner) + extra) / capacity if capacity > 0 else 1.0
        personal = self.trust.item(m, contact, coordinator)
        ggd = self._ggd_list[m]
        return DecisionInput(  # the fields in their order (positional: one is built per decision)
            fit,  # fit
            hfap,  # hfap
            0.5 * personal + 0.5 * self.sector_trust.item(m, partner, lead),  # trust
            urgency,  # urgency
            self.support.item(m),  # commitment
            ggd if self.local_evidence is None else min(1.0, ggd + self.local_evidence.item(m)),  # evidence
            level,  # level
            load,  # load
            0.0,  # budget_pressure
            self._budget_short_of(m),  # budget_short
            self._autonomy_list[partner],  # autonomy
            self._silo_list[partner],  # silo
            self._lever_values[m][topic],  # lever_value: agenda value x min(1, priority of the topic)
        )

    def partner_decision(self, m: int, topic: int, lead: int, coordinator: int, partner: int, contact: int, level: int, hfap: bool,
                         joining: bool, current_level: int | None = None) -> Decision:
        """How sector ``partner`` would decide now (the pipeline's rule, for tests and the game's advice)."""
        return self.work.decide(m, topic, lead, coordinator, partner, contact, level, hfap, joining, current_level)

    def _member_mask(self, rows: np.ndarray) -> np.ndarray:
        table = self.initiatives
        mask = np.zeros((len(rows), self.n_slots), dtype=bool)
        mask[np.arange(len(rows)), table.coordinator[rows]] = True
        r, s = cells(table.partners[rows])
        mask[r, table.contact[rows[r], s]] = True
        return mask

    def _heads_learn(self, muni: np.ndarray, sectors: np.ndarray, amount: float) -> None:
        """Heads of sectors in joint work learn from their officers (or from a small win)."""
        if amount <= 0 or len(muni) == 0:
            return
        heads = self.sector_heads[sectors]  # members x heads per sector (-1 = none)
        rows, k = cells(heads >= 0)
        at_cells(np.add, self.awareness, muni[rows], heads[rows, k], amount)

    def _management(self) -> None:
        """Management assigns IGB to the health officer (1 -> 2); a lead ('trekker') is appointed [RIVM2010]."""
        mat = self.params.maturity
        u_assign, u_lead = self.rng.random(self.n_muni), self.rng.random(self.n_muni)
        officer_awareness = self.awareness[:, self.health_officers].mean(axis=1)
        newly = ~self.assigned & (u_assign < local_rules.assignment_probability(mat.assign_rate, officer_awareness, self.support))
        self.assigned |= newly
        appointed = ~self.has_lead & (u_lead < local_rules.lead_probability(mat.lead_appoint_rate, self.assigned, self.support))
        self.has_lead |= appointed
        self.counters["igb_assigned"] += int(newly.sum())
        self.counters["leads_appointed"] += int(appointed.sum())

    def stage_state(self) -> dict[str, np.ndarray]:
        """The conditions the maturity model reads, per municipality (spec 4.9)."""
        aw, mat, thresholds = self.awareness, self.params.maturity, self.params.awareness
        heads = self.slot_rank == 1
        management = aw[:, heads].mean(axis=1) if heads.any() else aw.mean(axis=1)
        in_work = self.in_work()
        conscious_official = in_work & (aw >= thresholds.conscious) & self.is_officer[None, :]
        conscious = self._by_sector(conscious_official, np.logical_or)  # municipalities x sectors
        priority = self.sector_priority()
        others = np.arange(self.n_sectors) != self.ph
        table = self.initiatives
        rows = table.active_rows()
        active_count = np.bincount(table.group[rows], minlength=self.n_muni)
        structural = np.bincount(table.group[rows], weights=(table.funding[rows] > 0).astype(float), minlength=self.n_muni)
        formal = np.bincount(table.group[rows], weights=(table.level[rows] >= 3).astype(float), minlength=self.n_muni)
        structural_share = np.divide(structural, active_count, out=np.zeros(self.n_muni), where=active_count > 0)
        return {
            "steering": management >= mat.steering_awareness,
            "conscious": conscious,
            "conscious_sectors": conscious[:, others].sum(axis=1),
            "priority": priority,
            "vision": (priority[:, others].mean(axis=1) >= mat.vision_share) | self.note_in_force(),
            "anchored": (structural_share >= mat.anchoring_share) & (formal > 0),
            "in_work": in_work,
        }

    def sector_priority(self) -> np.ndarray:
        """Sectors whose officials' mean awareness reaches the priority threshold (municipalities x sectors)."""
        sums = self.awareness @ self.onehot
        return sums / self.onehot.sum(axis=0) >= self.params.awareness.priority

    def _maturity(self) -> None:
        mat = self.params.maturity
        state = self.stage_state()
        holds = maturity_rules.stage_conditions(self.assigned, self.has_lead, state["steering"], state["conscious_sectors"], mat.min_conscious_sectors,
                                                self.support, mat.support_threshold, state["vision"], state["anchored"])
        u_up, u_down = self.rng.random(self.n_muni), self.rng.random(self.n_muni)
        new = maturity_rules.transition(self.maturity, holds, u_up, u_down, mat.advance_rate, mat.fall_back_rate)
        for m in np.flatnonzero(new != self.maturity).tolist():
            key = "log.maturity_up" if new[m] > self.maturity[m] else "log.maturity_down"
            self.model.log("maturity", key, {"municipality": self.names[m], "stage": int(new[m])}, municipality=self.names[m], stage=int(new[m]))
            self._note(m, "maturity", stage=int(new[m]), up=bool(new[m] > self.maturity[m]))
            self.counters["maturity_up" if new[m] > self.maturity[m] else "maturity_down"] += 1
        self.maturity = new

    def _turnover(self) -> None:
        """Monthly turnover of municipal officials (the rule of ``hiap_sim.mechanisms.turnover``, shared with the
        ministries, over officials numbered across municipalities) and of IGB leads; draws come from the world's
        turnover stream in a fixed number a month; successors inherit the post, not the ties [HHS2016]."""
        mp = self.params
        rng = self.world["turnover"]
        tenure = self.tenure.reshape(-1)  # a view (the array is C-contiguous from the start): the rule counts the month in it
        assert np.shares_memory(tenure, self.tenure), "municipal tenure must be one contiguous array"
        gone = turnover_rules.departures(rng, tenure, mp.turnover.mean_tenure_months, mp.turnover.boundary_spanning_mean, mp.awareness.sd)
        lead_leaves = rng.random(self.n_muni) < 1.0 / mp.maturity.lead_tenure_months
        if len(gone.leavers):
            muni, slots = np.divmod(gone.leavers, self.n_slots)  # in row-major order, as cells() gives them
            self.replace_staff(muni, slots, gone.boundary, gone.noise)
        lost = self.has_lead & lead_leaves
        self.has_lead &= ~lead_leaves
        self.counters["leads_left"] += int(lost.sum())

    def replace_staff(self, muni: np.ndarray, slots: np.ndarray, boundary: np.ndarray, noise: np.ndarray) -> None:
        """Officials leave: successors start at baseline trust with the sector's starting awareness; a leaving
        coordinator stalls joint work unless someone takes over; IGB may lapse when the health officer leaves."""
        w, mat = self.params.work, self.params.maturity
        self.trust[muni, slots, :] = self.baseline[muni, slots, :]
        self.trust[muni, :, slots] = self.baseline[muni, :, slots]
        self.tenure[muni, slots] = 0
        self.boundary[muni, slots] = boundary
        self.awareness[muni, slots] = turnover_rules.starting_awareness(self.post_awareness[slots], noise)
        self.counters["turnover"] += len(muni)
        table = self.initiatives
        active = table.active_rows()
        left = np.zeros((self.n_muni, self.n_slots), dtype=bool)
        left[muni, slots] = True
        rows = active[left[table.group[active], table.coordinator[active]]]  # active work whose coordinator left, in row order
        if len(rows):
            takeover = turnover_rules.takeover_chance(w.takeover_probability, w.takeover_bonus_formal, table.level[rows],
                                                      np.where(self.has_lead[table.group[rows]], w.takeover_bonus_lead, 0.0))
            self.work.coordinators_leave(rows, takeover)
        health_officer_left = np.isin(slots, self.health_officers)
        for m in np.unique(muni[health_officer_left]).tolist():
            if self.assigned[m] and self.rng.random() >= mat.assignment_retention:
                self.assigned[m] = False
                self.counters["igb_lapsed"] += 1

    def _health(self) -> None:
        arrived = self.health_pipeline.pop(self.month, None)
        if arrived is not None:
            self.health_arrived += arrived



__all__ = ["ABANDONED", "ACTIVE_MAX", "APPROACHES", "COMPLETED", "FUNDINGS", "PHASES", "STALLED", "MunicipalLevel"]
