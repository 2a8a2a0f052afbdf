"""What is observed of the municipalities: who collaborates with public health and how deeply (the survey measure of
[RIVM2010] Table VIII.1), the municipal metrics and the yearly per-municipality table."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from hiap_sim.mechanisms.decisions import REASONS
from hiap_sim.pipeline.table import at_cells, cells
from hiap_sim.scenario.fields import month_label
from hiap_sim.scenario.municipal import MATURITY_STAGES, SECTORS

if TYPE_CHECKING:
    pass


class MunicipalObservation:
    """What is observed of the municipalities: who collaborates with public health and how deeply (the survey measure of"""

    # observation -----------------------------------------------------------------------------------------
    def in_work(self) -> np.ndarray:
        """Officials (municipalities x slots) taking part in active joint work of any kind."""
        table = self.initiatives
        rows = table.active_rows()
        out = np.zeros((self.n_muni, self.n_slots), dtype=bool)
        if len(rows):
            m, slot = self._member_officials(rows)
            out[m, slot] = True
        return out

    def _member_officials(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(municipality, slot) of each member official of each row: coordinators, then partners' contacts."""
        table = self.initiatives
        r, s = cells(table.partners[rows])
        return (np.concatenate([table.group[rows], table.group[rows[r]]]),
                np.concatenate([table.coordinator[rows], table.contact[rows[r], s]]))

    def _by_sector(self, values: np.ndarray, reduce: np.ufunc) -> np.ndarray:
        """``reduce`` (maximum, logical_or) of municipalities x slots over each sector's slots (slots are numbered
        sector by sector): municipalities x sectors."""
        return reduce.reduceat(values, self.sector_starts, axis=1)

    def _collaboration_state(self) -> None:
        """Who works with public health this month, and at what level (for the survey measure)."""
        table = self.initiatives
        rows = table.active_rows()
        self.collab_level[:] = 0
        if len(rows):
            with_ph = (table.lead[rows] == self.ph) | table.partners[rows, self.ph]
            rows = rows[with_ph]
        if len(rows):
            m, slot = self._member_officials(rows)
            r, _ = cells(table.partners[rows])
            self.last_collab[m, slot] = self.month
            at_cells(np.maximum, self.collab_level, m, slot, np.concatenate([table.level[rows], table.level[rows[r]]]))

    def collaborating(self) -> np.ndarray:
        """Officials (municipalities x slots) who collaborate with public health on inequalities (public health
        officials: with any other sector): in active joint work with it now or within the survey's recall."""
        memory = self.params.contacts.collaboration_memory_months
        return (self.month - self.last_collab) <= memory

    def sector_collaboration(self) -> np.ndarray:
        """Share of each sector's officers collaborating with public health, over all municipalities."""
        collab = self.collaborating()[:, self.is_officer]
        sectors = self.slot_sector[self.is_officer]
        return np.array([collab[:, sectors == s].mean() for s in range(self.n_sectors)])

    def sector_levels(self) -> np.ndarray:
        """Deepest level of each sector's collaboration with public health (municipalities x sectors): the level
        of current joint work, 1 for a recent contact only, 0 for none."""
        level = self._by_sector(self.collab_level, np.maximum)  # levels are >= 0
        recent = (self.month - self.last_contact_ph) <= self.params.contacts.collaboration_memory_months
        level = np.where((level == 0) & recent & (self.month > 0), 1, level)
        level[:, self.ph] = (self.collab_level[:, self.health_officers].max(axis=1)) if len(self.health_officers) else 0
        return level

    def metrics(self, month: int) -> dict[str, Any]:
        """The municipal columns of the monthly metrics row (their names and meaning: ``hiap_sim.metrics``)."""
        row: dict[str, Any] = {}
        n = self.n_muni
        row["municipal_maturity_mean"] = float(self.maturity.mean())
        for stage in range(1, 6):
            row[f"municipal_maturity_share_{stage}"] = float((self.maturity == stage).mean())
        row["municipal_alderman_support"] = float(self.support.mean())
        row["municipal_lead_share"] = float(self.has_lead.mean())
        row["municipal_igb_assigned_share"] = float(self.assigned.mean())
        shares = self.sector_collaboration()
        collab = self.collaborating()[:, self.is_officer]
        row["municipal_collab_share"] = float(collab.mean())
        officer_field = np.array(self.sector_field)[self.slot_sector[self.is_officer]]
        for field in ("social", "physical"):
            row[f"municipal_collab_{field}"] = float(collab[:, officer_field == field].mean()) if (officer_field == field).any() else float("nan")
        levels = self.sector_levels()
        others = np.arange(self.n_sectors) != self.ph
        for s, name in enumerate(SECTORS):
            row[f"collab_share_{name}"] = float(shares[s])
        for s, name in enumerate(SECTORS):
            row[f"collab_level_{name}"] = float(levels[:, s].mean())
        pair_levels = levels[:, others]
        for k in range(5):
            row[f"municipal_level_share_{k}"] = float((pair_levels == k).mean())
        conscious_official = self.in_work() & (self.awareness >= self.params.awareness.conscious)  # as in stage_state
        row["municipal_conscious_share"] = float(conscious_official[:, self.is_officer].mean())
        row["municipal_priority_share"] = float(self.sector_priority().mean())
        table = self.initiatives
        c = self.counters
        row["municipal_initiatives_active"] = len(table.active_rows())
        row["municipal_initiatives_new"] = self.month_counts.get("initiatives_new", 0)
        row["municipal_initiatives_completed"] = c.get("initiatives_completed", 0)
        row["municipal_initiatives_abandoned"] = c.get("initiatives_abandoned", 0)
        row["municipal_proposals"] = c.get("proposals", 0)
        asked = c.get("acceptances", 0) + sum(c.get(f"declines_{r}", 0) for r in REASONS)
        row["municipal_acceptance_rate"] = c.get("acceptances", 0) / asked if asked else float("nan")
        for field in ("social", "physical"):
            pick = self.is_officer & (np.array(self.sector_field)[self.slot_sector] == field)
            row[f"municipal_awareness_{field}"] = float(self.awareness[:, pick].mean()) if pick.any() else float("nan")
        row["municipal_grants_held"] = int(self.held.sum())
        row["municipal_grant_budget"] = float(self.grant_amount.sum())
        row["municipal_health_gain"] = float(np.average(1.0 - np.exp(-self.health_arrived), weights=self.population)) if n else float("nan")
        return row

    def snapshot(self, month: int) -> None:
        """Add one row per municipality to the per-municipality table (yearly and at the end)."""
        collab = self.collaborating()
        officers = self.is_officer
        state = self.stage_state()
        others = np.arange(self.n_sectors) != self.ph
        sector_collab = (collab[:, :, None] * (self.onehot * officers[:, None])[None, :, :]).max(axis=1) > 0
        table = self.initiatives
        active = np.bincount(table.group[table.active_rows()], minlength=self.n_muni)
        date = month_label(self.model.config.start, max(month - 1, 0))
        names = self.municipalities.get("name")
        # per municipality as Python numbers (a few array operations for all of them; the rows are built in a loop)
        columns = zip(names, self.size_class, self.population.tolist(), self.maturity.tolist(), self.support.tolist(), self.has_lead.tolist(),
                      self.assigned.tolist(), self.ggd.tolist(), self.urgency.tolist(), self.own_budget.tolist(), self._grant_sums,
                      self.held.sum(axis=1).tolist(), sector_collab[:, others].sum(axis=1).tolist(), collab[:, officers].mean(axis=1).tolist(),
                      state["conscious_sectors"].tolist(), state["priority"].sum(axis=1).tolist(), active.tolist(), self.health_arrived.tolist(),
                      strict=True)
        for (name, size_class, population, maturity, support, has_lead, assigned, ggd, urgency, own_budget, grant_budget, grants_held,
             sectors_collaborating, officers_collaborating, conscious_sectors, priority_sectors, initiatives_active, health) in columns:
            self.table_rows.append({
                "month": month, "date": date, "municipality": name, "size_class": size_class,
                "population": int(population), "maturity": maturity, "stage": MATURITY_STAGES[maturity - 1],
                "alderman_support": round(support, 4), "has_lead": has_lead, "igb_assigned": assigned,
                "ggd_support": round(ggd, 4), "urgency": round(urgency, 4),
                "own_budget_keur": round(own_budget, 2), "grant_budget_keur": round(grant_budget, 2),  # grant_amount summed per municipality
                "grants_held": grants_held,
                "sectors_collaborating": sectors_collaborating,
                "officers_collaborating_share": round(officers_collaborating, 4),
                "conscious_sectors": conscious_sectors,
                "priority_sectors": priority_sectors,
                "initiatives_active": initiatives_active,
                "health_gap_reduction": round(1.0 - math.exp(-health), 6),
            })

    def table(self) -> pd.DataFrame:
        return pd.DataFrame.from_records(self.table_rows)
