"""The verbs of joint work (spec 4.3-4.6), defined once for ministries and municipalities.

A level (``hiap_sim.pipeline.level.Level``) supplies data and parameters: its organisations' fit with the
topics, trust between its officials, what a partner weighs when asked (``decision_context``), political
cover and resources of each piece of work, what a small win does to its politics, and where events and
health effects go. Everything else happens here, over one :class:`WorkTable`:

- **propose** / **invite**: partner organisations decide, each for a stated reason [spec 4.4]; work starts
  when one joins;
- **work**: monthly progress ∝ resources x trust among members x political cover x level fit x the
  partners' own stake; small wins; phases; completion when the goal is met [HHS2016 SF10];
- **escalate** 'at a good moment' when trust and the topic warrant it [HHS2016]; formalising ahead of
  trust turns into formality ('plichtpleging') [HHS2016 #13-14];
- **leave**: unformalised work loses partners after a while, formality-bound work faster; a partner whose
  interests oppose (no fit at all) may end the work [HHS2016]; a broken commitment costs trust and loyalty;
- **stall** / **revive** / **end**, and **funding ends**: project money ends without structural follow-up
  [REG2021, AIG2016].
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.mechanisms import proposals as proposal_rules
from hiap_sim.mechanisms import trust as trust_rules
from hiap_sim.mechanisms import work as work_rules
from hiap_sim.mechanisms.decisions import Decision, decide
from hiap_sim.pipeline.knockouts import CONSTANT_COVER, Switches
from hiap_sim.pipeline.table import ACTIVE_MAX, APPROACHES, FUNDINGS, PHASES, STALLED, AliveIndex, WorkTable
from hiap_sim.scenario.schema import AMBITION_LEVEL

if TYPE_CHECKING:
    from hiap_sim.pipeline.level import Level

REVIVABLE = ("coordinator_left", "legal_barrier", "election", "overload")
ACCEPT_KEY, ASKED_KEY = {True: "accept_HfaP", False: "accept_HiaP"}, {True: "asked_HfaP", False: "asked_HiaP"}  # by hfap


class _Keys(dict):
    """Counter keys made once: ``prefix + name`` for each name asked for."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def __missing__(self, name: str) -> str:
        key = self[name] = self.prefix + name
        return key


PROPOSALS_BY, PROPOSALS_FROM, ORIGIN, DECLINES = _Keys("proposals_by_"), _Keys("proposals_from_"), _Keys("origin_"), _Keys("declines_")
SMALL = 32  # up to this many rows, per-row Python beats array set-up
INTEGRATION = AMBITION_LEVEL["integrate"]


class JointWork:
    """The joint work of one level and the verbs that change it."""

    def __init__(self, level: Level, n_org: int, switches: Switches | None = None) -> None:
        self.level = level
        self.switches = switches or Switches()  # mechanisms switched off for validation (knockouts.py)
        self.table = WorkTable(n_org)
        self.alive_index = AliveIndex()  # (group, lead, topic) -> row of alive work
        self.reinforced: dict[int, int] = {}  # row -> last month of extra staff and money
        self.publicised: dict[int, int] = {}  # row -> small wins already made public
        self.last_escalation: list[tuple[int, Decision]] = []  # (partner, decision) of the latest escalation request
        w = level.work_params  # parameter arrays the monthly step reads (the parameters do not change during a run)
        self._speed_by_approach = work_rules.by_approach(w.approach_speed)
        self._win_rate_by_approach = work_rules.by_approach(w.small_win_rate)
        self._speed_by_level = np.asarray(w.level_speed, dtype=float)
        self._fit_table = work_rules.level_fit_table(w, max(len(w.level_speed) - 1, *(int(v) for v in level.topic_interdependence)))
        self._trust_required = np.asarray(w.trust_required, dtype=float)
        self._trust_required_next = np.append(self._trust_required, np.inf)  # for level + 1 (no level above 4)
        self._trust_required_above = self._trust_required_next[1:]  # by level: the trust the next level up requires
        # by topic (constant): the legal barrier's chance a month; organisations opposed (fit below oppose_below_fit)
        self._barrier_per_month = np.asarray(level.topic_barrier, dtype=float) / 12.0
        self._opposing = np.ascontiguousarray((w.oppose_below_fit > np.asarray(level.fit, dtype=float)).T)
        # the level's constant topic data as Python numbers, for the rules applied one proposal at a time
        self._fit_rows = np.asarray(level.fit, dtype=float).tolist()
        self._potential = np.asarray(level.topic_potential, dtype=float).tolist()
        self._interdependence = [int(v) for v in level.topic_interdependence]
        self._no_goals = [1.0] * len(self._potential)  # knockout of goal matching: every topic fits the partner alike
        # what each topic is worth to a proposer (lead) asking a partner, before noise and windows (constant data)
        self._topic_scores = [[proposal_rules.topic_scores(own, self._fit_rows[partner] if self.switches.goal_matching else self._no_goals,
                                                           self._potential) for partner in range(len(self._fit_rows))] for own in self._fit_rows]
        pp = level.proposal_params  # how many organisations a topic's interdependence asks to invite along
        self._further_wanted = [min(pp.max_partners, max(1, need - 1)) - 1 for need in self._interdependence]
        self._min_partner_fit, self._min_partner_score = pp.min_partner_fit, pp.min_partner_score
        self._lead_share = w.lead_share
        self._fte_cost, self._budget_cost = list(w.fte_cost), list(w.budget_cost)

    # ------------------------------------------------------------------------------ proposals
    def proposals_from_meetings(self, groups: np.ndarray, a: np.ndarray, b: np.ndarray, k: np.ndarray, kind: np.ndarray, kinds: list[str],
                                kind_factor: np.ndarray | float = 1.0) -> None:
        """Each side of each meeting between officials of different organisations may turn it into a proposal
        (spec 4.3): with a chance per meeting from the proposer (awareness, urgency, rank, the political gate,
        free capacity: ``Level.proposer_factors``), goal matching with the other's organisation, their trust and
        the kind of meeting (steering-group contacts 'pacify' [HHS2016 #12]); ``k`` meetings give k chances.
        Meetings are (group, official a, official b, count k, index into ``kinds``); an organisation a player
        steers proposes by the player's choice, not by this rule."""
        lv = self.level
        groups, i, j = np.concatenate([groups, groups]), np.concatenate([a, b]), np.concatenate([b, a])
        k, kind = np.concatenate([k, k]), np.concatenate([kind, kind])
        per_meeting = isinstance(kind_factor, np.ndarray)  # else one factor for every meeting
        if per_meeting:
            kind_factor = np.concatenate([kind_factor, kind_factor])
        oi, oj = lv.orgs_of(groups, i), lv.orgs_of(groups, j)
        keep = (k > 0) & (oi != oj) & ~lv.proposes_by_player(groups, oi)
        if not keep.all():
            position = keep.nonzero()[0]
            groups, i, j, k, kind, oi, oj = groups[position], i[position], j[position], k[position], kind[position], oi[position], oj[position]
            if per_meeting:
                kind_factor = kind_factor[position]
        goal_match = lv.goal_match(groups, oi, oj)
        if not self.switches.goal_matching and len(goal_match):  # knockout: every pair alike (the month's mean)
            goal_match = np.full(len(goal_match), float(np.mean(goal_match)))
        p = proposal_rules.contact_probability(lv.proposer_factors(groups, i), goal_match, lv.trust_at(groups, i, j), kind_factor)
        p_any = 1.0 - np.power(1.0 - p, k)
        hits = (lv.rng.random(len(i)) < p_any).nonzero()[0]
        if len(hits) == 0:  # no proposal this month
            return
        for g, proposer, partner_staff, h in zip(groups[hits].tolist(), i[hits].tolist(), j[hits].tolist(), kind[hits].tolist(), strict=True):
            self.autopilot_proposal(g, proposer, partner_staff, kinds[h])

    def autopilot_proposal(self, g: int, proposer: int, partner_staff: int, origin: str) -> int | None:
        """The model's own rule for what an official proposes: topic, partners, level (spec 4.3)."""
        lv = self.level
        lead, partner = lv.org_of(g, proposer), lv.org_of(g, partner_staff)
        focus = lv.focus_topics(g, lead)
        if len(focus) == 0:
            return None
        # the topic scores count the partner's goals unless goal matching is switched off (knockout)
        topic = proposal_rules.choose_scored_topic(lv.rng, focus, self._topic_scores[lead][partner], lv.topic_window(g, lead, partner))
        existing = self.alive_index.get((g, lead, topic))
        if existing is not None:
            if self.table.partners.item(existing, partner) or self.table.phase.item(existing) > ACTIVE_MAX:
                return None
            return self.invite(existing, partner, partner_staff)
        strategy = lv.strategy_of(g, lead)
        level, target = start_and_target(strategy.escalation, AMBITION_LEVEL[strategy.ambition], self._interdependence[topic])
        extra = self.further_partners(g, lead, partner, topic)
        return self.propose(g, proposer, topic, [partner, *extra], level, target, strategy.frame, strategy.approach, strategy.funding, origin,
                            contact_hint=partner_staff)

    def further_partners(self, g: int, lead: int, partner: int, topic: int) -> list[int]:
        """Organisations invited along: the best by fit x trust with the lead, as many as the topic's
        interdependence asks (at most ``max_partners`` in all), each with enough fit [spec 4.3]."""
        wanted = self._further_wanted[topic]  # min(max_partners, max(1, interdependence - 1)) - 1
        if wanted <= 0:
            return []
        lv = self.level
        scores = lv.partner_scores(g, lead, topic)
        scores[lead] = -1.0
        scores[partner] = -1.0
        if not self.switches.goal_matching:  # knockout: invited by trust with the lead alone, whatever their goals
            fit = lv.fit[:, topic]
            scores = np.where((scores > 0) & (fit > 0), scores / np.where(fit > 0, fit, 1.0), scores)
            return [int(o) for o in np.argsort(-scores, kind="stable")[:wanted].tolist() if scores[o] > self._min_partner_score]
        fit_rows = self._fit_rows
        # the best first, the first of equal scores first (one wanted: argmax, the same pick; scores have no NaN)
        best = [int(scores.argmax())] if wanted == 1 else np.argsort(-scores, kind="stable")[:wanted].tolist()
        return [o for o in best if scores.item(o) > self._min_partner_score and fit_rows[o][topic] >= self._min_partner_fit]

    def propose(self, g: int, proposer: int, topic: int, partners: list[int], level: int, target: int, frame: str, approach: str,
                funding: str, origin: str, contact_hint: int | None = None) -> int | None:
        """Put a proposal to partner organisations; the work starts when at least one joins."""
        lv = self.level
        lead = lv.org_of(g, proposer)
        hfap = frame == "HfaP"
        funding = lv.funding_model(funding)
        counters, month = lv.counters, lv.month
        counters["proposals"] += 1
        counters[PROPOSALS_BY[lv.rank_name(g, proposer)]] += 1
        counters[PROPOSALS_FROM[origin]] += 1
        lv.month_counts["proposals"] += 1
        accepted = {}
        hint_org = lv.org_of(g, contact_hint) if contact_hint is not None else -1
        for partner in partners:
            hinted = hint_org == partner and lv.can_be_contact(g, contact_hint)
            contact = contact_hint if hinted else lv.contact_person(g, partner, proposer)
            decision = self.decide(g, topic, lead, proposer, partner, contact, level, hfap, joining=True)
            self.record(g, -1, topic, lead, partner, level, hfap, decision)
            if decision.accept:
                accepted[partner] = contact
        if not accepted:
            return None
        row = self.open(g, proposer, topic, accepted, level, target, hfap, approach, funding, origin, started=month,
                        funding_end=month + lv.project_months_of(g, lead) if funding == "project" else -1)
        counters["initiatives_new"] += 1
        lv.month_counts["initiatives_new"] += 1
        counters[ORIGIN[origin]] += 1
        lv.started(row)
        return row

    def open(self, g: int, coordinator: int, topic: int, partners: dict[int, int], level: int, target: int, hfap: bool, approach: str,
             funding: str, origin: str, started: int, funding_end: int, progress: float = 0.0) -> int:
        """Open a row of joint work led by ``coordinator``'s organisation with ``partners`` (organisation -> contact
        person) and commit the members' staff time and budget: the one way work begins, whether partners have just
        agreed (``propose``) or the work was under way when the run starts (``seed``)."""
        table = self.table
        lead = self.level.org_of(g, coordinator)
        phase = PHASES.index(work_rules.phase_for(progress, level)) if progress > 0 else 0
        row = table.add(group=g, topic=topic, lead=lead, coordinator=coordinator, level=level, target=max(level, target), hfap=hfap,
                        approach=APPROACHES.index(approach), funding=FUNDINGS.index(funding), origin=origin, started=started,
                        funding_end=funding_end, phase=phase, progress=progress)
        for partner, contact in partners.items():
            table.partners[row, partner] = True
            table.contact[row, partner] = contact
        self.alive_index[(g, lead, topic)] = row
        self.commit(row, +1)
        table.ahead_of_trust[row] = self.runs_ahead_of_trust(row, level)
        return row

    def seed(self, g: int, coordinator: int, topic: int, partners: dict[int, int], level: int, hfap: bool, approach: str, funding: str,
             age_months: int, progress: float, months_left: int | None) -> int:
        """Joint work under way when the run starts (a warm start): opened as agreed work is, started ``age_months``
        ago at ``progress`` (its phase follows), aiming where its lead's strategy aims for the topic, its project money
        ending after ``months_left``. No partner is asked again and nothing counts as new work."""
        lv = self.level
        strategy = lv.strategy_of(g, lv.org_of(g, coordinator))
        _, target = start_and_target(strategy.escalation, AMBITION_LEVEL[strategy.ambition], int(lv.topic_interdependence[topic]))
        month = lv.month
        row = self.open(g, coordinator, topic, partners, level, target, hfap, approach, funding, "ongoing", started=month - age_months,
                        funding_end=month + months_left if funding == "project" and months_left is not None else -1, progress=progress)
        lv.counters["initiatives_initial"] += 1
        lv.started(row)
        return row

    def invite(self, row: int, partner: int, contact: int | None) -> int:
        """Ask one more organisation to join existing work."""
        lv, table = self.level, self.table
        g, lead = table.group.item(row), table.lead.item(row)
        if table.partners.item(row, partner) or partner == lead:
            return row
        coordinator = table.coordinator.item(row)
        if contact is None or not lv.can_be_contact(g, contact):
            contact = lv.contact_person(g, partner, coordinator)
        lv.counters["proposals"] += 1
        lv.month_counts["proposals"] += 1
        topic, level, hfap = table.topic.item(row), table.level.item(row), table.hfap.item(row)
        decision = self.decide(g, topic, lead, coordinator, partner, contact, level, hfap, True)
        self.record(g, row, topic, lead, partner, level, hfap, decision)
        if decision.accept:
            self.commit(row, -1)
            table.partners[row, partner] = True
            table.contact[row, partner] = contact
            self.commit(row, +1)
            lv.event("partner_joined", row, partner=partner)
        return row

    # ------------------------------------------------------------------------------ decisions
    def decide(self, g: int, topic: int, lead: int, coordinator: int, partner: int, contact: int, level: int, hfap: bool,
               joining: bool, current_level: int | None = None) -> Decision:
        """A partner decides by the rule of spec 4.4 (a level may filter first); a played organisation answers
        by its player's policy."""
        lv = self.level
        context = lv.decision_context(g, topic, lead, coordinator, partner, contact, level, hfap, joining, current_level)
        decision = context if type(context) is Decision else decide(context, lv.decision_params, lv.rng.random())
        return lv.player_answer(g, partner, topic, decision)

    def advise(self, g: int, topic: int, lead: int, coordinator: int, partner: int, contact: int, level: int, hfap: bool,
               joining: bool, current_level: int | None = None) -> Decision:
        """What the rule of spec 4.4 makes of a request before anyone answers it: the chance that ``partner`` agrees
        and what weighs against it most (the reason of a 'no'). Nothing is drawn, recorded or changed: it is the
        advice a participant who plays the partner sees."""
        lv = self.level
        context = lv.decision_context(g, topic, lead, coordinator, partner, contact, level, hfap, joining, current_level)
        return context if isinstance(context, Decision) else decide(context, lv.decision_params, 1.0)

    def record(self, g: int, row: int, topic: int, lead: int, partner: int, level: int, hfap: bool, decision: Decision) -> None:
        """Count a decision to join (or not) and tell the level; ``row`` is -1 for a request to start new joint work
        (``propose``), else the running work the partner is invited into (``invite``)."""
        lv = self.level
        counters = lv.counters
        if decision.accept:
            counters["acceptances"] += 1
            counters[ACCEPT_KEY[hfap]] += 1
        else:
            counters[DECLINES[decision.reason]] += 1
            lv.month_counts["declines"] += 1
        counters[ASKED_KEY[hfap]] += 1
        lv.decided(g, row, topic, lead, partner, level, hfap, decision, False)

    # ------------------------------------------------------------------------------ resources and level
    def commit(self, row: int, sign: int) -> None:
        """Staff time and budget the members spend on the work at its level (the lead more than a partner)."""
        table = self.table
        g, level, lead = table.group.item(row), table.level.item(row), table.lead.item(row)
        commit, fte, budget, lead_share = self.level.commit, self._fte_cost[level], self._budget_cost[level], self._lead_share
        for org in (lead, *table.partners[row].nonzero()[0].tolist()):  # the members (table.members)
            share = lead_share if org == lead else 1.0
            commit(g, org, sign * share * fte, sign * share * budget)

    def set_level(self, row: int, level: int) -> None:
        active = self.table.is_active(row)
        if active:
            self.commit(row, -1)
        self.table.level[row] = level
        if active:
            self.commit(row, +1)
        self.table.ahead_of_trust[row] = self.runs_ahead_of_trust(row, level)

    def mean_trust(self, rows: np.ndarray, staff: list[list[int]] | None = None) -> np.ndarray:
        """Mean trust between the member officials of each row (both directions, no self-trust); ``staff``: the
        rows' ``member_staff_of`` when the caller has it already."""
        if len(rows) <= SMALL:  # few rows (the national level): plain Python over the few members is faster
            table, level = self.table, self.level
            return np.array([trust_rules.mean_trust_among(level.trust_block(g), members)
                             for members, g in zip(table.member_staff_of(rows) if staff is None else staff, table.group.take(rows).tolist(),
                                                   strict=True)])
        position, a, b = self.table.member_pairs(rows)
        values = self.level.trust_at(self.table.group[rows][position], a, b)
        size = self.table.partners[rows].sum(axis=1) + 1
        return np.bincount(position, weights=values, minlength=len(rows)) / np.maximum(size * (size - 1), 1)

    def runs_ahead_of_trust(self, row: int, level: int) -> bool:
        """Formalised work whose members do not yet trust each other enough for its level [HHS2016 #13-14]."""
        g = int(self.table.group[row])
        mean_trust = trust_rules.mean_trust_among(self.level.trust_block(g), self.table.member_staff(row))
        return work_rules.runs_ahead_of_trust(level, mean_trust, self.level.work_params)

    # ------------------------------------------------------------------------------ the monthly work step
    def work(self) -> None:
        """Joint work progresses, yields small wins, escalates, stalls or ends (spec 4.5-4.6)."""
        lv, table, w = self.level, self.table, self.level.work_params
        rng, month = lv.rng, lv.month
        stalled = table.rows_in(STALLED)
        if len(stalled):
            # only rows that may be picked up (a revivable reason and a lead with room: room only shrinks in this
            # loop, so 'load <= 1' now is a superset) or that are due to be abandoned need a look
            reasons = table.reason
            revivable = [reasons[row] in REVIVABLE for row in stalled.tolist()]
            look = month - table.stalled_since[stalled] >= w.stall_months  # due
            if any(revivable):
                look |= np.array(revivable) & (lv.load(table.group[stalled])[np.arange(len(stalled)), table.lead[stalled]] <= 1.0)
            for row in stalled[look].tolist():
                self._stalled(row)
        ending = (table.funding_end[: table.n] == month).nonzero()[0].tolist()
        for row in [row for row in ending if table.funding.item(row) == 0]:  # project money (funding 0) ending this month
            self.funding_ends(row)
        rows = table.active_rows()
        if len(rows) == 0:
            return
        # partners, members (with the lead) and few rows' member officials, read until the small wins (no one joins or leaves)
        partners = table.partners.take(rows, axis=0)  # (rows by take: the same array as partners[rows], faster)
        members = partners.copy()
        members[np.arange(len(rows)), table.lead[rows]] = True
        staff = table.member_staff_of(rows, partners) if len(rows) <= SMALL else None
        mean_trust = self.mean_trust(rows, staff)
        cover = lv.cover(rows, members) if self.switches.political_cover else np.full(len(rows), CONSTANT_COVER)
        resources = lv.resources(rows, members)
        population = table.funding[rows] == FUNDINGS.index("population")
        if population.any():
            resources = np.where(population, resources * (1.0 + lv.population_progress_bonus), resources)
        if self.reinforced:
            boosted = np.array([self.reinforced.get(int(row), -1) >= month for row in rows])
            resources = np.where(boosted, resources * (1.0 + lv.reinforce_bonus), resources)
        levels, topics, approaches = table.level[rows], table.topic[rows], table.approach[rows]
        # formality lasts until trust catches up with the formal level [HHS2016 #13-14]
        formality = table.ahead_of_trust[rows]
        caught_up = formality & (mean_trust >= self._trust_required.take(levels))
        if caught_up.any():
            table.ahead_of_trust[rows[caught_up]] = False
            formality &= ~caught_up
        # parallel interests: the partners' own stake in the topic (their mean fit) [HHS2016]
        partner_fit = partners * lv.fit[:, topics].T
        interest = partner_fit.sum(axis=1) / np.maximum(partners.sum(axis=1), 1)
        interdependence = lv.topic_interdependence[topics]
        rate = work_rules.progress_rates(w, approaches, levels, interdependence, mean_trust, cover, resources, interest, formality,
                                         self._speed_by_approach, self._speed_by_level, self._fit_table)
        load, overloaded = None, False
        if w.overload_slowdown > 0 or w.overload_drop_per_month > 0:
            load = lv.load(table.group[rows])  # rows x organisations, before this month's changes
            overloaded = bool((load > 1.0).any())  # else the overload factor is 1 for every row, and nobody drops work
        if w.overload_slowdown > 0 and overloaded:
            # capacity binds: the work goes at the pace its most loaded member can staff it [ABD2024]
            busiest = np.where(members, load, 0.0).max(axis=1)
            rate = rate * work_rules.overload_factor(busiest, w.overload_slowdown)
        progress = np.minimum(1.0, table.progress[rows] + rate)
        table.progress[rows] = progress
        win_chance = work_rules.small_win_probabilities(w, approaches, rate, self._win_rate_by_approach)
        wins = rows[rng.random(len(rows)) < win_chance]
        lv.anchor_awareness(rows, w.awareness_growth, staff)  # cognitive anchoring of officials in joint work [AIG2016]
        for row in wins.tolist():
            self.small_win(row)
        legal = (approaches == APPROACHES.index("system")) & (rng.random(len(rows)) < self._barrier_per_month.take(topics))
        # phases (only rows whose phase changes need more than an array update)
        phases = work_rules.phases_for(progress, levels)
        for k in (phases != table.phase[rows]).nonzero()[0].tolist():
            row = int(rows[k])
            phase = PHASES[phases[k]]
            if phase in ("implementing", "completed") and table.health_scheduled[row] == 0.0:
                self.schedule_health(row, 0.5)
            if phase == "completed":
                self.schedule_health(row, 1.0)
                lv.add_loyalty(int(table.group[row]), table.members(row), w.loyalty_kept)
                self.end(row, "completed", "goal_met")
                continue
            table.phase[row] = phases[k]
        for row in rows[legal].tolist():
            if table.phase[row] <= ACTIVE_MAX:
                self.stall(row, "legal_barrier")
        # escalation 'at a good moment': when trust and the topic warrant the next level [HHS2016]
        live = table.phase[rows] <= ACTIVE_MAX
        required = self._trust_required_above.take(levels) if self.switches.trust_before_depth else 0.0
        # the target carries the topic's need (start_and_target): only an ambition of integration aims beyond it
        ready = live & (levels < table.target[rows]) & (mean_trust >= required)
        if ready.any():
            ready &= lv.escalates_patiently(rows)
            for row in rows[ready].tolist():
                self.try_escalate(row, int(table.level[row]) + 1)
        self._partners_drift(rows[live], month)  # (escalation changes no phase: the live rows are still live)
        if w.overload_drop_per_month > 0 and overloaded:
            self._overload_drops(rows, load)

    def _overload_drops(self, rows: np.ndarray, load: np.ndarray) -> None:
        """Capacity binds: an overloaded partner leaves a piece of its joint work, an overloaded lead lets it stall
        (picked up again when the lead has room), each with chance ``overload_drop_per_month x (1 - 1/load)`` a
        month [ABD2024; RIVM2010: lack of staff is the most-cited barrier]. A played organisation decides itself."""
        lv, table, w = self.level, self.table, self.level.work_params
        if not (load > 1.0).any():  # nobody overloaded: no chance to drop, no draw
            return
        live = table.phase[rows] <= ACTIVE_MAX
        rows, load = rows[live], load[live]
        if len(rows) == 0 or not (load > 1.0).any():  # nobody overloaded in live work
            return
        members = table.partners.take(rows, axis=0)
        members[np.arange(len(rows)), table.lead[rows]] = True
        chance = np.where(members & (load > 1.0) & ~lv.played_mask(table.group[rows]),
                          work_rules.overload_drop_probability(load, w.overload_drop_per_month), 0.0)
        candidates = chance.any(axis=1).nonzero()[0]
        if len(candidates) == 0:
            return
        dropping = lv.rng.random((len(candidates), table.n_org)) < chance[candidates]
        for k, org in zip(*dropping.nonzero(), strict=True):
            row = int(rows[candidates[k]])
            if table.phase[row] > ACTIVE_MAX:
                continue
            if org == table.lead[row]:
                self.stall(row, "overload")
            else:
                self.leave(row, int(org), "overload", broken=False)

    def _partners_drift(self, rows: np.ndarray, month: int) -> None:
        """Partners with opposing interests (no fit at all) end the work; unformalised work loses partners after
        a while and formality-bound work faster [HHS2016]. A played organisation is not moved by these rules.
        ``rows``: active rows."""
        lv, table, w = self.level, self.table, self.level.work_params
        if len(rows) == 0:
            return
        if w.oppose_per_month > 0:
            opposed = table.partners.take(rows, axis=0) & self._opposing.take(table.topic.take(rows), axis=0)
            if opposed.any():  # some partner opposed at all: then played organisations are taken out
                opposed &= ~lv.played_mask(table.group[rows])
                conflict = opposed.any(axis=1)
                if conflict.any():
                    draws = lv.rng.random(int(conflict.sum()))
                    for row in rows[conflict][draws < 1.0 - (1.0 - w.oppose_per_month) ** opposed[conflict].sum(axis=1)].tolist():
                        self.end(int(row), "abandoned", "opposing_interests")
                    rows = rows[table.phase[rows] <= ACTIVE_MAX]
        formal = table.ahead_of_trust[rows]
        fading = (table.level[rows] <= 2) & ((month - table.started[rows]) > w.fade_after_months)
        candidates = (formal | fading).nonzero()[0]
        if len(candidates) == 0:
            return
        chance = w.fade_per_month * np.where(formal[candidates], 2.0, 1.0)
        draws = lv.rng.random((len(candidates), table.n_org))
        leaving = table.partners[rows[candidates]] & (draws < chance[:, None]) & ~lv.played_mask(table.group[rows[candidates]])
        for k, partner in zip(*leaving.nonzero(), strict=True):
            row = int(rows[candidates[k]])
            if table.phase[row] <= ACTIVE_MAX:
                self.leave(row, int(partner), "formality" if formal[candidates[k]] else "faded", broken=bool(formal[candidates[k]]))

    def try_escalate(self, row: int, level: int) -> bool:
        """Ask every partner to move to ``level``; escalate when most agree."""
        table, lv = self.table, self.level
        g, topic, lead, coordinator = table.group.item(row), table.topic.item(row), table.lead.item(row), table.coordinator.item(row)
        current, hfap = table.level.item(row), table.hfap.item(row)
        partners = table.partner_list(row)
        contacts = table.contact[row].tolist()
        yes = 0
        self.last_escalation = answers = []
        for partner in partners:
            decision = self.decide(g, topic, lead, coordinator, partner, contacts[partner], level, hfap, False, current)
            answers.append((partner, decision))
            lv.decided(g, row, topic, lead, partner, level, hfap, decision, True)  # answers to escalation are not counted as joining decisions
            yes += decision.accept
        if yes * 2 >= len(partners):
            self.set_level(row, level)
            self.level.counters["escalations"] += 1
            self.level.event("escalation", row, level=level)
            return True
        return False

    def small_win(self, row: int) -> None:
        """A visible small result: trust and awareness of the members grow, and their loyalty record; the level
        adds its political flywheel [AIG2016, ABD2024]."""
        lv, table, w = self.level, self.table, self.level.work_params
        g = table.group.item(row)
        table.small_wins[row] += 1
        lv.counters["small_wins"] += 1
        if not self.switches.small_win_effects:  # knockout: counted, without effect
            lv.event("small_win", row)
            return
        staff = np.array(table.member_staff(row))
        trust_rules.boost(lv.trust_block(g), staff, w.small_win_trust)
        members = table.members(row)
        lv.raise_awareness(g, staff, members, w.small_win_awareness)
        lv.small_win_politics(g, members)
        lv.add_loyalty(g, members, 0.5 * w.loyalty_kept)
        lv.event("small_win", row)

    def leave(self, row: int, partner: int, reason: str, broken: bool) -> None:
        """A partner leaves; a broken commitment costs the partner trust and its loyalty record."""
        lv, table = self.level, self.table
        if partner == table.lead[row]:
            self.stall(row, reason)
            return
        if not table.partners[row, partner]:
            return
        g = int(table.group[row])
        active = table.is_active(row)
        if active:
            self.commit(row, -1)
        table.partners[row, partner] = False
        table.contact[row, partner] = -1
        if active:
            self.commit(row, +1)
        share = lv.trust_params.breach_step if broken else 0.5 * lv.trust_params.breach_step
        trust_rules.breach(lv.trust_block(g), np.array(table.member_staff(row)), lv.staff_of(g, partner), share)
        if broken:
            lv.add_loyalty(g, [partner], -lv.work_params.loyalty_broken)
        lv.counters[f"left_{reason}"] += 1
        lv.event("partner_left", row, partner=partner, reason=reason)
        if not table.partners[row].any():
            self.end(row, "abandoned", reason)

    def stall(self, row: int, reason: str) -> None:
        table = self.table
        if table.phase[row] == STALLED or not table.is_active(row):
            return
        self.commit(row, -1)
        table.phase[row] = STALLED
        table.stalled_since[row] = self.level.month
        table.reason[row] = reason
        self.level.counters[f"stalled_{reason}"] += 1
        self.level.event("initiative_stalled", row, reason=reason)

    def _stalled(self, row: int) -> None:
        """Stalled work is picked up again now and then, if its lead has capacity; else abandoned in time."""
        lv, table, w = self.level, self.table, self.level.work_params
        g, lead = table.group.item(row), table.lead.item(row)
        if table.reason[row] in REVIVABLE and lv.has_free_capacity(g, lead) and lv.rng.random() < w.revive_per_month:
            table.phase[row] = PHASES.index(work_rules.phase_for(float(table.progress[row]), int(table.level[row])))
            table.stalled_since[row] = -1  # the official now in the coordinator's post picks it up
            self.commit(row, +1)
            lv.event("initiative_revived", row)
            return
        if lv.month - table.stalled_since.item(row) >= w.stall_months:
            self.end(row, "abandoned", table.reason[row])

    def end(self, row: int, phase: str, reason: str) -> None:
        lv, table = self.level, self.table
        if not table.is_alive(row):
            return
        if table.phase[row] != STALLED:
            self.commit(row, -1)
        table.phase[row] = PHASES.index(phase)
        table.ended[row] = lv.month
        table.reason[row] = reason
        self.alive_index.close((int(table.group[row]), int(table.lead[row]), int(table.topic[row])), row)
        key = "initiatives_completed" if phase == "completed" else "initiatives_abandoned"
        lv.counters[key] += 1
        lv.month_counts[key] += 1
        if phase == "abandoned":
            lv.counters[f"abandoned_{reason}"] += 1
        lv.event(f"initiative_{phase}", row, reason=reason)

    def funding_ends(self, row: int) -> None:
        """Project money ends: structural follow-up or a stall [REG2021, AIG2016]."""
        lv, table = self.level, self.table
        if not table.is_alive(row) or table.funding[row] != FUNDINGS.index("project"):
            return
        if not self.switches.fragile_structure:  # knockout: the work goes on as if the money continued
            return
        if lv.rng.random() < min(1.0, lv.follow_up_probability(row)):
            table.funding[row] = FUNDINGS.index("structural")
            lv.event("funding", row)
        elif table.phase[row] == STALLED:
            table.reason[row] = "funding_ended"
        else:
            self.stall(row, "funding_ended")

    def coordinators_leave(self, rows: np.ndarray, takeover: np.ndarray) -> None:
        """The coordinators of alive ``rows`` leave; in active work someone takes over with chance ``takeover``,
        else the work stalls [AIG2016]."""
        table = self.table
        active = np.array([table.is_active(int(row)) for row in rows], dtype=bool)
        draws = iter(self.level.rng.random(int(active.sum())).tolist())
        for row, is_active, p in zip(rows.tolist(), active.tolist(), takeover.tolist(), strict=True):
            self.level.event("turnover", row)
            if is_active and next(draws) >= p and self.switches.fragile_structure:
                self.stall(row, "coordinator_left")

    # ------------------------------------------------------------------------------ deliberate choices
    def reinforce(self, row: int, months: int) -> None:
        """Extra staff and money for ``months``: progress speeds up by ``reinforce_bonus``."""
        self.reinforced[row] = self.level.month + months
        self.level.event("reinforce", row, months=months)

    def scale_down(self, row: int) -> None:
        """Lower the level by one (not below cooperation): less cost and formality [ABD2024 6.1]."""
        table = self.table
        if table.level[row] <= 2:
            return
        self.set_level(row, int(table.level[row]) - 1)
        table.target[row] = table.level[row]
        self.level.event("scale_down", row, level=int(table.level[row]))

    def withdraw(self, row: int, org: int) -> None:
        """An organisation pulls out: the lead ends the work; a partner leaves, a broken commitment [HHS2016]."""
        if org == self.table.lead[row]:
            self.end(row, "abandoned", "ended_by_lead")
        else:
            self.leave(row, org, "withdrawn", broken=True)

    def publicise(self, row: int, max_wins: int, effect: Callable[[int], Any]) -> int:
        """Make the new small wins of ``row`` visible (at most ``max_wins``); ``effect(shown)`` applies what the
        level's politics make of it. Returns the number of wins shown."""
        shown = min(max(int(self.table.small_wins[row]) - self.publicised.get(row, 0), 0), max_wins)
        if shown <= 0:
            return 0
        effect(shown)
        self.publicised[row] = int(self.table.small_wins[row])
        self.level.event("publicity", row, wins=shown)
        return shown

    # ------------------------------------------------------------------------------ views
    def deepest_levels(self, n_groups: int, n_org: int | None = None) -> np.ndarray:
        """The collaboration ladder between organisations (``WorkTable.deepest_levels``)."""
        return self.table.deepest_levels(n_groups, n_org)

    # ------------------------------------------------------------------------------ health
    def schedule_health(self, row: int, share_of_total: float) -> None:
        """Health gain of the work arrives after the lag; a share at implementation, the rest at completion."""
        lv, table = self.level, self.table
        topic = int(table.topic[row])
        total = work_rules.health_value(float(lv.topic_potential[topic]), int(table.level[row]), int(lv.topic_interdependence[topic]),
                                        lv.work_params.approach_payoff[APPROACHES[table.approach[row]]], lv.health_params.effect_size)
        total *= lv.health_factor(row)
        amount = max(0.0, total * share_of_total - table.health_scheduled[row])
        table.health_scheduled[row] += amount
        lv.add_health(int(table.group[row]), lv.month + lv.health_params.lag_months, amount)


def start_and_target(escalation: str, ambition_level: int, interdependence: int) -> tuple[int, int]:
    """The level joint work starts at and the level it aims for: 'early' escalation starts at the ambition;
    otherwise work starts at cooperation (2), and 'patient' escalation aims no higher than the topic needs,
    unless the ambition is integration: aiming at a common goal above the sectors' own goals is a choice per
    topic [ABD2024], made whatever the topic needs, and paid for in staff time and formality (spec 4.5)."""
    if escalation == "early":
        return ambition_level, ambition_level
    if escalation == "patient" and ambition_level < INTEGRATION:
        return 2, min(ambition_level, max(2, interdependence))
    return 2, ambition_level


__all__ = ["REVIVABLE", "JointWork", "start_and_target"]
