"""The world of the national level (spec 2.6, step 1 of section 3): cabinets and early falls, crises, budget cuts,
reorganisations and structural levers, scheduled as Mesa events; drawn from the world's own streams so two runs
that differ only in decisions face the same world (common random numbers)."""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, Any

import numpy as np

from hiap_sim.mechanisms import politics as politics_rules
from hiap_sim.scenario.defaults import CRISIS_THEMES
from hiap_sim.scenario.schema import THEMES, Levers

LEVERS = tuple(Levers.model_fields)  # the structural levers: one definition, the scenario schema

if TYPE_CHECKING:
    pass


class WorldEvents:
    """The world of the national level (spec 2.6, step 1 of section 3): cabinets and early falls, crises, budget cuts,"""

    def _schedule_world(self) -> None:
        sc = self.config
        for change in sc.politics.cabinet_changes:
            self.schedule_at_month(self.month_of(change), self.cabinet_change, "scheduled")
        last = max([self.month_of(c) for c in sc.politics.cabinet_changes], default=1)
        self._schedule_regular_cabinet(last + sc.politics.cabinet_term_months)
        for crisis in sc.crises.scheduled:
            self.schedule_at_month(self.month_of(crisis.date), self.start_crisis, crisis.kind, crisis.size, crisis.half_life_months, tuple(crisis.departments))
        for cut in sc.budget_cuts:
            self.schedule_at_month(self.month_of(cut.date), self.budget_cut, tuple(cut.departments), cut.fraction)
        for reorg in sc.reorganisations:
            self.schedule_at_month(self.month_of(reorg.date), self.reorganise, tuple(reorg.moves.items()))
        for code, spec in sc.departments.items():
            if spec.active_from is not None and self.month_of(spec.active_from) > 1:
                self.schedule_at_month(self.month_of(spec.active_from), self.set_department_active, code, True)
            if spec.active_until is not None:
                self.schedule_at_month(self.month_of(spec.active_until) + 1, self.set_department_active, code, False)
        for name in LEVERS:
            self.apply_lever_dates(name)
        self._schedule_world_draws()

    def apply_lever_dates(self, name: str) -> None:
        """Schedule a lever's start and end from the scenario (levers without a start begin at once)."""
        lever = getattr(self.config.levers, name)
        if not lever.enabled:
            return
        start = 1 if lever.start is None else self.month_of(lever.start)
        if start <= 1:
            self.set_lever(name, True)
        else:
            self.schedule_at_month(start, self.set_lever, name, True)
        if lever.end is not None:
            self.schedule_at_month(self.month_of(lever.end) + 1, self.set_lever, name, False)

    def _schedule_regular_cabinet(self, month: int) -> None:
        callback = functools.partial(self.cabinet_change, "regular")
        self._callbacks.append(callback)
        if 1 <= month <= self.horizon:
            self.next_cabinet_event = self.schedule_event(callback, at=month - 0.5)
        else:
            self.next_cabinet_event = None

    def _schedule_world_draws(self) -> None:
        """Early cabinet falls and random crises: drawn for every month of the horizon at the start, a fixed
        number of draws per month (common random numbers), and scheduled as events in the months they occur."""
        sc = self.config
        falls = self.streams["cabinet_falls"].random(self.horizon)  # one uniform per month 1..horizon (a prefix of a longer run's)
        last_scheduled = max((self.month_of(c) for c in sc.politics.cabinet_changes), default=0)
        for month in (falls < sc.politics.early_fall_per_month).nonzero()[0] + 1:
            if month > max(last_scheduled, 1):  # not in the first month, nor while a scheduled change lies ahead
                self.schedule_at_month(int(month), self.cabinet_change, "early fall")
        rng = self.streams["crises"]
        kinds = ("industrial_pollution", "pfas", "gas_extraction", "pandemic", "other")
        # month by month, a fixed number of draws per crisis: a shorter run sees the same crises in its months
        for month in range(1, self.horizon + 1):
            for _ in range(rng.poisson(sc.crises.random_per_year / 12.0)):
                economic = rng.random() < sc.crises.economic_share
                kind = "economic" if economic else kinds[int(rng.integers(len(kinds)))]
                size = min(max(float(rng.exponential(sc.crises.random_size)), 0.05), 1.0)
                self.schedule_at_month(month, self.start_crisis, kind, size, sc.crises.random_half_life_months, ())

    def log(self, kind: str, key: str, values: dict[str, Any], **detail: Any) -> None:
        """Add an event to the event log: its message ``key`` with ``values`` (rendered at the edge,
        ``hiap_sim.text``) and the structured ``detail``."""
        month = max(int(math.ceil(self.time)), 1) if self.time > 0 else 1
        self.event_log.add(month, kind, key, values, detail)

    def cabinet_change(self, cause: str) -> None:
        """A new cabinet: ministers' commitment is redrawn; sharp drops make partners renege [HHS2016]."""
        sc = self.config
        month = int(math.ceil(self.time))
        if cause != "regular" and self.next_cabinet_event is not None:
            self.next_cabinet_event.cancel()
        self._schedule_regular_cabinet(month + sc.politics.cabinet_term_months)
        draws = politics_rules.draw_commitments(self.streams["politics"], self.n_departments, sc.politics, sc.political_commitment)
        old = {}
        for org in self.organisations[: self.n_departments]:
            old[org.index] = org.political_commitment
            org.political_commitment = float(draws[org.index])
            org.cabinet_commitment = org.political_commitment
        self.log("cabinet", "log.cabinet", {"cause": cause, "mean": float(draws.mean())}, cause=cause)
        quant = self.lever_strength("quantification")
        table = self.work.table
        for row in table.alive_rows().tolist():
            for org_index in table.members(row):
                if org_index >= self.n_departments or org_index in self.player_orgs:
                    continue
                new = self.organisations[org_index].political_commitment
                chance = sc.politics.renege_probability * (1.0 - sc.politics.evidence_renege_reduction * quant)
                if politics_rules.reneges(old[org_index], new, sc.politics.renege_drop) and self.rng.random() < chance:
                    self.work.leave(row, org_index, "election", broken=True)

    def start_crisis(self, kind: str, size: float, half_life: float, departments: tuple[str, ...]) -> None:
        """A crisis: an urgency shock on the departments it touches (or, if economic, a fall in urgency)."""
        if departments:
            touched = [self.org_codes[c] for c in departments]
        else:
            themes = CRISIS_THEMES[kind]
            touched = [
                o.index for o in self.organisations[: self.n_departments]
                if any(self.config.departments[o.code].priorities.get(t, 0) >= 0.5 for t in themes)
            ]
        month = max(int(math.ceil(self.time)), 1)
        topics = [i for i in range(len(self.topic_names)) if any(self.topic_themes[i, THEMES.index(t)] >= 0.6 for t in CRISIS_THEMES[kind])]
        self.crises.append({"kind": kind, "size": size, "half_life": half_life, "start": month,
                            "touched": np.array(touched, dtype=np.int64), "topics": topics})
        codes = [self.organisations[i].code for i in touched]
        self.log("crisis", "log.crisis", {"crisis": kind, "size": size, "departments": tuple(codes)}, crisis=kind, size=round(size, 3), departments=codes)

    def budget_cut(self, departments: tuple[str, ...], fraction: float) -> None:
        """Cut budgets for joint work; departments become defensive [HHS2016 #21]."""
        codes = departments or tuple(o.code for o in self.organisations[: self.n_departments])
        for code in codes:
            org = self.organisations[self.org_codes[code]]
            org.budget *= 1.0 - fraction
        self.log("budget_cut", "log.budget_cut", {"fraction": fraction, "departments": tuple(codes)}, fraction=fraction, departments=list(codes))

    def set_department_active(self, code: str, active: bool) -> None:
        org = self.organisations[self.org_codes[code]]
        org.active = active
        self.staff_active[self.staff_org == org.index] = active
        self._refresh_structure()
        self.log("reorganisation", "log.department_starts" if active else "log.department_ends", {"department": code}, department=code)
        if self.mandates:
            self.refresh_mandates()

    def reorganise(self, moves: tuple[tuple[str, str], ...]) -> None:
        """Ministries merge: staff (with their ties), capacity, budget and joint work move to the target department;
        a programme ministry's mandate does not (``refresh_mandates``)."""
        mapping = {self.org_codes[a]: self.org_codes[b] for a, b in moves}

        def final(org: int) -> int:
            """Where an organisation ends up: a chain of moves (A to B, B to C) is followed to its end."""
            seen = {org}
            while org in mapping and mapping[org] not in seen:
                org = mapping[org]
                seen.add(org)
            return org

        for source in mapping:
            target = final(source)
            self.staff_org[self.staff_org == source] = target
            self.organisations[source].active = False
            self.organisations[target].capacity_fte += self.organisations[source].capacity_fte
            self.organisations[target].budget += self.organisations[source].budget
            self.organisations[target].initial_budget += self.organisations[source].initial_budget
        for source in mapping:
            self.organisations[final(source)].active = True
        self.staff_active = np.array([self.organisations[o].active for o in self.staff_org])
        self._refresh_structure()
        work = self.work
        table = work.table
        for row in table.alive_rows().tolist():
            active = table.is_active(row)
            if active:  # the staff time and money committed move with the work to its new members
                work.commit(row, -1)
            old_lead, topic = int(table.lead[row]), int(table.topic[row])
            lead = final(old_lead)
            table.lead[row] = lead
            if lead != old_lead:  # the new lead's own work on the topic, if it has some, stays the one new proposals join
                work.alive_index.close((0, old_lead, topic), row)
                work.alive_index.shadow((0, lead, topic), row)
            partners = {}
            for org_index in table.partner_list(row):
                target = final(org_index)
                if target != lead:
                    partners.setdefault(target, int(table.contact[row, org_index]))
            table.partners[row] = False
            table.contact[row] = -1
            for org_index, contact in partners.items():
                table.partners[row, org_index] = True
                table.contact[row, org_index] = contact
            if active:
                work.commit(row, +1)
            if not partners:
                work.end(row, "abandoned", "reorganisation")
        self.log("reorganisation", "log.reorganisation", {"moves": tuple(moves)})
        if self.mandates:
            self.refresh_mandates()  # staff moved; the mandate does not move with them

    def _build_mandates(self) -> None:
        """Programme ministries' mandates [HHS2016]: which departments hold one, on which topics."""
        self.mandates = [(self.org_codes[code], spec.mandate, [self.topic_index[t] for t in spec.mandate.topics])
                         for code, spec in self.config.departments.items() if spec.mandate.topics]
        self.mandate_topic_mask = np.zeros(len(self.topic_names), dtype=bool)  # topics of any mandate in the scenario
        for _, _, topics in self.mandates:
            self.mandate_topic_mask[topics] = True
        self.mandate_holders: dict[int, int | None] = {}
        self.mandate_portfolios: dict[int, list[int]] = {}  # holder -> topics of the portfolios it pursues (``Mandate.portfolio``)
        self.refresh_mandates()

    def refresh_mandates(self) -> None:
        """Who holds each mandate now, and what it adds per topic (cover, steering), per holder (urgency) and to the
        holder's focus topics (the portfolio, ``Mandate.portfolio``).

        A mandate belongs to its ministry: while the ministry exists, it holds it; once the ministry is gone, a
        successor lever that is active (a programme directorate, a coordinating minister) takes it over at the
        coordinator, else it lapses -- staff who moved with a merger do not carry it ('the flow went out of it'
        [HHS2016])."""
        n_topics = len(self.topic_names)
        portfolios: dict[int, list[int]] = {}  # holder -> the topics of the portfolios it pursues
        self.mandate_cover = np.zeros(n_topics)
        self.mandate_steering = np.zeros(n_topics)
        self.mandate_urgency = np.zeros(self.n_org)
        weight = self.params.decisions.political_lever_weight
        for org_index, mandate, topics in self.mandates:
            if self.organisations[org_index].active:
                holder: int | None = org_index
            elif any(self.lever_active[name] for name in mandate.successors):
                holder = self.coordinator_org
            else:
                holder = None
            before = self.mandate_holders.get(org_index, org_index)
            self.mandate_holders[org_index] = holder
            if holder != before:
                code = self.organisations[org_index].code
                held_by = None if holder is None else self.organisations[holder].code
                key, values = ("log.mandate_lapses", {"department": code}) if held_by is None else ("log.mandate_held", {"department": code, "holder": held_by})
                self.log("mandate", key, values, department=code, holder=held_by)
            if holder is None:
                continue
            self.mandate_cover[topics] = np.maximum(self.mandate_cover[topics], mandate.cover)
            self.mandate_steering[topics] = np.maximum(self.mandate_steering[topics], weight * mandate.steering)
            self.mandate_urgency[holder] = max(self.mandate_urgency[holder], mandate.urgency)
            if mandate.portfolio:
                held = portfolios.setdefault(holder, [])
                held.extend(t for t in topics if t not in held)
        changed = {org for org in portfolios.keys() | self.mandate_portfolios.keys() if portfolios.get(org) != self.mandate_portfolios.get(org)}
        self.mandate_portfolios = portfolios
        for org in changed:  # the holder's focus now includes (or no longer includes) the portfolio's topics
            self.organisations[org].refocus()

    def set_lever(self, name: str, on: bool) -> None:
        """Switch a structural lever on or off (scenario dates, game actions)."""
        if self.lever_active[name] == on:
            return
        self.lever_active[name] = on
        lever = getattr(self.config.levers, name)
        coord = self.organisations[self.coordinator_org]
        if name == "programme_directorate":
            sign = 1.0 if on else -1.0
            coord.capacity_fte += sign * lever.extra_fte
            coord.budget += sign * lever.extra_budget * self.config.budget
            coord.initial_budget += sign * lever.extra_budget * self.config.budget
        self.log("lever", "log.lever_starts" if on else "log.lever_ends", {"lever": name}, lever=name)
        if self.mandates:
            self.refresh_mandates()

    def lever_strength(self, name: str) -> float:
        return getattr(self.config.levers, name).strength if self.lever_active[name] else 0.0
