"""Players and deliberate choices in municipalities (training games, policy experiments): the health officer's and
the alderman's actions, watching a municipality, and its indicators [RIVM2010]."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.events import EventLog
from hiap_sim.mechanisms import actions as action_rules
from hiap_sim.mechanisms.decisions import Decision
from hiap_sim.pipeline import ABANDONED, ACTIVE_MAX, COMPLETED, STALLED
from hiap_sim.scenario.municipal import SECTORS, SIZE_CLASSES

if TYPE_CHECKING:
    pass

# The message of each kind of journal entry (``hiap_sim.text`` words it): one key, or (the detail field that
# decides, the key when it is true, the key when it is false). Decisions are worded by ``_decision_message``.
JOURNAL_MESSAGES: dict[str, str | tuple[str, str, str]] = {
    "initiative_started": "log.local.initiative_started",
    "partner_joined": "log.local.partner_joined",
    "partner_left": "log.local.partner_left",
    "escalation": "log.local.escalation",
    "small_win": "log.local.small_win",
    "initiative_stalled": "log.local.initiative_stalled",
    "initiative_revived": "log.local.initiative_revived",
    "initiative_completed": "log.local.initiative_completed",
    "initiative_abandoned": "log.local.initiative_abandoned",
    "funding": "log.local.funding",
    "reinforce": "log.local.reinforce",
    "scale_down": "log.local.scale_down",
    "publicity": "log.local.publicity",
    "relation": "log.local.relation",
    "evidence": "log.local.evidence",
    "municipal_election": "log.local.election",
    "political_cover": ("granted", "log.local.political_cover_granted", "log.local.political_cover_refused"),
    "policy_note": ("adopted", "log.local.policy_note_adopted", "log.local.policy_note_rejected"),
    "local_budget": ("adopted", "log.local.local_budget_adopted", "log.local.local_budget_rejected"),
    "maturity": ("up", "log.maturity_up", "log.maturity_down"),
}
MESSAGE_FIELDS = ("partner", "reason", "level", "months", "wins", "before", "after", "topics", "stage")  # detail a message shows


class MunicipalChoices:
    """Players and deliberate choices in municipalities (training games, policy experiments): the health officer's and"""

    # players (training games) and deliberate choices ---------------------------------------------------------
    def _init_players(self) -> None:
        """State for deliberate choices (games, policy experiments). Empty, it changes nothing the rules draw or do."""
        self.players: dict[int, set[str]] = {}  # municipality -> role kinds a player holds
        self.officer_players: set[int] = set()  # municipalities whose health officer's choices a player makes
        self.player_strategy: dict[int, Any] = {}  # the player's strategy for the health officer (focus, defaults)
        self.answer_policy: dict[int, str] = {}  # how public health answers proposals: rule, focus or open
        self.watched: set[int] = set()
        self.watch_records: dict[int, list[dict[str, Any]]] = {}
        # what happens in watched municipalities, as typed events (the detail names the municipality); text at the edge
        self.journal = EventLog(lambda month: self.model.calendar_label(month - 1))
        self.relation_investments: list[dict[str, Any]] = []
        self.reservations: list[tuple[int, int, float, float]] = []
        self.pending_evidence: list[tuple[int, int]] = []
        self.local_evidence: np.ndarray | None = None
        self.note_priority: np.ndarray | None = None
        self.note_until: np.ndarray | None = None
        self.earmarked: np.ndarray | None = None
        self.playable = self._playable()
        self.model.playable_municipalities = dict(self.playable)

    def _playable(self) -> dict[str, int]:
        """Municipalities a player may take: the scenario's list, else those listed by name, else the first
        generated municipality of each size class."""
        index = {name: m for m, name in enumerate(self.names)}
        names = list(self.config.playable) or [m.name for m in self.config.municipalities]
        if not names:
            names = [next(n for n, c in zip(self.names, self.size_class, strict=True) if c == size) for size in SIZE_CLASSES if size in self.size_class]
        unknown = [n for n in names if n not in index]
        if unknown:
            raise ValueError(f"municipalities.playable: unknown municipalities {unknown}; e.g. {', '.join(self.names[:5])}")
        return {name: index[name] for name in names}

    def take(self, m: int, kind: str) -> None:
        """A player takes a role in municipality ``m``: ``health_officer`` (public health's proposals, joint work,
        answers) or ``alderman`` (the political side). The rules stop making the health officer's choices."""
        self.players.setdefault(m, set()).add(kind)
        if kind == "health_officer":
            self.officer_players.add(m)
            self.player_strategy[m] = self.config.strategy.model_copy()
        self.watch(m)

    def watch(self, m: int) -> None:
        """Keep a monthly record of municipality ``m``'s indicators and a journal of what happens in it."""
        if m not in self.watched:
            self.watched.add(m)
            self.watch_records[m] = [self.indicators(m)]

    def _note(self, m: int, kind: str, **detail: Any) -> None:
        """Log an entry of the journal if municipality ``m`` is watched: its kind, message and structured detail."""
        if self.watched and m in self.watched:
            name = self.names[m]
            key, values = self._decision_message(name, detail) if kind == "decision" else self._journal_message(name, kind, detail)
            self.journal.add(self.month, kind, key, values, {"municipality": name, **detail})

    def _journal_message(self, name: str, kind: str, detail: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """The message key of a journal entry and its values: the municipality, the joint work it is about
        (topic, lead and partners as they are now) and the detail the message shows."""
        message = JOURNAL_MESSAGES[kind]
        key = message if isinstance(message, str) else (message[1] if detail[message[0]] else message[2])
        values: dict[str, Any] = {"municipality": name}
        row = detail.get("row")
        if row is not None and row >= 0:
            table = self.initiatives
            values.update(topic=self.model.topic_names[int(table.topic[row])], lead=SECTORS[int(table.lead[row])],
                          partners=tuple(SECTORS[p] for p in table.partner_list(row)))
        values.update({f: detail[f] for f in MESSAGE_FIELDS if f in detail})
        return key, values

    @staticmethod
    def _decision_message(name: str, detail: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """A partner's answer to a proposal or to an escalation, worded as the national decisions are."""
        values: dict[str, Any] = {"municipality": name, "partner": detail["partner"], "topic": detail["topic"], "lead": detail["lead"]}
        accept = detail["accept"]
        if not accept:
            values["reason"] = detail["reason"]
        if detail["escalation"]:
            values["level"] = detail["level"]
            return ("log.local.escalation_agreed" if accept else "log.local.escalation_refused"), values
        return ("log.local.decision_joins" if accept else "log.local.decision_declines"), values

    def _note_decision(self, m: int, row: int, topic: int, lead: int, partner: int, level: int, hfap: bool, decision: Decision,
                       escalation: bool = False) -> None:
        if self.watched and m in self.watched:
            self._note(m, "decision", row=row, partner=SECTORS[partner], lead=SECTORS[lead], topic=self.model.topic_names[topic],
                       accept=bool(decision.accept), reason=decision.reason, probability=round(float(decision.probability), 3), level=level,
                       frame="HfaP" if hfap else "HiaP", escalation=escalation, new_work=row < 0)

    def _player_answer(self, m: int, topic: int, decision: Decision) -> Decision:
        """Public health answers by the player's policy: the rule, only its focus topics, or whatever it can staff
        (a full capacity stays a hard no), as a ministry's player does."""
        policy = self.answer_policy[m]
        if policy == "rule" or (decision.reason == "no_capacity" and decision.probability == 0.0):
            return decision
        if policy == "focus" and topic not in set(self.focus[m, self.ph].tolist()):
            return Decision(False, decision.value, 0.0, "no_fit")
        return Decision(True, decision.value, 1.0, "")

    def indicators(self, m: int) -> dict[str, Any]:
        """One municipality's state as a metrics row (the keys of the national game score where they mean the
        same: public health's collaboration with the other sectors, its trust, small wins, health, costs)."""
        others = np.arange(self.n_sectors) != self.ph
        level = (self.collab_level[m][:, None] * self.onehot).max(axis=0)
        recent = (self.month - self.last_contact_ph[m]) <= self.params.contacts.collaboration_memory_months
        level = np.where((level == 0) & recent & (self.month > 0), 1, level)[others]
        table = self.initiatives
        mine = table.group[: table.n] == m
        phase = table.phase[: table.n]
        pending = sum(float(arrivals[m]) for arrivals in self.health_pipeline.values())
        trust = 0.5 * (self.sector_trust[m, self.ph, others] + self.sector_trust[m, others, self.ph])
        row: dict[str, Any] = {"month": self.month}
        for k in range(5):
            row[f"level_share_{k}"] = float((level == k).mean())
        row.update({
            "trust_cross": float(trust.mean()),
            "small_wins": int(table.small_wins[: table.n][mine].sum()),
            "health_gap_reduction": float(1.0 - math.exp(-self.health_arrived[m])),
            "health_gap_secured": float(1.0 - math.exp(-(self.health_arrived[m] + pending))),
            "fte_used": float(self.fte_committed[m].sum()),
            "budget_used": float(min(self.total_budget()[m], self.budget_committed[m])) / 1000.0 / 12.0,  # M EUR this month
            "sectors_collaborating": int((level >= 2).sum()),
            "maturity": int(self.maturity[m]),
            "alderman_support": float(self.support[m]),
            "urgency": float(self.urgency[m]),
            "has_lead": bool(self.has_lead[m]),
            "igb_assigned": bool(self.assigned[m]),
            "initiatives_active": int((mine & (phase <= ACTIVE_MAX)).sum()),
            "initiatives_stalled": int((mine & (phase == STALLED)).sum()),
            "initiatives_completed": int((mine & (phase == COMPLETED)).sum()),
            "initiatives_abandoned": int((mine & (phase == ABANDONED)).sum()),
            "awareness_mean": float(self.awareness[m, self.is_officer].mean()),
        })
        return row

    def note_in_force(self) -> np.ndarray:
        """Municipalities with a council-adopted local health policy note in force."""
        if self.note_until is None:
            return np.zeros(self.n_muni, dtype=bool)
        return self.note_until >= self.month

    def reserve(self, m: int, fte: float, budget: float, months: int) -> None:
        """Staff time of public health (FTE) and money (k EUR / year) a deliberate choice takes: committed now,
        released after the ``months``-th month from now. Committed, they raise load and budget shortage as joint
        work does."""
        self.fte_committed[m, self.ph] += fte
        self.budget_committed[m] += budget
        self.reservations.append((self.month + months, m, fte, budget))

    def _release(self) -> None:
        due = [r for r in self.reservations if r[0] <= self.month]
        self.reservations = [r for r in self.reservations if r[0] > self.month]
        for _until, m, fte, budget in due:
            self.fte_committed[m, self.ph] = max(0.0, self.fte_committed[m, self.ph] - fte)
            self.budget_committed[m] = max(0.0, self.budget_committed[m] - budget)

    def health_officer_proposer(self, m: int, partner: int) -> int:
        """The public health official who puts a proposal: the strongest tie to the partner sector (officers first
        on a tie: ideas start low in the hierarchy [HHS2016 #8])."""
        own = self.sector_slots[self.ph]
        best = self.trust[m][np.ix_(own, self.sector_slots[partner])].max(axis=1) - 0.001 * self.slot_rank[own]
        return int(own[int(np.argmax(best))])

    def invest_relation(self, m: int, sector: int, months: int) -> list[tuple[int, int]]:
        """Public health keeps up ties with ``sector`` for ``months``: fixed pairs of officials meet regularly
        (good relations are the most-cited enabler [RIVM2010]; informal bilateral contact [HHS2016 #12])."""
        ap = self.params.actions
        pairs = action_rules.relation_pairs(self.trust[m], self.sector_slots[self.ph], self.sector_slots[sector], ap.relation_officials)
        if pairs:
            self.relation_investments.append({"m": m, "pairs": pairs, "until": self.month + months})
            self._note(m, "relation", partner=SECTORS[sector], months=months)
        return pairs

    def _invested_meetings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """This month's meetings from relationship investments as (municipality, official, official, count)."""
        if not self.relation_investments:
            return None
        self.relation_investments = [inv for inv in self.relation_investments if inv["until"] >= self.month]
        if not self.relation_investments:
            return None
        muni = np.array([inv["m"] for inv in self.relation_investments for _ in inv["pairs"]], dtype=np.int64)
        pairs = np.array([pair for inv in self.relation_investments for pair in inv["pairs"]], dtype=np.int64)
        counts = self.rng.poisson(self.params.actions.relation_meetings_per_month, size=len(pairs))
        return muni, pairs[:, 0], pairs[:, 1], counts

    def seek_political_cover(self, m: int) -> bool:
        """Ask the college for visible backing of joint health work: granted with a chance that rises with local
        urgency; support then moves part of the way to full, and drifts back to the level the college was elected
        with [RIVM2010; HHS2016 SF6]."""
        ap = self.params.actions
        probability = action_rules.cover_probability(float(self.urgency[m]), ap.cover_success_base, ap.cover_success_urgency)
        granted = bool(self.rng.random() < probability)
        if granted:
            self.support[m] = action_rules.cover_commitment(float(self.support[m]), ap.cover_gain)
        self._note(m, "political_cover", granted=granted, probability=round(probability, 3))
        return granted

    def publicise(self, row: int) -> int:
        """Make an initiative's new small wins visible: alderman support and the members' awareness grow per win
        shown (the flywheel [AIG2016; ABD2024 6.3]). Returns the number of wins shown."""
        ap, table = self.params.actions, self.initiatives
        m = int(table.group[row])

        def effect(shown: int) -> None:
            self.support[m] = min(1.0, self.support[m] + action_rules.publicity_effect(shown, ap.publicity_max_wins, ap.publicity_support))
            staff = np.array(table.member_staff(row))
            self.awareness[m, staff] = np.minimum(1.0, self.awareness[m, staff] + action_rules.publicity_effect(shown, ap.publicity_max_wins, ap.publicity_awareness))

        return self.work.publicise(row, ap.publicity_max_wins, effect)

    def commission_evidence(self, m: int) -> int:
        """Commission a local analysis (GGD health monitor, local cost-benefit): after ``evidence_delay_months``
        sectors weigh it on top of the GGD's support [RIVM2010; ABD2024 5.3]. Returns the month it counts from."""
        start = self.month + max(1, self.params.actions.evidence_delay_months)
        self.pending_evidence.append((start, m))
        self._note(m, "evidence", start=start)
        return start

    def _evidence_arrives(self) -> None:
        due = [(start, m) for start, m in self.pending_evidence if start <= self.month]
        self.pending_evidence = [(start, m) for start, m in self.pending_evidence if start > self.month]
        for _start, m in due:
            if self.local_evidence is None:
                self.local_evidence = np.zeros(self.n_muni)
            self.local_evidence[m] = min(1.0, self.local_evidence[m] + self.params.actions.evidence_gain)

    def evidence_pending(self, m: int) -> bool:
        return any(mm == m for _start, mm in self.pending_evidence) or (self.local_evidence is not None and self.local_evidence[m] > 0)

    def adopt_policy_note(self, m: int, topics: list[int]) -> bool:
        """The alderman puts a local health policy note to the council: adopted with a chance that follows the
        alderman's support; adopted, its topics gain local priority, the college's support is anchored a little
        higher, and a note in force is the shared vision of maturity stage 4 ('Beleid') [RIVM2010]."""
        ap = self.params.actions
        probability = min(1.0, ap.note_adoption_weight * float(self.support[m]))
        adopted = bool(self.rng.random() < probability)
        if adopted:
            if self.note_priority is None:
                self.note_priority = np.zeros((self.n_muni, self.n_topics))
                self.note_until = np.full(self.n_muni, -1, dtype=np.int64)
            self.note_priority[m] = 0.0
            self.note_priority[m, topics] = ap.note_priority
            self.note_until[m] = self.month + ap.note_months
            self.support_elected[m] = min(1.0, self.support_elected[m] + ap.note_support)
        self._note(m, "policy_note", adopted=adopted, probability=round(probability, 3), topics=[self.model.topic_names[t] for t in topics])
        return adopted

    def earmark_budget(self, m: int) -> bool:
        """The alderman asks the council for structural money for joint health work: adopted with a chance that
        follows support; the budget grows and project-funded work gets structural follow-up more often [REG2021]."""
        ap = self.params.actions
        probability = min(1.0, ap.budget_adoption_weight * float(self.support[m]))
        adopted = bool(self.rng.random() < probability)
        if adopted:
            if self.earmarked is None:
                self.earmarked = np.zeros(self.n_muni, dtype=bool)
            self.earmarked[m] = True
            self.own_budget[m] += ap.budget_per_inhabitant * self.population[m] / 1000.0
        self._note(m, "local_budget", adopted=adopted, probability=round(probability, 3))
        return adopted
