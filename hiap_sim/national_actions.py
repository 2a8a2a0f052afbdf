"""Deliberate choices at the national level (games, policy experiments): proposals and work on joint work through
the one pipeline, and the political and relational actions a programme director or DG can take."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import numpy as np

from hiap_sim.agents import Initiative
from hiap_sim.mechanisms import actions as action_rules
from hiap_sim.mesa_core import Priority
from hiap_sim.scenario.schema import RANKS

if TYPE_CHECKING:
    pass


class DeliberateActions:
    """Deliberate choices at the national level (games, policy experiments): proposals and work on joint work through"""

    def propose(self, proposer: int, topic: int, partners: list[int], level: int, target_level: int, frame: str, approach: str, funding: str,
                origin: str, contact_hint: int | None = None) -> Initiative | None:
        """Put a deliberate proposal (a player's, a policy experiment's) to partner organisations; the initiative
        starts when at least one joins (the pipeline's rule)."""
        row = self.work.propose(0, proposer, topic, partners, level, target_level, frame, approach, funding, origin, contact_hint)
        return None if row is None else self.initiatives[row]

    def invite(self, initiative: Initiative, partner: int, contact: int | None = None) -> Initiative:
        """Ask one more organisation to join ``initiative``."""
        self.work.invite(initiative.row, partner, contact)
        return initiative

    def small_win(self, initiative: Initiative) -> None:
        self.work.small_win(initiative.row)

    def leave(self, initiative: Initiative, partner: int, reason: str, broken: bool) -> None:
        self.work.leave(initiative.row, partner, reason, broken)

    def try_escalate(self, initiative: Initiative, level: int) -> bool:
        """Ask every partner to move to ``level``; escalate when most agree."""
        return self.work.try_escalate(initiative.row, level)

    def reserve_resources(self, org_index: int, fte: float, budget: float, months: int) -> None:
        """Staff time (FTE) and money (M EUR / year) a deliberate action takes: committed now, released at the
        end of the ``months``-th month from now (after that month's step, so the next decisions see it free).
        Committed resources raise the organisation's load, as joint work does."""
        org = self.organisations[org_index]
        org.fte_committed += fte
        org.budget_committed += budget
        end = self.month + months
        if end <= self.horizon:
            callback = functools.partial(self._release_resources, org_index, fte, budget)
            self._callbacks.append(callback)
            self.schedule_event(callback, at=float(end), priority=Priority.LOW)

    def _release_resources(self, org_index: int, fte: float, budget: float) -> None:
        org = self.organisations[org_index]
        org.fte_committed = max(0.0, org.fte_committed - fte)
        org.budget_committed = max(0.0, org.budget_committed - budget)

    def invest_relation(self, org_index: int, partner: int, months: int) -> list[tuple[int, int]]:
        """Keep up the relationship with ``partner`` for ``months``: fixed pairs of officials meet regularly
        (informal bilateral contact builds trust [HHS2016 #12; RIVM2010]), and the two organisations' officials
        meet in a regular bilateral (``relation_bilateral_per_month``), each pair of them a contact at the calibrated
        ``contact_step``: organisation trust, the mean of its officials' ties, follows. Returns the fixed pairs."""
        ap = self.params.actions
        own = np.flatnonzero((self.staff_org == org_index) & self.staff_active & (self.staff_rank < len(RANKS) - 1))
        if len(own) == 0:
            own = np.flatnonzero((self.staff_org == org_index) & self.staff_active)
        theirs = np.flatnonzero((self.staff_org == partner) & self.staff_active)
        pairs = action_rules.relation_pairs(self.trust, own, theirs, ap.relation_officials)
        if pairs:
            self.relation_investments.append({"org": org_index, "partner": partner, "pairs": pairs, "until": self.month + months})
            code, other = self.organisations[org_index].code, self.organisations[partner].code
            self.log("relation", "log.relation", {"org": code, "partner": other}, org=code, partner=other, months=months)
        return pairs

    def _invested_meetings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """This month's meetings from relationship investments, as (rows, cols, count): the fixed pairs' meetings,
        then the bilaterals held this month (every pair of the two organisations' officials present, once per
        bilateral; officials hired since the investment began take part, those who left do not)."""
        self.relation_investments = [inv for inv in self.relation_investments if inv["until"] >= self.month]
        if not self.relation_investments:
            return None
        ap = self.params.actions
        pairs = np.array([pair for inv in self.relation_investments for pair in inv["pairs"]], dtype=int)
        pairs = pairs[self.staff_active[pairs[:, 0]] & self.staff_active[pairs[:, 1]]]
        counts = self.rng.poisson(ap.relation_meetings_per_month, size=len(pairs))
        held = counts.nonzero()[0]  # pairs that did not meet this month change nothing
        rows, cols, k = [pairs[held, 0]], [pairs[held, 1]], [counts[held]]
        bilaterals = self.rng.poisson(ap.relation_bilateral_per_month, size=len(self.relation_investments))
        for inv, n in zip(self.relation_investments, bilaterals.tolist(), strict=True):
            if n == 0:
                continue
            own = np.flatnonzero((self.staff_org == inv["org"]) & self.staff_active)
            theirs = np.flatnonzero((self.staff_org == inv["partner"]) & self.staff_active)
            a, b = np.repeat(own, len(theirs)), np.tile(theirs, len(own))
            rows.append(a)
            cols.append(b)
            k.append(np.full(len(a), n, dtype=counts.dtype))
        return np.concatenate(rows), np.concatenate(cols), np.concatenate(k)

    def seek_political_cover(self, org_index: int) -> bool:
        """Ask the minister for visible backing of the organisation's joint work [HHS2016 SF6].

        Granted with a chance that rises with urgency; the minister then moves ``cover_gain`` of the way to
        full commitment, and ministers of partners in its active joint work a share ``cover_spillover`` of
        that rise. The rise drifts back to the cabinet's level (``decay_commitment``)."""
        ap = self.params.actions
        org = self.organisations[org_index]
        probability = action_rules.cover_probability(org.urgency, ap.cover_success_base, ap.cover_success_urgency)
        granted = bool(self.rng.random() < probability)
        if granted:
            before = org.political_commitment
            org.political_commitment = action_rules.cover_commitment(before, ap.cover_gain)
            rise = org.political_commitment - before
            partners = {m for i in self.live if i.active and org_index in i.members for m in i.members}
            for other in sorted(partners - {org_index}):
                if other < self.n_departments:
                    partner = self.organisations[other]
                    partner.political_commitment = min(1.0, partner.political_commitment + ap.cover_spillover * rise)
        self.log("political_cover", "log.political_cover_granted" if granted else "log.political_cover_refused", {"org": org.code},
                 org=org.code, granted=granted, probability=round(probability, 3))
        return granted

    def publicise(self, initiative: Initiative) -> int:
        """Make an initiative's new small wins visible: members' ministers gain commitment and its officials
        awareness per win shown (the flywheel [AIG2016; ABD2024 6.3]). Returns the number of wins shown."""
        ap = self.params.actions

        def effect(shown: int) -> None:
            commitment = action_rules.publicity_effect(shown, ap.publicity_max_wins, ap.publicity_commitment)
            awareness = action_rules.publicity_effect(shown, ap.publicity_max_wins, ap.publicity_awareness)
            for org_index in initiative.members:
                org = self.organisations[org_index]
                org.political_commitment = min(1.0, org.political_commitment + commitment)
            staff = np.array(initiative.member_staff, dtype=int)
            self.staff_awareness[staff] = np.minimum(1.0, self.staff_awareness[staff] + awareness)

        return self.work.publicise(initiative.row, ap.publicity_max_wins, effect)

    def commission_evidence(self, org_index: int) -> int:
        """Commission a social cost-benefit analysis: quantified evidence (the quantification lever) counts
        from ``evidence_delay_months`` on [ABD2024 5.3]. Returns the month it starts to count."""
        start = self.month + max(1, self.params.actions.evidence_delay_months)
        self.pending_levers["quantification"] = start
        self.schedule_at_month(start, self._start_pending_lever, "quantification")
        code = self.organisations[org_index].code
        self.log("evidence", "log.evidence", {"org": code}, org=code, start=start)
        return start

    def lobby_for_lever(self, name: str, org_index: int) -> bool:
        """Propose a structural lever to the cabinet; adopted with a chance that follows the cabinet's
        commitment ('gunfactor' [ABD2024 5.6]); an adopted lever starts after ``lever_delay_months``."""
        ap = self.params.actions
        active = [o.political_commitment for o in self.organisations[: self.n_departments] if o.active]
        probability = action_rules.lever_adoption_probability(float(np.mean(active)), ap.lever_adoption_weight)
        adopted = bool(self.rng.random() < probability)
        if adopted:
            start = self.month + max(1, ap.lever_delay_months)
            self.pending_levers[name] = start
            self.schedule_at_month(start, self._start_pending_lever, name)
        code = self.organisations[org_index].code
        self.log("lever_proposal", "log.lever_proposal_adopted" if adopted else "log.lever_proposal_rejected", {"org": code, "lever": name},
                 lever=name, org=self.organisations[org_index].code, adopted=adopted, probability=round(probability, 3))
        return adopted

    def _start_pending_lever(self, name: str) -> None:
        self.pending_levers.pop(name, None)
        self.set_lever(name, True)

    def reinforce(self, initiative: Initiative, months: int) -> None:
        """Put extra staff and money into joint work for ``months``: its progress speeds up by ``reinforce_bonus``."""
        self.work.reinforce(initiative.row, months)

    def scale_down(self, initiative: Initiative) -> None:
        """Lower the collaboration level by one (not below cooperation): less cost, less formality [ABD2024 6.1]."""
        self.work.scale_down(initiative.row)

    def withdraw(self, initiative: Initiative, org_index: int) -> None:
        """An organisation pulls out: the lead ends the work; a partner leaves, a broken commitment [HHS2016]."""
        self.work.withdraw(initiative.row, org_index)
