"""The starting state of a run (a warm start): the relations and the joint work a scenario states under ``initial``.

Without them a run starts from an empty world, and its first year is a start-up transient: joint work has to be
proposed from nothing, and the ladder climbs while officials' first contacts fill the contact memory. With them the
run starts from the situation the sources describe (in 2025 existing relations and accords, strongest between VWS,
SZW and OCW [ABD2024]; in 2008 a programme ministry at work since 2007 [HHS2016]):

- a stated **relation** sets the institutional trust between two organisations (what a newcomer of either starts
  with towards the other) and the trust between their officials in the first month;
- stated **joint work** is opened through the joint-work pipeline (``JointWork.seed``) with its level, age, progress
  and months of project money left; its coordinator and each partner's contact person have met for ``age_months``
  under the contact rule, so their trust is the trust that many months of joint-work meetings build
  (``trust.expected_trust_after_meetings``); its staff time and budget are committed as for any joint work;
- the pairs that met recently (``met_recently``) show on the ladder as ad hoc contact (level 1) from month 0.

A scenario without ``initial`` does none of this and draws no random number: a cold start is the run it always was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from hiap_sim.mechanisms import trust as trust_rules

if TYPE_CHECKING:
    from hiap_sim.scenario.initial import InitialJointWork


class WarmStart:
    """Mixin of ``HiapModel``: sets the stated starting relations and joint work before the first month."""

    def _warm_start(self) -> None:
        initial = self.config.initial
        if initial.empty:
            return
        for relation in initial.relations:
            a, b = (self.org_codes[code] for code in relation.between)
            self.org_baseline[a, b] = self.org_baseline[b, a] = min(1.0, relation.trust * self.config.trust)  # the knob scales every institutional trust
        self._refresh_baseline()
        self.trust[...] = self.baseline  # officials start at their organisations' trust (no contact has happened yet)
        coordinated = np.zeros(self.n_staff, dtype=int)  # seeded work each official coordinates: spread over the lead's staff
        members = [self._seed_members(work, coordinated) for work in initial.joint_work]
        self._replay_joint_work_meetings(initial.joint_work, members)
        for work, (coordinator, partners) in zip(initial.joint_work, members, strict=True):
            strategy = self.organisations[self.org_codes[work.lead]].strategy
            self.work.seed(0, coordinator, self.topic_index[work.topic], partners, work.level, (work.frame or strategy.frame) == "HfaP",
                           work.approach or strategy.approach, work.funding, work.age_months, work.progress, work.months_left)
        self._org_trust, self.org_trust_sums = trust_rules.organisation_trust(self.onehot, self.trust, self.org_pairs, self._org_pair_divisor)
        self._remember_recent_contacts()

    def _seed_members(self, work: InitialJointWork, coordinated: np.ndarray) -> tuple[int, dict[int, int]]:
        """The coordinator (an official of the lead who coordinates the least seeded work, the lowest rank first: most
        ideas come from lower-ranked officials [HHS2016]) and each partner's contact person (the pipeline's rule)."""
        lead = self.org_codes[work.lead]
        staff = np.flatnonzero((self.staff_org == lead) & self.staff_active)
        coordinator = int(staff[np.lexsort((self.staff_rank[staff], coordinated[staff]))[0]])
        coordinated[coordinator] += 1
        return coordinator, {self.org_codes[code]: self.national.contact_person(0, self.org_codes[code], coordinator) for code in work.partners}

    def _replay_joint_work_meetings(self, works: list[InitialJointWork], members: list[tuple[int, dict[int, int]]]) -> None:
        """The coordinator and each partner's contact person have met for the work's age under the contact rule; a pair
        in several pieces of work met in each of them (month by month, as many meeting rates as pieces were under way)."""
        tp, cp = self.params.trust, self.params.contacts
        loyalty = trust_rules.loyalty_factor(np.array([o.loyalty for o in self.organisations]), tp.loyalty_weight)
        ages: dict[tuple[int, int], list[int]] = {}
        for work, (coordinator, partners) in zip(works, members, strict=True):
            for contact in partners.values():
                ages.setdefault((min(coordinator, contact), max(coordinator, contact)), []).append(work.age_months)
        for (a, b), pair_ages in ages.items():
            for i, j in ((a, b), (b, a)):  # both learn, each from the other's loyalty
                value = float(self.trust[i, j])
                for months_before in range(max(pair_ages), 0, -1):
                    under_way = sum(age >= months_before for age in pair_ages)
                    value = trust_rules.expected_trust_after_meetings(
                        value, float(self.baseline[i, j]), 1, under_way * cp.joint_work_meetings, tp.contact_step,
                        float(loyalty[self.staff_org[j]]), tp.decay_per_month, tp.max_meetings_counted or None)
                self.trust[i, j] = value

    def _remember_recent_contacts(self) -> None:
        """Pairs that met before the start count as met in month 0: the ladder shows them at ad hoc (level 1) or above."""
        initial = self.config.initial
        if initial.met_recently == "all":
            active = np.flatnonzero([o.active for o in self.organisations[: self.n_departments]])
            pairs = [(int(a), int(b)) for a in active for b in active if a != b]
        else:
            pairs = [tuple(self.org_codes[c] for c in relation.between) for relation in initial.relations]
            for work in initial.joint_work:
                members = [self.org_codes[work.lead], *(self.org_codes[c] for c in work.partners)]
                pairs += [(a, b) for a in members for b in members if a != b]
        for a, b in pairs:
            self.org_last_contact[a, b] = self.org_last_contact[b, a] = 0
