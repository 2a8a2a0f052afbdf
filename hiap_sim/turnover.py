"""Turnover and rotation at the national level (spec 4.8): a monthly hazard and rotation by rule for higher ranks;
successors inherit the post, not the ties [HHS2016]; a rotation programme swaps officials between departments."""

from __future__ import annotations

import numpy as np

from hiap_sim.mechanisms import turnover as turnover_rules
from hiap_sim.scenario.schema import RANKS


class NationalTurnover:
    """Turnover and rotation at the national level (spec 4.8): a monthly hazard and rotation by rule for higher ranks;"""

    # 8. turnover and rotation ----------------------------------------------------------------------
    def _turnover(self) -> None:
        """Monthly turnover hazard, and higher ranks rotating by rule [HHS2016] (the rule of
        ``hiap_sim.mechanisms.turnover``, shared with the municipalities)."""
        t = self.params.turnover
        rule = self._rotation_rule
        if rule is None:  # months after which each post rotates by rule (0: never); ranks do not change
            rule = self._rotation_rule = np.array([t.rotation_by_rule_months[r] for r in RANKS])[self.staff_rank]
        gone = turnover_rules.departures(self.streams["turnover"], self.staff_tenure, t.mean_tenure_months, t.boundary_spanning_mean, t.awareness_sd,
                                         rotation_rule=rule, active=self.staff_active)
        if len(gone.leavers):
            self.replace_staff(gone.leavers, gone.boundary, gone.noise)
        if self.lever_active["rotation_programme"]:
            self._rotate()

    def replace_staff(self, leavers: np.ndarray, boundary: np.ndarray, awareness_noise: np.ndarray) -> None:
        """Officials leave; successors inherit the post, not the ties (they start at baseline trust)
        [HHS2016 'changing contact persons']. A coordinator who leaves is replaced only with a chance
        that rises with formalisation, structural money and a programme directorate; otherwise the
        initiative stalls [AIG2016]."""
        w = self.params.work
        self.trust[leavers, :] = self.baseline.take(leavers, axis=0)
        self.trust[:, leavers] = self.baseline.take(leavers, axis=1)
        self.staff_tenure[leavers] = 0
        self.staff_boundary[leavers] = boundary
        self.staff_awareness[leavers] = turnover_rules.starting_awareness(self._org_awareness[self.staff_org[leavers]], awareness_noise)
        self.counters["turnover"] += len(leavers)
        table = self.work.table
        alive = table.alive_rows()
        leaving = set(leavers.tolist())
        self.counters["contact_persons_changed"] += sum(1 for c in table.contact.take(alive, axis=0)[table.partners.take(alive, axis=0)].tolist() if c in leaving)
        rows = np.array([r for r, c in zip(alive.tolist(), table.coordinator[alive].tolist(), strict=True) if c in leaving], dtype=np.int64)
        if len(rows):
            takeover = turnover_rules.takeover_chance(w.takeover_probability, w.takeover_bonus_formal, table.level[rows],
                                                      np.where(table.funding[rows] > 0, w.takeover_bonus_structural, 0.0),  # structural or population money
                                                      w.programme_takeover_bonus * self.lever_strength("programme_directorate"))
            volunteer_led = ~self.is_department[table.lead[rows]]
            takeover = np.where(volunteer_led, takeover * self.config.pledges.takeover_factor, takeover)
            self.work.coordinators_leave(rows, takeover)

    def _rotate(self) -> None:
        """Job swaps between departments: people keep their ties and gain boundary spanning [HHS2016 #39]."""
        lever = self.config.levers.rotation_programme
        t = self.params.turnover
        table = self.work.table
        alive = table.alive_rows()
        busy = set(table.coordinator[alive].tolist()) | set(table.contact[alive][table.partners[alive]].tolist())
        eligible = [i for i in np.flatnonzero(self.staff_active & self.is_department[self.staff_org]) if i not in busy]
        swaps = self.rng.poisson(lever.rate_per_year / 12.0 * len(eligible) / 2.0)
        for _ in range(swaps):
            if len(eligible) < 2:
                break
            a, b = self.rng.choice(eligible, size=2, replace=False)
            if self.staff_org[a] == self.staff_org[b] or self.staff_rank[a] != self.staff_rank[b]:
                continue
            self.staff_org[a], self.staff_org[b] = self.staff_org[b], self.staff_org[a]
            self.staff_boundary[[a, b]] = np.minimum(1.0, self.staff_boundary[[a, b]] + t.rotation_boundary_gain)
            self.counters["rotations"] += 1
        if swaps:
            self._refresh_structure()
